package payroll

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// December 2026 has 23 working days: 1–4, 7–11, 14–18, 21–25, 28–31.
// Monday the 14th is a go-live day with 9 working days before it.

func hiredOn(d core.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func TestGoLive(t *testing.T) {
	t.Parallel()
	setup := shopSetup()
	cases := []struct {
		name   string
		goLive core.Date
		live   core.Date
		warned bool
		days   string
	}{
		{"NoneSet", core.Date{}, day(1), false, ""},
		{"BeforeThePeriod", core.NewDate(2026, 11, 2), day(1), false, ""},
		{"OnTheFirstDay", day(1), day(1), false, ""},
		{"MidPeriod", day(14), day(14), true, "9"},
		{"AfterThePeriod", core.NewDate(2027, 1, 4), core.NewDate(2027, 1, 4), true, "23"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := drafting{org: core.Org{GoLive: c.goLive}, from: day(1), to: day(31), gathered: gathered{setup: setup}}
			live, w, ok := d.goLive()
			if live != c.live || ok != c.warned || w.Params["days"] != c.days {
				t.Errorf("live %v warned %v days %q; want %v %v %q", live, ok, w.Params["days"], c.live, c.warned, c.days)
			}
			if ok && (w.Code != WarnBeforeGoLive || w.Params["go_live"] != c.goLive.String()) {
				t.Errorf("warning %+v", w)
			}
		})
	}
}

