package orgfile_test

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
)

func perfFile(section string) string {
	return "orgs:\n  - key: shop\n    name: Shop\n" + section
}

const perfSection = `    performance:
      bands:
        - {band: A, min: 4.5, coefficient: 1.2, name: {zh-CN: 优秀, en: Excellent}}
        - {band: B, min: 3.5, coefficient: 1.0}
        - {band: C, min: 2.5, coefficient: 0.8, name: 待改进}
        - {band: D, min: 1, coefficient: 0}
      bonus: {percent: 10}
      pay_offset: 0
`

// The performance section is read into perf.Policy and written back so
// it reads the same again; without it there is none.
func TestParsePerformance(t *testing.T) {
	t.Parallel()
	f, err := orgfile.Parse("p.yaml", []byte(perfFile(perfSection)))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Orgs[0].Performance
	if p == nil || len(p.Bands) != 4 || p.PayOffset != 0 || p.BonusPercent.String() != "10" || !p.BonusBase.IsZero() {
		t.Fatalf("policy %+v", p)
	}
	a, c := p.Bands[0], p.Bands[2]
	if a.Band != "A" || a.Min.String() != "4.5" || a.Coefficient.String() != "1.2" || a.Name[core.LocaleZH] != "优秀" || c.Name[""] != "待改进" {
		t.Errorf("bands %+v", p.Bands)
	}
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n        - {band: A, min: 4.5, coefficient: 1.2, name: {en: Excellent, zh-CN: 优秀}}\n",
		"\n        - {band: D, min: 1, coefficient: 0}\n", "\n      bonus: {percent: 10}\n", "\n      pay_offset: 0\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("written without %q:\n%s", want, out)
		}
	}
	again, err := orgfile.Parse("again.yaml", out)
	if err != nil {
		t.Fatalf("read again: %v\n%s", err, out)
	}
	if got := again.Orgs[0].Performance; got.Bands[1].Coefficient.String() != "1" || got.Bands[2].Name[""] != "待改进" || got.PayOffset != 0 ||
		!got.BonusPercent.Equal(p.BonusPercent) || len(got.Bands) != 4 {
		t.Errorf("read again: %+v", got)
	}

	f, err = orgfile.Parse("p.yaml", []byte(perfFile("    performance:\n      bands: [{band: S, min: 4.8, coefficient: 2}]\n      bonus: {base: 800}\n")))
	if err != nil {
		t.Fatal(err)
	}
	if p := f.Orgs[0].Performance; p.PayOffset != 1 || p.BonusBase.String() != "800" {
		t.Errorf("pay offset defaults to 1, base 800: %+v", p)
	}
	if f, err = orgfile.Parse("p.yaml", []byte(perfFile(""))); err != nil || f.Orgs[0].Performance != nil {
		t.Errorf("no section: %+v %v", f.Orgs[0].Performance, err)
	}
}

// Every mistake is reported with its line and field, saying what is
// expected.
func TestParsePerformanceProblems(t *testing.T) {
	t.Parallel()
	b := func(lines ...string) string {
		return "    performance:\n      bands:\n        - " + strings.Join(lines, "\n        - ") + "\n"
	}
	for _, tc := range []struct{ section, want string }{
		{"    performance: {}\n", `p.yaml:4: orgs[0].performance.bands: is required`},
		{"    performance: {bands: []}\n", `orgs[0].performance.bands: lists no band`},
		{b("{band: A, min: 4.5, coefficient: 1.2}", "{band: B, min: 4.5, coefficient: 1}"),
			`p.yaml:7: orgs[0].performance.bands[1].min: must be below the band before's (A from 4.5): bands go best first`},
		{b("{band: B, min: 3.5, coefficient: 1}", "{band: A, min: 4.5, coefficient: 1.2}"), `orgs[0].performance.bands[1].min: must be below`},
		{b("{band: A, min: 4.5, coefficient: 1.2}", "{band: a, min: 3, coefficient: 1}"),
			`p.yaml:7: orgs[0].performance.bands[1].band: band "a" is already declared at orgs[0].performance.bands[0]`},
		{b("{band: A, min: 6, coefficient: 1.2}"), `p.yaml:6: orgs[0].performance.bands[0].min: must be a number from 1 to 5 with at most two decimals, got "6"`},
		{b("{band: A, min: 0.5, coefficient: 1.2}"), `orgs[0].performance.bands[0].min: must be a number from 1 to 5`},
		{b("{band: A, min: 4.555, coefficient: 1.2}"), `orgs[0].performance.bands[0].min: must be a number from 1 to 5 with at most two decimals`},
		{b("{band: A, min: 4, coefficient: 3.5}"), `orgs[0].performance.bands[0].coefficient: must be a number from 0 to 3`},
		{b("{band: A, min: 4, coefficient: -1}"), `orgs[0].performance.bands[0].coefficient: must be a number from 0 to 3`},
		{b("{band: A, min: 4}"), `orgs[0].performance.bands[0].coefficient: is required: what the performance pay is multiplied by`},
		{b("{band: A, coefficient: 1}"), `orgs[0].performance.bands[0].min: is required: the lowest final score that earns the band`},
		{b("{min: 4, coefficient: 1}"), `orgs[0].performance.bands[0].band: is required`},
		{b("{band: very good, min: 4, coefficient: 1}"), `orgs[0].performance.bands[0].band: "very good" is not a band name`},
		{b("{band: A, min: 4, coefficient: 1, name: {fr: Bien}}"), `orgs[0].performance.bands[0].name.fr: unknown language "fr"`},
		{b("{band: A, min: 4, coefficient: 1, colour: red}"), `orgs[0].performance.bands[0].colour: unknown field`},
		{b("{band: A, min: 4, coefficient: 1}") + "      bonus: {base: 1000, percent: 10}\n",
			`p.yaml:7: orgs[0].performance.bonus: has both base and percent`},
		{b("{band: A, min: 4, coefficient: 1}") + "      bonus: {}\n", `orgs[0].performance.bonus: must give base`},
		{b("{band: A, min: 4, coefficient: 1}") + "      bonus: {percent: 150}\n", `orgs[0].performance.bonus.percent: must be a number from 0 to 100`},
		{b("{band: A, min: 4, coefficient: 1}") + "      bonus: {base: lots}\n", `orgs[0].performance.bonus.base: must be a number from 0 to 1000000`},
		{b("{band: A, min: 4, coefficient: 1}") + "      pay_offset: 4\n", `orgs[0].performance.pay_offset: must be a whole number from 0 to 3`},
		{"    performance: {bands: [{band: A, min: 4, coefficient: 1}], when: later}\n", `orgs[0].performance.when: unknown field`},
	} {
		_, err := orgfile.Parse("p.yaml", []byte(perfFile(tc.section)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.section, err, tc.want)
		}
	}
}
