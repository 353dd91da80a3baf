package orgfile

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// Limits of the recruiting section. A score is at most maxQuestionScore
// and a job has at most maxQuestions, so an application's total (stored
// as numeric(6,2)) cannot overflow whatever a candidate answers.
const (
	minRetentionDays, maxRetentionDays = 30, 3650
	minStaleDays, maxStaleDays         = 1, 90
	maxQuestions                       = 30
	minOptions, maxOptions             = 2, 10
	maxQuestionScore                   = 100
)

// recruiting reads an org's recruiting section:
//
//	recruiting:
//	  retention_days: 180   # candidates' data kept this long after their application closed (30..3650)
//	  stale_days: 3         # an application waiting this long in one stage is reminded (1..90)
//	  questions:
//	    customer-service:   # a job key
//	      - {key: evenings, text: {zh-CN: 能上晚班吗？, en: Evenings?}, kind: yesno, knock_out: "no", score: 10}
//	      - {key: years, text: 几年经验？, kind: number, min: 1, score: 5, max_score: 15}
//	      - {key: typing, text: 打字速度？, kind: choice, options: [{text: "<40", score: 0}, {text: ">60", score: 10}]}
//	      - {key: why, text: 为什么想做这份工作？, kind: text}
//
// Job keys are checked against jobs when the org declares them. nil when
// the section is absent.
func (p *parser) recruiting(n *yaml.Node, path string, jobs core.Jobs) *recruiting.Policy {
	if n == nil {
		return nil
	}
	f := p.fields(n, path, "retention_days", "stale_days", "questions")
	pol := &recruiting.Policy{
		RetentionDays: p.intField(f, "retention_days", path, recruiting.DefaultRetentionDays, minRetentionDays, maxRetentionDays),
		StaleDays:     p.intField(f, "stale_days", path, recruiting.DefaultStaleDays, minStaleDays, maxStaleDays),
		Questions:     map[string][]recruiting.Question{},
	}
	qn := f["questions"]
	if qn == nil {
		return pol
	}
	qpath := join(path, "questions")
	if qn.Kind != yaml.MappingNode {
		p.errorf(qn, qpath, "must map job keys to their questions, e.g. customer-service: [{key: evenings, text: …, kind: yesno}]")
		return pol
	}
	for i := 0; i+1 < len(qn.Content); i += 2 {
		k, v := qn.Content[i], qn.Content[i+1]
		job, jpath := strings.TrimSpace(k.Value), join(qpath, k.Value)
		switch {
		case !core.ValidKey(job):
			p.errorf(k, jpath, "%q is not a job key", job)
			continue
		case pol.Questions[job] != nil:
			p.errorf(k, jpath, "job %q has its questions already", job)
			continue
		case jobs != nil:
			if _, ok := jobs.Find(job); !ok {
				p.errorf(k, jpath, "no job %q under jobs; the jobs are: %s", job, strings.Join(jobs.Keys(), ", "))
			}
		}
		pol.Questions[job] = p.questions(v, jpath)
	}
	return pol
}

// questions reads one job's screening questions, in the order they are
// asked; never nil, so a job listed stays listed.
func (p *parser) questions(n *yaml.Node, path string) []recruiting.Question {
	items := p.seq(n, path)
	switch {
	case n.Kind == yaml.SequenceNode && len(items) == 0:
		p.errorf(n, path, "lists no question: give each a key, a text and a kind (yesno, choice, number, text)")
	case len(items) > maxQuestions:
		p.errorf(n, path, "has %d questions: at most %d, candidates answer them one by one in chat", len(items), maxQuestions)
	}
	out := []recruiting.Question{}
	seen := map[string]bool{}
	for i, qn := range items {
		qpath := fmt.Sprintf("%s[%d]", path, i)
		q := p.question(qn, qpath)
		if seen[q.Key] && q.Key != "" {
			p.errorf(qn, join(qpath, "key"), "question %q is asked twice for this job", q.Key)
		}
		seen[q.Key] = true
		out = append(out, q)
	}
	return out
}

