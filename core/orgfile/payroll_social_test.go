package orgfile_test

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core/orgfile"
)

const socialFile = `orgs:
  - key: a
    name: A
    payroll:
      social_city: 杭州
      social_bases:
        - {city: 杭州, year: 2026, social: {floor: 4812, ceiling: 24930}, housing: {floor: 2490, ceiling: 38390}}
        - {city: 杭州, year: 2026, from: 2026-07, social: {floor: 5000.50, ceiling: 26000}, housing: {floor: 2600}}
        - {city: 上海, year: 2026, social: {floor: 7310, ceiling: 36549}}
      employer_rates: {pension: 0.14, medical: 0.095, unemployment: 0.005, injury: 0.002, maternity: 0, housing: 0.12}
`

func TestSocialBasesParsedAndWrittenBack(t *testing.T) {
	f, err := orgfile.Parse("x.yaml", []byte(socialFile))
	if err != nil {
		t.Fatal(err)
	}
	pol := f.Orgs[0].Payroll
	if pol.SocialCity != "杭州" || len(pol.SocialBases) != 3 {
		t.Fatalf("%+v", pol)
	}
	// Sorted by city then month: 上海 sorts before 杭州 by code point.
	got := ""
	for _, e := range pol.SocialBases {
		got += e.City + " " + e.From + " " + e.Social.Floor.String() + "/" + e.Social.Ceiling.String() + " " + e.Housing.Floor.String() + "/" + e.Housing.Ceiling.String() + "; "
	}
	if want := "上海 2026-01 7310/36549 0/0; 杭州 2026-01 4812/24930 2490/38390; 杭州 2026-07 5000.5/26000 2600/0; "; got != want {
		t.Errorf("bases\n%s\nwant\n%s", got, want)
	}
	if r := pol.EmployerRates; r.Pension.String() != "0.14" || r.Medical.String() != "0.095" || r.Injury.String() != "0.002" || r.Housing.String() != "0.12" {
		t.Errorf("employer rates %+v", r)
	}
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"social_city: 杭州", "from: 2026-07", "floor: 5000.50", "maternity: 0", "injury: 0.002"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("written file lacks %q:\n%s", want, out)
		}
	}
	again, err := orgfile.Parse("x.yaml", out)
	if err != nil {
		t.Fatalf("written file does not parse: %v\n%s", err, out)
	}
	a, b := pol, again.Orgs[0].Payroll
	if a.SocialCity != b.SocialCity || len(a.SocialBases) != len(b.SocialBases) || a.EmployerRates.Medical.String() != b.EmployerRates.Medical.String() {
		t.Fatalf("round trip differs:\n%+v\n%+v", a, b)
	}
	for i := range a.SocialBases {
		x, y := a.SocialBases[i], b.SocialBases[i]
		if x.City != y.City || x.From != y.From || !x.Social.Floor.Equal(y.Social.Floor) || !x.Housing.Ceiling.Equal(y.Housing.Ceiling) {
			t.Errorf("entry %d: %+v != %+v", i, x, y)
		}
	}
}

func TestSocialBasesProblemsWithLines(t *testing.T) {
	file := `orgs:
  - key: a
    name: A
    payroll:
      social_bases:
        - {city: 杭州, year: 2026, social: {floor: 4812, ceiling: 2000}}
        - {city: 杭州, year: 2026, from: 2027-07, social: {floor: 1}}
        - {city: 杭州, year: 2026, from: July, social: {floor: 1}}
        - {year: 2026, social: {floor: 1}}
        - {city: 上海, year: 2026}
        - {city: 上海, year: 2026, social: {floor: 1}}
        - {city: 上海, year: 2026, housing: {floor: 1}}
      employer_rates: {pension: 1.4, dental: 0.01}
`
	_, err := orgfile.Parse("x.yaml", []byte(file))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		"x.yaml:6: orgs[0].payroll.social_bases[0].social.ceiling: 2000 is below the floor 4812",
		"x.yaml:7: orgs[0].payroll.social_bases[1].from: 2027-07 is not in the year 2026",
		`x.yaml:8: orgs[0].payroll.social_bases[2].from: must be a month like 2026-07, got "July"`,
		"x.yaml:9: orgs[0].payroll.social_bases[3].city: is required",
		"x.yaml:10: orgs[0].payroll.social_bases[4]: needs social, housing or both",
		"x.yaml:12: orgs[0].payroll.social_bases[6]: 上海 from 2026-01 is already given on line 11",
		"x.yaml:13: orgs[0].payroll.employer_rates.pension: must be a number from 0 to 1",
		"x.yaml:13: orgs[0].payroll.employer_rates.dental: unknown field",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%v", want, err)
		}
	}
}
