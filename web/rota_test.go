package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

// rotaOrg is testOrg with December's special days and a second manager
// whose report (bo, in wang's team ops) wang may see but not change.
var rotaOrg = strings.Replace(strings.Replace(testOrg, "    teams:\n", `    calendar:
      holidays:
        - {date: 2026-12-25, name: 店庆 Shop day, statutory: false}
      workdays:
        - {date: 2026-12-26, name: 调休 Make-up day}
    teams:
`, 1), "      - {key: gone", `      - {key: li, name: 李娜 Li Na, role: manager, team: cs}
      - {key: bo, name: 薄波 Bo Bo, role: employee, job: customer-service, team: ops, manager: li, schedule: cs-week}
      - {key: gone`, 1)

// overrideOf is person's override on day: a shift key, "off", or "" for none.
func (f *fixture) overrideOf(person, day string) string {
	f.t.Helper()
	n := f.count(`SELECT count(*) FROM shift_overrides o JOIN employees e ON e.id = o.employee_id WHERE e.key = $1 AND o.work_date = $2`, person, day)
	if n == 0 {
		return ""
	}
	if f.count(`SELECT count(*) FROM shift_overrides o JOIN employees e ON e.id = o.employee_id
		WHERE e.key = $1 AND o.work_date = $2 AND o.shift_id IS NULL`, person, day) == 1 {
		return "off"
	}
	var key string
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT s.key FROM shift_overrides o JOIN employees e ON e.id = o.employee_id
		JOIN shifts s ON s.id = o.shift_id WHERE e.key = $1 AND o.work_date = $2`, person, day).Scan(&key); err != nil {
		f.t.Fatal(err)
	}
	return key
}

// HR changes Sun Yue's first of December to the late shift on the phone,
// sees the grid change, and the bot plans that day the same way.
func TestRotaChangeADayInTheBrowser(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, rotaOrg)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/rota?team=cs&month=2026-12")
	b.mustSee("孙悦", "李爱丽", "店庆", "调休上班")
	cell := `td a[href="/rota/day?person=sun&date=2026-12-01&team=cs"]`
	if got := b.text(cell); got != "9" {
		t.Fatalf("Sun Yue's 1 December shows %q, want the early shift's 9", got)
	}
	b.click(cell, "#shift")
	b.mustSee("孙悦", "2026-12-01", "客服早班 09:00–18:00")
	b.set("#shift", "s:cs-late")
	b.click(`form[action="/rota/day"] button`, "table.rota")
	b.mustSee("已调整")
	if got := b.text(cell); got != "14*" {
		t.Errorf("after the change Sun Yue's 1 December shows %q, want the late shift marked as changed, 14*", got)
	}
	b.screenshot("rota-phone")
	if got := f.overrideOf("sun", "2026-12-01"); got != "cs-late" {
		t.Errorf("override stored: %q", got)
	}
	if f.audited("rota.set_day", core.OutcomeOK) != 1 {
		t.Error("the change was not audited on channel web")
	}
	f.clock.Add(24 * time.Hour) // Tuesday 1 December, 08:30
	if reply := f.chat("zhao", "/today"); !strings.Contains(reply, "孙悦 Sun Yue (14:00–23:00)") {
		t.Errorf("/today on 1 December does not plan the late shift:\n%s", reply)
	}
}

func TestRotaGridShowsTheMonth(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, rotaOrg)
	id := f.askLeave("alice", core.NewDate(2026, 12, 3))
	if _, err := f.leave.Decide(context.Background(), f.member("wang"), id, true, "", "console"); err != nil {
		t.Fatal(err)
	}
	hr := f.client("zhao")
	status, page := f.open(hr, "/rota?month=2026-12")
	if status != http.StatusOK {
		t.Fatalf("GET /rota: %d\n%s", status, page)
	}
	for _, want := range []string{`<col class=w>`, `<col class=x>`, `<col class=m>`, `title="店庆 · 节假日"`,
		"客服组", "运营组", `class=l title="客服早班 09:00–18:00 · 年假 (全天)"><a href="/rota/day?person=alice&amp;date=2026-12-03">假</a>`, `href="/rota?month=2026-11"`, `href="/rota?month=2027-01"`,
		"客服早班 09:00–18:00", `href="/rota/day?person=bo&amp;date=2026-12-01"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the grid lacks %s", want)
		}
	}
	if strings.Contains(page, "web.rota.") {
		t.Error("the grid shows a catalogue key untranslated")
	}
	// A day's header opens a picker of whom to change that day.
	status, pick := f.open(hr, "/rota/day?date=2026-12-02&team=cs")
	if status != http.StatusOK || !strings.Contains(page, `href="/rota/day?date=2026-12-02"`) ||
		!strings.Contains(pick, `<option value="sun">孙悦</option>`) || strings.Contains(pick, `value="bo"`) {
		t.Errorf("the day's picker: %d", status)
	}
	_, other := f.open(hr, "/rota?month=2026-11&team=ops")
	if strings.Contains(other, "李爱丽") || !strings.Contains(other, "薄波") {
		t.Error("the ops team's grid shows the wrong people")
	}
	if status, _ := f.open(hr, "/rota?team=nope"); status != http.StatusNotFound {
		t.Errorf("an unknown team: %d, want 404", status)
	}
}

