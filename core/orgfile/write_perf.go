package orgfile

import (
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/perf"
)

// The performance section as Marshal writes it: each band on one line as
// examples/org.yaml writes them, the bonus when there is one, and the pay
// offset always (0 differs from the default).

type perfOut struct {
	Bands     []oneLine `yaml:"bands"`
	Bonus     *oneLine  `yaml:"bonus,omitempty"`
	PayOffset plain     `yaml:"pay_offset"`
}

type bandOut struct {
	Band        string `yaml:"band"`
	Min         plain  `yaml:"min"`
	Coefficient plain  `yaml:"coefficient"`
	Name        any    `yaml:"name,omitempty"`
}

type bonusOut struct {
	Base    plain `yaml:"base,omitempty"`
	Percent plain `yaml:"percent,omitempty"`
}

// oneLine is a mapping written on one line ({band: A, min: 4.5, …}).
type oneLine struct{ v any }

func (l oneLine) MarshalYAML() (any, error) {
	var n yaml.Node
	if err := n.Encode(l.v); err != nil {
		return nil, err
	}
	flow(&n)
	return &n, nil
}

// perfYAML writes an org's performance section; nil when it has none.
func perfYAML(p *perf.Policy) *perfOut {
	if p == nil {
		return nil
	}
	out := &perfOut{Bands: []oneLine{}, PayOffset: plain(strconv.Itoa(p.PayOffset))}
	for _, b := range p.Bands {
		bo := bandOut{Band: b.Band, Min: plain(b.Min.String()), Coefficient: plain(b.Coefficient.String())}
		if len(b.Name) > 0 {
			bo.Name = textYAML(onboarding.Text(b.Name))
		}
		out.Bands = append(out.Bands, oneLine{bo})
	}
	switch {
	case p.BonusPercent.IsPositive():
		out.Bonus = &oneLine{bonusOut{Percent: plain(p.BonusPercent.String())}}
	case p.BonusBase.IsPositive():
		out.Bonus = &oneLine{bonusOut{Base: plain(p.BonusBase.String())}}
	}
	return out
}
