package orgfile_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/orgfile"
)

// onboardingFile is an org whose onboarding section (from line 12) is
// section.
func onboardingFile(section string) string {
	return `orgs:
  - key: shop
    name: Shop
    jobs:
      - {key: cs, name: 客服}
      - {key: ops, name: Ops}
    teams: [{key: kf, name: 客服组}]
    employees:
      - {key: mei, name: Mei, job: cs, team: kf, hire_date: 2020-01-01}
      - {key: li, name: Li, job: cs, hire_date: 2021-01-01}
      - {key: hr, name: HR, role: hr}
    onboarding:
` + section
}

const checklists = `      remind_at: "08:30"
      team_buddies: {kf: mei}
      checklists:
        - job: cs
          buddy: most_tenured
          tasks:
            - {title: {zh-CN: 准备工位, en: Prepare a desk}, owner: hr, day: -2}
            - {title: 客服基础测验 CS basics quiz, owner: person, day: 3, quiz: cs-basics}
            - {title: {en: First shift together}, owner: buddy, day: 0}
        - job: default
          tasks:
            - {title: 介绍团队, owner: manager, day: 0}
`

func TestParseOnboarding(t *testing.T) {
	t.Parallel()
	f, err := orgfile.Parse("o.yaml", []byte(onboardingFile(checklists)))
	if err != nil {
		t.Fatal(err)
	}
	want := onboarding.Policy{RemindAt: 8*60 + 30, TeamBuddies: map[string]string{"kf": "mei"}, Checklists: []onboarding.Template{
		{Kind: onboarding.KindOnboarding, Job: "cs", Buddy: onboarding.BuddyMostTenured, Tasks: []onboarding.TaskTemplate{
			{Title: onboarding.Text{core.LocaleZH: "准备工位", core.LocaleEN: "Prepare a desk"}, Owner: onboarding.OwnerHR, Day: -2},
			{Title: onboarding.Text{"": "客服基础测验 CS basics quiz"}, Owner: onboarding.OwnerPerson, Day: 3, Quiz: "cs-basics"},
			{Title: onboarding.Text{core.LocaleEN: "First shift together"}, Owner: onboarding.OwnerBuddy, Day: 0},
		}},
		{Kind: onboarding.KindOnboarding, Job: "", Tasks: []onboarding.TaskTemplate{
			{Title: onboarding.Text{"": "介绍团队"}, Owner: onboarding.OwnerManager, Day: 0},
		}},
	}}
	if got := f.Orgs[0].Onboarding; !reflect.DeepEqual(got, want) {
		t.Errorf("onboarding\n got %#v\nwant %#v", got, want)
	}
	if tpl, ok := want.Template(onboarding.KindOnboarding, "ops"); !ok || tpl.Job != "" {
		t.Errorf("ops gets %+v, want the default", tpl)
	}
	// Without the section an org onboards nobody.
	f, err = orgfile.Parse("o.yaml", []byte(strings.TrimSuffix(onboardingFile(""), "    onboarding:\n")))
	if err != nil || !reflect.DeepEqual(f.Orgs[0].Onboarding, onboarding.Policy{}) {
		t.Errorf("no section: %v, %#v", err, f.Orgs[0].Onboarding)
	}
}

