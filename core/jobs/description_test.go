package jobs_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

func target(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

func kpi(key string, m jobs.Measure, weight int) jobs.KPI {
	k := jobs.KPI{Key: key, Name: map[core.Locale]string{"": key}, Measure: m, Weight: weight, HigherIsBetter: m.HigherIsBetter()}
	if m != jobs.MeasureJudgement {
		k.Target = target("1")
	}
	return k
}

func TestCheck(t *testing.T) {
	t.Parallel()
	shifts := map[string]string{"eve": "cs", "any": "", "books": "finance"}
	good := jobs.Description{
		Skills: []core.SkillLevel{{Skill: "cs", Level: 2}},
		KPIs:   []jobs.KPI{kpi("late", jobs.MeasureLate, 40), kpi("team", jobs.MeasureJudgement, 60)},
		Pay:    &jobs.Pay{Min: decimal.NewFromInt(4500), Max: decimal.NewFromInt(6500), Kind: pay.Monthly},
		Shifts: []string{"eve", "any"}, Headcount: 3,
	}
	if err := jobs.Check("cs", good, shifts); err != nil {
		t.Fatalf("a good description: %v", err)
	}
	for _, tc := range []struct {
		name string
		mod  func(d *jobs.Description)
		want string
	}{
		{"a skill twice", func(d *jobs.Description) { d.Skills = append(d.Skills, core.SkillLevel{Skill: "cs", Level: 1}) }, `skills[1]: skill "cs" is listed twice`},
		{"a skill level 6", func(d *jobs.Description) { d.Skills[0].Level = 6 }, "skills[0]: the level of cs must be from 1 to 5"},
		{"an unknown measure", func(d *jobs.Description) { d.KPIs[0].Measure = "sales" }, `kpis[0]: unknown measure "sales"`},
		{"no target", func(d *jobs.Description) { d.KPIs[0].Target = nil }, "kpis[0]: needs a target"},
		{"a negative target", func(d *jobs.Description) { d.KPIs[0].Target = target("-1") }, "kpis[0]: the target must not be negative"},
		{"no name", func(d *jobs.Description) { d.KPIs[1].Name = nil }, "kpis[1]: needs a name"},
		{"weights adding to 90", func(d *jobs.Description) { d.KPIs[1].Weight = 50 }, "kpis: the weights add up to 90"},
		{"one weight missing", func(d *jobs.Description) { d.KPIs[1].Weight = 0 }, "kpis: 1 of 2 KPIs have a weight"},
		{"a KPI twice", func(d *jobs.Description) { d.KPIs[1].Key = "late" }, `kpis: KPI "late" is listed twice`},
		{"pay upside down", func(d *jobs.Description) { d.Pay.Min = decimal.NewFromInt(7000) }, "pay: min 7000 is more than max 6500"},
		{"pay yearly", func(d *jobs.Description) { d.Pay.Kind = "yearly" }, `pay: kind must be monthly or hourly`},
		{"no pay", func(d *jobs.Description) { d.Pay.Min = decimal.Zero }, "pay: min and max must be positive"},
		{"another job's shift", func(d *jobs.Description) { d.Shifts = []string{"books"} }, "shifts[0]: shift books staffs job finance, not cs"},
		{"no such shift", func(d *jobs.Description) { d.Shifts = []string{"night"} }, `shifts[0]: no shift "night" in this org`},
		{"headcount too big", func(d *jobs.Description) { d.Headcount = 10001 }, "headcount: must be a whole number from 1 to 10000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := good
			d.Skills = append([]core.SkillLevel(nil), good.Skills...)
			d.KPIs = append([]jobs.KPI(nil), good.KPIs...)
			p := *good.Pay
			d.Pay = &p
			tc.mod(&d)
			err := jobs.Check("cs", d, shifts)
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || e.Key != "jobs.invalid_description" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want EInvalid containing %q", err, tc.want)
			}
		})
	}
}

func TestSnapshotAndText(t *testing.T) {
	t.Parallel()
	if s := jobs.Snapshot(jobs.Description{}); len(s) != 0 {
		t.Errorf("empty: %v", s)
	}
	s := jobs.Snapshot(jobs.Description{
		Summary: map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "CS"},
		Skills:  []core.SkillLevel{{Skill: "cs", Level: 2}, {Skill: "typing", Level: 1}},
		Pay:     &jobs.Pay{Min: decimal.RequireFromString("25.50"), Max: decimal.NewFromInt(40), Kind: pay.Hourly},
		Shifts:  []string{"eve", "any"}, Headcount: 4,
	})
	want := map[string]string{"summary": `{"en":"CS","zh-CN":"客服"}`, "skills": "cs:2, typing:1", "pay": "25.5-40 hourly",
		"shifts": "eve, any", "headcount": "4"}
	for k, v := range want {
		if s[k] != v {
			t.Errorf("%s: %q, want %q", k, s[k], v)
		}
	}
	if len(s) != len(want) {
		t.Errorf("parts: %v", s)
	}

	texts := map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "CS"}
	if jobs.Text(texts, core.LocaleEN) != "CS" || jobs.Text(texts, core.LocaleZH) != "客服" ||
		jobs.Text(map[core.Locale]string{"": "all"}, core.LocaleEN) != "all" ||
		jobs.Text(map[core.Locale]string{core.LocaleEN: "only"}, core.LocaleZH) != "only" {
		t.Error("Text picks the wrong language")
	}
	if jobs.MeasureLate.HigherIsBetter() || jobs.MeasureAbsentDays.HigherIsBetter() || !jobs.MeasureCoverRating.HigherIsBetter() {
		t.Error("directions")
	}
}
