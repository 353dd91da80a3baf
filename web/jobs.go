package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/signin"
)

// maxDescription bounds a description typed on the console.
const maxDescription = 32 << 10

// routeJobs serves job descriptions (岗位说明书): the org's jobs with their
// people (/jobs) and each job's description (/jobs/{key}) for everyone, as
// /job in chat; HR and admins edit a description (/jobs/{key}/edit) in
// the org file's own words, checked as the org file is.
func (c *Console) routeJobs() {
	if c.cfg.Jobs == nil {
		return
	}
	c.addNav("/jobs", "web.nav.jobs", "", false)
	c.mux.HandleFunc("GET /jobs", c.page(c.jobsList))
	c.mux.HandleFunc("GET /jobs/{key}", c.page(c.jobPage))
	c.mux.HandleFunc("GET /jobs/{key}/edit", c.staffPage(core.ActionJobEdit, c.jobEdit))
	c.mux.HandleFunc("POST /jobs/{key}/edit", c.staffPage(core.ActionJobEdit, c.saveJob))
}

// jobRow is one job in the list.
type jobRow struct {
	Key, Name, People, Pay string
	Described, Mine        bool
}

func (c *Console) jobsList(rq *request) error {
	js, err := c.cfg.Jobs.List(rq.r.Context(), rq.m)
	if err != nil {
		return err
	}
	rows, known := make([]jobRow, 0, len(js)), jobs.Known(js)
	for _, j := range js {
		row := jobRow{Key: j.Key, Name: rq.words.JobName(known, j.Key), People: rq.words.JobPeople(j),
			Described: !j.Description.Empty(), Mine: j.Key == rq.m.Employee.Job}
		if p := j.Description.Pay; p != nil {
			row.Pay = rq.words.PayRange(*p)
		}
		rows = append(rows, row)
	}
	return c.render(rq, "jobs", "web.title.jobs", rows)
}

// jobData is a job's page: its description as /job writes it, part by
// part, with the reader's skills against those it needs.
type jobData struct {
	Key, Name, Summary, People, Pay, Shifts string
	Mine, Described, CanEdit                bool
	Responsibilities, KPIs                  []string
	Skills                                  []skillRow
	Lacking                                 int
}

// skillRow is a skill a job needs, ✓ or ✗ against the reader's.
type skillRow struct {
	Text string
	Met  bool
}

func (c *Console) jobPage(rq *request) error {
	ctx := rq.r.Context()
	v, err := c.cfg.Jobs.Describe(ctx, rq.m, rq.r.PathValue("key"))
	if err != nil {
		return notFoundJob(err, rq.r.PathValue("key"))
	}
	d := v.Job.Description
	data := jobData{Key: v.Job.Key, Name: rq.words.JobName(v.Known, v.Job.Key), Summary: jobs.Text(d.Summary, rq.Locale()),
		People: rq.words.JobPeople(v.Job), Mine: v.Mine, Described: !d.Empty(), Lacking: v.Lacking(),
		CanEdit: len(v.Job.Names) > 0 && core.Authorize(rq.m, core.ActionJobEdit, nil) == nil}
	for _, r := range d.Responsibilities {
		data.Responsibilities = append(data.Responsibilities, jobs.Text(r, rq.Locale()))
	}
	for _, s := range v.Skills {
		data.Skills = append(data.Skills, skillRow{Text: rq.words.JobSkill(v.Known, s), Met: s.Met()})
	}
	for _, k := range d.KPIs {
		data.KPIs = append(data.KPIs, rq.words.KPI(k))
	}
	if d.Pay != nil {
		data.Pay = rq.words.PayRange(*d.Pay)
	}
	if len(v.Shifts) > 0 {
		data.Shifts = rq.words.JobShifts(v.Shifts)
	}
	return c.render(rq, "job", "web.title.job", data)
}

// notFoundJob makes a job word in a URL that names no job a page not
// found, as for any other record.
func notFoundJob(err error, key string) error {
	if e, ok := core.AsError(err); ok && e.Key == "jobs.unknown" {
		return core.Errorf(core.ENotFound, "jobs.not_declared", "no job %q", key).With("job", key)
	}
	return err
}

// jobEditData is the editor: the description in the org file's words.
type jobEditData struct {
	Key, Name, Text string
	Problems        []string
}

func (c *Console) jobEdit(rq *request) error {
	v, err := c.cfg.Jobs.Describe(rq.r.Context(), rq.m, rq.r.PathValue("key"))
	if err != nil {
		return notFoundJob(err, rq.r.PathValue("key"))
	}
	if len(v.Job.Names) == 0 { // in use but not declared: nothing to describe it under
		return core.Errorf(core.ENotFound, "jobs.not_declared", "no job %q declared", v.Job.Key).With("job", v.Job.Key)
	}
	data := jobEditData{Key: v.Job.Key, Name: rq.words.JobName(v.Known, v.Job.Key)}
	if !v.Job.Description.Empty() {
		text, err := orgfile.MarshalDescription(v.Job.Description)
		if err != nil {
			return err
		}
		data.Text = string(text)
	}
	return c.render(rq, "job_edit", "web.title.job_edit", data)
}

// saveJob checks the description typed and stores it; an empty one
// removes it. Problems are shown with their lines, as for an org file.
func (c *Console) saveJob(rq *request) error {
	ctx := rq.r.Context()
	key := rq.r.PathValue("key")
	text := rq.r.PostFormValue("description")
	data := jobEditData{Key: key, Name: key, Text: text}
	if js, err := c.cfg.Jobs.List(ctx, rq.m); err == nil {
		data.Name = rq.words.JobName(jobs.Known(js), key)
	}
	if len(text) > maxDescription {
		return c.renderStatus(rq, http.StatusBadRequest, "job_edit", "web.title.job_edit", data, rq.T("web.too_big", "max", "32 KB"))
	}
	var d jobs.Description
	if strings.TrimSpace(text) != "" {
		shifts, err := c.cfg.Jobs.ShiftJobs(ctx, rq.m)
		if err != nil {
			return err
		}
		d, err = orgfile.ParseDescription(key, []byte(text), key, shifts)
		var problems orgfile.Problems
		if errors.As(err, &problems) {
			for _, p := range problems {
				data.Problems = append(data.Problems, p.String())
			}
			return c.renderStatus(rq, http.StatusBadRequest, "job_edit", "web.title.job_edit", data, rq.T("web.jobs.problems"))
		}
		if err != nil {
			return err
		}
	}
	if err := c.cfg.Jobs.SetDescription(ctx, rq.m, key, d, signin.Channel); err != nil {
		if core.ErrorCodeOf(err) == core.EInvalid {
			return c.renderStatus(rq, http.StatusBadRequest, "job_edit", "web.title.job_edit", data, rq.words.Error(err))
		}
		return err
	}
	return rq.back("/jobs/"+key, "web.done.job_saved")
}
