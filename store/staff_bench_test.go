package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/staff"
	"github.com/hrbot/hrbot/store"
)

// BenchmarkStaffImportFull applies a staff list of the most people one
// import takes (staff.MaxRows) into a fresh shop: one transaction with
// 5,000 people, their invites and audit rows.
//
//	go test ./store -run XXX -bench StaffImportFull -benchtime 1x
func BenchmarkStaffImportFull(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("工号,姓名,邮箱,部门,上级,入职日期\n")
	for i := range staff.MaxRows {
		fmt.Fprintf(&sb, "p%04d,员工%04d,p%04d@shop.example,客服组,王磊,2025-%02d-%02d\n", i, i, i, i%12+1, i%28+1)
	}
	data := []byte(sb.String())
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		if _, err := apply(b, db, staffYAML); err != nil {
			b.Fatal(err)
		}
		clock := core.ClockFunc(func() time.Time { return time.Date(2026, 1, 10, 2, 0, 0, 0, time.UTC) })
		svc := staff.NewService(store.NewStaff(db), core.NewDirectory(store.NewDirectory(db), clock), clock)
		hr, err := store.NewDirectory(db).FindMemberByIdentity(ctx, core.PlatformConsole, "shop/hr")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		ro := roster(b, "big.csv", data)
		res, err := svc.ApplyImport(ctx, hr, ro, "web")
		if err != nil || len(res.Invites) != staff.MaxRows {
			b.Fatalf("%v: %d invites", err, len(res.Invites))
		}
	}
}
