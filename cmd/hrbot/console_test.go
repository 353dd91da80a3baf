package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// webClient is a browser's worth of HTTP for the console: cookies kept,
// the forms' CSRF token read from the page.
type webClient struct {
	t    *testing.T
	c    *http.Client
	base string
}

var (
	signinLink = regexp.MustCompile(`(http://[^\s]+/signin/[A-Za-z0-9_-]+)`)
	csrfInput  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// signIn opens a link from chat as a browser would: the link's page, then
// the form it submits.
func signIn(t *testing.T, base, link string) *webClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	w := &webClient{t: t, c: &http.Client{Jar: jar}, base: base}
	token := link[strings.LastIndex(link, "/")+1:]
	if status, _ := w.get(strings.TrimPrefix(link, base)); status != http.StatusOK {
		t.Fatalf("the link's page: %d", status)
	}
	resp, err := w.c.PostForm(base+"/signin", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path == "/signin" {
		t.Fatalf("sign in: %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
	return w
}

func (w *webClient) get(path string) (int, string) {
	w.t.Helper()
	resp, err := w.c.Get(w.base + path)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// post sends a form from page, with page's CSRF token.
func (w *webClient) post(page, path string, form url.Values) (int, string) {
	w.t.Helper()
	_, body := w.get(page)
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		w.t.Fatalf("%s has no form", page)
	}
	form.Set("csrf", m[1])
	resp, err := w.c.PostForm(w.base+path, form)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// TestConsoleBesideTelegram runs `hrbot serve` with Telegram (the real
// client against the fake): Amy asks for a link with /web in Telegram,
// asks for leave on the page, her manager gets Telegram's Approve and
// Reject, asks for his own link, approves on the page, and Amy is told in
// Telegram.
func TestConsoleBesideTelegram(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	org := strings.Replace(telegramOrg, `{key: amy, name: Amy Li,`, `{key: amy, name: Amy Li, telegram: "502", locale: en,`, 1)
	os.WriteFile(file, []byte(org), 0o644)
	if r := hrbot(t, map[string]string{"DATABASE_URL": dbURL}, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	// The sign-in links serve sends must name the address it listens on.
	addr := freeAddr(t)
	base := "http://" + addr
	vars := map[string]string{"DATABASE_URL": dbURL, "HRBOT_PUBLIC_URL": base,
		"HRBOT_TELEGRAM_TOKEN": "123:ABC", "HRBOT_TELEGRAM_API_URL": fake.URL, "HRBOT_TELEGRAM_WEBHOOK_SECRET": "s3cret"}
	serveOn(t, addr, vars, nil)
	h := &tgHarness{t: t, fake: fake, base: base, secret: "s3cret"}

	h.post("s3cret", h.message(502, "/web", nil))
	amy := signIn(t, base, signinLink.FindString(h.waitFor("sendMessage", 502, "/signin/").Params["text"]))
	monday := nextMonday(time.Now())
	status, page := amy.post("/me/leave", "/me/leave", url.Values{"type": {"annual"}, "from": {monday}, "to": {monday},
		"from_part": {"full"}, "to_part": {"full"}})
	if status != http.StatusOK || !strings.Contains(page, "Approve and Reject") {
		t.Fatalf("leave asked on the page: %d\n%s", status, page)
	}
	ask := h.waitFor("sendMessage", 501, "Amy Li")
	button(t, ask, "leave.approve") // the manager's chat has the buttons

	h.post("s3cret", h.message(501, "/web", nil))
	boss := signIn(t, base, signinLink.FindString(h.waitFor("sendMessage", 501, "/signin/").Params["text"]))
	_, today := boss.get("/today")
	id := regexp.MustCompile(`action="/approvals/leave/(\d+)"`).FindStringSubmatch(today)
	if id == nil {
		t.Fatalf("the manager's Today has no request:\n%s", today)
	}
	if status, page := boss.post("/today", "/approvals/leave/"+id[1], url.Values{"decision": {"approve"}}); status != http.StatusOK {
		t.Fatalf("approve on the page: %d\n%s", status, page)
	}
	h.waitFor("sendMessage", 502, "approved your leave")

	// Amy's page is hers: the manager's Today is not.
	if status, _ := amy.get("/today"); status != http.StatusForbidden {
		t.Errorf("an employee opening Today: %d", status)
	}
}

// nextMonday is the date of the Monday after t, in Shanghai.
func nextMonday(t time.Time) string {
	d := t.In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, 1)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format("2006-01-02")
}
