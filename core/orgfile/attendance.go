package orgfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

// intField reads an optional whole number within [lo, hi].
func (p *parser) intField(f map[string]*yaml.Node, key, path string, def, lo, hi int) int {
	v, n := p.str(f, key, path, true)
	if n == nil || v == "" {
		return def
	}
	i, err := strconv.Atoi(v)
	if err != nil || i < lo || i > hi {
		p.errorf(n, join(path, key), "must be a whole number from %d to %d, got %q", lo, hi, v)
		return def
	}
	return i
}

func (p *parser) floatField(f map[string]*yaml.Node, parent *yaml.Node, key, path string, lo, hi float64) float64 {
	v, n := p.requireStr(parent, f, key, path)
	if v == "" {
		return 0
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x < lo || x > hi {
		p.errorf(n, join(path, key), "must be a number from %g to %g, got %q", lo, hi, v)
	}
	return x
}

func (p *parser) clock(f map[string]*yaml.Node, parent *yaml.Node, key, path string, required bool) (int, bool) {
	var v string
	var n *yaml.Node
	if required {
		v, n = p.requireStr(parent, f, key, path)
	} else {
		v, n = p.str(f, key, path, true)
	}
	if n == nil || v == "" {
		return 0, false
	}
	m, err := attendance.ParseClockTime(v)
	if err != nil {
		p.errorf(n, join(path, key), "must be a time like 09:00, got %q", v)
		return 0, false
	}
	return m, true
}

func (p *parser) attendance(n *yaml.Node, path string) attendance.Policy {
	pol := attendance.DefaultPolicy()
	if n == nil {
		return pol
	}
	f := p.fields(n, path, "workweek", "hours", "grace_minutes", "early_grace_minutes", "absent_after_minutes",
		"overtime_min_minutes", "auto_checkout_after_minutes", "checkin_open_minutes", "geofence", "correction_days",
		"corrections_per_month")
	if wn := f["workweek"]; wn != nil {
		var tokens []string
		for _, t := range p.seq(wn, join(path, "workweek")) {
			tokens = append(tokens, t.Value)
		}
		days, err := calendar.ParseWorkweek(tokens)
		if err != nil {
			p.errorf(wn, join(path, "workweek"), "%v", err)
		} else {
			pol.Workweek = days
		}
	}
	if hn := f["hours"]; hn != nil {
		hpath := join(path, "hours")
		hf := p.fields(hn, hpath, "start", "end", "break_minutes")
		if m, ok := p.clock(hf, hn, "start", hpath, true); ok {
			pol.DayStart = m
		}
		if m, ok := p.clock(hf, hn, "end", hpath, true); ok {
			pol.DayEnd = m
		}
		pol.DayBreak = p.intField(hf, "break_minutes", hpath, 60, 0, 600)
	}
	pol.Grace = p.intField(f, "grace_minutes", path, pol.Grace, 0, 240)
	pol.EarlyGrace = p.intField(f, "early_grace_minutes", path, pol.EarlyGrace, 0, 240)
	pol.AbsentAfter = p.intField(f, "absent_after_minutes", path, pol.AbsentAfter, 1, 1440)
	pol.OvertimeMin = p.intField(f, "overtime_min_minutes", path, pol.OvertimeMin, 0, 480)
	pol.AutoCheckoutAfter = p.intField(f, "auto_checkout_after_minutes", path, pol.AutoCheckoutAfter, 0, 1440)
	pol.CheckinOpen = p.intField(f, "checkin_open_minutes", path, pol.CheckinOpen, 0, 720)
	pol.CorrectionDays = p.intField(f, "correction_days", path, pol.CorrectionDays, 1, 366)
	pol.CorrectionsPerMonth = p.intField(f, "corrections_per_month", path, pol.CorrectionsPerMonth, 0, 100)
	if g, gn := p.str(f, "geofence", path, true); gn != nil {
		switch attendance.GeofenceMode(g) {
		case attendance.GeofenceOff, attendance.GeofenceFlag, attendance.GeofenceRefuse:
			pol.Geofence = attendance.GeofenceMode(g)
		default:
			p.errorf(gn, join(path, "geofence"), "must be off, flag or refuse, got %q", g)
		}
	}
	return pol
}

func (p *parser) sites(n *yaml.Node, path string) []attendance.Site {
	var out []attendance.Site
	seen := map[string]bool{}
	for i, sn := range p.seq(n, path) {
		spath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(sn, spath, "key", "name", "lat", "lon", "radius_m")
		s := attendance.Site{Key: p.key(sn, f, spath)}
		s.Name, _ = p.requireStr(sn, f, "name", spath)
		s.Lat = p.floatField(f, sn, "lat", spath, -90, 90)
		s.Lon = p.floatField(f, sn, "lon", spath, -180, 180)
		s.RadiusM = p.intField(f, "radius_m", spath, 200, 10, 100000)
		if seen[s.Key] && s.Key != "" {
			p.errorf(sn, join(spath, "key"), "site %q is declared twice", s.Key)
		}
		seen[s.Key] = true
		out = append(out, s)
	}
	return out
}

func (p *parser) shifts(n *yaml.Node, path string, o *OrgSpec) map[string]bool {
	keys := map[string]bool{}
	for i, sn := range p.seq(n, path) {
		spath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(sn, spath, "key", "name", "start", "end", "break_minutes", "job")
		s := attendance.Shift{Key: p.key(sn, f, spath)}
		s.Name, _ = p.requireStr(sn, f, "name", spath)
		s.Start, _ = p.clock(f, sn, "start", spath, true)
		s.End, _ = p.clock(f, sn, "end", spath, true)
		s.BreakMinutes = p.intField(f, "break_minutes", spath, 0, 0, 600)
		if j, jn := p.str(f, "job", spath, false); j != "" {
			if !core.ValidKey(j) {
				p.errorf(jn, join(spath, "job"), "%q is not a valid job key", j)
			}
			s.Job = j
		}
		if s.Key != "" && s.BreakMinutes >= s.Span() {
			p.errorf(sn, join(spath, "break_minutes"), "the break (%d min) is as long as the shift %s", s.BreakMinutes, s.Hours())
		}
		if keys[s.Key] && s.Key != "" {
			p.errorf(sn, join(spath, "key"), "shift %q is declared twice", s.Key)
		}
		if s.Key == "off" {
			p.errorf(sn, join(spath, "key"), `"off" means a day off in schedules; name the shift otherwise`)
		}
		keys[s.Key] = true
		o.Shifts = append(o.Shifts, s)
	}
	return keys
}

var weekdayKeys = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func (p *parser) schedules(n *yaml.Node, path string, shifts map[string]bool, o *OrgSpec) map[string]bool {
	keys := map[string]bool{}
	shiftRef := func(v *yaml.Node, field string) string {
		if v.Kind != yaml.ScalarNode {
			p.errorf(v, field, "must be a shift key or off")
			return ""
		}
		k := strings.TrimSpace(v.Value)
		if k == "off" || k == "" || k == "-" {
			return ""
		}
		if !shifts[k] {
			p.errorf(v, field, "no shift %q in this org (declare it under shifts, or write off)", k)
		}
		return k
	}
	for i, sn := range p.seq(n, path) {
		spath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(sn, spath, "key", "name", "start", "weeks", "cycle", "holidays")
		s := attendance.Schedule{Key: p.key(sn, f, spath)}
		s.Name, _ = p.str(f, "name", spath, false)
		if s.Name == "" {
			s.Name = s.Key
		}
		if d, dn := p.requireStr(sn, f, "start", spath); d != "" {
			date, err := core.ParseDate(d)
			if err != nil {
				p.errorf(dn, join(spath, "start"), "must be a date like 2026-11-02, got %q", d)
			}
			s.Start = date
		}
		switch {
		case f["weeks"] != nil && f["cycle"] != nil:
			p.errorf(sn, spath, "has both weeks and cycle; a schedule is one or the other")
		case f["weeks"] != nil:
			s.Kind = attendance.ScheduleWeekly
			for w, wn := range p.seq(f["weeks"], join(spath, "weeks")) {
				wpath := fmt.Sprintf("%s.weeks[%d]", spath, w)
				wf := p.fields(wn, wpath, weekdayKeys...)
				for _, day := range weekdayKeys {
					key := ""
					if v := wf[day]; v != nil {
						key = shiftRef(v, join(wpath, day))
					}
					s.Pattern = append(s.Pattern, key)
				}
			}
			if len(s.Pattern) == 0 {
				p.errorf(f["weeks"], join(spath, "weeks"), "needs at least one week")
			}
		case f["cycle"] != nil:
			s.Kind = attendance.ScheduleCycle
			for d, dn := range p.seq(f["cycle"], join(spath, "cycle")) {
				s.Pattern = append(s.Pattern, shiftRef(dn, fmt.Sprintf("%s.cycle[%d]", spath, d)))
			}
			if len(s.Pattern) == 0 {
				p.errorf(f["cycle"], join(spath, "cycle"), "needs at least one day")
			}
		default:
			p.errorf(sn, spath, "needs weeks (a weekly pattern or A/B rotation) or cycle (an N-day cycle)")
		}
		if h, hn := p.str(f, "holidays", spath, true); hn != nil {
			switch h {
			case "off":
			case "work":
				s.WorkHolidays = true
			default:
				p.errorf(hn, join(spath, "holidays"), "must be off (people on it are off on public holidays) or work, got %q", h)
			}
		}
		if keys[s.Key] && s.Key != "" {
			p.errorf(sn, join(spath, "key"), "schedule %q is declared twice", s.Key)
		}
		keys[s.Key] = true
		o.Schedules = append(o.Schedules, s)
	}
	return keys
}

func (p *parser) overrides(n *yaml.Node, path string, people map[string]*yaml.Node, shifts map[string]bool) []attendance.ShiftOverride {
	var out []attendance.ShiftOverride
	seen := map[string]bool{}
	for i, on := range p.seq(n, path) {
		opath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(on, opath, "employee", "date", "shift")
		var o attendance.ShiftOverride
		var en *yaml.Node
		o.Employee, en = p.requireStr(on, f, "employee", opath)
		if o.Employee != "" && people[o.Employee] == nil {
			p.errorf(en, join(opath, "employee"), "no person %q in this org", o.Employee)
		}
		if d, dn := p.requireStr(on, f, "date", opath); d != "" {
			date, err := core.ParseDate(d)
			if err != nil {
				p.errorf(dn, join(opath, "date"), "must be a date like 2026-12-24, got %q", d)
			}
			o.Date = date
		}
		sh, sn := p.requireStr(on, f, "shift", opath)
		if sh != "off" && sh != "" {
			if !shifts[sh] {
				p.errorf(sn, join(opath, "shift"), "no shift %q in this org (or write off)", sh)
			}
			o.Shift = sh
		}
		k := o.Employee + "@" + o.Date.String()
		if seen[k] {
			p.errorf(on, opath, "%s already has an override on %s", o.Employee, o.Date)
		}
		seen[k] = true
		out = append(out, o)
	}
	return out
}

func (p *parser) calendar(n *yaml.Node, path string) []calendar.Entry {
	if n == nil {
		return nil
	}
	f := p.fields(n, path, "files", "holidays", "workdays")
	var entries []calendar.Entry
	for i, fn := range p.seq(f["files"], join(path, "files")) {
		name := strings.TrimSpace(fn.Value)
		full := name
		if !filepath.IsAbs(full) {
			full = filepath.Join(filepath.Dir(p.file), name)
		}
		data, err := readHolidayFile(full)
		if err != nil {
			p.errorf(fn, fmt.Sprintf("%s.files[%d]", path, i), "cannot read holiday file %s: %v", full, err)
			continue
		}
		es, err := calendar.ParseFile(full, data)
		if err != nil {
			p.errorf(fn, fmt.Sprintf("%s.files[%d]", path, i), "%v", err)
			continue
		}
		entries = append(entries, es...)
	}
	// The org's own entries come last so they win over the imported files.
	own, err := calendar.ParseYAMLNode(p.file, n)
	var perr *calendar.ParseError
	switch {
	case errors.As(err, &perr):
		for _, pr := range perr.Problems {
			p.problems = append(p.problems, Problem{File: p.file, Line: pr.Line, Field: path, Msg: pr.Msg})
		}
	case err != nil:
		p.errorf(n, path, "%v", err)
	}
	return append(entries, own...)
}

// maxHolidayFile bounds a holiday file: a year of holidays is a few
// kilobytes, and a path such as /dev/zero must not read forever.
const maxHolidayFile = 1 << 20

func readHolidayFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxHolidayFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxHolidayFile {
		return nil, fmt.Errorf("larger than %d bytes", maxHolidayFile)
	}
	return data, nil
}
