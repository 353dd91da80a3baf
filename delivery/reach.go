package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// chatPlatforms are the platforms a person can be reached on, in the order
// their accounts are preferred when nothing else is said.
func chatPlatforms() []core.Platform {
	return []core.Platform{core.PlatformTelegram, core.PlatformSlack, core.PlatformWeCom}
}

// Preference returns the order a person's accounts are tried in: the
// platforms this process serves first, then every other chat platform.
// What is queued for a platform this process does not serve is sent by
// whichever process serves it, so the console (which serves none) queues
// Telegram deliveries that `hrbot serve` sends.
func Preference(served []core.Platform) []core.Platform {
	out := slices.Clone(served)
	for _, p := range chatPlatforms() {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

type account struct {
	employeeID int64
	platform   core.Platform
	externalID string
}

// reachable picks each person's first account on platforms (in that
// order) that takes messages; people without one are left out.
func (q *Queue) reachable(ctx context.Context, platforms []core.Platform, employeeIDs []int64) ([]account, error) {
	if len(platforms) == 0 {
		return nil, nil
	}
	found, err := q.cfg.Ledger.Reach(ctx, platforms, employeeIDs)
	if err != nil {
		return nil, err
	}
	out := make([]account, 0, len(found))
	for _, a := range found {
		if a.Platform != "" {
			out = append(out, account{employeeID: a.EmployeeID, platform: a.Platform, externalID: a.ExternalID})
		}
	}
	return out, nil
}

// unreached says why a person without an account is not reached.
func unreached(a core.ChatAccount) core.Unreached {
	u := core.Unreached{EmployeeID: a.EmployeeID, OrgID: a.OrgID, Key: a.Key, Name: a.Name, Reason: core.ReachNoAccount}
	if a.Blocked {
		u.Reason = core.ReachBlocked
	}
	return u
}

// Outbox is the queue as the features that send on their own see it
// (core.Outbox): the cover pool, training, broadcasts. Platforms are those the
// process serves, in order of preference (see Preference).
type Outbox struct {
	Queue     *Queue
	Platforms []core.Platform
}

var (
	_ core.Outbox  = Outbox{}
	_ core.Reacher = Outbox{}
)

// Reach tells whom a message to people would reach now: the names of all
// of them, and who of them no chat account takes messages from.
func (o Outbox) Reach(ctx context.Context, people []int64) (core.Reach, error) {
	found, err := o.Queue.cfg.Ledger.Reach(ctx, Preference(o.Platforms), people)
	if err != nil {
		return core.Reach{}, err
	}
	var r core.Reach
	for _, a := range found {
		r.Sent = append(r.Sent, a.Name)
		if a.Platform == "" {
			r.Unreached = append(r.Unreached, unreached(a))
		}
	}
	return r, nil
}

// Send queues m to each person in m.To on their first account that takes
// messages (Preference(o.Platforms) order), and a copy for the console to
// those without one, whom it returns as unreached (unless m.ChatOnly).
func (o Outbox) Send(ctx context.Context, m core.Outgoing) (core.Reach, error) {
	q := o.Queue
	var reach core.Reach
	msg := Message{Kind: m.Kind, Params: m.Params}
	err := q.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		if m.ChatID != "" {
			reach.Sent = []string{m.ChatID}
			_, err := q.Enqueue(ctx, tx, []Item{{Key: m.Key(0), OrgID: m.OrgID, Platform: m.Platform, ExternalID: m.ChatID,
				Source: m.Source, SourceID: m.SourceID, Message: msg}})
			return err
		}
		found, err := q.cfg.Ledger.Reach(ctx, Preference(o.Platforms), m.To)
		if err != nil {
			return err
		}
		items := make([]Item, 0, len(found))
		for _, a := range found {
			platform, external := a.Platform, a.ExternalID
			if platform == "" {
				if m.ChatOnly {
					continue
				}
				reach.Unreached = append(reach.Unreached, unreached(a))
				platform, external = core.PlatformConsole, a.OrgKey+"/"+a.Key
			}
			reach.Sent = append(reach.Sent, a.Name)
			it := Item{Key: m.Key(a.EmployeeID), OrgID: m.OrgID, EmployeeID: a.EmployeeID, Platform: platform, ExternalID: external,
				Source: m.Source, SourceID: m.SourceID, Message: msg, SenderID: m.SenderID}
			if m.EditOf != nil {
				it.EditOf = m.EditOf(a.EmployeeID)
			}
			items = append(items, it)
		}
		_, err = q.Enqueue(ctx, tx, items)
		return err
	})
	if err != nil {
		return core.Reach{}, fmt.Errorf("send %s %d: %w", m.Source, m.SourceID, err)
	}
	return reach, nil
}

