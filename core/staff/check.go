package staff

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Problem is one thing wrong with a change, and where it is.
type Problem struct {
	// Row is the spreadsheet row (1-based, as the sheet shows it; the
	// header's row for a problem with a column); 0 outside an import.
	Row int
	// Column is the header as written in the file; outside an import, the
	// field's name.
	Column string
	// Key names the message in the catalogue (bot/i18n/staff.go).
	Key  string
	Args map[string]string
}

// entry is one person a change is about: a row of a staff list, or the
// person Hire or Edit is given, with its cells as text.
type entry struct {
	row   int
	cells map[Field]string // the fields given, trimmed
	cols  map[Field]string // the header each field came from
	// blankClears makes an empty cell clear the field (Edit); in a staff
	// list an empty cell keeps what the person has.
	blankClears bool
	mode        mode
	key         string // the person Edit changes

	before  *Person
	after   Person
	manager *string        // the manager as written, when given
	bad     bool           // a problem was found on this entry
	link    *core.Identity // the chat account to link, from the row
}

type mode int

const (
	modeMatch mode = iota // a staff list row: an existing person if one matches, else a new one
	modeNew               // Hire: always a new person
	modeEdit              // Edit: the person with key
)

// checker checks entries against an org and works out what to write.
type checker struct {
	org         Org
	today       core.Date
	actor       core.Employee
	createTeams bool

	people   map[string]Person // existing, by key
	declared []core.Team       // teams the list declares with their keys (Roster.Teams)
	newTeams []core.Team
	problems []Problem
}

func newChecker(org Org, actor core.Employee, today core.Date, createTeams bool) *checker {
	c := &checker{org: org, today: today, actor: actor, createTeams: createTeams, people: map[string]Person{}}
	for _, p := range org.People {
		c.people[p.Key] = p
	}
	return c
}

func (c *checker) problem(e *entry, f Field, key string, args ...string) {
	p := Problem{Row: e.row, Column: e.column(f), Key: key}
	for i := 0; i+1 < len(args); i += 2 {
		if p.Args == nil {
			p.Args = map[string]string{}
		}
		p.Args[args[i]] = args[i+1]
	}
	e.bad = true
	c.problems = append(c.problems, p)
}

func (e *entry) column(f Field) string {
	if h, ok := e.cols[f]; ok {
		return h
	}
	return string(f)
}

// check runs every rule over the entries; c.problems holds what is wrong.
func (c *checker) check(entries []*entry) {
	for _, e := range entries {
		c.identify(e)
		c.fields(e)
	}
	c.deriveKeys(entries)
	c.duplicates(entries)
	c.managers(entries)
	c.cycles(entries)
	for _, e := range entries {
		c.guardSelf(e)
	}
}

// identify finds the person an entry is about and starts its after from them.
func (c *checker) identify(e *entry) {
	key := strings.ToLower(e.cells[FieldKey])
	if e.mode == modeEdit {
		key = e.key
	}
	if key != "" && !core.ValidKey(key) {
		c.problem(e, FieldKey, "staff.bad_key", "key", e.cells[FieldKey])
		key = ""
	}
	var found *Person
	switch {
	case key != "":
		if p, ok := c.people[key]; ok {
			found = &p
		}
	case e.mode == modeMatch:
		found = c.match(e)
	}
	if found != nil && e.mode == modeNew {
		c.problem(e, FieldKey, "staff.key_taken", "key", key, "name", found.Name)
		found = nil
	}
	if found != nil {
		before := *found
		e.before, e.after = &before, before
		return
	}
	e.after = Person{Key: key, Role: core.RoleEmployee, Status: core.StatusActive}
}

// match finds the existing person a row without a key is about: the one
// with its e-mail, else the one person with its name.
func (c *checker) match(e *entry) *Person {
	if email := e.cells[FieldEmail]; email != "" {
		for _, p := range c.org.People {
			if strings.EqualFold(p.Email, email) {
				return &p
			}
		}
	}
	name := e.cells[FieldName]
	if name == "" {
		return nil
	}
	var found []Person
	for _, p := range c.org.People {
		if normName(p.Name) == normName(name) {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return nil
	case 1:
		return &found[0]
	}
	c.problem(e, FieldName, "staff.name_ambiguous", "name", name, "people", keysOf(found))
	return nil
}

func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }

