package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/staff"
)

// maxRoster bounds an uploaded staff list (some 20,000 rows of .xlsx);
// the preview sends it back once more, base64, within the server's bound
// on a request.
const maxRoster = 2 << 20

type problemRow struct {
	Row          int
	Column, Text string
}

type createRow struct {
	Row                         int
	Key, Name, Team, Job, Role  string
	Manager, HireDate, Schedule string
}

type importData struct {
	Name, File string // the list, sent back to apply it
	Rows       int
	Creates    []createRow
	Changes    []staff.FieldChange
	Changed    int
	Unchanged  int
	NewTeams   []string
	Ignored    []problemRow
	Problems   []problemRow
	Previewed  bool
	Invites    []staff.Invite
	Applied    bool
}

func (c *Console) importForm(rq *request) error {
	return c.render(rq, "import", "web.title.import", importData{})
}

// importRoster previews a staff list (an upload), or applies the one the
// preview sent back (apply=1): all of it in one transaction, or nothing.
func (c *Console) importRoster(rq *request) error {
	if err := rq.r.ParseMultipartForm(maxRoster); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return c.importProblem(rq, core.Errorf(core.EInvalid, "web.too_big", "upload: %v", err).With("max", "2 MB"))
	}
	name, raw, err := sentOrUploaded(rq, "roster", maxRoster, "2 MB")
	if err != nil {
		return c.importProblem(rq, err)
	}
	ro, err := staff.ParseRoster(name, bytes.NewReader(raw), maxRoster)
	if err != nil {
		return c.importProblem(rq, err)
	}
	ctx := rq.r.Context()
	data := importData{Name: name, File: base64.StdEncoding.EncodeToString(raw), Previewed: true}
	if rq.r.PostFormValue("apply") == "1" {
		res, err := c.cfg.Staff.ApplyImport(ctx, rq.m, ro, signin.Channel)
		if err != nil && core.ErrorCodeOf(err) != core.EInvalid {
			return err
		}
		c.fillPreview(rq, &data, res.Preview)
		if err != nil {
			data.File = ""
			return c.renderStatus(rq, http.StatusBadRequest, "import", "web.title.import", data, rq.words.Error(err))
		}
		data.Applied, data.Invites, data.File = true, res.Invites, ""
		for i := range data.Invites {
			data.Invites[i].Name = rq.words.Name(data.Invites[i].Name)
		}
		return c.render(rq, "import", "web.title.import", data)
	}
	p, err := c.cfg.Staff.PreviewImport(ctx, rq.m, ro, signin.Channel)
	if err != nil {
		return err
	}
	c.fillPreview(rq, &data, p)
	if !p.OK() {
		data.File = ""
		return c.renderStatus(rq, http.StatusBadRequest, "import", "web.title.import", data,
			rq.T("web.import.refused", "count", strconv.Itoa(len(p.Problems))))
	}
	return c.render(rq, "import", "web.title.import", data)
}

func (c *Console) fillPreview(rq *request, d *importData, p staff.ImportPreview) {
	d.Rows, d.Changes, d.Changed, d.Unchanged = p.Rows, p.Changes, p.Changed, p.Unchanged
	for _, cr := range p.Creates {
		x := cr.Person
		row := createRow{Row: cr.Row, Key: x.Key, Name: rq.words.Name(x.Name), Team: x.Team, Job: x.Job,
			Role: rq.T("web.role." + string(x.Role)), Manager: x.Manager, Schedule: x.Schedule}
		if !x.HireDate.IsZero() {
			row.HireDate = x.HireDate.String()
		}
		d.Creates = append(d.Creates, row)
	}
	for _, t := range p.NewTeams {
		d.NewTeams = append(d.NewTeams, rq.words.Name(t.Name))
	}
	problem := func(x staff.Problem) problemRow {
		return problemRow{Row: x.Row, Column: x.Column, Text: rq.words.Error(&core.Error{Code: core.EInvalid, Key: x.Key, Args: x.Args})}
	}
	for _, x := range p.Problems {
		d.Problems = append(d.Problems, problem(x))
	}
	for _, x := range p.Ignored {
		d.Ignored = append(d.Ignored, problem(x))
	}
}

func (c *Console) importProblem(rq *request, err error) error {
	if core.ErrorCodeOf(err) == core.EInternal || core.ErrorCodeOf(err) == core.EForbidden {
		return err
	}
	return c.renderStatus(rq, http.StatusBadRequest, "import", "web.title.import", importData{}, rq.words.Error(err))
}
