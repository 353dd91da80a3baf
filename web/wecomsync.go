package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/staff"
)

// The WeCom sync for HR (/people/wecom): the daily job's switches, the
// directory previewed and applied, and WeCom's check-ins imported — what
// `hrbot wecom sync` and `hrbot wecom checkins` do, without a terminal.

// WeComSync brings WeCom's directory and check-ins into hrbot
// (*wecomsync.Service). Its errors: core EForbidden (audited) for anyone
// who may not manage people; dirsync.ErrSource when WeCom could not be
// read.
type WeComSync interface {
	// Preview says what importing the directory as actor would do.
	Preview(ctx context.Context, actor core.Member, channel string) (dirsync.Report, error)
	// ApplyPreviewed applies the directory if it still gives the preview
	// named digest, else returns EConflict with the new preview.
	ApplyPreviewed(ctx context.Context, actor core.Member, digest, channel string) (dirsync.Report, error)
	// ImportPunches imports the punches of from to to, each once.
	ImportPunches(ctx context.Context, actor core.Member, from, to core.Date, channel string) (dirsync.Punches, error)
}

func (c *Console) routeWeComSync() {
	if c.cfg.WeComSync == nil || c.cfg.WeComDaily == nil {
		return
	}
	c.mux.HandleFunc("GET /people/wecom", c.staffPage(core.ActionPeopleManage, c.wecomSyncPage))
	c.mux.HandleFunc("GET /people/wecom/preview", c.staffPage(core.ActionPeopleManage, c.wecomSyncPreview))
	c.mux.HandleFunc("POST /people/wecom/apply", c.staffPage(core.ActionPeopleManage, c.wecomSyncApply))
	c.mux.HandleFunc("POST /people/wecom/daily", c.staffPage(core.ActionPeopleManage, c.wecomSyncDaily))
	c.mux.HandleFunc("POST /people/wecom/checkins", c.staffPage(core.ActionPeopleManage, c.wecomSyncCheckins))
}

// wecomSyncData is the page: the switches and the last run, the
// check-in form, and a preview or what was done when there is one.
type wecomSyncData struct {
	Daily    dirsync.Daily
	Last     []string // the last run, as HR was told it, a line each
	From, To string   // the check-in form
	Sync     *syncView
	Punches  string // what an import did
}

// syncView is a preview of the directory, or what applying it did.
type syncView struct {
	Summary   string
	NewTeams  []string
	Creates   []createRow
	Changes   []syncChange
	Problems  []problemRow
	Missing   []string
	Digest    string // to apply this preview; "" when nothing is to apply
	Applied   bool
	Unchanged bool // hrbot already matches
}

type syncChange struct {
	Row                        int
	Name, Field, Before, After string
}

func (c *Console) wecomSyncPage(rq *request) error {
	d, err := c.wecomSyncBase(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "wecomsync", "web.title.wecomsync", d)
}

// wecomSyncBase is the page without a preview: the switches, the last
// run, the check-in form with this month so far.
func (c *Console) wecomSyncBase(rq *request) (*wecomSyncData, error) {
	daily, err := c.cfg.WeComDaily.Daily(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return nil, err
	}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	d := &wecomSyncData{Daily: daily, From: today.MonthStart().String(), To: today.String()}
	if !daily.Last.IsZero() {
		d.Last = strings.Split(rq.words.DirectorySynced(daily.Last.Params()), "\n")
	}
	return d, nil
}

// wecomSyncPreview reads the directory and shows what applying it would do.
func (c *Console) wecomSyncPreview(rq *request) error {
	d, err := c.wecomSyncBase(rq)
	if err != nil {
		return err
	}
	rep, err := c.cfg.WeComSync.Preview(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return c.wecomSyncFailed(rq, d, err)
	}
	d.Sync = c.syncView(rq, rep)
	return c.render(rq, "wecomsync", "web.title.wecomsync", d)
}

// wecomSyncApply applies the preview the form names — only if the
// directory still gives it, else the new preview is shown to check and
// apply again: HR applies what they saw, never a plan they did not.
func (c *Console) wecomSyncApply(rq *request) error {
	d, err := c.wecomSyncBase(rq)
	if err != nil {
		return err
	}
	rep, err := c.cfg.WeComSync.ApplyPreviewed(rq.r.Context(), rq.m, rq.r.PostFormValue("digest"), signin.Channel)
	if err != nil && rep.Digest != "" && (core.ErrorCodeOf(err) == core.EConflict || core.ErrorCodeOf(err) == core.EInvalid) {
		d.Sync = c.syncView(rq, rep)
		status := http.StatusConflict
		if core.ErrorCodeOf(err) == core.EInvalid {
			status = http.StatusBadRequest
		}
		return c.renderStatus(rq, status, "wecomsync", "web.title.wecomsync", d, rq.words.Error(err))
	}
	if err != nil {
		return c.wecomSyncFailed(rq, d, err)
	}
	d.Sync = c.syncView(rq, rep)
	return c.render(rq, "wecomsync", "web.title.wecomsync", d)
}

