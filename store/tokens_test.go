package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/store"
)

// TestTokensSharedByReplicas: three replicas' WeCom clients on one
// database ask WeCom for one token between them, and when WeCom ends it,
// one of them renews it and the others take the renewed one.
func TestTokensSharedByReplicas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	replicas := make([]*wecom.API, 3)
	for i := range replicas {
		replicas[i] = wecom.NewAPI(fake.URL, app.CorpID, app.Secret, nil)
		replicas[i].ShareTokens(store.NewTokens(db))
	}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			if _, err := replicas[i%3].Token(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := fake.TokenRequests(); n != 1 {
		t.Fatalf("three replicas asked gettoken %d times, want 1", n)
	}
	send := func(api *wecom.API, text string) {
		t.Helper()
		body := map[string]any{"touser": "li", "msgtype": "text", "agentid": app.AgentID, "text": map[string]any{"content": text}}
		if err := api.Do(ctx, "POST", "/cgi-bin/message/send", body, nil); err != nil {
			t.Fatalf("send %q: %v", text, err)
		}
	}
	fake.ExpireTokens()
	for i, api := range replicas {
		send(api, "after the token ended "+string(rune('a'+i)))
	}
	if n := fake.TokenRequests(); n != 2 {
		t.Errorf("gettoken asked %d times after WeCom ended the token, want 2 (one renewal for all replicas)", n)
	}
	if got := len(fake.Messages("li")); got != 3 {
		t.Errorf("li got %d messages, want 3", got)
	}

	// A client with another secret does not read this one's token.
	other := wecom.NewAPI(fake.URL, app.CorpID, "another secret", nil)
	other.ShareTokens(store.NewTokens(db))
	if _, err := other.Token(ctx); err == nil {
		t.Error("a client with a wrong secret got the shared token")
	}
}
