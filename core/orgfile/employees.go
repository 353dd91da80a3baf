package orgfile

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
)

// staff is where an org's people are declared in the file, for the checks
// that need all of them.
type staff struct {
	people   map[string]*yaml.Node // by key: the person's entry
	managers []*yaml.Node          // by index in the org's employees: their manager field, or their entry
}

// employees reads an org's people into o, checking that keys and e-mail
// addresses are not used twice.
func (p *parser) employees(n *yaml.Node, path string, teams, schedules map[string]bool, accounts map[string]string, o *OrgSpec) staff {
	st := staff{people: map[string]*yaml.Node{}}
	emails := map[string]bool{}
	for i, en := range p.seq(n, join(path, "employees")) {
		epath := fmt.Sprintf("%s.employees[%d]", path, i)
		e, mgrNode := p.employee(en, epath, teams, schedules, accounts)
		if st.people[e.Key] != nil && e.Key != "" {
			p.errorf(en, join(epath, "key"), "person %q is declared twice in org %s", e.Key, o.Key)
		}
		st.people[e.Key] = en
		if e.Email != "" {
			if emails[strings.ToLower(e.Email)] {
				p.errorf(en, join(epath, "email"), "e-mail %s is used by someone else in this org", e.Email)
			}
			emails[strings.ToLower(e.Email)] = true
		}
		o.Employees = append(o.Employees, e)
		st.managers = append(st.managers, mgrNode)
	}
	return st
}

// coverJobs are the jobs cover may name: people's, shifts' and the
// declared ones.
func coverJobs(o OrgSpec, jobs map[string]bool) map[string]bool {
	out := maps.Clone(jobs)
	for _, s := range o.Shifts {
		out[s.Job] = true
	}
	for _, j := range o.Jobs {
		out[j.Key] = true
	}
	return out
}

// checkDelegates checks that each delegate is someone else of the org.
func (p *parser) checkDelegates(o OrgSpec, path string, people map[string]*yaml.Node) {
	for i, e := range o.Employees {
		if e.Delegate == "" {
			continue
		}
		field := fmt.Sprintf("%s.employees[%d].delegate", path, i)
		switch {
		case e.Delegate == e.Key:
			p.errorf(people[e.Key], field, "a person cannot be their own delegate")
		case people[e.Delegate] == nil:
			p.errorf(people[e.Key], field, "no person %q in org %s", e.Delegate, o.Key)
		}
	}
}

// checkManagers checks that each manager is someone else of the org, and
// that managers form no cycle.
func (p *parser) checkManagers(o OrgSpec, path string, st staff) {
	managers := map[string]string{}
	for i, e := range o.Employees {
		if e.Manager == "" {
			continue
		}
		field := fmt.Sprintf("%s.employees[%d].manager", path, i)
		switch {
		case e.Manager == e.Key:
			p.errorf(st.managers[i], field, "a person cannot be their own manager")
		case st.people[e.Manager] == nil:
			p.errorf(st.managers[i], field, "no person %q in org %s", e.Manager, o.Key)
		default:
			managers[e.Key] = e.Manager
		}
	}
	// A cycle (a manages b, b manages a) has no top; report it once, at its first member.
	reported := map[string]bool{}
	for i, e := range o.Employees {
		seen := map[string]bool{e.Key: true}
		for m := managers[e.Key]; m != ""; m = managers[m] {
			if seen[m] {
				if !reported[m] {
					p.errorf(st.managers[i], fmt.Sprintf("%s.employees[%d].manager", path, i), "managers form a cycle through %q", m)
					for k := range seen {
						reported[k] = true
					}
				}
				break
			}
			seen[m] = true
		}
	}
}

// employee reads one person; the node returned is where their manager is
// named, or their entry, for the checks of managers.
func (p *parser) employee(n *yaml.Node, path string, teams, schedules map[string]bool, accounts map[string]string) (EmployeeSpec, *yaml.Node) {
	f := p.fields(n, path, "key", "name", "email", "role", "job", "team", "manager", "hire_date", "left_on", "status", "locale", "slack", "telegram", "wecom",
		"schedule", "rotation_offset", "delegate", "career_start", "skills", "gender")
	e := EmployeeSpec{Key: p.key(n, f, path), Role: core.RoleEmployee, Status: core.StatusActive}
	e.Name, _ = p.requireStr(n, f, "name", path)
	if email, en := p.str(f, "email", path, false); email != "" {
		if !strings.Contains(email, "@") || strings.ContainsAny(email, " \t") {
			p.errorf(en, join(path, "email"), "%q is not an e-mail address", email)
		}
		e.Email = email
	}
	mgrNode := p.employeePlace(f, path, &e, teams)
	p.employment(f, path, &e)
	p.chatAccounts(f, path, &e, accounts)
	if sc, sn := p.str(f, "schedule", path, false); sc != "" {
		if !schedules[sc] {
			p.errorf(sn, join(path, "schedule"), "no schedule %q in this org (declare it under schedules)", sc)
		}
		e.Schedule = sc
	}
	e.RotationOffset = p.intField(f, "rotation_offset", path, 0, 0, 365)
	e.Delegate, _ = p.str(f, "delegate", path, false)
	if d, dn := p.str(f, "career_start", path, false); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			p.errorf(dn, join(path, "career_start"), "must be a date like 2015-07-01, got %q", d)
		}
		e.CareerStart = t
	}
	e.Skills = p.skills(f["skills"], join(path, "skills"))
	if mgrNode == nil {
		mgrNode = n
	}
	return e, mgrNode
}

