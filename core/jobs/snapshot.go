package jobs

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Snapshot is a description as the audit log keeps it and an org file's
// preview compares it: one text per part, parts not given left out. The
// org-file apply writes these same fields beside a job's names, so an
// edit on the console shows up as an edit of those fields.
func Snapshot(d Description) map[string]string {
	out := map[string]string{}
	put := func(field string, v any, given bool) {
		if !given {
			return
		}
		b, err := json.Marshal(v)
		if err != nil { // maps of strings and plain structs always marshal
			b = []byte(fmt.Sprint(v))
		}
		out[field] = string(b)
	}
	put("summary", d.Summary, len(d.Summary) > 0)
	put("responsibilities", d.Responsibilities, len(d.Responsibilities) > 0)
	put("kpis", d.KPIs, len(d.KPIs) > 0)
	if len(d.Skills) > 0 {
		skills := make([]string, len(d.Skills))
		for i, s := range d.Skills {
			skills[i] = s.Skill + ":" + strconv.Itoa(s.Level)
		}
		out["skills"] = strings.Join(skills, ", ")
	}
	if d.Pay != nil {
		out["pay"] = PayText(*d.Pay)
	}
	if len(d.Shifts) > 0 {
		out["shifts"] = strings.Join(d.Shifts, ", ")
	}
	if d.Headcount > 0 {
		out["headcount"] = strconv.Itoa(d.Headcount)
	}
	return out
}

// PayText writes a pay range as the org file does: 4500-6500 monthly.
func PayText(p Pay) string { return fmt.Sprintf("%s-%s %s", p.Min, p.Max, p.Kind) }

// Text is a text given once or per language, for a reader of loc: theirs,
// else the one for everyone, else any.
func Text(texts map[core.Locale]string, loc core.Locale) string {
	if t := texts[loc]; t != "" {
		return t
	}
	if t := texts[""]; t != "" {
		return t
	}
	for _, l := range []core.Locale{core.LocaleZH, core.LocaleEN} {
		if t := texts[l]; t != "" {
			return t
		}
	}
	return ""
}
