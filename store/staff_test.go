package store_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/staff"
	"github.com/hrbot/hrbot/store"
)

const staffYAML = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    teams:
      - {key: cs, name: 客服组 Customer service}
    employees:
      - {key: boss, name: 王磊 Wang Lei, role: manager, email: boss@shop.example}
      - {key: hr, name: 赵敏 Zhao Min, role: hr}
      - {key: amy, name: 李爱丽 Amy Li, manager: boss, team: cs, hire_date: 2024-03-01}
`

// staffFixture is a small shop and the staff desk over it, on a clock
// fixed at 2026-01-10 10:00 in Shanghai.
type staffFixture struct {
	db     *store.DB
	dir    *core.Directory
	svc    *staff.Service
	people map[string]core.Member
}

func newStaffFixture(t *testing.T, yaml string) *staffFixture {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, yaml); err != nil {
		t.Fatal(err)
	}
	clock := core.ClockFunc(func() time.Time { return time.Date(2026, 1, 10, 2, 0, 0, 0, time.UTC) })
	f := &staffFixture{db: db, people: map[string]core.Member{}}
	f.dir = core.NewDirectory(store.NewDirectory(db), clock)
	f.svc = staff.NewService(store.NewStaff(db), f.dir, clock)
	return f
}

// member is who, as the directory finds them now.
func (f *staffFixture) member(t *testing.T, who string) core.Member {
	t.Helper()
	m, err := store.NewDirectory(f.db).FindMemberByIdentity(context.Background(), core.PlatformConsole, "shop/"+who)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (f *staffFixture) audits(t *testing.T, action string) int {
	t.Helper()
	return count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = $1 AND channel = 'web'`, action)
}

func TestStaffHireThenRedeemLinksTheAccount(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, staffYAML)
	ctx := context.Background()
	e, code, err := f.svc.Hire(ctx, f.member(t, "hr"), staff.NewPerson{
		Name: "周平 Zhou Ping", Email: "Zhou.Ping@shop.example", Team: "客服组", Manager: "王磊", Job: "customer-service",
		HireDate: core.NewDate(2026, 1, 12)}, "web")
	if err != nil {
		t.Fatal(err)
	}
	if e.Key != "zhou.ping" || e.TeamKey != "cs" || e.ManagerKey != "boss" || e.Status != core.StatusActive || e.Role != core.RoleEmployee {
		t.Errorf("hired %+v", e)
	}
	if f.audits(t, staff.AuditHire) != 1 || f.audits(t, string(core.ActionInviteCreate)) != 1 {
		t.Error("hire or its invite not audited on the web channel")
	}
	m, err := f.dir.RedeemInvite(ctx, core.PlatformTelegram, "424242", code)
	if err != nil {
		t.Fatal(err)
	}
	if m.Employee.Key != "zhou.ping" {
		t.Errorf("invite linked %s", m.Employee.Key)
	}
	if got, err := f.dir.Identify(ctx, core.PlatformTelegram, "424242"); err != nil || got.Employee.Key != "zhou.ping" {
		t.Errorf("identify: %v %v", got.Employee.Key, err)
	}
	// The same key again is refused.
	_, _, err = f.svc.Hire(ctx, f.member(t, "hr"), staff.NewPerson{Key: "amy", Name: "Another Amy"}, "web")
	if e, ok := core.AsError(err); !ok || e.Code != core.EConflict || e.Key != "staff.key_taken" {
		t.Errorf("hire with a taken key: %v", err)
	}
}

func TestStaffEditIsAudited(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, staffYAML)
	ctx := context.Background()
	job, none := "finance", ""
	e, err := f.svc.Edit(ctx, f.member(t, "hr"), "amy", staff.Change{Job: &job, Team: &none}, "web")
	if err != nil {
		t.Fatal(err)
	}
	if e.Job != "finance" || e.TeamID != 0 || e.ManagerKey != "boss" {
		t.Errorf("edited %+v", e)
	}
	rows, err := f.db.ListAudit(ctx, e.OrgID, 1)
	if err != nil {
		t.Fatal(err)
	}
	a := rows[0]
	before, after := a.Before.(map[string]any), a.After.(map[string]any)
	if a.Action != staff.AuditEdit || a.Channel != "web" || a.EntityID != "amy" || before["team"] != "cs" || after["job"] != "finance" || after["team"] != nil {
		t.Errorf("audit %+v", a)
	}
	// Nothing to change writes nothing.
	if _, err := f.svc.Edit(ctx, f.member(t, "hr"), "amy", staff.Change{Job: &job}, "web"); err != nil {
		t.Fatal(err)
	}
	if n := f.audits(t, staff.AuditEdit); n != 1 {
		t.Errorf("%d edit audit rows, want 1", n)
	}
	bad := core.Role("boss")
	_, err = f.svc.Edit(ctx, f.member(t, "hr"), "amy", staff.Change{Role: &bad}, "web")
	if e, ok := core.AsError(err); !ok || e.Key != "staff.unknown_role" || e.Args["field"] != "role" {
		t.Errorf("bad role: %v", err)
	}
}

