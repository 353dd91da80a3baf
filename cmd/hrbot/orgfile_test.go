package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

// TestExportDryRunAndUndo: export → apply changes nothing; an edit made on
// the web shows in a dry run of the older file as undone, and a plain
// apply says so before it applies.
func TestExportDryRunAndUndo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": url}
	if r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml"); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	exported := filepath.Join(t.TempDir(), "exported.yaml")
	if r := hrbot(t, vars, "", "export", "--org", "shop", "-o", exported); r.code != 0 || !strings.Contains(r.stdout, "wrote "+exported) {
		t.Fatalf("export: %+v", r)
	}
	if r := hrbot(t, vars, "", "export"); r.code != 0 || !strings.Contains(r.stdout, "name: 李爱丽 Alice Li") {
		t.Errorf("export to standard output: %+v", r)
	}
	if r := hrbot(t, vars, "", "apply", "-f", exported, "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "dry run of "+exported+": no changes") {
		t.Errorf("dry run of the export: %+v", r)
	}
	if r := hrbot(t, vars, "", "apply", "-f", exported); r.code != 0 || !strings.Contains(r.stdout, "0 created, 0 updated, 59 unchanged") {
		t.Errorf("apply of the export: %+v", r)
	}

	// HR moves alice to finance on the web console.
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var orgID, zhao int64
	if err := db.Pool().QueryRow(ctx, `SELECT org_id, id FROM employees WHERE key = 'zhao'`).Scan(&orgID, &zhao); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `UPDATE employees SET team_id = (SELECT id FROM teams WHERE key = 'finance') WHERE key = 'alice'`); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordAudit(ctx, core.AuditEntry{OrgID: orgID, ActorID: zhao, Action: "employee.update", EntityType: "employee",
		EntityID: "alice", Before: map[string]any{"team": "cs"}, After: map[string]any{"team": "finance"}, Channel: "web",
		Outcome: core.OutcomeOK, At: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}

	r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml", "--dry-run")
	for _, want := range []string{
		"1 change(s), 1 undoing edits made outside org files; nothing applied",
		"shop employee alice: employee.update\n      team: finance → cs\n",
		"! undoes employee.update by zhao (赵敏 Zhao Min) via web at 2026-12-01 10:00 UTC",
	} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("dry run lacks %q: %+v", want, r)
		}
	}
	if n := teamOf(t, db, "alice"); n != "finance" {
		t.Errorf("the dry run changed alice's team to %s", n)
	}
	r = hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml")
	if r.code != 0 || !strings.Contains(r.stdout, "undoes 1 change(s) made outside org files") ||
		!strings.Contains(r.stdout, "was employee.update by zhao (赵敏 Zhao Min) via web") ||
		!strings.Contains(r.stdout, "0 created, 1 updated, 58 unchanged") {
		t.Errorf("apply over a web edit: %+v", r)
	}
	if n := teamOf(t, db, "alice"); n != "cs" {
		t.Errorf("the file should win: alice is in %s", n)
	}
	if r := hrbot(t, vars, "", "export", "--org", "nosuch"); r.code != 1 || !strings.Contains(r.stderr, "no org") {
		t.Errorf("export of an unknown org: %+v", r)
	}
	if _, err := os.Stat(exported); err != nil {
		t.Error(err)
	}
}

func teamOf(t *testing.T, db *store.DB, key string) string {
	t.Helper()
	var team string
	if err := db.Pool().QueryRow(context.Background(), `
		SELECT coalesce(t.key, '') FROM employees e LEFT JOIN teams t ON t.id = e.team_id WHERE e.key = $1`, key).Scan(&team); err != nil {
		t.Fatal(err)
	}
	return team
}
