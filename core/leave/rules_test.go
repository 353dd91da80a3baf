package leave

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

// A shop in Shanghai: the office works Monday to Friday, 09:00–18:00; the
// store's staff work Wednesday to Sunday. 1 October is a statutory
// holiday, 5 October a holiday and Saturday 10 October a make-up working
// day. 23 November 2026 is a Monday.
var shop = core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai"}

func plans() *attendance.Setup {
	shifts := []attendance.Shift{{Key: "store", Name: "Store", Start: 10 * 60, End: 19 * 60, BreakMinutes: 60}}
	schedules := []attendance.Schedule{{Key: "weekends", Kind: attendance.ScheduleWeekly, Start: core.NewDate(2026, 11, 2),
		Pattern: []string{"", "", "store", "store", "store", "store", "store"}}}
	days := []calendar.Entry{
		{Date: core.NewDate(2026, 10, 1), Holiday: true, Name: "国庆节", Statutory: true},
		{Date: core.NewDate(2026, 10, 5), Holiday: true, Name: "国庆节"},
		{Date: core.NewDate(2026, 10, 10), Holiday: false, Name: "国庆节调休上班"},
	}
	return attendance.NewSetup(shop, attendance.DefaultPolicy(), shifts, schedules, nil, nil, days)
}

func nov(day int) core.Date { return core.NewDate(2026, 11, day) }

var (
	hired = time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC)
	wang  = core.Employee{ID: 2, OrgID: 1, Key: "wang", Name: "王经理", Role: core.RoleManager, Status: core.StatusActive, HireDate: hired}
	alice = core.Employee{ID: 3, OrgID: 1, Key: "alice", Name: "Alice", Role: core.RoleEmployee, Status: core.StatusActive, HireDate: hired, Gender: core.Female}
	zhao  = core.Employee{ID: 4, OrgID: 1, Key: "zhao", Name: "赵HR", Role: core.RoleHR, Status: core.StatusActive, HireDate: hired}
	sun   = core.Employee{ID: 5, OrgID: 1, Key: "sun", Name: "孙", Role: core.RoleEmployee, Status: core.StatusActive, HireDate: hired, ScheduleKey: "weekends"}
	liu   = core.Employee{ID: 6, OrgID: 1, Key: "liu", Name: "Liu", Role: core.RoleEmployee, Status: core.StatusActive, HireDate: hired, Gender: core.Male}

	annual   = Type{Key: "annual", Name: "Annual leave", Unit: UnitHalfDay, Accrual: AccrualFixed, EntitlementDays: 10, CarryOverDays: 5, CarryOverExpiry: "03-31", NoticeDays: 3}
	personal = Type{Key: "personal", Name: "Personal leave", Unit: UnitHour, Accrual: AccrualNone, ReasonRequired: true}
	marriage = Type{Key: "marriage", Name: "Marriage leave", Unit: UnitDay, Accrual: AccrualFixed, EntitlementDays: 3, NoProration: true}
	mother   = Type{Key: "maternity", Name: "Maternity leave", Unit: UnitDay, Accrual: AccrualFixed, EntitlementDays: 98, NoProration: true, AppliesTo: []string{"gender:female"}}
	comp     = Type{Key: "comp", Name: "Time off in lieu", Unit: UnitHour, Accrual: AccrualRestDayOvertime, CarryOverDays: 2}

	leaveSetup = Setup{Policy: DefaultPolicy(), Types: []Type{annual, personal, marriage, mother, comp}}
)

func errKey(err error) string {
	if e, ok := core.AsError(err); ok {
		return e.Key
	}
	return ""
}

