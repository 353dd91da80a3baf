package orgfile_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// describedFile is an org whose customer-service job carries desc (lines
// from 8 on, indented under description:).
func describedFile(desc string) string {
	return `orgs:
  - key: shop
    name: Shop
    jobs:
      - key: customer-service
        name: {zh-CN: 客服, en: Customer service}
        description:
` + desc + `      - {key: finance, name: 财务 Finance}
    shifts:
      - {key: eve, name: Evening, start: "14:00", end: "23:00", job: customer-service}
      - {key: any, name: Any, start: "09:00", end: "18:00"}
      - {key: books, name: Books, start: "09:00", end: "18:00", job: finance}
    employees:
      - {key: amy, name: Amy, job: customer-service}
`
}

const fullDescription = `          summary: {zh-CN: 回复顾客, en: "Answers shoppers, politely"}
          responsibilities:
            - 回复淘宝咨询
            - {zh-CN: 处理售后, en: Handle after-sales}
          skills: [customer-service:2, typing]
          kpis:
            - {key: late, name: 准时 Punctual, measure: attendance.late_count, target: 0, weight: 30}
            - {key: rating, name: {en: Rating}, measure: cover.rating, target: 4.5, weight: 50, higher_is_better: false}
            - {key: team, name: 协作, measure: judgement, weight: 20}
          pay: {min: 25.5, max: 40, kind: hourly}
          shifts: [eve, any]
          headcount: 4
`

func TestParseDescription(t *testing.T) {
	t.Parallel()
	f, err := orgfile.Parse("d.yaml", []byte(describedFile(fullDescription)))
	if err != nil {
		t.Fatal(err)
	}
	dec := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	want := jobs.Description{
		Summary: map[core.Locale]string{core.LocaleZH: "回复顾客", core.LocaleEN: "Answers shoppers, politely"},
		Responsibilities: []map[core.Locale]string{{"": "回复淘宝咨询"},
			{core.LocaleZH: "处理售后", core.LocaleEN: "Handle after-sales"}},
		Skills: []core.SkillLevel{{Skill: "customer-service", Level: 2}, {Skill: "typing", Level: 1}},
		KPIs: []jobs.KPI{
			{Key: "late", Name: map[core.Locale]string{"": "准时 Punctual"}, Measure: jobs.MeasureLate, Target: dec("0"), Weight: 30},
			{Key: "rating", Name: map[core.Locale]string{core.LocaleEN: "Rating"}, Measure: jobs.MeasureCoverRating, Target: dec("4.5"), Weight: 50},
			{Key: "team", Name: map[core.Locale]string{"": "协作"}, Measure: jobs.MeasureJudgement, Weight: 20, HigherIsBetter: true},
		},
		Pay:       &jobs.Pay{Min: decimal.RequireFromString("25.5"), Max: decimal.NewFromInt(40), Kind: pay.Hourly},
		Shifts:    []string{"eve", "any"},
		Headcount: 4,
	}
	got := f.Orgs[0].Descriptions
	if len(got) != 1 || !reflect.DeepEqual(got["customer-service"], want) {
		t.Errorf("descriptions\n got %#v\nwant %#v", got, want)
	}
	// A late count is better low unless the KPI says otherwise.
	if k := got["customer-service"].KPIs; k[0].HigherIsBetter || k[1].HigherIsBetter || !k[2].HigherIsBetter {
		t.Errorf("directions: %+v", k)
	}

	// Written back and read again, it is the same; the export of it too.
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := orgfile.Parse("d.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(again.Orgs[0].Descriptions, got) {
		t.Errorf("round trip differs:\n%s", out)
	}
	if strings.Contains(string(out), "higher_is_better: true") || !strings.Contains(string(out), "higher_is_better: false") {
		t.Errorf("higher_is_better is written only against the measure's own direction:\n%s", out)
	}

	// The console's editor reads the same text on its own.
	text, err := orgfile.MarshalDescription(want)
	if err != nil {
		t.Fatal(err)
	}
	shifts := map[string]string{"eve": "customer-service", "any": ""}
	d, err := orgfile.ParseDescription("edit", text, "customer-service", shifts)
	if err != nil || !reflect.DeepEqual(d, want) {
		t.Errorf("ParseDescription(MarshalDescription) = %#v, %v\n%s", d, err, text)
	}
	if _, err := orgfile.ParseDescription("edit", []byte("shifts: [books]\n"), "customer-service", map[string]string{"books": "finance"}); err == nil ||
		!strings.Contains(err.Error(), "edit:1: description.shifts[0]: shift books staffs job finance, not customer-service") {
		t.Errorf("a shift of another job: %v", err)
	}
}

func TestParseDescriptionProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, desc, want string
	}{
		{"unknown field", "          summary: x\n          salary: 5000\n",
			`d.yaml:9: orgs[0].jobs[0].description.salary: unknown field`},
		{"empty", "          {}\n", `orgs[0].jobs[0].description: describes nothing`},
		{"summary in an unknown language", "          summary: {fr: Bonjour}\n",
			`orgs[0].jobs[0].description.summary.fr: unknown language "fr"`},
		{"a bad skill level", "          skills: [customer-service:9]\n",
			`description.skills[0]: the level of customer-service must be a whole number from 1 to 5`},
		{"a skill twice", "          skills: [typing, typing:2]\n", `description.skills[1]: skill "typing" is listed twice`},
		{"an unknown measure", "          kpis: [{key: a, name: A, measure: sales, target: 1}]\n",
			`description.kpis[0].measure: unknown measure "sales" (expected one of: attendance.late_count,`},
		{"a target missing", "          kpis: [{key: a, name: A, measure: import}]\n",
			`description.kpis[0].target: is required: the number import aims at`},
		{"a KPI without a name", "          kpis: [{key: a, measure: judgement}]\n",
			`description.kpis[0].name: is required`},
		{"weights not adding up", "          kpis: [{key: a, name: A, measure: judgement, weight: 60}, {key: b, name: B, measure: judgement, weight: 30}]\n",
			`d.yaml:8: orgs[0].jobs[0].description.kpis: the weights add up to 90: they must add up to 100`},
		{"some weights missing", "          kpis: [{key: a, name: A, measure: judgement, weight: 100}, {key: b, name: B, measure: judgement}]\n",
			`description.kpis: 1 of 2 KPIs have a weight: give every KPI one, or none`},
		{"a KPI twice", "          kpis: [{key: a, name: A, measure: judgement}, {key: a, name: B, measure: judgement}]\n",
			`description.kpis: KPI "a" is listed twice`},
		{"a weight over 100", "          kpis: [{key: a, name: A, measure: judgement, weight: 120}]\n",
			`description.kpis[0].weight: must be a whole number from 1 to 100, got "120"`},
		{"pay upside down", "          pay: {min: 6500, max: 4500}\n", `description.pay: min 6500 is more than max 4500`},
		{"pay not positive", "          pay: {min: 0, max: 4500}\n", `description.pay.min: must be a number from 0.01 to 10000000, got "0"`},
		{"pay without max", "          pay: {min: 4500}\n", `description.pay.max: is required`},
		{"pay of an unknown kind", "          pay: {min: 1, max: 2, kind: yearly}\n", `description.pay.kind: must be monthly or hourly, got "yearly"`},
		{"an unknown shift", "          shifts: [night]\n", `description.shifts[0]: no shift "night" in this org`},
		{"another job's shift", "          shifts: [books]\n", `description.shifts[0]: shift books staffs job finance, not customer-service`},
		{"headcount zero", "          headcount: 0\n", `description.headcount: must be a whole number from 1 to 10000, got "0"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := orgfile.Parse("d.yaml", []byte(describedFile(tc.desc)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant a problem containing %q", err, tc.want)
			}
		})
	}
}
