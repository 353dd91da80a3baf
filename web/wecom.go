package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
)

// The console inside WeCom: the app's menu item (or a link in a message)
// opens /wecom/app in the WeCom client, which is sent through WeCom's
// OAuth for in-app pages and comes back to /wecom/oauth with a one-time
// code naming the member; the member linked to that WeCom account is
// signed in, as the Telegram Mini App signs in the person linked to a
// Telegram account.

// WeComOAuth is WeCom's OAuth for pages opened in the WeCom client
// (*wecom.OAuth).
type WeComOAuth interface {
	// AuthorizeURL is where to send the client so that it comes back to
	// redirectURI with a code and state.
	AuthorizeURL(redirectURI, state string) string
	// UserID exchanges a code for the WeCom userid of the member using the
	// client. Errors: core EInvalid when WeCom does not take the code
	// (used, expired, made up); core ENotFound when whoever opened the
	// page is not a member of the company; anything else when WeCom could
	// not be asked.
	UserID(ctx context.Context, code string) (string, error)
}

const (
	// wecomStateCookie carries the state the sign-in was started with (and
	// where to go after it) from /wecom/app to /wecom/oauth: a code that
	// comes back without it was not asked for by this browser (login
	// CSRF: someone else's code planted in a link).
	wecomStateCookie = "hrbot_wecom_state"
	// wecomStateTTL is how long the round trip through WeCom may take:
	// it is quick and silent, so a few minutes are plenty.
	wecomStateTTL = 10 * time.Minute
	// wecomOAuthPath is the redirect_uri: its domain must be the app's
	// trusted domain (可信域名) in WeCom's admin console.
	wecomOAuthPath = "/wecom/oauth"
	// wecomVia is how the session was signed in, in the audit row.
	wecomVia = "wecom"
)

func (c *Console) routeWeCom() {
	if c.cfg.WeCom == nil {
		return
	}
	c.mux.HandleFunc("GET /wecom/app", c.wecomApp)
	c.mux.HandleFunc("GET "+wecomOAuthPath, c.wecomOAuth)
}

// wecomApp starts a sign-in through WeCom: a fresh state in a short-lived
// cookie and in the authorize URL. ?next=/path is where to go afterwards
// (a path on this site only).
func (c *Console) wecomApp(w http.ResponseWriter, r *http.Request) {
	state := rand.Text() // letters and digits, as WeCom takes state
	next := localTarget(r.URL.Query().Get("next"))
	http.SetCookie(w, &http.Cookie{Name: wecomStateCookie, Value: state + "." + base64.RawURLEncoding.EncodeToString([]byte(next)),
		Path: wecomOAuthPath, HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteLaxMode,
		MaxAge: int(wecomStateTTL.Seconds())})
	http.Redirect(w, r, c.cfg.WeCom.AuthorizeURL(c.cfg.PublicURL+wecomOAuthPath, state), http.StatusFound)
}

// wecomOAuth finishes it: the state must be the cookie's, the code must be
// one WeCom takes, and the member it names must be linked to someone here.
func (c *Console) wecomOAuth(w http.ResponseWriter, r *http.Request) {
	state, next, started := wecomStarted(r)
	// The state is good for one return, whatever happens to it.
	http.SetCookie(w, &http.Cookie{Name: wecomStateCookie, Value: "", Path: wecomOAuthPath, HttpOnly: true, MaxAge: -1,
		Secure: c.secure(r), SameSite: http.SameSiteLaxMode})
	got := r.URL.Query().Get("state")
	if !started || subtle.ConstantTimeCompare([]byte(got), []byte(state)) != 1 {
		c.wecomRefused(w, r, http.StatusForbidden, "state", "web.wecom_state")
		return
	}
	userID, err := c.cfg.WeCom.UserID(r.Context(), r.URL.Query().Get("code"))
	switch core.ErrorCodeOf(err) {
	case "":
	case core.EInvalid:
		c.wecomRefused(w, r, http.StatusBadRequest, "code", "web.wecom_code")
		return
	case core.ENotFound:
		c.wecomRefused(w, r, http.StatusForbidden, "not_member", "web.wecom_unlinked")
		return
	default:
		c.logError(r, "wecom sign in", err)
		c.plain(w, r, http.StatusBadGateway, "web.unavailable")
		return
	}
	m, err := c.cfg.Directory.Identify(r.Context(), core.PlatformWeCom, userID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		c.wecomRefused(w, r, http.StatusForbidden, "unlinked", "web.wecom_unlinked")
		return
	}
	if err != nil {
		c.signInFailed(w, r, err)
		return
	}
	token, sess, err := c.cfg.SignIn.Start(r.Context(), m, wecomVia)
	if e, ok := core.AsError(err); ok && e.Code == core.EForbidden {
		// Someone who has left: known, so the refusal goes in their org's
		// audit log, as a used link's does.
		if aerr := c.cfg.Directory.Refused(r.Context(), m, signin.AuditSignIn, "employee", m.Employee.Key, e.Key, signin.Channel); aerr != nil {
			c.logError(r, "audit wecom sign in", aerr)
		}
	}
	if err != nil {
		c.signInFailed(w, r, err)
		return
	}
	c.setCookie(w, r, token, sess)
	if next == "" {
		next = c.home(m)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// wecomRefused shows why a sign-in through WeCom did not work. Nobody is
// known yet, so there is no org to audit it in: it is logged, with the
// reason only.
func (c *Console) wecomRefused(w http.ResponseWriter, r *http.Request, status int, reason, key string) {
	c.cfg.Logger.Warn("web: wecom sign-in refused", "reason", reason)
	c.plain(w, r, status, key)
}

// wecomStarted reads the state cookie wecomApp set: the state and the
// path to go to afterwards ("" for the person's home page).
func wecomStarted(r *http.Request) (state, next string, ok bool) {
	ck, err := r.Cookie(wecomStateCookie)
	if err != nil {
		return "", "", false
	}
	state, enc, ok := strings.Cut(ck.Value, ".")
	if !ok || state == "" {
		return "", "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return "", "", false
	}
	return state, localTarget(string(raw)), true
}

// localTarget keeps a path on this site with its query, or "" for
// anything else: another host, a scheme, "//host", and "/\host", which
// browsers read as "//host".
func localTarget(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\#") ||
		strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return ""
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return u.RequestURI()
}
