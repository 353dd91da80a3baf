package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/store"
)

// twoShops has a resigning person in each of two orgs, so a list of one
// org's resignations can be seen not to show the other's.
const twoShops = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: boss, name: Boss, role: manager}
      - {key: hr, name: Hui, role: hr}
      - {key: li, name: Li, manager: boss}
      - {key: ma, name: Ma, manager: boss}
      - {key: qi, name: Qi, manager: boss}
  - key: other
    name: Other
    time_zone: Asia/Shanghai
    employees:
      - {key: boss, name: Other boss, role: manager}
      - {key: hr, name: Other HR, role: hr}
      - {key: li, name: Other Li, manager: boss}
`

// The open list: HR sees every open resignation of their org (pending and
// approved, earliest last day first), the manager those waiting on them,
// a person their own; rejected ones and another org's are never listed.
func TestOpenResignations(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, twoShops); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	clock := &movableClock{now: time.Date(2026, 10, 15, 10, 0, 0, 0, shanghai)}
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	svc := leaving.NewService(store.NewLeavings(db), att, store.NewLeavings(db), dir, clock)
	m := func(org, key string) core.Member { return memberIn(t, db, org, key) }
	file := func(who core.Member, day core.Date) leaving.Resignation {
		t.Helper()
		r, err := svc.Request(ctx, who, leaving.Ask{LastDay: day, Reason: "moving"}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	li := file(m("shop", "li"), core.NewDate(2026, 11, 20))
	ma := file(m("shop", "ma"), core.NewDate(2026, 11, 14))
	qi := file(m("shop", "qi"), core.NewDate(2026, 11, 30))
	file(m("other", "li"), core.NewDate(2026, 11, 14))
	// Li's goes to HR, Ma's is approved, Qi's rejected.
	if _, err := svc.Decide(ctx, m("shop", "boss"), li.ID, leaving.Decision{Approve: true}, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Decide(ctx, m("shop", "hr"), ma.ID, leaving.Decision{Approve: true}, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Decide(ctx, m("shop", "boss"), qi.ID, leaving.Decision{Reason: "talk first"}, "test"); err != nil {
		t.Fatal(err)
	}
	ids := func(who core.Member) []int64 {
		t.Helper()
		rs, err := svc.Open(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	for _, c := range []struct {
		who  core.Member
		want []int64
	}{
		{m("shop", "hr"), []int64{ma.ID, li.ID}},
		{m("shop", "boss"), nil}, // Li's moved on to HR, Ma's is approved
		{m("shop", "li"), []int64{li.ID}},
		{m("shop", "qi"), nil},
	} {
		if got := ids(c.who); !slices.Equal(got, c.want) {
			t.Errorf("%s sees %v, want %v", c.who.Employee.Key, got, c.want)
		}
	}
	fresh := file(m("shop", "qi"), core.NewDate(2026, 12, 1))
	if got := ids(m("shop", "boss")); !slices.Equal(got, []int64{fresh.ID}) {
		t.Errorf("the manager sees %v, want Qi's new one %d", got, fresh.ID)
	}
	if !leaving.WaitsOn(m("shop", "boss"), fresh) || leaving.WaitsOn(m("shop", "qi"), fresh) || !leaving.WaitsOn(m("shop", "hr"), fresh) {
		t.Error("Qi's new resignation waits on her manager and HR, not on her")
	}
}
