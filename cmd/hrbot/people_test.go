package main

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/store/pgtest"
)

// `hrbot people purge` erases the file of someone who left longer ago
// than the org keeps files — after a dry run that changes nothing — and
// then finds nothing more to do.
func TestPeoplePurge(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, `
orgs:
  - key: shop
    name: Shop
    retention: {years_after_leaving: 2}
    employees:
      - {key: hr, name: Helen HR, role: hr}
      - {key: old, name: Old Timer, status: left, left_on: 2020-01-31}
`)
	vars["HRBOT_ENCRYPTION_KEY"] = strings.Repeat("ab", 32)
	if r := hrbot(t, vars, "/file old set phone 13812345678 reason 离职档案\n", "chat", "--as", "hr"); r.code != 0 || !strings.Contains(r.stdout, "已保存") {
		t.Fatalf("chat: %+v", r)
	}
	phones := func() int {
		conn, err := pgx.Connect(context.Background(), dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		var n int
		if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM person_files WHERE phone IS NOT NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if r := hrbot(t, vars, "", "people", "purge", "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "shop/old\tOld Timer\tleft 2020-01-31\tpersonal file") ||
		!strings.Contains(r.stdout, "1 file(s) would be erased") {
		t.Fatalf("dry run: %+v", r)
	}
	if phones() != 1 {
		t.Fatal("the dry run erased the file")
	}
	if r := hrbot(t, vars, "", "people", "purge"); r.code != 0 || !strings.Contains(r.stdout, "1 file(s) erased") {
		t.Fatalf("purge: %+v", r)
	}
	if phones() != 0 {
		t.Error("the phone is still stored")
	}
	if r := hrbot(t, vars, "", "people", "purge"); r.code != 0 || !strings.Contains(r.stdout, "nothing to erase") {
		t.Errorf("again: %+v", r)
	}
	if r := hrbot(t, vars, "", "people"); r.code != 2 || !strings.Contains(r.stderr, "Usage: hrbot people purge") {
		t.Errorf("usage: %+v", r)
	}
}

// `hrbot people purge` erases candidates too: one whose application
// closed longer ago than the org keeps candidates goes (after a dry run
// that only counts them), one in the talent pool stays.
func TestPeoplePurgeCandidates(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, `
orgs:
  - key: shop
    name: Shop
    recruiting: {retention_days: 30}
    employees:
      - {key: boss, name: Boss, role: manager}
`)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `
		WITH o AS (INSERT INTO openings (org_id, job, headcount, hiring_manager_id, code, status, created_by, created_at)
		           SELECT org_id, 'cs', 1, id, 'abcdefgh', 'open', id, '2026-01-05' FROM employees WHERE key = 'boss' RETURNING id, org_id),
		     c AS (INSERT INTO candidates (org_id, platform, user_id, chat_id, name, talent_pool, created_at, last_seen_at)
		           SELECT org_id, 'telegram', u, u, n, n = 'Pooled', '2026-01-05', '2026-01-05' FROM o,
		                  (VALUES ('9001', 'Gone'), ('9002', 'Pooled')) AS v(u, n) RETURNING id, org_id)
		INSERT INTO applications (org_id, opening_id, candidate_id, source, stage, answers, created_at, stage_since)
		SELECT c.org_id, o.id, c.id, 'link', 'rejected', '{"why": "I like people"}', '2026-01-05', '2026-01-06' FROM c, o`); err != nil {
		t.Fatal(err)
	}
	names := func() string {
		var s string
		if err := conn.QueryRow(ctx, `SELECT string_agg(name, ',' ORDER BY id) FROM candidates`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if r := hrbot(t, vars, "", "people", "purge", "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "\tclosed 2026-01-06\t1 application(s)\n") ||
		!strings.Contains(r.stdout, "1 candidate(s) would be erased") || strings.Contains(r.stdout, "Gone") {
		t.Fatalf("dry run: %+v", r)
	}
	if names() != "Gone,Pooled" {
		t.Fatalf("the dry run erased: %s", names())
	}
	if r := hrbot(t, vars, "", "people", "purge"); r.code != 0 || !strings.Contains(r.stdout, "1 candidate(s) erased") {
		t.Fatalf("purge: %+v", r)
	}
	if names() != ",Pooled" {
		t.Errorf("after the purge: %s", names())
	}
	if r := hrbot(t, vars, "", "people", "purge"); r.code != 0 || !strings.Contains(r.stdout, "nothing to erase") {
		t.Errorf("again: %+v", r)
	}
}