func keysOf(ps []Person) string {
	ks := make([]string, len(ps))
	for i, p := range ps {
		ks[i] = p.Key
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// fields applies the entry's cells to its after, all but the manager,
// which is resolved once every key is known.
func (c *checker) fields(e *entry) {
	p := &e.after
	given := func(f Field) (string, bool) {
		v, ok := e.cells[f]
		return v, ok && (v != "" || e.blankClears)
	}
	if v, ok := given(FieldName); ok {
		p.Name = v
	}
	if strings.TrimSpace(p.Name) == "" {
		c.problem(e, FieldName, "staff.missing_name")
	}
	if v, ok := given(FieldEmail); ok {
		if v != "" && (!strings.Contains(v, "@") || strings.ContainsAny(v, " \t,;")) {
			c.problem(e, FieldEmail, "staff.bad_email", "email", v)
		}
		p.Email = v
	}
	if v := e.cells[FieldRole]; v != "" {
		if r, ok := ParseRole(v); ok {
			p.Role = r
		} else {
			c.problem(e, FieldRole, "staff.unknown_role", "role", v)
		}
	}
	if v, ok := given(FieldJob); ok {
		p.Job = c.job(e, v)
	}
	if v, ok := given(FieldTeam); ok {
		p.Team = c.team(e, v)
	}
	if v, ok := given(FieldManager); ok {
		e.manager = &v
	}
	if v, ok := given(FieldHireDate); ok {
		p.HireDate = c.date(e, FieldHireDate, v)
	}
	if v, ok := given(FieldLocale); ok {
		p.Locale = ""
		if v != "" {
			if l, ok := core.ParseLocale(v); ok {
				p.Locale = l
			} else {
				c.problem(e, FieldLocale, "staff.unknown_locale", "locale", v)
			}
		}
	}
	if v, ok := given(FieldSchedule); ok {
		p.Schedule = c.schedule(e, v)
	}
	c.employment(e)
}

func (c *checker) date(e *entry, f Field, v string) core.Date {
	if v == "" {
		return core.Date{}
	}
	d, ok := ParseDate(v)
	if !ok {
		c.problem(e, f, "staff.bad_date", "value", v)
	}
	return d
}

// employment applies status and last day: a last day alone means the
// person left; someone marked as left without one left today; someone
// active again has no last day.
func (c *checker) employment(e *entry) {
	p := &e.after
	status, hasStatus := e.cells[FieldStatus]
	leftOn, hasLeft := e.cells[FieldLeftOn]
	hasStatus, hasLeft = hasStatus && status != "", hasLeft && leftOn != ""
	if hasStatus {
		s, ok := ParseStatus(status)
		if !ok {
			c.problem(e, FieldStatus, "staff.unknown_status", "status", status)
			return
		}
		p.Status = s
	} else if hasLeft {
		p.Status = core.StatusLeft
	}
	if p.Status == core.StatusActive {
		if hasLeft {
			c.problem(e, FieldLeftOn, "staff.left_on_active")
		}
		p.LeftOn = core.Date{}
		return
	}
	if hasLeft {
		p.LeftOn = c.date(e, FieldLeftOn, leftOn)
	}
	if p.LeftOn.IsZero() {
		p.LeftOn = c.today
	}
	if hasLeft || e.before == nil || e.before.Status != core.StatusLeft {
		c.lastDay(e, FieldLeftOn, p.LeftOn)
	}
}

// lastDay checks a last day: not after today (hrbot cannot yet keep
// someone active until a later day), not before their hire date.
func (c *checker) lastDay(e *entry, f Field, d core.Date) {
	switch {
	case d.After(c.today):
		c.problem(e, f, "staff.last_day_future", "date", d.String())
	case !e.after.HireDate.IsZero() && d.Before(e.after.HireDate):
		c.problem(e, f, "staff.left_before_hire", "date", d.String(), "hired", e.after.HireDate.String())
	}
}

// job resolves a job by key, name or alias among the org's jobs; any
// other valid key is taken as written, as the org file takes it.
func (c *checker) job(e *entry, v string) string {
	if v == "" {
		return ""
	}
	if j, ok := c.org.Jobs.Resolve(v); ok {
		return j.Key
	}
	if j, ok := c.org.Builtin.Resolve(v); ok {
		if _, declared := c.org.Jobs.Find(j.Key); declared || len(c.org.Jobs) == 0 {
			return j.Key
		}
	}
	if k := strings.ToLower(v); core.ValidKey(k) {
		return k
	}
	c.problem(e, FieldJob, "staff.unknown_job", "job", v, "jobs", strings.Join(c.org.Jobs.Keys(), ", "))
	return ""
}

// team resolves a team by key or name; in a staff list, a team the org
// lacks is created (and shown in the preview).
func (c *checker) team(e *entry, v string) string {
	if v == "" {
		return ""
	}
	for _, teams := range [][]core.Team{c.org.Teams, c.newTeams} {
		for _, t := range teams {
			if t.Key == strings.ToLower(v) || sameName(t.Name, v) {
				return t.Key
			}
		}
	}
	if !c.createTeams {
		c.problem(e, FieldTeam, "staff.unknown_team", "team", v)
		return ""
	}
	for _, t := range c.declared {
		if t.Key == strings.ToLower(v) {
			c.newTeams = append(c.newTeams, t)
			return t.Key
		}
	}
	taken := func(k string) bool {
		for _, teams := range [][]core.Team{c.org.Teams, c.newTeams} {
			for _, t := range teams {
				if t.Key == k {
					return true
				}
			}
		}
		return false
	}
	key := strings.ToLower(v)
	for n := 1; !core.ValidKey(key) || taken(key); n++ {
		key = fmt.Sprintf("team-%d", n)
	}
	c.newTeams = append(c.newTeams, core.Team{Key: key, Name: v})
	return key
}

func (c *checker) schedule(e *entry, v string) string {
	if v == "" {
		return ""
	}
	for _, s := range c.org.Schedules {
		if s.Key == strings.ToLower(v) || sameName(s.Name, v) {
			return s.Key
		}
	}
	keys := make([]string, len(c.org.Schedules))
	for i, s := range c.org.Schedules {
		keys[i] = s.Key
	}
	c.problem(e, FieldSchedule, "staff.unknown_schedule", "schedule", v, "schedules", strings.Join(keys, ", "))
	return ""
}

// guardSelf keeps HR from locking themselves out: no one changes their
// own role or offboards themselves here.
func (c *checker) guardSelf(e *entry) {
	if e.before == nil || e.before.Key != c.actor.Key {
		return
	}
	if e.after.Role != e.before.Role {
		c.problem(e, FieldRole, "staff.own_role")
	}
	if e.after.Status != core.StatusActive && e.before.Status == core.StatusActive {
		c.problem(e, FieldStatus, "staff.offboard_self")
	}
}
