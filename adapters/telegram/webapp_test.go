package telegram_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
)

const webAppToken = "123:ABC"

func userJSON(id int64) string {
	b, _ := json.Marshal(map[string]any{"id": id, "first_name": "Fang", "last_name": "Wang", "language_code": "zh-hans", "allows_write_to_pm": true})
	return string(b)
}

func TestVerifyInitData(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fresh := strconv.FormatInt(now.Add(-2*time.Minute).Unix(), 10)
	valid := map[string]string{"query_id": "AAHdF6IQAAAAAN0XohDhrOrc", "user": userJSON(279058397), "auth_date": fresh}
	withSignature := map[string]string{"user": userJSON(42), "auth_date": fresh, "signature": "c2lnbmVkLWZvci10aGlyZC1wYXJ0aWVz"}

	t.Run("OK", func(t *testing.T) {
		u, err := telegram.VerifyInitData(webAppToken, telegramtest.SignInitData(webAppToken, valid), now, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != 279058397 || u.FirstName != "Fang" || u.LanguageCode != "zh-hans" || !u.AuthDate.Equal(now.Add(-2*time.Minute)) {
			t.Errorf("user %+v", u)
		}
	})
	t.Run("SignatureFieldSignedNotRequired", func(t *testing.T) {
		u, err := telegram.VerifyInitData(webAppToken, telegramtest.SignInitData(webAppToken, withSignature), now, time.Hour)
		if err != nil || u.ID != 42 {
			t.Fatalf("with a signature field: %+v %v", u, err)
		}
		// The signature field is signed like any other: dropping it breaks the hash.
		q, _ := url.ParseQuery(telegramtest.SignInitData(webAppToken, withSignature))
		q.Del("signature")
		if _, err := telegram.VerifyInitData(webAppToken, q.Encode(), now, time.Hour); !errors.Is(err, telegram.ErrInitDataTampered) {
			t.Errorf("signature dropped: %v", err)
		}
	})
	// The example of the Telegram Mini Apps community documentation
	// (docs.telegram-mini-apps.com, "init data" validation); Telegram's own
	// page describes the algorithm without an example.
	t.Run("KnownVector", func(t *testing.T) {
		const token = "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8"
		const data = "query_id=AAHdF6IQAAAAAN0XohDhrOrc" +
			"&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%7D" +
			"&auth_date=1662771648&hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2"
		signed := time.Unix(1662771648, 0)
		u, err := telegram.VerifyInitData(token, data, signed.Add(time.Minute), time.Hour)
		if err != nil || u.ID != 279058397 || u.Username != "vdkfrost" || u.LanguageCode != "ru" {
			t.Fatalf("known vector: %+v %v", u, err)
		}
		if _, err := telegram.VerifyInitData(token, data, signed.Add(2*time.Hour), time.Hour); !errors.Is(err, telegram.ErrInitDataStale) {
			t.Errorf("known vector two hours on: %v", err)
		}
		if _, err := telegram.VerifyInitData("5768337691:another", data, signed, time.Hour); !errors.Is(err, telegram.ErrInitDataTampered) {
			t.Errorf("known vector, another bot's token: %v", err)
		}
	})
	t.Run("ErrTampered", func(t *testing.T) {
		q, _ := url.ParseQuery(telegramtest.SignInitData(webAppToken, valid))
		q.Set("user", userJSON(1)) // someone else's id
		if _, err := telegram.VerifyInitData(webAppToken, q.Encode(), now, time.Hour); !errors.Is(err, telegram.ErrInitDataTampered) {
			t.Errorf("changed user id: %v", err)
		}
		q, _ = url.ParseQuery(telegramtest.SignInitData(webAppToken, valid))
		q.Set("extra", "1")
		if _, err := telegram.VerifyInitData(webAppToken, q.Encode(), now, time.Hour); !errors.Is(err, telegram.ErrInitDataTampered) {
			t.Errorf("field added: %v", err)
		}
		if _, err := telegram.VerifyInitData("123:OTHER", telegramtest.SignInitData(webAppToken, valid), now, time.Hour); !errors.Is(err, telegram.ErrInitDataTampered) {
			t.Errorf("another bot's token: %v", err)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		old := map[string]string{"user": userJSON(7), "auth_date": strconv.FormatInt(now.Add(-61*time.Minute).Unix(), 10)}
		if _, err := telegram.VerifyInitData(webAppToken, telegramtest.SignInitData(webAppToken, old), now, time.Hour); !errors.Is(err, telegram.ErrInitDataStale) {
			t.Errorf("61 minutes old: %v", err)
		}
		ahead := map[string]string{"user": userJSON(7), "auth_date": strconv.FormatInt(now.Add(time.Hour).Unix(), 10)}
		if _, err := telegram.VerifyInitData(webAppToken, telegramtest.SignInitData(webAppToken, ahead), now, time.Hour); !errors.Is(err, telegram.ErrInitDataStale) {
			t.Errorf("an hour ahead: %v", err)
		}
		skew := map[string]string{"user": userJSON(7), "auth_date": strconv.FormatInt(now.Add(time.Minute).Unix(), 10)}
		if _, err := telegram.VerifyInitData(webAppToken, telegramtest.SignInitData(webAppToken, skew), now, time.Hour); err != nil {
			t.Errorf("a minute of clock skew: %v", err)
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		noHash, _ := url.ParseQuery(telegramtest.SignInitData(webAppToken, valid))
		noHash.Del("hash")
		twice := telegramtest.SignInitData(webAppToken, valid) + "&user=" + url.QueryEscape(userJSON(1))
		cases := map[string]string{
			"missing hash":  noHash.Encode(),
			"empty":         "",
			"bad escape":    "user=%zz&hash=00",
			"short hash":    "user=1&auth_date=1&hash=abcd",
			"field twice":   twice,
			"no user":       telegramtest.SignInitData(webAppToken, map[string]string{"auth_date": fresh}),
			"user not JSON": telegramtest.SignInitData(webAppToken, map[string]string{"auth_date": fresh, "user": "Fang"}),
			"user id 0":     telegramtest.SignInitData(webAppToken, map[string]string{"auth_date": fresh, "user": `{"first_name":"Fang"}`}),
			"no auth_date":  telegramtest.SignInitData(webAppToken, map[string]string{"user": userJSON(7)}),
			"too long":      telegramtest.SignInitData(webAppToken, map[string]string{"auth_date": fresh, "user": userJSON(7), "pad": strings.Repeat("x", 9000)}),
		}
		for name, data := range cases {
			if _, err := telegram.VerifyInitData(webAppToken, data, now, time.Hour); !errors.Is(err, telegram.ErrInitDataMalformed) {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}

func TestVerifyWebApp(t *testing.T) {
	fake := telegramtest.New(webAppToken)
	t.Cleanup(fake.Close)
	a, _ := newAdapter(t, "webhook", &fakeBot{}, fake, telegram.Limits{})
	data := telegramtest.SignInitData(webAppToken, map[string]string{"user": userJSON(5551234), "auth_date": strconv.FormatInt(time.Now().Unix(), 10)})
	id, err := a.VerifyWebApp(data)
	if err != nil || id != "5551234" {
		t.Fatalf("VerifyWebApp = %q, %v", id, err)
	}
	old := telegramtest.SignInitData(webAppToken, map[string]string{"user": userJSON(5551234), "auth_date": strconv.FormatInt(time.Now().Add(-2*time.Hour).Unix(), 10)})
	if _, err := a.VerifyWebApp(old); !errors.Is(err, telegram.ErrInitDataStale) {
		t.Errorf("two hours old: %v", err)
	}
}

// TestMenuButton: with a public URL the adapter points the chat menu
// button at the Mini App, through the real client; without one, not.
func TestMenuButton(t *testing.T) {
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			fake := telegramtest.New(webAppToken)
			t.Cleanup(fake.Close)
			a, err := telegram.New(context.Background(), telegram.Config{Token: webAppToken, APIURL: fake.URL, Mode: mode,
				WebhookSecret: "s3cret", PublicURL: "https://hr.example.com/", Handler: &fakeBot{}, Accounts: &fakeAccounts{blocked: map[string]bool{}}})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { _ = a.Run(ctx); close(done) }()
			deadline := time.Now().Add(10 * time.Second)
			for fake.MenuButton() == "" && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
			<-done
			var mb struct {
				Type   string `json:"type"`
				Text   string `json:"text"`
				WebApp struct {
					URL string `json:"url"`
				} `json:"web_app"`
			}
			if err := json.Unmarshal([]byte(fake.MenuButton()), &mb); err != nil {
				t.Fatalf("menu button %q: %v", fake.MenuButton(), err)
			}
			if mb.Type != "web_app" || mb.WebApp.URL != "https://hr.example.com/tg/app" || mb.Text == "" {
				t.Errorf("menu button %+v", mb)
			}
			if n := len(fake.Calls("setChatMenuButton")); n != 1 {
				t.Errorf("setChatMenuButton called %d times", n)
			}
		})
	}
	t.Run("NoPublicURL", func(t *testing.T) {
		fake := telegramtest.New(webAppToken)
		t.Cleanup(fake.Close)
		a, _ := newAdapter(t, "webhook", &fakeBot{}, fake, telegram.Limits{})
		if err := a.SetMenuButton(context.Background()); err == nil {
			t.Error("SetMenuButton without a public URL: no error")
		}
		if n := len(fake.Calls("setChatMenuButton")); n != 0 {
			t.Errorf("setChatMenuButton called %d times", n)
		}
	})
}

// Run it for a while with:
//
//	go test -run XXX -fuzz FuzzVerifyInitData -fuzztime 25s ./adapters/telegram/
func FuzzVerifyInitData(f *testing.F) {
	now := time.Unix(1700000000, 0)
	f.Add(telegramtest.SignInitData(webAppToken, map[string]string{"user": userJSON(7), "auth_date": "1699999990"}))
	f.Add(telegramtest.SignInitData(webAppToken, map[string]string{"user": userJSON(7), "auth_date": "1699999990", "signature": "abc"}))
	f.Add("user=%7B%22id%22%3A1%7D&auth_date=1&hash=00")
	f.Add("a=1;b=2&hash=" + strings.Repeat("0", 64))
	f.Add("hash=&hash=")
	f.Fuzz(func(t *testing.T, data string) {
		u, err := telegram.VerifyInitData(webAppToken, data, now, time.Hour)
		switch {
		case err == nil:
			// Only data signed with the token passes: the fuzzer cannot
			// forge a hash, so a pass is one of the signed seeds.
			if u.ID <= 0 || now.Sub(u.AuthDate) > time.Hour {
				t.Fatalf("accepted %q as %+v", data, u)
			}
		case !errors.Is(err, telegram.ErrInitDataMalformed) && !errors.Is(err, telegram.ErrInitDataTampered) && !errors.Is(err, telegram.ErrInitDataStale):
			t.Fatalf("error of no kind for %q: %v", data, err)
		}
	})
}
