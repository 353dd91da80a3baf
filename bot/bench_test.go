package bot_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

const (
	stormPeople  = 10000
	stormSenders = 64
)

// BenchmarkCheckInStorm replays the 9:00 storm: 10,000 people check in
// through the bot layer (identity, idempotent intake, plan, judgement,
// record and audit row) from 64 concurrent senders, and in the same run the
// same number of raw single-row INSERTs from as many senders on the same
// database. It reports both rates and their ratio.
//
//	go test -run XXX -bench CheckInStorm -benchtime 3x ./bot/
func BenchmarkCheckInStorm(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	pool := db.Pool()
	setup := []string{
		`INSERT INTO orgs (key, name, time_zone, default_locale) VALUES ('storm', 'Storm', 'Asia/Shanghai', 'zh-CN')`,
		fmt.Sprintf(`INSERT INTO employees (org_id, key, name, role) SELECT 1, 'p' || g, 'Person ' || g, 'employee' FROM generate_series(1, %d) g`, stormPeople),
		`INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via) SELECT org_id, id, 'telegram', (100000 + id)::text, 'orgfile' FROM employees`,
		`CREATE TABLE bench_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, employee_id bigint NOT NULL, at timestamptz NOT NULL)`,
		`ANALYZE`,
	}
	for _, q := range setup {
		if _, err := pool.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	clock := &testClock{}
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	hrbot := bot.New(bot.Config{Directory: dir, Attendance: attendance.NewService(store.NewAttendance(db), dir, clock), Inbox: store.NewOutbox(db),
		Conversations: store.NewConversations(db), CheckInGroups: store.NewCheckInGroups(db), Clock: clock})

	// storm runs fn for every person from the senders and returns the rate.
	storm := func(fn func(i int) error) float64 {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range stormSenders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1))
					if i > stormPeople {
						return
					}
					if err := fn(i); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		return stormPeople / time.Since(start).Seconds()
	}

	var rawRate, botRate float64
	b.ResetTimer()
	for n := range b.N {
		rawRate += storm(func(i int) error {
			_, err := pool.Exec(ctx, `INSERT INTO bench_raw (employee_id, at) VALUES ($1, now())`, i)
			return err
		})
		// Each round is a new morning: 08:55 on the n-th day.
		clock.now = time.Date(2026, 12, 1+n, 0, 55, 0, 0, time.UTC)
		botRate += storm(func(i int) error {
			replies, err := hrbot.Handle(ctx, bot.Incoming{Platform: core.PlatformTelegram, ChatID: fmt.Sprint(100000 + i),
				UserID: fmt.Sprint(100000 + i), Text: "/checkin", DeliveryID: fmt.Sprintf("%d-%d", n, i)})
			if err == nil && len(replies) != 1 {
				err = fmt.Errorf("person %d: %d replies", i, len(replies))
			}
			return err
		})
	}
	b.StopTimer()
	var stored int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM attendance_records`).Scan(&stored); err != nil || stored != b.N*stormPeople {
		b.Fatalf("stored %d check-ins, want %d (%v)", stored, b.N*stormPeople, err)
	}
	b.ReportMetric(botRate/float64(b.N), "checkins/s")
	b.ReportMetric(rawRate/float64(b.N), "raw-inserts/s")
	b.ReportMetric(botRate/rawRate, "ratio")
	b.ReportMetric(0, "ns/op")
}
