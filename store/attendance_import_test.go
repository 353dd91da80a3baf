package store_test

import (
	"context"
	"testing"

	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/store"
)

// An imported punch is recorded once: the second import of the same key
// writes neither the record nor an audit row and answers with what is
// stored; the same key from another source is another punch.
func TestImportRecordOnce(t *testing.T) {
	t.Parallel()
	f := newShop(t)
	ctx := context.Background()
	att := store.NewAttendance(f.db)

	in := f.workday(t, "amy", "03-02")
	in.CheckIn, in.LateMinutes = at(t, "03-02", 9, 20), 20
	imp := attendance.ImportedPunch{OrgID: f.org, EmployeeID: in.EmployeeID, WorkDate: in.WorkDate, Source: "wecom", Key: "Amy@1@in"}
	first, isNew, err := att.ImportRecord(ctx, imp, in, f.audit("amy", "attendance.check_in", "03-02"), true)
	if err != nil || !isNew || first.ID == 0 || first.LateMinutes != 20 {
		t.Fatalf("first import: %+v new %v, %v", first, isNew, err)
	}
	again := in
	again.CheckIn, again.LateMinutes = at(t, "03-02", 9, 0), 0
	second, isNew, err := att.ImportRecord(ctx, imp, again, f.audit("amy", "attendance.check_in", "03-02"), true)
	if err != nil || isNew || second.ID != first.ID || !second.CheckIn.Equal(in.CheckIn) || second.LateMinutes != 20 {
		t.Fatalf("second import: %+v new %v, %v; want the first kept", second, isNew, err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'attendance.check_in'`); n != 1 {
		t.Errorf("%d audit rows, want 1", n)
	}
	imp.Source = "other"
	if _, isNew, err := att.ImportRecord(ctx, imp, again, f.audit("amy", "attendance.check_in", "03-02"), true); err != nil || !isNew {
		t.Errorf("the same key from another source: new %v, %v", isNew, err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM imported_punches`); n != 2 {
		t.Errorf("%d imported punches, want 2", n)
	}
}
