package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// loadMix is what simulated people send, with weights: checking in,
// their balance and month, a policy question, a leave request (previewed),
// the quiz list.
var loadMix = []struct {
	text   string
	weight int
}{
	{"/checkin", 40}, {"/balance", 10}, {"/me", 10}, {"can I split my annual leave into several parts?", 20},
	{"/leave annual tomorrow", 10}, {"/quiz", 10},
}

func pickText(r *rand.Rand) string {
	n := r.IntN(100)
	for _, m := range loadMix {
		if n < m.weight {
			return m.text
		}
		n -= m.weight
	}
	return loadMix[0].text
}

// rss returns the peak and current resident memory of a process, in MiB.
func rss(pid int) (peak, now float64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmHWM:":
			peak = kb / 1024
		case "VmRSS:":
			now = kb / 1024
		}
	}
	return peak, now
}

// insertRate measures raw PostgreSQL: single-row INSERTs a second from
// workers connections, for d.
func insertRate(b *testing.B, dbURL string, workers int, d time.Duration) float64 {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, `CREATE TABLE load_baseline (id bigserial PRIMARY KEY, employee_id bigint, at timestamptz, note text)`); err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if _, err := pool.Exec(ctx, `INSERT INTO load_baseline (employee_id, at, note) VALUES ($1, now(), 'x')`, w); err == nil {
					n.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// BenchmarkMixedLoad drives `hrbot serve` (a separate process) with a
// mixed workload from 10,000 simulated people — half on Telegram, half on
// Slack — through the real webhook paths against fake platform servers,
// and measures requests a second, latency, errors and memory, next to raw
// PostgreSQL insert throughput measured in the same run.
//
//	go test -run XXX -bench MixedLoad -benchtime 1x -timeout 30m ./cmd/hrbot/
//
// HRBOT_LOAD_PEOPLE, HRBOT_LOAD_SECONDS and HRBOT_LOAD_WORKERS change the
// size (10000, 30, 64).
func BenchmarkMixedLoad(b *testing.B) {
	people, seconds, workers := envInt("HRBOT_LOAD_PEOPLE", 10000), envInt("HRBOT_LOAD_SECONDS", 30), envInt("HRBOT_LOAD_WORKERS", 64)
	dbURL := pgtest.URL(b)
	start := time.Now()
	vars := applyOrg(b, dbURL, allDayOrg(people, 500000, people/2))
	b.Logf("applied %d people in %s", people, time.Since(start).Round(time.Millisecond))
	if r := hrbot(b, vars, "", "kb", "import", sampleHandbook); r.code != 0 {
		b.Fatalf("kb import: %s", r.stderr)
	}
	if r := hrbot(b, vars, "", "quiz", "import", "../../examples/quizzes/cs-1.md"); r.code != 0 {
		b.Fatalf("quiz import: %s", r.stderr)
	}

	tg := telegramtest.New("123:ABC")
	defer tg.Close()
	sl := slackfake.New("xoxb-load", "")
	defer sl.Close()
	addr := freeAddr(b)
	base := "http://" + addr
	cmd := exec.Command(buildHrbot(b), "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL+os.Getenv("HRBOT_LOAD_URL_EXTRA"), "HRBOT_HTTP_ADDR="+addr, "HRBOT_LOG_LEVEL=WARN",
		"HRBOT_TELEGRAM_TOKEN=123:ABC", "HRBOT_TELEGRAM_API_URL="+tg.URL, "HRBOT_TELEGRAM_WEBHOOK_SECRET=s3cret",
		"HRBOT_TELEGRAM_SEND_PER_SECOND=10000",
		"HRBOT_SLACK_BOT_TOKEN=xoxb-load", "HRBOT_SLACK_SIGNING_SECRET="+slackSecret, "HRBOT_SLACK_API_URL="+sl.URL(),
		"HRBOT_SLACK_POST_PER_MINUTE=60000")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			b.Fatalf("serve not ready:\n%s", logs.String())
		}
	}
	_, idleRSS := rss(cmd.Process.Pid)

	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	var updateID, eventID atomic.Int64
	type sample struct {
		telegram bool
		d        time.Duration
		status   int
	}
	samples := make([][]sample, workers)
	checkedIn := make([]map[int]bool, workers)
	stop := time.Now().Add(time.Duration(seconds) * time.Second)
	b.ResetTimer()
	began := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		checkedIn[w] = map[int]bool{}
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 42))
			for time.Now().Before(stop) {
				i := r.IntN(people)
				text := pickText(r)
				var req *http.Request
				telegram := i < people/2
				if telegram {
					id := updateID.Add(1)
					from := 500000 + int64(i)
					body, _ := json.Marshal(map[string]any{"update_id": id, "message": map[string]any{
						"message_id": id, "date": time.Now().Unix(), "text": text,
						"from": map[string]any{"id": from, "is_bot": false, "first_name": "P", "language_code": "en"},
						"chat": map[string]any{"id": from, "type": "private"}}})
					req, _ = http.NewRequest(http.MethodPost, base+"/telegram/webhook", bytes.NewReader(body))
					req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
					req.Header.Set("Content-Type", "application/json")
				} else {
					id := eventID.Add(1)
					user := fmt.Sprintf("UL%07d", i)
					body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID, "event_id": fmt.Sprint("EvL", id),
						"event": map[string]any{"type": "message", "channel_type": "im", "channel": slackfake.DMChannel(user), "user": user,
							"text": strings.TrimPrefix(text, "/"), "ts": fmt.Sprintf("1800000000.%06d", id)}})
					req, _ = http.NewRequest(http.MethodPost, base+"/slack/events", bytes.NewReader(body))
					req.Header = slackfake.Sign(slackSecret, body, time.Now())
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				res, err := client.Do(req)
				s := sample{telegram: telegram, d: time.Since(t0)}
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					s.status = res.StatusCode
				}
				samples[w] = append(samples[w], s)
				if telegram && text == "/checkin" && s.status == http.StatusOK {
					checkedIn[w][i] = true
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)
	b.StopTimer()
	peakRSS, _ := rss(cmd.Process.Pid)

	// Slack's replies are sent after the acknowledgement, from the intake:
	// wait for them while they keep coming (up to ten minutes).
	var slackOK int
	for _, ws := range samples {
		for _, s := range ws {
			if !s.telegram && s.status == http.StatusOK {
				slackOK++
			}
		}
	}
	drain, still := time.Now(), 0
	for prev := -1; time.Since(drain) < 10*time.Minute && still < 20; time.Sleep(500 * time.Millisecond) {
		n := len(sl.Calls("chat.postMessage")) + len(sl.Calls("chat.postEphemeral"))
		if n >= slackOK {
			break
		}
		if n == prev {
			still++
		} else {
			still = 0
		}
		prev = n
	}
	drained := time.Since(drain)
	slackReplies := len(sl.Calls("chat.postMessage")) + len(sl.Calls("chat.postEphemeral"))

	var tgLat, slLat []time.Duration
	var total, errors, busy int
	for _, ws := range samples {
		for _, s := range ws {
			total++
			switch {
			case s.status == http.StatusServiceUnavailable && !s.telegram:
				busy++ // Slack sends it again later; none since the intake is kept in PostgreSQL
			case s.status != http.StatusOK:
				errors++
			case s.telegram:
				tgLat = append(tgLat, s.d)
			default:
				slLat = append(slLat, s.d)
			}
		}
	}
	slices.Sort(tgLat)
	slices.Sort(slLat)
	distinct := map[int]bool{}
	for _, m := range checkedIn {
		for i := range m {
			distinct[i] = true
		}
	}
	var stored int
	pool, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		b.Fatal(err)
	}
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM attendance_records r JOIN chat_identities c ON c.employee_id = r.employee_id AND c.platform = 'telegram'`).Scan(&stored); err != nil {
		b.Fatal(err)
	}
	pool.Close()

	inserts := insertRate(b, dbURL, workers, 5*time.Second)
	rate := float64(total-errors-busy) / elapsed.Seconds()
	b.ReportMetric(rate, "req/s")
	b.ReportMetric(float64(percentile(tgLat, 0.50).Microseconds())/1000, "tg_p50_ms")
	b.ReportMetric(float64(percentile(tgLat, 0.99).Microseconds())/1000, "tg_p99_ms")
	b.ReportMetric(float64(percentile(slLat, 0.50).Microseconds())/1000, "slack_ack_p50_ms")
	b.ReportMetric(float64(percentile(slLat, 0.99).Microseconds())/1000, "slack_ack_p99_ms")
	b.ReportMetric(float64(errors), "errors")
	b.ReportMetric(float64(busy), "slack_busy")
	b.ReportMetric(drained.Seconds(), "slack_drain_s")
	b.ReportMetric(peakRSS, "peak_rss_MiB")
	b.ReportMetric(inserts, "pg_inserts/s")
	b.ReportMetric(rate/inserts, "req/insert")
	b.Logf("%d requests in %s from %d workers over %d people: %.0f/s; Telegram p50 %s p99 %s; Slack ack p50 %s p99 %s, %d of %d replies sent after the ack (%s after the load ended); errors %d, busy %d; RSS idle %.0f MiB, peak %.0f MiB; raw inserts %.0f/s",
		total, elapsed.Round(time.Millisecond), workers, people, rate, percentile(tgLat, 0.5), percentile(tgLat, 0.99),
		percentile(slLat, 0.5), percentile(slLat, 0.99), slackReplies, slackOK, drained.Round(time.Second), errors, busy, idleRSS, peakRSS, inserts)
	b.Logf("Telegram check-ins acknowledged: %d people; attendance records of Telegram people stored: %d", len(distinct), stored)
	if len(distinct) != stored {
		b.Errorf("acknowledged check-ins %d != stored %d", len(distinct), stored)
	}
}
