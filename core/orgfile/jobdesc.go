package orgfile

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// description reads a job's description (岗位说明书):
//
//	description:
//	  summary: {zh-CN: 在淘宝、京东、抖音回复顾客, en: Answers customers …}
//	  responsibilities: [回复顾客咨询, {zh-CN: 处理售后, en: Handle after-sales}]
//	  skills: [customer-service:2, typing:1]
//	  kpis:
//	    - {key: punctual, name: 准时 Punctuality, measure: attendance.late_count, target: 2, weight: 40}
//	  pay: {min: 4500, max: 6500, kind: monthly}
//	  shifts: [cs-morning, cs-evening]
//	  headcount: 6
//
// shifts maps the org's shift keys to the job each staffs ("" for any).
// nil when n is nil.
func (p *parser) description(n *yaml.Node, path, job string, shifts map[string]string) *jobs.Description {
	if n == nil {
		return nil
	}
	problems := len(p.problems)
	f := p.fields(n, path, "summary", "responsibilities", "skills", "kpis", "pay", "shifts", "headcount")
	var d jobs.Description
	if sn := f["summary"]; sn != nil {
		d.Summary = p.perLanguage(n, sn, join(path, "summary"), textRules{
			shape: "must be a text, or a text per language such as {zh-CN: …, en: …}", noun: "summary", each: "the summary",
		})
	}
	for i, rn := range p.seq(f["responsibilities"], join(path, "responsibilities")) {
		d.Responsibilities = append(d.Responsibilities, p.perLanguage(n, rn, fmt.Sprintf("%s.responsibilities[%d]", path, i), textRules{
			shape: "must be a text, or a text per language such as {zh-CN: 处理售后, en: Handle after-sales}",
			noun:  "responsibility", each: "a responsibility",
		}))
	}
	d.Skills = p.skills(f["skills"], join(path, "skills"))
	d.KPIs = p.kpis(f["kpis"], join(path, "kpis"))
	if pn := f["pay"]; pn != nil {
		d.Pay = p.payRange(pn, join(path, "pay"))
	}
	for i, sn := range p.seq(f["shifts"], join(path, "shifts")) {
		field := fmt.Sprintf("%s.shifts[%d]", path, i)
		key := strings.TrimSpace(sn.Value)
		if sn.Kind != yaml.ScalarNode || key == "" {
			p.errorf(sn, field, "must be the key of one of the org's shifts")
			continue
		}
		if problem := jobs.CheckShift(job, key, shifts); problem != "" {
			p.errorf(sn, field, "%s", problem)
		}
		d.Shifts = append(d.Shifts, key)
	}
	d.Headcount = p.intField(f, "headcount", path, 0, 1, jobs.MaxHeadcount)
	if d.Empty() && len(p.problems) == problems {
		p.errorf(n, path, "describes nothing: give a summary, responsibilities, skills, kpis, pay, shifts or headcount, or remove it")
	}
	return &d
}

// kpis reads a job's KPIs and checks their weights together.
func (p *parser) kpis(n *yaml.Node, path string) []jobs.KPI {
	items := p.seq(n, path)
	var out []jobs.KPI
	for i, kn := range items {
		kpath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(kn, kpath, "key", "name", "measure", "target", "weight", "higher_is_better")
		k := jobs.KPI{Key: p.key(kn, f, kpath)}
		k.Name = p.perLanguage(kn, f["name"], join(kpath, "name"), textRules{
			required: "is required: what the KPI is called, e.g. {zh-CN: 准时, en: Punctuality}",
			shape:    "must be a name, or a name per language such as {zh-CN: 准时, en: Punctuality}",
			noun:     "name", each: "the KPI's name",
		})
		measure, mn := p.requireStr(kn, f, "measure", kpath)
		if m, ok := jobs.ParseMeasure(measure); ok {
			k.Measure = m
		} else if measure != "" {
			p.errorf(mn, join(kpath, "measure"), "unknown measure %q (expected one of: %s)", measure, measureNames())
		}
		if tn := f["target"]; tn != nil {
			t := p.decimalField(f, "target", kpath, decimal.NewFromInt(-1), "0", "1000000000")
			if !t.IsNegative() {
				k.Target = &t
			}
		} else if k.Measure != "" && k.Measure != jobs.MeasureJudgement {
			p.errorf(kn, join(kpath, "target"), "is required: the number %s aims at", k.Measure)
		}
		k.Weight = p.intField(f, "weight", kpath, 0, 1, 100)
		k.HigherIsBetter = p.boolField(f, "higher_is_better", kpath, k.Measure.HigherIsBetter())
		out = append(out, k)
	}
	if len(items) > 0 {
		if problem := jobs.CheckWeights(out); problem != "" {
			p.errorf(n, path, "%s", problem)
		}
	}
	return out
}

