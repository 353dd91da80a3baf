package orgfile_test

import (
	"errors"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/reminder"
)

func TestParseExample(t *testing.T) {
	data, err := os.ReadFile("../../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := orgfile.Parse("../../examples/org.yaml", data)
	if err != nil {
		t.Fatalf("example does not parse: %v", err)
	}
	if f.Group == nil || f.Group.Key != "xianguo" || len(f.Orgs) != 1 {
		t.Fatalf("group/orgs: %+v", f)
	}
	shop := f.Orgs[0]
	roles := map[core.Role]int{}
	jobs := map[string]int{}
	for _, e := range shop.Employees {
		roles[e.Role]++
		jobs[e.Job]++
	}
	if roles[core.RoleManager] != 1 || roles[core.RoleHR] != 1 || jobs["customer-service"] == 0 || jobs["finance"] == 0 || jobs["ops"] == 0 {
		t.Errorf("example should have one manager, one HR and cs/finance/ops people: roles %v jobs %v", roles, jobs)
	}
	alice := shop.Employees[2]
	if alice.Key != "alice" || alice.Locale != core.LocaleEN || alice.Slack != "U0ALICE01" || alice.Manager != "wang" ||
		!alice.HireDate.Equal(time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)) || alice.Status != core.StatusActive {
		t.Errorf("alice: %+v", alice)
	}
	if shop.Employees[3].Role != core.RoleEmployee {
		t.Errorf("role defaults to employee, got %q", shop.Employees[3].Role)
	}
	kinds := map[reminder.Kind]int{}
	for _, r := range shop.Reminders.Rules {
		kinds[r.Kind]++
	}
	want := map[reminder.Kind]int{reminder.CheckIn: 1, reminder.Nudge: 1, reminder.CheckOut: 1,
		reminder.Digest: 1, reminder.WeeklySchedule: 1, reminder.Custom: 1, reminder.WeeklyReport: 1}
	if shop.Reminders.LateAfter != time.Hour || !maps.Equal(kinds, want) {
		t.Errorf("example reminders: late after %s, kinds %v", shop.Reminders.LateAfter, kinds)
	}
	cover := cover.Policy{WaveSize: 3, WaveMinutes: 30, WeeklyCapMinutes: 600, RestMinutes: 660, EscalateMinutes: 120,
		Requires: map[string]core.SkillLevel{"customer-service": {Skill: "customer-service", Level: 1}}}
	if !reflect.DeepEqual(shop.Cover, cover) {
		t.Errorf("example cover: %+v", shop.Cover)
	}
	var skilled []string
	for _, e := range shop.Employees {
		if len(e.Skills) > 0 && e.Job != "customer-service" && slices.Contains(e.Skills, core.SkillLevel{Skill: "customer-service", Level: 1}) {
			skilled = append(skilled, e.Key)
		}
	}
	if len(skilled) < 2 {
		t.Errorf("example should have people outside customer service who can cover it, got %v", skilled)
	}
}

func TestParseReportsEveryProblemWithLine(t *testing.T) {
	const bad = `orgs:
  - key: Shop One
    name: Shop
    time_zone: Mars/Olympus
    locale: fr
    teams:
      - key: cs
        name: CS
      - key: cs
        name: CS again
    employees:
      - key: amy
        name: Amy
        role: boss
        team: nope
        manager: ghost
        hire_date: 2024-13-01
        telegram: "12ab"
        colour: blue
      - key: ben
        name: Ben
        manager: cat
        slack: U0BEN
      - key: cat
        name: Cat
        manager: ben
        telegram: "42"
      - key: dan
        telegram: "42"
        email: dan
`
	_, err := orgfile.Parse("bad.yaml", []byte(bad))
	var ps orgfile.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	want := []string{
		`bad.yaml:2: orgs[0].key: "Shop One" is not a valid key`,
		`bad.yaml:4: orgs[0].time_zone: "Mars/Olympus" is not an IANA time zone`,
		`bad.yaml:5: orgs[0].locale: must be zh-CN or en, got "fr"`,
		`bad.yaml:9: orgs[0].teams[1].key: team "cs" is declared twice`,
		`bad.yaml:14: orgs[0].employees[0].role: must be one of employee, manager, hr, admin; got "boss"`,
		`bad.yaml:15: orgs[0].employees[0].team: no team "nope"`,
		`bad.yaml:16: orgs[0].employees[0].manager: no person "ghost"`,
		`bad.yaml:17: orgs[0].employees[0].hire_date: must be a date like 2024-03-01, got "2024-13-01"`,
		`bad.yaml:18: orgs[0].employees[0].telegram: "12ab" is not a numeric Telegram user id`,
		`bad.yaml:19: orgs[0].employees[0].colour: unknown field`,
		`bad.yaml:22: orgs[0].employees[1].manager: managers form a cycle`,
		`bad.yaml:28: orgs[0].employees[3].name: is required`,
		`bad.yaml:29: orgs[0].employees[3].telegram: chat account telegram:42 is already given to orgs[0].employees[2].telegram`,
		`bad.yaml:30: orgs[0].employees[3].email: "dan" is not an e-mail address`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("missing problem %q", w)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(ps), len(want), msg)
	}
}

