package orgfile

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
)

// jobs reads an org's jobs section:
//
//	jobs:
//	  - key: customer-service
//	    name: {zh-CN: 客服, en: Customer service}   # or one name: 客服 Customer service
//	    aliases: [客服专员, cs, 售后]
//	    description: {summary: …}   # optional, see description
//
// Every word that names a job — key, names, aliases, compared as people
// type them (case, full-width letters and '-'/'_'/spaces ignored) — names
// one job only. Descriptions go into o by job key; shifts maps the org's
// shift keys to the job each staffs. nil when the section is absent.
func (p *parser) jobs(n *yaml.Node, path string, shifts map[string]string, o *OrgSpec) core.Jobs {
	if n == nil {
		return nil
	}
	items := p.seq(n, path)
	if len(items) == 0 {
		p.errorf(n, path, "lists no job: remove it, or list the org's jobs with key and name")
		return nil
	}
	out := core.Jobs{}
	owner := map[string]string{} // folded word → job key
	for i, jn := range items {
		jpath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(jn, jpath, "key", "name", "aliases", "description")
		j := core.Job{Key: p.key(jn, f, jpath), Names: p.jobNames(jn, f["name"], join(jpath, "name"))}
		if d := p.description(f["description"], join(jpath, "description"), j.Key, shifts); d != nil && j.Key != "" {
			if o.Descriptions == nil {
				o.Descriptions = map[string]jobs.Description{}
			}
			o.Descriptions[j.Key] = *d
		}
		for k, an := range p.seq(f["aliases"], join(jpath, "aliases")) {
			alias := strings.TrimSpace(an.Value)
			if an.Kind != yaml.ScalarNode || alias == "" {
				p.errorf(an, fmt.Sprintf("%s.aliases[%d]", jpath, k), "must be a word people use for the job, e.g. 客服专员")
				continue
			}
			j.Aliases = append(j.Aliases, alias)
		}
		if _, dup := out.Find(j.Key); dup && j.Key != "" {
			p.errorf(jn, join(jpath, "key"), "job %q is declared twice", j.Key)
			continue
		}
		words := []string{j.Key}
		for _, name := range j.Names {
			words = append(words, name)
		}
		words = append(words, j.Aliases...)
		for _, w := range words {
			fw := core.FoldJobWord(w)
			if other, taken := owner[fw]; taken && other != j.Key && fw != "" {
				p.errorf(jn, jpath, "%q already names job %s: each word may name one job only", w, other)
			}
			owner[fw] = j.Key
		}
		out = append(out, j)
	}
	return out
}

// jobNames reads a job's name: one text for everyone, or one per language.
func (p *parser) jobNames(parent, n *yaml.Node, path string) map[core.Locale]string {
	return p.perLanguage(parent, n, path, textRules{
		required: "is required: the job's name, e.g. {zh-CN: 客服, en: Customer service}",
		shape:    "must be a name, or a name per language such as {zh-CN: 客服, en: Customer service}",
		noun:     "name", each: "the job's name",
	})
}

// textRules are what a text's errors say of it (perLanguage).
type textRules struct {
	required string // when it is missing
	shape    string // when it is neither a text nor a mapping of languages
	noun     string // "the en NOUN is given twice"
	each     string // "must be EACH in en"
}

// perLanguage reads a text given once for everyone (under the locale "")
// or once per language, reporting problems by path as rules word them.
func (p *parser) perLanguage(parent, n *yaml.Node, path string, rules textRules) map[core.Locale]string {
	switch {
	case n == nil:
		p.errorf(parent, path, "%s", rules.required)
		return nil
	case n.Kind == yaml.ScalarNode:
		text := strings.TrimSpace(n.Value)
		if text == "" {
			p.errorf(n, path, "must not be empty")
			return nil
		}
		return map[core.Locale]string{"": text}
	case n.Kind != yaml.MappingNode || len(n.Content) == 0:
		p.errorf(n, path, "%s", rules.shape)
		return nil
	}
	out := map[core.Locale]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		loc, ok := core.ParseLocale(k.Value)
		switch {
		case !ok:
			p.errorf(k, field, "unknown language %q (expected zh-CN or en)", k.Value)
		case out[loc] != "":
			p.errorf(k, field, "the %s %s is given twice", loc, rules.noun)
		case v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "":
			p.errorf(v, field, "must be %s in %s", rules.each, loc)
		default:
			out[loc] = strings.TrimSpace(v.Value)
		}
	}
	return out
}

// checkJobs holds an org that declares its jobs to them: every job a person
// does or a shift staffs is one of its keys. Without a jobs section any
// job key goes, as before jobs could be declared.
func (p *parser) checkJobs(f map[string]*yaml.Node, path string, jobs core.Jobs) {
	if jobs == nil {
		return
	}
	for _, list := range []string{"employees", "shifts"} {
		n := f[list]
		if n == nil || n.Kind != yaml.SequenceNode {
			continue
		}
		for i, item := range n.Content {
			if item.Kind != yaml.MappingNode {
				continue
			}
			for k := 0; k+1 < len(item.Content); k += 2 {
				key, v := item.Content[k], item.Content[k+1]
				job := strings.TrimSpace(v.Value)
				if key.Value != "job" || job == "" || v.Kind != yaml.ScalarNode {
					continue
				}
				if _, ok := jobs.Find(job); !ok {
					hint := ""
					if j, named := jobs.Resolve(job); named {
						hint = fmt.Sprintf(" (%q names job %s: write its key)", job, j.Key)
					}
					p.errorf(v, fmt.Sprintf("%s.%s[%d].job", path, list, i), "no job %q under jobs%s; the jobs are: %s",
						job, hint, strings.Join(jobs.Keys(), ", "))
				}
			}
		}
	}
}