func TestCost(t *testing.T) {
	t.Parallel()
	p := plans()
	span := func(from, to core.Date, fp, tp Part) Span { return Span{From: from, To: to, FromPart: fp, ToPart: tp} }
	cases := []struct {
		name    string
		e       core.Employee
		span    Span
		minutes int
		days    float64
	}{
		{"AWorkingWeek", alice, span(nov(23), nov(27), FullDay, FullDay), 2400, 5},
		{"OverTheWeekendOnlyWorkingDaysCount", alice, span(nov(27), nov(30), FullDay, FullDay), 960, 2},
		{"AnAfternoon", alice, span(nov(24), nov(24), Afternoon, Afternoon), 240, 0.5},
		{"AMorning", alice, span(nov(24), nov(24), Morning, Morning), 240, 0.5},
		{"FromAnAfternoonToAMorning", alice, span(nov(25), nov(27), Afternoon, Morning), 960, 2},
		{"AWeekendCostsTheOfficeNothing", alice, span(nov(28), nov(29), FullDay, FullDay), 0, 0},
		{"TheStoreWorksWeekends", sun, span(nov(28), nov(29), FullDay, FullDay), 960, 2},
		{"TheStoreIsOffOnMondayAndTuesday", sun, span(nov(23), nov(24), FullDay, FullDay), 0, 0},
		// 1 to 9 October: the holidays on Thursday the 1st and Monday the
		// 5th and the weekend between cost nothing.
		{"HolidaysAreFree", alice, span(core.NewDate(2026, 10, 1), core.NewDate(2026, 10, 9), FullDay, FullDay), 2400, 5},
		{"AMakeUpSaturdayCosts", alice, span(core.NewDate(2026, 10, 10), core.NewDate(2026, 10, 10), FullDay, FullDay), 480, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			minutes, days := cost(p, c.e, c.span, 480)
			if minutes != c.minutes || days != c.days {
				t.Errorf("%d min, %v working days; want %d, %v", minutes, days, c.minutes, c.days)
			}
		})
	}
}

func TestAskCostAndPeriod(t *testing.T) {
	t.Parallel()
	p := plans()
	loc := shop.Location()
	day := Span{From: nov(24), To: nov(24), FromPart: FullDay, ToPart: FullDay}
	clock := func(h int, m int) time.Time { return time.Date(2026, 11, 24, h, m, 0, 0, loc) }
	cases := []struct {
		name       string
		ask        Ask
		minutes    int
		start, end time.Time
	}{
		{"AWholeDay", Ask{Span: day}, 480, clock(0, 0), clock(24, 0)},
		{"TwoHours", Ask{Span: day, Hours: 2}, 120, clock(0, 0), clock(24, 0)},
		{"NoMoreThanTheDay", Ask{Span: day, Hours: 10}, 480, clock(0, 0), clock(24, 0)},
		{"AtGivenHours", Ask{Span: day, Clock: Clock{Start: 15 * 60, End: 17 * 60}}, 120, clock(15, 0), clock(17, 0)},
		{"TheMorning", Ask{Span: Span{From: nov(24), To: nov(24), FromPart: Morning, ToPart: Morning}}, 240, clock(0, 0), clock(12, 0)},
		{"TheAfternoon", Ask{Span: Span{From: nov(24), To: nov(24), FromPart: Afternoon, ToPart: Afternoon}}, 240, clock(12, 0), clock(24, 0)},
		{"AfternoonToMorning", Ask{Span: Span{From: nov(24), To: nov(26), FromPart: Afternoon, ToPart: Morning}}, 960,
			clock(12, 0), time.Date(2026, 11, 26, 12, 0, 0, 0, loc)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if minutes, _ := askCost(p, alice, c.ask, 480); minutes != c.minutes {
				t.Errorf("%d min, want %d", minutes, c.minutes)
			}
			if start, end := askPeriod(c.ask, loc); !start.Equal(c.start) || !end.Equal(c.end) {
				t.Errorf("covers %v – %v, want %v – %v", start, end, c.start, c.end)
			}
		})
	}
}

