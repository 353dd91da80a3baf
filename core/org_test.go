package core_test

import (
	"fmt"
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestNameIn(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		loc    core.Locale
		expect string
	}{
		{"病假 Sick leave", core.LocaleZH, "病假"},
		{"病假 Sick leave", core.LocaleEN, "Sick leave"},
		{"事假 Personal leave (unpaid)", core.LocaleEN, "Personal leave (unpaid)"},
		{"Annual", core.LocaleZH, "Annual"},
		{"年假", core.LocaleEN, "年假"},
		{"客服 A/B 轮班", core.LocaleEN, "客服 A/B 轮班"},
		{"李爱丽 Alice Li", core.LocaleEN, "Alice Li"},
	}
	for _, c := range cases {
		if got := core.NameIn(c.name, c.loc); got != c.expect {
			t.Errorf("NameIn(%q, %s) = %q, want %q", c.name, c.loc, got, c.expect)
		}
	}
}

func TestEmployeeAnswersTo(t *testing.T) {
	t.Parallel()
	alice := core.Employee{Key: "alice", Name: "李爱丽 Alice Li"}
	for _, q := range []string{"alice", "李爱丽", "Alice Li", "ALICE", "alice  li", "李爱丽 Alice Li"} {
		if !alice.AnswersTo(q) {
			t.Errorf("%q does not find Alice", q)
		}
	}
	for _, q := range []string{"li", "爱丽", "al", "", "bob"} {
		if alice.AnswersTo(q) {
			t.Errorf("%q finds Alice", q)
		}
	}
}

func TestDateStringMatchesFormat(t *testing.T) {
	for _, d := range []core.Date{{Year: 2026, Month: 12, Day: 3}, {Year: 1, Month: 1, Day: 1}, {Year: 9999, Month: 12, Day: 31}, {Year: 10000, Month: 1, Day: 1}, {Year: -5, Month: 1, Day: 1}, {Year: 2026}, {}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Errorf("%#v: %q, want %q", d, got, want)
		}
	}
}
