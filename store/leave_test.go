package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/store"
)

const shopYAML = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    leave:
      day_hours: 8
      resend_after_hours: 24
    leave_types:
      - {key: annual, name: Annual leave, accrual: fixed, entitlement_days: 10}
      - {key: comp, name: Time off in lieu, unit: hour, accrual: rest_day_overtime}
    employees:
      - {key: boss, name: Boss, role: manager}
      - {key: hr, name: Hui, role: hr}
      - {key: amy, name: Amy, manager: boss}
      - {key: ben, name: Ben, manager: boss}
`

// shopFixture is an org with leave types and four people, and leave's
// store over it.
type shopFixture struct {
	db     *store.DB
	leaves store.Leaves
	org    int64
	people map[string]core.Employee
}

func newShop(t *testing.T) *shopFixture {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, shopYAML); err != nil {
		t.Fatal(err)
	}
	org, err := store.NewOrgs(db).Find(context.Background(), "shop")
	if err != nil {
		t.Fatal(err)
	}
	f := &shopFixture{db: db, leaves: store.NewLeaves(db), org: org.ID, people: map[string]core.Employee{}}
	for _, key := range []string{"boss", "hr", "amy", "ben"} {
		e, err := store.NewDirectory(db).FindEmployee(context.Background(), org.ID, key)
		if err != nil {
			t.Fatal(err)
		}
		f.people[key] = e
	}
	return f
}

// day is a date of 2026 in the shop's zone, from "MM-DD".
func day(t *testing.T, md string) core.Date {
	t.Helper()
	d, err := time.Parse("2006-01-02", "2026-"+md)
	if err != nil {
		t.Fatal(err)
	}
	return core.DateOf(d)
}

var shanghai = time.FixedZone("CST", 8*3600)

// request is a pending full-day request of who from `from` to `to`
// ("MM-DD"), eight hours a day, waiting on the boss.
func (f *shopFixture) request(t *testing.T, who, typ, from, to string) leave.Request {
	t.Helper()
	a, b := day(t, from), day(t, to)
	start := time.Date(a.Year, a.Month, a.Day, 0, 0, 0, 0, shanghai)
	end := time.Date(b.Year, b.Month, b.Day, 0, 0, 0, 0, shanghai).AddDate(0, 0, 1)
	days := int(end.Sub(start).Hours() / 24)
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return leave.Request{OrgID: f.org, EmployeeID: f.people[who].ID, Type: typ,
		Span: leave.Span{From: a, To: b, FromPart: leave.FullDay, ToPart: leave.FullDay}, Start: start, End: end,
		Minutes: days * 480, Status: leave.Pending, Step: leave.StepManager, ApproverID: f.people["boss"].ID,
		CreatedAt: created, SentAt: created}
}

// create stores r with its audit row and the approver's notification.
func (f *shopFixture) create(t *testing.T, r leave.Request) (leave.Request, error) {
	t.Helper()
	audit := core.AuditEntry{OrgID: f.org, At: r.CreatedAt, ActorID: r.EmployeeID, Action: "leave.request", EntityType: "leave_request",
		Channel: "test", Outcome: core.OutcomeOK}
	n := core.Notification{OrgID: f.org, RecipientID: r.ApproverID, Kind: "leave.pending", CreatedAt: r.CreatedAt}
	return f.leaves.CreateRequest(context.Background(), r, audit, n)
}

func (f *shopFixture) mustCreate(t *testing.T, r leave.Request) leave.Request {
	t.Helper()
	got, err := f.create(t, r)
	if err != nil {
		t.Fatalf("create %s %s–%s: %v", r.Type, r.Span.From, r.Span.To, err)
	}
	return got
}

// decide moves r from pending at the manager's step to status.
func (f *shopFixture) decide(t *testing.T, r leave.Request, status leave.Status, events ...leave.Event) error {
	t.Helper()
	r.Status, r.DecidedByID, r.DecidedAt = status, f.people["boss"].ID, r.CreatedAt.Add(time.Hour)
	audit := core.AuditEntry{OrgID: f.org, At: r.DecidedAt, ActorID: r.DecidedByID, Action: "leave." + string(status),
		EntityType: "leave_request", EntityID: fmt.Sprint(r.ID), Channel: "test", Outcome: core.OutcomeOK}
	n := core.Notification{OrgID: f.org, RecipientID: r.EmployeeID, Kind: "leave.decided", CreatedAt: r.DecidedAt,
		Params: map[string]string{"id": fmt.Sprint(r.ID)}}
	return f.leaves.UpdateRequest(context.Background(), r, leave.Pending, leave.StepManager, audit, []core.Notification{n}, events)
}

// A request is stored with its audit row and the approver's notification;
// a decision applies once, with what it tells and publishes, and a second
// decision on the same state is refused.
func TestLeaveRequestLifecycle(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	r := f.mustCreate(t, f.request(t, "amy", "annual", "03-10", "03-12"))

	got, err := f.leaves.FindRequest(ctx, f.org, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.EmployeeKey != "amy" || got.Span != r.Span || !got.Start.Equal(r.Start) || !got.End.Equal(r.End) ||
		got.Minutes != 3*480 || got.Status != leave.Pending || got.ApproverID != f.people["boss"].ID {
		t.Errorf("read back %+v", got)
	}
	boss := takeNotifications(t, f.db, f.people["boss"].ID)
	if len(boss) != 1 || boss[0].Kind != "leave.pending" || boss[0].Params["id"] != fmt.Sprint(r.ID) {
		t.Errorf("boss told %+v", boss)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'leave.request' AND entity_id = $1`, fmt.Sprint(r.ID)); n != 1 {
		t.Errorf("%d audit rows for the request", n)
	}

	uncovered := leave.Event{Kind: "shift.uncovered", Payload: map[string]any{"request": r.ID}}
	if err := f.decide(t, got, leave.Approved, uncovered); err != nil {
		t.Fatal(err)
	}
	if got, _ = f.leaves.FindRequest(ctx, f.org, r.ID); got.Status != leave.Approved || got.DecidedBy != "Boss" {
		t.Errorf("after approval: %s by %q", got.Status, got.DecidedBy)
	}
	if amy := takeNotifications(t, f.db, f.people["amy"].ID); len(amy) != 1 || amy[0].Kind != "leave.decided" {
		t.Errorf("amy told %+v", amy)
	}
	var payload map[string]any
	found, err := store.NewEvents(f.db).Consume(ctx, "shift.uncovered", time.Now(), func(_ context.Context, orgID int64, raw []byte) error {
		if orgID != f.org {
			t.Errorf("event of org %d", orgID)
		}
		return json.Unmarshal(raw, &payload)
	})
	if err != nil || !found || payload["request"] != float64(r.ID) {
		t.Errorf("published event: found %v, payload %v, %v", found, payload, err)
	}

	// Someone else deciding from the state read before: it changed meanwhile.
	if err := f.decide(t, r, leave.Rejected); !isKey(err, "leave.changed") {
		t.Errorf("second decision: %v, want leave.changed", err)
	}
	if _, err := f.leaves.FindRequest(ctx, f.org, r.ID+1000); !isKey(err, "leave.not_found") {
		t.Errorf("unknown request: %v", err)
	}
}