func TestCheckAsk(t *testing.T) {
	t.Parallel()
	day := Span{From: nov(24), To: nov(24), FromPart: FullDay, ToPart: FullDay}
	half := Span{From: nov(24), To: nov(24), FromPart: Afternoon, ToPart: Afternoon}
	twoDays := Span{From: nov(24), To: nov(25), FromPart: FullDay, ToPart: FullDay}
	hours := func(from, to int) Clock { return Clock{Start: from * 60, End: to * 60} }
	cases := []struct {
		name string
		e    core.Employee
		ask  Ask
		key  string // "" when the ask is fine
	}{
		{"AnnualHalfDay", alice, Ask{Type: "annual", Span: half}, ""},
		{"PersonalAtHours", alice, Ask{Type: "personal", Span: day, Clock: hours(15, 17), Reason: "bank"}, ""},
		{"PersonalForHours", alice, Ask{Type: "personal", Span: day, Hours: 2, Reason: "bank"}, ""},
		{"MaternityForHer", alice, Ask{Type: "maternity", Span: day}, ""},
		{"UnknownType", alice, Ask{Type: "sabbatical", Span: day}, "leave.unknown_type"},
		{"MaternityNotForHim", liu, Ask{Type: "maternity", Span: day}, "leave.not_for_you"},
		{"ReasonMissing", alice, Ask{Type: "personal", Span: day}, "leave.reason_required"},
		{"WholeDaysOnlyNoHalf", alice, Ask{Type: "marriage", Span: half}, "leave.whole_days"},
		{"WholeDaysOnlyNoHours", alice, Ask{Type: "marriage", Span: day, Hours: 2}, "leave.whole_days"},
		{"NotByTheHour", alice, Ask{Type: "annual", Span: day, Hours: 2}, "leave.no_hours"},
		{"HoursOnOneDayOnly", alice, Ask{Type: "personal", Span: twoDays, Hours: 2, Reason: "x"}, "leave.hours_one_day"},
		{"HoursBackwards", alice, Ask{Type: "personal", Span: day, Clock: hours(17, 15), Reason: "x"}, "leave.hours_backwards"},
		{"WholeHours", alice, Ask{Type: "personal", Span: day, Clock: Clock{Start: 15 * 60, End: 16*60 + 30}, Reason: "x"}, "leave.whole_hours"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := checkAsk(leaveSetup, c.e, c.ask)
			if got := errKey(err); got != c.key || (c.key == "") != (err == nil) {
				t.Errorf("err %v, want %q", err, c.key)
			}
		})
	}
}

func TestCheckStart(t *testing.T) {
	t.Parallel()
	today := nov(23)
	for _, c := range []struct {
		from core.Date
		key  string
	}{
		{nov(22), "leave.past"},
		{today, ""},
		{core.NewDate(2027, 12, 31), ""},
		{core.NewDate(2028, 1, 1), "leave.too_far"}, // a typo more likely than a plan
	} {
		if got := errKey(checkStart(c.from, today)); got != c.key {
			t.Errorf("from %v: %q, want %q", c.from, got, c.key)
		}
	}
}

func TestNotice(t *testing.T) {
	t.Parallel()
	p := plans()
	cases := []struct {
		name   string
		e      core.Employee
		today  core.Date
		notice int
		want   core.Date
	}{
		// Three working days' notice on a Monday allows Thursday.
		{"OnMonday", alice, nov(23), 3, nov(26)},
		// On a Friday the weekend does not count: Wednesday.
		{"OnFriday", alice, nov(27), 3, core.NewDate(2026, 12, 2)},
		// The store works Wednesday to Sunday: asked on Sunday, Friday.
		{"OwnWorkingDays", sun, nov(29), 3, core.NewDate(2026, 12, 4)},
		// Holidays are no notice: asked on Wednesday 30 September, the
		// working days are Friday the 2nd and Tuesday the 6th.
		{"OverAHoliday", alice, core.NewDate(2026, 9, 30), 2, core.NewDate(2026, 10, 6)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := noticeDate(p, c.e, c.today, c.notice); got != c.want {
				t.Errorf("earliest %v, want %v", got, c.want)
			}
			tooSoon := checkNotice(p, c.e, Type{Key: "annual", NoticeDays: c.notice}, c.want.AddDays(-1), c.today)
			if e, ok := core.AsError(tooSoon); !ok || e.Key != "leave.notice" || e.Args["date"] != c.want.String() {
				t.Errorf("the day before: %v, want leave.notice from %v", tooSoon, c.want)
			}
			if err := checkNotice(p, c.e, Type{Key: "annual", NoticeDays: c.notice}, c.want, c.today); err != nil {
				t.Errorf("the earliest day refused: %v", err)
			}
		})
	}
	if err := checkNotice(p, alice, personal, nov(23), nov(23)); err != nil {
		t.Errorf("a type without notice: %v", err)
	}
}

