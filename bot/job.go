package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// JobDesk reads job descriptions (岗位说明书) for the bot (jobs.Service).
type JobDesk interface {
	List(ctx context.Context, m core.Member) ([]jobs.Job, error)
	Describe(ctx context.Context, m core.Member, word string) (jobs.View, error)
	// Public is a job as a candidate may read it.
	Public(ctx context.Context, orgID int64, key string) (jobs.View, bool, error)
}

func (b *Bot) jobFeature() feature {
	if b.cfg.Jobs == nil {
		return feature{}
	}
	return feature{commands: []command{
		{name: "job", aliases: []string{"岗位", "岗位说明", "jobs"}, helpKey: "help.cmd.job", run: b.jobCmd},
	}}
}

// jobCmd is /job [JOB]: a job's description in the reader's language,
// their skills against it; without JOB, the org's jobs.
func (b *Bot) jobCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	word := strings.TrimSpace(args)
	if word == "" {
		return b.jobList(ctx, t)
	}
	v, err := b.cfg.Jobs.Describe(ctx, *t.member, word)
	if e, ok := core.AsError(err); ok && e.Key == "jobs.unknown" {
		js, lerr := b.cfg.Jobs.List(ctx, *t.member)
		if lerr != nil {
			return nil, lerr
		}
		return []Reply{{Text: b.unknownJob(t, word, jobs.Known(js)), Error: true}}, nil
	}
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: strings.Join(b.jobDescription(t, v), "\n")}}, nil
}

