package wecom_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
)

func sendText(to, text string) map[string]any {
	return map[string]any{"touser": to, "msgtype": "text", "agentid": wecomfake.TestApp().AgentID, "text": map[string]any{"content": text}}
}

// TestAPIToken: a burst of callers makes one gettoken; a token WeCom has
// ended is renewed once and the call goes through.
func TestAPIToken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	api := wecom.NewAPI(fake.URL, app.CorpID, app.Secret, nil)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := api.Token(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := fake.TokenRequests(); n != 1 {
		t.Fatalf("gettoken asked %d times for a burst, want 1", n)
	}
	var out struct {
		MsgID string `json:"msgid"`
	}
	if err := api.Do(ctx, "POST", "/cgi-bin/message/send", sendText("li", "hi"), &out); err != nil || out.MsgID == "" {
		t.Fatalf("send: %v %+v", err, out)
	}
	fake.ExpireTokens()
	if err := api.Do(ctx, "POST", "/cgi-bin/message/send", sendText("li", "again"), nil); err != nil {
		t.Fatalf("send after the token ended: %v", err)
	}
	if n := fake.TokenRequests(); n != 2 {
		t.Errorf("gettoken asked %d times, want 2", n)
	}
	if got := len(fake.Messages("li")); got != 2 {
		t.Errorf("li got %d messages, want 2", got)
	}
	bad := wecom.NewAPI(fake.URL, app.CorpID, "wrong", nil)
	var we *wecom.Error
	if err := bad.Do(ctx, "POST", "/cgi-bin/message/send", sendText("li", "x"), nil); !errors.As(err, &we) || we.Code != wecomfake.ErrBadCredential {
		t.Errorf("wrong secret: %v", err)
	}
}

// TestAPIErrors: WeCom's codes become the adapter's errors.
func TestAPIErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	api := wecom.NewAPI(fake.URL, app.CorpID, app.Secret, nil)
	fake.Fail("/cgi-bin/message/send", wecomfake.ErrFreqLimit)
	if err := api.Do(ctx, "POST", "/cgi-bin/message/send", sendText("li", "x"), nil); !errors.Is(err, wecom.ErrRateLimited) {
		t.Errorf("45009: %v", err)
	}
	fake.Gone("left", wecomfake.ErrAllInvalid)
	fake.Gone("nobody", wecomfake.ErrUserNotFound)
	for _, u := range []string{"left", "nobody"} {
		if err := api.Do(ctx, "POST", "/cgi-bin/message/send", sendText(u, "x"), nil); !errors.Is(err, wecom.ErrBlocked) || errors.Is(err, wecom.ErrRateLimited) {
			t.Errorf("%s: %v", u, err)
		}
	}
	id, err := api.Upload(ctx, "file", "a.csv", []byte("a,b\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := fake.Media(id); !ok || string(m.Data) != "a,b\n" || m.Name != "a.csv" {
		t.Errorf("uploaded %+v", m)
	}
}
