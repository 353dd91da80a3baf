package orgfile

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

var monthDay = regexp.MustCompile(`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`)

func (p *parser) leavePolicy(n *yaml.Node, path string) leave.Policy {
	pol := leave.DefaultPolicy()
	if n == nil {
		return pol
	}
	f := p.fields(n, path, "day_hours", "hr_approval_over_days", "resend_after_hours")
	pol.DayMinutes = 60 * p.intField(f, "day_hours", path, pol.DayMinutes/60, 1, 24)
	pol.HRApprovalOverDays = p.intField(f, "hr_approval_over_days", path, pol.HRApprovalOverDays, 0, 366)
	pol.ResendAfterHours = p.intField(f, "resend_after_hours", path, pol.ResendAfterHours, 1, 24*30)
	return pol
}

func (p *parser) boolField(f map[string]*yaml.Node, key, path string, def bool) bool {
	v, n := p.str(f, key, path, true)
	if n == nil {
		return def
	}
	switch strings.ToLower(v) {
	case "true", "yes":
		return true
	case "false", "no":
		return false
	}
	p.errorf(n, join(path, key), "must be true or false, got %q", v)
	return def
}

func (p *parser) leaveTypes(n *yaml.Node, path string) []leave.Type {
	var out []leave.Type
	seen := map[string]string{} // key or alias -> leave type key
	for i, tn := range p.seq(n, path) {
		tpath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(tn, tpath, "key", "name", "aliases", "paid", "unit", "accrual", "entitlement_days",
			"carry_over_days", "carry_over_expires", "reason_required", "attachment_required", "allow_negative",
			"notice_days", "applies_to", "prorate")
		t := leave.Type{Key: p.key(tn, f, tpath), Unit: leave.UnitDay, Accrual: leave.AccrualNone}
		t.Name, _ = p.requireStr(tn, f, "name", tpath)
		t.Paid = p.boolField(f, "paid", tpath, true)
		t.ReasonRequired = p.boolField(f, "reason_required", tpath, false)
		t.AllowNegative = p.boolField(f, "allow_negative", tpath, false)
		t.AttachmentRequired = p.boolField(f, "attachment_required", tpath, false)
		if u, un := p.str(f, "unit", tpath, true); un != nil {
			switch leave.Unit(u) {
			case leave.UnitDay, leave.UnitHalfDay, leave.UnitHour:
				t.Unit = leave.Unit(u)
			default:
				p.errorf(un, join(tpath, "unit"), "must be day, half_day or hour, got %q", u)
			}
		}
		if a, an := p.str(f, "accrual", tpath, true); an != nil {
			switch leave.Accrual(a) {
			case leave.AccrualNone, leave.AccrualFixed, leave.AccrualStatutoryCN, leave.AccrualRestDayOvertime:
				t.Accrual = leave.Accrual(a)
			default:
				p.errorf(an, join(tpath, "accrual"), "must be none, fixed, statutory_cn or rest_day_overtime, got %q", a)
			}
		}
		t.EntitlementDays = p.intField(f, "entitlement_days", tpath, 0, 0, 366)
		if t.Accrual == leave.AccrualFixed && f["entitlement_days"] == nil {
			p.errorf(tn, join(tpath, "entitlement_days"), "is required with accrual: fixed")
		}
		t.CarryOverDays = p.intField(f, "carry_over_days", tpath, 0, 0, 366)
		t.NoticeDays = p.intField(f, "notice_days", tpath, 0, 0, 366)
		t.NoProration = !p.boolField(f, "prorate", tpath, true)
		if an := f["applies_to"]; an != nil {
			for j, a := range p.seq(an, join(tpath, "applies_to")) {
				sel := strings.ToLower(strings.TrimSpace(a.Value))
				if kind, value, _ := strings.Cut(sel, ":"); kind == "gender" {
					if g, ok := core.ParseGender(value); ok {
						sel = "gender:" + string(g) // gender:女 is gender:female
					}
				}
				if !leave.ValidSelector(sel) {
					p.errorf(a, fmt.Sprintf("%s.applies_to[%d]", tpath, j),
						"must be gender:female, gender:male, team:KEY, job:KEY or role:ROLE, got %q", a.Value)
					continue
				}
				t.AppliesTo = append(t.AppliesTo, sel)
			}
		}
		if e, en := p.str(f, "carry_over_expires", tpath, false); e != "" {
			if !monthDay.MatchString(e) {
				p.errorf(en, join(tpath, "carry_over_expires"), "must be a month and day like 03-31, got %q", e)
			}
			t.CarryOverExpiry = e
		}
		names := []string{t.Key}
		if an := f["aliases"]; an != nil {
			for j, a := range p.seq(an, join(tpath, "aliases")) {
				alias := strings.ToLower(strings.TrimSpace(a.Value))
				if alias == "" {
					p.errorf(a, fmt.Sprintf("%s.aliases[%d]", tpath, j), "must not be empty")
					continue
				}
				t.Aliases = append(t.Aliases, alias)
				names = append(names, alias)
			}
		}
		for _, name := range names {
			if other, dup := seen[name]; dup && name != "" && other != t.Key {
				p.errorf(tn, tpath, "%q already names leave type %s", name, other)
			}
			seen[name] = t.Key
		}
		out = append(out, t)
	}
	return out
}