func TestNeedsHR(t *testing.T) {
	t.Parallel()
	pol := DefaultPolicy() // HR too for more than 3 days
	for _, c := range []struct {
		days  float64
		first core.Role
		want  bool
	}{
		{3, core.RoleManager, false},
		{3.5, core.RoleManager, true},
		{10, core.RoleManager, true},
		{10, core.RoleHR, false},    // HR approving first is HR's approval too
		{10, core.RoleAdmin, false}, // and so is an admin's
	} {
		if got := needsHR(pol, int(c.days*480), c.first); got != c.want {
			t.Errorf("%v days first approved by %s: %v, want %v", c.days, c.first, got, c.want)
		}
	}
}

// fakeStore is what the leave rules read from the store; any call it does
// not answer panics on the nil Store.
type fakeStore struct {
	Store
	usage     func(typeKey string, year int) Usage
	overlaps  bool
	requests  map[int64]Request
	employees []core.Employee
	updated   func(r Request, ns []core.Notification)
}

var _ Store = (*fakeStore)(nil)

func (f *fakeStore) Setup(context.Context, int64) (Setup, error) { return leaveSetup, nil }

func (f *fakeStore) Usage(_ context.Context, _, _ int64, typeKey string, year int, _ core.Date) (Usage, error) {
	if f.usage == nil {
		return Usage{}, nil
	}
	return f.usage(typeKey, year), nil
}

func (f *fakeStore) Overlaps(context.Context, int64, int64, time.Time, time.Time) (bool, error) {
	return f.overlaps, nil
}

func (f *fakeStore) FindApprover(context.Context, core.Employee) (core.Employee, error) {
	return wang, nil
}

func (f *fakeStore) FindRequest(_ context.Context, _, id int64) (Request, error) {
	r, ok := f.requests[id]
	if !ok {
		return Request{}, core.Errorf(core.ENotFound, "leave.not_found", "no request %d", id)
	}
	return r, nil
}

func (f *fakeStore) FindEmployeeByID(_ context.Context, _, id int64) (core.Employee, error) {
	for _, e := range f.employees {
		if e.ID == id {
			return e, nil
		}
	}
	return core.Employee{}, core.Errorf(core.ENotFound, "employee.not_found", "no employee %d", id)
}

func (f *fakeStore) ListEmployees(context.Context, int64, int64) ([]core.Employee, error) {
	return f.employees, nil
}

func (f *fakeStore) UpdateRequest(_ context.Context, r Request, _ Status, _ Step, _ core.AuditEntry, ns []core.Notification, _ []Event) error {
	f.updated(r, ns)
	return nil
}

type fakePlans struct{}

func (fakePlans) Setup(context.Context, core.Org) (*attendance.Setup, error) { return plans(), nil }

type allowAll struct{}

func (allowAll) Authorize(context.Context, core.Member, core.Action, *core.Employee, string) error {
	return nil
}

func service(st *fakeStore, now time.Time) *Service {
	return NewService(st, fakePlans{}, allowAll{}, core.ClockFunc(func() time.Time { return now }))
}

