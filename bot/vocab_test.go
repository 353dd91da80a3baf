package bot_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/store"
)

// staffReads counts how often the staff list is read.
type staffReads struct {
	store.Directory
	n atomic.Int64
}

func (s *staffReads) ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error) {
	s.n.Add(1)
	return s.Directory.ListEmployees(ctx, orgID, managerID)
}

// A typed command does not read the whole staff list, and words typed in
// free text read it once per version of the org's setup: at 9:00 a
// thousand people checking in must not each read a thousand rows.
func TestStaffListReadOncePerSetup(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reads := &staffReads{Directory: store.NewDirectory(h.db)}
	dir := core.NewDirectory(reads, h.clock)
	h.bot = bot.New(bot.Config{Directory: dir, Attendance: attendance.NewService(store.NewAttendance(h.db), dir, h.clock),
		Conversations: store.NewConversations(h.db), Clock: h.clock})

	mustContain(t, h.console("alice", "/checkin"), "Checked in")
	if n := reads.n.Load(); n != 0 {
		t.Errorf("/checkin read the staff list %d times", n)
	}
	h.console("alice", "thanks, have a nice day")
	first := reads.n.Load()
	h.console("alice", "thanks again")
	h.console("bob", "你好")
	if n := reads.n.Load(); n != first {
		t.Errorf("the staff list was read again for words typed under the same setup: %d reads, then %d", first, n)
	}
	// An apply that changes people bumps the version: the next message
	// reads the new list.
	if _, err := h.db.Pool().Exec(context.Background(), `UPDATE orgs SET config_version = config_version + 1 WHERE key = 'shop'`); err != nil {
		t.Fatal(err)
	}
	h.console("alice", "thanks")
	if n := reads.n.Load(); n != first+1 {
		t.Errorf("after the setup changed the staff list was read %d times, want once more than %d", n, first)
	}
}

// The first burst of words typed under a new setup reads the staff list
// once, not once per message: each reading of a large org holds its whole
// list in memory.
func TestStaffListReadOnceInABurst(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reads := &staffReads{Directory: store.NewDirectory(h.db)}
	dir := core.NewDirectory(reads, h.clock)
	h.bot = bot.New(bot.Config{Directory: dir, Attendance: attendance.NewService(store.NewAttendance(h.db), dir, h.clock),
		Conversations: store.NewConversations(h.db), Clock: h.clock})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: fmt.Sprint("c", i),
				UserID: "shop/alice", Text: "is bob chen in today?"})
		}()
	}
	wg.Wait()
	if n := reads.n.Load(); n != 1 {
		t.Errorf("16 messages at once read the staff list %d times, want once", n)
	}
}
