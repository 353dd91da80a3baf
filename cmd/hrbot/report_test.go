package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

func TestReportAttendance(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": url}
	if r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml"); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	chen, err := db.FindMemberByIdentity(ctx, core.PlatformTelegram, "100004")
	if err != nil {
		t.Fatal(err)
	}
	sh := chen.Org.Location()
	// Chen worked 2 October, a public holiday, and was 12 minutes late on the 9th.
	for _, r := range []attendance.Record{
		{WorkDate: core.NewDate(2026, 10, 2), DayKind: calendar.Holiday,
			CheckIn: time.Date(2026, 10, 2, 10, 0, 0, 0, sh), CheckOut: time.Date(2026, 10, 2, 14, 0, 0, 0, sh),
			WorkedMinutes: 240, OvertimeMinutes: 240, OvertimeKind: attendance.OvertimeHoliday},
		{WorkDate: core.NewDate(2026, 10, 9), DayKind: calendar.Workday,
			PlannedStart: time.Date(2026, 10, 9, 9, 0, 0, 0, sh), PlannedEnd: time.Date(2026, 10, 9, 18, 0, 0, 0, sh), BreakMinutes: 60,
			CheckIn: time.Date(2026, 10, 9, 9, 12, 0, 0, sh), CheckOut: time.Date(2026, 10, 9, 18, 0, 0, 0, sh),
			LateMinutes: 12, WorkedMinutes: 468},
	} {
		r.OrgID, r.EmployeeID = chen.Org.ID, chen.Employee.ID
		if _, err := db.SaveRecord(ctx, r, core.AuditEntry{OrgID: chen.Org.ID, ActorLabel: "test", Action: "test", EntityType: "attendance", Channel: "test", Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	r := hrbot(t, vars, "", "report", "attendance", "--org", "shop", "--month", "2026-10", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "attendance-shop-2026-10.xlsx") {
		t.Fatalf("report: %+v", r)
	}
	f, err := os.Open(filepath.Join(out, "attendance-shop-2026-10.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "employee" || rows[1][0] != "chen" || rows[1][8] != "2026-10-02 10:00" || rows[2][10] != "12" || rows[1][14] != "holiday" {
		t.Errorf("csv rows: %q", rows)
	}
	x, err := excelize.OpenFile(filepath.Join(out, "attendance-shop-2026-10.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	summary, err := x.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	var chenRow []string
	for _, row := range summary {
		if row[0] == "chen" {
			chenRow = row
		}
	}
	// October 2026 has 18 working days for office staff: 22 weekdays, less
	// five National Day weekdays, plus the make-up Saturday the 10th. Chen
	// punched on one of them, and on a holiday.
	if chenRow == nil || chenRow[3] != "18" || chenRow[4] != "2" || chenRow[5] != "17" || chenRow[6] != "0" || chenRow[7] != "1" || chenRow[12] != "240" {
		t.Errorf("summary row for chen: %q (header %q)", chenRow, summary[0])
	}
	if detail, _ := x.GetRows("Detail"); len(detail) != 3 {
		t.Errorf("detail sheet has %d rows", len(detail))
	}
	if r := hrbot(t, vars, "", "report", "attendance", "--org", "nope"); r.code != 1 || !strings.Contains(r.stderr, `no org "nope"`) {
		t.Errorf("unknown org: %+v", r)
	}
}
