package orgfile

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reminder"
)

// fixedAudience says who each built-in kind goes to, for the problem
// reported when a file gives one an audience.
var fixedAudience = map[reminder.Kind]string{
	reminder.CheckIn:        "the people whose shift starts then",
	reminder.Nudge:          "the people whose shift started then and who have not checked in",
	reminder.CheckOut:       "the people who checked in and not out",
	reminder.Digest:         "managers with approvals waiting",
	reminder.WeeklySchedule: "everyone, each with their own shifts",
	reminder.WeeklyReport:   "managers, HR and admins",
}

// reminders reads an org's reminders section. teams holds the org's team
// keys and jobs the jobs its people do, which custom audiences may name.
func (p *parser) reminders(n *yaml.Node, path string, teams, jobs map[string]bool) reminder.Policy {
	pol := reminder.Policy{LateAfter: time.Hour}
	if n == nil {
		return pol
	}
	f := p.fields(n, path, "late_after", "rules")
	if v, vn := p.str(f, "late_after", path, true); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute || d > 24*time.Hour {
			p.errorf(vn, join(path, "late_after"), "must be a duration from 1m to 24h such as 2h or 90m, got %q", v)
		} else {
			pol.LateAfter = d
		}
	}
	seen := map[string]bool{}
	for i, rn := range p.seq(f["rules"], join(path, "rules")) {
		rpath := fmt.Sprintf("%s.rules[%d]", path, i)
		r := p.reminderRule(rn, rpath, teams, jobs)
		if seen[r.Key] && r.Key != "" {
			p.errorf(rn, join(rpath, "key"), "reminder %q is declared twice", r.Key)
		}
		seen[r.Key] = true
		pol.Rules = append(pol.Rules, r)
	}
	return pol
}

func (p *parser) reminderRule(n *yaml.Node, path string, teams, jobs map[string]bool) reminder.Rule {
	f := p.fields(n, path, "key", "kind", "cron", "minutes_before", "minutes_after", "audience", "text", "working_days_only")
	r := reminder.Rule{Key: p.key(n, f, path), Kind: reminder.Custom}
	known := true
	if k, kn := p.str(f, "kind", path, true); k != "" {
		r.Kind = reminder.Kind(k)
		switch r.Kind {
		case reminder.Custom, reminder.CheckIn, reminder.Nudge, reminder.CheckOut, reminder.Digest, reminder.WeeklySchedule, reminder.WeeklyReport:
		default:
			p.errorf(kn, join(path, "kind"), "must be custom, checkin, nudge, checkout, digest, weekly_schedule or weekly_report, got %q", k)
			known = false
		}
	}
	if tn := f["text"]; tn != nil {
		r.Text = p.texts(tn, join(path, "text"))
	} else if r.Kind == reminder.Custom {
		p.errorf(n, join(path, "text"), "is required for a custom reminder: the message in zh-CN, en or both")
	}
	if !known {
		return r
	}
	shiftKind := r.Kind == reminder.CheckIn || r.Kind == reminder.Nudge || r.Kind == reminder.CheckOut

	spec, cn := p.str(f, "cron", path, true)
	switch {
	case shiftKind && cn != nil:
		p.errorf(cn, join(path, "cron"), "kind %s follows each planned shift and takes no cron; set %s instead", r.Kind, offsetField(r.Kind))
	case !shiftKind && cn == nil:
		p.errorf(n, join(path, "cron"), `is required for kind %s: a schedule such as "30 9 * * *"`, r.Kind)
	case !shiftKind && spec != "":
		if _, err := reminder.ParseCron(spec); err != nil {
			p.errorf(cn, join(path, "cron"), "%v", err)
		}
		r.Cron = spec
	}

	for _, field := range []string{"minutes_before", "minutes_after"} {
		if fn := f[field]; fn != nil && (!shiftKind || field != offsetField(r.Kind)) {
			if shiftKind {
				p.errorf(fn, join(path, field), "kind %s takes %s, not %s", r.Kind, offsetField(r.Kind), field)
			} else {
				p.errorf(fn, join(path, field), "kind %s follows its cron; %s is for shift reminders (checkin, nudge, checkout)", r.Kind, field)
			}
		}
	}
	switch r.Kind {
	case reminder.CheckIn:
		r.Offset = time.Duration(p.intField(f, "minutes_before", path, 15, 1, 240)) * time.Minute
	case reminder.Nudge:
		r.Offset = time.Duration(p.intField(f, "minutes_after", path, 10, 0, 240)) * time.Minute
	case reminder.CheckOut:
		r.Offset = time.Duration(p.intField(f, "minutes_after", path, 0, 0, 240)) * time.Minute
	}

	a, an := p.str(f, "audience", path, true)
	switch {
	case r.Kind == reminder.Custom && an == nil:
		p.errorf(n, join(path, "audience"), "is required for a custom reminder: everyone, team:KEY, job:NAME, on_shift, not_checked_in or managers_pending")
	case r.Kind == reminder.Custom && a != "":
		r.Audience = p.audience(an, join(path, "audience"), a, teams, jobs)
	case r.Kind != reminder.Custom && an != nil:
		p.errorf(an, join(path, "audience"), "kind %s always goes to %s; remove audience", r.Kind, fixedAudience[r.Kind])
	}

	if shiftKind {
		if wn := f["working_days_only"]; wn != nil {
			p.errorf(wn, join(path, "working_days_only"), "kind %s follows people's planned shifts, which already leave out their days off; remove working_days_only", r.Kind)
		}
	} else {
		r.WorkingDaysOnly = p.boolField(f, "working_days_only", path, true)
	}
	return r
}

