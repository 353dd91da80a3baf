package orgfile

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
)

// defaultJob is the word for the checklist of every job without its own.
const defaultJob = "default"

// onboarding reads an org's onboarding section:
//
//	onboarding:
//	  remind_at: "09:00"          # when due tasks are reminded; 09:00 when left out
//	  team_buddies: {cs: mei}     # a named buddy for everyone joining a team
//	  checklists:
//	    - job: customer-service   # a job key, or default: every job without its own
//	      buddy: most_tenured     # a colleague's key, most_tenured, or left out: none
//	      tasks:
//	        - {title: {zh-CN: 准备工位, en: Prepare a desk}, owner: hr, day: -2}
//	        - {title: 客服基础测验 CS basics quiz, owner: person, day: 3, quiz: cs-basics}
//
// Owners are hr, manager, person (the new hire) and buddy; day counts from
// the hire date (0 is day one, -2 two days before). The zero Policy when
// the section is absent.
func (p *parser) onboarding(n *yaml.Node, path string, o OrgSpec, people map[string]*yaml.Node, teams map[string]bool) onboarding.Policy {
	if n == nil {
		return onboarding.Policy{}
	}
	f := p.fields(n, path, "remind_at", "team_buddies", "checklists")
	pol := onboarding.Policy{RemindAt: onboarding.DefaultRemindAt}
	if at, ok := p.clock(f, n, "remind_at", path, false); ok {
		if at >= 24*60 {
			p.errorf(f["remind_at"], join(path, "remind_at"), "must be a time of day from 00:00 to 23:59")
		} else {
			pol.RemindAt = at
		}
	}
	pol.TeamBuddies = p.teamBuddies(f["team_buddies"], join(path, "team_buddies"), people, teams)
	items := p.seq(f["checklists"], join(path, "checklists"))
	if len(items) == 0 {
		p.errorf(n, join(path, "checklists"), "lists no checklist: add one per job (or job: default for all) with its tasks")
	}
	seen := map[string]bool{}
	for i, cn := range items {
		cpath := fmt.Sprintf("%s.checklists[%d]", path, i)
		t := p.checklist(cn, cpath, o, people, onboarding.KindOnboarding)
		if seen[t.Job] {
			p.errorf(cn, join(cpath, "job"), "job %q has a checklist already", jobWord(t.Job))
		}
		seen[t.Job] = true
		pol.Checklists = append(pol.Checklists, t)
	}
	return pol
}

func jobWord(job string) string {
	if job == "" {
		return defaultJob
	}
	return job
}

// teamBuddies reads team key → person key; nil when absent.
func (p *parser) teamBuddies(n *yaml.Node, path string, people map[string]*yaml.Node, teams map[string]bool) map[string]string {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must map teams to their buddy, e.g. {cs: mei}")
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		team, who := strings.TrimSpace(k.Value), strings.TrimSpace(v.Value)
		switch {
		case !teams[team]:
			p.errorf(k, field, "no team %q in this org", team)
		case out[team] != "":
			p.errorf(k, field, "repeated team")
		case v.Kind != yaml.ScalarNode || people[who] == nil:
			p.errorf(v, field, "must be the key of a person of this org, got %q", v.Value)
		default:
			out[team] = who
		}
	}
	return out
}

// offboarding reads an org's offboarding section: the checklists of
// people leaving, per job, days counted from the last day (0 is the last
// day, -7 a week before it):
//
//	offboarding:
//	  checklists:
//	    - job: default
//	      tasks:
//	        - {title: {zh-CN: 工作交接, en: Hand over your work}, owner: person, day: -7}
//	        - {title: {zh-CN: 收回电脑和工牌, en: Collect the laptop and badge}, owner: hr, day: 0}
//
// Owners are hr, manager and person (the one leaving); nil when absent.
func (p *parser) offboarding(n *yaml.Node, path string, o OrgSpec, people map[string]*yaml.Node) []onboarding.Template {
	if n == nil {
		return nil
	}
	f := p.fields(n, path, "checklists")
	items := p.seq(f["checklists"], join(path, "checklists"))
	if len(items) == 0 {
		p.errorf(n, join(path, "checklists"), "lists no checklist: add one per job (or job: default for all) with its tasks")
	}
	var out []onboarding.Template
	seen := map[string]bool{}
	for i, cn := range items {
		cpath := fmt.Sprintf("%s.checklists[%d]", path, i)
		t := p.checklist(cn, cpath, o, people, onboarding.KindOffboarding)
		if seen[t.Job] {
			p.errorf(cn, join(cpath, "job"), "job %q has a checklist already", jobWord(t.Job))
		}
		seen[t.Job] = true
		out = append(out, t)
	}
	return out
}

