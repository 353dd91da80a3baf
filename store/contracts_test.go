package store_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/store"
)

const contractsYAML = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    go_live: 2026-01-01
    employees:
      - {key: boss, name: 王磊 Wang Lei, role: manager}
      - {key: hr, name: 赵敏 Zhao Min, role: hr}
      - {key: amy, name: 李爱丽 Amy Li, manager: boss, hire_date: 2026-03-02}
      - {key: ben, name: 陈斌 Ben Chen, manager: boss, hire_date: 2025-01-01}
      - {key: carl, name: 吴凯 Carl Wu, manager: boss, hire_date: 2026-02-01}
      - {key: old, name: 老周 Old Zhou, manager: boss, hire_date: 2025-11-01}
  - key: other
    name: Other
    time_zone: Asia/Shanghai
    employees:
      - {key: olga, name: Olga, role: hr}
`

// movableClock is a clock a test moves by hand.
type movableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movableClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *movableClock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// contractsFixture is the shop above and the contracts service over it,
// on a clock the test sets.
type contractsFixture struct {
	db    *store.DB
	clock *movableClock
	svc   *contracts.Service
}

func newContractsFixture(t *testing.T) *contractsFixture {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, contractsYAML); err != nil {
		t.Fatal(err)
	}
	f := &contractsFixture{db: db, clock: &movableClock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai)}}
	f.restart()
	return f
}

// restart builds the service anew over the same database, as a new
// process would.
func (f *contractsFixture) restart() {
	dir := core.NewDirectory(store.NewDirectory(f.db), f.clock)
	f.svc = contracts.NewService(store.NewContracts(f.db), dir, f.clock)
}

func (f *contractsFixture) member(t *testing.T, org, who string) core.Member {
	t.Helper()
	m, err := store.NewDirectory(f.db).FindMemberByIdentity(context.Background(), core.PlatformConsole, org+"/"+who)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// kinds counts the notifications written for who, by kind.
func (f *contractsFixture) kinds(t *testing.T, who string) map[string]int {
	t.Helper()
	rows, err := f.db.Pool().Query(context.Background(), `
		SELECT n.kind FROM notifications n JOIN employees e ON e.id = n.recipient_id WHERE e.key = $1`, who)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out[k]++
	}
	return out
}

func cday(s string) core.Date {
	d, err := core.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func errKey(err error) string {
	if e, ok := core.AsError(err); ok {
		return e.Key
	}
	return ""
}

func TestContractCreateUpdateAndRefusals(t *testing.T) {
	t.Parallel()
	f := newContractsFixture(t)
	ctx := context.Background()
	hr := f.member(t, "shop", "hr")
	terms := contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2026-02-01"), End: cday("2029-01-31"),
		ProbationEnd: cday("2026-04-30"), Signed: cday("2026-02-01")}
	c, err := f.svc.Create(ctx, hr, "carl", terms, "web")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.EmployeeKey != "carl" || c.Terms != terms {
		t.Fatalf("created %+v", c)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = $1 AND entity_id = $2 AND channel = 'web'`,
		contracts.AuditCreate, strconv.FormatInt(c.ID, 10)); n != 1 {
		t.Errorf("%d audit rows for the new contract", n)
	}

	// Bad input: nothing stored, a clear error each.
	for _, bad := range []struct {
		terms contracts.Terms
		key   string
	}{
		{contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2029-02-01"), End: cday("2029-01-31")}, "contract.end_before_start"},
		{contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2029-02-01"), End: cday("2030-01-31"), ProbationEnd: cday("2029-03-15")},
			"contract.probation_twice"},
		{contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2026-06-01"), End: cday("2027-05-31")}, "contract.overlap"},
	} {
		if _, err := f.svc.Create(ctx, hr, "carl", bad.terms, "web"); errKey(err) != bad.key {
			t.Errorf("%+v: got %v, want %s", bad.terms, err, bad.key)
		}
	}
	if _, err := f.svc.Create(ctx, hr, "amy", contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2026-03-02"),
		End: cday("2027-03-01"), ProbationEnd: cday("2026-05-15")}, "web"); errKey(err) != "contract.probation_too_long" {
		t.Errorf("probation beyond the maximum: %v", err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM contracts`); n != 1 {
		t.Errorf("%d contracts stored, want the one good one", n)
	}

	// The store holds one probation per person whatever the service says.
	_, err = store.NewContracts(f.db).Create(ctx, contracts.Contract{OrgID: c.OrgID, EmployeeID: c.EmployeeID,
		Terms:     contracts.Terms{Kind: contracts.OpenEnded, Start: cday("2030-01-01"), ProbationEnd: cday("2030-02-01")},
		CreatedAt: f.clock.Now(), UpdatedAt: f.clock.Now()}, core.AuditEntry{OrgID: c.OrgID, Action: "test"})
	if errKey(err) != "contract.probation_twice" {
		t.Errorf("second probation written past the service: %v", err)
	}

	// Update keeps decisions, audits before and after, and refuses a
	// stale edit.
	signedLater := terms
	signedLater.Signed = cday("2026-02-03")
	u, err := f.svc.Update(ctx, hr, c.ID, signedLater, "cli")
	if err != nil || u.Signed != cday("2026-02-03") {
		t.Fatalf("update: %+v %v", u, err)
	}
	_, err = store.NewContracts(f.db).Update(ctx, terms, u, core.AuditEntry{OrgID: c.OrgID, Action: "test"})
	if errKey(err) != "contract.changed" {
		t.Errorf("stale update: %v", err)
	}

}

func TestContractPermissionsInStore(t *testing.T) {
	t.Parallel()
	f := newContractsFixture(t)
	ctx := context.Background()
	terms := contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2026-02-01"), End: cday("2029-01-31"), Signed: cday("2026-02-01")}
	c, err := f.svc.Create(ctx, f.member(t, "shop", "hr"), "carl", terms, "web")
	if err != nil {
		t.Fatal(err)
	}
	// Others may not change it.
	boss := f.member(t, "shop", "boss")
	if _, err := f.svc.Create(ctx, boss, "amy", terms, "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("a manager entered a contract: %v", err)
	}
	if _, err := f.svc.Update(ctx, f.member(t, "other", "olga"), c.ID, terms, "web"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("another org's HR reached the contract: %v", err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'denied'`, string(core.ActionContractManage)); n != 1 {
		t.Errorf("%d refusals audited, want the manager's", n)
	}
	// The manager sees their report's contract; the person their own.
	if _, cs, err := f.svc.Of(ctx, boss, "carl", "web"); err != nil || len(cs) != 1 {
		t.Errorf("manager's view: %v %v", cs, err)
	}
	if cs, err := f.svc.Mine(ctx, f.member(t, "shop", "carl")); err != nil || len(cs) != 1 {
		t.Errorf("own view: %v %v", cs, err)
	}
	if _, _, err := f.svc.Of(ctx, f.member(t, "shop", "amy"), "carl", "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("a colleague saw the contract: %v", err)
	}
}

func TestContractDecisions(t *testing.T) {
	t.Parallel()
	f := newContractsFixture(t)
	ctx := context.Background()
	hr := f.member(t, "shop", "hr")
	c, err := f.svc.Create(ctx, hr, "carl", contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2026-02-01"), End: cday("2027-01-31"),
		ProbationEnd: cday("2026-02-28"), Signed: cday("2026-02-01")}, "telegram")
	if err != nil {
		t.Fatal(err)
	}
	// A one-year term allows two months: extending past them is refused,
	// naming the limit; within them it is done.
	_, err = f.svc.ExtendProbation(ctx, hr, c.ID, cday("2026-04-01"), "telegram")
	if e, ok := core.AsError(err); !ok || e.Key != "contract.probation_too_long" || e.Args["latest"] != "2026-03-31" || e.Args["months"] != "2" {
		t.Fatalf("extension beyond the maximum: %v", err)
	}
	x, err := f.svc.ExtendProbation(ctx, hr, c.ID, cday("2026-03-31"), "telegram")
	if err != nil || x.ProbationEnd != cday("2026-03-31") || x.Probation.Outcome != "" {
		t.Fatalf("extend: %+v %v", x, err)
	}
	if _, err := f.svc.ExtendProbation(ctx, hr, c.ID, cday("2026-04-15"), "telegram"); errKey(err) != "contract.extend_at_max" {
		t.Errorf("extension at the maximum: %v", err)
	}
	ok, err := f.svc.ConfirmProbation(ctx, hr, c.ID, "telegram")
	if err != nil || ok.Probation.Outcome != contracts.Confirmed || ok.Probation.ByName != "赵敏 Zhao Min" {
		t.Fatalf("confirm: %+v %v", ok.Probation, err)
	}
	_, err = f.svc.EndInProbation(ctx, hr, c.ID, "telegram")
	if e, ok := core.AsError(err); !ok || e.Key != "contract.decided.confirmed" || e.Args["by"] != "赵敏 Zhao Min" {
		t.Errorf("a second decision: %v", err)
	}
	if _, err := f.svc.Renew(ctx, hr, c.ID, "telegram"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.NotRenew(ctx, hr, c.ID, "telegram"); errKey(err) != "contract.decided.renew" {
		t.Errorf("renewal decided twice: %v", err)
	}
	if _, err := f.svc.ConfirmProbation(ctx, f.member(t, "shop", "boss"), c.ID, "telegram"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("a manager decided: %v", err)
	}
	for _, a := range []string{contracts.AuditProbationExtend, contracts.AuditProbationConfirm, contracts.AuditRenew} {
		if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'ok'`, a); n != 1 {
			t.Errorf("%s audited %d times", a, n)
		}
	}
}

// TestContractRemindersOnceOnTheLocalDay moves a fake clock across the
// days the three reminders fall due in Shanghai, with a restart between:
// each is sent once, on its local day, to HR and the manager only.
func TestContractRemindersOnceOnTheLocalDay(t *testing.T) {
	t.Parallel()
	f := newContractsFixture(t)
	ctx := context.Background()
	hr := f.member(t, "shop", "hr")
	// Ben's fixed term ends 2026-04-20: reminded on 2026-03-21. Carl's
	// probation ends 2026-03-28: reminded on 2026-03-21. Amy, hired
	// 2026-03-02 without a contract: reminded on 2026-03-22. Old Zhou,
	// hired 2025-11-01, fell due before the org's go-live: not reminded.
	must := func(key string, t2 contracts.Terms) {
		if _, err := f.svc.Create(ctx, hr, key, t2, "cli"); err != nil {
			t.Fatal(err)
		}
	}
	must("ben", contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2025-01-01"), End: cday("2026-04-20"), Signed: cday("2025-01-01")})
	must("carl", contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2026-02-01"), End: cday("2029-01-31"),
		ProbationEnd: cday("2026-03-28"), Signed: cday("2026-02-01")})
	remind := func(at time.Time) int {
		t.Helper()
		f.clock.Set(at)
		n, err := f.svc.Remind(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := remind(time.Date(2026, 3, 20, 23, 30, 0, 0, shanghai)); n != 0 {
		t.Fatalf("%d reminders the evening before", n)
	}
	// Five past midnight in Shanghai is still 2026-03-20 in UTC.
	if n := remind(time.Date(2026, 3, 21, 0, 5, 0, 0, shanghai)); n != 2 {
		t.Fatalf("%d reminders on 2026-03-21, want ben's expiry and carl's probation", n)
	}
	if n := remind(time.Date(2026, 3, 21, 9, 0, 0, 0, shanghai)); n != 0 {
		t.Fatalf("%d reminders again the same day", n)
	}
	f.restart()
	if n := remind(time.Date(2026, 3, 21, 9, 1, 0, 0, shanghai)); n != 0 {
		t.Fatalf("%d reminders again after a restart", n)
	}
	if n := remind(time.Date(2026, 3, 22, 0, 10, 0, 0, shanghai)); n != 1 {
		t.Fatalf("%d reminders on 2026-03-22, want amy's unsigned contract", n)
	}
	if n := remind(time.Date(2026, 3, 23, 8, 0, 0, 0, shanghai)); n != 0 {
		t.Fatalf("%d reminders on 2026-03-23", n)
	}
	want := map[string]int{core.NotifyContractExpiring: 1, core.NotifyProbationEnding: 1, core.NotifyContractUnsigned: 1}
	for _, who := range []string{"hr", "boss"} {
		got := f.kinds(t, who)
		if len(got) != len(want) || got[core.NotifyContractExpiring] != 1 || got[core.NotifyProbationEnding] != 1 || got[core.NotifyContractUnsigned] != 1 {
			t.Errorf("%s got %v, want %v", who, got, want)
		}
	}
	for _, who := range []string{"amy", "ben", "carl", "old", "olga"} {
		if got := f.kinds(t, who); len(got) != 0 {
			t.Errorf("%s got %v", who, got)
		}
	}
	// A probation extended is reminded of again, a week before its new end.
	_, cs, err := f.svc.Of(ctx, hr, "carl", "cli")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ExtendProbation(ctx, hr, cs[0].ID, cday("2026-04-30"), "cli"); err != nil {
		t.Fatal(err)
	}
	if n := remind(time.Date(2026, 4, 22, 12, 0, 0, 0, shanghai)); n != 0 {
		t.Fatalf("%d reminders on 2026-04-22", n)
	}
	if n := remind(time.Date(2026, 4, 23, 12, 0, 0, 0, shanghai)); n != 1 {
		t.Fatalf("%d reminders on 2026-04-23, want the extended probation's", n)
	}
}
