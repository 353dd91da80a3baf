package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/cover"
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
	"github.com/hrbot/hrbot/render/chart"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
	"github.com/hrbot/hrbot/web"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testOrg is a shop with a manager, HR, and employees on shifts.
const testOrg = `
orgs:
  - key: shop
    name: 鲜果小铺 Fresh Fruit
    time_zone: Asia/Shanghai
    locale: zh-CN
    teams:
      - {key: cs, name: 客服组 Customer service}
      - {key: ops, name: 运营组 Operations}
    shifts:
      - {key: cs-early, name: 客服早班 CS early, start: "09:00", end: "18:00", job: customer-service}
      - {key: cs-late, name: 客服晚班 CS late, start: "14:00", end: "23:00", job: customer-service}
    schedules:
      - key: cs-week
        name: 客服周班 CS week
        start: 2026-11-02
        weeks:
          - {mon: cs-early, tue: cs-early, wed: cs-early, thu: cs-early, fri: cs-early}
    leave_types:
      - {key: annual, name: 年假 Annual leave, aliases: [年假, annual], unit: half_day, accrual: fixed, entitlement_days: 10}
    employees:
      - {key: wang, name: 王磊 Wang Lei, role: manager, job: ops, team: ops}
      - {key: zhao, name: 赵敏 Zhao Min, role: hr, manager: wang, locale: zh-CN}
      - {key: alice, name: 李爱丽 Alice Li, role: employee, job: customer-service, team: cs, manager: wang, locale: en, schedule: cs-week, telegram: "111"}
      - {key: sun, name: 孙悦 Sun Yue, role: employee, job: customer-service, team: cs, manager: wang, schedule: cs-week}
      - {key: gone, name: 离职 Gone, status: left}
`

// fixture is the console over a fresh database with testOrg applied,
// served on loopback, and the bot beside it on the same database.
type fixture struct {
	t       testing.TB
	db      *store.DB
	clock   *testClock
	bot     *bot.Bot
	signIn  *signin.Service
	dir     *core.Directory
	leave   *leave.Service
	payroll *payroll.Service
	kb      *knowledgebase.Service
	train   *training.Service
	covers  *cover.Pool
	docs    *documents.Service
	onboard *onboarding.Service
	moves   *transfer.Service
	leaving *leaving.Service
	recruit *recruiting.Service
	srv     *httptest.Server
	console *web.Console
	cfg     web.Config
}

// consoleConfig is the fixture's console configuration changed by mod.
func (f *fixture) consoleConfig(mod func(*web.Config)) web.Config {
	cfg := f.cfg
	mod(&cfg)
	return cfg
}

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// telegramToken is the bot token the Mini App's data is signed with.
const telegramToken = "123456:test-token"

// monday0830 is a working Monday morning in Shanghai.
var monday0830 = time.Date(2026, 11, 30, 0, 30, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, testOrg)
}

