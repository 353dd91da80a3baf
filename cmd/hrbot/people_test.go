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
