package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

const groupOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    locale: en
    employees:
      - {key: amy, name: Amy, role: employee, telegram: "1"}
      - {key: ben, name: Ben, role: employee, telegram: "2"}
      - {key: cat, name: Cat, role: employee, telegram: "3"}
      - {key: dan, name: Dan, role: employee, telegram: "4"}
      - {key: eve, name: Eve, role: employee, telegram: "5"}
      - {key: fay, name: Fay, role: employee, telegram: "6", status: left}
`

// gatedGroups is the store's CheckInGroups with a gate: Senders waits
// until the test opens it, so the turns arriving meanwhile queue into one
// group. fail makes WriteCheckIns fail, before or after the real write.
type gatedGroups struct {
	store.CheckInGroups
	gate    chan struct{}
	mu      sync.Mutex
	waiting int
	written []string // deliveries the groups stored
	fail    string   // "", "before", "after"
}

func (g *gatedGroups) Senders(ctx context.Context, os []conversation.Opening) ([]conversation.Sender, error) {
	g.mu.Lock()
	g.waiting++
	g.mu.Unlock()
	<-g.gate
	return g.CheckInGroups.Senders(ctx, os)
}

func (g *gatedGroups) WriteCheckIns(ctx context.Context, claims []conversation.Claim, ins []attendance.PlannedCheckIn) ([]bool, error) {
	if g.fail == "before" {
		return nil, errors.New("connection refused")
	}
	written, err := g.CheckInGroups.WriteCheckIns(ctx, claims, ins)
	if err == nil && g.fail == "after" {
		// Committed, and the answer lost on the way back.
		return nil, errors.New("connection reset")
	}
	g.mu.Lock()
	for i, ok := range written {
		if ok {
			g.written = append(g.written, claims[i].DeliveryID)
		}
	}
	g.mu.Unlock()
	return written, err
}

type fixedClock struct{ now time.Time }

func (c fixedClock) Now() time.Time { return c.now }

type groupHarness struct {
	t      *testing.T
	db     *store.DB
	bot    *Bot
	groups *gatedGroups
}

func newGroupHarness(t *testing.T, fail string) *groupHarness {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	spec, err := orgfile.Parse("group.yaml", []byte(groupOrg))
	if err != nil {
		t.Fatal(err)
	}
	// 08:55 in Shanghai on a Wednesday: standard hours start at 09:00.
	clock := fixedClock{time.Date(2026, 11, 25, 0, 55, 0, 0, time.UTC)}
	if _, err := orgfile.NewSetup(store.NewSetup(db), clock).Apply(ctx, spec, "group.yaml"); err != nil {
		t.Fatal(err)
	}
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	g := &gatedGroups{CheckInGroups: store.NewCheckInGroups(db), gate: make(chan struct{}), fail: fail}
	b := New(Config{Directory: dir, Attendance: attendance.NewService(store.NewAttendance(db), dir, clock),
		Inbox: store.NewOutbox(db), Conversations: store.NewConversations(db), CheckInGroups: g, Clock: clock})
	return &groupHarness{t: t, db: db, bot: b, groups: g}
}

// checkIn sends /checkin from a Telegram account and returns its reply.
func (h *groupHarness) checkIn(user, delivery string) string {
	replies, err := h.bot.Handle(context.Background(), Incoming{Platform: core.PlatformTelegram, ChatID: user, UserID: user,
		Private: true, Text: "/checkin", DeliveryID: delivery})
	if err != nil || len(replies) != 1 {
		h.t.Errorf("check-in %s: %v %v", delivery, replies, err)
		return ""
	}
	return replies[0].Text
}

// until waits for cond, checked under the groups' lock.
func (h *groupHarness) until(what string, cond func() bool) {
	h.t.Helper()
	// A minute, not a count of tries: under a loaded machine (the whole
	// suite on two cores) the goroutines may take seconds to get there.
	deadline := time.Now().Add(time.Minute)
	for {
		h.bot.groups.mu.Lock()
		h.groups.mu.Lock()
		ok := cond()
		h.groups.mu.Unlock()
		h.bot.groups.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("never: %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// storm sends the check-ins: the first two take both group slots and wait
// at the gate, the rest queue up into one group, then the gate opens.
func (h *groupHarness) storm(sends [][2]string) map[string]string {
	var mu sync.Mutex
	got := map[string]string{}
	var wg sync.WaitGroup
	send := func(s [2]string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := h.checkIn(s[0], s[1])
			mu.Lock()
			got[s[1]] = text
			mu.Unlock()
		}()
	}
	for _, s := range sends[:groupsAtOnce] {
		send(s)
	}
	h.until("the first groups wait at the gate", func() bool { return h.groups.waiting == groupsAtOnce })
	for i, s := range sends[groupsAtOnce:] {
		send(s)
		h.until("the rest queue up, in order", func() bool { return len(h.bot.groups.queue) == i+1 })
	}
	close(h.groups.gate)
	wg.Wait()
	return got
}

func (h *groupHarness) count(sql string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

// TestCheckInGroup: concurrent check-ins are stored in groups, and what a
// group cannot store runs as its own turn without failing its neighbours:
// the same person twice, someone who left (refused inside the write as
// well), someone with a dialog open, someone already checked in.
func TestCheckInGroup(t *testing.T) {
	t.Parallel()
	h := newGroupHarness(t, "")
	ctx := context.Background()
	if err := store.NewConversations(h.db).SaveDialog(ctx, conversation.Dialog{Platform: core.PlatformTelegram, ChatID: "5", UserID: "5",
		Name: "fix", Step: "reason", Updated: time.Date(2026, 11, 25, 0, 50, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.Pool().Exec(ctx, `INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in)
		SELECT org_id, id, '2026-11-25', 'workday', '2026-11-25 00:40:00+00' FROM employees WHERE key = 'dan'`); err != nil {
		t.Fatal(err)
	}
	got := h.storm([][2]string{{"1", "d1"}, {"2", "d2"}, {"3", "d3"}, {"3", "d3-again"}, {"4", "d4"}, {"5", "d5"}, {"6", "d6"}})

	for _, d := range []string{"d1", "d2", "d3", "d5"} {
		if !strings.HasPrefix(got[d], "✅ Checked in at 08:55") {
			t.Errorf("%s answered %q, want a check-in at 08:55", d, got[d])
		}
	}
	for d, want := range map[string]string{"d3-again": "already checked in at 08:55", "d4": "already checked in at 08:40", "d6": "no longer active"} {
		if !strings.Contains(got[d], want) {
			t.Errorf("%s answered %q, want %q", d, got[d], want)
		}
	}
	slices.Sort(h.groups.written)
	if w := strings.Join(h.groups.written, " "); w != "d1 d2 d3" {
		t.Errorf("groups stored %q, want d1 d2 d3 (the rest are their own turns)", w)
	}
	// Each person once, each stored check-in with its audit row and its
	// delivery claimed with the replies a retry gets.
	if n := h.count(`SELECT count(*) FROM attendance_records WHERE work_date = '2026-11-25'`); n != 5 {
		t.Errorf("%d records, want 5", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = $1`, core.AuditCheckIn); n != 4 {
		t.Errorf("%d check-in audit rows, want 4", n)
	}
	if n := h.count(`SELECT count(*) FROM inbound_deliveries WHERE replies IS NOT NULL`); n != 7 {
		t.Errorf("%d deliveries kept with replies, want 7", n)
	}
	if n := h.count(`SELECT count(*) FROM dialogs`); n != 0 {
		t.Errorf("the /checkin left %d dialogs open", n)
	}
	if again := h.checkIn("1", "d1"); again != got["d1"] {
		t.Errorf("retry of d1 answered %q, want %q", again, got["d1"])
	}
	if n := h.count(`SELECT count(*) FROM attendance_records WHERE work_date = '2026-11-25'`); n != 5 {
		t.Errorf("%d records after a retry, want 5", n)
	}
}

