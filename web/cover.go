package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/signin"
)

// coverDays is how far back the page lists requests that ended.
const coverDays = 14

// routeCover serves the cover pool for managers and HR: open and recent
// requests with their offers and helpers, and a form asking for cover as
// chat's /cover does.
func (c *Console) routeCover() {
	if c.cfg.Cover == nil {
		return
	}
	c.addNav("/cover", "web.nav.cover", core.ActionCoverRequest, false)
	c.mux.HandleFunc("GET /cover", c.staffPage(core.ActionCoverRequest, c.coverPage))
	c.mux.HandleFunc("POST /cover", c.staffPage(core.ActionCoverRequest, c.askCover))
}

type helperRow struct {
	Name, Rating string
}

type coverRow struct {
	ID                        int64
	What, Status, Hours       string
	Needed, Filled            int
	Offered, Declined, Waited int
	Reason                    string
	FromLeave                 bool
	Helpers                   []helperRow
}

// coverForm is the request form as typed, kept across errors.
type coverForm struct {
	Job, Date, From, To, Count, Reason string
}

type coverData struct {
	Jobs     []leaveTypeOption
	Requests []coverRow
	Form     coverForm
}

func (c *Console) coverPage(rq *request) error {
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	data, err := c.coverData(rq, coverForm{Date: today.String(), Count: "1"})
	if err != nil {
		return err
	}
	return c.render(rq, "cover", "web.title.cover", data)
}

func (c *Console) coverData(rq *request, form coverForm) (coverData, error) {
	ctx := rq.r.Context()
	rs, err := c.cfg.Cover.Service.Recent(ctx, rq.m, coverDays, signin.Channel)
	if err != nil {
		return coverData{}, err
	}
	jobs, err := c.cfg.Cover.Jobs(ctx, rq.m.Org.ID)
	if err != nil {
		return coverData{}, err
	}
	data := coverData{Form: form}
	for _, j := range jobs {
		data.Jobs = append(data.Jobs, leaveTypeOption{Key: j.Key, Name: rq.words.Job(j.Key)})
	}
	loc := rq.m.Org.Location()
	for _, r := range rs {
		start, end := r.Start.In(loc), r.End.In(loc)
		row := coverRow{ID: r.ID, Needed: r.Needed, Filled: r.Filled, Reason: r.Reason, FromLeave: r.Source == "leave",
			What:   rq.words.Job(r.Job) + " · " + start.Format("2006-01-02 15:04") + "–" + end.Format("15:04"),
			Status: rq.T("web.cover.status." + r.Status), Hours: rq.words.Duration(r.Minutes())}
		offers, err := c.cfg.Cover.Offers(ctx, r.ID)
		if err != nil {
			return coverData{}, err
		}
		for _, state := range offers {
			row.Offered++
			switch state {
			case "declined":
				row.Declined++
			case "offered":
				row.Waited++
			}
		}
		as, err := c.cfg.Cover.Assignments(ctx, r.ID)
		if err != nil {
			return coverData{}, err
		}
		for _, a := range as {
			h := helperRow{Name: rq.words.Name(a.EmployeeName), Rating: rq.T("web.cover.unrated")}
			if a.Rating > 0 {
				h.Rating = strings.Repeat("★", a.Rating)
			}
			row.Helpers = append(row.Helpers, h)
		}
		data.Requests = append(data.Requests, row)
	}
	return data, nil
}

// askCover opens a request as chat's /cover does and sends its first
// wave of offers.
func (c *Console) askCover(rq *request) error {
	f := rq.r.PostForm
	form := coverForm{Job: f.Get("job"), Date: f.Get("date"), From: f.Get("from"), To: f.Get("to"), Count: f.Get("count"),
		Reason: strings.TrimSpace(f.Get("reason"))}
	in, err := manual(rq, form)
	if err == nil {
		_, _, err = c.cfg.Cover.Open(rq.r.Context(), rq.m, in, signin.Channel)
	}
	if err == nil {
		return rq.back("/cover", "web.done.cover_opened")
	}
	if code := core.ErrorCodeOf(err); code == core.EInternal || code == core.EForbidden {
		return err
	}
	data, derr := c.coverData(rq, form)
	if derr != nil {
		return derr
	}
	return c.renderStatus(rq, http.StatusBadRequest, "cover", "web.title.cover", data, rq.words.Error(err))
}

// manual reads the form into the request chat's /cover would make; an
// end at or before the start runs past midnight.
func manual(rq *request, form coverForm) (cover.Manual, error) {
	day, err := core.ParseDate(form.Date)
	if err != nil {
		return cover.Manual{}, core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", form.Date).With("date", form.Date)
	}
	from, ok1 := clockMinutes(form.From)
	to, ok2 := clockMinutes(form.To)
	if !ok1 || !ok2 {
		return cover.Manual{}, core.Errorf(core.EInvalid, "cover.bad_hours", "bad hours")
	}
	if to <= from {
		to += 24 * 60
	}
	n, err := strconv.Atoi(strings.TrimSpace(form.Count))
	if err != nil {
		return cover.Manual{}, core.Errorf(core.EInvalid, "cover.bad_needed", "needed %q", form.Count)
	}
	loc := rq.m.Org.Location()
	return cover.Manual{Job: form.Job, Start: day.At(from, loc), End: day.At(to, loc), Needed: n, Reason: form.Reason}, nil
}

// clockMinutes reads "HH:MM" as minutes after midnight.
func clockMinutes(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}
