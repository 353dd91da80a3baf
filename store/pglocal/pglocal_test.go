package pglocal_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/store/pglocal"
)

func ping(t *testing.T, url string) error {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var one int
	return conn.QueryRow(context.Background(), "SELECT 1").Scan(&one)
}

func TestStartJoinStopReuse(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pglocal-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	first, err := pglocal.Start(ctx, pglocal.Options{Dir: dir, Database: "app"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Close() })
	if !first.Owned() {
		t.Fatal("first start does not own the server")
	}
	if err := ping(t, first.URL("")); err != nil {
		t.Fatalf("database app: %v", err)
	}

	// A second process joins the running server and leaves it running.
	second, err := pglocal.Start(ctx, pglocal.Options{Dir: dir, Database: "app"})
	if err != nil {
		t.Fatal(err)
	}
	if second.Owned() || second.URL("") != first.URL("") {
		t.Fatalf("second start: owned %v url %s", second.Owned(), second.URL(""))
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ping(t, first.URL("")); err != nil {
		t.Fatalf("server gone after the joiner closed: %v", err)
	}

	url := first.URL("")
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ping(t, url); err == nil {
		t.Fatal("server still answers after Close")
	}

	// The next run reuses the cluster and its data.
	third, err := pglocal.Start(ctx, pglocal.Options{Dir: dir, Database: "app"})
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	conn, err := pgx.Connect(ctx, third.URL(""))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE kept (x int)"); err != nil {
		t.Fatal(err)
	}
}

func TestMissingBinaries(t *testing.T) {
	_, err := pglocal.Start(context.Background(), pglocal.Options{Dir: t.TempDir(), BinDir: t.TempDir()})
	if !errors.Is(err, pglocal.ErrNoBinaries) {
		t.Fatalf("got %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "apt-get install postgresql") {
		t.Errorf("message does not say how to install: %q", msg)
	}
}

func TestAdoptsServerOfKilledProcess(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pglocal-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	first, err := pglocal.Start(ctx, pglocal.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Pretend its starter died without stopping it: a pid that has exited.
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(dead.Process.Pid)), 0o644); err != nil {
		t.Fatal(err)
	}
	next, err := pglocal.Start(ctx, pglocal.Options{Dir: dir})
	if err != nil {
		first.Close()
		t.Fatal(err)
	}
	if !next.Owned() {
		first.Close()
		t.Fatal("a server left by a dead process was joined, not adopted")
	}
	if err := next.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ping(t, first.URL("")); err == nil {
		t.Fatal("adopted server still runs after Close")
	}
}
