package orgfile

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
)

// maxSkillLevel is the highest skill level a file may give: 1 is basic, 5 expert.
const maxSkillLevel = 5

// cover reads an org's cover section. jobs holds the jobs its people do and
// its shifts staff, which requires may name; grouped tells whether the file
// puts the org in a group, without which it has no sister orgs.
func (p *parser) cover(n *yaml.Node, path string, jobs map[string]bool, grouped bool) cover.Policy {
	pol := cover.DefaultPolicy()
	if n == nil {
		return pol
	}
	f := p.fields(n, path, "wave_size", "wave_minutes", "weekly_cap_hours", "rest_hours", "sister_orgs", "escalate_minutes", "requires")
	pol.WaveSize = p.intField(f, "wave_size", path, pol.WaveSize, 0, 50)
	pol.WaveMinutes = p.intField(f, "wave_minutes", path, pol.WaveMinutes, 5, 1440)
	pol.WeeklyCapMinutes = p.hoursField(f, "weekly_cap_hours", path, pol.WeeklyCapMinutes, 0, 60)
	pol.RestMinutes = p.hoursField(f, "rest_hours", path, pol.RestMinutes, 0, 24)
	pol.SisterOrgs = p.boolField(f, "sister_orgs", path, pol.SisterOrgs)
	if pol.SisterOrgs && !grouped {
		p.errorf(f["sister_orgs"], join(path, "sister_orgs"), "this file declares no group, so the org has no sister orgs: declare the group or remove sister_orgs")
	}
	pol.EscalateMinutes = p.intField(f, "escalate_minutes", path, pol.EscalateMinutes, 0, 1440)
	if rn := f["requires"]; rn != nil {
		pol.Requires = p.requires(rn, join(path, "requires"), jobs)
	}
	return pol
}

// requires reads the skill level each job needs, as job: skill:level.
func (p *parser) requires(n *yaml.Node, path string, jobs map[string]bool) map[string]core.SkillLevel {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must map jobs to the skill they need, as in customer-service: customer-service:2")
		return nil
	}
	var out map[string]core.SkillLevel
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		job := strings.TrimSpace(k.Value)
		field := join(path, job)
		switch {
		case !core.ValidKey(job):
			p.errorf(k, field, "%q is not a valid job key such as customer-service", job)
			continue
		case !jobs[job]:
			p.errorf(k, field, "no one in this org has job %q and no shift staffs it (see employees[].job and shifts[].job)", job)
		}
		if _, dup := out[job]; dup {
			p.errorf(k, field, "job %q is listed twice", job)
			continue
		}
		s, ok := p.skillLevel(v, field)
		if !ok {
			continue
		}
		if out == nil {
			out = map[string]core.SkillLevel{}
		}
		out[job] = s
	}
	return out
}

// skills reads a person's skills: a list of skill or skill:level, each once.
func (p *parser) skills(n *yaml.Node, path string) []core.SkillLevel {
	var out []core.SkillLevel
	seen := map[string]bool{}
	for i, sn := range p.seq(n, path) {
		field := fmt.Sprintf("%s[%d]", path, i)
		s, ok := p.skillLevel(sn, field)
		if !ok {
			continue
		}
		if seen[s.Skill] {
			p.errorf(sn, field, "skill %q is listed twice", s.Skill)
			continue
		}
		seen[s.Skill] = true
		out = append(out, s)
	}
	return out
}

// skillLevel reads skill or skill:level; the level defaults to 1.
func (p *parser) skillLevel(n *yaml.Node, field string) (core.SkillLevel, bool) {
	const how = "write skill or skill:level (no space after ':'), such as customer-service:2"
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, field, "must be a single skill: %s", how)
		return core.SkillLevel{}, false
	}
	v := strings.TrimSpace(n.Value)
	skill, level, hasLevel := strings.Cut(v, ":")
	s := core.SkillLevel{Skill: skill, Level: 1}
	switch {
	case v == "":
		p.errorf(n, field, "must not be empty: %s", how)
		return core.SkillLevel{}, false
	case skill == "":
		p.errorf(n, field, "%q has no skill before the level: %s", v, how)
		return core.SkillLevel{}, false
	case isDigits(skill) && !hasLevel:
		p.errorf(n, field, "%q is a level without a skill: %s", v, how)
		return core.SkillLevel{}, false
	case !core.ValidKey(skill):
		p.errorf(n, field, "%q is not a valid skill name: use lower-case letters, digits, '.', '_' or '-' (at most 63)", skill)
		return core.SkillLevel{}, false
	}
	if hasLevel {
		l, err := strconv.Atoi(level)
		if err != nil || l < 1 || l > maxSkillLevel {
			p.errorf(n, field, "the level of %s must be a whole number from 1 to %d, got %q", skill, maxSkillLevel, level)
			return core.SkillLevel{}, false
		}
		s.Level = l
	}
	return s, true
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// hoursField reads an optional number of hours within [lo, hi], fractions
// allowed (7.5), and returns it in whole minutes.
func (p *parser) hoursField(f map[string]*yaml.Node, key, path string, def int, lo, hi float64) int {
	v, n := p.str(f, key, path, true)
	if n == nil || v == "" {
		return def
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || x < lo || x > hi {
		p.errorf(n, join(path, key), "must be a number of hours from %g to %g such as 7.5, got %q", lo, hi, v)
		return def
	}
	return int(math.Round(x * 60))
}
