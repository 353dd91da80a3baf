// Package broadcast sends one message to many people: a draft first (the
// preview says how many it reaches and who it does not), then one
// confirmed send — a second press, or a platform's retry of it, sends
// nothing more. Who is in the audience is decided here; the delivery
// queue (core.Outbox) only finds accounts and queues.
package broadcast

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Store keeps broadcasts (store.Broadcasts).
type Store interface {
	// InTurn runs fn in one transaction (joining the caller's, if any).
	InTurn(ctx context.Context, fn func(ctx context.Context) error) error
	Draft(ctx context.Context, orgID, by int64, audience, text string, recipients int) (int64, error)
	// Lock reads a draft by its sender and locks it for the transaction.
	// Errors: ENotFound ("broadcast.gone").
	Lock(ctx context.Context, orgID, by, id int64) (audience, text string, sent bool, err error)
	// MarkSent records the send and audits it.
	MarkSent(ctx context.Context, orgID, by, id int64, at time.Time, recipients int, audience, text, channel string) error
	Recent(ctx context.Context, orgID int64, limit int) ([]core.BroadcastStatus, error)
}

// People resolves stored audiences: everyone, team:KEY, job:NAME
// (store.Audience).
type People interface {
	People(ctx context.Context, orgID int64, aud core.Audience) ([]int64, error)
}

// Roster says who works on a date (attendance).
type Roster interface {
	Roster(ctx context.Context, org core.Org, d core.Date) ([]attendance.RosterEntry, error)
}

// Outbox queues the broadcast and tells, for the preview, whom it would
// reach (the delivery queue).
type Outbox interface {
	core.Outbox
	core.Reacher
}

// Service drafts, sends and reports broadcasts.
type Service struct {
	Store  Store
	People People
	Roster Roster
	Outbox Outbox
	Clock  core.Clock
}

// Draft records a broadcast not yet sent and returns its id, how many
// people it would reach in chat now, and who of the audience it would not
// (they get it on the console only).
func (s *Service) Draft(ctx context.Context, m core.Member, aud core.Audience, text string) (int64, int, []core.Unreached, error) {
	var id int64
	var reach core.Reach
	err := s.Store.InTurn(ctx, func(ctx context.Context) error {
		people, err := s.audience(ctx, m.Org, aud)
		if err != nil {
			return err
		}
		if reach, err = s.Outbox.Reach(ctx, people); err != nil {
			return err
		}
		id, err = s.Store.Draft(ctx, m.Org.ID, m.Employee.ID, aud.String(), text, len(reach.Sent)-len(reach.Unreached))
		return err
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("draft broadcast: %w", err)
	}
	return id, len(reach.Sent) - len(reach.Unreached), reach.Unreached, nil
}

// DraftToChat records a broadcast to one group or channel: the chat the
// command was given in.
func (s *Service) DraftToChat(ctx context.Context, m core.Member, platform core.Platform, chatID, text string) (int64, error) {
	return s.Store.Draft(ctx, m.Org.ID, m.Employee.ID, chatAudience(platform, chatID), text, 1)
}

// chatAudience names a broadcast's target chat: "chat:telegram:-1001".
func chatAudience(platform core.Platform, chatID string) string {
	return "chat:" + string(platform) + ":" + chatID
}

// Send queues a drafted broadcast to everyone in its audience now, once,
// and audits it. It returns how many chat deliveries were queued: the
// console's copies wait for someone to open it, and are not progress.
// Errors: ENotFound ("broadcast.gone"), EConflict ("broadcast.already").
func (s *Service) Send(ctx context.Context, m core.Member, id int64, channel string) (n int, toChat bool, err error) {
	err = s.Store.InTurn(ctx, func(ctx context.Context) error {
		audience, text, sent, err := s.Store.Lock(ctx, m.Org.ID, m.Employee.ID, id)
		if err != nil {
			return err
		}
		if sent {
			return core.Errorf(core.EConflict, "broadcast.already", "broadcast %d sent already", id)
		}
		out := core.Outgoing{OrgID: m.Org.ID, Source: core.SourceBroadcast, SourceID: id, Kind: core.NotifyBroadcast,
			Params: map[string]string{"text": text, "from": m.Employee.Name}}
		prefix := "broadcast:" + strconv.FormatInt(id, 10) + ":"
		if platform, chat, ok := strings.Cut(strings.TrimPrefix(audience, "chat:"), ":"); ok && strings.HasPrefix(audience, "chat:") {
			toChat, n = true, 1
			// A group or channel is nobody in particular: it is written in
			// the org's language.
			out.Params["chat"], out.Params["locale"] = "1", string(m.Org.DefaultLocale)
			out.Platform, out.ChatID = core.Platform(platform), chat
			out.Key = func(int64) string { return prefix + "chat" }
		} else {
			aud, _ := core.ParseAudience(audience)
			if out.To, err = s.audience(ctx, m.Org, aud); err != nil {
				return err
			}
			out.SenderID = m.Employee.ID
			out.Key = func(e int64) string { return prefix + strconv.FormatInt(e, 10) }
		}
		reach, err := s.Outbox.Send(ctx, out)
		if err != nil {
			return err
		}
		if !toChat {
			n = len(reach.Sent) - len(reach.Unreached)
		}
		return s.Store.MarkSent(ctx, m.Org.ID, m.Employee.ID, id, s.Clock.Now(), n, audience, text, channel)
	})
	if err != nil && core.ErrorCodeOf(err) == core.EInternal {
		return 0, false, fmt.Errorf("send broadcast %d: %w", id, err)
	}
	return n, toChat, err
}

// Recent lists the org's last sent broadcasts with their progress.
func (s *Service) Recent(ctx context.Context, m core.Member, limit int) ([]core.BroadcastStatus, error) {
	return s.Store.Recent(ctx, m.Org.ID, limit)
}

// audience lists who is in aud now: on_shift from today's roster, the
// others from storage.
func (s *Service) audience(ctx context.Context, org core.Org, aud core.Audience) ([]int64, error) {
	switch aud.Kind {
	case core.AudienceTeam, core.AudienceJob:
		return s.People.People(ctx, org.ID, aud)
	case core.AudienceOnShift:
		roster, err := s.Roster.Roster(ctx, org, core.DateOf(s.Clock.Now().In(org.Location())))
		if err != nil {
			return nil, err
		}
		var ids []int64
		for _, e := range roster {
			if e.Plan.Working && !e.OnLeave {
				ids = append(ids, e.Employee.ID)
			}
		}
		return ids, nil
	}
	return s.People.People(ctx, org.ID, core.Audience{Kind: core.AudienceEveryone})
}
