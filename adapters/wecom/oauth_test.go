package wecom_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/core"
)

// TestOAuthAuthorizeURL: the authorize URL is WeCom's documented one,
// parameter for parameter, with the redirect URI escaped.
func TestOAuthAuthorizeURL(t *testing.T) {
	t.Parallel()
	o := wecom.NewOAuth(nil, "", "ww123", 1000002)
	got := o.AuthorizeURL("https://hr.example.com/wecom/oauth", "Abc123")
	want := "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww123" +
		"&redirect_uri=https%3A%2F%2Fhr.example.com%2Fwecom%2Foauth&response_type=code&scope=snsapi_base" +
		"&state=Abc123&agentid=1000002#wechat_redirect"
	if got != want {
		t.Errorf("AuthorizeURL:\n got %s\nwant %s", got, want)
	}
}

// redirectTo follows the authorize URL as the WeCom client does and
// returns where it was sent back to.
func redirectTo(t *testing.T, authorize string) *url.URL {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(strings.TrimSuffix(authorize, "#wechat_redirect"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize answered %s, no redirect", resp.Status)
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestOAuthUserID: a code is exchanged once for the member using the
// client; used, expired, made-up codes and non-members are told apart.
func TestOAuthUserID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	o := wecom.NewOAuth(wecom.NewAPI(fake.URL, app.CorpID, app.Secret, nil), fake.AuthorizeURL(), app.CorpID, app.AgentID)
	const back = "https://hr.example.com/wecom/oauth?next=x"

	fake.SignInAs("LiLei")
	u := redirectTo(t, o.AuthorizeURL(back, "S1"))
	if u.Host != "hr.example.com" || u.Path != "/wecom/oauth" || u.Query().Get("state") != "S1" || u.Query().Get("next") != "x" {
		t.Fatalf("sent back to %s", u)
	}
	code := u.Query().Get("code")
	if got, err := o.UserID(ctx, code); err != nil || got != "LiLei" {
		t.Fatalf("UserID = %q, %v", got, err)
	}
	if _, err := o.UserID(ctx, code); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("a used code: %v, want invalid", err)
	}
	for name, code := range map[string]string{"Unknown": "made-up", "Empty": "", "Long": strings.Repeat("a", 600)} {
		if _, err := o.UserID(ctx, code); core.ErrorCodeOf(err) != core.EInvalid {
			t.Errorf("%s code: %v, want invalid", name, err)
		}
	}

	stale := redirectTo(t, o.AuthorizeURL(back, "S2")).Query().Get("code")
	fake.ExpireCodes()
	if _, err := o.UserID(ctx, stale); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("an expired code: %v, want invalid", err)
	}

	fake.SignInAsGuest("oGuest1")
	guest := redirectTo(t, o.AuthorizeURL(back, "S3")).Query().Get("code")
	if _, err := o.UserID(ctx, guest); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("a non-member: %v, want not found", err)
	}

	fake.SignInAs("LiLei")
	fake.Trust("console.example.com")
	other := redirectTo(t, o.AuthorizeURL(back, "S4")).Query().Get("code")
	if _, err := o.UserID(ctx, other); err == nil || core.ErrorCodeOf(err) != core.EInternal {
		t.Errorf("a redirect outside the trusted domain: %v, want WeCom's refusal", err)
	}
	if n := len(fake.Calls("/cgi-bin/auth/getuserinfo")); n != 6 {
		t.Errorf("%d getuserinfo calls, want 6 (empty and long codes are not sent)", n)
	}
	for _, q := range fake.Authorizations() {
		if q.Get("agentid") != "1000002" || q.Get("scope") != "snsapi_base" {
			t.Errorf("authorize asked with %v", q)
		}
	}
}
