package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestMigrateFromEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.EmptyURL(t)
	current, target, err := store.MigrationStatus(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if current != 0 || target == 0 {
		t.Fatalf("empty database: current %d target %d, want 0 and >0", current, target)
	}
	if err := store.Migrate(ctx, url, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	// Running again is a no-op: replicas all migrate at start.
	if err := store.Migrate(ctx, url, nil); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	current, target, err = store.MigrationStatus(ctx, url)
	if err != nil || current != target {
		t.Fatalf("after migrate: current %d target %d err %v", current, target, err)
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Every domain table carries org_id; River's queue tables are its own,
	// the intake holds what platforms deliver before anyone knows whose org it is,
	// platform tokens belong to an app, not an org, and the delivery replicas
	// and their rescues are processes and River's jobs.
	rows, err := db.Pool().Query(ctx, `
		SELECT table_name FROM information_schema.tables t
		WHERE table_schema = 'public' AND table_name NOT IN ('org_groups', 'orgs', 'goose_db_version', 'intake', 'platform_tokens',
		  'delivery_replicas', 'delivery_rescues')
		  AND table_name NOT LIKE 'river\_%'
		  AND table_type = 'BASE TABLE'
		  AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
		                  WHERE c.table_name = t.table_name AND c.column_name = 'org_id')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		_ = rows.Scan(&name)
		t.Errorf("table %s has no org_id", name)
	}
}

// Pool settings in the database URL (pgx's pool_max_conns, the way to size
// hrbot's pool) are the pool's: migrating with such a URL works, and the
// pool takes them.
func TestPoolSettingsInURL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.EmptyURL(t)
	if strings.Contains(url, "?") {
		url += "&pool_max_conns=12"
	} else {
		url += "?pool_max_conns=12"
	}
	if err := store.Migrate(ctx, url, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := db.Pool().Config().MaxConns; n != 12 {
		t.Errorf("pool of %d connections, want 12", n)
	}
}
