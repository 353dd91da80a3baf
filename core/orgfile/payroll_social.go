package orgfile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// socialFields are the payroll section's keys read here.
var socialFields = []string{"social_city", "social_bases", "employer_rates"}

var monthRe = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)

// payrollSocial reads the contribution bases per city and the employer's
// rates of the payroll section:
//
//	social_city: 杭州
//	social_bases:
//	  - {city: 杭州, year: 2026, social: {floor: 4812, ceiling: 24930}, housing: {floor: 2490, ceiling: 38390}}
//	  - {city: 杭州, year: 2026, from: 2026-07, social: {...}, housing: {...}}
//	employer_rates: {pension: 0.14, medical: 0.095, unemployment: 0.005, injury: 0.002, maternity: 0, housing: 0.12}
func (p *parser) payrollSocial(f map[string]*yaml.Node, path string, pol *PayrollPolicy) {
	pol.SocialCity, _ = p.str(f, "social_city", path, true)
	bpath := join(path, "social_bases")
	seen := map[string]int{} // city and month → line
	for i, n := range p.seq(f["social_bases"], bpath) {
		epath := fmt.Sprintf("%s[%d]", bpath, i)
		e, ok := p.cityBases(n, epath)
		if !ok {
			continue
		}
		k := e.City + " " + e.From
		if line, dup := seen[k]; dup {
			p.errorf(n, epath, "%s from %s is already given on line %d", e.City, e.From, line)
			continue
		}
		seen[k] = n.Line
		pol.SocialBases = append(pol.SocialBases, e)
	}
	pay.SortBases(pol.SocialBases)
	if n := f["employer_rates"]; n != nil {
		rpath := join(path, "employer_rates")
		rf := p.fields(n, rpath, "pension", "medical", "unemployment", "injury", "maternity", "housing")
		r := &pol.EmployerRates
		for _, x := range []struct {
			key string
			v   *decimal.Decimal
		}{{"pension", &r.Pension}, {"medical", &r.Medical}, {"unemployment", &r.Unemployment}, {"injury", &r.Injury},
			{"maternity", &r.Maternity}, {"housing", &r.Housing}} {
			*x.v = p.decimalField(rf, x.key, rpath, decimal.Zero, "0", "1")
		}
	}
}

// cityBases reads one entry of social_bases; ok is false when it has a
// problem (reported).
func (p *parser) cityBases(n *yaml.Node, path string) (pay.CityBases, bool) {
	before := len(p.problems)
	f := p.fields(n, path, "city", "year", "from", "social", "housing")
	var e pay.CityBases
	e.City, _ = p.requireStr(n, f, "city", path)
	year := p.intField(f, "year", path, 0, 2000, 2100)
	if f["year"] == nil {
		p.errorf(n, join(path, "year"), "is required")
	}
	e.From = fmt.Sprintf("%04d-01", year)
	if from, fn := p.str(f, "from", path, true); fn != nil {
		m := monthRe.FindStringSubmatch(from)
		switch {
		case m == nil:
			p.errorf(fn, join(path, "from"), "must be a month like 2026-07, got %q", from)
		case m[1] != strconv.Itoa(year):
			p.errorf(fn, join(path, "from"), "%s is not in the year %d", from, year)
		default:
			e.From = from
		}
	}
	if f["social"] == nil && f["housing"] == nil {
		p.errorf(n, path, "needs social, housing or both: {floor: …, ceiling: …}")
	}
	e.Social = p.baseRange(f["social"], join(path, "social"))
	e.Housing = p.baseRange(f["housing"], join(path, "housing"))
	return e, len(p.problems) == before
}

// baseRange reads {floor, ceiling}; a missing one is zero (no bound).
func (p *parser) baseRange(n *yaml.Node, path string) pay.Range {
	if n == nil {
		return pay.Range{}
	}
	f := p.fields(n, path, "floor", "ceiling")
	r := pay.Range{Floor: p.decimalField(f, "floor", path, decimal.Zero, "0", "1000000"),
		Ceiling: p.decimalField(f, "ceiling", path, decimal.Zero, "0", "1000000")}
	if r.Ceiling.IsPositive() && r.Ceiling.LessThan(r.Floor) {
		p.errorf(f["ceiling"], join(path, "ceiling"), "%s is below the floor %s", r.Ceiling, r.Floor)
	}
	return r
}

type socialBaseOut struct {
	City    string    `yaml:"city"`
	Year    int       `yaml:"year"`
	From    string    `yaml:"from,omitempty"`
	Social  *rangeOut `yaml:"social,omitempty"`
	Housing *rangeOut `yaml:"housing,omitempty"`
}

type rangeOut struct {
	Floor   plain `yaml:"floor"`
	Ceiling plain `yaml:"ceiling,omitempty"`
}

type employerRatesOut struct {
	Pension      plain `yaml:"pension"`
	Medical      plain `yaml:"medical"`
	Unemployment plain `yaml:"unemployment"`
	Injury       plain `yaml:"injury"`
	Maternity    plain `yaml:"maternity"`
	Housing      plain `yaml:"housing"`
}

// socialYAML writes the bases and employer rates back as they are read.
func socialYAML(p *PayrollPolicy, out *payrollOut) {
	out.SocialCity = p.SocialCity
	for _, e := range p.SocialBases {
		year, _ := strconv.Atoi(e.From[:4])
		o := socialBaseOut{City: e.City, Year: year, Social: rangeYAML(e.Social), Housing: rangeYAML(e.Housing)}
		if !strings.HasSuffix(e.From, "-01") {
			o.From = e.From
		}
		out.SocialBases = append(out.SocialBases, o)
	}
	if r := p.EmployerRates; !r.IsZero() {
		out.EmployerRates = &employerRatesOut{decimalOut(r.Pension), decimalOut(r.Medical), decimalOut(r.Unemployment),
			decimalOut(r.Injury), decimalOut(r.Maternity), decimalOut(r.Housing)}
	}
}

func rangeYAML(r pay.Range) *rangeOut {
	if r.Floor.IsZero() && r.Ceiling.IsZero() {
		return nil
	}
	out := &rangeOut{Floor: decimalOut(r.Floor)}
	if !r.Ceiling.IsZero() {
		out.Ceiling = decimalOut(r.Ceiling)
	}
	return out
}
