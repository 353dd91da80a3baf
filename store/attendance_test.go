package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/store"
)

// at is a time on a day of 2026 ("MM-DD") in the shop's zone.
func at(t *testing.T, md string, hour, minute int) time.Time {
	t.Helper()
	d := day(t, md)
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, shanghai)
}

// workday is who's planned 09:00–18:00 day on md, not punched yet.
func (f *shopFixture) workday(t *testing.T, who, md string) attendance.Record {
	t.Helper()
	return attendance.Record{OrgID: f.org, EmployeeID: f.people[who].ID, WorkDate: day(t, md), DayKind: calendar.Workday,
		PlannedStart: at(t, md, 9, 0), PlannedEnd: at(t, md, 18, 0), BreakMinutes: 60}
}

func (f *shopFixture) audit(who, action, md string) core.AuditEntry {
	return core.AuditEntry{OrgID: f.org, ActorID: f.people[who].ID, Action: action, EntityType: "attendance",
		EntityID: who + "@2026-" + md, Channel: "test", Outcome: core.OutcomeOK}
}

// A check-in is stored once: a second one that day keeps the first; a
// record made by a check-out alone gets its check-in filled. Saving a
// record updates it in place.
func TestAttendanceRecords(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	att := store.NewAttendance(f.db)

	in := f.workday(t, "amy", "03-02")
	in.CheckIn, in.LateMinutes = at(t, "03-02", 9, 5), 5
	first, inserted, err := att.InsertCheckIn(ctx, in, f.audit("amy", "attendance.check_in", "03-02"), core.Notification{})
	if err != nil || !inserted || first.ID == 0 || !first.CheckIn.Equal(in.CheckIn) {
		t.Fatalf("first check-in: %+v inserted %v, %v", first, inserted, err)
	}
	again := in
	again.CheckIn = at(t, "03-02", 9, 7)
	second, inserted, err := att.InsertCheckIn(ctx, again, f.audit("amy", "attendance.check_in", "03-02"), core.Notification{})
	if err != nil || inserted || second.ID != first.ID || !second.CheckIn.Equal(in.CheckIn) {
		t.Fatalf("second check-in: %+v inserted %v, %v; want the first kept", second, inserted, err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'attendance.check_in'`); n != 1 {
		t.Errorf("%d check-in audit rows, want 1", n)
	}

	out := first
	out.CheckOut, out.WorkedMinutes = at(t, "03-02", 18, 30), 505
	if _, err := att.SaveRecord(ctx, out, f.audit("amy", "attendance.check_out", "03-02"), core.Notification{}); err != nil {
		t.Fatal(err)
	}
	if got, err := att.FindRecord(ctx, f.org, f.people["amy"].ID, day(t, "03-02")); err != nil || got.ID != first.ID ||
		!got.CheckIn.Equal(in.CheckIn) || !got.CheckOut.Equal(out.CheckOut) || got.WorkedMinutes != 505 || got.LateMinutes != 5 {
		t.Errorf("after check-out: %+v, %v", got, err)
	}

	outOnly := f.workday(t, "amy", "03-03")
	outOnly.CheckOut = at(t, "03-03", 18, 0)
	if _, err := att.SaveRecord(ctx, outOnly, f.audit("amy", "attendance.check_out", "03-03"), core.Notification{}); err != nil {
		t.Fatal(err)
	}
	late := f.workday(t, "amy", "03-03")
	late.CheckIn = at(t, "03-03", 9, 0)
	got, inserted, err := att.InsertCheckIn(ctx, late, f.audit("amy", "attendance.check_in", "03-03"), core.Notification{})
	if err != nil || !inserted || !got.CheckIn.Equal(late.CheckIn) || !got.CheckOut.Equal(outOnly.CheckOut) {
		t.Errorf("check-in after a lone check-out: %+v inserted %v, %v", got, inserted, err)
	}

	benIn := f.workday(t, "ben", "03-02")
	benIn.CheckIn = at(t, "03-02", 8, 55)
	if _, _, err := att.InsertCheckIn(ctx, benIn, f.audit("ben", "attendance.check_in", "03-02"), core.Notification{}); err != nil {
		t.Fatal(err)
	}
	testRecordReads(t, f, att)
}

func testRecordReads(t *testing.T, f *shopFixture, att store.Attendance) {
	ctx := context.Background()
	amy, ben := f.people["amy"].ID, f.people["ben"].ID
	for _, c := range []struct {
		name     string
		from, to string
		want     string // its work date, or the error code
	}{
		{"March", "03-01", "03-31", "2026-03-03"},
		{"UpToMarch2", "03-01", "03-02", "2026-03-02"},
		{"April", "04-01", "04-30", string(core.ENotFound)},
	} {
		t.Run("Latest"+c.name, func(t *testing.T) {
			r, err := att.LatestRecord(ctx, f.org, amy, day(t, c.from), day(t, c.to))
			got := r.WorkDate.String()
			if err != nil {
				got = string(core.ErrorCodeOf(err))
			}
			if got != c.want {
				t.Errorf("latest in %s–%s: %s, want %s", c.from, c.to, got, c.want)
			}
		})
	}
	for _, c := range []struct {
		name string
		who  []int64
		want string
	}{
		{"Everyone", nil, fmt.Sprintf("%d@2026-03-02 %d@2026-03-03 %d@2026-03-02 ", amy, amy, ben)},
		{"Ben", []int64{ben}, fmt.Sprintf("%d@2026-03-02 ", ben)},
	} {
		t.Run("List"+c.name, func(t *testing.T) {
			rs, err := att.ListRecords(ctx, f.org, c.who, day(t, "03-01"), day(t, "03-31"))
			got := ""
			for _, r := range rs {
				got += fmt.Sprintf("%d@%s ", r.EmployeeID, r.WorkDate)
			}
			if err != nil || got != c.want {
				t.Errorf("records: %q, %v; want %q", got, err, c.want)
			}
		})
	}
	if _, err := att.FindRecord(ctx, f.org, amy, day(t, "03-04")); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("no record: %v", err)
	}
}

// An open record is closed at its planned end once the org's auto
// check-out time (four hours by default) has passed, once, with no
// overtime, flagged and audited; closed records are left alone.
func TestCloseMissingCheckouts(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	att := store.NewAttendance(f.db)
	for _, who := range []string{"amy", "ben"} {
		r := f.workday(t, who, "03-02")
		r.CheckIn = at(t, "03-02", 9, 0)
		if who == "ben" {
			r.CheckOut, r.WorkedMinutes = at(t, "03-02", 18, 0), 480
		}
		if _, err := att.SaveRecord(ctx, r, f.audit(who, "attendance.check_in", "03-02"), core.Notification{}); err != nil {
			t.Fatal(err)
		}
	}
	due := at(t, "03-02", 22, 0) // 18:00 + 4h
	for _, c := range []struct {
		now  time.Time
		want int
	}{{due.Add(-time.Minute), 0}, {due.Add(time.Minute), 1}, {due.Add(time.Hour), 0}} {
		if n, err := att.CloseMissingCheckouts(ctx, c.now); err != nil || n != c.want {
			t.Errorf("at %s: closed %d, %v; want %d", c.now.Format("15:04"), n, err, c.want)
		}
	}
	amy, err := att.FindRecord(ctx, f.org, f.people["amy"].ID, day(t, "03-02"))
	if err != nil || !amy.CheckOut.Equal(at(t, "03-02", 18, 0)) || !amy.Has("auto_closed") || amy.WorkedMinutes != 480 || amy.OvertimeMinutes != 0 {
		t.Errorf("amy's record: %+v, %v", amy, err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'attendance.auto_check_out' AND entity_id = 'amy@2026-03-02'`); n != 1 {
		t.Errorf("%d audit rows for the auto check-out", n)
	}
}

// correction is who's pending request to set a punch on md, to the boss.
func (f *shopFixture) correction(t *testing.T, who, md string, kind attendance.CorrectionKind) attendance.Correction {
	t.Helper()
	return attendance.Correction{OrgID: f.org, EmployeeID: f.people[who].ID, WorkDate: day(t, md), Kind: kind,
		At: at(t, md, 18, 0), Reason: "forgot", Status: attendance.CorrectionPending, ApproverID: f.people["boss"].ID,
		CreatedAt: at(t, md, 20, 0)}
}

func (f *shopFixture) askCorrection(t *testing.T, c attendance.Correction, limit attendance.CorrectionLimit) (attendance.Correction, error) {
	t.Helper()
	n := core.Notification{OrgID: f.org, RecipientID: c.ApproverID, Kind: "att.fix_pending", CreatedAt: c.CreatedAt}
	return store.NewAttendance(f.db).CreateCorrection(context.Background(), c, limit,
		f.audit(f.keyOf(c.EmployeeID), "attendance.fix_request", c.WorkDate.String()[5:]), n)
}

func (f *shopFixture) keyOf(id int64) string {
	for k, e := range f.people {
		if e.ID == id {
			return k
		}
	}
	return ""
}

// Corrections: one pending per punch, within the org's monthly cap, each
// telling its approver; a decision applies once and saves the record.
func TestAttendanceCorrections(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	att := store.NewAttendance(f.db)
	march := attendance.CorrectionLimit{Max: 2, From: day(t, "03-01"), To: day(t, "03-31")}

	first, err := f.askCorrection(t, f.correction(t, "amy", "03-02", attendance.FixCheckOut), march)
	if err != nil || first.ID == 0 {
		t.Fatalf("first correction: %+v, %v", first, err)
	}
	if boss := takeNotifications(t, f.db, f.people["boss"].ID); len(boss) != 1 || boss[0].Params["id"] != fmt.Sprint(first.ID) {
		t.Errorf("boss told %+v", boss)
	}
	for _, c := range []struct {
		name  string
		md    string
		kind  attendance.CorrectionKind
		limit attendance.CorrectionLimit
		want  func(error) bool
	}{
		{"SamePunchAgain", "03-02", attendance.FixCheckOut, march, func(err error) bool { return core.ErrorCodeOf(err) == core.EConflict }},
		{"OtherPunch", "03-02", attendance.FixCheckIn, march, func(err error) bool { return err == nil }},
		{"OverTheCap", "03-03", attendance.FixCheckOut, march, func(err error) bool { return errors.Is(err, attendance.ErrCorrectionLimit) }},
		{"NoCap", "03-03", attendance.FixCheckOut, attendance.CorrectionLimit{}, func(err error) bool { return err == nil }},
	} {
		_, err := f.askCorrection(t, f.correction(t, "amy", c.md, c.kind), c.limit)
		if !c.want(err) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if n, err := att.CountCorrections(ctx, f.org, f.people["amy"].ID, day(t, "03-01"), day(t, "03-31")); err != nil || n != 3 {
		t.Errorf("count: %d, %v; want 3", n, err)
	}

	rec := f.workday(t, "amy", "03-02")
	rec.CheckIn, rec.CheckOut, rec.WorkedMinutes = at(t, "03-02", 9, 0), first.At, 480
	decided := first
	decided.Status, decided.DecidedByID, decided.DecidedAt = attendance.CorrectionApproved, f.people["boss"].ID, at(t, "03-03", 9, 0)
	told := core.Notification{OrgID: f.org, RecipientID: first.EmployeeID, Kind: "att.fix_decided", CreatedAt: decided.DecidedAt}
	audits := []core.AuditEntry{f.audit("boss", "attendance.fix_approve", "03-02")}
	if err := att.DecideCorrection(ctx, decided, &rec, audits, told); err != nil {
		t.Fatal(err)
	}
	if err := att.DecideCorrection(ctx, decided, &rec, audits, told); !isKey(err, "att.fix_decided") {
		t.Errorf("second decision: %v", err)
	}
	if got, err := att.FindRecord(ctx, f.org, first.EmployeeID, day(t, "03-02")); err != nil || !got.CheckOut.Equal(first.At) {
		t.Errorf("record after approval: %+v, %v", got, err)
	}
	if got, err := att.FindCorrection(ctx, f.org, first.ID); err != nil || got.Status != attendance.CorrectionApproved || got.DecidedByName != "Boss" {
		t.Errorf("decided correction: %+v, %v", got, err)
	}
	if _, err := att.FindCorrection(ctx, f.org, first.ID+1000); !isKey(err, "att.fix_not_found") {
		t.Errorf("unknown correction: %v", err)
	}
	for _, c := range []struct {
		status   attendance.CorrectionStatus
		approver int64
		want     int
	}{{attendance.CorrectionPending, f.people["boss"].ID, 2}, {attendance.CorrectionPending, f.people["hr"].ID, 0},
		{attendance.CorrectionPending, 0, 2}, {attendance.CorrectionApproved, 0, 1}} {
		if list, err := att.ListCorrections(ctx, f.org, c.status, c.approver); err != nil || len(list) != c.want {
			t.Errorf("%s for %d: %d, %v; want %d", c.status, c.approver, len(list), err, c.want)
		}
	}
}

// Requests of one person racing each other are counted one after the
// other: no more than the cap get in.
func TestCorrectionCapUnderRace(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	march := attendance.CorrectionLimit{Max: 2, From: day(t, "03-01"), To: day(t, "03-31")}
	warm(t, f.db)
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored, refused := 0, 0
	start := make(chan struct{})
	for d := 2; d <= 9; d++ {
		c := f.correction(t, "amy", fmt.Sprintf("03-%02d", d), attendance.FixCheckOut)
		wg.Go(func() {
			<-start
			_, err := f.askCorrection(t, c, march)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				stored++
			case errors.Is(err, attendance.ErrCorrectionLimit):
				refused++
			default:
				t.Errorf("correction of %s: %v", c.WorkDate, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if stored != 2 || refused != 6 {
		t.Errorf("%d stored, %d refused; want 2 and 6", stored, refused)
	}
}

// warm opens the pool's connections before a race, so the racers start
// together rather than one per new connection.
func warm(t *testing.T, db *store.DB) {
	t.Helper()
	var wg sync.WaitGroup
	for range db.Pool().Config().MaxConns {
		wg.Go(func() {
			if _, err := db.Pool().Exec(context.Background(), `SELECT pg_sleep(0.05)`); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