func TestBalanceCarryOver(t *testing.T) {
	t.Parallel()
	const day = 480
	beforeExpiry := time.Date(2027, 2, 10, 10, 0, 0, 0, shop.Location())
	afterExpiry := time.Date(2027, 4, 15, 10, 0, 0, 0, shop.Location())
	cases := []struct {
		name       string
		t          Type
		now        time.Time
		this, prev Usage
		want       Balance
	}{
		{"UnusedDaysCarryUpToTheLimit", annual, beforeExpiry, Usage{Approved: 1 * day}, Usage{Approved: 4 * day},
			Balance{Entitled: 10 * day, Carried: 5 * day, Used: day, Available: 14 * day}},
		{"OnlyWhatWasLeftCarries", annual, beforeExpiry, Usage{}, Usage{Approved: 8 * day},
			Balance{Entitled: 10 * day, Carried: 2 * day, Available: 12 * day}},
		{"LastYearsAdjustmentCounts", annual, beforeExpiry, Usage{}, Usage{Approved: 8 * day, Adjusted: day},
			Balance{Entitled: 10 * day, Carried: 3 * day, Available: 13 * day}},
		{"NothingCarriesFromAnOverdrawnYear", annual, beforeExpiry, Usage{}, Usage{Approved: 12 * day},
			Balance{Entitled: 10 * day, Available: 10 * day}},
		{"PendingAndAdjustedCount", annual, beforeExpiry, Usage{Pending: 2 * day, Adjusted: day / 2}, Usage{Approved: 10 * day},
			Balance{Entitled: 10 * day, Adjusted: day / 2, Pending: 2 * day, Available: 8*day + day/2}},
		// After 31 March only the carried days used before then remain.
		{"AfterExpiryOnlyWhatWasUsedBefore", annual, afterExpiry, Usage{Approved: 3 * day, ApprovedBefore: day}, Usage{},
			Balance{Entitled: 10 * day, Carried: day, Used: 3 * day, Available: 8 * day}},
		{"AfterExpiryUnusedCarriedDaysAreGone", annual, afterExpiry, Usage{}, Usage{},
			Balance{Entitled: 10 * day, Available: 10 * day}},
		{"NoBalanceKept", personal, beforeExpiry, Usage{Approved: 3 * day}, Usage{Approved: 9 * day},
			Balance{Unlimited: true, Used: 3 * day, Available: -3 * day}},
		// Time off in lieu is earned by rest-day overtime, and carries too.
		{"RestDayOvertimeEarnsTimeOff", comp, beforeExpiry, Usage{RestDayOT: 600, Approved: 120}, Usage{RestDayOT: 1500, Approved: 300},
			Balance{Entitled: 600, Carried: 2 * day, Used: 120, Available: 600 + 2*day - 120}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &fakeStore{usage: func(_ string, year int) Usage {
				if year == 2027 {
					return c.this
				}
				return c.prev
			}}
			b, err := service(st, c.now).Balance(context.Background(), shop, leaveSetup, alice, c.t, 2027)
			if err != nil {
				t.Fatal(err)
			}
			c.want.Type, c.want.Year = c.t, 2027
			if b.Unlimited != c.want.Unlimited || b.Entitled != c.want.Entitled || b.Carried != c.want.Carried || b.Adjusted != c.want.Adjusted ||
				b.Used != c.want.Used || b.Pending != c.want.Pending || b.Available != c.want.Available {
				t.Errorf("got %+v\nwant %+v", b, c.want)
			}
		})
	}
}

func TestPreview(t *testing.T) {
	t.Parallel()
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, shop.Location())
	used := &fakeStore{usage: func(_ string, year int) Usage {
		if year == 2026 {
			return Usage{Approved: 2 * 480}
		}
		return Usage{Approved: 10 * 480}
	}}
	ask := func(typ string, from, to core.Date) Ask {
		return Ask{Type: typ, Span: Span{From: from, To: to, FromPart: FullDay, ToPart: FullDay}}
	}
	preview := func(st *fakeStore, a Ask) (Preview, error) {
		return service(st, monday).Preview(context.Background(), core.Member{Org: shop, Employee: alice}, a)
	}

	t.Run("ALongRequestNeedsHR", func(t *testing.T) {
		p, err := preview(used, ask("annual", nov(30), core.NewDate(2026, 12, 4)))
		if err != nil {
			t.Fatal(err)
		}
		if p.Minutes != 2400 || p.WorkingDays != 5 || p.Balance.Available != 8*480 || p.After != 3*480 || !p.NeedsHR || p.Approver.ID != wang.ID {
			t.Errorf("preview %+v", p)
		}
	})
	t.Run("NotEnoughDays", func(t *testing.T) {
		_, err := preview(used, ask("annual", core.NewDate(2026, 12, 7), core.NewDate(2026, 12, 18)))
		if e, ok := core.AsError(err); !ok || e.Key != "leave.insufficient" || e.Args["available"] != "8" || e.Args["needed"] != "10" {
			t.Errorf("err %v, want leave.insufficient, 8 available, 10 needed", err)
		}
	})
	t.Run("NoticeDays", func(t *testing.T) {
		_, err := preview(used, ask("annual", nov(25), nov(25)))
		if e, ok := core.AsError(err); !ok || e.Key != "leave.notice" || e.Args["date"] != "2026-11-26" {
			t.Errorf("err %v, want leave.notice from Thursday", err)
		}
	})
	t.Run("HoursAtTheirTimes", func(t *testing.T) {
		a := ask("personal", nov(24), nov(24))
		a.Clock, a.Reason = Clock{Start: 15 * 60, End: 17 * 60}, "bank"
		p, err := preview(used, a)
		if err != nil {
			t.Fatal(err)
		}
		loc := shop.Location()
		if p.Minutes != 120 || !p.Start.Equal(time.Date(2026, 11, 24, 15, 0, 0, 0, loc)) || !p.End.Equal(time.Date(2026, 11, 24, 17, 0, 0, 0, loc)) || p.NeedsHR {
			t.Errorf("preview %d min %v–%v NeedsHR %v", p.Minutes, p.Start, p.End, p.NeedsHR)
		}
	})
	t.Run("NoWorkingDay", func(t *testing.T) {
		_, err := preview(used, ask("annual", nov(28), nov(29)))
		if errKey(err) != "leave.no_working_day" {
			t.Errorf("err %v, want leave.no_working_day", err)
		}
	})
	t.Run("Overlap", func(t *testing.T) {
		_, err := preview(&fakeStore{overlaps: true}, ask("annual", nov(30), nov(30)))
		if errKey(err) != "leave.overlap_error" {
			t.Errorf("err %v, want leave.overlap_error", err)
		}
	})
	t.Run("InThePast", func(t *testing.T) {
		_, err := preview(used, ask("annual", nov(20), nov(20)))
		if errKey(err) != "leave.past" {
			t.Errorf("err %v, want leave.past", err)
		}
	})
}