// payRange reads a job's pay range: {min, max, kind}, kind monthly when
// not given.
func (p *parser) payRange(n *yaml.Node, path string) *jobs.Pay {
	f := p.fields(n, path, "min", "max", "kind")
	for _, k := range []string{"min", "max"} {
		if f[k] == nil && n.Kind == yaml.MappingNode {
			p.errorf(n, join(path, k), "is required: the %s of the range, e.g. {min: 4500, max: 6500, kind: monthly}", k)
		}
	}
	out := jobs.Pay{Kind: pay.Monthly,
		Min: p.decimalField(f, "min", path, decimal.Zero, "0.01", "10000000"),
		Max: p.decimalField(f, "max", path, decimal.Zero, "0.01", "10000000")}
	if kind, kn := p.str(f, "kind", path, true); kn != nil {
		switch pay.Kind(kind) {
		case pay.Monthly, pay.Hourly:
			out.Kind = pay.Kind(kind)
		default:
			p.errorf(kn, join(path, "kind"), "must be monthly or hourly, got %q", kind)
		}
	}
	if out.Min.IsPositive() && out.Max.IsPositive() {
		if problem := jobs.CheckPay(out); problem != "" {
			p.errorf(n, path, "%s", problem)
		}
	}
	return &out
}

func measureNames() string {
	names := make([]string, 0, len(jobs.Measures()))
	for _, m := range jobs.Measures() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}

// shiftJobs maps an org's shift keys to the job each staffs.
func shiftJobs(shifts []attendance.Shift) map[string]string {
	out := make(map[string]string, len(shifts))
	for _, s := range shifts {
		out[s.Key] = s.Job
	}
	return out
}

// ParseDescription reads one job's description written as under the
// job's description field of an org file, checked as the org file checks
// it; problems name name and the lines of data. shifts maps the org's
// shift keys to the job each staffs.
func ParseDescription(name string, data []byte, job string, shifts map[string]string) (jobs.Description, error) {
	p := &parser{file: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return jobs.Description{}, withinFile(Problems{{File: name, Line: yamlErrorLine(err), Field: "(description)", Msg: cleanYAMLError(err)}}, data)
	}
	if len(doc.Content) == 0 {
		return jobs.Description{}, Problems{{File: name, Line: 1, Field: "(description)", Msg: "is empty"}}
	}
	d := p.description(doc.Content[0], "description", job, shifts)
	if len(p.problems) > 0 {
		return jobs.Description{}, withinFile(p.problems, data)
	}
	return *d, nil
}

// MarshalDescription writes a description as ParseDescription reads it.
func MarshalDescription(d jobs.Description) ([]byte, error) {
	var doc yaml.Node
	if err := doc.Encode(descriptionYAML(d)); err != nil {
		return nil, fmt.Errorf("marshal description: %w", err)
	}
	compact(&doc, "description")
	return encodeYAML(&doc)
}

// descriptionText writes a text given once or per language.
func descriptionText(texts map[core.Locale]string) any {
	if t, ok := texts[""]; ok && len(texts) == 1 {
		return t
	}
	out := map[string]string{}
	for loc, t := range texts {
		out[string(loc)] = t
	}
	return out
}