// employeePlace reads a person's role, gender, job, team and manager; it
// returns the manager's node, nil when none is named.
func (p *parser) employeePlace(f map[string]*yaml.Node, path string, e *EmployeeSpec, teams map[string]bool) *yaml.Node {
	if r, rn := p.str(f, "role", path, true); rn != nil {
		e.Role = core.Role(strings.ToLower(r))
		if !e.Role.Valid() {
			p.errorf(rn, join(path, "role"), "must be one of employee, manager, hr, admin; got %q", r)
		}
	}
	if g, gn := p.str(f, "gender", path, false); g != "" {
		if e.Gender, _ = core.ParseGender(g); e.Gender == "" {
			p.errorf(gn, join(path, "gender"), "must be female or male, got %q", g)
		}
	}
	if j, jn := p.str(f, "job", path, false); j != "" {
		if !core.ValidKey(j) {
			p.errorf(jn, join(path, "job"), "%q is not a valid job key such as customer-service", j)
		}
		e.Job = j
	}
	if t, tn := p.str(f, "team", path, false); t != "" {
		if !teams[t] {
			p.errorf(tn, join(path, "team"), "no team %q in this org (declare it under teams)", t)
		}
		e.Team = t
	}
	var mgrNode *yaml.Node
	e.Manager, mgrNode = p.str(f, "manager", path, false)
	return mgrNode
}

// employment reads a person's hire date, status and the day they left.
func (p *parser) employment(f map[string]*yaml.Node, path string, e *EmployeeSpec) {
	if d, dn := p.str(f, "hire_date", path, false); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			p.errorf(dn, join(path, "hire_date"), "must be a date like 2024-03-01, got %q", d)
		}
		e.HireDate = t
	}
	if s, sn := p.str(f, "status", path, true); sn != nil {
		e.Status = core.EmployeeStatus(strings.ToLower(s))
		if !e.Status.Valid() {
			p.errorf(sn, join(path, "status"), "must be active or left, got %q", s)
		}
	}
	if d, dn := p.str(f, "left_on", path, false); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		switch {
		case err != nil:
			p.errorf(dn, join(path, "left_on"), "must be a date like 2026-11-15, got %q", d)
		case e.Status != core.StatusLeft:
			p.errorf(dn, join(path, "left_on"), "is for people who left: add status: left")
		case !e.HireDate.IsZero() && t.Before(e.HireDate):
			p.errorf(dn, join(path, "left_on"), "is before the hire date")
		}
		e.LeftOn = t
	}
}

// chatAccounts reads a person's language and chat accounts; an account
// may belong to one person of the file only.
func (p *parser) chatAccounts(f map[string]*yaml.Node, path string, e *EmployeeSpec, accounts map[string]string) {
	if l, ln := p.str(f, "locale", path, false); l != "" {
		loc, ok := core.ParseLocale(l)
		if !ok {
			p.errorf(ln, join(path, "locale"), "must be zh-CN or en, got %q", l)
		}
		e.Locale = loc
	}
	if s, sn := p.str(f, "slack", path, false); s != "" {
		if !slackIDPattern.MatchString(s) {
			p.errorf(sn, join(path, "slack"), "%q is not a Slack user id such as U012AB3CD", s)
		}
		p.account(sn, join(path, "slack"), "slack:"+s, accounts)
		e.Slack = s
	}
	if s, sn := p.str(f, "telegram", path, false); s != "" {
		if !telegramIDPattern.MatchString(s) {
			p.errorf(sn, join(path, "telegram"), "%q is not a numeric Telegram user id", s)
		}
		p.account(sn, join(path, "telegram"), "telegram:"+s, accounts)
		e.Telegram = s
	}
	if s, sn := p.str(f, "wecom", path, false); s != "" {
		if !wecomIDPattern.MatchString(s) {
			p.errorf(sn, join(path, "wecom"), "%q is not a WeCom userid (1-64 letters, digits, _ - . @)", s)
		}
		p.account(sn, join(path, "wecom"), "wecom:"+s, accounts)
		e.WeCom = s
	}
}

func (p *parser) account(n *yaml.Node, field, id string, accounts map[string]string) {
	if prev, ok := accounts[id]; ok {
		p.errorf(n, field, "chat account %s is already given to %s", id, prev)
		return
	}
	accounts[id] = field
}