// offsetField names the field that places a shift reminder.
func offsetField(k reminder.Kind) string {
	if k == reminder.CheckIn {
		return "minutes_before"
	}
	return "minutes_after"
}

func (p *parser) audience(n *yaml.Node, field, v string, teams, jobs map[string]bool) core.Audience {
	kind, value, hasValue := strings.Cut(v, ":")
	a := core.Audience{Kind: core.AudienceKind(strings.TrimSpace(kind)), Value: strings.TrimSpace(value)}
	switch a.Kind {
	case core.AudienceEveryone, core.AudienceOnShift, core.AudienceNotCheckedIn, core.AudienceManagersPending:
		if hasValue {
			p.errorf(n, field, "%s takes no value after ':', got %q", a.Kind, v)
		}
		a.Value = ""
	case core.AudienceTeam:
		switch {
		case a.Value == "":
			p.errorf(n, field, "needs a team key, as in team:cs")
		case !teams[a.Value]:
			p.errorf(n, field, "no team %q in this org (declare it under teams)", a.Value)
		}
	case core.AudienceJob:
		switch {
		case a.Value == "":
			p.errorf(n, field, "needs a job, as in job:customer-service")
		case !jobs[a.Value]:
			p.errorf(n, field, "no one in this org has job %q (see employees[].job)", a.Value)
		}
	default:
		p.errorf(n, field, "must be everyone, team:KEY, job:NAME, on_shift, not_checked_in or managers_pending, got %q", v)
	}
	return a
}

// texts reads a message in one or more languages, keyed by locale.
func (p *parser) texts(n *yaml.Node, path string) map[core.Locale]string {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must map languages to the message, as in en: Stand-up at 10:00")
		return nil
	}
	if len(n.Content) == 0 {
		p.errorf(n, path, "needs the message in at least one language: zh-CN or en")
		return nil
	}
	out := map[core.Locale]string{}
	seen := map[core.Locale]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		loc, ok := core.ParseLocale(k.Value)
		switch {
		case !ok:
			p.errorf(k, field, "unknown language %q (expected zh-CN or en)", k.Value)
			continue
		case seen[loc]:
			p.errorf(k, field, "the %s message is given twice", loc)
			continue
		}
		seen[loc] = true
		if v.Kind != yaml.ScalarNode {
			p.errorf(v, field, "must be the message text")
			continue
		}
		text := strings.TrimSpace(v.Value)
		if text == "" {
			p.errorf(v, field, "must not be empty")
			continue
		}
		out[loc] = text
	}
	return out
}