// TestCheckInGroupFails: a group whose write fails — before it reached
// the database, or after it committed with the answer lost — leaves its
// turns to run one by one, and each check-in is stored exactly once.
func TestCheckInGroupFails(t *testing.T) {
	t.Parallel()
	for _, fail := range []string{"before", "after"} {
		t.Run(fail, func(t *testing.T) {
			t.Parallel()
			h := newGroupHarness(t, fail)
			var sends [][2]string
			for i := 1; i <= 5; i++ {
				sends = append(sends, [2]string{fmt.Sprint(i), fmt.Sprintf("d%d", i)})
			}
			got := h.storm(sends)
			for _, s := range sends {
				if !strings.HasPrefix(got[s[1]], "✅ Checked in at 08:55") {
					t.Errorf("%s answered %q", s[1], got[s[1]])
				}
			}
			if n := h.count(`SELECT count(*) FROM attendance_records`); n != 5 {
				t.Errorf("%d records, want 5", n)
			}
			if n := h.count(`SELECT count(*) FROM audit_log WHERE action = $1`, core.AuditCheckIn); n != 5 {
				t.Errorf("%d check-in audit rows, want 5", n)
			}
			for _, s := range sends {
				if again := h.checkIn(s[0], s[1]); again != got[s[1]] {
					t.Errorf("retry of %s answered %q, want %q", s[1], again, got[s[1]])
				}
			}
			if n := h.count(`SELECT count(*) FROM attendance_records`); n != 5 {
				t.Errorf("%d records after retries, want 5", n)
			}
		})
	}
}