func TestDecideHRApproval(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, shop.Location())
	request := func(days int) Request {
		return Request{ID: 10, OrgID: 1, EmployeeID: alice.ID, EmployeeName: alice.Name, Type: "annual",
			Span:    Span{From: nov(30), To: nov(30).AddDays(days - 1), FromPart: FullDay, ToPart: FullDay},
			Minutes: days * 480, Status: Pending, Step: StepManager, ApproverID: wang.ID}
	}
	cases := []struct {
		name      string
		by        core.Employee
		days      int
		status    Status
		step      Step
		approver  int64
		notifyIDs []int64
	}{
		{"ManagerPassesALongRequestToHR", wang, 5, Pending, StepHR, zhao.ID, []int64{zhao.ID}},
		{"HRApprovingFirstIsFinal", zhao, 5, Approved, StepManager, wang.ID, []int64{alice.ID}},
		{"ManagerApprovesAShortRequest", wang, 3, Approved, StepManager, wang.ID, []int64{alice.ID}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got Request
			var notified []int64
			st := &fakeStore{
				requests:  map[int64]Request{10: request(c.days)},
				employees: []core.Employee{wang, alice, zhao},
				updated: func(r Request, ns []core.Notification) {
					got = r
					for _, n := range ns {
						notified = append(notified, n.RecipientID)
					}
				},
			}
			r, err := service(st, now).Decide(context.Background(), core.Member{Org: shop, Employee: c.by}, 10, true, "", "test")
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != c.status || r.Step != c.step || r.ApproverID != c.approver || got.Status != c.status {
				t.Errorf("status %s step %s approver %d (stored %s); want %s %s %d", r.Status, r.Step, r.ApproverID, got.Status, c.status, c.step, c.approver)
			}
			if len(notified) != len(c.notifyIDs) || notified[0] != c.notifyIDs[0] {
				t.Errorf("notified %v, want %v", notified, c.notifyIDs)
			}
		})
	}
	t.Run("RejectionNeedsAReason", func(t *testing.T) {
		st := &fakeStore{requests: map[int64]Request{10: request(2)}, employees: []core.Employee{wang, alice, zhao}}
		_, err := service(st, now).Decide(context.Background(), core.Member{Org: shop, Employee: wang}, 10, false, "", "test")
		if errKey(err) != "leave.reject_reason" {
			t.Errorf("err %v, want leave.reject_reason", err)
		}
	})
	t.Run("DecidedAlready", func(t *testing.T) {
		r := request(2)
		r.Status, r.DecidedBy = Approved, zhao.Name
		st := &fakeStore{requests: map[int64]Request{10: r}, employees: []core.Employee{wang, alice, zhao}}
		_, err := service(st, now).Decide(context.Background(), core.Member{Org: shop, Employee: wang}, 10, true, "", "test")
		if e, ok := core.AsError(err); !ok || e.Key != "leave.already_approved" || e.Args["by"] != zhao.Name {
			t.Errorf("err %v, want leave.already_approved by %s", err, zhao.Name)
		}
	})
}
