package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
)

// initData is what Telegram gives a Mini App opened by account userID,
// signed with token at at.
func initData(token string, userID int64, at time.Time) string {
	return telegramtest.SignInitData(token, map[string]string{
		"auth_date": strconv.FormatInt(at.Unix(), 10),
		"query_id":  "AAH-test",
		"user":      `{"id":` + strconv.FormatInt(userID, 10) + `,"first_name":"Alice","language_code":"en"}`,
	})
}

func TestTelegramMiniAppSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	// Inside Telegram: the page reads the signed data from its fragment and
	// signs Alice (Telegram account 111) in to her own pages.
	b := newBrowser(t)
	b.open(f.srv.URL + "/tg/app#tgWebAppData=" + url.QueryEscape(initData(telegramToken, 111, f.clock.Now())))
	b.run(chromedp.WaitVisible(chromedp.CSS("header.top")))
	b.mustSee("My month")
	if got := b.location(); got != "/me" {
		t.Errorf("the Mini App landed on %s", got)
	}

	post := func(data string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/tg/signin", strings.NewReader(url.Values{"init_data": {data}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "en-US,en;q=0.9")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body strings.Builder
		buf := make([]byte, 8192)
		for {
			n, err := resp.Body.Read(buf)
			body.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, body.String()
	}
	tampered := strings.Replace(initData(telegramToken, 111, f.clock.Now()), "111", "112", 1)
	for name, tc := range map[string]struct {
		data   string
		status int
		says   string
	}{
		"Tampered":  {tampered, http.StatusUnauthorized, "could not be checked"},
		"Stale":     {initData(telegramToken, 111, f.clock.Now().Add(-2*time.Hour)), http.StatusUnauthorized, "could not be checked"},
		"OtherBot":  {initData("999:other-bot", 111, f.clock.Now()), http.StatusUnauthorized, "could not be checked"},
		"Unlinked":  {initData(telegramToken, 555, f.clock.Now()), http.StatusForbidden, "/start"},
		"Malformed": {"user=%7B", http.StatusUnauthorized, "could not be checked"},
	} {
		status, body := post(tc.data)
		if status != tc.status || !strings.Contains(body, tc.says) {
			t.Errorf("%s: %d, want %d saying %q", name, status, tc.status, tc.says)
		}
		if strings.Contains(body, "My month") {
			t.Errorf("%s: signed in", name)
		}
	}
	if got := f.count(`SELECT count(*) FROM web_sessions`); got != 1 {
		t.Errorf("%d sessions, want only the good one", got)
	}
}
