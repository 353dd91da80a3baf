package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
)

// BenchmarkWebhookStorm is the 9:00 storm from outside, as Telegram makes
// it: every person sends one /checkin at once, posted to `hrbot serve`'s
// webhook by 32 concurrent senders (Telegram sends again whatever is not
// answered 200). PostgreSQL is a cluster of the benchmark's own with
// fsync on, as in production; the baseline is pgbench's single-row
// INSERTs from as many clients on it, before and after the storm.
//
//	go test -run XXX -bench WebhookStorm -benchtime 1x -timeout 30m ./cmd/hrbot/
//
// Options (read only here):
//
//	HRBOT_STORM_PEOPLE=2000        people, one check-in each
//	HRBOT_STORM_SENDERS=32         concurrent senders (and pgbench clients)
//	HRBOT_STORM_REPLICAS=1         `hrbot serve` processes; more than one
//	                               sit behind a round-robin proxy
//	HRBOT_STORM_SEND_LIMIT=default default: hrbot's 30 messages a second and
//	                               the fake Telegram refusing more (429);
//	                               lifted: HRBOT_TELEGRAM_SEND_PER_SECOND=10000
//	                               and no limit at the fake
//	HRBOT_STORM_PGBENCH_SECONDS=10 each of the two baseline runs
//	HRBOT_STORM_STATEMENTS=1       log the statements the storm spent most
//	                               time on (pg_stat_statements)
//
// A reply counts whether it came back inline in the webhook's answer
// (Telegram's webhook reply: {"method":"sendMessage",...}) or was sent
// to the API. Every person must get exactly one reply and have exactly
// one attendance record.
func BenchmarkWebhookStorm(b *testing.B) {
	people, senders, replicas := envInt("HRBOT_STORM_PEOPLE", 2000), envInt("HRBOT_STORM_SENDERS", 32), envInt("HRBOT_STORM_REPLICAS", 1)
	lifted := os.Getenv("HRBOT_STORM_SEND_LIMIT") == "lifted"
	pgSeconds := time.Duration(envInt("HRBOT_STORM_PGBENCH_SECONDS", 10)) * time.Second
	const firstID = 700000
	cluster, pgDir := ownCluster(b)
	dbURL := cluster.URL("")
	stmts := os.Getenv("HRBOT_STORM_STATEMENTS") != ""
	if stmts {
		withStatements(b, cluster)
	}
	applyOrg(b, dbURL, allDayOrg(people, firstID, people))

	limit := 30
	if lifted {
		limit = 10000
	}
	tg, api, target, pids := stormServe(b, dbURL, limit, replicas, senders)

	cpu0 := sampleCPU(nil, pgDir)
	before := pgbenchInserts(b, cluster, senders, pgSeconds)
	pgbenchCPU := sampleCPU(nil, pgDir).minus(cpu0)
	s := &storm{base: target, firstID: firstID, acked: make([]bool, people),
		client: &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: senders}}}
	if stmts {
		statements(b, dbURL, true, people)
	}
	cpu0 = sampleCPU(pids, pgDir)
	stopSampling, sampled := make(chan struct{}), make(chan [2]float64, 1)
	go func() {
		open, busy := busyConns(dbURL, stopSampling)
		sampled <- [2]float64{open, busy}
	}()
	b.ResetTimer()
	s.run(people, senders)
	b.StopTimer()
	close(stopSampling)
	conns := <-sampled
	replies := s.waitReplies(b, tg, people)
	stormCPU := sampleCPU(pids, pgDir).minus(cpu0)
	if stmts {
		statements(b, dbURL, false, people)
	}
	after := pgbenchInserts(b, cluster, senders, pgSeconds)

	elapsed := s.ended.Sub(s.began)
	rate := float64(people) / elapsed.Seconds()
	baseline := (before + after) / 2
	slices.Sort(s.lat)
	p50, p99 := percentile(s.lat, 0.50), percentile(s.lat, 0.99)
	replyRate, drainRate := replies.rate(), replies.drainRate(s.ended)
	b.ReportMetric(rate, "req/s")
	b.ReportMetric(ms(p50), "p50_ms")
	b.ReportMetric(ms(p99), "p99_ms")
	b.ReportMetric(baseline, "pg_tps")
	b.ReportMetric(rate/baseline, "ratio")
	b.ReportMetric(replyRate, "reply/s")
	b.ReportMetric(replyRate/float64(limit), "reply/limit")
	b.ReportMetric(1000*stormCPU.hrbot/float64(people), "hrbot_cpu_ms/checkin")
	b.ReportMetric(1000*stormCPU.postgres/float64(people), "pg_cpu_ms/checkin")
	b.ReportMetric(1000*pgbenchCPU.postgres/(before*pgSeconds.Seconds()), "pg_cpu_ms/insert")
	b.Logf("storm: %d people, %d senders, %d replica(s), send limit %d/s: %d requests acknowledged in %s = %.0f/s; p50 %s, p99 %s; %d answered non-200 and sent again",
		people, senders, replicas, limit, people, elapsed.Round(time.Millisecond), rate, p50.Round(time.Millisecond), p99.Round(time.Millisecond), s.failed.Load())
	b.Logf("connections of hrbot to PostgreSQL during the storm: %.1f open, %.1f busy on average", conns[0], conns[1])
	b.Logf("pgbench single-row INSERTs, %d clients, fsync on: %.0f/s before, %.0f/s after → ratio %.2f", senders, before, after, rate/baseline)
	b.Logf("replies: %d inline in the webhook's answer, %d sent to the API (%d answered 429); %.1f/s from first to last (%.2f of the limit); after the storm %s",
		replies.inline, replies.api, api.count(http.StatusTooManyRequests), replyRate, replyRate/float64(limit), drainRate)
	b.Logf("CPU during the storm and its replies: hrbot %.1f s, PostgreSQL %.1f s, harness %.1f s (%.2f + %.2f ms a check-in); PostgreSQL during pgbench: %.3f ms an insert",
		stormCPU.hrbot, stormCPU.postgres, stormCPU.harness, 1000*stormCPU.hrbot/float64(people), 1000*stormCPU.postgres/float64(people),
		1000*pgbenchCPU.postgres/(before*pgSeconds.Seconds()))
	s.check(b, dbURL, replies, people)
}

