package orgfile_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/recruiting"
)

func recruitingFile(section string) string {
	return "orgs:\n  - key: shop\n    name: Shop\n" +
		"    jobs:\n      - {key: cs, name: 客服}\n      - {key: ops, name: 运营}\n" + section
}

// The recruiting section is read into the questions openings copy, and
// written back so it reads the same again; without it there is none.
func TestParseRecruiting(t *testing.T) {
	t.Parallel()
	section := `    recruiting:
      retention_days: 365
      questions:
        cs:
          - {key: evenings, text: {zh-CN: 能上晚班吗？, en: "Evenings?"}, kind: yesno, knock_out: "no", score: 10}
          - {key: years, text: 几年经验？, kind: number, min: 1, score: 2.5, max_score: 15}
          - {key: typing, text: 打字速度？, kind: choice, options: [{text: "<40", knock_out: true}, {text: {zh-CN: 很快, en: fast}, score: 10}]}
          - {key: why, text: 为什么？, kind: text}
        ops:
          - {key: night, text: 能上夜班吗？, kind: yesno}
`
	one, fast := decimal.NewFromInt(1), decimal.NewFromInt(10)
	want := &recruiting.Policy{RetentionDays: 365, StaleDays: recruiting.DefaultStaleDays, Questions: map[string][]recruiting.Question{
		"cs": {
			{Key: "evenings", Text: recruiting.Words{core.LocaleZH: "能上晚班吗？", core.LocaleEN: "Evenings?"}, Kind: recruiting.YesNo,
				KnockOut: "no", Score: decimal.NewFromInt(10)},
			{Key: "years", Text: recruiting.Words{"": "几年经验？"}, Kind: recruiting.Number, Min: &one,
				Score: decimal.RequireFromString("2.5"), MaxScore: decimal.NewFromInt(15)},
			{Key: "typing", Text: recruiting.Words{"": "打字速度？"}, Kind: recruiting.Choice, Options: []recruiting.Option{
				{Text: recruiting.Words{"": "<40"}, KnockOut: true},
				{Text: recruiting.Words{core.LocaleZH: "很快", core.LocaleEN: "fast"}, Score: fast}}},
			{Key: "why", Text: recruiting.Words{"": "为什么？"}, Kind: recruiting.Text},
		},
		"ops": {{Key: "night", Text: recruiting.Words{"": "能上夜班吗？"}, Kind: recruiting.YesNo}},
	}}
	f, err := orgfile.Parse("r.yaml", []byte(recruitingFile(section)))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Orgs[0].Recruiting; !samePolicy(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\n          - {key: why, text: 为什么？, kind: text}\n") {
		t.Errorf("a question is not written on its line:\n%s", out)
	}
	again, err := orgfile.Parse("again.yaml", out)
	if err != nil || !samePolicy(again.Orgs[0].Recruiting, want) {
		t.Errorf("written back:\n%s\nread again: %+v, %v", out, again.Orgs[0].Recruiting, err)
	}

	f, err = orgfile.Parse("r.yaml", []byte(recruitingFile("    recruiting: {}\n")))
	if err != nil {
		t.Fatal(err)
	}
	empty := &recruiting.Policy{RetentionDays: 180, StaleDays: 3, Questions: map[string][]recruiting.Question{}}
	if got := f.Orgs[0].Recruiting; !samePolicy(got, empty) {
		t.Errorf("an empty section: %+v", got)
	}
	if f, err = orgfile.Parse("r.yaml", []byte(recruitingFile(""))); err != nil || f.Orgs[0].Recruiting != nil {
		t.Errorf("no section: %+v %v", f.Orgs[0].Recruiting, err)
	}
}

