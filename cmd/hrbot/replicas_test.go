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
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
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

// replicaWorkers is each replica's HRBOT_DELIVERY_WORKERS: the most sends
// a killed replica can have in flight.
const replicaWorkers = 4

// platformRig is one chat platform's fake for the replica tests: how a
// person's account is written in the org file, the environment that
// points hrbot at the fake, and how many messages each account got.
type platformRig struct {
	account  func(i int) string // org-file line fragment, e.g. `slack: U0000001`
	env      []string
	received func() map[string]int // account → messages delivered
}

func slackRig(t *testing.T) platformRig {
	fake := slackfake.New("xoxb-replicas", "")
	t.Cleanup(fake.Close)
	// Slow answers keep sends in flight, so the kill catches some between
	// Slack taking a message and hrbot recording it.
	fake.SetLatency("chat.postMessage", 100*time.Millisecond)
	return platformRig{
		account: func(i int) string { return fmt.Sprintf("slack: U%07d", i) },
		env: []string{"HRBOT_SLACK_BOT_TOKEN=xoxb-replicas", "HRBOT_SLACK_SIGNING_SECRET=secret", "HRBOT_SLACK_API_URL=" + fake.URL(),
			// 100 messages a second per process, so the kill lands mid-way.
			"HRBOT_SLACK_POST_PER_MINUTE=6000"},
		received: func() map[string]int {
			out := map[string]int{}
			for _, c := range fake.Calls("chat.postMessage") {
				out[c.Channel]++
			}
			return out
		},
	}
}

func telegramRig(t *testing.T) platformRig {
	fake := telegramtest.New("123:REPLICAS")
	t.Cleanup(fake.Close)
	fake.SetLatency(100 * time.Millisecond)
	return platformRig{
		account: func(i int) string { return fmt.Sprintf(`telegram: "%d"`, 5000+i) },
		env: []string{"HRBOT_TELEGRAM_TOKEN=123:REPLICAS", "HRBOT_TELEGRAM_API_URL=" + fake.URL,
			"HRBOT_TELEGRAM_WEBHOOK_SECRET=s3cret", "HRBOT_TELEGRAM_SEND_PER_SECOND=30"},
		received: func() map[string]int {
			out := map[string]int{}
			for _, c := range fake.Calls("sendMessage") {
				out[c.Params["chat_id"]]++
			}
			return out
		},
	}
}

func wecomRig(t *testing.T) platformRig {
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	fake.SetLatency("/cgi-bin/message/send", 100*time.Millisecond)
	return platformRig{
		account: func(i int) string { return fmt.Sprintf("wecom: W%05d", i) },
		env: []string{"HRBOT_WECOM_CORP_ID=" + app.CorpID, fmt.Sprintf("HRBOT_WECOM_AGENT_ID=%d", app.AgentID), "HRBOT_WECOM_SECRET=" + app.Secret,
			"HRBOT_WECOM_TOKEN=" + app.Token, "HRBOT_WECOM_AES_KEY=" + app.AESKey, "HRBOT_WECOM_API_URL=" + fake.URL},
		received: func() map[string]int {
			out := map[string]int{} // what people saw: WeCom's duplicate check drops repeats
			for _, c := range fake.Messages("") {
				out[c.ToUser()]++
			}
			return out
		},
	}
}

// killOutcome is what a run of killOneReplica saw.
type killOutcome struct {
	people     int
	reached    int
	repeated   int // people who got the reminder more than once
	extra      int // messages beyond one a person
	resent     int // in-doubt sends sent again, as the ledger says
	inDoubt    map[string]int
	takenOver  int           // jobs taken over from the dead replica
	afterKill  time.Duration // from the kill to the last of the dead replica's share sent
	sentLedger int
	dbURL      string
}

