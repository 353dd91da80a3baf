package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

// buildHrbot compiles the binary once per test run, for tests that need
// real processes (to kill one of them).
func buildHrbot(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hrbot")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestReminderToAThousandAcrossReplicasWithOneKilled runs three `hrbot
// serve` processes on one database. A reminder falls due for 1,000 people;
// one process is killed with SIGKILL while they are being sent. The fake
// Slack must see each person exactly once.
func TestReminderToAThousandAcrossReplicasWithOneKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three hrbot processes")
	}
	t.Parallel()
	const people = 1000
	bin := buildHrbot(t)
	fake := slackfake.New("xoxb-replicas", "")
	defer fake.Close()
	// Slow answers keep sends in flight, so the kill catches some between
	// Slack taking a message and hrbot recording it.
	fake.SetLatency("chat.postMessage", 100*time.Millisecond)

	// A daily reminder at the minute that has just begun, so it is due now
	// and not again during the test.
	due := time.Now().UTC().Truncate(time.Minute)
	var org strings.Builder
	org.WriteString("orgs:\n  - key: shop\n    name: Big Shop\n    time_zone: UTC\n    reminders:\n      rules:\n")
	fmt.Fprintf(&org, "        - {key: hello, cron: \"%d %d * * *\", audience: everyone, working_days_only: false, text: {en: Hello team}}\n",
		due.Minute(), due.Hour())
	org.WriteString("    employees:\n")
	for i := range people {
		fmt.Fprintf(&org, "      - {key: p%04d, name: Person %d, locale: en, slack: U%07d}\n", i, i, i)
	}
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(org.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dbURL := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": dbURL}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	env := append(os.Environ(),
		"DATABASE_URL="+dbURL,
		"HRBOT_SLACK_BOT_TOKEN=xoxb-replicas", "HRBOT_SLACK_SIGNING_SECRET=secret", "HRBOT_SLACK_API_URL="+fake.URL(),
		// 100 messages a second per process, so the kill lands mid-way.
		"HRBOT_SLACK_POST_PER_MINUTE=6000", "HRBOT_DELIVERY_WORKERS=4",
		"HRBOT_SCHEDULER_INTERVAL=1s", "HRBOT_LOG_LEVEL=warn")
	procs := make([]*exec.Cmd, 3)
	logs := make([]*strings.Builder, 3)
	for i := range procs {
		logs[i] = &strings.Builder{}
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(env, "HRBOT_HTTP_ADDR="+freeAddr(t))
		cmd.Stdout, cmd.Stderr = logs[i], logs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[i] = cmd
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
	}
	// The rule was applied after its minute began: count from just before,
	// as if hrbot had been down then (well within late_after).
	if _, err := conn.Exec(ctx, `UPDATE reminder_rules SET checked_until = $1`, due.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}

	posted := func() int { return len(fake.Calls("chat.postMessage")) }
	for deadline := time.Now().Add(60 * time.Second); posted() < people/4; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d sent after a minute; logs:\n%s", posted(), logs[0].String())
		}
	}
	// Kill a replica that is sending right now (River's client ids carry
	// the process id).
	victim := -1
	for victim < 0 {
		var holder string
		err := conn.QueryRow(ctx, `
			SELECT attempted_by[array_upper(attempted_by, 1)] FROM river_job WHERE state = 'running'
			GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).Scan(&holder)
		if err != nil {
			t.Fatalf("no job running at %d of %d sent: %v", posted(), people, err)
		}
		for i, p := range procs {
			if strings.Contains(holder, fmt.Sprintf("_pid%d_", p.Process.Pid)) {
				victim = i
			}
		}
	}
	if err := procs[victim].Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = procs[victim].Wait()
	t.Logf("killed replica %d after %d of %d messages", victim, posted(), people)

	// The survivors finish, including what the killed one had claimed
	// (River rescues its jobs; each is checked with Slack before resending).
	var waiting int
	for deadline := time.Now().Add(150 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM deliveries WHERE state IN ('queued', 'sending')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 0 && posted() >= people {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still waiting, %d posted", waiting, posted())
		}
	}
	time.Sleep(500 * time.Millisecond) // anything sent twice would show by now

	perUser := map[string]int{}
	for _, c := range fake.Calls("chat.postMessage") {
		perUser[c.Channel]++
	}
	if len(perUser) != people {
		t.Errorf("%d people reached, want %d", len(perUser), people)
	}
	for ch, n := range perUser {
		if n != 1 {
			t.Errorf("%s got the reminder %d times", ch, n)
		}
	}
	var sent, resent, rescued int
	_ = conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE in_doubt), count(*) FILTER (WHERE attempts > 1) FROM deliveries`).
		Scan(&sent, &resent, &rescued)
	if sent != people {
		t.Errorf("%d deliveries recorded sent, want %d", sent, people)
	}
	var occurrences []string
	rows, _ := conn.Query(ctx, `SELECT status || ':' || recipients FROM reminder_occurrences`)
	occurrences, _ = pgx.CollectRows(rows, pgx.RowTo[string])
	if len(occurrences) != 1 || occurrences[0] != fmt.Sprintf("sent:%d", people) {
		t.Errorf("occurrences %v, want one sent to %d", occurrences, people)
	}
	t.Logf("%d deliveries were interrupted by the kill; %d of them had not reached Slack and were sent again", rescued, resent)
	if rescued == 0 {
		t.Error("the kill interrupted no delivery: the test proved nothing about them")
	}
}