// question reads one screening question and holds each field to the
// kinds it belongs to: knock_out to yesno, min and max_score to number,
// options to choice, score to yesno and number (a choice scores per
// option, a text not at all).
func (p *parser) question(n *yaml.Node, path string) recruiting.Question {
	f := p.fields(n, path, "key", "text", "kind", "knock_out", "min", "score", "max_score", "options")
	q := recruiting.Question{Key: p.key(n, f, path)}
	q.Text = recruiting.Words(p.perLanguage(n, f["text"], join(path, "text"), textRules{
		required: "is required: what to ask, e.g. {zh-CN: 能接受晚班吗？, en: Can you work evening shifts?}",
		shape:    "must be a text, or a text per language such as {zh-CN: 能接受晚班吗？, en: Can you work evening shifts?}",
		noun:     "text", each: "the question",
	}))
	kind, kn := p.requireStr(n, f, "kind", path)
	q.Kind = recruiting.Kind(kind)
	if kind != "" && !q.Kind.Valid() {
		p.errorf(kn, join(path, "kind"), "must be one of yesno, choice, number, text, got %q", kind)
		return q
	}
	belongs := map[string][]recruiting.Kind{
		"knock_out": {recruiting.YesNo}, "min": {recruiting.Number}, "max_score": {recruiting.Number},
		"options": {recruiting.Choice}, "score": {recruiting.YesNo, recruiting.Number},
	}
	for _, field := range []string{"knock_out", "min", "score", "max_score", "options"} {
		if fn := f[field]; fn != nil && kind != "" && !kindIn(q.Kind, belongs[field]) {
			p.errorf(fn, join(path, field), "is not for a %s question: %s", kind, fieldUse[field])
		}
	}
	switch q.Kind {
	case recruiting.YesNo:
		if v, vn := p.str(f, "knock_out", path, true); vn != nil && v != "yes" && v != "no" {
			p.errorf(vn, join(path, "knock_out"), `must be "yes" or "no", the answer that ends the application, got %q`, v)
		} else {
			q.KnockOut = v
		}
		q.Score = p.score(f, "score", path)
	case recruiting.Number:
		if f["min"] != nil {
			least := p.decimalField(f, "min", path, decimal.Zero, "0", "1000000")
			q.Min = &least
		}
		q.Score, q.MaxScore = p.score(f, "score", path), p.score(f, "max_score", path)
		if q.Score.IsPositive() && !q.MaxScore.IsPositive() {
			p.errorf(f["score"], join(path, "max_score"), "is required with a score: what the answer scores at most, e.g. max_score: 15")
		}
	case recruiting.Choice:
		q.Options = p.options(n, f["options"], join(path, "options"))
	}
	return q
}

// fieldUse says which kinds of question a field belongs to.
var fieldUse = map[string]string{
	"knock_out": `only a yesno question has one ("yes" or "no"); a number question knocks out below min, a choice on an option's knock_out: true`,
	"min":       "only a number question has one, the least answer that does not end the application",
	"max_score": "only a number question has one, what its answer scores at most",
	"options":   "only a choice question has options",
	"score":     "a yesno question scores its yes and a number question each unit; a choice scores per option, a text not at all",
}

func kindIn(k recruiting.Kind, ks []recruiting.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// options reads a choice question's options: 2 to 10, each with a text
// (not repeated) and what it scores.
func (p *parser) options(parent, n *yaml.Node, path string) []recruiting.Option {
	items := p.seq(n, path)
	if n == nil || (n.Kind == yaml.SequenceNode && (len(items) < minOptions || len(items) > maxOptions)) {
		p.errorf(parent, path, "a choice question needs %d to %d options, each {text: …, score: …}", minOptions, maxOptions)
	}
	var out []recruiting.Option
	texts := map[string]bool{}
	for i, on := range items {
		opath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(on, opath, "text", "score", "knock_out")
		o := recruiting.Option{Text: recruiting.Words(p.perLanguage(on, f["text"], join(opath, "text"), textRules{
			required: "is required: what the candidate picks, e.g. {zh-CN: 一年以内, en: Under a year}",
			shape:    "must be a text, or a text per language such as {zh-CN: 一年以内, en: Under a year}",
			noun:     "text", each: "the option",
		}))}
		own := map[string]bool{}
		for _, text := range o.Text {
			folded := strings.ToLower(text)
			if texts[folded] && !own[folded] {
				p.errorf(on, join(opath, "text"), "%q is another option's text too: a candidate could not tell them apart", text)
			}
			own[folded] = true
		}
		for folded := range own {
			texts[folded] = true
		}
		o.Score = p.score(f, "score", opath)
		o.KnockOut = p.boolField(f, "knock_out", opath, false)
		out = append(out, o)
	}
	return out
}

// score reads a score: a decimal from 0 to maxQuestionScore with at most
// two places, as applications keep them; zero when absent.
func (p *parser) score(f map[string]*yaml.Node, key, path string) decimal.Decimal {
	n := f[key]
	if n == nil {
		return decimal.Zero
	}
	d, err := decimal.NewFromString(strings.TrimSpace(n.Value))
	if err != nil || n.Kind != yaml.ScalarNode || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(maxQuestionScore)) ||
		!d.Equal(d.Round(2)) {
		p.errorf(n, join(path, key), "must be a score from 0 to %d (at most two decimals), got %q", maxQuestionScore, n.Value)
		return decimal.Zero
	}
	return d
}