func TestParseRejects(t *testing.T) {
	cases := map[string]struct{ file, want string }{
		"NotYAML":      {"orgs: [\n", "x.yaml:1: (file): not valid YAML"},
		"Empty":        {"", "file is empty"},
		"NoOrgs":       {"group: {key: g, name: G}\n", "orgs: needs at least one org"},
		"OrgsNotList":  {"orgs: {key: a}\n", "orgs: must be a list"},
		"DuplicateOrg": {"orgs:\n  - {key: a, name: A}\n  - {key: a, name: B}\n", `x.yaml:3: orgs[1].key: org "a" is already declared`},
		"RepeatField":  {"orgs:\n  - key: a\n    key: b\n    name: A\n", "x.yaml:3: orgs[0].key: repeated field"},
		"SelfManager":  {"orgs:\n  - key: a\n    name: A\n    employees:\n      - {key: x, name: X, manager: x}\n", "cannot be their own manager"},
		"NoHandbook":   {"orgs:\n  - key: a\n    name: A\n    handbook: nowhere/\n", "x.yaml:4: orgs[0].handbook: nowhere is not a directory"},
		"BadStatus":    {"orgs:\n  - key: a\n    name: A\n    employees:\n      - {key: x, name: X, status: fired}\n", "must be active or left"},
		"BadSlack":     {"orgs:\n  - key: a\n    name: A\n    employees:\n      - {key: x, name: X, slack: alice}\n", "not a Slack user id"},
		"ShortRetention": {"orgs:\n  - key: a\n    name: A\n    retention: {years_after_leaving: 1}\n",
			"x.yaml:4: orgs[0].retention.years_after_leaving: must be at least 2"},
		"SameEmail": {"orgs:\n  - key: a\n    name: A\n    employees:\n      - {key: x, name: X, email: a@b.c}\n      - {key: y, name: Y, email: A@b.c}\n", "is used by someone else"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := orgfile.Parse("x.yaml", []byte(c.file))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	data, _ := os.ReadFile("../../examples/org.yaml")
	f.Add(data)
	f.Add([]byte("orgs:\n  - {key: a, name: A, employees: [{key: x, name: X, manager: y}, {key: y, name: Y, manager: x}]}\n"))
	f.Add([]byte("orgs:\n  - {key: a, name: A, employees: [{key: x, name: X, job: ops, skills: [cs:2, ops]}], cover: {weekly_cap_hours: 7.5, requires: {ops: ops:3}}}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := orgfile.Parse("fuzz.yaml", b)
		if err != nil {
			var ps orgfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not a list of problems: %v", err)
			}
			return
		}
		for _, o := range file.Orgs {
			if !core.ValidKey(o.Key) {
				t.Fatalf("accepted bad org key %q", o.Key)
			}
			for _, e := range o.Employees {
				if !core.ValidKey(e.Key) || !e.Role.Valid() || !e.Status.Valid() {
					t.Fatalf("accepted bad employee %+v", e)
				}
				for _, s := range e.Skills {
					if !core.ValidKey(s.Skill) || s.Level < 1 || s.Level > 5 {
						t.Fatalf("accepted bad skill %+v", s)
					}
				}
			}
			c := o.Cover
			if c.WaveSize < 0 || c.WaveSize > 50 || c.WaveMinutes < 5 || c.WeeklyCapMinutes < 0 || c.WeeklyCapMinutes > 60*60 ||
				c.RestMinutes < 0 || c.RestMinutes > 24*60 || c.EscalateMinutes < 0 || c.EscalateMinutes > 1440 {
				t.Fatalf("accepted bad cover policy %+v", c)
			}
			for job, s := range c.Requires {
				if !core.ValidKey(job) || !core.ValidKey(s.Skill) || s.Level < 1 || s.Level > 5 {
					t.Fatalf("accepted bad requirement %s: %+v", job, s)
				}
			}
		}
	})
}
