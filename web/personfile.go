package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/core/signin"
)

// People's files on the console: on the person page, the file as the
// reader may see it (HR's edit form with a reason, the corrections to
// decide, their data to download); on /me/file the reader's own, with a
// form to ask HR for a correction and their data to download. The same
// personfile.Service chat uses decides, audits and notifies.

func (c *Console) routeFiles() {
	if c.cfg.Files == nil {
		return
	}
	c.addNav("/me/file", "web.nav.my_file", "", true)
	c.mux.HandleFunc("GET /me/file", c.page(c.myFile))
	c.mux.HandleFunc("POST /me/file/fix", c.page(c.askFileFix))
	c.mux.HandleFunc("POST /me/file/data", c.page(c.myData))
	c.mux.HandleFunc("POST /people/{key}/file", c.staffPage(core.ActionFileManage, c.editFile))
	c.mux.HandleFunc("POST /people/{key}/file/fix/{id}", c.staffPage(core.ActionFileManage, c.decideFileFix))
	c.mux.HandleFunc("POST /people/{key}/data", c.staffPage(core.ActionFileManage, c.theirData))
}

type fileRow struct{ Label, Value string }

type fixRow struct {
	ID   int64
	Line string
}

// fileInput is one field of HR's edit form.
type fileInput struct {
	Name, Label, Value, Type string
	Max                      int
	Options                  []option
}

// fileData is a file as a page shows it.
type fileData struct {
	Key     string
	Rows    []fileRow
	Masked  bool
	Erased  string
	Pending []fixRow
	// Problem is why the file cannot be shown (no encryption key).
	Problem string
	// Edit is set for HR (their own file too): the edit form, the
	// corrections' buttons, their data.
	Edit bool
	// Decide is set for HR on someone else's file: nobody decides their own.
	Decide bool
	Inputs []fileInput
	Reason string
	// Fields and Fix are the correction form of the reader's own file.
	Fields []option
	Fix    struct{ Field, Value, Reason string }
}

// fileSection is the file of the person with key ("" for the reader's
// own) as the reader may see it. A file that cannot be opened (no key)
// says so in place of its rows.
func (c *Console) fileSection(rq *request, key string) (*fileData, error) {
	ctx := rq.r.Context()
	var v personfile.View
	var err error
	if key == "" {
		v, err = c.cfg.Files.Mine(ctx, rq.m, signin.Channel)
	} else {
		v, err = c.cfg.Files.Find(ctx, rq.m, key, signin.Channel)
	}
	if core.ErrorCodeOf(err) == core.EInvalid {
		return &fileData{Key: key, Problem: rq.words.FileError(err)}, nil
	}
	if err != nil {
		return nil, err
	}
	d := &fileData{Key: v.Person.Key, Masked: v.Access == personfile.AccessMasked, Edit: v.CanEdit,
		Decide: v.CanEdit && !v.Self}
	if !v.File.ErasedAt.IsZero() {
		d.Erased = rq.T("personfile.erased", "date", v.File.ErasedAt.In(rq.m.Org.Location()).Format("2006-01-02"))
	}
	for _, f := range personfile.Fields() {
		label := rq.T("personfile.field." + string(f))
		d.Rows = append(d.Rows, fileRow{Label: label, Value: rq.words.FileValue(f, v.File.Get(f))})
		d.Fields = append(d.Fields, option{Value: string(f), Label: label})
	}
	for _, p := range v.Pending {
		line := rq.T("personfile.fix_line", "field", rq.T("personfile.field."+string(p.Field)), "value", rq.words.FileValue(p.Field, p.Value))
		if p.Reason != "" {
			line += rq.T("personfile.fix_reason", "reason", p.Reason)
		}
		d.Pending = append(d.Pending, fixRow{ID: p.ID, Line: line})
	}
	if d.Edit {
		d.Inputs = fileInputs(rq, v.File)
	}
	return d, nil
}