// stormServe starts the fake Telegram, refusing more than limit sends a
// second unless limit is lifted (10000), and `hrbot serve` sending at
// most limit a second, in replicas processes; it returns the fake, the
// counter of its answers, the address to post updates to (a round-robin
// proxy for more than one process) and the processes' ids.
func stormServe(b *testing.B, dbURL string, limit, replicas, senders int) (*telegramtest.Server, *statusCounter, string, []int) {
	tg := telegramtest.New("123:ABC")
	b.Cleanup(tg.Close)
	if limit < 10000 {
		tg.SetLimits(&telegramtest.Limits{PerSecond: limit, RetryAfter: 1})
	}
	api, apiURL := counted(b, tg.Config.Handler)
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "HRBOT_LOG_LEVEL=WARN",
		"HRBOT_TELEGRAM_TOKEN=123:ABC", "HRBOT_TELEGRAM_API_URL="+apiURL, "HRBOT_TELEGRAM_WEBHOOK_SECRET=s3cret",
		// The setting is per process: replicas share the platform's limit.
		fmt.Sprintf("HRBOT_TELEGRAM_SEND_PER_SECOND=%d", max(1, limit/replicas)))
	bases, pids := startReplicas(b, buildHrbot(b), env, replicas)
	target := bases[0]
	if replicas > 1 {
		target = roundRobin(b, bases, senders)
	}
	return tg, api, target, pids
}

// storm is the senders' shared state.
type storm struct {
	base         string
	firstID      int64
	client       *http.Client
	began, ended time.Time
	failed       atomic.Int64

	mu     sync.Mutex
	lat    []time.Duration // of the requests answered 200
	inline []reply         // replies that came back in the webhook's answer
	acked  []bool          // by person
}

type reply struct {
	chat, text string
	at         time.Time
}

func (s *storm) run(people, senders int) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				s.deliver(i)
			}
		}()
	}
	s.began = time.Now()
	for i := range people {
		work <- i
	}
	close(work)
	wg.Wait()
	s.ended = time.Now()
}

