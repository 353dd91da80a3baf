package orgfile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core/perf"
)

// Limits of the performance section: scores are 1–5 (perf.Lowest,
// perf.Highest) with two decimals, as perf_reviews keeps them; a
// coefficient is at most maxCoefficient; the pay offset fits
// perf_policies' check.
const (
	maxBands        = 10
	maxBandRunes    = 16
	maxCoefficient  = "3"
	maxBonusBase    = "1000000"
	maxBonusPercent = "100"
	maxPayOffset    = 3
)

// performance reads an org's performance section:
//
//	performance:
//	  bands:                 # best first; a final score from min up earns the band
//	    - {band: A, min: 4.5, coefficient: 1.2, name: {zh-CN: 优秀, en: Excellent}}
//	    - {band: B, min: 3.5, coefficient: 1.0}
//	  bonus: {base: 1000}    # or {percent: 10}: percent of the monthly salary
//	  pay_offset: 1          # paid in the run of the month after the period (0 = the period's last month)
//
// nil when the section is absent: results carry no band or coefficient
// and payroll pays no performance bonus.
func (p *parser) performance(n *yaml.Node, path string) *perf.Policy {
	if n == nil {
		return nil
	}
	f := p.fields(n, path, "bands", "bonus", "pay_offset")
	pol := &perf.Policy{Bands: p.bands(n, f["bands"], join(path, "bands")), PayOffset: p.intField(f, "pay_offset", path, 1, 0, maxPayOffset)}
	pol.BonusBase, pol.BonusPercent = p.bonus(f["bonus"], join(path, "bonus"))
	return pol
}

// bands reads the result bands, best first: each band's min below the
// one before it, names unique.
func (p *parser) bands(parent, n *yaml.Node, path string) []perf.Band {
	if n == nil {
		p.errorf(parent, path, "is required: the result bands best first, e.g. [{band: A, min: 4.5, coefficient: 1.2}, {band: B, min: 3.5, coefficient: 1}]")
		return []perf.Band{}
	}
	items := p.seq(n, path)
	switch {
	case n.Kind == yaml.SequenceNode && len(items) == 0:
		p.errorf(n, path, "lists no band: give each a band, a min score (1–5) and a coefficient (0–3)")
	case len(items) > maxBands:
		p.errorf(n, path, "has %d bands: at most %d", len(items), maxBands)
	}
	out := []perf.Band{}
	seen := map[string]int{}
	for i, bn := range items {
		bpath := fmt.Sprintf("%s[%d]", path, i)
		b, ok := p.band(bn, bpath)
		key := strings.ToLower(b.Band)
		if prev, dup := seen[key]; dup && b.Band != "" {
			p.errorf(bn, join(bpath, "band"), "band %q is already declared at %s[%d]", b.Band, path, prev)
		}
		seen[key] = i
		if ok && len(out) > 0 {
			if before := out[len(out)-1]; !b.Min.LessThan(before.Min) {
				p.errorf(bn, join(bpath, "min"), "must be below the band before's (%s from %s): bands go best first", before.Band, before.Min)
			}
		}
		if ok {
			out = append(out, b)
		}
	}
	return out
}

// band reads one band; ok is false when its min is unusable, so the
// order is checked only between bands that have one.
func (p *parser) band(n *yaml.Node, path string) (perf.Band, bool) {
	f := p.fields(n, path, "band", "min", "coefficient", "name")
	name, bn := p.requireStr(n, f, "band", path)
	if name != "" && (utf8.RuneCountInString(name) > maxBandRunes || strings.ContainsAny(name, " \t")) {
		p.errorf(bn, join(path, "band"), "%q is not a band name: at most %d characters, no spaces, e.g. A or S+", name, maxBandRunes)
	}
	b := perf.Band{Band: name}
	var ok bool
	b.Min, ok = p.requireDecimal(n, f, "min", path, fmt.Sprint(perf.Lowest), fmt.Sprint(perf.Highest), "the lowest final score that earns the band")
	b.Coefficient, _ = p.requireDecimal(n, f, "coefficient", path, "0", maxCoefficient, "what the performance pay is multiplied by")
	if tn := f["name"]; tn != nil {
		b.Name = p.perLanguage(n, tn, join(path, "name"), textRules{
			shape: "must be a text, or a text per language such as {zh-CN: 优秀, en: Excellent}",
			noun:  "name", each: "the band's name",
		})
	}
	return b, ok
}

// requireDecimal reads a required number from lo to hi with at most two
// decimals (as the database keeps it); ok is false when it is missing or
// wrong. what says what the number is for.
func (p *parser) requireDecimal(parent *yaml.Node, f map[string]*yaml.Node, key, path, lo, hi, what string) (decimal.Decimal, bool) {
	n := f[key]
	if n == nil {
		p.errorf(parent, join(path, key), "is required: %s, from %s to %s", what, lo, hi)
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(strings.TrimSpace(n.Value))
	if err != nil || n.Kind != yaml.ScalarNode || d.LessThan(decimal.RequireFromString(lo)) || d.GreaterThan(decimal.RequireFromString(hi)) ||
		!d.Equal(d.Round(2)) {
		p.errorf(n, join(path, key), "must be a number from %s to %s with at most two decimals, got %q", lo, hi, n.Value)
		return decimal.Zero, false
	}
	// 1.0 and 1 are one number: kept as written back, so a written file
	// reads the same again.
	return decimal.RequireFromString(d.String()), true
}

// bonus reads the performance pay a coefficient multiplies: a fixed
// monthly amount (base) or a percent of the monthly salary, not both;
// zero for none (bands without pay).
func (p *parser) bonus(n *yaml.Node, path string) (base, percent decimal.Decimal) {
	if n == nil {
		return decimal.Zero, decimal.Zero
	}
	f := p.fields(n, path, "base", "percent")
	switch {
	case f["base"] != nil && f["percent"] != nil:
		p.errorf(n, path, "has both base and percent: the performance pay is a fixed amount or a percent of the monthly salary, not both")
	case n.Kind == yaml.MappingNode && f["base"] == nil && f["percent"] == nil:
		p.errorf(n, path, "must give base (a fixed amount, e.g. {base: 1000}) or percent (of the monthly salary, e.g. {percent: 10})")
	case f["base"] != nil:
		base, _ = p.requireDecimal(n, f, "base", path, "0", maxBonusBase, "the performance pay a coefficient of 1 pays")
	default:
		percent, _ = p.requireDecimal(n, f, "percent", path, "0", maxBonusPercent, "the performance pay as a percent of the monthly salary")
	}
	return base, percent
}
