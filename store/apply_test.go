package store_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

func apply(t testing.TB, db *store.DB, yaml string) (orgfile.ApplyResult, error) {
	t.Helper()
	return applyNamed(t, db, "org.yaml", yaml)
}

// applyNamed applies a file; name places the holiday files it refers to.
func applyNamed(t testing.TB, db *store.DB, name, yaml string) (orgfile.ApplyResult, error) {
	t.Helper()
	spec, err := orgfile.Parse(name, []byte(yaml))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return orgfile.NewSetup(store.NewSetup(db), core.SystemClock{}).Apply(context.Background(), spec, "org.yaml")
}

func count(t *testing.T, db *store.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestApplyExampleIsIdempotent(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	example, err := os.ReadFile("../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	first, err := applyNamed(t, db, "../examples/org.yaml", string(example))
	if err != nil {
		t.Fatal(err)
	}
	// group + org + 3 teams + 6 people + 3 chat accounts + attendance policy
	// + 1 site + the calendar + 3 shifts + 2 schedules + 1 override + the leave
	// policy + 8 leave types + 4 jobs (a description is part of its job) + 3 checklists (2 joining, 1 leaving) + their settings
	// + the recruiting policy + customer-service's screening questions + the performance policy
	// + 1 city's contribution bases
	// + the ICBC bank-file layout
	if first.Created != 59 || first.Updated != 0 || first.Unchanged != 0 {
		t.Errorf("first apply: %+v", first)
	}
	audits := count(t, db, `SELECT count(*) FROM audit_log`)
	second, err := applyNamed(t, db, "../examples/org.yaml", string(example))
	if err != nil {
		t.Fatal(err)
	}
	if second.Changed() || second.Unchanged != 59 {
		t.Errorf("second apply changed something: %+v", second)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != audits {
		t.Errorf("second apply wrote %d audit rows", n-audits)
	}
	m, err := store.NewDirectory(db).FindMemberByIdentity(context.Background(), core.PlatformSlack, "U0ALICE01")
	if err != nil {
		t.Fatal(err)
	}
	if m.Employee.Name != "李爱丽 Alice Li" || m.Employee.ManagerKey != "wang" || m.Employee.TeamName != "客服组 Customer service" ||
		m.Org.TimeZone != "Asia/Shanghai" || m.Org.GroupID == 0 || m.Locale() != core.LocaleEN {
		t.Errorf("alice: %+v", m)
	}
}

const small = `
orgs:
  - key: shop
    name: Shop
    employees:
      - {key: boss, name: Boss, role: manager}
      - {key: amy, name: Amy, manager: boss, telegram: "100"}
      - {key: ben, name: Ben}
`

func TestApplyChangesAreAudited(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, small); err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(small, "{key: amy, name: Amy, manager: boss", "{key: amy, name: Amy Wu, role: hr, manager: boss", 1)
	changed = strings.Replace(changed, "      - {key: ben, name: Ben}\n", "", 1)
	res, err := apply(t, db, changed)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 0 || res.Updated != 1 || len(res.NotInFile) != 1 || res.NotInFile[0] != "ben" {
		t.Errorf("result %+v", res)
	}
	var before, after map[string]any
	var actor, channel string
	err = db.Pool().QueryRow(context.Background(), `
		SELECT before, after, actor_label, channel FROM audit_log WHERE action = 'employee.update' AND entity_id = 'amy'`).
		Scan(&before, &after, &actor, &channel)
	if err != nil {
		t.Fatal(err)
	}
	if before["name"] != "Amy" || before["role"] != "employee" || after["name"] != "Amy Wu" || after["role"] != "hr" ||
		actor != "apply org.yaml" || channel != "cli" {
		t.Errorf("audit: before %v after %v actor %q channel %q", before, after, actor, channel)
	}
}

func TestApplyRejectsWholeFile(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, small); err != nil {
		t.Fatal(err)
	}
	audits := count(t, db, `SELECT count(*) FROM audit_log`)
	// A second org that claims amy's Telegram account: nothing of it may land,
	// not even the parts before the clash.
	clash := `
orgs:
  - key: shop
    name: Shop renamed
  - key: other
    name: Other
    employees:
      - {key: zed, name: Zed, telegram: "100"}
`
	_, err := apply(t, db, clash)
	if core.ErrorCodeOf(err) != core.EConflict || !strings.Contains(err.Error(), "telegram account 100 already belongs to shop/amy") {
		t.Fatalf("want conflict naming the owner, got %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM orgs WHERE key = 'other' OR name = 'Shop renamed'`); n != 0 {
		t.Errorf("a rejected file left %d changes", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != audits {
		t.Errorf("a rejected file left %d audit rows", n-audits)
	}
}

func TestConstraints(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, small); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := []struct {
		name, sql string
		code      core.ErrorCode
	}{
		{"DuplicateKey", `INSERT INTO employees (org_id, key, name, role) SELECT org_id, 'amy', 'Amy 2', 'employee' FROM employees LIMIT 1`, core.EConflict},
		{"BadRole", `INSERT INTO employees (org_id, key, name, role) SELECT org_id, 'x', 'X', 'boss' FROM employees LIMIT 1`, core.EInvalid},
		{"ManagerInOtherOrg", `UPDATE employees SET manager_id = id + 1000 WHERE key = 'amy'`, core.EInvalid},
		{"SecondTelegramAccount", `INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via) SELECT org_id, id, 'telegram', '200', 'invite' FROM employees WHERE key = 'amy'`, core.EConflict},
		{"AccountOfTwoPeople", `INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via) SELECT org_id, id, 'telegram', '100', 'invite' FROM employees WHERE key = 'ben'`, core.EConflict},
		{"OwnManager", `UPDATE employees SET manager_id = id WHERE key = 'ben'`, core.EInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := db.Pool().Exec(ctx, c.sql)
			if got := core.ErrorCodeOf(store.Interpret(err)); got != c.code {
				t.Errorf("got %v (%v), want %s", got, err, c.code)
			}
		})
	}
}

func TestDialogRoundTrip(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	_, err := store.NewConversations(db).LoadDialog(ctx, core.PlatformTelegram, "1", "1")
	if core.ErrorCodeOf(err) != core.ENotFound {
		t.Fatalf("no dialog: got %v", err)
	}
	d := conversation.Dialog{Platform: core.PlatformTelegram, ChatID: "1", UserID: "1", Name: "leave", Step: "dates",
		Data: map[string]string{"type": "annual"}, Updated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := store.NewConversations(db).SaveDialog(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, err := store.NewConversations(db).LoadDialog(ctx, core.PlatformTelegram, "1", "1")
	if err != nil || got.Name != "leave" || got.Step != "dates" || got.Data["type"] != "annual" || !got.Updated.Equal(d.Updated) {
		t.Fatalf("loaded %+v, %v", got, err)
	}
	if err := store.NewConversations(db).DeleteDialog(ctx, core.PlatformTelegram, "1", "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.NewConversations(db).LoadDialog(ctx, core.PlatformTelegram, "1", "1"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Fatalf("after delete: %v", err)
	}
}

func TestLeaveOverlapIsAConstraint(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, small+"    leave_types:\n      - {key: annual, name: Annual}\n"); err != nil {
		t.Fatal(err)
	}
	insert := func(from, to string) error {
		_, err := db.Pool().Exec(context.Background(), `
			INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, created_at, sent_at)
			SELECT org_id, id, 'annual', $1::date, $2::date, 'full', 'full', tstzrange($1::timestamptz, $2::timestamptz), 480, now(), now()
			FROM employees WHERE key = 'amy'`, from, to)
		return store.Interpret(err)
	}
	if err := insert("2026-12-01", "2026-12-03"); err != nil {
		t.Fatal(err)
	}
	if err := insert("2026-12-02", "2026-12-05"); core.ErrorCodeOf(err) != core.EConflict {
		t.Fatalf("overlapping insert: %v", err)
	}
	if err := insert("2026-12-03", "2026-12-04"); err != nil {
		t.Fatalf("adjacent insert: %v", err)
	}
	// A cancelled request no longer blocks the dates.
	if _, err := db.Pool().Exec(context.Background(), `UPDATE leave_requests SET status = 'cancelled' WHERE from_date = '2026-12-01'`); err != nil {
		t.Fatal(err)
	}
	if err := insert("2026-12-01", "2026-12-02"); err != nil {
		t.Fatalf("after cancel: %v", err)
	}
}

func TestApplyGoLive(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	const file = "orgs:\n  - key: shop\n    name: Shop\n    time_zone: Asia/Shanghai\n"
	if _, err := apply(t, db, file); err != nil {
		t.Fatal(err)
	}
	org, err := store.NewOrgs(db).Find(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	today := core.DateOf(time.Now().In(org.Location()))
	if org.GoLive != today {
		t.Errorf("go-live of a new org = %v, want the day it was applied %v", org.GoLive, today)
	}
	if !org.Live(today) || org.Live(today.AddDays(-1)) {
		t.Errorf("Live around %v is wrong", today)
	}

	// Re-applying without go_live keeps the day; giving one moves it.
	if _, err := db.Pool().Exec(ctx, `UPDATE orgs SET go_live = '2026-11-01'`); err != nil {
		t.Fatal(err)
	}
	if res, err := apply(t, db, file); err != nil || res.Changed() {
		t.Fatalf("re-apply: %+v, %v", res, err)
	}
	if org, _ = store.NewOrgs(db).Find(ctx, "shop"); org.GoLive.String() != "2026-11-01" {
		t.Errorf("re-apply moved go-live to %v", org.GoLive)
	}
	if _, err := apply(t, db, file+"    go_live: 2026-10-15\n"); err != nil {
		t.Fatal(err)
	}
	if org, _ = store.NewOrgs(db).Find(ctx, "shop"); org.GoLive.String() != "2026-10-15" {
		t.Errorf("go_live in the file: %v", org.GoLive)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'org.update' AND after->>'go_live' = '2026-10-15'`); n != 1 {
		t.Errorf("go-live change audited %d times", n)
	}
}