// wecomSyncDaily sets the daily job's switches.
func (c *Console) wecomSyncDaily(rq *request) error {
	f := rq.r.PostForm
	if _, err := c.cfg.WeComDaily.SetDaily(rq.r.Context(), rq.m, f.Get("directory") == "1", f.Get("checkins") == "1", signin.Channel); err != nil {
		return err
	}
	return rq.back("/people/wecom", "web.done.wecom_daily")
}

// wecomSyncCheckins imports WeCom's punches of the days asked for.
func (c *Console) wecomSyncCheckins(rq *request) error {
	d, err := c.wecomSyncBase(rq)
	if err != nil {
		return err
	}
	d.From, d.To = strings.TrimSpace(rq.r.PostFormValue("from")), strings.TrimSpace(rq.r.PostFormValue("to"))
	var days [2]core.Date
	for i, s := range []string{d.From, d.To} {
		var err error
		if days[i], err = core.ParseDate(s); err != nil {
			err = core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", s).With("date", s)
			return c.renderStatus(rq, http.StatusBadRequest, "wecomsync", "web.title.wecomsync", d, rq.words.Error(err))
		}
	}
	from, to := days[0], days[1]
	n, err := c.cfg.WeComSync.ImportPunches(rq.r.Context(), rq.m, from, to, signin.Channel)
	if core.ErrorCodeOf(err) == core.EInvalid {
		return c.renderStatus(rq, http.StatusBadRequest, "wecomsync", "web.title.wecomsync", d, rq.words.Error(err))
	}
	if err != nil {
		return c.wecomSyncFailed(rq, d, err)
	}
	d.Punches = rq.T("web.wecomsync.imported", "from", from.String(), "to", to.String(), "imported", strconv.Itoa(n.Imported),
		"already", strconv.Itoa(n.Already), "unlinked", strconv.Itoa(n.Unlinked), "other", strconv.Itoa(n.Other))
	return c.render(rq, "wecomsync", "web.title.wecomsync", d)
}

// wecomSyncFailed shows the page with why: WeCom could not be asked
// (logged, 502), or the error's own page.
func (c *Console) wecomSyncFailed(rq *request, d *wecomSyncData, err error) error {
	if !errors.Is(err, dirsync.ErrSource) {
		return err
	}
	c.logError(rq.r, "wecom", err)
	return c.renderStatus(rq, http.StatusBadGateway, "wecomsync", "web.title.wecomsync", d, rq.T("web.wecomsync.unreachable"))
}

// syncView writes a report for the reader.
func (c *Console) syncView(rq *request, rep dirsync.Report) *syncView {
	pv := rep.Preview
	v := &syncView{Applied: rep.Applied, Unchanged: pv.OK() && rep.Changes() == 0}
	if rep.Applied {
		v.Summary = rq.T("web.wecomsync.applied", "created", strconv.Itoa(len(pv.Creates)), "changed", strconv.Itoa(pv.Changed),
			"teams", strconv.Itoa(len(pv.NewTeams)))
	} else {
		v.Summary = rq.T("web.wecomsync.summary", "departments", strconv.Itoa(rep.Departments), "members", strconv.Itoa(rep.Members),
			"skipped", strconv.Itoa(rep.SkippedGone), "created", strconv.Itoa(len(pv.Creates)), "changed", strconv.Itoa(pv.Changed),
			"unchanged", strconv.Itoa(pv.Unchanged))
		if pv.OK() && rep.Changes() > 0 {
			v.Digest = rep.Digest
		}
	}
	var imp importData
	c.fillPreview(rq, &imp, pv)
	v.NewTeams, v.Creates, v.Problems = imp.NewTeams, imp.Creates, imp.Problems
	for i := range v.Creates {
		v.Creates[i].Team = syncValue(rq, rep, staff.FieldTeam, v.Creates[i].Team)
		v.Creates[i].Manager = syncValue(rq, rep, staff.FieldManager, v.Creates[i].Manager)
	}
	for _, ch := range pv.Changes {
		field := "web.person." + string(ch.Field)
		if ch.Field == staff.FieldLeftOn {
			field = "web.person.last_day"
		}
		v.Changes = append(v.Changes, syncChange{Row: ch.Row, Name: rq.words.Name(ch.Name), Field: rq.T(field),
			Before: syncValue(rq, rep, ch.Field, ch.Before), After: syncValue(rq, rep, ch.Field, ch.After)})
	}
	for _, p := range rep.Missing {
		v.Missing = append(v.Missing, rq.words.Name(p.Name)+" ("+p.Key+")")
	}
	return v
}

// syncValue writes a staff list's value as the people page does: teams
// and managers by name, a status in words.
func syncValue(rq *request, rep dirsync.Report, f staff.Field, v string) string {
	names := map[staff.Field]map[string]string{staff.FieldTeam: rep.TeamNames, staff.FieldManager: rep.PersonNames}[f]
	switch {
	case v == "":
		return ""
	case names[v] != "":
		return rq.words.Name(names[v])
	case f == staff.FieldStatus:
		return rq.T("web.status." + v)
	}
	return v
}
