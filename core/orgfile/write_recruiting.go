package orgfile

import (
	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/recruiting"
)

// The recruiting section as Marshal writes it: the two numbers when they
// are not the defaults, each job's questions one per line as
// examples/org.yaml writes them.

type recruitingOut struct {
	RetentionDays int                        `yaml:"retention_days,omitempty"`
	StaleDays     int                        `yaml:"stale_days,omitempty"`
	Questions     map[string][]questionsLine `yaml:"questions,omitempty"`
}

// questionsLine is one question written on one line ({key: …, text: …}):
// compact leaves a line with a text per language in blocks, so it is
// styled here.
type questionsLine struct{ q questionOut }

func (l questionsLine) MarshalYAML() (any, error) {
	var n yaml.Node
	if err := n.Encode(l.q); err != nil {
		return nil, err
	}
	flow(&n)
	return &n, nil
}

// flow writes n and everything in it on one line.
func flow(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
	}
	for _, c := range n.Content {
		flow(c)
	}
}

type questionOut struct {
	Key      string      `yaml:"key"`
	Text     any         `yaml:"text"`
	Kind     string      `yaml:"kind"`
	KnockOut string      `yaml:"knock_out,omitempty"`
	Min      plain       `yaml:"min,omitempty"`
	Score    plain       `yaml:"score,omitempty"`
	MaxScore plain       `yaml:"max_score,omitempty"`
	Options  []optionOut `yaml:"options,omitempty"`
}

type optionOut struct {
	Text     any   `yaml:"text"`
	Score    plain `yaml:"score"`
	KnockOut bool  `yaml:"knock_out,omitempty"`
}

// recruitingYAML writes an org's recruiting section; nil when it has none.
func recruitingYAML(p *recruiting.Policy) *recruitingOut {
	if p == nil {
		return nil
	}
	out := &recruitingOut{}
	if p.RetentionDays != recruiting.DefaultRetentionDays {
		out.RetentionDays = p.RetentionDays
	}
	if p.StaleDays != recruiting.DefaultStaleDays {
		out.StaleDays = p.StaleDays
	}
	for job, qs := range p.Questions {
		if out.Questions == nil {
			out.Questions = map[string][]questionsLine{}
		}
		lines := []questionsLine{}
		for _, q := range qs {
			lines = append(lines, questionsLine{questionYAML(q)})
		}
		out.Questions[job] = lines
	}
	return out
}

func questionYAML(q recruiting.Question) questionOut {
	out := questionOut{Key: q.Key, Text: textYAML(onboarding.Text(q.Text)), Kind: string(q.Kind), KnockOut: q.KnockOut}
	if q.Min != nil {
		out.Min = plain(q.Min.String())
	}
	if !q.Score.IsZero() {
		out.Score = plain(q.Score.String())
	}
	if !q.MaxScore.IsZero() {
		out.MaxScore = plain(q.MaxScore.String())
	}
	for _, o := range q.Options {
		out.Options = append(out.Options, optionOut{Text: textYAML(onboarding.Text(o.Text)), Score: plain(o.Score.String()), KnockOut: o.KnockOut})
	}
	return out
}
