// Package web is hrbot's console: server-rendered pages for the people who
// run the shop (HR, managers, owners) and for every employee, signed in by
// a one-time link from chat, by Telegram's Mini App or by WeCom's OAuth
// when opened inside WeCom. Handlers are thin:
// they read the form, call the same core services chat calls (so the same
// permissions, audit rows with channel "web" and notifications follow) and
// render a template. Assets and templates are embedded in the binary.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/leaving/certificate"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/staff"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/transfer"
	"github.com/hrbot/hrbot/knowledgebase"
	"github.com/hrbot/hrbot/render"
)

// Config is what the console serves from. Services left nil turn their
// pages off.
type Config struct {
	SignIn     *signin.Service
	Directory  *core.Directory
	Attendance *attendance.Service
	Leave      *leave.Service
	// Staff hires, edits and offboards people and imports the staff list.
	Staff *staff.Service
	// Setup exports the org as an org file and imports one (Settings).
	Setup *orgfile.Setup
	// SetupToken, when set, offers the setup of a first shop at
	// /setup/TOKEN while HasOrgs says there is none.
	SetupToken string
	HasOrgs    func(ctx context.Context) (bool, error)
	// Payroll: HR's runs (/payroll) and everyone's own payslips
	// (/me/payslips).
	Payroll *payroll.Service
	// Reports: the reports chat's /report offers (/reports). Charts draws
	// their charts; nil, or without a font, the pages show tables only.
	Reports *reports.Service
	Charts  *render.Renderer
	// Audit: the org's audit log for HR (/audit).
	Audit *core.AuditLog
	// Knowledge is the handbook: HR's documents, uploads and the
	// questions it did not answer (/handbook).
	Knowledge *knowledgebase.Service
	// Training is quizzes and skills (/training, /me/skills).
	Training *training.Service
	// Cover is the cover pool: requests, offers and who helped (/cover).
	Cover *cover.Pool
	// Documents are the files people sent for their requests, downloaded
	// by whoever may open them (/documents/ID, linked from Today).
	Documents *documents.Service
	// Onboarding is new people's checklists: HR's list (/onboarding)
	// and the section of the person page.
	Onboarding *onboarding.Service
	// Files are people's files: on the person page and /me/file.
	Files *personfile.Service
	// Contracts: HR's list of contracts needing attention (/contracts),
	// the add/edit form, and the Contracts section of a person's page.
	Contracts *contracts.Service
	// Transfers (调岗): the list to approve (/transfers), and each person
	// page's job history and transfer form.
	Transfers *transfer.Service
	// Leaving (离职): a person's resignation (/me/resign), the list to
	// approve (/resignations), and HR ending employment on a person page.
	Leaving *leaving.Service
	// Certificates: a person's termination certificate (离职证明) for HR,
	// to print or as the PDF Letters draws (nil, or without a font: the
	// page to print only); the person page links to it.
	Certificates *certificate.Service
	Letters      *render.Renderer
	// Jobs: the org's jobs and their descriptions (/jobs, /jobs/{key})
	// for everyone, HR's editor (/jobs/{key}/edit).
	Jobs *jobs.Service
	// Recruiting (招聘): the openings and the form that opens one
	// (/recruiting), each opening's board, and the funnel report.
	Recruiting *recruiting.Service
	// PerfMetrics imports business numbers for performance reviews
	// (CSAT, response time, orders handled) and lists the last imports
	// (/perf/import, HR).
	PerfMetrics *perf.Metrics
	// Perf (绩效): HR's review cycles (/perf), a cycle's progress and
	// calibration, one review with its facts and forms, everyone's own
	// reviews (/me/reviews), a person's notes and goals.
	Perf *perf.Service
	// Words writes leave, shifts and refusals as chat does (a *bot.Bot).
	Words WordsMaker
	// PublicURL is where people reach hrbot; sign-in links start with it.
	PublicURL string
	// TelegramWebApp checks a Telegram Mini App's signed initData and
	// returns the Telegram user id it vouches for; nil turns the Mini App
	// sign-in off.
	TelegramWebApp func(initData string) (userID string, err error)
	// WeCom signs in members who open the console inside WeCom
	// (/wecom/app), through WeCom's OAuth; nil turns it off.
	WeCom  WeComOAuth
	Clock  core.Clock
	Logger *slog.Logger

	// WeComSync and WeComDaily are the WeCom sync for HR (/people/wecom):
	// the directory previewed and applied, check-ins imported, the daily
	// job's switches; nil turns the page off.
	WeComSync  WeComSync
	WeComDaily *dirsync.Service
}

