package orgfile_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/orgfile"
)

// coverHead is a grouped org whose people do customer-service and finance
// and whose night shift staffs ops. Ben's skills are line 9; a cover
// section appended to it starts on line 10, its first field on line 11.
const coverHead = `group: {key: g, name: G}
orgs:
  - key: shop
    name: Shop
    shifts:
      - {key: night, name: Night, start: "22:00", end: "06:00", job: ops}
    employees:
      - {key: amy, name: Amy, job: customer-service}
      - {key: ben, name: Ben, job: finance, skills: [customer-service:2, ops]}
`

// withCover is coverHead with body as its cover section.
func withCover(body string) string {
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "      " + l
	}
	return coverHead + "    cover:\n" + strings.Join(lines, "\n") + "\n"
}

// withSkills is coverHead with Cat, whose skills are on line 13.
func withSkills(skills string) string {
	return coverHead + "      - key: cat\n        name: Cat\n        job: ops\n        skills: " + skills + "\n"
}

func TestParseCover(t *testing.T) {
	t.Parallel()
	f, err := orgfile.Parse("c.yaml", []byte(withCover(`wave_size: 3
wave_minutes: 45
weekly_cap_hours: 7.5
rest_hours: 10.5
sister_orgs: true
escalate_minutes: 0
requires:
  customer-service: customer-service:2
  ops: ops       # level 1
  finance: bookkeeping:5
`)))
	if err != nil {
		t.Fatal(err)
	}
	o := f.Orgs[0]
	want := cover.Policy{WaveSize: 3, WaveMinutes: 45, WeeklyCapMinutes: 450, RestMinutes: 630, SisterOrgs: true, EscalateMinutes: 0,
		Requires: map[string]core.SkillLevel{
			"customer-service": {Skill: "customer-service", Level: 2},
			"ops":              {Skill: "ops", Level: 1}, // a shift's job, though nobody has it
			"finance":          {Skill: "bookkeeping", Level: 5},
		}}
	if !reflect.DeepEqual(o.Cover, want) {
		t.Errorf("cover\n got  %+v\n want %+v", o.Cover, want)
	}
	skills := []core.SkillLevel{{Skill: "customer-service", Level: 2}, {Skill: "ops", Level: 1}}
	if !reflect.DeepEqual(o.Employees[1].Skills, skills) {
		t.Errorf("ben's skills: got %+v, want %+v", o.Employees[1].Skills, skills)
	}
	if o.Employees[0].Skills != nil {
		t.Errorf("amy has no skills, got %+v", o.Employees[0].Skills)
	}
}

func TestParseCoverDefaults(t *testing.T) {
	t.Parallel()
	want := cover.Policy{WaveSize: 0, WaveMinutes: 30, WeeklyCapMinutes: 480, RestMinutes: 660, SisterOrgs: false, EscalateMinutes: 120}
	if got := cover.DefaultPolicy(); !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultCoverPolicy() = %+v, want %+v", got, want)
	}
	cases := map[string]string{
		"NoSection":    "orgs:\n  - {key: a, name: A}\n",
		"EmptySection": "orgs:\n  - key: a\n    name: A\n    cover: {}\n",
	}
	for name, file := range cases {
		f, err := orgfile.Parse("c.yaml", []byte(file))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := f.Orgs[0].Cover; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
	// Fields left out keep their defaults; whole and fractional hours both read.
	f, err := orgfile.Parse("c.yaml", []byte(withCover("weekly_cap_hours: 10\nrest_hours: 0\n")))
	if err != nil {
		t.Fatal(err)
	}
	want.WeeklyCapMinutes, want.RestMinutes = 600, 0
	if got := f.Orgs[0].Cover; !reflect.DeepEqual(got, want) {
		t.Errorf("partial section: got %+v, want %+v", got, want)
	}
}

func TestParseCoverRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file string
		want       []string // each a problem the file must report, in full from the file name
	}{
		{"UnknownField", withCover("wave_size: 2\nmax_offers: 5\n"), []string{
			"c.yaml:12: orgs[0].cover.max_offers: unknown field (expected one of: wave_size, wave_minutes, weekly_cap_hours, rest_hours, sister_orgs, escalate_minutes, requires)"}},
		{"NotMapping", coverHead + "    cover: on\n", []string{
			"c.yaml:10: orgs[0].cover: must be a mapping of fields"}},
		{"WaveSizeTooBig", withCover("wave_size: 51\n"), []string{
			`c.yaml:11: orgs[0].cover.wave_size: must be a whole number from 0 to 50, got "51"`}},
		{"WaveSizeNegative", withCover("wave_size: -1\n"), []string{
			`c.yaml:11: orgs[0].cover.wave_size: must be a whole number from 0 to 50, got "-1"`}},
		{"WaveSizeFraction", withCover("wave_size: 2.5\n"), []string{
			`c.yaml:11: orgs[0].cover.wave_size: must be a whole number from 0 to 50, got "2.5"`}},
		{"WaveMinutesTooShort", withCover("wave_minutes: 4\n"), []string{
			`c.yaml:11: orgs[0].cover.wave_minutes: must be a whole number from 5 to 1440, got "4"`}},
		{"WaveMinutesTooLong", withCover("wave_minutes: 1441\n"), []string{
			`c.yaml:11: orgs[0].cover.wave_minutes: must be a whole number from 5 to 1440, got "1441"`}},
		{"CapTooHigh", withCover("weekly_cap_hours: 60.5\n"), []string{
			`c.yaml:11: orgs[0].cover.weekly_cap_hours: must be a number of hours from 0 to 60 such as 7.5, got "60.5"`}},
		{"CapNegative", withCover("weekly_cap_hours: -2\n"), []string{
			`c.yaml:11: orgs[0].cover.weekly_cap_hours: must be a number of hours from 0 to 60 such as 7.5, got "-2"`}},
		{"CapWithUnit", withCover("weekly_cap_hours: 8h\n"), []string{
			`c.yaml:11: orgs[0].cover.weekly_cap_hours: must be a number of hours from 0 to 60 such as 7.5, got "8h"`}},
		{"CapNaN", withCover("weekly_cap_hours: NaN\n"), []string{
			`c.yaml:11: orgs[0].cover.weekly_cap_hours: must be a number of hours from 0 to 60 such as 7.5, got "NaN"`}},
		{"CapEmpty", withCover("weekly_cap_hours: ''\n"), []string{
			`c.yaml:11: orgs[0].cover.weekly_cap_hours: must not be empty`}},
		{"RestTooLong", withCover("rest_hours: 25\n"), []string{
			`c.yaml:11: orgs[0].cover.rest_hours: must be a number of hours from 0 to 24 such as 7.5, got "25"`}},
		{"RestNotNumber", withCover("rest_hours: eleven\n"), []string{
			`c.yaml:11: orgs[0].cover.rest_hours: must be a number of hours from 0 to 24`}},
		{"EscalateTooLong", withCover("escalate_minutes: 1500\n"), []string{
			`c.yaml:11: orgs[0].cover.escalate_minutes: must be a whole number from 0 to 1440, got "1500"`}},
		{"EscalateNegative", withCover("escalate_minutes: -10\n"), []string{
			`c.yaml:11: orgs[0].cover.escalate_minutes: must be a whole number from 0 to 1440, got "-10"`}},
		{"SisterOrgsNotBool", withCover("sister_orgs: maybe\n"), []string{
			`c.yaml:11: orgs[0].cover.sister_orgs: must be true or false, got "maybe"`}},
		{"SisterOrgsWithoutGroup", "orgs:\n  - key: a\n    name: A\n    cover:\n      wave_size: 2\n      sister_orgs: true\n", []string{
			`c.yaml:6: orgs[0].cover.sister_orgs: this file declares no group, so the org has no sister orgs`}},
		{"RequiresNotMapping", withCover("requires: [customer-service:2]\n"), []string{
			`c.yaml:11: orgs[0].cover.requires: must map jobs to the skill they need, as in customer-service: customer-service:2`}},
		{"RequiresBadJob", withCover("requires:\n  Customer Service: customer-service:2\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.Customer Service: "Customer Service" is not a valid job key`}},
		{"RequiresUnknownJob", withCover("requires:\n  warehouse: ops:2\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.warehouse: no one in this org has job "warehouse" and no shift staffs it`}},
		{"RequiresJobTwice", withCover("requires:\n  ops: ops:1\n  ops: ops:2\n"), []string{
			`c.yaml:13: orgs[0].cover.requires.ops: job "ops" is listed twice`}},
		{"RequiresBadSkill", withCover("requires:\n  ops: Night Watch:2\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.ops: "Night Watch" is not a valid skill name`}},
		{"RequiresLevelTooHigh", withCover("requires:\n  ops: ops:6\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.ops: the level of ops must be a whole number from 1 to 5, got "6"`}},
		{"RequiresLevelZero", withCover("requires:\n  ops: ops:0\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.ops: the level of ops must be a whole number from 1 to 5, got "0"`}},
		{"RequiresLevelMissing", withCover("requires:\n  ops: 'ops:'\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.ops: the level of ops must be a whole number from 1 to 5, got ""`}},
		// "ops: 2" reads as a skill named 2; it is almost surely a level.
		{"RequiresLevelOnly", withCover("requires:\n  ops: 2\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.ops: "2" is a level without a skill: write skill or skill:level (no space after ':'), such as customer-service:2`}},
		{"RequiresSkillMissing", withCover("requires:\n  ops: ':2'\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.ops: ":2" has no skill before the level`}},
		{"RequiresNotScalar", withCover("requires:\n  ops: {ops: 2}\n"), []string{
			`c.yaml:12: orgs[0].cover.requires.ops: must be a single skill: write skill or skill:level (no space after ':')`}},

		{"SkillsNotList", withSkills("customer-service:1"), []string{
			`c.yaml:13: orgs[0].employees[2].skills: must be a list`}},
		{"SkillTwice", withSkills("[finance, customer-service:1, finance:2]"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[2]: skill "finance" is listed twice`}},
		{"SkillBadName", withSkills("[Finance]"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: "Finance" is not a valid skill name: use lower-case letters, digits, '.', '_' or '-' (at most 63)`}},
		{"SkillLevelTooHigh", withSkills("[finance:9]"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: the level of finance must be a whole number from 1 to 5, got "9"`}},
		{"SkillLevelNotNumber", withSkills("[finance:expert]"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: the level of finance must be a whole number from 1 to 5, got "expert"`}},
		{"SkillLevelTwoColons", withSkills("['finance:2:3']"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: the level of finance must be a whole number from 1 to 5, got "2:3"`}},
		{"SkillSpaceAfterColon", withSkills("[finance: 2]"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: must be a single skill: write skill or skill:level (no space after ':'), such as customer-service:2`}},
		{"SkillEmpty", withSkills("['']"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: must not be empty`}},
		{"SkillLevelOnly", withSkills("[3]"), []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: "3" is a level without a skill`}},
		{"SkillsUnknownEmployeeField", coverHead + "      - {key: cat, name: Cat, skill: finance}\n", []string{
			`c.yaml:10: orgs[0].employees[2].skill: unknown field`}},

		// Every problem is reported in one pass, the section's and the people's.
		{"Several", withSkills("[finance:0, finance]") + "    cover:\n      wave_size: all\n      rest_hours: 30\n      requires:\n        hr: hr\n        ops: ops:7\n", []string{
			`c.yaml:13: orgs[0].employees[2].skills[0]: the level of finance must be a whole number from 1 to 5, got "0"`,
			`c.yaml:15: orgs[0].cover.wave_size: must be a whole number from 0 to 50, got "all"`,
			`c.yaml:16: orgs[0].cover.rest_hours: must be a number of hours from 0 to 24`,
			`c.yaml:18: orgs[0].cover.requires.hr: no one in this org has job "hr"`,
			`c.yaml:19: orgs[0].cover.requires.ops: the level of ops must be a whole number from 1 to 5, got "7"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := orgfile.Parse("c.yaml", []byte(c.file))
			var ps orgfile.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("want Problems, got %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing problem %q in\n%s", w, err)
				}
			}
			if len(ps) != len(c.want) {
				t.Errorf("got %d problems, want %d:\n%s", len(ps), len(c.want), err)
			}
		})
	}
}