func TestStaffOffboardMakesThemInactive(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, staffYAML)
	ctx := context.Background()
	if _, err := f.svc.Offboard(ctx, f.member(t, "hr"), "amy", core.NewDate(2026, 1, 20), "web"); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("a last day to come: %v", err)
	}
	e, err := f.svc.Offboard(ctx, f.member(t, "hr"), "amy", core.NewDate(2026, 1, 9), "web")
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != core.StatusLeft {
		t.Errorf("status %s", e.Status)
	}
	if n := count(t, f.db, `SELECT count(*) FROM employees WHERE key = 'amy' AND left_on = '2026-01-09'`); n != 1 {
		t.Error("left_on not recorded")
	}
	if f.audits(t, staff.AuditOffboard) != 1 {
		t.Error("offboard not audited")
	}
	amy := f.member(t, "amy")
	if err := core.Authorize(amy, core.ActionLocaleSet, &amy.Employee); err == nil {
		t.Error("someone who left may still act")
	}
}

func TestStaffRefusesAnEmployeeAndAuditsIt(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, staffYAML)
	ctx := context.Background()
	amy := f.member(t, "amy")
	if _, _, err := f.svc.Hire(ctx, amy, staff.NewPerson{Name: "Friend"}, "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("hire by an employee: %v", err)
	}
	ro, err := staff.ParseRoster("s.csv", bytes.NewReader([]byte("姓名,部门\n某人,客服组\n")), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ApplyImport(ctx, amy, ro, "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("import by an employee: %v", err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'denied' AND channel = 'web'`,
		string(core.ActionPeopleManage)); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}
	if n := count(t, f.db, `SELECT count(*) FROM employees`); n != 3 {
		t.Errorf("%d people, want 3", n)
	}
}