// TakeWaiting shows a console user ("org/person") what still waits for
// them — copies kept for people without a chat account, and messages no
// platform has sent yet — by send, and marks them shown: whoever shows a
// message first delivers it. send is called once with everything; when
// it fails, all of it stays waiting. Notifications are not among it: the
// console reads those from its inbox.
func (q *Queue) TakeWaiting(ctx context.Context, userID string, send func(ctx context.Context, replies []bot.Reply) error) (int, error) {
	orgKey, key, ok := strings.Cut(userID, "/")
	if !ok || q.cfg.Renderer == nil {
		return 0, nil
	}
	return q.takeWaiting(ctx, userID, func(ctx context.Context) ([]core.Delivery, error) {
		return q.cfg.Ledger.Waiting(ctx, orgKey, key)
	}, send)
}

// TakeWaitingInChat is TakeWaiting for a console chat that is nobody of
// any org (a job candidate): the messages queued to that chat.
func (q *Queue) TakeWaitingInChat(ctx context.Context, chatID string, send func(ctx context.Context, replies []bot.Reply) error) (int, error) {
	if q.cfg.Renderer == nil {
		return 0, nil
	}
	return q.takeWaiting(ctx, chatID, func(ctx context.Context) ([]core.Delivery, error) {
		return q.cfg.Ledger.WaitingInChat(ctx, core.PlatformConsole, chatID)
	}, send)
}

// takeWaiting renders what waiting lists as for renderAs and shows it by
// send, in one transaction with marking it shown.
func (q *Queue) takeWaiting(ctx context.Context, renderAs string, waiting func(ctx context.Context) ([]core.Delivery, error),
	send func(ctx context.Context, replies []bot.Reply) error) (int, error) {
	n := 0
	err := q.inTx(ctx, func(ctx context.Context, _ pgx.Tx) error {
		list, err := waiting(ctx)
		if err != nil || len(list) == 0 {
			return err
		}
		// A message and its later edit both waiting: the edit, written
		// from the state of things now, says it all.
		replaced := map[string]bool{}
		for _, w := range list {
			if w.EditOf != "" {
				replaced[w.EditOf] = true
			}
		}
		var replies []bot.Reply
		keys := make([]string, 0, len(list))
		for _, w := range list {
			keys = append(keys, w.Key)
			if replaced[w.Key] {
				continue
			}
			var msg Message
			if err := json.Unmarshal(w.Message, &msg); err != nil {
				return fmt.Errorf("read %s: %w", w.Key, err)
			}
			r, err := q.cfg.Renderer.Render(ctx, core.PlatformConsole, renderAs, msg)
			if err != nil {
				return fmt.Errorf("render %s: %w", w.Key, err)
			}
			for i := range r {
				r[i].ReplaceMessage = false // the console has no message to replace
			}
			replies = append(replies, r...)
		}
		if len(replies) > 0 {
			if err := send(ctx, replies); err != nil {
				return err
			}
		}
		n = len(replies)
		return q.cfg.Ledger.Shown(ctx, keys)
	})
	if err != nil {
		return 0, fmt.Errorf("waiting deliveries for %s: %w", renderAs, err)
	}
	return n, nil
}

// reportFailure tells the person a delivery was sent for (its sender)
// that it could not be delivered, once: what failed, to whom and why.
func (q *Queue) reportFailure(ctx context.Context, a args, permanent bool) error {
	d, to, found, err := q.cfg.Ledger.Recipient(ctx, a.Key)
	switch {
	case err != nil:
		return fmt.Errorf("report failed delivery %s: %w", a.Key, err)
	case !found:
		return nil // to a group or channel: nobody in particular to name
	case d.SenderID == 0 || d.SenderID == to.EmployeeID:
		return nil
	}
	u := bot.Unreached{EmployeeID: to.EmployeeID, OrgID: to.OrgID, Key: to.Key, Name: to.Name, Reason: core.ReachGaveUp}
	if permanent {
		u.Reason = core.ReachBlocked
	}
	msg := bot.Notice{Kind: bot.NoticeFailed, Params: map[string]string{
		"what": d.Source, "id": strconv.FormatInt(d.SourceID, 10), "people": bot.EncodeUnreached([]bot.Unreached{u})}}
	var platforms []core.Platform
	for _, p := range chatPlatforms() {
		if q.cfg.Senders[p] != nil {
			platforms = append(platforms, p)
		}
	}
	return q.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		found, err := q.cfg.Ledger.Reach(ctx, Preference(platforms), []int64{d.SenderID})
		if err != nil || len(found) == 0 {
			return err
		}
		sender := found[0]
		platform, external := sender.Platform, sender.ExternalID
		if platform == "" {
			platform, external = core.PlatformConsole, sender.OrgKey+"/"+sender.Key
		}
		_, err = q.Enqueue(ctx, tx, []Item{{Key: "failed:" + a.Key, OrgID: sender.OrgID, EmployeeID: d.SenderID, Platform: platform,
			ExternalID: external, Source: d.Source, SourceID: d.SourceID, Message: msg}})
		return err
	})
}
