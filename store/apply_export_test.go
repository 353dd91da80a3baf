package store_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/store"
)

// applyExample applies examples/org.yaml and returns its parsed File.
func applyExample(t *testing.T, db *store.DB) orgfile.File {
	t.Helper()
	data, err := os.ReadFile("../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := orgfile.Parse("../examples/org.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	f.Orgs[0].Handbook = "" // the knowledge base is imported by the command, not the store
	if _, err := setupOf(db).Apply(context.Background(), f, "org.yaml"); err != nil {
		t.Fatal(err)
	}
	return f
}

func setupOf(db *store.DB) *orgfile.Setup {
	return orgfile.NewSetup(store.NewSetup(db), core.SystemClock{})
}

// TestExportAppliesUnchanged: what export writes, apply takes as it is,
// and it changes nothing — export → apply is no change.
func TestExportAppliesUnchanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	applyExample(t, db)
	// Someone who left, with the day, and one without a team or e-mail.
	if _, err := db.Pool().Exec(ctx, `UPDATE employees SET status = 'left', left_on = '2026-11-20' WHERE key = 'liu'`); err != nil {
		t.Fatal(err)
	}
	setup := setupOf(db)
	out, err := setup.Export(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	f, err := orgfile.Parse("exported.yaml", out)
	if err != nil {
		t.Fatalf("the export does not parse: %v\n%s", err, out)
	}
	audits := count(t, db, `SELECT count(*) FROM audit_log`)
	preview, err := setup.Preview(ctx, f, "exported.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !preview.Empty() {
		t.Errorf("preview of the export is not empty: %+v\n%s", preview.Records, out)
	}
	res, err := setup.Apply(ctx, f, "exported.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed() || len(res.NotInFile) > 0 {
		t.Errorf("applying the export changed something: %+v\n%s", res, out)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != audits {
		t.Errorf("export → apply wrote %d audit rows", n-audits)
	}
	all, err := setup.Export(ctx)
	if err != nil || string(all) != string(out) {
		t.Errorf("exporting every org (%v) differs from exporting the one there is:\n%s", err, all)
	}
	if _, err := setup.Export(ctx, "nosuch"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("unknown org: %v", err)
	}
}

// webEdit changes alice's team as the console would: the row and an
// audit row, channel web, by HR (zhao).
func webEdit(t *testing.T, db *store.DB, at time.Time) {
	t.Helper()
	ctx := context.Background()
	var orgID, zhao int64
	if err := db.Pool().QueryRow(ctx, `SELECT org_id, id FROM employees WHERE key = 'zhao'`).Scan(&orgID, &zhao); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `
		UPDATE employees SET team_id = (SELECT id FROM teams WHERE key = 'finance') WHERE key = 'alice'`); err != nil {
		t.Fatal(err)
	}
	for _, e := range []core.AuditEntry{
		{Action: "employee.update", Before: map[string]any{"team": "cs"}, After: map[string]any{"team": "finance"}},
		// Alice's own choice of language is not the file's to undo.
		{Action: string(core.ActionLocaleSet), Before: map[string]any{"locale": "en"}, After: map[string]any{"locale": "zh-CN"}},
	} {
		e.OrgID, e.ActorID, e.EntityType, e.EntityID, e.Channel, e.Outcome, e.At = orgID, zhao, "employee", "alice", "web", core.OutcomeOK, at
		if err := db.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPreviewShowsWhatItUndoes: an older file applied after a web edit
// takes its own value back, and the preview says whose edit that undoes.
func TestPreviewShowsWhatItUndoes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	file := applyExample(t, db)
	setup := setupOf(db)
	// A later file renames chen: an apply's change, which the older file
	// reverts without undoing anyone's edit.
	renamed := file
	renamed.Orgs = append([]orgfile.OrgSpec(nil), file.Orgs...)
	renamed.Orgs[0].Employees = append([]orgfile.EmployeeSpec(nil), file.Orgs[0].Employees...)
	renamed.Orgs[0].Employees[3].Name = "陈静 Jing Chen"
	if _, err := setup.Apply(ctx, renamed, "newer.yaml"); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	webEdit(t, db, at)
	audits := count(t, db, `SELECT count(*) FROM audit_log`)

	changes, err := setup.Preview(ctx, file, "org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]orgfile.Change{}
	for _, c := range changes.Records {
		got[c.Entity+"/"+c.Key] = c
	}
	alice, chen := got["employee/alice"], got["employee/chen"]
	if len(changes.Records) != 2 || len(alice.Fields) != 1 || alice.Fields[0] != (orgfile.FieldChange{Field: "team", Before: "finance", After: "cs"}) {
		t.Fatalf("preview: %+v", changes.Records)
	}
	if len(alice.Undoes) != 1 || alice.Undoes[0].Channel != "web" || alice.Undoes[0].Actor != "zhao" || !alice.Undoes[0].At.Equal(at) {
		t.Errorf("alice's change should undo zhao's web edit only: %+v", alice.Undoes)
	}
	if len(chen.Fields) != 1 || chen.Fields[0].Field != "name" || len(chen.Undoes) != 0 {
		t.Errorf("chen's rename came from a file and undoes no edit: %+v", chen)
	}
	if u := changes.Undoing(); len(u) != 1 || u[0].Key != "alice" {
		t.Errorf("undoing: %+v", u)
	}
	// The preview changed nothing.
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != audits {
		t.Errorf("preview wrote %d audit rows", n-audits)
	}
	if n := count(t, db, `SELECT count(*) FROM employees e JOIN teams t ON t.id = e.team_id WHERE e.key = 'alice' AND t.key = 'finance'`); n != 1 {
		t.Error("preview undid the web edit")
	}

	// The database is the source of truth: its export keeps the web edit.
	out, err := setup.Export(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	exported, err := orgfile.Parse("exported.yaml", out)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := setup.Preview(ctx, exported, "exported.yaml"); err != nil || !c.Empty() {
		t.Errorf("the export after the web edit should change nothing (%v): %+v", err, c.Records)
	}

	// Applying the older file undoes it; after that nothing is left to undo.
	if _, err := setup.Apply(ctx, file, "org.yaml"); err != nil {
		t.Fatal(err)
	}
	if c, err := setup.Preview(ctx, renamed, "newer.yaml"); err != nil || len(c.Records) != 1 || len(c.Undoing()) != 0 {
		t.Errorf("after the apply: %v %+v", err, c.Records)
	}
}

// TestConsoleSetup: the console's calls check the member's permission
// and org, and an import is an apply, not an edit a later apply undoes.
func TestConsoleSetup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	file := applyExample(t, db)
	dir := store.NewDirectory(db)
	member := func(key string) core.Member {
		ms, err := dir.FindMembersByKey(ctx, key)
		if err != nil || len(ms) != 1 {
			t.Fatalf("member %s: %v", key, err)
		}
		return ms[0]
	}
	setup := setupOf(db).WithAuthorizer(core.NewDirectory(dir, core.SystemClock{}))
	if _, err := setup.ExportFor(ctx, member("chen"), "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("an employee exported the org: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND action = 'org.setup'`); n != 1 {
		t.Errorf("the refusal was not audited: %d rows", n)
	}
	hr := member("zhao")
	out, err := setup.ExportFor(ctx, hr, "web")
	if err != nil || !strings.Contains(string(out), "key: shop") {
		t.Fatalf("HR export: %v", err)
	}
	other := file
	other.Orgs = []orgfile.OrgSpec{{Key: "elsewhere", Name: "Elsewhere"}}
	if _, err := setup.PreviewFor(ctx, hr, other, "other.yaml", "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("HR previewed another org's file: %v", err)
	}
	changed := file
	changed.Orgs = append([]orgfile.OrgSpec(nil), file.Orgs...)
	changed.Orgs[0].Teams = append([]orgfile.TeamSpec(nil), file.Orgs[0].Teams...)
	changed.Orgs[0].Teams[0].Name = "客服一组"
	c, err := setup.PreviewFor(ctx, hr, changed, "upload.yaml", "web")
	if err != nil || len(c.Records) != 1 || c.Records[0].Key != "cs" || len(c.Undoing()) != 0 {
		t.Fatalf("preview of an upload: %v %+v", err, c.Records)
	}
	if res, err := setup.ImportFor(ctx, hr, changed, "upload.yaml", "web"); err != nil || res.Updated != 1 {
		t.Fatalf("import: %v %+v", err, res)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'team.update' AND channel = 'web' AND actor_id = $1 AND actor_label = 'apply upload.yaml'`, hr.Employee.ID); n != 1 {
		t.Errorf("the import's audit row: %d", n)
	}
	// Going back to the original file reverts an import, not an edit.
	if c, err := setup.Preview(ctx, file, "org.yaml"); err != nil || len(c.Records) != 1 || len(c.Undoing()) != 0 {
		t.Errorf("after the import: %v %+v", err, c.Records)
	}
}

// TestPreviewShowsRotaEditsItUndoes: a day changed on the console's rota,
// and one the file also plans differently, are both flagged when an older
// org file is previewed: applying it would undo them.
func TestPreviewShowsRotaEditsItUndoes(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	file := applyExample(t, db)
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	clock := core.ClockFunc(func() time.Time { return now })
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	hr, err := dir.Identify(ctx, core.PlatformConsole, "shop/zhao")
	if err != nil {
		t.Fatal(err)
	}
	// The file has Alice on the evening shift on 24 December; HR gives her
	// the day off, and gives Sun the 28th off.
	if err := att.SetDay(ctx, hr, "alice", core.NewDate(2026, 12, 24), "", "web"); err != nil {
		t.Fatal(err)
	}
	if err := att.SetDay(ctx, hr, "sun", core.NewDate(2026, 12, 28), "", "web"); err != nil {
		t.Fatal(err)
	}
	changes, err := setupOf(db).Preview(ctx, file, "org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	undone := map[string]bool{}
	for _, c := range changes.Undoing() {
		if c.Entity == "shift_override" {
			undone[c.Key] = true
		}
	}
	for _, key := range []string{"alice@2026-12-24", "sun@2026-12-28"} {
		if !undone[key] {
			t.Errorf("the preview does not flag that applying the file undoes the rota's %s; it flags %v", key, undone)
		}
	}
}
