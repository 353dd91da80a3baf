package bot_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

// roundTrips counts what a pool sends to the server and waits for: a
// query, a batch, a statement prepared.
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}
func (r *roundTrips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}

// newCountedHarness is newHarness on a one-connection pool whose round
// trips are counted.
func newCountedHarness(t *testing.T, grouped bool) (*harness, *roundTrips) {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	rt := &roundTrips{}
	cfg.MaxConns, cfg.ConnConfig.Tracer = 1, rt
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	db := store.New(pool)
	spec, err := orgfile.Parse("test.yaml", []byte(testOrg))
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: time.Date(2026, 11, 25, 0, 55, 0, 0, time.UTC)}
	if _, err := orgfile.NewSetup(store.NewSetup(db), clock).Apply(ctx, spec, "test.yaml"); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, clock: clock, ungrouped: !grouped}
	h.restart()
	return h, rt
}

// A /checkin is three round trips as a turn of its own: begin with the
// delivery's claim, the sender and the chat's dialog; the record with its
// audit row; the replies kept for a retry with the commit. Stored by a
// group (alone here), it is two for the whole group: who sent them, and
// every check-in with its claim.
func TestCheckInRoundTrips(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name         string
		grouped      bool
		first, retry int64
	}{
		{"turn", false, 3, 3},
		// A retry is the group's two, which store nothing, and its turn.
		{"group", true, 2, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h, rt := newCountedHarness(t, c.grouped)
			checkIn := func(id string) string {
				replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformTelegram, ChatID: "111", UserID: "111",
					Private: true, Text: "/checkin", DeliveryID: id})
				if err != nil || len(replies) != 1 {
					t.Fatalf("check-in %s: %v %v", id, replies, err)
				}
				return replies[0].Text
			}
			// The first of each prepares its statements and loads the org's setup.
			checkIn("warm-up")
			checkIn("warm-up")
			h.clock.Add(24 * time.Hour)
			before := rt.n.Load()
			first := checkIn("day-2")
			if got := rt.n.Load() - before; got != c.first {
				t.Errorf("a check-in took %d round trips, want %d", got, c.first)
			}
			// A retry is answered from what the first kept, and nothing is
			// stored twice.
			before = rt.n.Load()
			if again := checkIn("day-2"); again != first {
				t.Errorf("retry answered %q, want %q", again, first)
			}
			if got := rt.n.Load() - before; got != c.retry {
				t.Errorf("a retry took %d round trips, want %d", got, c.retry)
			}
			var records, audits int
			err := h.db.Pool().QueryRow(context.Background(), `SELECT (SELECT count(*) FROM attendance_records),
				(SELECT count(*) FROM audit_log WHERE action = $1)`, core.AuditCheckIn).Scan(&records, &audits)
			if err != nil || records != 2 || audits != 2 {
				t.Errorf("%d records, %d audit rows (%v); want one of each a day", records, audits, err)
			}
		})
	}
}
