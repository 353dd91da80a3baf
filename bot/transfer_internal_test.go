package bot

import (
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

func TestParseTransfer(t *testing.T) {
	t.Parallel()
	today := core.NewDate(2026, 11, 25)
	cases := []struct {
		text                           string
		person, job, team, mgr, reason string
		from                           string
		schedule                       string // "-" for unchanged
		pay                            string // kind:amount, "" for none
		errKey                         string
	}{
		{text: "alice job=ops team=ops manager=lead from=2026-12-07 busy season", person: "alice", job: "ops", team: "ops", mgr: "lead",
			from: "2026-12-07", reason: "busy season", schedule: "-"},
		{text: "alice 岗位：运营 团队=ops 上级＝lead 生效=下周一 旺季", person: "alice", job: "运营", team: "ops", mgr: "lead",
			from: "2026-11-30", reason: "旺季", schedule: "-"},
		{text: "bob schedule=standard from=12月7日 reason=fewer nights", person: "bob", from: "2026-12-07", reason: "fewer nights", schedule: "standard"},
		{text: "carol pay=hourly:45.5 from=2026-12-01 x", person: "carol", from: "2026-12-01", reason: "x", schedule: "-", pay: "hourly:45.5"},
		{text: "carol 薪资=月薪:9,000 生效=2026-12-01 晋升", person: "carol", from: "2026-12-01", reason: "晋升", schedule: "-", pay: "monthly:9000"},
		{text: "team=ops from=2026-12-01", team: "ops", from: "2026-12-01", schedule: "-"},
		{text: "alice from=someday", errKey: "transfer.bad_date"},
		{text: "alice pay=yearly:1", errKey: "transfer.bad_pay"},
		{text: "alice allowances=meal:300", errKey: "transfer.bad_pay"},
		{text: "alice offset=two", errKey: "transfer.bad_offset"},
	}
	for _, c := range cases {
		ask, err := parseTransfer(c.text, today)
		if c.errKey != "" {
			if e, ok := core.AsError(err); !ok || e.Key != c.errKey {
				t.Errorf("%q: error %v, want %s", c.text, err, c.errKey)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		sched := "-"
		if ask.Schedule != nil {
			sched = *ask.Schedule
		}
		payText := ""
		if ask.Pay != nil {
			amount := ask.Pay.Salary
			if ask.Pay.Kind == pay.Hourly {
				amount = ask.Pay.HourlyRate
			}
			payText = string(ask.Pay.Kind) + ":" + amount.String()
		}
		from := ""
		if !ask.Effective.IsZero() {
			from = ask.Effective.String()
		}
		if ask.Person != c.person || ask.Job != c.job || ask.Team != c.team || ask.Manager != c.mgr || ask.Reason != c.reason ||
			from != c.from || sched != c.schedule || payText != c.pay {
			t.Errorf("%q: got %+v (from %s, schedule %q, pay %q)", c.text, ask, from, sched, payText)
		}
	}
}

func FuzzParseTransfer(f *testing.F) {
	for _, s := range []string{"alice job=ops from=2026-12-07 x", "薪资=时薪:45 补贴=餐补:300；交通:1", "=", "from=", "pay=:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ask, err := parseTransfer(text, core.NewDate(2026, 11, 25))
		// Pay read without an error is a valid kind with a positive amount.
		if err == nil && ask.Pay != nil && (ask.Pay.Validate() != nil || !ask.Pay.Salary.Add(ask.Pay.HourlyRate).IsPositive()) {
			t.Errorf("%q: pay %+v read without error", text, ask.Pay)
		}
	})
}
