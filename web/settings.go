package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/signin"
)

// maxOrgFile bounds an uploaded org file.
const maxOrgFile = 512 << 10

func (c *Console) routeSettings() {
	if c.cfg.Setup == nil {
		return
	}
	c.addNav("/settings", "web.nav.settings", core.ActionOrgSetup, false)
	c.mux.HandleFunc("GET /settings", c.staffPage(core.ActionOrgSetup, c.settings))
	c.mux.HandleFunc("GET /settings/export", c.staffPage(core.ActionOrgSetup, c.exportOrg))
	c.mux.HandleFunc("POST /settings/preview", c.staffPage(core.ActionOrgSetup, c.previewOrg))
	c.mux.HandleFunc("POST /settings/import", c.staffPage(core.ActionOrgSetup, c.importOrg))
}

type settingsData struct {
	// After a preview: the file (base64, sent back to import it), its
	// name, and what it would change.
	File, Name string
	Changes    []changeRow
	NotInFile  []string
	Undoing    int
	Problems   []string
	Previewed  bool
}

type changeRow struct {
	What   string
	Fields []orgfile.FieldChange
	Undoes []string
}

func (c *Console) settings(rq *request) error {
	return c.render(rq, "settings", "web.title.settings", settingsData{})
}

// exportOrg downloads the org as an org file that `hrbot apply` takes
// unchanged.
func (c *Console) exportOrg(rq *request) error {
	data, err := c.cfg.Setup.ExportFor(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return err
	}
	h := rq.w.Header()
	h.Set("Content-Type", "application/yaml; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+rq.m.Org.Key+`.yaml"`)
	_, err = rq.w.Write(data)
	return err
}

// previewOrg shows what importing an org file would change, and which
// edits made on the web or in chat it would undo.
func (c *Console) previewOrg(rq *request) error {
	if err := rq.r.ParseMultipartForm(maxOrgFile); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return core.Errorf(core.EInvalid, "web.too_big", "upload: %v", err).With("max", "512 KB")
	}
	name, raw, err := sentOrUploaded(rq, "orgfile", maxOrgFile, "512 KB")
	if err != nil {
		return c.settingsProblem(rq, err)
	}
	data := settingsData{Name: name, File: base64.StdEncoding.EncodeToString(raw), Previewed: true}
	file, err := orgfile.Parse(name, raw)
	var problems orgfile.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			data.Problems = append(data.Problems, p.String())
		}
		data.File = ""
		return c.renderStatus(rq, http.StatusBadRequest, "settings", "web.title.settings", data, rq.T("web.settings.problems"))
	}
	if err != nil {
		return c.settingsProblem(rq, err)
	}
	changes, err := c.cfg.Setup.PreviewFor(rq.r.Context(), rq.m, file, name, signin.Channel)
	if err != nil {
		return err
	}
	data.NotInFile, data.Undoing = changes.NotInFile, len(changes.Undoing())
	v := view{request: rq}
	for _, ch := range changes.Records {
		row := changeRow{What: ch.Action + " " + ch.Key, Fields: ch.Fields}
		for _, e := range ch.Undoes {
			who := e.Actor
			if e.Name != "" {
				who = rq.words.Name(e.Name)
			}
			row.Undoes = append(row.Undoes, rq.T("web.settings.undoes", "who", who, "when", v.When(e.At), "channel", e.Channel))
		}
		data.Changes = append(data.Changes, row)
	}
	return c.render(rq, "settings", "web.title.settings", data)
}

// importOrg applies the previewed file, all of it or none of it.
func (c *Console) importOrg(rq *request) error {
	name, raw, err := sentOrUploaded(rq, "orgfile", maxOrgFile, "512 KB")
	if err != nil {
		return c.settingsProblem(rq, err)
	}
	file, err := orgfile.Parse(name, raw)
	if err != nil {
		return c.settingsProblem(rq, core.Errorf(core.EInvalid, "web.settings.problems", "%v", err))
	}
	res, err := c.cfg.Setup.ImportFor(rq.r.Context(), rq.m, file, name, signin.Channel)
	if err != nil {
		return err
	}
	c.cfg.Logger.Info("web: org file imported", "org", rq.m.Org.Key, "created", res.Created, "updated", res.Updated)
	return rq.back("/settings", "web.done.imported_"+strconv.FormatBool(res.Changed()))
}

func (c *Console) settingsProblem(rq *request, err error) error {
	if core.ErrorCodeOf(err) == core.EInternal {
		return err
	}
	return c.renderStatus(rq, http.StatusBadRequest, "settings", "web.title.settings", settingsData{}, rq.words.Error(err))
}