// newFixtureWith is a fixture over the org file orgYAML.
func newFixtureWith(t testing.TB, orgYAML string) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	spec, err := orgfile.Parse("test.yaml", []byte(orgYAML))
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: monday0830}
	if _, err := orgfile.NewSetup(store.NewSetup(db), clock).Apply(ctx, spec, "test.yaml"); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db, clock: clock}
	f.dir = core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), f.dir, clock)
	f.leave = leave.NewService(store.NewLeaves(db), att, f.dir, clock)
	f.signIn = signin.NewService(store.NewSignIns(db), clock)
	f.payroll = payroll.NewService(store.NewPayroll(db), att, f.dir, clock).WithTax(store.NewPayroll(db))
	reps := reports.NewService(store.NewReports(db), att, f.leave, f.dir, reports.WithClock(clock))
	f.kb = knowledgebase.New(knowledgebase.Config{Store: store.NewKnowledge(db), Clock: clock, Auth: f.dir})
	f.train = training.NewService(store.NewTraining(db), f.dir, clock)
	f.docs = documents.NewService(store.NewDocuments(db), f.leave, f.dir, clock)
	f.covers = &cover.Pool{Service: cover.NewService(store.NewCovers(db), att, f.dir, clock), Reports: store.NewCovers(db),
		Events: store.NewEvents(db), Outbox: &keptOutbox{}, Auth: f.dir, Clock: clock}
	f.onboard = onboarding.NewService(store.NewOnboarding(db), store.NewEvents(db), nil, f.dir, clock)
	contractSvc := contracts.NewService(store.NewContracts(db), f.dir, clock)
	f.moves = transfer.NewService(store.NewTransfers(db), att, f.dir, clock)
	f.leaving = leaving.NewService(store.NewLeavings(db), att, store.NewLeavings(db), f.dir, clock)
	f.recruit = recruiting.NewService(store.NewRecruiting(db), f.dir, &keptOutbox{}, clock)
	f.srv = httptest.NewUnstartedServer(nil)
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	links := web.Links{SignIn: f.signIn, PublicURL: f.srv.URL}
	files := personfile.NewService(store.NewPersonFiles(db), f.dir, clock).WithBalances(f.leave)
	certs := certificate.NewService(store.NewCertificates(db), f.dir, clock)
	f.bot = bot.New(bot.Config{Directory: f.dir, Attendance: att, Leave: f.leave, Inbox: store.NewOutbox(db),
		Conversations: store.NewConversations(db), Clock: clock, Console: links,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
		Desks: bot.Desks{Payroll: f.payroll, Reports: reps, Render: testCharts(t), Knowledge: f.kb, Files: files,
			Training: &training.Desk{Service: f.train, Store: store.NewTraining(db), Audience: store.NewAudience(db), Reminders: store.NewTraining(db), Outbox: &keptOutbox{}, Clock: clock}, Contracts: contractSvc, Transfers: f.moves,
			Certificates: certs, Letters: testCharts(t)}})
	f.cfg = web.Config{SignIn: f.signIn, Directory: f.dir, Attendance: att, Leave: f.leave, Words: f.bot,
		Payroll: f.payroll, Reports: reps, Charts: testCharts(t), Audit: core.NewAuditLog(db, f.dir),
		Knowledge: f.kb, Training: f.train, Cover: f.covers, Documents: f.docs, Onboarding: f.onboard, Files: files, Contracts: contractSvc, Transfers: f.moves, Leaving: f.leaving,
		Certificates: certs, Letters: testCharts(t), Recruiting: f.recruit,
		Setup:     orgfile.NewSetup(store.NewSetup(db), clock).WithAuthorizer(f.dir),
		Staff:     staff.NewService(store.NewStaff(db), f.dir, clock).WithBuiltinJobs(i18n.New().BuiltinJobs()),
		PublicURL: f.srv.URL, Clock: clock, TelegramWebApp: func(initData string) (string, error) {
			u, err := telegram.VerifyInitData(telegramToken, initData, clock.Now(), telegram.WebAppMaxAge)
			return strconv.FormatInt(u.ID, 10), err
		}}
	f.cfg.Jobs = jobs.NewService(store.NewJobs(db), f.dir, clock)
	f.cfg.PerfMetrics = perf.NewMetrics(store.NewPerfMetrics(db), f.dir, clock)
	f.cfg.Perf = perf.NewService(store.NewPerf(db), store.NewJobs(db), perf.NewFacter(store.NewPerfFacts(db), att, f.leave, clock),
		store.NewPerf(db), f.dir, nil, clock)
	f.console, err = web.New(f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = f.console
	return f
}

// chat sends text as person on the console chat and returns the replies.
func (f *fixture) chat(person, text string) string {
	f.t.Helper()
	return f.say(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person, Private: true, Text: text})
}

// chatAs sends text from a chat account on platform and returns the replies.
func (f *fixture) chatAs(platform core.Platform, userID, text string) string {
	f.t.Helper()
	return f.say(bot.Incoming{Platform: platform, ChatID: userID, UserID: userID,
		Private: true, Text: text, DeliveryID: fmt.Sprintf("%s-%d", userID, time.Now().UnixNano())})
}

