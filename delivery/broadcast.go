package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Broadcasts sends one message to many people through the queue: a draft
// first (the preview says how many it reaches), then one confirmed send —
// a second press, or a platform's retry of it, sends nothing more.
type Broadcasts struct {
	Queue     *Queue
	Roster    Roster
	Clock     core.Clock
	Platforms []core.Platform
}

// Draft records a broadcast not yet sent and returns its id, how many
// people it would reach in chat now, and who of the audience it would not
// (they get it on the console only).
func (b *Broadcasts) Draft(ctx context.Context, m core.Member, aud core.ReminderAudience, text string) (int64, int, []bot.Unreached, error) {
	var id int64
	var n int
	var unreached []bot.Unreached
	err := b.Queue.inTx(ctx, func(tx pgx.Tx) error {
		accounts, missed, err := b.recipients(ctx, tx, m.Org, aud)
		if err != nil {
			return err
		}
		n, unreached = len(accounts)-len(missed), missed
		return tx.QueryRow(ctx, `
			INSERT INTO broadcasts (org_id, created_by, audience, text, recipients) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			m.Org.ID, m.Employee.ID, aud.String(), text, n).Scan(&id)
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("draft broadcast: %w", err)
	}
	return id, n, unreached, nil
}

// DraftToChat records a broadcast to one group or channel: the chat the
// command was given in.
func (b *Broadcasts) DraftToChat(ctx context.Context, m core.Member, platform core.Platform, chatID, text string) (int64, error) {
	var id int64
	err := b.Queue.cfg.Pool.QueryRow(ctx, `
		INSERT INTO broadcasts (org_id, created_by, audience, text, recipients) VALUES ($1, $2, $3, $4, 1) RETURNING id`,
		m.Org.ID, m.Employee.ID, chatAudience(platform, chatID), text).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("draft broadcast: %w", err)
	}
	return id, nil
}

// chatAudience names a broadcast's target chat: "chat:telegram:-1001".
func chatAudience(platform core.Platform, chatID string) string {
	return "chat:" + string(platform) + ":" + chatID
}

// Send queues a drafted broadcast to everyone in its audience now, once,
// and audits it. It returns how many deliveries were queued.
func (b *Broadcasts) Send(ctx context.Context, m core.Member, id int64, channel string) (n int, toChat bool, err error) {
	err = b.Queue.inTx(ctx, func(tx pgx.Tx) error {
		var audience, text string
		var sent bool
		err := tx.QueryRow(ctx, `
			SELECT audience, text, sent_at IS NOT NULL FROM broadcasts
			WHERE id = $1 AND org_id = $2 AND created_by = $3 FOR UPDATE`, id, m.Org.ID, m.Employee.ID).Scan(&audience, &text, &sent)
		if errors.Is(err, pgx.ErrNoRows) {
			return core.Errorf(core.ENotFound, "broadcast.gone", "broadcast %d not found", id)
		}
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
				Platform: core.Platform(platform), ExternalID: chat, Source: "broadcast", SourceID: id, Message: msg}}
		} else {
			aud, _ := core.ParseAudience(audience)
			accounts, _, err := b.recipients(ctx, tx, m.Org, aud)
			if err != nil {
				return err
			}
			for _, a := range accounts {
				items = append(items, Item{
					Key:   "broadcast:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(a.employeeID, 10),
					OrgID: m.Org.ID, EmployeeID: a.employeeID, Platform: a.platform, ExternalID: a.externalID,
					Source: "broadcast", SourceID: id, Message: msg, SenderID: m.Employee.ID,
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
		now := b.Clock.Now()
		if _, err := tx.Exec(ctx, `UPDATE broadcasts SET sent_at = $2, recipients = $3 WHERE id = $1`, id, now, n); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"audience": audience, "text": text, "recipients": n})
		_, err = tx.Exec(ctx, `
			INSERT INTO audit_log (org_id, at, actor_id, action, entity_type, entity_id, after, channel, outcome)
			VALUES ($1, $2, $3, 'broadcast.send', 'broadcast', $4, $5, $6, 'ok')`,
			m.Org.ID, now, m.Employee.ID, strconv.FormatInt(id, 10), after, channel)
		return err
	})
	if err != nil && core.ErrorCodeOf(err) == core.EInternal {
		return 0, false, fmt.Errorf("send broadcast %d: %w", id, err)
	}
	return n, toChat, err
}

// Recent lists the org's last sent broadcasts with their progress.
func (b *Broadcasts) Recent(ctx context.Context, m core.Member, limit int) ([]core.BroadcastStatus, error) {
	rows, err := b.Queue.cfg.Pool.Query(ctx, `
		SELECT b.id, b.audience, b.sent_at, b.recipients,
		       count(*) FILTER (WHERE d.state IN ('sent', 'skipped')),
		       count(*) FILTER (WHERE d.state IN ('queued', 'sending')),
		       count(*) FILTER (WHERE d.state = 'failed')
		FROM broadcasts b LEFT JOIN deliveries d ON d.source = 'broadcast' AND d.source_id = b.id AND d.platform <> 'console'
		     AND d.key NOT LIKE 'failed:%'
		WHERE b.org_id = $1 AND b.sent_at IS NOT NULL
		GROUP BY b.id ORDER BY b.id DESC LIMIT $2`, m.Org.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("recent broadcasts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.BroadcastStatus, error) {
		var s core.BroadcastStatus
		return s, r.Scan(&s.ID, &s.Audience, &s.SentAt, &s.Total, &s.Sent, &s.Waiting, &s.Failed)
	})
	if err != nil {
		return nil, fmt.Errorf("recent broadcasts: %w", err)
	}
	return out, nil
}

func (b *Broadcasts) recipients(ctx context.Context, tx pgx.Tx, org core.Org, aud core.ReminderAudience) ([]account, []bot.Unreached, error) {
	var ids []int64
	var err error
	switch aud.Kind {
	case core.AudienceTeam:
		ids, err = employees(ctx, tx, org.ID, `team_id = (SELECT id FROM teams WHERE org_id = $1 AND key = $2)`, aud.Value)
	case core.AudienceJob:
		ids, err = employees(ctx, tx, org.ID, `job = $2`, aud.Value)
	case core.AudienceOnShift:
		var roster []attendance.RosterEntry
		roster, err = b.Roster.Roster(ctx, org, core.DateOf(b.Clock.Now().In(org.Location())))
		for _, e := range roster {
			if e.Plan.Working && !e.OnLeave {
				ids = append(ids, e.Employee.ID)
			}
		}
	default:
		ids, err = employees(ctx, tx, org.ID, `true`)
	}
	if err != nil {
		return nil, nil, err
	}
	return reach(ctx, tx, Preference(b.Platforms), ids)
}
