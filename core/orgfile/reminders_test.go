package orgfile_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/reminder"
)

// withReminders is an org whose reminders section is body, indented to sit
// under it. The section's first line is line 9.
func withReminders(body string) string {
	const head = `orgs:
  - key: shop
    name: Shop
    teams:
      - {key: cs, name: CS}
    employees:
      - {key: amy, name: Amy, job: customer-service, team: cs}
    reminders:
`
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "      " + l
	}
	return head + strings.Join(lines, "\n") + "\n"
}

func TestParseReminders(t *testing.T) {
	t.Parallel()
	file := withReminders(`late_after: 2h
rules:
  - key: checkin
    kind: checkin
    minutes_before: 15
  - key: nudge
    kind: nudge
    minutes_after: 10
  - key: checkout
    kind: checkout
    minutes_after: 0
  - key: digest
    kind: digest
    cron: "30 9 * * *"
  - key: week
    kind: weekly_schedule
    cron: "0 18 * * 0"
    working_days_only: false
  - key: standup
    cron: "55 9 * * 1-5"
    audience: team:cs
    text:
      zh-CN: 十点站会，请准时参加。
      en: Stand-up at 10:00, please be on time.
  - key: cs-note
    cron: "@weekly"
    audience: job:customer-service
    text: {zh: 本周排班已更新}
  - key: defaults-checkin
    kind: checkin
  - key: defaults-nudge
    kind: nudge
  - key: all
    cron: "0 17 * * 5"
    audience: everyone
    text: {en: Have a good weekend}
`)
	f, err := orgfile.Parse("r.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	got := f.Orgs[0].Reminders
	want := reminder.Policy{LateAfter: 2 * time.Hour, Rules: []reminder.Rule{
		{Key: "checkin", Kind: reminder.CheckIn, Offset: 15 * time.Minute},
		{Key: "nudge", Kind: reminder.Nudge, Offset: 10 * time.Minute},
		{Key: "checkout", Kind: reminder.CheckOut},
		{Key: "digest", Kind: reminder.Digest, Cron: "30 9 * * *", WorkingDaysOnly: true},
		{Key: "week", Kind: reminder.WeeklySchedule, Cron: "0 18 * * 0"},
		{Key: "standup", Kind: reminder.Custom, Cron: "55 9 * * 1-5", WorkingDaysOnly: true,
			Audience: core.Audience{Kind: core.AudienceTeam, Value: "cs"},
			Text:     map[core.Locale]string{core.LocaleZH: "十点站会，请准时参加。", core.LocaleEN: "Stand-up at 10:00, please be on time."}},
		{Key: "cs-note", Kind: reminder.Custom, Cron: "@weekly", WorkingDaysOnly: true,
			Audience: core.Audience{Kind: core.AudienceJob, Value: "customer-service"},
			Text:     map[core.Locale]string{core.LocaleZH: "本周排班已更新"}},
		{Key: "defaults-checkin", Kind: reminder.CheckIn, Offset: 15 * time.Minute},
		{Key: "defaults-nudge", Kind: reminder.Nudge, Offset: 10 * time.Minute},
		{Key: "all", Kind: reminder.Custom, Cron: "0 17 * * 5", WorkingDaysOnly: true,
			Audience: core.Audience{Kind: core.AudienceEveryone},
			Text:     map[core.Locale]string{core.LocaleEN: "Have a good weekend"}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseRemindersDefault(t *testing.T) {
	t.Parallel()
	f, err := orgfile.Parse("r.yaml", []byte("orgs:\n  - {key: a, name: A}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Orgs[0].Reminders; got.LateAfter != time.Hour || got.Rules != nil {
		t.Errorf("an org without reminders gets %+v", got)
	}
}

func TestParseRemindersRejects(t *testing.T) {
	t.Parallel()
	const text = "    text: {en: Hi}\n"
	cases := []struct {
		name, body string
		want       []string // each a problem the file must report, in full from the file name
	}{
		{"UnknownField", "late_after: 1h\nrepeat: 2\n", []string{
			"r.yaml:10: orgs[0].reminders.repeat: unknown field (expected one of: late_after, rules)"}},
		{"UnknownRuleField", "rules:\n  - {key: a, kind: digest, cron: '@daily', channel: ops}\n", []string{
			"r.yaml:10: orgs[0].reminders.rules[0].channel: unknown field"}},
		{"LateAfterNotDuration", "late_after: 2 hours\n", []string{
			`r.yaml:9: orgs[0].reminders.late_after: must be a duration from 1m to 24h such as 2h or 90m, got "2 hours"`}},
		{"LateAfterTooLong", "late_after: 25h\n", []string{`orgs[0].reminders.late_after: must be a duration from 1m to 24h`}},
		{"LateAfterTooShort", "late_after: 30s\n", []string{`orgs[0].reminders.late_after: must be a duration from 1m to 24h`}},
		{"RulesNotList", "rules: {key: a}\n", []string{"r.yaml:9: orgs[0].reminders.rules: must be a list"}},
		{"UnknownKind", "rules:\n  - key: a\n    kind: hourly\n    cron: '@hourly'\n", []string{
			`r.yaml:11: orgs[0].reminders.rules[0].kind: must be custom, checkin, nudge, checkout, digest, weekly_schedule or weekly_report, got "hourly"`}},
		{"BadKey", "rules:\n  - {key: Morning Digest, kind: digest, cron: '@daily'}\n", []string{
			`r.yaml:10: orgs[0].reminders.rules[0].key: "Morning Digest" is not a valid key`}},
		{"MissingKey", "rules:\n  - {kind: digest, cron: '@daily'}\n", []string{
			`r.yaml:10: orgs[0].reminders.rules[0].key: is required`}},
		{"DuplicateKey", "rules:\n  - {key: a, kind: digest, cron: '@daily'}\n  - {key: a, kind: checkin}\n", []string{
			`r.yaml:11: orgs[0].reminders.rules[1].key: reminder "a" is declared twice`}},
		{"BadCron", "rules:\n  - key: a\n    kind: digest\n    cron: '0 0 9 * * *'\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: bad cron spec "0 0 9 * * *": expected exactly 5 fields, found 6`}},
		{"CronRange", "rules:\n  - key: a\n    kind: digest\n    cron: '30 25 * * *'\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: bad cron spec "30 25 * * *": end of range (25) above maximum (23)`}},
		{"CronTimeZone", "rules:\n  - key: a\n    kind: digest\n    cron: 'CRON_TZ=UTC 0 9 * * *'\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: cron spec "CRON_TZ=UTC 0 9 * * *" names a time zone`}},
		{"CronEvery", "rules:\n  - key: a\n    kind: digest\n    cron: '@every 1h'\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: cron spec "@every 1h": @every is not allowed`}},
		{"CronNever", "rules:\n  - key: a\n    kind: digest\n    cron: '0 9 31 4 *'\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: cron spec "0 9 31 4 *" never fires`}},
		{"CronMissing", "rules:\n  - key: a\n    kind: weekly_schedule\n", []string{
			`r.yaml:10: orgs[0].reminders.rules[0].cron: is required for kind weekly_schedule`}},
		{"CronMissingCustom", "rules:\n  - key: a\n    audience: everyone\n" + text, []string{
			`r.yaml:10: orgs[0].reminders.rules[0].cron: is required for kind custom`}},
		{"CronEmpty", "rules:\n  - key: a\n    kind: digest\n    cron: ''\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: must not be empty`}},
		{"CronForShiftKind", "rules:\n  - key: a\n    kind: checkin\n    cron: '45 8 * * *'\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: kind checkin follows each planned shift and takes no cron; set minutes_before instead`}},
		{"MinutesBeforeTooMany", "rules:\n  - key: a\n    kind: checkin\n    minutes_before: 300\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].minutes_before: must be a whole number from 1 to 240, got "300"`}},
		{"MinutesBeforeZero", "rules:\n  - key: a\n    kind: checkin\n    minutes_before: 0\n", []string{
			`orgs[0].reminders.rules[0].minutes_before: must be a whole number from 1 to 240, got "0"`}},
		{"MinutesAfterNegative", "rules:\n  - key: a\n    kind: checkout\n    minutes_after: -5\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].minutes_after: must be a whole number from 0 to 240, got "-5"`}},
		{"MinutesAfterForCheckIn", "rules:\n  - key: a\n    kind: checkin\n    minutes_after: 5\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].minutes_after: kind checkin takes minutes_before, not minutes_after`}},
		{"MinutesBeforeForNudge", "rules:\n  - key: a\n    kind: nudge\n    minutes_before: 5\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].minutes_before: kind nudge takes minutes_after, not minutes_before`}},
		{"MinutesForCronKind", "rules:\n  - key: a\n    kind: digest\n    cron: '@daily'\n    minutes_after: 5\n", []string{
			`r.yaml:13: orgs[0].reminders.rules[0].minutes_after: kind digest follows its cron; minutes_after is for shift reminders`}},
		{"WorkingDaysForShiftKind", "rules:\n  - key: a\n    kind: nudge\n    working_days_only: true\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].working_days_only: kind nudge follows people's planned shifts`}},
		{"WorkingDaysNotBool", "rules:\n  - key: a\n    kind: digest\n    cron: '@daily'\n    working_days_only: sometimes\n", []string{
			`r.yaml:13: orgs[0].reminders.rules[0].working_days_only: must be true or false, got "sometimes"`}},
		{"CustomWithoutText", "rules:\n  - key: a\n    cron: '@daily'\n    audience: everyone\n", []string{
			`r.yaml:10: orgs[0].reminders.rules[0].text: is required for a custom reminder`}},
		{"CustomEmptyText", "rules:\n  - key: a\n    cron: '@daily'\n    audience: everyone\n    text: {}\n", []string{
			`r.yaml:13: orgs[0].reminders.rules[0].text: needs the message in at least one language`}},
		{"TextNotMapping", "rules:\n  - key: a\n    cron: '@daily'\n    audience: everyone\n    text: Hello\n", []string{
			`r.yaml:13: orgs[0].reminders.rules[0].text: must map languages to the message`}},
		{"TextUnknownLanguage", "rules:\n  - key: a\n    cron: '@daily'\n    audience: everyone\n    text:\n      en: Hi\n      fr: Salut\n", []string{
			`r.yaml:15: orgs[0].reminders.rules[0].text.fr: unknown language "fr" (expected zh-CN or en)`}},
		{"TextTwice", "rules:\n  - key: a\n    cron: '@daily'\n    audience: everyone\n    text:\n      zh: 你好\n      zh-CN: 您好\n", []string{
			`r.yaml:15: orgs[0].reminders.rules[0].text.zh-CN: the zh-CN message is given twice`}},
		{"TextEmpty", "rules:\n  - key: a\n    cron: '@daily'\n    audience: everyone\n    text: {en: ''}\n", []string{
			`r.yaml:13: orgs[0].reminders.rules[0].text.en: must not be empty`}},
		{"CustomWithoutAudience", "rules:\n  - key: a\n    cron: '@daily'\n" + text, []string{
			`r.yaml:10: orgs[0].reminders.rules[0].audience: is required for a custom reminder`}},
		{"UnknownAudience", "rules:\n  - key: a\n    cron: '@daily'\n    audience: managers\n" + text, []string{
			`r.yaml:12: orgs[0].reminders.rules[0].audience: must be everyone, team:KEY, job:NAME, on_shift, not_checked_in or managers_pending, got "managers"`}},
		{"UnknownTeam", "rules:\n  - key: a\n    cron: '@daily'\n    audience: team:sales\n" + text, []string{
			`r.yaml:12: orgs[0].reminders.rules[0].audience: no team "sales" in this org (declare it under teams)`}},
		{"TeamWithoutKey", "rules:\n  - key: a\n    cron: '@daily'\n    audience: 'team:'\n" + text, []string{
			`r.yaml:12: orgs[0].reminders.rules[0].audience: needs a team key`}},
		{"UnknownJob", "rules:\n  - key: a\n    cron: '@daily'\n    audience: job:finance\n" + text, []string{
			`r.yaml:12: orgs[0].reminders.rules[0].audience: no one in this org has job "finance"`}},
		{"AudienceWithValue", "rules:\n  - key: a\n    cron: '@daily'\n    audience: on_shift:cs\n" + text, []string{
			`r.yaml:12: orgs[0].reminders.rules[0].audience: on_shift takes no value after ':', got "on_shift:cs"`}},
		{"AudienceForBuiltIn", "rules:\n  - key: a\n    kind: digest\n    cron: '@daily'\n    audience: everyone\n", []string{
			`r.yaml:13: orgs[0].reminders.rules[0].audience: kind digest always goes to managers with approvals waiting; remove audience`}},
		// Every problem of a rule is reported in the same pass.
		{"Several", "rules:\n  - key: a\n    kind: checkout\n    cron: '@daily'\n    minutes_after: 999\n    audience: everyone\n    text: {de: Hallo}\n", []string{
			`r.yaml:12: orgs[0].reminders.rules[0].cron: kind checkout follows each planned shift`,
			`r.yaml:13: orgs[0].reminders.rules[0].minutes_after: must be a whole number from 0 to 240`,
			`r.yaml:14: orgs[0].reminders.rules[0].audience: kind checkout always goes to the people who checked in and not out`,
			`r.yaml:15: orgs[0].reminders.rules[0].text.de: unknown language "de"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := orgfile.Parse("r.yaml", []byte(withReminders(c.body)))
			var ps orgfile.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("want Problems, got %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing problem %q in\n%s", w, err)
				}
			}
			if len(ps) != len(c.want) {
				t.Errorf("got %d problems, want %d:\n%s", len(ps), len(c.want), err)
			}
		})
	}
}
