package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/store"
)

const leavingOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    leave_types:
      - {key: annual, name: Annual leave, accrual: fixed, entitlement_days: 10}
    shifts:
      - {key: early, name: Early, start: "08:00", end: "16:00", job: cs}
    schedules:
      - key: week
        start: 2026-09-28
        weeks:
          - {mon: early, tue: early, wed: early, thu: early, fri: early}
    employees:
      - {key: boss, name: Boss, role: manager}
      - {key: hr, name: Hui, role: hr}
      - {key: li, name: Li, manager: boss, job: cs, schedule: week, telegram: "7001"}
`

// A resignation with too short a notice is refused; with the notice,
// approved by the manager (who agrees an earlier day) and HR, it makes
// the person left once their last day is over in Shanghai, exactly once:
// their chat account unlinked, their pending leave closed with a note to
// its approver, their staffed shifts after the last day handed to the
// cover pool, which opens requests for them.
func TestResignationLastDay(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, leavingOrg); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	clock := &movableClock{now: time.Date(2026, 10, 15, 10, 0, 0, 0, shanghai)} // a Thursday
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	svc := leaving.NewService(store.NewLeavings(db), att, store.NewLeavings(db), dir, clock)
	li, boss, hr := memberIn(t, db, "shop", "li"), memberIn(t, db, "shop", "boss"), memberIn(t, db, "shop", "hr")

	_, err := svc.Request(ctx, li, leaving.Ask{LastDay: core.NewDate(2026, 10, 20), Reason: "moving"}, "test")
	if !isKey(err, "leaving.short_notice") {
		t.Fatalf("5 days' notice after probation: %v, want leaving.short_notice", err)
	}
	r, err := svc.Request(ctx, li, leaving.Ask{LastDay: core.NewDate(2026, 11, 14), Reason: "moving"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if r.ApproverID != boss.Employee.ID || r.NoticeDays != 30 {
		t.Fatalf("approver %d notice %d, want boss and 30 days", r.ApproverID, r.NoticeDays)
	}
	if r, err = svc.Decide(ctx, boss, r.ID, leaving.Decision{Approve: true, Earlier: core.NewDate(2026, 10, 20)}, "test"); err != nil {
		t.Fatal(err)
	}
	if r.Status != leaving.Pending || r.ApproverID != hr.Employee.ID {
		t.Fatalf("after the manager: %s at %d, want pending at HR", r.Status, r.ApproverID)
	}
	if r, err = svc.Decide(ctx, hr, r.ID, leaving.Decision{Approve: true}, "test"); err != nil {
		t.Fatal(err)
	}
	if r.Status != leaving.Approved || r.LastDay != core.NewDate(2026, 10, 20) {
		t.Fatalf("after HR: %s, last day %s", r.Status, r.LastDay)
	}
	lv := leave.NewService(store.NewLeaves(db), att, dir, clock)
	if _, _, err := lv.Submit(ctx, li, leave.Ask{Type: "annual", Span: leave.Span{From: core.NewDate(2026, 10, 19), To: core.NewDate(2026, 10, 19),
		FromPart: leave.FullDay, ToPart: leave.FullDay}, Reason: "packing"}, "test"); err != nil {
		t.Fatal(err)
	}

	clock.Set(time.Date(2026, 10, 20, 23, 30, 0, 0, shanghai)) // still the last day
	if n, err := svc.ApplyDue(ctx); err != nil || n != 0 {
		t.Fatalf("on the last day: %d, %v", n, err)
	}
	clock.Set(time.Date(2026, 10, 21, 0, 30, 0, 0, shanghai))
	if n, err := svc.ApplyDue(ctx); err != nil || n != 1 {
		t.Fatalf("the day after: %d, %v", n, err)
	}
	if n, err := svc.ApplyDue(ctx); err != nil || n != 0 {
		t.Fatalf("again: %d, %v", n, err)
	}
	id := li.Employee.ID
	for what, sql := range map[string]string{
		"left":             `SELECT count(*) FROM employees WHERE id = $1 AND status = 'left' AND left_on = '2026-10-20'`,
		"unlinked":         `SELECT 1 - count(*) FROM chat_identities WHERE employee_id = $1`,
		"leave closed":     `SELECT count(*) FROM leave_requests WHERE employee_id = $1 AND status = 'cancelled'`,
		"approver told":    `SELECT count(*) FROM notifications WHERE kind = 'leaving.closed' AND params->>'what' = 'leave' AND recipient_id = (SELECT manager_id FROM employees WHERE id = $1)`,
		"one audit row":    `SELECT count(*) FROM audit_log WHERE action = 'leaving.last_day' AND entity_id = (SELECT key FROM employees WHERE id = $1)`,
		"resignation done": `SELECT count(*) FROM resignations WHERE employee_id = $1 AND status = 'done'`,
	} {
		if got := count(t, db, sql, id); got != 1 {
			t.Errorf("%s: %d, want 1", what, got)
		}
	}
	// Wed 21 … Fri 23, Mon 26 … Fri 30, Mon 2 … Tue 3 November: 10 shifts.
	covers := cover.NewService(store.NewCovers(db), nil, dir, clock)
	events := store.NewEvents(db)
	for {
		found, err := events.Consume(ctx, core.EventShiftUncovered, clock.Now(), func(ctx context.Context, orgID int64, raw []byte) error {
			var u core.ShiftUncovered
			if err := json.Unmarshal(raw, &u); err != nil {
				return err
			}
			u.OrgID = orgID
			_, _, err := covers.OpenFromLeave(ctx, u)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !found {
			break
		}
	}
	if got := count(t, db, `SELECT count(*) FROM cover_requests WHERE absent_id = $1 AND status = 'open' AND job = 'cs'`, id); got != 10 {
		t.Errorf("cover requests: %d, want 10", got)
	}
}