// WordsMaker gives the bot's words for one reader.
type WordsMaker interface {
	WordsFor(m core.Member, loc core.Locale) bot.Words
}

// Console serves the web console.
type Console struct {
	cfg   Config
	pages *pages
	mux   *http.ServeMux
	nav   []navItem
	zones core.Zones
}

// New parses the templates and routes the pages.
func New(cfg Config) (*Console, error) {
	if cfg.SignIn == nil || cfg.Directory == nil || cfg.Words == nil {
		return nil, errors.New("web: SignIn, Directory and Words are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	c := &Console{cfg: cfg, pages: p, mux: http.NewServeMux()}
	c.routes()
	return c, nil
}

// ServeHTTP serves every console page with the security headers all pages
// share.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	frames := "'none'"
	if strings.HasPrefix(r.URL.Path, "/tg/") {
		frames = "https://web.telegram.org" // Telegram's web client shows Mini Apps in a frame
	}
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "+frames)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if frames == "'none'" {
		h.Set("X-Frame-Options", "DENY")
	}
	c.mux.ServeHTTP(w, r)
}

// Links makes one-time sign-in links to the console at PublicURL; bot's
// /web sends them. It needs no running console, so `hrbot chat` can
// print a link for the `hrbot serve` beside it.
type Links struct {
	SignIn    *signin.Service
	PublicURL string
}

// SignInLink makes a one-time link that signs m in.
func (l Links) SignInLink(ctx context.Context, m core.Member, via core.Platform) (string, time.Time, error) {
	token, link, err := l.SignIn.NewLink(ctx, m, string(via))
	if err != nil {
		return "", time.Time{}, err
	}
	return strings.TrimRight(l.PublicURL, "/") + "/signin/" + url.PathEscape(token), link.ExpiresAt, nil
}

// routes registers every page. A feature's pages are registered by its own
// file (today.go, me.go, …).
func (c *Console) routes() {
	c.mux.Handle("GET /assets/", assetHandler())
	c.mux.HandleFunc("GET /{$}", c.front)
	c.routeSignIn()
	c.routeToday()
	c.routeMe()
	c.routePeople()
	c.routeSettings()
	c.routeSetup()
	c.routeWelcome()
	c.routePayroll()
	c.routePayProfiles()
	c.routeReports()
	c.routeAudit()
	c.routeLeave()
	c.routeHandbook()
	c.routeTraining()
	c.routeCover()
	c.routeRota()
	c.routeWeCom()
	c.routeDocuments()
	c.routeWeComSync()
	c.routeOnboarding()
	c.routeFiles()
	c.routeContracts()
	c.routeTransfers()
	c.routeLeaving()
	c.routeCertificates()
	c.routeJobs()
	c.routeRecruiting()
	c.routePerfImport()
	c.routePerf()
	c.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		c.plain(w, r, http.StatusNotFound, "web.not_found")
	})
}

// front sends a signed-in person to their home page and anyone else to
// the page that says how to sign in.
func (c *Console) front(w http.ResponseWriter, r *http.Request) {
	rq, ok := c.session(w, r)
	if !ok {
		if c.firstRun(r.Context()) {
			c.plain(w, r, http.StatusOK, "web.no_shop")
			return
		}
		c.plain(w, r, http.StatusOK, "web.signed_out")
		return
	}
	http.Redirect(w, r, c.home(rq.m), http.StatusSeeOther)
}

// home is where a person lands: Today for those who run things, their
// own month for everyone else.
func (c *Console) home(m core.Member) string {
	if core.Authorize(m, core.ActionAttendanceTeam, nil) == nil && c.cfg.Attendance != nil {
		return "/today"
	}
	return "/me"
}

// logError logs a failure without anything a person typed.
func (c *Console) logError(r *http.Request, what string, err error) {
	c.cfg.Logger.Error("web", "what", what, "path", r.Pattern, "err", fmt.Sprint(err))
}
