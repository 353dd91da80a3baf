// Package jobs holds job descriptions (岗位说明书): what a job is for, the
// skills and levels it needs, how its people are measured (KPIs), what it
// pays and which shifts it works. People read them in chat and on the
// console and compare their own skills against them; recruiting makes
// openings from them and performance reviews read their KPIs.
package jobs

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// MaxSkillLevel is the highest skill level: 1 is basic, 5 expert (the
// levels people hold and quizzes certify).
const MaxSkillLevel = 5

// MaxHeadcount bounds a job's target number of people.
const MaxHeadcount = 10000

// Description is a job's description. Every part is optional; texts are
// given once for everyone (under the locale "") or once per language.
type Description struct {
	Summary          map[core.Locale]string   `json:"summary,omitempty"`
	Responsibilities []map[core.Locale]string `json:"responsibilities,omitempty"`
	// Skills are the skill levels the job needs, each skill once: the
	// same skills people hold, quizzes certify and the cover pool checks.
	Skills []core.SkillLevel `json:"skills,omitempty"`
	KPIs   []KPI             `json:"kpis,omitempty"`
	Pay    *Pay              `json:"pay,omitempty"`
	// Shifts are keys of the org's shifts the job works.
	Shifts []string `json:"shifts,omitempty"`
	// Headcount is how many people the job should have; 0 when not set.
	Headcount int `json:"headcount,omitempty"`
}

// Empty reports whether d says nothing.
func (d Description) Empty() bool {
	return len(d.Summary) == 0 && len(d.Responsibilities) == 0 && len(d.Skills) == 0 && len(d.KPIs) == 0 &&
		d.Pay == nil && len(d.Shifts) == 0 && d.Headcount == 0
}

// Measure is where a KPI's number comes from.
type Measure string

// Measures a KPI may use. The attendance, cover and training ones are
// counted by hrbot over the review's period; import is a number brought in
// from elsewhere (sales, ratings of a shop platform); judgement is the
// reviewer's own score.
const (
	MeasureLate          Measure = "attendance.late_count"
	MeasureAbsentDays    Measure = "attendance.absent_days"
	MeasureOvertimeHours Measure = "attendance.overtime_hours"
	MeasureCoverHours    Measure = "cover.given_hours"
	MeasureCoverRating   Measure = "cover.rating"
	MeasureTraining      Measure = "training.passed"
	MeasureImport        Measure = "import"
	MeasureJudgement     Measure = "judgement"
)

// Measures lists every measure, in the order documentation shows them.
func Measures() []Measure {
	return []Measure{MeasureLate, MeasureAbsentDays, MeasureOvertimeHours, MeasureCoverHours, MeasureCoverRating,
		MeasureTraining, MeasureImport, MeasureJudgement}
}

// ParseMeasure returns the measure s names.
func ParseMeasure(s string) (Measure, bool) {
	for _, m := range Measures() {
		if string(m) == s {
			return m, true
		}
	}
	return "", false
}

// HigherIsBetter is a measure's direction when a KPI does not say: fewer
// late arrivals and absent days are better, more of anything else.
func (m Measure) HigherIsBetter() bool { return m != MeasureLate && m != MeasureAbsentDays }

// KPI is one thing a job's people are measured by.
type KPI struct {
	Key     string                 `json:"key"`
	Name    map[core.Locale]string `json:"name"`
	Measure Measure                `json:"measure"`
	// Target is the number aimed at; nil for a judgement without one.
	Target *decimal.Decimal `json:"target,omitempty"`
	// Weight is the KPI's share of the review in percent; 0 when the
	// job's KPIs are not weighted.
	Weight         int  `json:"weight,omitempty"`
	HigherIsBetter bool `json:"higher_is_better"`
}

// Pay is the range a job pays.
type Pay struct {
	Min  decimal.Decimal `json:"min"`
	Max  decimal.Decimal `json:"max"`
	Kind pay.Kind        `json:"kind"`
}

// The checks below say what is wrong in English, for the org file's
// problems and the console's editor alike; "" means nothing is.

// CheckKPI checks one KPI by itself.
func CheckKPI(k KPI) string {
	switch {
	case !core.ValidKey(k.Key):
		return fmt.Sprintf("%q is not a valid key: use lower-case letters, digits, '.', '_' or '-' (at most 63)", k.Key)
	case len(k.Name) == 0:
		return "needs a name"
	}
	if _, ok := ParseMeasure(string(k.Measure)); !ok {
		return fmt.Sprintf("unknown measure %q (expected one of: %s)", k.Measure, measureList())
	}
	switch {
	case k.Target == nil && k.Measure != MeasureJudgement:
		return fmt.Sprintf("needs a target: the number %s aims at", k.Measure)
	case k.Target != nil && k.Target.IsNegative():
		return "the target must not be negative"
	case k.Weight < 0 || k.Weight > 100:
		return fmt.Sprintf("the weight must be a percentage from 1 to 100, got %d", k.Weight)
	}
	return ""
}