func TestFirstDay(t *testing.T) {
	t.Parallel()
	live := day(14)
	for _, c := range []struct {
		name string
		hire time.Time
		want core.Date
	}{
		{"NoHireDate", time.Time{}, live},
		{"HiredLongAgo", hiredOn(core.NewDate(2020, 3, 1)), live},
		{"HiredAfterGoLive", hiredOn(day(21)), day(21)},
	} {
		if got := firstDay(core.Employee{HireDate: c.hire}, live); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestInputs(t *testing.T) {
	t.Parallel()
	d := drafting{from: day(1), to: day(31), gathered: gathered{
		setup: shopSetup(),
		extra: map[int64]PersonInputs{7: {UnpaidLeaveMinutes: 90, UnpaidLeaveDates: []string{"12-03"}, CoverMinutes: 150}},
		ytd:   map[int64]pay.YearToDate{7: {Months: 11}},
	}}
	m := month{absent: []core.Date{day(2), day(10)}, worked: 500, late: 3,
		overtime: map[attendance.OvertimeKind]int{attendance.OvertimeWorkday: 60, attendance.OvertimeRestDay: 120, attendance.OvertimeHoliday: 30}}
	e := core.Employee{ID: 7, HireDate: hiredOn(core.NewDate(2020, 3, 1))}
	in := d.inputs(e, pay.Profile{}, m, 23)
	if in.PeriodWorkdays != 23 || in.EmployedWorkdays != 23 || !in.AbsentDays.Equal(decimal.NewFromInt(2)) || !slices.Equal(in.AbsentDates, []string{"12-02", "12-10"}) {
		t.Errorf("days: %+v", in)
	}
	if !in.UnpaidLeaveHours.Equal(decimal.RequireFromString("1.5")) || !in.WorkedHours.Equal(decimal.RequireFromString("8.33")) ||
		in.LateCount != 3 || in.CoverMinutes != 150 || in.MonthOfYear != 12 || in.YTD.Months != 11 {
		t.Errorf("figures: unpaid %s worked %s late %d cover %d month %d ytd %d",
			in.UnpaidLeaveHours, in.WorkedHours, in.LateCount, in.CoverMinutes, in.MonthOfYear, in.YTD.Months)
	}
	if ot := in.OvertimeMinutes; ot.Workday != 60 || ot.RestDay != 120 || ot.Holiday != 30 {
		t.Errorf("overtime %+v", ot)
	}
	// Hired during the period: employed from the hire date on; hired
	// after it: employed on none of its days.
	for _, c := range []struct {
		hire core.Date
		want int
	}{{day(21), 9}, {day(1), 23}, {core.NewDate(2027, 1, 4), 0}} {
		if got := d.inputs(core.Employee{ID: 7, HireDate: hiredOn(c.hire)}, pay.Profile{}, m, 23).EmployedWorkdays; got != c.want {
			t.Errorf("hired %v: employed %d workdays, want %d", c.hire, got, c.want)
		}
	}
}

func TestPersonWarnings(t *testing.T) {
	t.Parallel()
	e := core.Employee{Key: "alice", Name: "Alice"}
	rules := pay.Rules{MinimumWage: mustDecimal("2490.00")}
	net := func(s string) pay.Payslip { return pay.Payslip{Net: mustDecimal(s)} }
	full := pay.Inputs{PeriodWorkdays: 23, EmployedWorkdays: 23}
	cases := []struct {
		name  string
		m     month
		slip  pay.Payslip
		rules pay.Rules
		in    pay.Inputs
		want  []string // code:param
	}{
		{"AllWell", month{planned: 20, punched: 20}, net("5000.00"), rules, full, nil},
		{"NoCheckInAtAll", month{planned: 20}, net("5000.00"), rules, full, []string{"no_records:20"}},
		{"NothingPlannedYet", month{}, net("5000.00"), rules, full, nil},
		{"NegativeNet", month{planned: 1, punched: 1}, net("-12.50"), rules, full, []string{"negative_net:-12.50"}},
		{"BelowTheMinimumWage", month{planned: 1, punched: 1}, net("2000.00"), rules, full, []string{"below_minimum:2,490.00"}},
		// A mid-month hire's minimum is pro-rated: 2490 × 10 / 23 = 1082.61.
		{"ProRatedMinimum", month{planned: 1, punched: 1}, net("1100.00"), rules, pay.Inputs{PeriodWorkdays: 23, EmployedWorkdays: 10}, nil},
		{"BelowTheProRatedMinimum", month{planned: 1, punched: 1}, net("1000.00"), rules, pay.Inputs{PeriodWorkdays: 23, EmployedWorkdays: 10}, []string{"below_minimum:1,082.61"}},
		{"NoMinimumSet", month{planned: 1, punched: 1}, net("10.00"), pay.Rules{}, full, nil},
		{"NotEmployedThisPeriod", month{}, net("0.00"), rules, pay.Inputs{PeriodWorkdays: 23}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, w := range personWarnings(e, c.m, c.slip, c.rules, c.in) {
				p := w.Params["days"] + w.Params["minimum"]
				if w.Code == WarnNegativeNet {
					p = w.Params["net"]
				}
				got = append(got, w.Code+":"+p)
				if w.Person != "alice" || w.Name != "Alice" {
					t.Errorf("warning about %q %q", w.Person, w.Name)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("warnings %v, want %v", got, c.want)
			}
		})
	}
}

// TestDraftRun drafts December for a shop that went live on the 14th:
// nobody is absent before go-live or before their hire date; people
// without a pay profile are named, not paid; warnings come in the order
// HR reads them.
func TestDraftRun(t *testing.T) {
	t.Parallel()
	setup := shopSetup()
	longAgo := hiredOn(core.NewDate(2020, 3, 1))
	people := []core.Employee{
		{ID: 1, Key: "alice", Name: "Alice", HireDate: longAgo},
		{ID: 2, Key: "bob", Name: "Bob", HireDate: hiredOn(day(21))},
		{ID: 3, Key: "carol", Name: "Carol", HireDate: longAgo},
		{ID: 4, Key: "dan", Name: "Dan", HireDate: longAgo},
		{ID: 5, Key: "eve", Name: "Eve", HireDate: longAgo},
	}
	everyDay := func() attendance.MonthSummary {
		var recs []attendance.Record
		for d := day(14); !d.After(day(31)); d = d.AddDays(1) {
			if setup.PlanFor(core.Employee{}, d).Working {
				recs = append(recs, record(setup, d, "09:00", "18:00", 480, 0))
			}
		}
		return attendance.MonthSummary{Records: recs}
	}
	profile := func(id int64, salary string) StoredProfile {
		return StoredProfile{EmployeeID: id, Profile: pay.Profile{Kind: pay.Monthly, Salary: mustDecimal(salary)}}
	}
	g := gathered{
		rules:       pay.Rules{MinimumWage: mustDecimal("2490.00")},
		profiles:    map[int64]StoredProfile{1: profile(1, "10000"), 2: profile(2, "10000"), 4: profile(4, "2000"), 5: profile(5, "10000")},
		setup:       setup,
		people:      people,
		months:      map[int64]attendance.MonthSummary{4: everyDay(), 5: everyDay()},
		adjustments: map[int64][]pay.Adjustment{5: {{Description: "advance repaid", Amount: mustDecimal("-20000")}}},
	}
	org := core.Org{ID: 1, TimeZone: "Asia/Shanghai", GoLive: day(14)}
	absence := func(s Slip) string {
		for _, l := range s.Lines {
			if l.Code == pay.CodeAbsence {
				return l.Params["days"]
			}
		}
		return "0"
	}

	t.Run("AfterTheMonth", func(t *testing.T) {
		d := drafting{org: org, period: "2026-12", from: day(1), to: day(31), now: at(setup, core.NewDate(2027, 1, 4), "10:00"), gathered: g}
		slips, missing, warnings, err := d.run()
		if err != nil {
			t.Fatal(err)
		}
		var keys, absent []string
		for _, s := range slips {
			keys, absent = append(keys, s.Key), append(absent, absence(s))
		}
		// alice: from go-live, 14 working days; bob: from his hire date, 9.
		if !slices.Equal(keys, []string{"alice", "bob", "dan", "eve"}) || !slices.Equal(absent, []string{"14", "9", "0", "0"}) {
			t.Errorf("slips %v absent %v", keys, absent)
		}
		if !slices.Equal(missing, []string{"carol"}) {
			t.Errorf("missing %v, want carol", missing)
		}
		var got []string
		for _, w := range warnings {
			got = append(got, w.Code+" "+w.Person+" "+w.Params["days"])
		}
		// bob, absent on all his 9 days, is paid nothing: below the
		// minimum too, listed before dan.
		want := []string{"before_go_live  9", "negative_net eve ", "below_minimum bob ", "below_minimum dan ", "no_records alice 14", "no_records bob 9"}
		if !slices.Equal(got, want) {
			t.Errorf("warnings\n%q\nwant\n%q", got, want)
		}
		if s := slips[1]; s.Key != "bob" || s.Lines[1].Code != pay.CodeProrate || s.Lines[1].Params["employed"] != "9" {
			t.Errorf("bob is paid for %v", s.Lines[:2])
		}
	})
	t.Run("BeforeTheMonthIsOver", func(t *testing.T) {
		// The 16th at 10:00: the day's absence limit (11:00) has not passed.
		d := drafting{org: org, period: "2026-12", from: day(1), to: day(31), now: at(setup, day(16), "10:00"), gathered: g}
		slips, _, warnings, err := d.run()
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) < 2 || warnings[0].Code != WarnUnfinished || warnings[1].Code != WarnBeforeGoLive {
			t.Errorf("warnings %+v, want unfinished then before go-live first", warnings)
		}
		if absence(slips[0]) != "2" || absence(slips[1]) != "0" {
			t.Errorf("alice absent %s, bob %s; want 2 (14th and 15th) and 0 (not hired yet)", absence(slips[0]), absence(slips[1]))
		}
	})
}

// fakeStore answers what drafting and approving ask before they compute
// anything; any other call panics on the nil Store.
type fakeStore struct {
	Store
	run      *Run // nil: no run for the period
	approved func(override string, blockers []Warning)
}

var _ Store = (*fakeStore)(nil)

func (f *fakeStore) FindRun(_ context.Context, _ int64, period string) (Run, error) {
	if f.run == nil {
		return Run{}, core.Errorf(core.ENotFound, "payroll.no_run", "no run for %s", period)
	}
	return *f.run, nil
}

func (f *fakeStore) ApproveRun(_ context.Context, _ int64, _ string, _ time.Time, _ core.Member, _ string,
	override string, blockers []Warning, _ time.Time) (Run, error) {
	f.approved(override, blockers)
	r := *f.run
	r.Status, r.OverrideReason = StatusApproved, override
	return r, nil
}

type allowAll struct{}

func (allowAll) Authorize(context.Context, core.Member, core.Action, *core.Employee, string) error {
	return nil
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	org := core.Org{ID: 1, TimeZone: "Asia/Shanghai"}
	hr := core.Member{Org: org, Employee: core.Employee{ID: 9, Key: "zhao", Role: core.RoleHR}}
	now := time.Date(2027, 1, 5, 2, 0, 0, 0, time.UTC)
	service := func(st *fakeStore) *Service {
		return NewService(st, nil, allowAll{}, core.ClockFunc(func() time.Time { return now }))
	}
	slip := func(key, net string) Slip { s := Slip{Key: key}; s.Net = mustDecimal(net); return s }
	draft := func(slips ...Slip) *Run {
		return &Run{Period: "2026-12", Status: StatusDraft, DraftedAt: time.Date(2027, 1, 4, 2, 0, 0, 0, time.UTC), Slips: slips}
	}
	errKey := func(err error) string {
		if e, ok := core.AsError(err); ok {
			return e.Key
		}
		return ""
	}

	t.Run("AnApprovedRunIsNotRedrafted", func(t *testing.T) {
		_, _, err := service(&fakeStore{run: &Run{Period: "2026-12", Status: StatusApproved}}).DraftOrg(context.Background(), org, "2026-12", "hr")
		if core.ErrorCodeOf(err) != core.EConflict || errKey(err) != "payroll.approved" {
			t.Errorf("err %v, want payroll.approved", err)
		}
	})
	t.Run("NegativeNetNeedsAnOverride", func(t *testing.T) {
		for _, override := range []string{"", "   "} {
			_, err := service(&fakeStore{run: draft(slip("a", "100.00"), slip("b", "-5.00"))}).Approve(context.Background(), hr, "2026-12", "test", override)
			var refused *RefusedError
			if !errors.As(err, &refused) || len(refused.Blockers) != 1 || refused.Blockers[0].Person != "b" ||
				core.ErrorCodeOf(err) != core.EConflict || errKey(err) != "payroll.refused_err" {
				t.Errorf("override %q: err %v, want refused for b's negative net", override, err)
			}
		}
	})
	t.Run("AnUnfinishedMonthNeedsAnOverride", func(t *testing.T) {
		run := draft(slip("a", "100.00"))
		run.DraftedAt = time.Date(2026, 12, 20, 2, 0, 0, 0, time.UTC)
		_, err := service(&fakeStore{run: run}).Approve(context.Background(), hr, "2026-12", "test", "")
		var refused *RefusedError
		if !errors.As(err, &refused) || refused.Blockers[0].Code != WarnUnfinished {
			t.Errorf("err %v, want refused: unfinished", err)
		}
	})
	t.Run("OverrideIsKept", func(t *testing.T) {
		var gotOverride string
		var gotBlockers []Warning
		st := &fakeStore{run: draft(slip("b", "-5.00")), approved: func(o string, b []Warning) { gotOverride, gotBlockers = o, b }}
		run, err := service(st).Approve(context.Background(), hr, "2026-12", "test", "  advance repaid  ")
		if err != nil || run.Status != StatusApproved || gotOverride != "advance repaid" || len(gotBlockers) != 1 {
			t.Errorf("run %s err %v override %q blockers %v", run.Status, err, gotOverride, gotBlockers)
		}
	})
	t.Run("NothingOverriddenNothingRecorded", func(t *testing.T) {
		gotOverride := "unset"
		st := &fakeStore{run: draft(slip("a", "100.00")), approved: func(o string, _ []Warning) { gotOverride = o }}
		if _, err := service(st).Approve(context.Background(), hr, "2026-12", "test", "just because"); err != nil || gotOverride != "" {
			t.Errorf("err %v override %q, want none recorded", err, gotOverride)
		}
	})
	t.Run("ApprovedAlready", func(t *testing.T) {
		run := draft()
		run.Status = StatusApproved
		_, err := service(&fakeStore{run: run}).Approve(context.Background(), hr, "2026-12", "test", "")
		if errKey(err) != "payroll.already_approved" {
			t.Errorf("err %v, want payroll.already_approved", err)
		}
	})
	t.Run("NoRun", func(t *testing.T) {
		_, err := service(&fakeStore{}).Approve(context.Background(), hr, "2026-12", "test", "")
		if core.ErrorCodeOf(err) != core.ENotFound || errKey(err) != "payroll.no_run" {
			t.Errorf("err %v, want payroll.no_run", err)
		}
	})
	t.Run("BadPeriod", func(t *testing.T) {
		_, err := service(&fakeStore{}).Approve(context.Background(), hr, "2026-13", "test", "")
		if errKey(err) != "payroll.bad_period" {
			t.Errorf("err %v, want payroll.bad_period", err)
		}
	})
}
