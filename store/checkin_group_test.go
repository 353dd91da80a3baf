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

// groupFixture is an org of three, identified as a group would be, and
// ways to write their check-ins and count what was stored.
type groupFixture struct {
	t             *testing.T
	db            *store.DB
	groups        store.CheckInGroups
	amy, ben, cat core.Member
}

func newGroupFixture(t *testing.T) *groupFixture {
	t.Helper()
	db := openDB(t)
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
	senders, err := groups.Senders(context.Background(), []conversation.Opening{
		{Platform: core.PlatformTelegram, UserID: "1", ChatID: "1"}, {Platform: core.PlatformTelegram, UserID: "9", ChatID: "9"},
		{Platform: core.PlatformTelegram, UserID: "2", ChatID: "2"}, {Platform: core.PlatformTelegram, UserID: "3", ChatID: "3"}})
	if err != nil {
		t.Fatal(err)
	}
	if !senders[0].Linked || senders[0].Member.Employee.Key != "amy" || senders[1].Linked || senders[2].Member.Employee.Key != "ben" {
		t.Fatalf("senders %+v", senders)
	}
	return &groupFixture{t: t, db: db, groups: groups, amy: senders[0].Member, ben: senders[2].Member, cat: senders[3].Member}
}

var (
	groupDay = core.NewDate(2026, 11, 25)
	groupAt  = time.Date(2026, 11, 25, 0, 55, 0, 0, time.UTC)
)

func (f *groupFixture) write(ms []core.Member, deliveries ...string) ([]bool, error) {
	var claims []conversation.Claim
	var ins []attendance.PlannedCheckIn
	for i, m := range ms {
		r := attendance.Record{OrgID: m.Org.ID, EmployeeID: m.Employee.ID, WorkDate: groupDay, DayKind: calendar.Workday, CheckIn: groupAt}
		claims = append(claims, conversation.Claim{Platform: core.PlatformTelegram, DeliveryID: deliveries[i], ReceivedAt: groupAt, Replies: []byte(`[{"Text":"ok"}]`)})
		ins = append(ins, attendance.PlannedCheckIn{Record: r, Audit: core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditCheckIn,
			EntityType: "attendance", EntityID: m.Employee.Key + "@" + groupDay.String(), After: map[string]any{"check_in": groupAt}, Channel: "telegram", At: groupAt}})
	}
	return f.groups.WriteCheckIns(context.Background(), claims, ins)
}

// stored counts records, check-in audit rows and claims.
func (f *groupFixture) stored() string {
	f.t.Helper()
	var recs, audits, claims int
	err := f.db.Pool().QueryRow(context.Background(), `SELECT (SELECT count(*) FROM attendance_records),
		(SELECT count(*) FROM audit_log WHERE action = $1), (SELECT count(*) FROM inbound_deliveries)`, core.AuditCheckIn).Scan(&recs, &audits, &claims)
	if err != nil {
		f.t.Fatal(err)
	}
	return fmt.Sprintf("%d records, %d audit rows, %d claims", recs, audits, claims)
}

func (f *groupFixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Pool().Exec(context.Background(), sql, args...); err != nil {
		f.t.Fatal(err)
	}
}

// TestWriteCheckIns: a group's check-ins are stored each with its claim,
// record and audit row; someone who left since they were identified is
// refused inside the write, someone with a record that day left alone,
// and neither stops the others; a delivery claimed before without a record
// fails the whole group, which then stores nothing.
func TestWriteCheckIns(t *testing.T) {
	t.Parallel()
	f := newGroupFixture(t)
	f.exec(`UPDATE employees SET status = 'left' WHERE id = $1`, f.ben.Employee.ID)
	written, err := f.write([]core.Member{f.amy, f.ben}, "d1", "d2")
	if err != nil || fmt.Sprint(written) != "[true false]" {
		t.Fatalf("written %v, %v; want Amy's only", written, err)
	}
	if got := f.stored(); got != "1 records, 1 audit rows, 1 claims" {
		t.Errorf("%s; want Amy's", got)
	}
	f.exec(`UPDATE employees SET status = 'active' WHERE id = $1`, f.ben.Employee.ID)
	if written, err := f.write([]core.Member{f.amy, f.ben}, "d1", "d3"); err != nil || fmt.Sprint(written) != "[false true]" {
		t.Errorf("written %v, %v; want Ben's only (Amy's is a retry)", written, err)
	}
	f.exec(`INSERT INTO inbound_deliveries (platform, delivery_id, received_at) VALUES ('telegram', 'refused', now())`)
	_, err = f.write([]core.Member{f.cat}, "refused")
	if err == nil || !strings.Contains(err.Error(), "claimed before or meanwhile") {
		t.Errorf("a delivery claimed before, without a record: %v", err)
	}
	if got := f.stored(); got != "2 records, 2 audit rows, 3 claims" {
		t.Errorf("%s; want Amy's, Ben's and the refused claim", got)
	}
}

// TestWriteCheckInsConcurrent: a group waits on what another transaction
// is writing for one of its people. A record makes that person's
// check-in a repeat, left alone; a claim of their delivery fails the
// group, which stores nothing.
func TestWriteCheckInsConcurrent(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, sql, written, stored string
	}{
		{"record", `INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in)
			SELECT org_id, id, '2026-11-25', 'workday', now() FROM employees WHERE key = 'cat'`, "[true false]", "2 records, 1 audit rows, 1 claims"},
		{"claim", `INSERT INTO inbound_deliveries (platform, delivery_id, received_at) VALUES ('telegram', 'd5', now())`,
			"error", "0 records, 0 audit rows, 1 claims"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newGroupFixture(t)
			ctx := context.Background()
			tx, err := f.db.Pool().Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx) //nolint:errcheck // committed below
			if _, err := tx.Exec(ctx, c.sql); err != nil {
				t.Fatal(err)
			}
			done := make(chan string, 1)
			go func() {
				written, err := f.write([]core.Member{f.ben, f.cat}, "d4", "d5")
				if err != nil {
					done <- "error"
					return
				}
				done <- fmt.Sprint(written)
			}()
			f.untilWaiting()
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if got := <-done; got != c.written {
				t.Errorf("written %s, want %s", got, c.written)
			}
			if got := f.stored(); got != c.stored {
				t.Errorf("%s, want %s", got, c.stored)
			}
		})
	}
}

// untilWaiting waits until a statement of the fixture's database waits on
// a lock.
func (f *groupFixture) untilWaiting() {
	f.t.Helper()
	for i := 0; ; i++ {
		var waiting int
		if err := f.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			f.t.Fatal(err)
		}
		if waiting > 0 {
			return
		}
		if i == 5000 {
			f.t.Fatal("the group never waited on the other transaction")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
