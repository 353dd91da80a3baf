package web

import (
	"encoding/json"
	"html/template"
	"net/url"
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
)

func (c *Console) routeAudit() {
	if c.cfg.Audit == nil {
		return
	}
	c.addNav("/audit", "web.nav.audit", core.ActionAuditView, false)
	c.mux.HandleFunc("GET /audit", c.staffPage(core.ActionAuditView, c.auditPage))
}

// auditChannels are the channels audit rows are written with.
var auditChannels = []string{"web", "telegram", "slack", "console", "chat", "cli"}

type auditRow struct {
	When, Who, Action, Entity string
	Outcome, Channel, Reason  string
	Denied                    bool
	Before, After             string // indented JSON, "" for none
}

type auditData struct {
	People   []option
	Channels []option
	Action   string
	From, To string
	Rows     []auditRow
	Older    template.URL // the next page's query, "" on the last
	Newest   template.URL // the first page's query, when on a later one
}

// auditPage is the org's audit log, newest first, 50 rows a page,
// narrowed to a person, an action, a channel and days.
func (c *Console) auditPage(rq *request) error {
	q := rq.r.URL.Query()
	f := core.AuditFilter{Person: q.Get("person"), Action: q.Get("action"), Channel: q.Get("channel"), Before: q.Get("before")}
	data := auditData{Action: f.Action, From: q.Get("from"), To: q.Get("to")}
	var err error
	if f.From, err = optionalDate(data.From); err == nil {
		f.To, err = optionalDate(data.To)
	}
	if err != nil {
		return err
	}
	people, err := c.cfg.Directory.Colleagues(rq.r.Context(), rq.m)
	if err != nil {
		return err
	}
	sort.Slice(people, func(i, j int) bool { return people[i].Key < people[j].Key })
	for _, e := range people {
		data.People = append(data.People, option{Value: e.Key, Label: rq.words.Name(e.Name) + " (" + e.Key + ")", Selected: e.Key == f.Person})
	}
	for _, ch := range auditChannels {
		data.Channels = append(data.Channels, option{Value: ch, Label: ch, Selected: ch == f.Channel})
	}
	page, err := c.cfg.Audit.Find(rq.r.Context(), rq.m, f, signin.Channel)
	if err != nil {
		return err
	}
	v := view{request: rq}
	for _, r := range page.Records {
		row := auditRow{When: v.When(r.At), Who: r.ActorLabel, Action: r.Action, Entity: strings.Trim(r.EntityType+" "+r.EntityID, " "),
			Outcome: rq.T("web.audit.outcome." + r.Outcome), Channel: r.Channel, Reason: r.Reason, Denied: r.Outcome == core.OutcomeDenied,
			Before: pretty(r.Before), After: pretty(r.After)}
		if r.ActorName != "" {
			row.Who = rq.words.Name(r.ActorName)
		}
		data.Rows = append(data.Rows, row)
	}
	q.Del("before")
	if page.Next != "" {
		older := url.Values{}
		for k, vs := range q {
			older[k] = vs
		}
		older.Set("before", page.Next)
		data.Older = template.URL(older.Encode())
	}
	if f.Before != "" {
		data.Newest = template.URL(q.Encode())
	}
	return c.render(rq, "audit", "web.title.audit", data)
}

// optionalDate reads a date field that may be left empty.
func optionalDate(s string) (core.Date, error) {
	if s = strings.TrimSpace(s); s == "" {
		return core.Date{}, nil
	}
	d, err := core.ParseDate(s)
	if err != nil {
		return d, core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", s).With("date", s)
	}
	return d, nil
}

// pretty writes a before or after snapshot as indented JSON.
func pretty(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return ""
	}
	return string(b)
}
