package delivery

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/reminder"
)

// Broadcasts sends one message to many people through the queue: a draft
// first (the preview says how many it reaches), then one confirmed send —
// a second press, or a platform's retry of it, sends nothing more.
type Broadcasts struct {
	Queue     *Queue
	Store     BroadcastStore
	Audience  reminder.People
	Roster    Roster
	Clock     core.Clock
	Platforms []core.Platform
}

// BroadcastStore keeps broadcasts (store.Broadcasts).
type BroadcastStore interface {
	Draft(ctx context.Context, orgID, by int64, audience, text string, recipients int) (int64, error)
	// Lock reads a draft and locks it; ENotFound ("broadcast.gone") when
	// there is none by that sender.
	Lock(ctx context.Context, orgID, by, id int64) (audience, text string, sent bool, err error)
	// MarkSent records the send and audits it.
	MarkSent(ctx context.Context, orgID, by, id int64, at time.Time, recipients int, audience, text, channel string) error
	Recent(ctx context.Context, orgID int64, limit int) ([]core.BroadcastStatus, error)
}

// Draft records a broadcast not yet sent and returns its id, how many
// people it would reach in chat now, and who of the audience it would not
// (they get it on the console only).
func (b *Broadcasts) Draft(ctx context.Context, m core.Member, aud core.ReminderAudience, text string) (int64, int, []bot.Unreached, error) {
	var id int64
	var n int
	var unreached []bot.Unreached
	err := b.Queue.inTx(ctx, func(ctx context.Context, _ pgx.Tx) error {
		accounts, missed, err := b.recipients(ctx, m.Org, aud)
		if err != nil {
			return err
		}
		n, unreached = len(accounts)-len(missed), missed
		id, err = b.Store.Draft(ctx, m.Org.ID, m.Employee.ID, aud.String(), text, n)
		return err
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("draft broadcast: %w", err)
	}
	return id, n, unreached, nil
}

// DraftToChat records a broadcast to one group or channel: the chat the
// command was given in.
func (b *Broadcasts) DraftToChat(ctx context.Context, m core.Member, platform core.Platform, chatID, text string) (int64, error) {
	return b.Store.Draft(ctx, m.Org.ID, m.Employee.ID, chatAudience(platform, chatID), text, 1)
}

// chatAudience names a broadcast's target chat: "chat:telegram:-1001".
func chatAudience(platform core.Platform, chatID string) string {
	return "chat:" + string(platform) + ":" + chatID
}

// Send queues a drafted broadcast to everyone in its audience now, once,
// and audits it. It returns how many deliveries were queued.
func (b *Broadcasts) Send(ctx context.Context, m core.Member, id int64, channel string) (n int, toChat bool, err error) {
	err = b.Queue.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		audience, text, sent, err := b.Store.Lock(ctx, m.Org.ID, m.Employee.ID, id)
		if err != nil {
			return err
		}
		if sent {
			return core.Errorf(core.EConflict, "broadcast.already", "broadcast %d sent already", id)
		}
		msg := bot.Notice{Kind: bot.NoticeBroadcast, Params: map[string]string{"text": text, "from": m.Employee.Name}}
		var items []Item
		if platform, chat, ok := strings.Cut(strings.TrimPrefix(audience, "chat:"), ":"); ok && strings.HasPrefix(audience, "chat:") {
			toChat = true
			// A group or channel is nobody in particular: it is written in
			// the org's language.
			msg.Params["chat"], msg.Params["locale"] = "1", string(m.Org.DefaultLocale)
			items = []Item{{Key: "broadcast:" + strconv.FormatInt(id, 10) + ":chat", OrgID: m.Org.ID,
				Platform: core.Platform(platform), ExternalID: chat, Source: core.SourceBroadcast, SourceID: id, Message: msg}}
		} else {
			aud, _ := core.ParseAudience(audience)
			accounts, _, err := b.recipients(ctx, m.Org, aud)
			if err != nil {
				return err
			}
			for _, a := range accounts {
				items = append(items, Item{
					Key:   "broadcast:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(a.employeeID, 10),
					OrgID: m.Org.ID, EmployeeID: a.employeeID, Platform: a.platform, ExternalID: a.externalID,
					Source: core.SourceBroadcast, SourceID: id, Message: msg, SenderID: m.Employee.ID,
				})
			}
		}
		if _, err = b.Queue.Enqueue(ctx, tx, items); err != nil {
			return err
		}
		// The count is of chat deliveries: the console's copies wait for
		// someone to open it, and are not progress.
		n = 0
		for _, it := range items {
			if it.Platform != core.PlatformConsole {
				n++
			}
		}
		return b.Store.MarkSent(ctx, m.Org.ID, m.Employee.ID, id, b.Clock.Now(), n, audience, text, channel)
	})
	if err != nil && core.ErrorCodeOf(err) == core.EInternal {
		return 0, false, fmt.Errorf("send broadcast %d: %w", id, err)
	}
	return n, toChat, err
}

// Recent lists the org's last sent broadcasts with their progress.
func (b *Broadcasts) Recent(ctx context.Context, m core.Member, limit int) ([]core.BroadcastStatus, error) {
	return b.Store.Recent(ctx, m.Org.ID, limit)
}

// recipients finds the audience's people now and their accounts.
func (b *Broadcasts) recipients(ctx context.Context, org core.Org, aud core.ReminderAudience) ([]account, []bot.Unreached, error) {
	var ids []int64
	var err error
	switch aud.Kind {
	case core.AudienceTeam, core.AudienceJob:
		ids, err = b.Audience.People(ctx, org.ID, aud)
	case core.AudienceOnShift:
		var roster []attendance.RosterEntry
		roster, err = b.Roster.Roster(ctx, org, core.DateOf(b.Clock.Now().In(org.Location())))
		for _, e := range roster {
			if e.Plan.Working && !e.OnLeave {
				ids = append(ids, e.Employee.ID)
			}
		}
	default:
		ids, err = b.Audience.People(ctx, org.ID, core.ReminderAudience{Kind: core.AudienceEveryone})
	}
	if err != nil {
		return nil, nil, err
	}
	return b.Queue.reach(ctx, Preference(b.Platforms), ids)
}
