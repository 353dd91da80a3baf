package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
)

func (c *Console) routeSignIn() {
	c.mux.HandleFunc("GET /signin/{token}", c.signInPage)
	c.mux.HandleFunc("POST /signin", c.signIn)
	c.mux.HandleFunc("GET /tg/app", c.telegramApp)
	c.mux.HandleFunc("POST /tg/signin", c.telegramSignIn)
	c.mux.HandleFunc("POST /signout", c.page(c.signOut))
	c.mux.HandleFunc("POST /lang", c.page(c.setLang))
}

// signInPage shows a sign-in link's page, whose form the browser submits
// at once. Opening the link does not spend it: chat apps fetch links to
// preview them, and a preview must not use up the person's sign-in.
func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	c.plainPage(w, r, http.StatusOK, "signin", "web.signing_in", r.PathValue("token"))
}

// signIn spends a link and starts the session.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	if !sameSite(r) {
		c.plain(w, r, http.StatusForbidden, "web.csrf")
		return
	}
	token, sess, m, err := c.cfg.SignIn.Redeem(r.Context(), r.PostFormValue("token"))
	if err != nil {
		c.signInFailed(w, r, err)
		return
	}
	c.setCookie(w, r, token, sess)
	http.Redirect(w, r, c.home(m), http.StatusSeeOther)
}

// signInFailed shows why a link or Mini App sign-in did not work, and
// nothing else.
func (c *Console) signInFailed(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := core.AsError(err)
	if !ok || e.Code == core.EInternal {
		c.logError(r, "sign in", err)
		c.plain(w, r, http.StatusInternalServerError, "web.unavailable")
		return
	}
	key := "web.link_invalid"
	switch e.Key {
	case "signin.link_used", "signin.link_expired", "forbidden.inactive":
		key = "web." + strings.TrimPrefix(strings.TrimPrefix(e.Key, "signin."), "forbidden.")
	}
	status := http.StatusBadRequest
	if e.Code == core.EForbidden {
		status = http.StatusForbidden
	}
	c.plain(w, r, status, key)
}

// telegramApp is the Mini App's entrance: its script reads the signed
// data Telegram hands the page and posts it to telegramSignIn.
func (c *Console) telegramApp(w http.ResponseWriter, r *http.Request) {
	if c.cfg.TelegramWebApp == nil {
		c.plain(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	c.plainPage(w, r, http.StatusOK, "tgapp", "web.signing_in", nil)
}

// telegramSignIn starts a session for the chat account Telegram vouches
// for. An account not linked to anyone is told how to link it.
func (c *Console) telegramSignIn(w http.ResponseWriter, r *http.Request) {
	if c.cfg.TelegramWebApp == nil {
		c.plain(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	if !sameSite(r) {
		c.plain(w, r, http.StatusForbidden, "web.csrf")
		return
	}
	userID, err := c.cfg.TelegramWebApp(r.PostFormValue("init_data"))
	if err != nil {
		c.cfg.Logger.Warn("web: telegram mini app data refused", "reason", err.Error())
		c.plain(w, r, http.StatusUnauthorized, "web.tg_refused")
		return
	}
	m, err := c.cfg.Directory.Identify(r.Context(), core.PlatformTelegram, userID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		c.plain(w, r, http.StatusForbidden, "web.tg_unlinked")
		return
	}
	if err != nil {
		c.signInFailed(w, r, err)
		return
	}
	token, sess, err := c.cfg.SignIn.Start(r.Context(), m, "telegram")
	if err != nil {
		c.signInFailed(w, r, err)
		return
	}
	c.setCookie(w, r, token, sess)
	http.Redirect(w, r, "/me", http.StatusSeeOther)
}

func (c *Console) signOut(rq *request) error {
	if err := c.cfg.SignIn.SignOut(rq.r.Context(), rq.sess, rq.m); err != nil {
		return err
	}
	clearCookie(rq.w, rq.r)
	c.plain(rq.w, rq.r, http.StatusOK, "web.signed_out_now")
	return nil
}

// setLang switches the session's pages to the other language and goes
// back to the page it was asked on.
func (c *Console) setLang(rq *request) error {
	loc, ok := core.ParseLocale(rq.r.PostFormValue("lang"))
	if !ok {
		return core.Errorf(core.EInvalid, "web.bad_request", "unknown language")
	}
	if err := c.cfg.SignIn.SetLocale(rq.r.Context(), rq.sess, loc); err != nil {
		return err
	}
	return rq.back(localPath(rq.r.PostFormValue("back")), "")
}

// localPath keeps a redirect on this site: a path, never another host.
func localPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(p, "//") {
		return "/"
	}
	return u.Path
}

// sameSite reports whether a form posted before there is a session came
// from this site, as far as the browser says (Sec-Fetch-Site, Origin).
func sameSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	if origin := r.Header.Get("Origin"); origin != "" && origin != "null" {
		u, err := url.Parse(origin)
		return err == nil && u.Host == r.Host
	}
	return true
}

var _ = signin.Channel
