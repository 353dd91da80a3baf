package orgfile

import (
	"github.com/hrbot/hrbot/core/jobs"
)

type descriptionOut struct {
	Summary          any      `yaml:"summary,omitempty"`
	Responsibilities []any    `yaml:"responsibilities,omitempty"`
	Skills           []string `yaml:"skills,omitempty"`
	KPIs             []kpiOut `yaml:"kpis,omitempty"`
	Pay              *payOut  `yaml:"pay,omitempty"`
	Shifts           []string `yaml:"shifts,omitempty"`
	Headcount        int      `yaml:"headcount,omitempty"`
}

type kpiOut struct {
	Key     string `yaml:"key"`
	Name    any    `yaml:"name"`
	Measure string `yaml:"measure"`
	Target  plain  `yaml:"target,omitempty"`
	Weight  int    `yaml:"weight,omitempty"`
	// HigherIsBetter is written only when it is not the measure's own
	// direction.
	HigherIsBetter *bool `yaml:"higher_is_better,omitempty"`
}

type payOut struct {
	Min  plain  `yaml:"min"`
	Max  plain  `yaml:"max"`
	Kind string `yaml:"kind"`
}

func descriptionYAML(d jobs.Description) descriptionOut {
	out := descriptionOut{Shifts: d.Shifts, Headcount: d.Headcount}
	if len(d.Summary) > 0 {
		out.Summary = descriptionText(d.Summary)
	}
	for _, r := range d.Responsibilities {
		out.Responsibilities = append(out.Responsibilities, descriptionText(r))
	}
	for _, s := range d.Skills {
		out.Skills = append(out.Skills, skillOut(s))
	}
	for _, k := range d.KPIs {
		ko := kpiOut{Key: k.Key, Name: descriptionText(k.Name), Measure: string(k.Measure), Weight: k.Weight}
		if k.Target != nil {
			ko.Target = plain(k.Target.String())
		}
		if k.HigherIsBetter != k.Measure.HigherIsBetter() {
			ko.HigherIsBetter = &k.HigherIsBetter
		}
		out.KPIs = append(out.KPIs, ko)
	}
	if d.Pay != nil {
		out.Pay = &payOut{Min: plain(d.Pay.Min.String()), Max: plain(d.Pay.Max.String()), Kind: string(d.Pay.Kind)}
	}
	return out
}
