package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/web"
)

// newWeComFixture is the console with WeCom's OAuth at a fake WeCom, and
// testOrg with Zhao (HR) linked to the WeCom account ZhaoMin and Gone (who
// left) to GoneUser.
func newWeComFixture(t *testing.T) (*fixture, *wecomfake.Server) {
	t.Helper()
	org := strings.Replace(testOrg, "manager: wang, locale: zh-CN}", "manager: wang, locale: zh-CN, wecom: ZhaoMin}", 1)
	org = strings.Replace(org, "status: left}", "status: left, wecom: GoneUser}", 1)
	if strings.Count(org, "wecom:") != 2 {
		t.Fatal("testOrg changed: the WeCom accounts were not added")
	}
	f := newFixtureWith(t, org)
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	console, err := web.New(f.consoleConfig(func(c *web.Config) {
		api := wecom.NewAPI(fake.URL, app.CorpID, app.Secret, nil)
		c.WeCom = wecom.NewOAuth(api, fake.AuthorizeURL(), app.CorpID, app.AgentID)
	}))
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = console
	return f, fake
}

// TestWeComAppSignIn: inside WeCom, HR opens the console from the app's
// menu and lands on Today, signed in as herself; a member linked to no one
// is told to send the app their invite code.
func TestWeComAppSignIn(t *testing.T) {
	t.Parallel()
	f, fake := newWeComFixture(t)
	b := newBrowser(t)

	fake.SignInAs("ZhaoMin")
	b.open(f.srv.URL + "/wecom/app")
	b.run(chromedp.WaitVisible(chromedp.CSS("header.top")))
	if got := b.location(); got != "/today" {
		t.Errorf("the console opened inside WeCom landed on %s, want /today", got)
	}
	if who := b.text("header.top .who"); !strings.Contains(who, "赵敏") {
		t.Errorf("signed in as %q, want 赵敏 (Zhao Min)", who)
	}
	b.mustSee("今日")
	b.screenshot("wecom-today-phone")

	fake.SignInAs("SomeoneNew")
	b.open(f.srv.URL + "/wecom/app")
	b.mustSee("not linked to anyone", "invite code", "/start")

	asked := fake.Authorizations()
	if len(asked) != 2 || asked[0].Get("redirect_uri") != f.srv.URL+"/wecom/oauth" || asked[0].Get("agentid") != "1000002" {
		t.Errorf("WeCom's authorize page was asked with %v", asked)
	}
	if got := f.count(`SELECT count(*) FROM audit_log WHERE action = 'console.sign_in' AND channel = 'web' AND after->>'via' = 'wecom'`); got != 1 {
		t.Errorf("%d WeCom sign-ins audited, want 1", got)
	}
}

// wecomTrip starts a sign-in through WeCom with client and follows it up
// to WeCom's redirect back to the console, which it returns unfollowed.
func wecomTrip(t *testing.T, client *http.Client, start string) *url.URL {
	t.Helper()
	stop := *client
	stop.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == "/wecom/oauth" {
			return http.ErrUseLastResponse
		}
		return nil
	}
	resp, err := stop.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Path != "/wecom/oauth" {
		t.Fatalf("WeCom sent the client to %q (%s)", resp.Header.Get("Location"), resp.Status)
	}
	return back
}

// wecomGet fetches u with client, following redirects, in English.
func wecomGet(t *testing.T, client *http.Client, u string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept-Language", "en")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Request.URL.Path, string(body)
}

// TestWeComOAuthRefusals: a return without this browser's state (a
// planted link), a forged state, a replayed code, a non-member, someone
// who left and WeCom unreachable all sign no one in; the next page is
// kept when local only.
func TestWeComOAuthRefusals(t *testing.T) {
	t.Parallel()
	f, fake := newWeComFixture(t)
	fake.SignInAs("ZhaoMin")
	sessions := func() int { return f.count(`SELECT count(*) FROM web_sessions`) }

	// Login CSRF: an attacker's own code and state, in someone else's browser.
	planted := wecomTrip(t, &http.Client{Jar: newJar(t)}, f.srv.URL+"/wecom/app")
	if status, _, body := wecomGet(t, &http.Client{Jar: newJar(t)}, planted.String()); status != http.StatusForbidden || !strings.Contains(body, "not started here") {
		t.Errorf("a planted return: %d %s", status, body)
	}

	victim := &http.Client{Jar: newJar(t)}
	back := wecomTrip(t, victim, f.srv.URL+"/wecom/app")
	forged := *back
	q := forged.Query()
	q.Set("state", "FORGED0STATE")
	forged.RawQuery = q.Encode()
	if status, _, body := wecomGet(t, victim, forged.String()); status != http.StatusForbidden || !strings.Contains(body, "not started here") {
		t.Errorf("a forged state: %d %s", status, body)
	}
	if sessions() != 0 {
		t.Fatalf("%d sessions after refusals, want none", sessions())
	}

	// The real one signs in; its code a second time, with a fresh state, does not.
	client := &http.Client{Jar: newJar(t)}
	back = wecomTrip(t, client, f.srv.URL+"/wecom/app?next="+url.QueryEscape("/leave?month=2026-12"))
	if status, path, _ := wecomGet(t, client, back.String()); status != http.StatusOK || path != "/leave" {
		t.Fatalf("signing in through WeCom: %d at %s, want /leave", status, path)
	}
	replay := wecomTrip(t, client, f.srv.URL+"/wecom/app")
	q = replay.Query()
	q.Set("code", back.Query().Get("code"))
	replay.RawQuery = q.Encode()
	if status, _, body := wecomGet(t, client, replay.String()); status != http.StatusBadRequest || !strings.Contains(body, "already used") {
		t.Errorf("a replayed code: %d %s", status, body)
	}
	if sessions() != 1 {
		t.Errorf("%d sessions, want only the good one", sessions())
	}

	for name, tc := range map[string]struct {
		as     func()
		next   string
		status int
		says   string
	}{
		"Guest":         {func() { fake.SignInAsGuest("oGuest1") }, "", http.StatusForbidden, "invite code"},
		"Left":          {func() { fake.SignInAs("GoneUser") }, "", http.StatusForbidden, "no longer active"},
		"Unreachable":   {func() { fake.SignInAs("ZhaoMin"); fake.Fail("/cgi-bin/auth/getuserinfo", 60020) }, "", http.StatusBadGateway, "cannot sign you in"},
		"ElsewhereNext": {func() { fake.SignInAs("ZhaoMin") }, "https://evil.example/x", http.StatusOK, "今日"},
		"BackslashNext": {func() { fake.SignInAs("ZhaoMin") }, `/\evil.example`, http.StatusOK, "今日"},
	} {
		tc.as()
		c := &http.Client{Jar: newJar(t)}
		status, path, body := wecomGet(t, c, f.srv.URL+"/wecom/app?next="+url.QueryEscape(tc.next))
		if status != tc.status || !strings.Contains(body, tc.says) {
			t.Errorf("%s: %d at %s, want %d saying %q", name, status, path, tc.status, tc.says)
		}
		if tc.status == http.StatusOK && path != "/today" {
			t.Errorf("%s: landed on %s, want /today", name, path)
		}
	}
	if got := f.audited("console.sign_in", "denied"); got != 1 {
		t.Errorf("%d refused sign-ins audited, want 1 (the one who left)", got)
	}
}

// TestWeComAppOff: without WeCom the entrance is not there.
func TestWeComAppOff(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if status, _, _ := wecomGet(t, http.DefaultClient, f.srv.URL+"/wecom/app"); status != http.StatusNotFound {
		t.Errorf("/wecom/app without WeCom: %d", status)
	}
}
