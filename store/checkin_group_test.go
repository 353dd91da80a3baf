package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/store"
)

// TestWriteCheckIns: a group's check-ins are stored each with its claim,
// record and audit row; someone who left since they were identified is
// refused inside the write; a record that appears while the statement
// runs fails the whole group, which then stores nothing at all.
func TestWriteCheckIns(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	if _, err := apply(t, db, `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: amy, name: Amy, role: employee, telegram: "1"}
      - {key: ben, name: Ben, role: employee, telegram: "2"}
      - {key: cat, name: Cat, role: employee, telegram: "3"}
`); err != nil {
		t.Fatal(err)
	}
	groups := store.NewCheckInGroups(db)
	senders, err := groups.Senders(ctx, []conversation.Opening{
		{Platform: core.PlatformTelegram, UserID: "1", ChatID: "1"}, {Platform: core.PlatformTelegram, UserID: "9", ChatID: "9"},
		{Platform: core.PlatformTelegram, UserID: "2", ChatID: "2"}, {Platform: core.PlatformTelegram, UserID: "3", ChatID: "3"}})
	if err != nil {
		t.Fatal(err)
	}
	if !senders[0].Linked || senders[0].Member.Employee.Key != "amy" || senders[1].Linked || senders[2].Member.Employee.Key != "ben" {
		t.Fatalf("senders %+v", senders)
	}
	amy, ben, cat := senders[0].Member, senders[2].Member, senders[3].Member
	day := core.NewDate(2026, 11, 25)
	at := time.Date(2026, 11, 25, 0, 55, 0, 0, time.UTC)
	checkIn := func(m core.Member, delivery string) (conversation.Claim, attendance.PlannedCheckIn) {
		r := attendance.Record{OrgID: m.Org.ID, EmployeeID: m.Employee.ID, WorkDate: day, DayKind: calendar.Workday, CheckIn: at}
		return conversation.Claim{Platform: core.PlatformTelegram, DeliveryID: delivery, ReceivedAt: at, Replies: []byte(`[{"Text":"ok"}]`)},
			attendance.PlannedCheckIn{Record: r, Audit: core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditCheckIn,
				EntityType: "attendance", EntityID: m.Employee.Key + "@" + day.String(), After: map[string]any{"check_in": at}, Channel: "telegram", At: at}}
	}
	write := func(ms []core.Member, deliveries ...string) ([]bool, error) {
		var claims []conversation.Claim
		var ins []attendance.PlannedCheckIn
		for i, m := range ms {
			c, p := checkIn(m, deliveries[i])
			claims, ins = append(claims, c), append(ins, p)
		}
		return groups.WriteCheckIns(ctx, claims, ins)
	}
	count := func() (recs, audits, claims int) {
		t.Helper()
		err := db.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM attendance_records), (SELECT count(*) FROM audit_log WHERE action = $1),
			(SELECT count(*) FROM inbound_deliveries)`, core.AuditCheckIn).Scan(&recs, &audits, &claims)
		if err != nil {
			t.Fatal(err)
		}
		return
	}

	// Ben left after he was identified: the write refuses him, not Amy.
	if _, err := db.Pool().Exec(ctx, `UPDATE employees SET status = 'left' WHERE id = $1`, ben.Employee.ID); err != nil {
		t.Fatal(err)
	}
	written, err := write([]core.Member{amy, ben}, "d1", "d2")
	if err != nil || fmt.Sprint(written) != "[true false]" {
		t.Fatalf("written %v, %v; want Amy's only", written, err)
	}
	if r, a, c := count(); r != 1 || a != 1 || c != 1 {
		t.Errorf("%d records, %d audit rows, %d claims; want Amy's one of each", r, a, c)
	}
	// A delivery processed before, a person with a record: left alone.
	if written, err := write([]core.Member{amy, amy}, "d1", "d3"); err != nil || fmt.Sprint(written) != "[false false]" {
		t.Errorf("written %v, %v; want neither", written, err)
	}

	// Cat's record is being written by another transaction while the group
	// runs: the group waits for it, finds it, and stores nothing.
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // committed below
	if _, err := tx.Exec(ctx, `INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in) VALUES ($1, $2, $3, 'workday', $4)`,
		cat.Org.ID, cat.Employee.ID, day.UTC(), at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `UPDATE employees SET status = 'active' WHERE id = $1`, ben.Employee.ID); err != nil {
		t.Fatal(err)
	}
	failed := make(chan error, 1)
	go func() {
		_, err := write([]core.Member{ben, cat}, "d4", "d5")
		failed <- err
	}()
	for i := 0; ; i++ { // until the group waits on Cat's record
		var waiting int
		if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		if i == 5000 {
			t.Fatal("the group never waited on the concurrent record")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-failed; err == nil || !strings.Contains(err.Error(), "appeared while the statement ran") {
		t.Error("the group stored Ben's check-in beside a record that appeared under it")
	}
	if r, a, c := count(); r != 2 || a != 1 || c != 1 {
		t.Errorf("%d records, %d audit rows, %d claims; want Amy's and the concurrent record, nothing of the group", r, a, c)
	}
}
