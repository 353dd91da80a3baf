package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets
var assetFiles embed.FS

// pages are the parsed templates: each page is the layout with the page's
// own "content".
type pages struct {
	byName map[string]*template.Template
}

func parsePages() (*pages, error) {
	funcs := template.FuncMap{
		"join": strings.Join,
		// pair passes two values to a sub-template.
		"pair": func(a, b any) []any { return []any{a, b} },
		"date": func(d core.Date) string { return d.String() },
	}
	// The layout and the partials every page may use.
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, name)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", base, err)
		}
		p.byName[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

func assetHandler() http.Handler {
	sub, _ := fs.Sub(assetFiles, "assets")
	files := http.StripPrefix("/assets/", http.FileServer(http.FS(sub)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// view is what a page's template reads: the request (for T, the CSRF
// token, the person), the page's title and data, and a notice.
type view struct {
	*request
	Page   string
	Title  string
	Data   any
	Notice string
	Error  string
	Nav    []navLink
}

// CSRF is the token the page's forms carry.
func (v view) CSRF() string { return v.sess.CSRF }

// Me is the person reading.
func (v view) Me() core.Employee { return v.m.Employee }

// OrgName is the reader's org, in their language.
func (v view) OrgName() string { return core.NameIn(v.m.Org.Name, v.Locale()) }

// Lang is the page's language for <html lang>.
func (v view) Lang() string { return string(v.Locale()) }

// Other is the language the switch offers.
func (v view) Other() core.Locale {
	if v.Locale() == core.LocaleZH {
		return core.LocaleEN
	}
	return core.LocaleZH
}

// Clock writes a time of day in the org's zone.
func (v view) Clock(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(v.m.Org.Location()).Format("15:04")
}

// When writes a date and time in the org's zone.
func (v view) When(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(v.m.Org.Location()).Format("2006-01-02 15:04")
}

// Path is the page's path, for forms that come back to it.
func (v view) Path() string { return v.r.URL.Path }

// Name is a bilingual name in the reader's language.
func (v view) Name(s string) string { return core.NameIn(s, v.Locale()) }

// render writes page with data, status 200.
func (c *Console) render(rq *request, page, titleKey string, data any) error {
	return c.renderStatus(rq, http.StatusOK, page, titleKey, data, "")
}

func (c *Console) renderStatus(rq *request, status int, page, titleKey string, data any, errText string) error {
	v := view{request: rq, Page: page, Title: rq.T(titleKey), Data: data, Error: errText, Nav: c.navFor(rq)}
	if done := rq.r.URL.Query().Get("done"); done != "" && strings.HasPrefix(done, "web.done.") {
		v.Notice = rq.T(done)
	}
	return c.write(rq.w, status, page, v)
}

func (c *Console) write(w http.ResponseWriter, status int, page string, v any) error {
	t, ok := c.pages.byName[page]
	if !ok {
		return fmt.Errorf("web: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// failErr shows err on an error page, translated; internal errors are
// logged and only a reference is shown.
func (c *Console) failErr(rq *request, err error) {
	status := http.StatusInternalServerError
	switch core.ErrorCodeOf(err) {
	case core.EInvalid:
		status = http.StatusBadRequest
	case core.ENotFound:
		status = http.StatusNotFound
	case core.EConflict:
		status = http.StatusConflict
	case core.EForbidden:
		status = http.StatusForbidden
	}
	if werr := c.renderStatus(rq, status, "message", "web.title.problem", nil, rq.words.Error(err)); werr != nil {
		c.logError(rq.r, "render error page", werr)
	}
}

// fail shows a message by its key.
func (c *Console) fail(rq *request, status int, key string) {
	if err := c.renderStatus(rq, status, "message", "web.title.problem", nil, rq.T(key)); err != nil {
		c.logError(rq.r, "render error page", err)
	}
}

// plainView is what a page shown to someone not signed in reads: the
// browser's language decides.
type plainView struct {
	Lang    string
	Title   string
	Message string
	Hint    string
	Page    string
	Data    any
	// The layout's other fields, empty before signing in.
	Nav           []navLink
	Notice, Error string
	words         bot.Words
}

// T translates in the page's language.
func (v plainView) T(key string, args ...string) string { return v.words.T(key, args...) }

// plain shows a message to someone who is not signed in, in the
// browser's language.
func (c *Console) plain(w http.ResponseWriter, r *http.Request, status int, key string) {
	c.plainPage(w, r, status, "plain", key, nil)
}

func (c *Console) plainPage(w http.ResponseWriter, r *http.Request, status int, page, key string, data any) {
	loc := browserLocale(r)
	words := c.cfg.Words.WordsFor(core.Member{}, loc)
	v := plainView{Lang: string(loc), Title: words.T("web.title." + strings.TrimPrefix(key, "web.")), Message: words.T(key),
		Hint: words.T("web.signin_hint"), Page: page, Data: data, words: words}
	if err := c.write(w, status, page, v); err != nil {
		c.logError(r, "render plain page", err)
	}
}

// browserLocale picks zh-CN or en from Accept-Language.
func browserLocale(r *http.Request) core.Locale {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return core.LocaleZH
		case strings.HasPrefix(tag, "en"):
			return core.LocaleEN
		}
	}
	return core.LocaleZH
}