// killOneReplica runs three `hrbot serve` processes on one database. A
// reminder falls due for people; the replica holding the most sends is
// killed with SIGKILL after a quarter of them have gone out; the survivors
// finish.
func killOneReplica(t *testing.T, bin string, rig platformRig, people int) killOutcome {
	t.Helper()
	// A daily reminder at the minute that has just begun, so it is due now
	// and not again during the test.
	due := time.Now().UTC().Truncate(time.Minute)
	var org strings.Builder
	org.WriteString("orgs:\n  - key: shop\n    name: Big Shop\n    time_zone: UTC\n    reminders:\n      rules:\n")
	fmt.Fprintf(&org, "        - {key: hello, cron: \"%d %d * * *\", audience: everyone, working_days_only: false, text: {en: Hello team}}\n",
		due.Minute(), due.Hour())
	org.WriteString("    employees:\n")
	for i := range people {
		fmt.Fprintf(&org, "      - {key: p%04d, name: Person %d, locale: en, %s}\n", i, i, rig.account(i))
	}
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(org.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dbURL := pgtest.URL(t)
	if r := hrbot(t, map[string]string{"DATABASE_URL": dbURL}, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	env := append(os.Environ(), "DATABASE_URL="+dbURL, fmt.Sprintf("HRBOT_DELIVERY_WORKERS=%d", replicaWorkers),
		"HRBOT_SCHEDULER_INTERVAL=1s", "HRBOT_LOG_LEVEL=warn")
	env = append(env, rig.env...)
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

	sent := func() (n int) {
		for _, c := range rig.received() {
			n += c
		}
		return n
	}
	// Wait for a quarter to be sent, for as long as sending goes on: on a
	// loaded machine (three race-built processes on two cores) it can take
	// over a minute; a minute without a send is a failure.
	for last, moved := 0, time.Now(); sent() < people/4; time.Sleep(20 * time.Millisecond) {
		if n := sent(); n > last {
			last, moved = n, time.Now()
		}
		if time.Since(moved) > time.Minute {
			t.Fatalf("sending stalled at %d for a minute; logs:\n%s", sent(), logs[0].String())
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
			t.Fatalf("no job running at %d of %d sent: %v", sent(), people, err)
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
	killedAt := time.Now()
	_ = procs[victim].Wait()
	t.Logf("killed replica %d after %d of %d messages", victim, sent(), people)

	// The survivors finish, including what the killed one had running.
	var waiting int
	for deadline := time.Now().Add(150 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM deliveries WHERE state IN ('queued', 'sending')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 0 && len(rig.received()) >= people {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still waiting, %d people reached", waiting, len(rig.received()))
		}
	}
	time.Sleep(500 * time.Millisecond) // anything sent twice would show by now

	out := killOutcome{people: people, inDoubt: map[string]int{}, dbURL: dbURL}
	for _, n := range rig.received() {
		out.reached++
		if n > 1 {
			out.repeated++
			out.extra += n - 1
		}
	}
	rows, _ := conn.Query(ctx, `SELECT in_doubt_outcome, count(*) FROM deliveries WHERE in_doubt GROUP BY 1`)
	for rows.Next() {
		var o string
		var n int
		_ = rows.Scan(&o, &n)
		out.inDoubt[o] = n
	}
	out.resent = out.inDoubt["resent"]
	var lastSent time.Time
	if err := conn.QueryRow(ctx, `
		SELECT count(*), coalesce(max(d.sent_at), now()) FROM delivery_rescues r
		JOIN river_job j ON j.id = r.job_id JOIN deliveries d ON d.key = j.args->>'key'`).Scan(&out.takenOver, &lastSent); err != nil {
		t.Fatal(err)
	}
	out.afterKill = lastSent.Sub(killedAt)
	_ = conn.QueryRow(ctx, `SELECT count(*) FROM deliveries WHERE state = 'sent'`).Scan(&out.sentLedger)
	var occurrences []string
	rows, _ = conn.Query(ctx, `SELECT status || ':' || recipients FROM reminder_occurrences`)
	occurrences, _ = pgx.CollectRows(rows, pgx.RowTo[string])
	if len(occurrences) != 1 || occurrences[0] != fmt.Sprintf("sent:%d", people) {
		t.Errorf("occurrences %v, want one sent to %d", occurrences, people)
	}
	t.Logf("reached %d of %d; %d got it twice or more (%d extra); in doubt %v; %d jobs taken over from the dead replica, its share sent %.1f s after the kill",
		out.reached, people, out.repeated, out.extra, out.inDoubt, out.takenOver, out.afterKill.Seconds())
	if out.reached != people {
		t.Errorf("%d people reached, want %d: someone missed the reminder", out.reached, people)
	}
	if out.takenOver == 0 {
		t.Error("no job was taken over from the killed replica: the test proved nothing about it")
	}
	return out
}

// On Slack and WeCom a replica killed mid-send loses and repeats nothing:
// Slack is asked (message metadata) whether an interrupted send arrived;
// WeCom's duplicate check drops a repeat.
func TestReplicasKilledMidSendSlack(t *testing.T) { exactlyOnceAcrossAKill(t, slackRig, 1000) }
func TestReplicasKilledMidSendWeCom(t *testing.T) { exactlyOnceAcrossAKill(t, wecomRig, 300) }

func exactlyOnceAcrossAKill(t *testing.T, rig func(*testing.T) platformRig, people int) {
	if testing.Short() {
		t.Skip("starts three hrbot processes")
	}
	t.Parallel()
	out := killOneReplica(t, buildHrbot(t), rig(t), people)
	if out.repeated != 0 {
		t.Errorf("%d people got the reminder more than once", out.repeated)
	}
	if out.sentLedger != people {
		t.Errorf("%d deliveries recorded sent, want %d", out.sentLedger, people)
	}
}

// On Telegram nothing can tell whether an interrupted send arrived: a
// reminder in flight when its replica died is sent again. Nobody misses
// it; a repeat happens only for a send that was in flight — at most the
// dead replica's delivery workers — and each shows up as in doubt.
func TestReplicasKilledMidSendTelegram(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three hrbot processes")
	}
	t.Parallel()
	out := killOneReplica(t, buildHrbot(t), telegramRig(t), 300)
	if out.extra > out.resent {
		t.Errorf("%d repeats but %d in-doubt sends sent again: a repeat not shown as in doubt", out.extra, out.resent)
	}
	if out.resent > replicaWorkers {
		t.Errorf("%d in-doubt sends, more than the dead replica's %d workers could have in flight", out.resent, replicaWorkers)
	}
	if out.sentLedger != out.people {
		t.Errorf("%d deliveries recorded sent, want %d", out.sentLedger, out.people)
	}
	// HR can see which ones.
	r := hrbot(t, map[string]string{"DATABASE_URL": out.dbURL}, "", "deliveries", "--in-doubt")
	if r.code != 0 || strings.Count(r.stdout, " resent ") != out.resent || (out.resent == 0) != strings.Contains(r.stdout, "No in-doubt deliveries.") {
		t.Errorf("deliveries --in-doubt lists %d resent, want %d:\n%s%s", strings.Count(r.stdout, " resent "), out.resent, r.stdout, r.stderr)
	}
}
