package orgfile

import (
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/onboarding"
)

// The onboarding section as Marshal writes it.

type onboardingOut struct {
	RemindAt    string            `yaml:"remind_at,omitempty"`
	TeamBuddies map[string]string `yaml:"team_buddies,omitempty"`
	Checklists  []checklistOut    `yaml:"checklists"`
}

type checklistOut struct {
	Job   string    `yaml:"job"`
	Buddy string    `yaml:"buddy,omitempty"`
	Tasks []taskOut `yaml:"tasks"`
}

type taskOut struct {
	Title any    `yaml:"title"`
	Owner string `yaml:"owner"`
	Day   int    `yaml:"day"`
	Quiz  string `yaml:"quiz,omitempty"`
}

// offboardingOut is the offboarding section as Marshal writes it.
type offboardingOut struct {
	Checklists []checklistOut `yaml:"checklists"`
}

// onboardingYAML writes an org's onboarding; nil when it has none.
func onboardingYAML(p onboarding.Policy) *onboardingOut {
	cs := checklistsYAML(p, onboarding.KindOnboarding)
	if len(cs) == 0 {
		return nil
	}
	out := &onboardingOut{TeamBuddies: p.TeamBuddies, Checklists: cs}
	if p.RemindAt != onboarding.DefaultRemindAt {
		out.RemindAt = attendance.ClockTime(p.RemindAt)
	}
	return out
}

// offboardingYAML writes an org's offboarding checklists; nil when it
// has none.
func offboardingYAML(p onboarding.Policy) *offboardingOut {
	if cs := checklistsYAML(p, onboarding.KindOffboarding); len(cs) > 0 {
		return &offboardingOut{Checklists: cs}
	}
	return nil
}

func checklistsYAML(p onboarding.Policy, kind onboarding.Kind) []checklistOut {
	var out []checklistOut
	for _, t := range p.Checklists {
		if t.Kind != kind {
			continue
		}
		c := checklistOut{Job: jobWord(t.Job), Buddy: t.Buddy}
		for _, task := range t.Tasks {
			c.Tasks = append(c.Tasks, taskOut{Title: textYAML(task.Title), Owner: string(task.Owner), Day: task.Day, Quiz: task.Quiz})
		}
		out = append(out, c)
	}
	return out
}

// textYAML writes a text per language as the parser reads it: one for
// everyone as a plain value.
func textYAML(t onboarding.Text) any {
	if s, ok := t[""]; ok && len(t) == 1 {
		return s
	}
	out := map[string]string{}
	for loc, s := range t {
		out[string(loc)] = s
	}
	return out
}