// fileInputs is HR's edit form filled with f.
func fileInputs(rq *request, f personfile.File) []fileInput {
	choices := func(prefix string, values []string) []option {
		out := []option{{Value: "", Label: rq.T("web.file.choose")}}
		for _, v := range values {
			out = append(out, option{Value: v, Label: rq.T(prefix + v)})
		}
		return out
	}
	var idTypes, educations []string
	for _, t := range personfile.IDTypes() {
		idTypes = append(idTypes, string(t))
	}
	for _, e := range personfile.Educations() {
		educations = append(educations, string(e))
	}
	var out []fileInput
	for _, field := range personfile.Fields() {
		in := fileInput{Name: string(field), Label: rq.T("personfile.field." + string(field)), Value: f.Get(field), Type: "text", Max: 100}
		switch field {
		case personfile.FieldIDType:
			in.Type, in.Options = "select", choices("personfile.id_type.", idTypes)
		case personfile.FieldGender:
			in.Type, in.Options = "select", choices("personfile.gender.", []string{string(core.Female), string(core.Male)})
		case personfile.FieldEducation:
			in.Type, in.Options = "select", choices("personfile.education.", educations)
		case personfile.FieldBirthDate:
			in.Type, in.Max = "date", 0
		case personfile.FieldPhone, personfile.FieldEmergencyPhone:
			in.Type, in.Max = "tel", 20
		case personfile.FieldGraduationYear:
			in.Type, in.Max = "number", 0
		case personfile.FieldAddress:
			in.Max = 200
		}
		out = append(out, in)
	}
	return out
}

// myFile is the reader's own file, the correction form and my data.
func (c *Console) myFile(rq *request) error {
	d, err := c.fileSection(rq, "")
	if err != nil {
		return err
	}
	return c.render(rq, "me_file", "web.title.my_file", d)
}

// askFileFix sends HR the correction the reader asks for, as /myfile fix does.
func (c *Console) askFileFix(rq *request) error {
	form := rq.r.PostForm
	field, value, reason := form.Get("field"), form.Get("value"), form.Get("reason")
	_, err := c.cfg.Files.RequestFix(rq.r.Context(), rq.m, personfile.Field(field), value, reason, signin.Channel)
	if err == nil {
		return rq.back("/me/file", "web.done.file_fix_sent")
	}
	if core.ErrorCodeOf(err) == core.EInternal {
		return err
	}
	d, derr := c.fileSection(rq, "")
	if derr != nil {
		return derr
	}
	d.Fix.Field, d.Fix.Value, d.Fix.Reason = field, value, reason
	return c.renderStatus(rq, http.StatusBadRequest, "me_file", "web.title.my_file", d, rq.words.FileError(err))
}

// editFile saves HR's edit form: every field as the form shows it, with
// the reason. A refused value shows the page again with what was typed.
func (c *Console) editFile(rq *request) error {
	key := rq.r.PathValue("key")
	values := map[personfile.Field]string{}
	for _, f := range personfile.Fields() {
		if vs, ok := rq.r.PostForm[string(f)]; ok && len(vs) > 0 {
			values[f] = vs[0]
		}
	}
	reason := rq.r.PostFormValue("reason")
	changed, err := c.cfg.Files.Set(rq.r.Context(), rq.m, key, values, reason, signin.Channel)
	switch {
	case err == nil && len(changed) == 0:
		return rq.back("/people/"+key, "web.done.file_unchanged")
	case err == nil:
		return rq.back("/people/"+key, "web.done.file_saved")
	case core.ErrorCodeOf(err) != core.EInvalid:
		return err
	}
	d, derr := c.personPage(rq)
	if derr != nil {
		return derr
	}
	if d.File != nil {
		for i, in := range d.File.Inputs {
			d.File.Inputs[i].Value = values[personfile.Field(in.Name)]
		}
		d.File.Reason = reason
	}
	return c.renderStatus(rq, http.StatusBadRequest, "person", "web.title.person", d, rq.words.FileError(err))
}

// decideFileFix is HR's Approve or Reject of a correction on the person page.
func (c *Console) decideFileFix(rq *request) error {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return core.Errorf(core.ENotFound, "web.not_found", "no such correction")
	}
	fix, err := c.cfg.Files.Decide(rq.r.Context(), rq.m, id, rq.r.PostFormValue("decision") == "approve", signin.Channel)
	if err != nil {
		return err
	}
	return rq.back("/people/"+fix.Person.Key, "web.done.fix_"+string(fix.Status))
}

// myData downloads everything hrbot holds about the reader.
func (c *Console) myData(rq *request) error {
	b, err := c.cfg.Files.MyData(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return err
	}
	return c.sendBundle(rq, b)
}

// theirData downloads everything hrbot holds about a person, for HR.
func (c *Console) theirData(rq *request) error {
	b, err := c.cfg.Files.DataOf(rq.r.Context(), rq.m, rq.r.PathValue("key"), signin.Channel)
	if err != nil {
		return err
	}
	return c.sendBundle(rq, b)
}

func (c *Console) sendBundle(rq *request, b personfile.Bundle) error {
	zip, err := b.Zip(rq.words.DataReadme(b))
	if err != nil {
		return err
	}
	h := rq.w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(b.FileName(), `"`, "")+`"`)
	h.Set("Cache-Control", "no-store")
	_, err = rq.w.Write(zip)
	return err
}
