package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/conversation"
)

// CheckInGroups stores /checkin turns that arrive together in one
// statement per group (store.CheckInGroups): at 9:00 a turn of its own
// per person is what the database spends its time on.
type CheckInGroups interface {
	// Senders identifies many messages' senders at once, outside any turn.
	Senders(ctx context.Context, os []conversation.Opening) ([]conversation.Sender, error)
	// WriteCheckIns stores each check-in with the claim of its delivery,
	// all or nothing each, in one statement, and reports which it stored;
	// after an error none is stored.
	WriteCheckIns(ctx context.Context, claims []conversation.Claim, ins []attendance.PlannedCheckIn) ([]bool, error)
}

const (
	// groupSize bounds the check-ins written in one statement.
	groupSize = 32
	// groupsAtOnce is how many groups are written at the same time: while
	// they are, the turns that arrive wait and form the next ones.
	groupsAtOnce = 2
	// groupTimeout bounds a group's two statements.
	groupTimeout = 10 * time.Second
)

// checkInGroups gathers /checkin turns into groups. No turn waits on a
// timer: a turn that finds a group slot free writes a group at once (alone,
// when the bot is quiet), and the turns arriving while the slots are busy
// queue up to form the next groups. The turn that finishes writing a group
// hands its slot to the first queued turn not yet asked, which writes the
// next group.
type checkInGroups struct {
	mu      sync.Mutex
	queue   []*groupTurn
	writing int // slots taken, at most groupsAtOnce
}

// groupTurn is one /checkin in a group.
type groupTurn struct {
	in  Incoming
	now time.Time
	// done is closed once its group was written, or failed.
	done chan struct{}
	// lead asks it to write the next group; asked is set (under the
	// groups' lock) once it was asked.
	lead  chan struct{}
	asked bool
	// written is set when the group stored it: replies are its answer.
	written bool
	replies []Reply
	member  core.Member // who it was, once written
	// answer is how its adapter wants the replies (nil: all back); out
	// and err are what the turn returns, set once it was written.
	answer *Answer
	out    Answered
	err    error
}

// groupCheckIn runs a typed /checkin in a group with the others arriving
// at the same time, when it is one a group can store (groupable). It
// returns the replies and true when the group stored it, false when the
// ordinary turn is to run it: for anything unusual (a dialog open,
// notifications waiting, someone who left, a shift not their own, a
// record already there, the same person twice) and after a group failed.
func (b *Bot) groupCheckIn(ctx context.Context, in Incoming, a *Answer) (*groupTurn, bool) {
	if !b.groupable(in) {
		return nil, false
	}
	gt := &groupTurn{in: in, now: b.cfg.Clock.Now(), done: make(chan struct{}), lead: make(chan struct{}, 1), answer: a}
	g := &b.groups
	g.mu.Lock()
	g.queue = append(g.queue, gt)
	lead := g.writing < groupsAtOnce
	if lead {
		g.writing++
		gt.asked = true
	}
	g.mu.Unlock()
	if lead {
		b.writeNextGroup(ctx)
	}
	for {
		select {
		case <-gt.lead:
			b.writeNextGroup(ctx)
		case <-gt.done:
			// Asked to lead, and then written in another's group: the
			// slot it was handed must still be used or given back.
			select {
			case <-gt.lead:
				b.writeNextGroup(ctx)
			default:
			}
			return gt, gt.written
		}
	}
}

// groupable reports whether a group can store in's turn: a typed /checkin
// with a delivery id (the claim that makes it exactly once), without a
// location, from a linked platform account.
func (b *Bot) groupable(in Incoming) bool {
	if b.cfg.CheckInGroups == nil || b.cfg.Conversations == nil || b.cfg.Attendance == nil ||
		in.DeliveryID == "" || in.Action != nil || in.Location != nil || in.Platform == core.PlatformConsole {
		return false
	}
	text := strings.TrimSpace(in.Text)
	name, _, ok := b.parseCommand(text)
	c := b.byName[name]
	return ok && strings.HasPrefix(text, "/") && c != nil && c.name == "checkin"
}

// writeNextGroup writes the group at the head of the queue with the slot
// its caller holds, then hands the slot on.
func (b *Bot) writeNextGroup(ctx context.Context) {
	g := &b.groups
	g.mu.Lock()
	n := min(len(g.queue), groupSize)
	group := slices.Clone(g.queue[:n])
	g.queue = slices.Delete(g.queue, 0, n)
	g.mu.Unlock()
	if n > 0 {
		b.writeGroup(ctx, group)
	}
	for _, gt := range group {
		close(gt.done)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, next := range g.queue {
		if !next.asked {
			next.asked = true
			next.lead <- struct{}{}
			return
		}
	}
	g.writing--
}

// writeGroup stores what it can of group in two statements: one
// identifies every sender, one stores every check-in with its claim. A
// turn not stored is left unwritten for its ordinary turn; a group that
// fails leaves them all. The leader's context is not theirs to cancel.
func (b *Bot) writeGroup(ctx context.Context, group []*groupTurn) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), groupTimeout)
	defer cancel()
	os := make([]conversation.Opening, len(group))
	for i, gt := range group {
		os[i] = conversation.Opening{Platform: gt.in.Platform, UserID: gt.in.UserID, ChatID: gt.in.ChatID}
	}
	senders, err := b.cfg.CheckInGroups.Senders(ctx, os)
	if err != nil {
		b.log.Warn("check-in group: identify failed, its turns run one by one", "size", len(group), "err", err)
		return
	}
	var (
		turns   []*groupTurn
		replies [][]Reply
		claims  []conversation.Claim
		ins     []attendance.PlannedCheckIn
	)
	people, deliveries := map[int64]bool{}, map[string]bool{}
	for i, gt := range group {
		s := senders[i]
		key := string(gt.in.Platform) + "/" + gt.in.DeliveryID
		if !s.Linked || s.HasDialog || s.Member.Employee.Status != core.StatusActive || s.Member.Unread > 0 ||
			people[s.Member.Employee.ID] || deliveries[key] {
			continue
		}
		m := s.Member
		b.zones.Locate(&m.Org)
		t := &turn{in: gt.in, member: &m, locale: m.Locale(), now: gt.now, command: "checkin"}
		p, ok, err := b.cfg.Attendance.PlanCheckIn(ctx, m, gt.in.SentAt, t.channel())
		if err != nil || !ok {
			continue
		}
		rs := b.checkedIn(t, p.Result)
		enc, err := encodeReplies(rs)
		if err != nil || enc == nil {
			continue
		}
		people[m.Employee.ID], deliveries[key] = true, true
		gt.member = m
		turns, replies = append(turns, gt), append(replies, rs)
		claims = append(claims, conversation.Claim{Platform: gt.in.Platform, DeliveryID: gt.in.DeliveryID, ReceivedAt: gt.now, Replies: enc})
		ins = append(ins, p)
	}
	if len(ins) == 0 {
		return
	}
	written, err := b.cfg.CheckInGroups.WriteCheckIns(ctx, claims, ins)
	if err != nil {
		b.log.Warn("check-in group: write failed, its turns run one by one", "size", len(ins), "err", err)
		return
	}
	var stored []*groupTurn
	for i, gt := range turns {
		if written[i] {
			gt.written, gt.replies = true, replies[i]
			stored = append(stored, gt)
		}
	}
	b.answerGroup(ctx, stored)
}
