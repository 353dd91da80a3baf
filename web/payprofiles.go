package web

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/signin"
)

// maxProfileFile bounds an uploaded pay-profile file: a 5,000-person
// sheet is well under it, and the server takes no request over 1 MiB.
const maxProfileFile = 512 << 10

func (c *Console) routePayProfiles() {
	if c.cfg.Payroll == nil {
		return
	}
	staff := func(h handler) http.HandlerFunc { return c.staffPage(core.ActionPayrollManage, h) }
	c.mux.HandleFunc("GET /payroll/profiles/template.csv", staff(c.profilesTemplate))
	c.mux.HandleFunc("POST /payroll/profiles", c.boundedUpload(maxProfileFile, "web.too_big", "512 KB", staff(c.uploadProfiles)))
}

// profilesData is the Pay profiles section of the payroll page.
type profilesData struct {
	With     []string // names of the active people with a profile
	Without  []string // names of those a draft leaves out
	CanSeal  bool
	Problems []problemRow // of a refused upload
}

// profilesSection reads who has a pay profile and who lacks one.
func (c *Console) profilesSection(rq *request) (*profilesData, error) {
	cov, err := c.cfg.Payroll.ProfileCoverage(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return nil, err
	}
	d := &profilesData{CanSeal: cov.CanSeal}
	for _, p := range cov.With {
		d.With = append(d.With, rq.words.Name(p.Name))
	}
	for _, p := range cov.Without {
		d.Without = append(d.Without, rq.words.Name(p.Name))
	}
	return d, nil
}

// profilesTemplate downloads a pay-profile CSV to fill in: every column
// under its Chinese and English name, and a row for each person who lacks
// a profile, salary left for HR. It has a byte-order mark so that Excel
// opens it as UTF-8.
func (c *Console) profilesTemplate(rq *request) error {
	cov, err := c.cfg.Payroll.ProfileCoverage(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return err
	}
	name := "pay-profiles-" + rq.m.Org.Key + ".csv"
	return download(rq, name, mimeCSV, func(w io.Writer) error {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		header := make([]string, len(payroll.ProfileColumns))
		for i, col := range payroll.ProfileColumns {
			header[i] = col.Header()
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, p := range cov.Without {
			row := make([]string, len(header))
			for i, col := range payroll.ProfileColumns {
				switch col.Key {
				case "key":
					row[i] = p.Key
				case "name":
					row[i] = p.Name
				case "kind":
					row[i] = rq.T("web.payprofiles.kind_monthly")
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

// uploadProfiles imports a pay-profile file (.xlsx or .csv) with the
// service's ImportProfiles: saved whole, or refused with every problem
// by row and column.
func (c *Console) uploadProfiles(rq *request) error {
	f, hdr, err := rq.r.FormFile("profiles")
	if err != nil {
		return c.profilesRefused(rq, nil, rq.words.Error(core.Errorf(core.EInvalid, "web.settings.no_file", "no file")))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProfileFile+1))
	if err != nil {
		return fmt.Errorf("web: read pay profiles: %w", err)
	}
	if len(data) > maxProfileFile {
		return c.profilesRefused(rq, nil, rq.words.Error(core.Errorf(core.EInvalid, "web.too_big", "pay profiles over the limit").With("max", "512 KB")))
	}
	name := path.Base(hdr.Filename)
	if ext := strings.ToLower(path.Ext(name)); ext != ".csv" && ext != ".xlsx" && ext != ".xlsm" && ext != ".txt" {
		return c.profilesRefused(rq, nil, rq.words.Error(core.Errorf(core.EInvalid, "staff.file_type", "%s is not .xlsx or .csv", name).With("file", name)))
	}
	_, probs, err := c.cfg.Payroll.ImportProfiles(rq.r.Context(), rq.m, name, data, signin.Channel)
	if err != nil && core.ErrorCodeOf(err) != core.EInvalid {
		return err
	}
	if err != nil {
		return c.profilesRefused(rq, nil, rq.words.Error(err))
	}
	if len(probs) > 0 {
		rows := make([]problemRow, 0, len(probs))
		for _, p := range probs {
			rows = append(rows, problemRow{Row: p.Line, Column: p.Column, Text: rq.words.Error(p.Err)})
		}
		return c.profilesRefused(rq, rows, rq.T("web.payprofiles.refused", "count", strconv.Itoa(len(probs))))
	}
	return rq.back("/payroll", "web.done.payprofiles_saved")
}

// profilesRefused shows the payroll page again with why the file was
// refused.
func (c *Console) profilesRefused(rq *request, problems []problemRow, msg string) error {
	data, err := c.runsData(rq)
	if err != nil {
		return err
	}
	data.Profiles.Problems = problems
	return c.renderStatus(rq, http.StatusBadRequest, "payroll_runs", "web.title.payroll", data, msg)
}

// missingProfiles names the active people a draft leaves out for want of
// a pay profile, as chat's draft names them.
func (c *Console) missingProfiles(rq *request) ([]string, error) {
	cov, err := c.cfg.Payroll.ProfileCoverage(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range cov.Without {
		out = append(out, rq.words.Name(p.Name))
	}
	return out, nil
}