// jobList lists the org's jobs with how many people each has.
func (b *Bot) jobList(ctx context.Context, t *turn) ([]Reply, error) {
	js, err := b.cfg.Jobs.List(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	if len(js) == 0 {
		return []Reply{{Text: b.T(t, "jobs.list_none")}}, nil
	}
	lines := []string{b.T(t, "jobs.list_title", "count", strconv.Itoa(len(js)))}
	example, known := "", jobs.Known(js)
	for _, j := range js {
		name := b.orgJobName(t, known, j.Key)
		if example == "" || (t.member != nil && j.Key == t.member.Employee.Job) {
			example = name
		}
		line := "• " + b.jobLabelOf(t, known, j.Key) + " — " + b.jobPeople(t, j)
		if !j.Description.Empty() {
			line += " · " + b.T(t, "jobs.described")
		}
		lines = append(lines, line)
	}
	lines = append(lines, b.T(t, "jobs.list_hint", "example", example))
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

// jobLabelOf names a job with its key when the name is not the key.
func (b *Bot) jobLabelOf(t *turn, js core.Jobs, key string) string {
	name := b.orgJobName(t, js, key)
	if name == key {
		return key
	}
	return b.T(t, "jobs.name_key", "name", name, "key", key)
}

// jobPeople is how many people a job has, against its headcount.
func (b *Bot) jobPeople(t *turn, j jobs.Job) string {
	filled, target := strconv.Itoa(j.Filled), j.Description.Headcount
	switch {
	case target == 0:
		return b.T(t, "jobs.people", "filled", filled)
	case j.Filled < target:
		return b.T(t, "jobs.people_open", "filled", filled, "headcount", strconv.Itoa(target), "open", strconv.Itoa(target-j.Filled))
	}
	return b.T(t, "jobs.people_of", "filled", filled, "headcount", strconv.Itoa(target))
}

// jobDescription writes a job's description, a line each, for the reader.
func (b *Bot) jobDescription(t *turn, v jobs.View) []string {
	d := v.Job.Description
	lines := []string{b.T(t, "jobs.title", "name", b.jobLabelOf(t, v.Known, v.Job.Key))}
	if v.Mine {
		lines = append(lines, b.T(t, "jobs.yours"))
	}
	if d.Empty() {
		return append(lines, b.jobPeople(t, v.Job), b.T(t, "jobs.no_description"))
	}
	if s := jobs.Text(d.Summary, t.locale); s != "" {
		lines = append(lines, s)
	}
	if len(d.Responsibilities) > 0 {
		lines = append(lines, "", b.T(t, "jobs.responsibilities"))
		for _, r := range d.Responsibilities {
			lines = append(lines, "• "+jobs.Text(r, t.locale))
		}
	}
	lines = append(lines, b.jobSkillLines(t, v)...)
	if len(d.KPIs) > 0 {
		lines = append(lines, "", b.T(t, "jobs.kpis"))
		for _, k := range d.KPIs {
			lines = append(lines, "• "+b.kpiText(t, k))
		}
	}
	lines = append(lines, "")
	if d.Pay != nil {
		lines = append(lines, b.payRangeText(t, *d.Pay))
	}
	if len(v.Shifts) > 0 {
		lines = append(lines, b.T(t, "jobs.shifts", "shifts", b.shiftsText(t, v.Shifts)))
	}
	return append(lines, b.jobPeople(t, v.Job))
}

// jobSkillLines are the skills a job needs, each ✓ or ✗ against the
// reader's, and how many they lack.
func (b *Bot) jobSkillLines(t *turn, v jobs.View) []string {
	if len(v.Skills) == 0 {
		return nil
	}
	lines := []string{"", b.T(t, "jobs.skills")}
	for _, c := range v.Skills {
		lines = append(lines, b.skillCheckText(t, v.Known, c))
	}
	if n := v.Lacking(); n > 0 {
		return append(lines, b.T(t, "jobs.skills_lacking", "count", strconv.Itoa(n)))
	}
	return append(lines, b.T(t, "jobs.skills_all"))
}

// skillCheckText is a skill a job needs, ✓ or ✗ against the reader's. A
// skill named like a job (customer-service) is called by the job's name.
func (b *Bot) skillCheckText(t *turn, js core.Jobs, c jobs.SkillCheck) string {
	args := []string{"skill", b.orgJobName(t, js, c.Need.Skill), "level", strconv.Itoa(c.Need.Level), "has", strconv.Itoa(c.Has)}
	switch {
	case c.Met():
		return b.T(t, "jobs.skill_met", args...)
	case c.Has > 0:
		return b.T(t, "jobs.skill_low", args...)
	}
	return b.T(t, "jobs.skill_missing", args...)
}

// kpiText is a KPI: its name, what measures it, its target and weight.
func (b *Bot) kpiText(t *turn, k jobs.KPI) string {
	parts := []string{b.T(t, "jobs.measure."+string(k.Measure))}
	if k.Target != nil {
		key := "jobs.target_min"
		if !k.HigherIsBetter {
			key = "jobs.target_max"
		}
		parts = append(parts, b.T(t, key, "target", k.Target.String()))
	}
	if k.Weight > 0 {
		parts = append(parts, b.T(t, "jobs.weight", "weight", strconv.Itoa(k.Weight)))
	}
	return b.T(t, "jobs.kpi", "name", jobs.Text(k.Name, t.locale), "how", strings.Join(parts, b.T(t, "jobs.sep")))
}

// payRangeText is a pay range: "Pay: 4,500–6,500 a month".
func (b *Bot) payRangeText(t *turn, p jobs.Pay) string {
	key := "jobs.pay_monthly"
	if p.Kind == pay.Hourly {
		key = "jobs.pay_hourly"
	}
	return b.T(t, key, "min", wholeAmount(p.Min), "max", wholeAmount(p.Max))
}

// wholeAmount writes an amount with thousands separators, without cents
// when there are none: 4,500 and 25.50.
func wholeAmount(d decimal.Decimal) string {
	return strings.TrimSuffix(payroll.Amount(d), ".00")
}

// shiftsText lists shifts by name in the reader's language, with times.
func (b *Bot) shiftsText(t *turn, shifts []attendance.Shift) string {
	parts := make([]string, len(shifts))
	for i, s := range shifts {
		parts[i] = core.NameIn(s.Name, t.locale) + " " + s.Hours()
	}
	return strings.Join(parts, b.T(t, "jobs.sep"))
}

// JobName names one of the org's jobs in the reader's language, with its
// key.
func (w Words) JobName(known core.Jobs, key string) string { return w.b.jobLabelOf(w.t, known, key) }

// JobPeople is how many people a job has, against its headcount.
func (w Words) JobPeople(j jobs.Job) string { return w.b.jobPeople(w.t, j) }

// JobSkill is one skill a job needs against the reader's, as /job says it.
func (w Words) JobSkill(known core.Jobs, c jobs.SkillCheck) string {
	return w.b.skillCheckText(w.t, known, c)
}

// KPI is a KPI as /job writes it.
func (w Words) KPI(k jobs.KPI) string { return w.b.kpiText(w.t, k) }

// PayRange is a job's pay range as /job writes it.
func (w Words) PayRange(p jobs.Pay) string { return w.b.payRangeText(w.t, p) }

// JobShifts lists a job's shifts with their times.
func (w Words) JobShifts(shifts []attendance.Shift) string { return w.b.shiftsText(w.t, shifts) }

// jobAdvert is a job as a candidate reads it when they open its apply
// link: the summary, the duties, the pay range and the shifts; nothing
// when the org describes none.
func (b *Bot) jobAdvert(ctx context.Context, t *turn, orgID int64, key string) []string {
	if b.cfg.Jobs == nil {
		return nil
	}
	v, ok, err := b.cfg.Jobs.Public(ctx, orgID, key)
	if err != nil || !ok || v.Job.Description.Empty() {
		return nil
	}
	d := v.Job.Description
	var lines []string
	if s := jobs.Text(d.Summary, t.locale); s != "" {
		lines = append(lines, s)
	}
	for i, r := range d.Responsibilities {
		if i == 4 {
			break // the gist: the rest is for the interview
		}
		lines = append(lines, "• "+jobs.Text(r, t.locale))
	}
	if d.Pay != nil {
		lines = append(lines, b.payRangeText(t, *d.Pay))
	}
	if len(v.Shifts) > 0 {
		lines = append(lines, b.T(t, "jobs.shifts", "shifts", b.shiftsText(t, v.Shifts)))
	}
	return lines
}