func TestRotaSwapsAndRotation(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, rotaOrg)
	hr := f.client("zhao")
	from := "/rota/day?person=sun&date=2026-12-02"
	if status, _ := f.post(hr, from, "/rota/day", url.Values{"person": {"sun"}, "date": {"2026-12-02"}, "shift": {"s:cs-late"}}); status != http.StatusOK {
		t.Fatalf("set a day: %d", status)
	}
	status, page := f.post(hr, from, "/rota/swap", url.Values{"person": {"sun"}, "other": {"alice"}, "date": {"2026-12-02"}})
	if status != http.StatusOK || !strings.Contains(page, "已互换") {
		t.Fatalf("swap: %d\n%s", status, page)
	}
	if a, s := f.overrideOf("alice", "2026-12-02"), f.overrideOf("sun", "2026-12-02"); a != "cs-late" || s != "" {
		t.Errorf("after the swap alice has %q and sun %q; want cs-late and the schedule's early shift", a, s)
	}
	// Alice's Saturday off for her Monday.
	status, _ = f.post(hr, from, "/rota/swap-own", url.Values{"person": {"alice"}, "date": {"2026-12-05"}, "date2": {"2026-12-07"}})
	if a, b := f.overrideOf("alice", "2026-12-05"), f.overrideOf("alice", "2026-12-07"); status != http.StatusOK || a != "cs-early" || b != "off" {
		t.Errorf("own swap: %d, Saturday %q, Monday %q", status, a, b)
	}
	status, page = f.post(hr, from, "/rota/rotation", url.Values{"person": {"sun"}, "date": {"2026-12-02"}, "schedule": {"s:cs-week"}, "offset": {"1"}})
	if status != http.StatusBadRequest || !strings.Contains(page, "轮班偏移必须在 0 到 0 之间") {
		t.Errorf("offset out of range: %d, want 400 with the translated refusal", status)
	}
	status, _ = f.post(hr, from, "/rota/rotation", url.Values{"person": {"sun"}, "date": {"2026-12-02"}, "schedule": {"std"}, "offset": {"0"}})
	if status != http.StatusOK || f.count(`SELECT count(*) FROM employees WHERE key = 'sun' AND schedule_id IS NULL`) != 1 {
		t.Errorf("rotation to the standard hours: %d", status)
	}
	if f.audited("rota.swap", core.OutcomeOK) != 4 || f.audited("rota.assign_rotation", core.OutcomeOK) != 1 {
		t.Error("swaps and the rotation are not audited")
	}
}

func TestRotaRefusals(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, rotaOrg)
	hr := f.client("zhao")
	status, page := f.post(hr, "/rota", "/rota/day", url.Values{"person": {"sun"}, "date": {"2026-11-27"}, "shift": {"off"}})
	if status != http.StatusBadRequest || !strings.Contains(page, "2026-11-27 已经过去") || !strings.Contains(page, `id="shift"`) {
		t.Errorf("a past day: %d, want 400 with the translated refusal on the day page", status)
	}
	alice := f.client("alice")
	status, _ = f.open(alice, "/rota")
	if status != http.StatusForbidden || f.audited("rota.edit", core.OutcomeDenied) != 1 {
		t.Errorf("an employee opening /rota: %d, audited %d", status, f.audited("rota.edit", core.OutcomeDenied))
	}
	if _, me := f.open(alice, "/me"); strings.Contains(me, `href="/rota"`) {
		t.Error("an employee's menu offers the schedule")
	}
	wang := f.client("wang")
	if status, page := f.open(wang, "/rota?team=ops&month=2026-12"); status != http.StatusOK ||
		strings.Contains(page, `href="/rota/day?person=bo`) || !strings.Contains(page, "薄波") {
		t.Errorf("wang's view of ops: %d; bo should show without a link", status)
	}
	before := f.audited("rota.edit", core.OutcomeDenied)
	status, _ = f.post(wang, "/rota", "/rota/day", url.Values{"person": {"bo"}, "date": {"2026-12-02"}, "shift": {"off"}})
	if status != http.StatusForbidden || f.overrideOf("bo", "2026-12-02") != "" {
		t.Errorf("wang changing bo's day: %d", status)
	}
	if status, _ := f.open(wang, "/rota/day?person=bo&date=2026-12-02"); status != http.StatusForbidden {
		t.Errorf("wang opening bo's day: %d", status)
	}
	if got := f.audited("rota.edit", core.OutcomeDenied) - before; got != 2 {
		t.Errorf("wang's refusals audited %d times, want 2", got)
	}
	status, _ = f.post(wang, "/rota", "/rota/day", url.Values{"person": {"sun"}, "date": {"2026-12-03"}, "shift": {"off"}})
	if status != http.StatusOK || f.overrideOf("sun", "2026-12-03") != "off" {
		t.Errorf("wang changing his report's day: %d", status)
	}
}
