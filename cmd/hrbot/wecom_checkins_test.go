package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/store"
)

// wecomCheckinsOrg works 08:00–17:00, not the policy's default hours, so
// a punch judged against the shift shows it.
const wecomCheckinsOrg = `
orgs:
  - key: shop
    name: Fruit Shop
    time_zone: Asia/Shanghai
    shifts:
      - {key: early, name: Early, start: "08:00", end: "17:00", break_minutes: 60}
    schedules:
      - key: daily
        start: 2026-01-05
        weeks:
          - {mon: early, tue: early, wed: early, thu: early, fri: early, sat: early, sun: early}
    employees:
      - {key: helen, name: Helen HR, role: hr, locale: en}
      - {key: zhangsan, name: 张三, schedule: daily, wecom: ZhangSan}
      - {key: lisi, name: 李四, schedule: daily, wecom: LiSi}
      - {key: wang.wu, name: 王五, schedule: daily, wecom: wang.wu}
`

// A day's WeCom punches of two linked people are imported and judged
// against hrbot's 08:00–17:00 shift: a late check-in is late, a check-out
// closes the day, a punch outside WeCom's area is flagged, field and
// missed punches are skipped; a second import adds nothing.
func TestWeComCheckinsImportOnce(t *testing.T) {
	t.Parallel()
	f := wecomfake.New(t, wecomfake.TestApp())
	vars := wecomOrgVars(t, f, wecomCheckinsOrg)
	sh := time.FixedZone("CST", 8*3600)
	at := func(hh, mm int) int64 { return time.Date(2026, 3, 2, hh, mm, 0, 0, sh).Unix() }
	f.SetPunches([]wecomfake.Punch{
		{UserID: "ZhangSan", CheckinType: "下班打卡", CheckinTime: at(17, 5)}, // out of order: the import sorts
		{UserID: "ZhangSan", CheckinType: "上班打卡", ExceptionType: "时间异常", CheckinTime: at(8, 25)},
		{UserID: "LiSi", CheckinType: "上班打卡", ExceptionType: "地点异常", CheckinTime: at(7, 55)},
		{UserID: "LiSi", CheckinType: "外出打卡", CheckinTime: at(14, 0)},
		{UserID: "LiSi", CheckinType: "下班打卡", CheckinTime: at(17, 0)},
		{UserID: "wang.wu", CheckinType: "下班打卡", ExceptionType: "未打卡", CheckinTime: at(17, 0)},
		{UserID: "ZhangSan", CheckinType: "上班打卡", CheckinTime: time.Date(2026, 3, 3, 8, 0, 0, 0, sh).Unix()}, // outside the range
	})

	args := []string{"wecom", "checkins", "--as", "helen", "--from", "2026-03-02", "--to", "2026-03-02"}
	r := hrbot(t, vars, "", args...)
	if r.code != 0 || !strings.Contains(r.stdout, "4 imported, 0 already there, skipped 0 of unlinked accounts and 2 field or missed punches") {
		t.Fatalf("import: %+v", r)
	}
	r = hrbot(t, vars, "", args...)
	if r.code != 0 || !strings.Contains(r.stdout, "0 imported, 4 already there") {
		t.Fatalf("second import: %+v", r)
	}

	ctx := context.Background()
	db, err := store.Open(ctx, vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	att := store.NewAttendance(db)
	record := func(userID string) attendance.Record {
		t.Helper()
		m, err := dir.Identify(ctx, core.PlatformWeCom, userID)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := att.FindRecord(ctx, m.Org.ID, m.Employee.ID, core.NewDate(2026, 3, 2))
		if err != nil {
			t.Fatalf("%s: %v", userID, err)
		}
		return rec
	}
	zhang := record("ZhangSan")
	if want := 25; zhang.LateMinutes != want || !zhang.CheckIn.Equal(time.Unix(at(8, 25), 0)) ||
		!zhang.CheckOut.Equal(time.Unix(at(17, 5), 0)) || zhang.ShiftKey != "early" || zhang.WorkedMinutes != 8*60+40-60 || zhang.Has(attendance.FlagOutsideSite) {
		t.Errorf("ZhangSan's day (late %d wanted): %+v", want, zhang)
	}
	entries, err := db.ListAudit(ctx, zhang.OrgID, 100)
	if err != nil {
		t.Fatal(err)
	}
	byWeCom := 0
	for _, e := range entries {
		if e.Channel == "wecom" && (e.Action == core.AuditCheckIn || e.Action == core.AuditCheckOut) {
			byWeCom++
		}
	}
	if byWeCom != 4 {
		t.Errorf("%d punches audited on channel wecom, want 4", byWeCom)
	}
	li := record("LiSi")
	if li.LateMinutes != 0 || !li.Has(attendance.FlagOutsideSite) || !li.CheckOut.Equal(time.Unix(at(17, 0), 0)) {
		t.Errorf("LiSi's day: %+v", li)
	}
	if m, _ := dir.Identify(ctx, core.PlatformWeCom, "ZhangSan"); m.Employee.ID != 0 {
		if _, err := att.FindRecord(ctx, m.Org.ID, m.Employee.ID, core.NewDate(2026, 3, 3)); core.ErrorCodeOf(err) != core.ENotFound {
			t.Errorf("a punch after --to was imported: %v", err)
		}
	}
}
