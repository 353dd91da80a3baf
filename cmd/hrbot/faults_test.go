package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pglocal"
)

// allDayOrg is n people who may check in at any hour, one manager per
// 25: those before slackFrom on Telegram (ids from firstID), the rest on
// Slack (UL0000000…).
func allDayOrg(n int, firstID int64, slackFrom int) string {
	var b strings.Builder
	b.WriteString(`orgs:
  - key: shop
    name: Load Shop
    time_zone: UTC
    locale: en
    attendance:
      checkin_open_minutes: 720
      geofence: off
    shifts:
      - {key: allday, name: All day, start: "00:00", end: "23:59"}
    schedules:
      - key: always
        start: 2026-01-05
        holidays: work
        weeks:
          - {mon: allday, tue: allday, wed: allday, thu: allday, fri: allday, sat: allday, sun: allday}
    leave_types:
      - {key: annual, name: Annual, unit: half_day, accrual: fixed, entitlement_days: 10}
    employees:
`)
	for i := range n {
		role, manager := "employee", fmt.Sprintf(", manager: p%05d", i/25*25)
		if i%25 == 0 {
			role, manager = "manager", ""
		}
		account := fmt.Sprintf("telegram: \"%d\"", firstID+int64(i))
		if i >= slackFrom {
			account = fmt.Sprintf("slack: UL%07d", i)
		}
		fmt.Fprintf(&b, "      - {key: p%05d, name: Person %d, role: %s%s, schedule: always, hire_date: 2020-01-01, %s}\n", i, i, role, manager, account)
	}
	return b.String()
}

// ownCluster starts a durable PostgreSQL of the test's own, which it may
// stop and start again, and returns it with its directory.
func ownCluster(tb testing.TB) (*pglocal.Cluster, string) {
	tb.Helper()
	dir, err := os.MkdirTemp("", "hrbot-own-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // reachable by the postgres user when root
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Durable: a crash must not lose what was committed, as on a real server.
	c, err := pglocal.Start(ctx, pglocal.Options{Dir: dir, Database: "hrbot", Durable: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c, dir
}

// postUpdate sends a Telegram update the way Telegram does, making the
// call the webhook's answer carries, and returns the status; Telegram
// sends an update again until it gets a 200.
func postUpdate(fake *telegramtest.Server, base, secret string, update map[string]any) int {
	status, _, err := fake.Deliver(base+"/telegram/webhook", secret, update)
	if err != nil {
		return 0
	}
	return status
}

func checkInUpdate(updateID, from int64) map[string]any {
	return map[string]any{"update_id": updateID, "message": map[string]any{
		"message_id": updateID, "date": time.Now().Unix(), "text": "/checkin",
		"from": map[string]any{"id": from, "is_bot": false, "first_name": "P", "language_code": "en"},
		"chat": map[string]any{"id": from, "type": "private"}}}
}

// PostgreSQL crashes (stopped with -m immediate) a third of the way
// through a check-in storm on Telegram and comes back three seconds later.
// Updates that got a 500 meanwhile are sent again, as Telegram does. In
// the end every acknowledged check-in is stored, each exactly once, and
// everybody is told "Checked in" once. A commit the server made but whose
// answer the crash cut off is seen by hrbot as a failure: the update is
// sent again, recognised as done, and answered with the replies kept with
// its id, so that person is told after all.
func TestPostgresRestartMidLoad(t *testing.T) {
	t.Parallel()
	const people, firstID = 300, 300000
	cluster, _ := ownCluster(t)
	dbURL := cluster.URL("")
	vars := applyOrg(t, dbURL, allDayOrg(people, firstID, people))
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	base := startServe(t, vars)

	var acked, failures atomic.Int64
	work := make(chan int64)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				update := checkInUpdate(firstID+i, firstID+i)
				for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
					if code := postUpdate(fake, base, "s3cret", update); code == http.StatusOK {
						acked.Add(1)
						break
					}
					failures.Add(1)
					if time.Now().After(deadline) {
						t.Errorf("person %d never acknowledged", i)
						break
					}
				}
			}
		}()
	}
	outage := make(chan error, 1)
	for i := range int64(people) {
		if i == people/3 {
			go func() {
				ctx := context.Background()
				if err := cluster.Stop(ctx); err != nil {
					outage <- err
					return
				}
				time.Sleep(3 * time.Second)
				outage <- cluster.Resume(ctx)
			}()
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if err := <-outage; err != nil {
		t.Fatal(err)
	}

	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var stored int64
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM attendance_records WHERE check_in IS NOT NULL`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	// Replies the webhook could not carry follow through the delivery
	// queue at Telegram's pace: wait for them, then a little longer for
	// any repeat to show.
	countTold := func() map[string]int {
		told := map[string]int{}
		for _, c := range fake.Calls("sendMessage") {
			if strings.Contains(c.Params["text"], "Checked in") {
				told[c.Params["chat_id"]]++
			}
		}
		return told
	}
	for deadline := time.Now().Add(60 * time.Second); len(countTold()) < people && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second)
	told := countTold()
	twice := 0
	for _, n := range told {
		if n > 1 {
			twice++
		}
	}
	t.Logf("check-ins acknowledged %d, stored %d, people told %d (twice: %d); 5xx answers retried: %d",
		acked.Load(), stored, len(told), twice, failures.Load())
	if acked.Load() != people || stored != people || twice != 0 || len(told) != people {
		t.Errorf("acknowledged %d, stored %d, told %d, told twice %d; want %d, %d, %d, 0", acked.Load(), stored, len(told), twice, people, people, people)
	}
	if failures.Load() == 0 {
		t.Errorf("the outage was not felt: no update failed, the test proves nothing")
	}
}