func TestParseOnboardingProblems(t *testing.T) {
	t.Parallel()
	task := "          tasks: [{title: T, owner: hr, day: 0}]\n"
	for _, tc := range []struct {
		name, section, want string
	}{
		{"a job not declared", "      checklists:\n        - job: finance\n" + task,
			`o.yaml:14: orgs[0].onboarding.checklists[0].job: no job "finance" under jobs; the jobs are: cs, ops (or default)`},
		{"a job twice", "      checklists:\n        - job: cs\n" + task + "        - job: cs\n" + task,
			`o.yaml:16: orgs[0].onboarding.checklists[1].job: job "cs" has a checklist already`},
		{"an unknown owner", "      checklists:\n        - job: cs\n          tasks: [{title: T, owner: boss, day: 0}]\n",
			`orgs[0].onboarding.checklists[0].tasks[0].owner: must be one of hr, manager, person, buddy (person is the new hire), got "boss"`},
		{"a day too far", "      checklists:\n        - job: cs\n          tasks: [{title: T, owner: hr, day: 400}]\n",
			`orgs[0].onboarding.checklists[0].tasks[0].day: must be a whole number of days from the hire date, -90 to 365`},
		{"a day missing", "      checklists:\n        - job: cs\n          tasks: [{title: T, owner: hr}]\n",
			`orgs[0].onboarding.checklists[0].tasks[0].day: is required`},
		{"a title missing", "      checklists:\n        - job: cs\n          tasks: [{owner: hr, day: 1}]\n",
			`orgs[0].onboarding.checklists[0].tasks[0].title: is required`},
		{"a title in another language", "      checklists:\n        - job: cs\n          tasks: [{title: {fr: Bonjour}, owner: hr, day: 1}]\n",
			`orgs[0].onboarding.checklists[0].tasks[0].title.fr: unknown language "fr"`},
		{"a buddy nobody is", "      checklists:\n        - job: cs\n          buddy: zoe\n" + task,
			`orgs[0].onboarding.checklists[0].buddy: must be most_tenured or the key of a person of this org, got "zoe"`},
		{"a team buddy of no team", "      team_buddies: {ops: mei}\n      checklists:\n        - job: cs\n" + task,
			`o.yaml:13: orgs[0].onboarding.team_buddies.ops: no team "ops" in this org`},
		{"a bad quiz code", "      checklists:\n        - job: cs\n          tasks: [{title: T, owner: hr, day: 1, quiz: CS 1}]\n",
			`orgs[0].onboarding.checklists[0].tasks[0].quiz: "CS 1" is not a quiz code`},
		{"no tasks", "      checklists:\n        - job: cs\n",
			`orgs[0].onboarding.checklists[0].tasks: lists no task`},
		{"no checklists", "      remind_at: \"09:00\"\n",
			`orgs[0].onboarding.checklists: lists no checklist`},
		{"a bad time", "      remind_at: \"25:00\"\n      checklists:\n        - job: cs\n" + task,
			`orgs[0].onboarding.remind_at: must be a time like 09:00`},
		{"an unknown field", "      checklist: []\n",
			`orgs[0].onboarding.checklist: unknown field (expected one of: remind_at, team_buddies, checklists)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := orgfile.Parse("o.yaml", []byte(onboardingFile(tc.section)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant a problem containing %q", err, tc.want)
			}
		})
	}
}

// TestMarshalOnboardingRoundTrip: the section written back parses to the
// same policy, and writing is stable.
func TestMarshalOnboardingRoundTrip(t *testing.T) {
	t.Parallel()
	for _, section := range []string{checklists, strings.Replace(checklists, `      remind_at: "08:30"`+"\n", "", 1)} {
		first, err := orgfile.Parse("o.yaml", []byte(onboardingFile(section)))
		if err != nil {
			t.Fatal(err)
		}
		out, err := orgfile.Marshal(first)
		if err != nil {
			t.Fatal(err)
		}
		second, err := orgfile.Parse("o.yaml", out)
		if err != nil {
			t.Fatalf("written file does not parse: %v\n%s", err, out)
		}
		if d := differentFields(first.Orgs[0], second.Orgs[0]); len(d) > 0 {
			t.Errorf("%v differ after the round trip; written:\n%s", d, out)
		}
		for _, want := range []string{"- job: default\n", "- {title: 介绍团队, owner: manager, day: 0}", "buddy: most_tenured",
			"quiz: cs-basics}", "team_buddies:"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("written file lacks %q:\n%s", want, out)
			}
		}
		if again, err := orgfile.Marshal(second); err != nil || string(again) != string(out) {
			t.Errorf("writing is not stable (%v)", err)
		}
	}
}