// CheckWeights checks a job's KPIs together: keys used once, and either
// no weights at all or a weight on each that add up to 100.
func CheckWeights(kpis []KPI) string {
	seen := map[string]bool{}
	weighted, sum := 0, 0
	for _, k := range kpis {
		if seen[k.Key] {
			return fmt.Sprintf("KPI %q is listed twice", k.Key)
		}
		seen[k.Key] = true
		if k.Weight > 0 {
			weighted++
			sum += k.Weight
		}
	}
	switch {
	case weighted > 0 && weighted < len(kpis):
		return fmt.Sprintf("%d of %d KPIs have a weight: give every KPI one, or none", weighted, len(kpis))
	case weighted > 0 && sum != 100:
		return fmt.Sprintf("the weights add up to %d: they must add up to 100", sum)
	}
	return ""
}

// CheckPay checks a pay range.
func CheckPay(p Pay) string {
	switch {
	case p.Kind != pay.Monthly && p.Kind != pay.Hourly:
		return fmt.Sprintf("kind must be monthly or hourly, got %q", p.Kind)
	case !p.Min.IsPositive() || !p.Max.IsPositive():
		return "min and max must be positive amounts"
	case p.Min.GreaterThan(p.Max):
		return fmt.Sprintf("min %s is more than max %s", p.Min, p.Max)
	}
	return ""
}

// CheckHeadcount checks a target number of people.
func CheckHeadcount(n int) string {
	if n < 1 || n > MaxHeadcount {
		return fmt.Sprintf("must be a whole number from 1 to %d, got %d", MaxHeadcount, n)
	}
	return ""
}

// CheckSkill checks one required skill level.
func CheckSkill(s core.SkillLevel) string {
	switch {
	case !core.ValidKey(s.Skill):
		return fmt.Sprintf("%q is not a valid skill name", s.Skill)
	case s.Level < 1 || s.Level > MaxSkillLevel:
		return fmt.Sprintf("the level of %s must be from 1 to %d, got %d", s.Skill, MaxSkillLevel, s.Level)
	}
	return ""
}

// CheckShift checks that a shift the job works is one of the org's and
// staffs this job or any: shifts maps the org's shift keys to the job each
// staffs ("" for any).
func CheckShift(job, shift string, shifts map[string]string) string {
	staffs, ok := shifts[shift]
	switch {
	case !ok:
		return fmt.Sprintf("no shift %q in this org", shift)
	case staffs != "" && staffs != job:
		return fmt.Sprintf("shift %s staffs job %s, not %s", shift, staffs, job)
	}
	return ""
}

// Check checks a whole description of job as the org file's parser does
// part by part, for descriptions that come from elsewhere (the console):
// EInvalid "jobs.invalid_description" (Args: field, problem) for the
// first problem found.
func Check(job string, d Description, shifts map[string]string) error {
	bad := func(field, problem string) error {
		return core.Errorf(core.EInvalid, "jobs.invalid_description", "%s: %s", field, problem).
			With("field", field).With("problem", problem)
	}
	seen := map[string]bool{}
	for i, s := range d.Skills {
		field := fmt.Sprintf("skills[%d]", i)
		if p := CheckSkill(s); p != "" {
			return bad(field, p)
		}
		if seen[s.Skill] {
			return bad(field, fmt.Sprintf("skill %q is listed twice", s.Skill))
		}
		seen[s.Skill] = true
	}
	for i, k := range d.KPIs {
		if p := CheckKPI(k); p != "" {
			return bad(fmt.Sprintf("kpis[%d]", i), p)
		}
	}
	if p := CheckWeights(d.KPIs); p != "" {
		return bad("kpis", p)
	}
	if d.Pay != nil {
		if p := CheckPay(*d.Pay); p != "" {
			return bad("pay", p)
		}
	}
	for i, s := range d.Shifts {
		if p := CheckShift(job, s, shifts); p != "" {
			return bad(fmt.Sprintf("shifts[%d]", i), p)
		}
	}
	if d.Headcount != 0 {
		if p := CheckHeadcount(d.Headcount); p != "" {
			return bad("headcount", p)
		}
	}
	return nil
}

func measureList() string {
	names := make([]string, 0, len(Measures()))
	for _, m := range Measures() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}