func roster(t testing.TB, name string, data []byte) staff.Roster {
	t.Helper()
	ro, err := staff.ParseRoster(name, bytes.NewReader(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	return ro
}

func TestStaffImportWithABadRowChangesNothing(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, staffYAML)
	ctx := context.Background()
	hr := f.member(t, "hr")
	const list = "工号,姓名,部门,上级,入职日期\n" +
		"amy,李爱丽 Amy Li,客服组,王磊,2024-03-01\n" +
		",周平,新部门,王磊,2026-01-05\n" +
		",吴芳,客服组,孙悟空,2026/13/01\n"
	ro := roster(t, "花名册.csv", []byte(list))
	pv, err := f.svc.PreviewImport(ctx, hr, ro, "web")
	if err != nil {
		t.Fatal(err)
	}
	want := []staff.Problem{
		{Row: 4, Column: "上级", Key: "staff.unknown_manager", Args: map[string]string{"manager": "孙悟空"}},
		{Row: 4, Column: "入职日期", Key: "staff.bad_date", Args: map[string]string{"value": "2026/13/01"}},
	}
	if len(pv.Problems) != len(want) {
		t.Fatalf("problems %+v", pv.Problems)
	}
	for i, p := range pv.Problems {
		w := want[i]
		if p.Row != w.Row || p.Column != w.Column || p.Key != w.Key || len(p.Args) != len(w.Args) {
			t.Errorf("problem %d: %+v, want %+v", i, p, w)
		}
		for k, v := range w.Args {
			if p.Args[k] != v {
				t.Errorf("problem %d: %s = %q, want %q", i, k, p.Args[k], v)
			}
		}
	}
	if len(pv.Creates) != 2 || pv.Unchanged != 1 || len(pv.NewTeams) != 1 {
		t.Errorf("preview %+v", pv)
	}
	audits := count(t, f.db, `SELECT count(*) FROM audit_log`)
	res, err := f.svc.ApplyImport(ctx, hr, ro, "web")
	if e, ok := core.AsError(err); !ok || e.Code != core.EInvalid || e.Key != "staff.import_problems" || e.Args["count"] != "2" {
		t.Fatalf("apply: %v", err)
	}
	if len(res.Preview.Problems) != 2 || len(res.Invites) != 0 {
		t.Errorf("result %+v", res)
	}
	if count(t, f.db, `SELECT count(*) FROM employees`) != 3 || count(t, f.db, `SELECT count(*) FROM teams`) != 1 ||
		count(t, f.db, `SELECT count(*) FROM audit_log`) != audits {
		t.Error("a refused import changed something")
	}
}

// TestStaffImportExample imports examples/staff.csv into the example
// shop: its six people are as the list says, three are new; the same list
// again changes nothing; the XLSX says the same.
func TestStaffImportExample(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile("../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	if _, err := applyNamed(t, db, "../examples/org.yaml", string(example)); err != nil {
		t.Fatal(err)
	}
	clock := core.ClockFunc(func() time.Time { return time.Date(2026, 1, 10, 2, 0, 0, 0, time.UTC) })
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	svc := staff.NewService(store.NewStaff(db), dir, clock)
	ctx := context.Background()
	zhao, err := store.NewDirectory(db).FindMemberByIdentity(ctx, core.PlatformConsole, "shop/zhao")
	if err != nil {
		t.Fatal(err)
	}
	csvData, err := os.ReadFile("../examples/staff.csv")
	if err != nil {
		t.Fatal(err)
	}
	ro := roster(t, "staff.csv", csvData)
	res, err := svc.ApplyImport(ctx, zhao, ro, "web")
	if err != nil {
		t.Fatalf("%v: %+v", err, res.Preview.Problems)
	}
	pv := res.Preview
	if len(pv.Creates) != 3 || pv.Unchanged != 6 || pv.Changed != 0 || len(pv.NewTeams) != 0 || len(res.Invites) != 3 {
		t.Fatalf("preview %+v", pv)
	}
	zheng, err := store.NewDirectory(db).FindEmployee(ctx, zhao.Org.ID, "zheng.hao")
	if err != nil {
		t.Fatal(err)
	}
	if zheng.ManagerKey != "liu" || zheng.TeamKey != "ops" || zheng.ScheduleKey != "ops-cycle" || zheng.Job != "ops" {
		t.Errorf("zheng %+v", zheng)
	}
	if n := count(t, db, `SELECT count(*) FROM invite_codes`); n != 3 {
		t.Errorf("%d invites", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = $1 AND channel = 'web' AND reason LIKE 'import staff.csv row %'`,
		staff.AuditHire); n != 3 {
		t.Errorf("%d hires audited", n)
	}
	if _, err := dir.RedeemInvite(ctx, core.PlatformSlack, "U0WUFANG1", res.Invites[1].Code); err != nil {
		t.Errorf("redeem %s's invite: %v", res.Invites[1].Key, err)
	}
	audits := count(t, db, `SELECT count(*) FROM audit_log`)
	for _, file := range []string{"staff.csv", "staff.xlsx"} {
		data, err := os.ReadFile("../examples/" + file)
		if err != nil {
			t.Fatal(err)
		}
		again, err := svc.ApplyImport(ctx, zhao, roster(t, file, data), "web")
		if err != nil {
			t.Fatal(err)
		}
		if p := again.Preview; p.Unchanged != 9 || len(p.Creates) != 0 || p.Changed != 0 {
			t.Errorf("%s again: %+v", file, p)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != audits {
		t.Errorf("importing the same list again wrote %d audit rows", n-audits)
	}
}

func TestStaffSaveRefusesAStaleBatch(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, staffYAML)
	ctx := context.Background()
	st := store.NewStaff(f.db)
	org, err := st.Org(ctx, f.member(t, "hr").Org.ID)
	if err != nil {
		t.Fatal(err)
	}
	var amy staff.Person
	for _, p := range org.People {
		if p.Key == "amy" {
			amy = p
		}
	}
	stale := amy
	stale.Job = "something-else" // not what amy is
	after := amy
	after.Name = "Amy"
	err = st.Save(ctx, staff.Batch{OrgID: f.member(t, "hr").Org.ID, Writes: []staff.Write{{Before: &stale, After: after,
		Audit: core.AuditEntry{OrgID: 1, ActorLabel: "test", Action: "x", Channel: "web", Outcome: core.OutcomeOK}}}})
	if e, ok := core.AsError(err); !ok || e.Key != "staff.changed" {
		t.Errorf("stale write: %v", err)
	}
	if err := st.Save(ctx, staff.Batch{OrgID: f.member(t, "hr").Org.ID, Writes: []staff.Write{{Before: &amy, After: after,
		Audit: core.AuditEntry{OrgID: 1, ActorLabel: "test", Action: "x", Channel: "web", Outcome: core.OutcomeOK}}}}); err != nil {
		t.Errorf("fresh write: %v", err)
	}
}
