package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"net/http"
	"strings"
	"text/template"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/signin"
)

//go:embed shop/shop.yaml.tmpl
var shopFiles embed.FS

// shopTemplate is the org a new shop starts with.
var shopTemplate = template.Must(template.ParseFS(shopFiles, "shop/shop.yaml.tmpl"))

// ownerKey is the key of the person who sets a new shop up.
const ownerKey = "owner"

// timeZones are the zones the setup page offers, the shops' own first.
var timeZones = []string{"Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "America/New_York", "UTC"}

func (c *Console) routeSetup() {
	if c.cfg.SetupToken == "" || c.cfg.HasOrgs == nil || c.cfg.Setup == nil {
		return
	}
	c.mux.HandleFunc("GET /setup/{token}", c.setupPage)
	c.mux.HandleFunc("POST /setup", c.createShop)
}

// routeWelcome is the first steps, for whoever may set the shop up.
func (c *Console) routeWelcome() {
	c.mux.HandleFunc("GET /welcome", c.staffPage(core.ActionInviteCreate, c.welcome))
	c.mux.HandleFunc("POST /welcome/invite", c.staffPage(core.ActionInviteCreate, c.myInvite))
}

// firstRun reports whether hrbot has no shop yet and offers to set one up.
func (c *Console) firstRun(ctx context.Context) bool {
	if c.cfg.SetupToken == "" || c.cfg.HasOrgs == nil {
		return false
	}
	has, err := c.cfg.HasOrgs(ctx)
	return err == nil && !has
}

type setupData struct {
	Token     string
	TimeZones []string
}

// setupPage is the first page of a new hrbot: the link to it is in
// hrbot's log (and on the front page's hint), and it works until a shop
// exists.
func (c *Console) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if !c.firstRun(r.Context()) || subtle.ConstantTimeCompare([]byte(token), []byte(c.cfg.SetupToken)) != 1 {
		c.plain(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	c.plainPage(w, r, http.StatusOK, "setup", "web.setup", setupData{Token: token, TimeZones: timeZones})
}

// shopValues fill the shop template; every text is a JSON string, which
// YAML reads as it is, whatever it holds.
type shopValues struct {
	Key, Name, TimeZone, Locale, OwnerKey, OwnerName, Today string
}

func quoted(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// createShop creates the shop and its owner (an admin), signs the owner in
// and shows what to do next.
func (c *Console) createShop(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !sameSite(r) || !c.firstRun(ctx) ||
		subtle.ConstantTimeCompare([]byte(r.PostFormValue("token")), []byte(c.cfg.SetupToken)) != 1 {
		c.plain(w, r, http.StatusForbidden, "web.csrf")
		return
	}
	name, owner := strings.TrimSpace(r.PostFormValue("shop")), strings.TrimSpace(r.PostFormValue("owner"))
	zone, locale := r.PostFormValue("time_zone"), r.PostFormValue("locale")
	if _, ok := core.ParseLocale(locale); !ok {
		locale = string(core.LocaleZH)
	}
	if name == "" || owner == "" || !validZone(zone) || len(name) > 100 || len(owner) > 100 {
		c.plainPage(w, r, http.StatusBadRequest, "setup", "web.setup_missing",
			setupData{Token: r.PostFormValue("token"), TimeZones: timeZones})
		return
	}
	today := core.DateOf(c.cfg.Clock.Now().In(zoneOf(zone)))
	var buf bytes.Buffer
	err := shopTemplate.Execute(&buf, shopValues{Key: "shop", Name: quoted(name), TimeZone: zone, Locale: locale,
		OwnerKey: ownerKey, OwnerName: quoted(owner), Today: today.String()})
	var file orgfile.File
	if err == nil {
		file, err = orgfile.Parse("setup", buf.Bytes())
	}
	if err == nil {
		_, err = c.cfg.Setup.Apply(ctx, file, "console setup")
	}
	var m core.Member
	if err == nil {
		m, err = c.cfg.Directory.Identify(ctx, core.PlatformConsole, "shop/"+ownerKey)
	}
	if err != nil {
		c.signInFailed(w, r, err)
		return
	}
	token, sess, err := c.cfg.SignIn.Start(ctx, m, "setup")
	if err != nil {
		c.signInFailed(w, r, err)
		return
	}
	c.setCookie(w, r, token, sess)
	c.cfg.Logger.Info("web: a new shop was set up", "org", "shop")
	http.Redirect(w, r, "/welcome", http.StatusSeeOther)
}

func validZone(z string) bool {
	for _, t := range timeZones {
		if t == z {
			return true
		}
	}
	return false
}

func zoneOf(z string) *time.Location {
	loc, err := time.LoadLocation(z)
	if err != nil {
		return time.UTC
	}
	return loc
}

type welcomeData struct {
	Code string // the owner's own invite code, once asked for
}

// welcome is what a new shop's owner does next, each step a page here.
func (c *Console) welcome(rq *request) error {
	return c.render(rq, "welcome", "web.title.welcome", welcomeData{})
}

// myInvite makes an invite code for the reader's own chat account, so the
// owner who set the shop up here can link Telegram or Slack.
func (c *Console) myInvite(rq *request) error {
	code, _, err := c.cfg.Directory.CreateInvite(rq.r.Context(), rq.m, rq.m.Employee.Key, signin.Channel)
	if err != nil {
		return err
	}
	return c.render(rq, "welcome", "web.title.welcome", welcomeData{Code: code})
}
