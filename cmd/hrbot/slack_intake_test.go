package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

// startServeProcess runs `hrbot serve` as its own process, so that it can
// be killed, and returns it with its base URL once it is ready.
func startServeProcess(t *testing.T, bin string, env []string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	addr := freeAddr(t)
	logs := &syncBuffer{}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(env, "HRBOT_HTTP_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("hrbot serve (pid %d) said:\n%s", cmd.Process.Pid, logs.String())
		}
	})
	base := "http://" + addr
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return cmd, base, logs
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready:\n%s", logs.String())
		}
	}
}

// intakeStates counts the Slack intake's rows: waiting, leased, done, set aside.
func intakeStates(t *testing.T, conn *pgx.Conn) (waiting, leased, done, aside int) {
	t.Helper()
	err := conn.QueryRow(context.Background(), `
		SELECT count(*) FILTER (WHERE done_at IS NULL AND aside_at IS NULL AND taken_by IS NULL),
		       count(*) FILTER (WHERE done_at IS NULL AND aside_at IS NULL AND taken_by IS NOT NULL),
		       count(*) FILTER (WHERE done_at IS NOT NULL), count(*) FILTER (WHERE aside_at IS NOT NULL)
		FROM intake WHERE platform = 'slack'`).Scan(&waiting, &leased, &done, &aside)
	if err != nil {
		t.Fatal(err)
	}
	return waiting, leased, done, aside
}

// TestSlackIntakeSurvivesSIGKILL: 60 people check in on Slack and every
// event is acknowledged while Slack's chat.postMessage hangs, so the
// answers hrbot sends (through its delivery queue) are stuck and the
// intake workers are still handling the last events. hrbot is killed with
// SIGKILL: the answers it was sending never reach Slack, and nothing it
// held in memory survives. A new `hrbot serve` takes over from the intake
// and the delivery queue (the dead process's leases and jobs are taken
// back after they run out): every acknowledged check-in is stored once and
// every person is told once.
func TestSlackIntakeSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs hrbot serve twice as its own process and waits out a lease")
	}
	t.Parallel()
	const people, workers = 60, 4
	bin := buildHrbot(t)
	dbURL := pgtest.URL(t)
	applyOrg(t, dbURL, allDayOrg(people, 0, 0))
	fake := slackfake.New("xoxb-kill", "")
	defer fake.Close()
	release := fake.Hold("chat.postMessage")
	defer release()
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "HRBOT_SLACK_BOT_TOKEN=xoxb-kill",
		"HRBOT_SLACK_SIGNING_SECRET="+slackSecret, "HRBOT_SLACK_API_URL="+fake.URL(),
		"HRBOT_SLACK_POST_PER_MINUTE=60000", fmt.Sprint("HRBOT_SLACK_INTAKE_WORKERS=", workers), "HRBOT_LOG_LEVEL=warn")
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())

	first, base, _ := startServeProcess(t, bin, env)
	h := &slackHarness{t: t, fake: fake, base: base}
	for i := range people {
		if code := h.dm(fmt.Sprintf("UL%07d", i), "checkin"); code != http.StatusOK {
			t.Fatalf("person %d's check-in: %d", i, code)
		}
	}
	for deadline := time.Now().Add(30 * time.Second); fake.Held("chat.postMessage") == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no answer is being sent")
		}
	}
	waiting, leased, handled, _ := intakeStates(t, conn)
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	// The killed process's calls are dropped by the fake (Slack never got
	// them) before the new process's go through.
	for deadline := time.Now().Add(10 * time.Second); fake.Held("chat.postMessage") > 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the killed process's calls are still held")
		}
	}
	release()
	if n := len(fake.Calls("chat.postMessage")); n != 0 {
		t.Fatalf("%d answers reached Slack before the restart", n)
	}

	startServeProcess(t, bin, env)
	for deadline := time.Now().Add(120 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		waiting, leased, done, aside := intakeStates(t, conn)
		if done+aside == people {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart: %d waiting, %d leased, %d done, %d set aside", waiting, leased, done, aside)
		}
	}
	if _, _, _, aside := intakeStates(t, conn); aside != 0 {
		t.Errorf("%d set aside", aside)
	}
	// The answers follow through the delivery queue; the dead process's
	// sends are taken back after River's rescue.
	countTold := func() map[string]int {
		told := map[string]int{}
		for _, c := range fake.Calls("chat.postMessage") {
			if strings.Contains(c.Text, "Checked in") {
				told[c.Channel]++
			}
		}
		return told
	}
	for deadline := time.Now().Add(120 * time.Second); len(countTold()) < people && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second) // for any repeat to show
	told := countTold()
	var stored int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM attendance_records WHERE check_in IS NOT NULL`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	for i := range people {
		if ch := slackfake.DMChannel(fmt.Sprintf("UL%07d", i)); told[ch] != 1 {
			t.Errorf("person %d told %d times", i, told[ch])
		}
	}
	if stored != people {
		t.Errorf("%d check-ins stored, want %d", stored, people)
	}
	t.Logf("killed with %d events handled, %d being handled, %d waiting; after the restart %d people told, %d check-ins stored",
		handled, leased, waiting, len(told), stored)
}
