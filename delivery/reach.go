package delivery

import (
	"context"
	"errors"
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
	return []core.Platform{core.PlatformTelegram, core.PlatformSlack}
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

// reach picks each person's first account on platforms (in that order)
// that does not refuse messages; those without one are returned as
// unreached, with why, and get an account on the console ("org/person"),
// where `hrbot chat` shows them what is waiting.
func reach(ctx context.Context, tx pgx.Tx, platforms []core.Platform, employeeIDs []int64) ([]account, []bot.Unreached, error) {
	if len(employeeIDs) == 0 {
		return nil, nil, nil
	}
	names := make([]string, len(platforms))
	for i, p := range platforms {
		names[i] = string(p)
	}
	// Set-based, as a broadcast asks this for thousands of people at once.
	rows, err := tx.Query(ctx, `
		WITH wanted AS (SELECT id, ord FROM unnest($1::bigint[]) WITH ORDINALITY AS t(id, ord)),
		account AS (
			SELECT DISTINCT ON (employee_id) employee_id, platform, external_id FROM chat_identities
			WHERE employee_id = ANY($1) AND platform = ANY($2) AND blocked_at IS NULL
			ORDER BY employee_id, array_position($2, platform)),
		blocked AS (SELECT DISTINCT employee_id FROM chat_identities WHERE employee_id = ANY($1) AND blocked_at IS NOT NULL)
		SELECT e.id, e.org_id, e.key, e.name, o.key, coalesce(a.platform, ''), coalesce(a.external_id, ''), b.employee_id IS NOT NULL
		FROM wanted w JOIN employees e ON e.id = w.id JOIN orgs o ON o.id = e.org_id
		LEFT JOIN account a ON a.employee_id = e.id LEFT JOIN blocked b ON b.employee_id = e.id
		ORDER BY w.ord`, employeeIDs, names)
	if err != nil {
		return nil, nil, fmt.Errorf("reach: %w", err)
	}
	defer rows.Close()
	var accounts []account
	var unreached []bot.Unreached
	for rows.Next() {
		var u bot.Unreached
		var orgKey, platform, external string
		var blocked bool
		if err := rows.Scan(&u.EmployeeID, &u.OrgID, &u.Key, &u.Name, &orgKey, &platform, &external, &blocked); err != nil {
			return nil, nil, fmt.Errorf("reach: %w", err)
		}
		if platform != "" {
			accounts = append(accounts, account{employeeID: u.EmployeeID, platform: core.Platform(platform), externalID: external})
			continue
		}
		u.Reason = bot.ReachNoAccount
		if blocked {
			u.Reason = bot.ReachBlocked
		}
		unreached = append(unreached, u)
		accounts = append(accounts, account{employeeID: u.EmployeeID, platform: core.PlatformConsole, externalID: orgKey + "/" + u.Key})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("reach: %w", err)
	}
	return accounts, unreached, nil
}

// TakeWaiting shows a console user ("org/person") what is still waiting
// to be sent to them — the copies kept for the console, and anything
// queued for their chat accounts that no platform has sent yet — written
// for the console by the renderer, and marks it sent: whoever shows a
// message first delivers it, so it is not sent again elsewhere. send is
// called once with everything (nothing when there is nothing); when it
// fails, all of it stays waiting. Notifications are not among it: the
// console reads those from its inbox.
func (q *Queue) TakeWaiting(ctx context.Context, userID string, send func(ctx context.Context, replies []bot.Reply) error) (int, error) {
	orgKey, key, ok := strings.Cut(userID, "/")
	if !ok || q.cfg.Renderer == nil {
		return 0, nil
	}
	n := 0
	err := pgx.BeginFunc(ctx, q.cfg.Pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT d.key, d.message, coalesce(d.edit_of, '') FROM deliveries d
			WHERE d.employee_id = (SELECT e.id FROM employees e JOIN orgs o ON o.id = e.org_id WHERE o.key = $1 AND e.key = $2)
			  AND d.state = 'queued' AND d.message IS NOT NULL AND d.source <> 'notification'
			ORDER BY d.created_at, d.key
			FOR UPDATE OF d SKIP LOCKED`, orgKey, key)
		if err != nil {
			return err
		}
		type waiting struct {
			key, editOf string
			msg         Message
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (waiting, error) {
			var w waiting
			err := r.Scan(&w.key, &w.msg, &w.editOf)
			return w, err
		})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return nil
		}
		// A message and its later edit both waiting: the edit, written
		// from the state of things now, says it all.
		replaced := map[string]bool{}
		for _, w := range list {
			if w.editOf != "" {
				replaced[w.editOf] = true
			}
		}
		var replies []bot.Reply
		keys := make([]string, 0, len(list))
		for _, w := range list {
			keys = append(keys, w.key)
			if replaced[w.key] {
				continue
			}
			r, err := q.cfg.Renderer.Render(ctx, core.PlatformConsole, userID, w.msg)
			if err != nil {
				return fmt.Errorf("render %s: %w", w.key, err)
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
		_, err = tx.Exec(ctx, `
			UPDATE deliveries SET state = 'sent', sent_at = now(), updated_at = now(), message_ref = NULL
			WHERE key = ANY($1)`, keys)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("waiting deliveries for %s: %w", userID, err)
	}
	return n, nil
}

// reportFailure tells the person a delivery was sent for (its sender)
// that it could not be delivered, once: what failed, to whom and why.
func (q *Queue) reportFailure(ctx context.Context, a args, permanent bool) error {
	var u bot.Unreached
	var sender, sourceID int64
	var source string
	err := q.cfg.Pool.QueryRow(ctx, `
		SELECT coalesce(d.sender_id, 0), d.source, d.source_id, e.id, e.org_id, e.key, e.name
		FROM deliveries d JOIN employees e ON e.id = d.employee_id
		WHERE d.key = $1`, a.Key).Scan(&sender, &source, &sourceID, &u.EmployeeID, &u.OrgID, &u.Key, &u.Name)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil // to a group or channel: nobody in particular to name
	case err != nil:
		return fmt.Errorf("report failed delivery %s: %w", a.Key, err)
	case sender == 0 || sender == u.EmployeeID:
		return nil
	}
	u.Reason = bot.ReachGaveUp
	if permanent {
		u.Reason = bot.ReachBlocked
	}
	msg := bot.Notice{Kind: bot.NoticeFailed, Params: map[string]string{
		"what": source, "id": strconv.FormatInt(sourceID, 10), "people": bot.EncodeUnreached([]bot.Unreached{u})}}
	var platforms []core.Platform
	for _, p := range chatPlatforms() {
		if q.cfg.Senders[p] != nil {
			platforms = append(platforms, p)
		}
	}
	return pgx.BeginFunc(ctx, q.cfg.Pool, func(tx pgx.Tx) error {
		accounts, _, err := reach(ctx, tx, Preference(platforms), []int64{sender})
		if err != nil || len(accounts) == 0 {
			return err
		}
		to := accounts[0]
		var orgID int64
		if err := tx.QueryRow(ctx, `SELECT org_id FROM employees WHERE id = $1`, sender).Scan(&orgID); err != nil {
			return err
		}
		_, err = q.Enqueue(ctx, tx, []Item{{Key: "failed:" + a.Key, OrgID: orgID, EmployeeID: sender, Platform: to.platform,
			ExternalID: to.externalID, Source: source, SourceID: sourceID, Message: msg}})
		return err
	})
}
