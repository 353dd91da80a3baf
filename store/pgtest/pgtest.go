// Package pgtest gives tests a real PostgreSQL: the server at DATABASE_URL when
// set, otherwise a throwaway cluster started from the machine's binaries. Every
// test gets its own freshly migrated database, so tests run in parallel.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pglocal"
)

// server is per test binary: one cluster (or DATABASE_URL) shared by its tests.
var server struct {
	mu       sync.Mutex
	adminURL string
	cluster  *pglocal.Cluster
	template string
}

// Main wraps testing.M: it starts a throwaway cluster when DATABASE_URL is
// unset, runs the tests and stops the cluster. Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	if url := os.Getenv("DATABASE_URL"); url != "" {
		server.adminURL = url
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "hrbot-pgtest-")
	if err != nil {
		log.Printf("pgtest: %v", err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	c, err := pglocal.Start(ctx, pglocal.Options{Dir: dir, Database: "postgres"})
	cancel()
	if err != nil {
		log.Printf("pgtest: start PostgreSQL: %v", err)
		return 1
	}
	defer c.Close()
	server.cluster = c
	server.adminURL = c.URL("postgres")
	return m.Run()
}

// URL creates a fresh, migrated database for this test and returns its URL.
// The database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	if server.adminURL == "" {
		t.Fatal("pgtest: call pgtest.Main from TestMain")
	}
	ctx := context.Background()
	tpl, err := template(ctx)
	if err != nil {
		t.Fatalf("pgtest: template database: %v", err)
	}
	name := "hrbot_test_" + randomHex(6)
	admin, err := pgx.Connect(ctx, server.adminURL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer admin.Close(ctx)
	// CREATE DATABASE ... TEMPLATE fails while anyone else is connected to the
	// template; other test binaries may be cloning it at the same moment.
	for attempt := 0; ; attempt++ {
		_, err = admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tpl))
		if err == nil || attempt == 50 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), server.adminURL)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		_, _ = conn.Exec(context.Background(), fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
	})
	return withDatabase(server.adminURL, name)
}

// Pool opens a pool on a fresh database (see URL), closed when the test ends.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), URL(t))
	if err != nil {
		t.Fatalf("pgtest: pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// EmptyURL is like URL but the database has no migrations applied.
func EmptyURL(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	name := "hrbot_empty_" + randomHex(6)
	admin, err := pgx.Connect(ctx, server.adminURL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), server.adminURL)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		_, _ = conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDatabase(server.adminURL, name)
}

// template returns a migrated template database named after the migrations'
// hash, creating it once per server even when several test binaries race.
func template(ctx context.Context) (string, error) {
	server.mu.Lock()
	defer server.mu.Unlock()
	if server.template != "" {
		return server.template, nil
	}
	hash, err := store.MigrationsHash()
	if err != nil {
		return "", err
	}
	name := "hrbot_tpl_" + hash[:12]
	admin, err := pgx.Connect(ctx, server.adminURL)
	if err != nil {
		return "", err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(7220419)"); err != nil {
		return "", err
	}
	defer admin.Exec(ctx, "SELECT pg_advisory_unlock(7220419)")
	var ready bool
	err = admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)", name).Scan(&ready)
	if err != nil {
		return "", err
	}
	if !ready {
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return "", err
		}
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
			return "", err
		}
		if err := store.Migrate(ctx, withDatabase(server.adminURL, name), nil); err != nil {
			return "", fmt.Errorf("migrate template: %w", err)
		}
		if _, err := admin.Exec(ctx, "ALTER DATABASE "+name+" WITH is_template true"); err != nil {
			return "", err
		}
	}
	server.template = name
	return name, nil
}

// withDatabase points a connection string, URL or keyword/value, at another database.
func withDatabase(conn, db string) string {
	if u, err := url.Parse(conn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + db
		return u.String()
	}
	return conn + " dbname=" + db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