func takeNotifications(t *testing.T, db *store.DB, recipient int64) []core.Notification {
	t.Helper()
	ns, err := store.NewOutbox(db).Take(context.Background(), recipient)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// Two live requests of one person cannot cover the same time: the
// database refuses the second (its exclusion constraint), and Overlaps
// says so beforehand. Cancelled requests free their time; other people's
// requests never clash.
func TestLeaveOverlap(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	first := f.mustCreate(t, f.request(t, "amy", "annual", "04-06", "04-08"))

	for _, c := range []struct {
		name     string
		who      string
		from, to string
		clash    bool
	}{
		{"Inside", "amy", "04-07", "04-07", true},
		{"AcrossTheStart", "amy", "04-03", "04-06", true},
		{"AcrossTheEnd", "amy", "04-08", "04-10", true},
		{"DayBefore", "amy", "04-05", "04-05", false},
		{"DayAfter", "amy", "04-09", "04-09", false},
		{"SomeoneElse", "ben", "04-06", "04-08", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := f.request(t, c.who, "annual", c.from, c.to)
			clash, err := f.leaves.Overlaps(ctx, f.org, r.EmployeeID, r.Start, r.End)
			if err != nil || clash != c.clash {
				t.Errorf("Overlaps = %v, %v; want %v", clash, err, c.clash)
			}
		})
	}

	_, err := f.create(t, f.request(t, "amy", "comp", "04-08", "04-09"))
	if core.ErrorCodeOf(err) != core.EConflict {
		t.Fatalf("overlapping request of another type: %v, want a conflict", err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM notifications`); n != 1 {
		t.Errorf("a refused request left %d notifications, want only the first's", n)
	}
	if err := f.decide(t, first, leave.Cancelled); err != nil {
		t.Fatal(err)
	}
	f.mustCreate(t, f.request(t, "amy", "comp", "04-08", "04-09"))
}

// Usage sums one type in one year: approved and pending apart, approved
// leave up to the carry-over expiry, adjustments and rest-day overtime
// (for time off in lieu). Other years, other types, other people and
// decided-against requests do not count.
func TestLeaveUsage(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	approved := []string{"01-05:01-06", "03-30:03-31", "06-01:06-01"} // 2 + 2 + 1 days
	for _, span := range approved {
		r := f.mustCreate(t, f.request(t, "amy", "annual", span[:5], span[6:]))
		if err := f.decide(t, r, leave.Approved); err != nil {
			t.Fatal(err)
		}
	}
	f.mustCreate(t, f.request(t, "amy", "annual", "07-01", "07-03")) // pending: 3 days
	rejected := f.mustCreate(t, f.request(t, "amy", "annual", "08-03", "08-03"))
	if err := f.decide(t, rejected, leave.Rejected); err != nil {
		t.Fatal(err)
	}
	f.mustCreate(t, f.request(t, "amy", "comp", "09-01", "09-01"))   // another type
	f.mustCreate(t, f.request(t, "ben", "annual", "01-05", "01-09")) // another person
	last := f.request(t, "amy", "annual", "12-30", "12-31")
	last.Span.From, last.Span.To = core.Date{Year: 2025, Month: 12, Day: 30}, core.Date{Year: 2025, Month: 12, Day: 31}
	last.Start, last.End = last.Start.AddDate(-1, 0, 0), last.End.AddDate(-1, 0, 0)
	f.mustCreate(t, last) // last year
	if _, err := f.db.Pool().Exec(ctx, `
		INSERT INTO leave_adjustments (org_id, employee_id, type_key, year, minutes, note, created_at)
		VALUES ($1, $2, 'annual', 2026, 240, 'granted', now()), ($1, $2, 'annual', 2025, 960, 'last year', now())`,
		f.org, f.people["amy"].ID); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"02-07", "05-09"} { // rest-day overtime, 90 and 60 minutes
		rec := restDayOvertime(t, f, d)
		if _, err := store.NewAttendance(f.db).SaveRecord(ctx, rec, core.AuditEntry{OrgID: f.org, ActorLabel: "test", Action: "attendance.fix",
			EntityType: "attendance", EntityID: "amy@" + d, Channel: "test", Outcome: core.OutcomeOK}, core.Notification{}); err != nil {
			t.Fatal(err)
		}
	}

	for _, c := range []struct {
		name   string
		typ    string
		before core.Date
		want   leave.Usage
	}{
		{"Annual", "annual", core.Date{}, leave.Usage{Approved: 5 * 480, Pending: 3 * 480, Adjusted: 240, RestDayOT: 150}},
		{"AnnualBeforeExpiry", "annual", day(t, "03-30"), leave.Usage{Approved: 5 * 480, Pending: 3 * 480, ApprovedBefore: 4 * 480,
			Adjusted: 240, RestDayOT: 150}},
		{"Comp", "comp", core.Date{}, leave.Usage{Pending: 480, RestDayOT: 150}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := f.leaves.Usage(ctx, f.org, f.people["amy"].ID, c.typ, 2026, c.before)
			if err != nil || got != c.want {
				t.Errorf("Usage = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}

func restDayOvertime(t *testing.T, f *shopFixture, md string) attendance.Record {
	t.Helper()
	d := day(t, md)
	minutes := map[string]int{"02-07": 90, "05-09": 60}[md]
	in := time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, shanghai)
	return attendance.Record{OrgID: f.org, EmployeeID: f.people["amy"].ID, WorkDate: d, DayKind: calendar.RestDay, CheckIn: in,
		CheckOut: in.Add(time.Duration(minutes) * time.Minute), WorkedMinutes: minutes, OvertimeMinutes: minutes, OvertimeKind: "rest_day"}
}

// The lists an approver, a person and the resend loop read.
func TestLeaveListing(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	amyMarch := f.mustCreate(t, f.request(t, "amy", "annual", "03-02", "03-04"))
	if err := f.decide(t, amyMarch, leave.Approved); err != nil {
		t.Fatal(err)
	}
	amyApril := f.mustCreate(t, f.request(t, "amy", "annual", "04-01", "04-01"))
	benMarch := f.request(t, "ben", "annual", "03-03", "03-05")
	benMarch.ApproverID = f.people["hr"].ID
	benMarch = f.mustCreate(t, benMarch)
	amy, ben := f.people["amy"].ID, f.people["ben"].ID

	ids := func(rs []leave.Request, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, r := range rs {
			out += fmt.Sprintf("%s:%s ", r.EmployeeKey, r.Span.From)
		}
		return out
	}
	for _, c := range []struct {
		name string
		got  string
		want string
	}{
		{"PendingInMarch", ids(f.leaves.ListRequests(ctx, f.org, leave.Pending, nil, day(t, "03-01"), day(t, "03-31"))), "ben:2026-03-03 "},
		{"ApprovedOverlappingTheWeek", ids(f.leaves.ListRequests(ctx, f.org, leave.Approved, nil, day(t, "03-04"), day(t, "03-10"))), "amy:2026-03-02 "},
		{"PendingOfAmy", ids(f.leaves.ListRequests(ctx, f.org, leave.Pending, []int64{amy}, day(t, "01-01"), day(t, "12-31"))), "amy:2026-04-01 "},
		{"WaitingOnBoss", ids(f.leaves.ListPendingFor(ctx, f.org, f.people["boss"].ID)), "amy:2026-04-01 "},
		{"WaitingOnAnyone", ids(f.leaves.ListPendingFor(ctx, f.org, 0)), "amy:2026-04-01 ben:2026-03-03 "},
		{"AmysSinceMarch3", ids(f.leaves.MyRequests(ctx, f.org, amy, day(t, "03-03"))), "amy:2026-04-01 amy:2026-03-02 "},
		{"AmysSinceMarch5", ids(f.leaves.MyRequests(ctx, f.org, amy, day(t, "03-05"))), "amy:2026-04-01 "},
		{"BensSinceMarch6", ids(f.leaves.MyRequests(ctx, f.org, ben, day(t, "03-06"))), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}

	// Sent on March 1 at 09:00, a day is the org's resend interval.
	sent := amyApril.SentAt
	if got := ids(f.leaves.ListStale(ctx, sent.Add(23*time.Hour))); got != "" {
		t.Errorf("stale after 23h: %q", got)
	}
	if got := ids(f.leaves.ListStale(ctx, sent.Add(25*time.Hour))); got != "amy:2026-04-01 ben:2026-03-03 " {
		t.Errorf("stale after 25h: %q", got)
	}
	amyApril.SentAt = sent.Add(25 * time.Hour)
	reminder := core.Notification{OrgID: f.org, RecipientID: amyApril.ApproverID, Kind: "leave.pending", CreatedAt: amyApril.SentAt}
	if err := f.leaves.MarkSent(ctx, amyApril, reminder); err != nil {
		t.Fatal(err)
	}
	if got := ids(f.leaves.ListStale(ctx, sent.Add(26*time.Hour))); got != "ben:2026-03-03 " {
		t.Errorf("stale after the reminder: %q", got)
	}
}
