package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
)

// sessionCookie holds the session's token; nothing else is kept in the
// browser.
const sessionCookie = "hrbot_session"

// request is one signed-in request: who, in which language, and the
// session whose CSRF token its forms carry.
type request struct {
	w     http.ResponseWriter
	r     *http.Request
	sess  signin.Session
	m     core.Member
	words bot.Words
}

// T translates for the reader.
func (rq *request) T(key string, args ...string) string { return rq.words.T(key, args...) }

// Job names a job (or a skill named after one) in the reader's language.
func (rq *request) Job(key string) string { return rq.words.Job(key) }

// Locale is the language the page is in: the one chosen on the page, else
// the person's own.
func (rq *request) Locale() core.Locale { return rq.words.Locale() }

// handler is a page's work once the person is known; an error it returns
// is shown on the page, translated.
type handler func(rq *request) error

// session finds the request's session; without one (or with one that has
// ended) it is not signed in.
func (c *Console) session(w http.ResponseWriter, r *http.Request) (*request, bool) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, false
	}
	sess, m, err := c.cfg.SignIn.Find(r.Context(), ck.Value)
	if err != nil {
		if core.ErrorCodeOf(err) != core.ENotFound {
			c.logError(r, "session", err)
		}
		clearCookie(w, r)
		return nil, false
	}
	c.zones.Locate(&m.Org) // every time on the page is in the org's zone: load it once
	loc := sess.Locale
	if loc == "" {
		loc = m.Locale()
	}
	return &request{w: w, r: r, sess: sess, m: m, words: c.cfg.Words.WordsFor(m, loc)}, true
}

// page serves h to signed-in people. A POST must carry the session's CSRF
// token and come from this site; one that does not is refused and audited.
func (c *Console) page(h handler) http.HandlerFunc {
	return c.guarded("", h)
}

// staffPage serves h only to those who may do action (core.Authorize, as
// in chat); anyone else is refused and the refusal audited.
func (c *Console) staffPage(action core.Action, h handler) http.HandlerFunc {
	return c.guarded(action, h)
}

func (c *Console) guarded(action core.Action, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq, ok := c.session(w, r)
		if !ok {
			c.plain(w, r, http.StatusUnauthorized, "web.signed_out")
			return
		}
		if r.Method == http.MethodPost && !c.csrfOK(rq) {
			_ = c.cfg.Directory.Refused(r.Context(), rq.m, "console.csrf", "page", r.URL.Path, "web.csrf", signin.Channel)
			c.fail(rq, http.StatusForbidden, "web.csrf")
			return
		}
		if action != "" {
			if err := c.cfg.Directory.Authorize(r.Context(), rq.m, action, nil, signin.Channel); err != nil {
				c.failErr(rq, err)
				return
			}
		}
		if err := h(rq); err != nil {
			c.failErr(rq, err)
		}
	}
}

// csrfOK checks the form's token against the session's, and that a
// browser which says where the form came from says it came from here.
func (c *Console) csrfOK(rq *request) bool {
	got := rq.r.PostFormValue("csrf")
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(rq.sess.CSRF)) != 1 {
		return false
	}
	if origin := rq.r.Header.Get("Origin"); origin != "" && origin != "null" {
		u, err := url.Parse(origin)
		if err != nil || u.Host != rq.r.Host {
			return false
		}
	}
	return true
}

// setCookie starts the browser's session. Telegram's web client shows a
// Mini App in a frame of another site, where only a SameSite=None cookie
// is sent; everywhere else the cookie is Lax.
func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, token string, sess signin.Session) {
	secure := c.secure(r)
	same := http.SameSiteLaxMode
	if sess.Via == "telegram" && secure {
		same = http.SameSiteNoneMode
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: same, Expires: sess.ExpiresAt, MaxAge: int(time.Until(sess.ExpiresAt).Seconds())})
}

func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// secure reports whether the browser reached us over HTTPS: directly, or
// through a proxy at a public https address.
func (c *Console) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	u, err := url.Parse(c.cfg.PublicURL)
	return err == nil && u.Scheme == "https"
}

// back redirects to path after a change (post, redirect, get), with a
// notice key the page shows.
func (rq *request) back(path, notice string) error {
	if notice != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "done=" + url.QueryEscape(notice)
	}
	http.Redirect(rq.w, rq.r, path, http.StatusSeeOther)
	return nil
}