// samePolicy compares policies as stored: decimals by value.
func samePolicy(a, b *recruiting.Policy) bool {
	if a == nil || b == nil {
		return a == b
	}
	norm := func(p *recruiting.Policy) recruiting.Policy {
		out := *p
		out.Questions = map[string][]recruiting.Question{}
		for job, qs := range p.Questions {
			var n []recruiting.Question
			for _, q := range qs {
				q.Score, q.MaxScore = decimal.RequireFromString(q.Score.String()), decimal.RequireFromString(q.MaxScore.String())
				if q.Min != nil {
					m := decimal.RequireFromString(q.Min.String())
					q.Min = &m
				}
				var os []recruiting.Option
				for _, o := range q.Options {
					o.Score = decimal.RequireFromString(o.Score.String())
					os = append(os, o)
				}
				q.Options = os
				n = append(n, q)
			}
			out.Questions[job] = n
		}
		return out
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// Every mistake is reported with its line and field, saying what is
// expected.
func TestParseRecruitingProblems(t *testing.T) {
	t.Parallel()
	q := func(line string) string {
		return "    recruiting:\n      questions:\n        cs:\n          - " + line + "\n"
	}
	for _, tc := range []struct{ section, want string }{
		{"    recruiting: {retention_days: 7}\n", `r.yaml:7: orgs[0].recruiting.retention_days: must be a whole number from 30 to 3650, got "7"`},
		{"    recruiting: {stale_days: 0}\n", `orgs[0].recruiting.stale_days: must be a whole number from 1 to 90`},
		{"    recruiting: {questions: [a]}\n", `orgs[0].recruiting.questions: must map job keys to their questions`},
		{"    recruiting:\n      questions:\n        chef: [{key: a, text: A, kind: text}]\n",
			`r.yaml:9: orgs[0].recruiting.questions.chef: no job "chef" under jobs; the jobs are: cs, ops`},
		{"    recruiting:\n      questions:\n        cs: []\n", `orgs[0].recruiting.questions.cs: lists no question`},
		{q("{key: a, text: A, kind: essay}"), `r.yaml:10: orgs[0].recruiting.questions.cs[0].kind: must be one of yesno, choice, number, text, got "essay"`},
		{q("{key: a, text: A}"), `orgs[0].recruiting.questions.cs[0].kind: is required`},
		{q("{key: a, kind: text}"), `orgs[0].recruiting.questions.cs[0].text: is required`},
		{q("{key: a, text: {fr: Bonjour}, kind: text}"), `orgs[0].recruiting.questions.cs[0].text.fr: unknown language "fr"`},
		{q("{key: A B, text: A, kind: text}"), `orgs[0].recruiting.questions.cs[0].key: "A B" is not a valid key`},
		{q("{key: a, text: A, kind: text}\n          - {key: a, text: B, kind: text}"), `r.yaml:11: orgs[0].recruiting.questions.cs[1].key: question "a" is asked twice`},
		{q("{key: a, text: A, kind: yesno, knock_out: maybe}"), `orgs[0].recruiting.questions.cs[0].knock_out: must be "yes" or "no"`},
		{q("{key: a, text: A, kind: number, knock_out: \"no\"}"), `orgs[0].recruiting.questions.cs[0].knock_out: is not for a number question`},
		{q("{key: a, text: A, kind: yesno, min: 3}"), `orgs[0].recruiting.questions.cs[0].min: is not for a yesno question`},
		{q("{key: a, text: A, kind: number, min: -1}"), `orgs[0].recruiting.questions.cs[0].min: must be a number from 0 to 1000000`},
		{q("{key: a, text: A, kind: text, score: 5}"), `orgs[0].recruiting.questions.cs[0].score: is not for a text question`},
		{q("{key: a, text: A, kind: yesno, score: -5}"), `orgs[0].recruiting.questions.cs[0].score: must be a score from 0 to 100 (at most two decimals), got "-5"`},
		{q("{key: a, text: A, kind: yesno, score: 1.005}"), `orgs[0].recruiting.questions.cs[0].score: must be a score from 0 to 100`},
		{q("{key: a, text: A, kind: number, score: 5}"), `orgs[0].recruiting.questions.cs[0].max_score: is required with a score`},
		{q("{key: a, text: A, kind: choice}"), `orgs[0].recruiting.questions.cs[0].options: a choice question needs 2 to 10 options`},
		{q("{key: a, text: A, kind: choice, options: [{text: x}]}"), `orgs[0].recruiting.questions.cs[0].options: a choice question needs 2 to 10 options`},
		{q("{key: a, text: A, kind: yesno, options: [{text: x}, {text: y}]}"), `orgs[0].recruiting.questions.cs[0].options: is not for a yesno question`},
		{q("{key: a, text: A, kind: choice, options: [{text: x}, {text: X}]}"), `orgs[0].recruiting.questions.cs[0].options[1].text: "X" is another option's text too`},
		{q("{key: a, text: A, kind: choice, options: [{text: x, knock_out: maybe}, {text: y}]}"), `orgs[0].recruiting.questions.cs[0].options[0].knock_out: must be true or false`},
		{q("{key: a, text: A, kind: choice, options: [{score: 1}, {text: y}]}"), `orgs[0].recruiting.questions.cs[0].options[0].text: is required`},
		{q("{key: a, text: A, kind: text, colour: red}"), `orgs[0].recruiting.questions.cs[0].colour: unknown field`},
	} {
		_, err := orgfile.Parse("r.yaml", []byte(recruitingFile(tc.section)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.section, err, tc.want)
		}
	}
	// Without a jobs section any job key goes.
	if _, err := orgfile.Parse("r.yaml", []byte("orgs:\n  - key: shop\n    name: Shop\n"+q("{key: a, text: A, kind: text}"))); err != nil {
		t.Errorf("without jobs: %v", err)
	}
}