// say hands in to the bot and returns its replies' text, one a line.
func (f *fixture) say(in bot.Incoming) string {
	f.t.Helper()
	replies, err := f.bot.Handle(context.Background(), in)
	if err != nil {
		f.t.Fatalf("chat %q: %v", in.Text, err)
	}
	var out []string
	for _, r := range replies {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

// link asks for a sign-in link in chat, as a person would, and returns it.
func (f *fixture) link(person string) string {
	f.t.Helper()
	reply := f.chat(person, "/web")
	i := strings.Index(reply, f.srv.URL+"/signin/")
	if i < 0 {
		f.t.Fatalf("/web answered %q, with no link", reply)
	}
	return strings.Fields(reply[i:])[0]
}

// count runs a counting query.
func (f *fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// member is person as the directory knows them.
func (f *fixture) member(person string) core.Member {
	f.t.Helper()
	m, err := f.dir.Identify(context.Background(), core.PlatformConsole, "shop/"+person)
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

// askLeave has person ask for a day of annual leave on day, through the
// service chat uses, and returns the request's id.
func (f *fixture) askLeave(person string, day core.Date) int64 {
	f.t.Helper()
	r, _, err := f.leave.Submit(context.Background(), f.member(person),
		leave.Ask{Type: "annual", Span: leave.Span{From: day, To: day, FromPart: leave.FullDay, ToPart: leave.FullDay}}, "console")
	if err != nil {
		f.t.Fatal(err)
	}
	return r.ID
}

// notificationsTo lists the kinds of notifications written for person.
func (f *fixture) notificationsTo(person string) []string {
	f.t.Helper()
	rows, err := f.db.Pool().Query(context.Background(), `
		SELECT n.kind FROM notifications n JOIN employees e ON e.id = n.recipient_id WHERE e.key = $1 ORDER BY n.id`, person)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var kinds []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			f.t.Fatal(err)
		}
		kinds = append(kinds, k)
	}
	return kinds
}

// audited counts audit rows of action with outcome and channel web.
func (f *fixture) audited(action, outcome string) int {
	f.t.Helper()
	return f.count(`SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = $2 AND channel = 'web'`, action, outcome)
}

// rendered is a notification as chat would show it.
type rendered struct {
	text    string
	actions []string // the buttons' action ids
}

// renderLatestNotification renders person's latest notification with the
// bot, as the delivery queue would for their chat.
func (f *fixture) renderLatestNotification(person string) rendered {
	f.t.Helper()
	var id int64
	if err := f.db.Pool().QueryRow(context.Background(), `
		SELECT n.id FROM notifications n JOIN employees e ON e.id = n.recipient_id WHERE e.key = $1 ORDER BY n.id DESC LIMIT 1`,
		person).Scan(&id); err != nil {
		f.t.Fatalf("no notification for %s: %v", person, err)
	}
	replies, err := f.bot.Render(context.Background(), core.PlatformConsole, "shop/"+person,
		bot.Notice{Kind: bot.NoticeNotification, Params: map[string]string{"id": strconv.FormatInt(id, 10)}})
	if err != nil {
		f.t.Fatal(err)
	}
	var out rendered
	for _, r := range replies {
		out.text += r.Text
		for _, row := range r.Buttons {
			for _, b := range row {
				out.actions = append(out.actions, b.ActionID)
			}
		}
	}
	return out
}

func newJar(t testing.TB) http.CookieJar {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return jar
}

// client is an HTTP client signed in as person, for downloads and for
// requests a browser would not make.
func (f *fixture) client(person string) *http.Client {
	f.t.Helper()
	c := &http.Client{Jar: newJar(f.t)}
	link := f.link(person)
	resp, err := c.PostForm(f.srv.URL+"/signin", url.Values{"token": {link[strings.LastIndex(link, "/")+1:]}})
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("sign in as %s: %s", person, resp.Status)
	}
	return c
}

var (
	chartsOnce sync.Once
	charts     *render.Renderer
)

// testCharts is the chart renderer, its font loaded once for all tests
// (scripts/test.sh installs fonts-wqy-microhei); without one, reports
// have tables only and the tests that draw charts say so.
func testCharts(testing.TB) *render.Renderer {
	chartsOnce.Do(func() {
		f, err := chart.LoadFont()
		charts = &render.Renderer{Font: f, NoFont: err}
	})
	return charts
}

// keptOutbox keeps what the cover pool sends instead of queueing it: the
// console's tests look at pages, not at chat deliveries.
type keptOutbox struct {
	mu   sync.Mutex
	sent []core.Outgoing
}

func (o *keptOutbox) Send(_ context.Context, m core.Outgoing) (core.Reach, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return core.Reach{}, nil
}