// checklist reads one checklist template of kind: an offboarding one
// has no buddy.
func (p *parser) checklist(n *yaml.Node, path string, o OrgSpec, people map[string]*yaml.Node, kind onboarding.Kind) onboarding.Template {
	var f map[string]*yaml.Node
	if kind == onboarding.KindOffboarding {
		f = p.fields(n, path, "job", "tasks")
	} else {
		f = p.fields(n, path, "job", "buddy", "tasks")
	}
	t := onboarding.Template{Kind: kind}
	job, jn := p.requireStr(n, f, "job", path)
	switch {
	case job == defaultJob || job == "":
	case !core.ValidKey(job):
		p.errorf(jn, join(path, "job"), "%q is not a job key (or default)", job)
	case o.Jobs != nil:
		if _, ok := o.Jobs.Find(job); !ok {
			p.errorf(jn, join(path, "job"), "no job %q under jobs; the jobs are: %s (or default)", job, strings.Join(o.Jobs.Keys(), ", "))
		}
		t.Job = job
	default:
		t.Job = job
	}
	if b, bn := p.str(f, "buddy", path, true); bn != nil && b != "" {
		if b != onboarding.BuddyMostTenured && people[b] == nil {
			p.errorf(bn, join(path, "buddy"), "must be %s or the key of a person of this org, got %q", onboarding.BuddyMostTenured, b)
		}
		t.Buddy = b
	}
	tasks := p.seq(f["tasks"], join(path, "tasks"))
	if len(tasks) == 0 {
		p.errorf(n, join(path, "tasks"), "lists no task: give each a title, an owner and a day")
	}
	for i, tn := range tasks {
		t.Tasks = append(t.Tasks, p.task(tn, fmt.Sprintf("%s.tasks[%d]", path, i), kind))
	}
	return t
}

// task reads one task of a checklist of kind: an onboarding task's day
// counts from the hire date and may assign a quiz; an offboarding one's
// counts from the last day, and its owner is not a buddy.
func (p *parser) task(n *yaml.Node, path string, kind onboarding.Kind) onboarding.TaskTemplate {
	leaving := kind == onboarding.KindOffboarding
	var f map[string]*yaml.Node
	if leaving {
		f = p.fields(n, path, "title", "owner", "day")
	} else {
		f = p.fields(n, path, "title", "owner", "day", "quiz")
	}
	t := onboarding.TaskTemplate{Title: p.title(n, f["title"], join(path, "title"))}
	owner, on := p.requireStr(n, f, "owner", path)
	t.Owner = onboarding.Owner(owner)
	switch {
	case owner == "":
	case leaving && (t.Owner == onboarding.OwnerBuddy || !t.Owner.Valid()):
		p.errorf(on, join(path, "owner"), "must be one of hr, manager, person (the one leaving), got %q", owner)
	case !t.Owner.Valid():
		names := make([]string, 0, 4)
		for _, o := range onboarding.Owners() {
			names = append(names, string(o))
		}
		p.errorf(on, join(path, "owner"), "must be one of %s (person is the new hire), got %q", strings.Join(names, ", "), owner)
	}
	day, dn := p.requireStr(n, f, "day", path)
	d, err := strconv.Atoi(day)
	switch {
	case day == "":
	case leaving && (err != nil || d < -60 || d > 30):
		p.errorf(dn, join(path, "day"), "must be a whole number of days from the last day, -60 to 30 (0 is the last day), got %q", day)
	case !leaving && (err != nil || d < -90 || d > 365):
		p.errorf(dn, join(path, "day"), "must be a whole number of days from the hire date, -90 to 365 (0 is day one), got %q", day)
	default:
		t.Day = d
	}
	if q, qn := p.str(f, "quiz", path, true); qn != nil && q != "" {
		if !core.ValidKey(q) {
			p.errorf(qn, join(path, "quiz"), "%q is not a quiz code such as cs-1", q)
		}
		t.Quiz = q
	}
	return t
}

// title reads a task's title: one text for everyone, or one per language.
func (p *parser) title(parent, n *yaml.Node, path string) onboarding.Text {
	return p.perLanguage(parent, n, path, textRules{
		required: "is required: what to do, e.g. {zh-CN: 准备工位和电脑, en: Prepare a desk and a laptop}",
		shape:    "must be a text, or a text per language such as {zh-CN: 准备工位, en: Prepare a desk}",
		noun:     "title", each: "the task",
	})
}