// deliver posts person i's check-in until it is answered 200, as Telegram
// does, and keeps a reply that came back in the answer.
func (s *storm) deliver(i int) {
	from := s.firstID + int64(i)
	body, _ := json.Marshal(checkInUpdate(int64(i)+1, from))
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		req, _ := http.NewRequest(http.MethodPost, s.base+"/telegram/webhook", bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		res, err := s.client.Do(req)
		if err != nil {
			s.failed.Add(1)
			continue
		}
		answer, _ := io.ReadAll(res.Body)
		res.Body.Close()
		d, at := time.Since(t0), time.Now()
		if res.StatusCode != http.StatusOK {
			s.failed.Add(1)
			continue
		}
		s.mu.Lock()
		s.lat = append(s.lat, d)
		s.acked[i] = true
		if r, ok := inlineReply(answer); ok {
			r.at = at
			s.inline = append(s.inline, r)
		}
		s.mu.Unlock()
		return
	}
}

// inlineReply reads a webhook answer that carries a Bot API call.
func inlineReply(body []byte) (reply, bool) {
	var call struct {
		Method string          `json:"method"`
		ChatID json.RawMessage `json:"chat_id"`
		Text   string          `json:"text"`
	}
	if len(bytes.TrimSpace(body)) == 0 || json.Unmarshal(body, &call) != nil || call.Method == "" {
		return reply{}, false
	}
	return reply{chat: strings.Trim(string(call.ChatID), `"`), text: call.Text}, true
}

// replies are every reply the people got, however it went.
type replies struct {
	all         []reply
	api, inline int
	apiAt       []time.Time
}

// waitReplies waits until people replies arrived (inline ones already
// have), or none came for 15 s, then a little longer for any sent twice.
func (s *storm) waitReplies(tb testing.TB, tg *telegramtest.Server, people int) replies {
	count := func() int { return len(s.inline) + len(tg.Calls("sendMessage")) }
	last, lastAt := -1, time.Now()
	for deadline := time.Now().Add(10 * time.Minute); count() < people && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if n := count(); n != last {
			last, lastAt = n, time.Now()
		} else if time.Since(lastAt) > 15*time.Second {
			tb.Logf("replies stopped at %d of %d", n, people)
			break
		}
	}
	time.Sleep(time.Second)
	r := replies{all: append([]reply{}, s.inline...), inline: len(s.inline)}
	for _, c := range tg.Calls("sendMessage") {
		r.all = append(r.all, reply{chat: c.Params["chat_id"], text: c.Params["text"], at: c.At})
		r.apiAt = append(r.apiAt, c.At)
		r.api++
	}
	slices.SortFunc(r.all, func(a, b reply) int { return a.at.Compare(b.at) })
	return r
}

// rate is the replies a second from the first to the last.
func (r replies) rate() float64 {
	if len(r.all) < 2 {
		return 0
	}
	return float64(len(r.all)-1) / r.all[len(r.all)-1].at.Sub(r.all[0].at).Seconds()
}

// drainRate describes the API sends after the storm ended: what the
// queue still had to send, and how fast it went.
func (r replies) drainRate(ended time.Time) string {
	var n int
	var lastAt time.Time
	for _, at := range r.apiAt {
		if at.After(ended) {
			n++
			if at.After(lastAt) {
				lastAt = at
			}
		}
	}
	if n == 0 {
		return "none left to send"
	}
	return fmt.Sprintf("%d sent in %s (%s)", n, lastAt.Sub(ended).Round(time.Millisecond), fmtRate(n, lastAt.Sub(ended)))
}

// check fails the benchmark unless every person was acknowledged, has one
// attendance record and got one reply.
func (s *storm) check(tb testing.TB, dbURL string, r replies, people int) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	var records, distinct int
	if err := conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT employee_id) FROM attendance_records WHERE check_in IS NOT NULL`).
		Scan(&records, &distinct); err != nil {
		tb.Fatal(err)
	}
	acked := 0
	for _, a := range s.acked {
		if a {
			acked++
		}
	}
	perChat := map[string]int{}
	for _, x := range r.all {
		perChat[x.chat]++
	}
	var twice, checkedIn int
	for _, n := range perChat {
		if n > 1 {
			twice++
		}
	}
	for _, x := range r.all {
		if strings.Contains(x.text, "Checked in") {
			checkedIn++
		}
	}
	tb.Logf("acknowledged %d of %d; attendance records %d (people %d); people replied to %d, twice or more %d; replies saying \"Checked in\" %d",
		acked, people, records, distinct, len(perChat), twice, checkedIn)
	if acked != people || records != people || distinct != people || len(perChat) != people || twice != 0 || checkedIn != people {
		tb.Errorf("want every one of %d people acknowledged, stored once and replied to once", people)
	}
}
