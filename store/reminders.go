package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reminder"
)

// Reminders keeps the scheduler's state: each rule's decided-until mark
// (reminder_rules.checked_until) and each occurrence decided, once
// (reminder_occurrences, unique per rule and instant).
type Reminders struct{ db *DB }

// NewReminders returns the reminder state over db.
func NewReminders(db *DB) Reminders { return Reminders{db: db} }

// Rules lists every org's rules.
func (s Reminders) Rules(ctx context.Context) ([]reminder.RuleRef, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT org_id, key FROM reminder_rules ORDER BY org_id, key`)
	if err != nil {
		return nil, fmt.Errorf("list reminder rules: %w", interpret(err))
	}
	refs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reminder.RuleRef, error) {
		var ref reminder.RuleRef
		return ref, r.Scan(&ref.OrgID, &ref.Key)
	})
	if err != nil {
		return nil, fmt.Errorf("list reminder rules: %w", interpret(err))
	}
	return refs, nil
}

// LockRule reads a rule with its org and locks it for the caller's
// transaction; found is false when another replica holds it (SKIP LOCKED)
// or it was removed.
func (s Reminders) LockRule(ctx context.Context, ref reminder.RuleRef) (st reminder.RuleState, found bool, err error) {
	var spec []byte
	var locale string
	var goLive time.Time
	org := &st.Org
	err = s.db.q(ctx).QueryRow(ctx, `
		SELECT r.spec, r.checked_until, extract(epoch FROM o.reminder_late_after)::bigint * 1000000000,
		       o.id, coalesce(o.group_id, 0), o.key, o.name, o.time_zone, o.default_locale, o.config_version, o.go_live
		FROM reminder_rules r JOIN orgs o ON o.id = r.org_id
		WHERE r.org_id = $1 AND r.key = $2
		FOR UPDATE OF r SKIP LOCKED`, ref.OrgID, ref.Key).
		Scan(&spec, &st.CheckedUntil, &st.LateAfter, &org.ID, &org.GroupID, &org.Key, &org.Name, &org.TimeZone, &locale, &org.ConfigVersion, &goLive)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("reminder %s: %w", ref.Key, interpret(err))
	}
	org.DefaultLocale, org.GoLive = core.Locale(locale), core.DateOf(goLive)
	if err := json.Unmarshal(spec, &st.Rule); err != nil {
		return st, false, fmt.Errorf("read rule %s: %w", ref.Key, err)
	}
	return st, true, nil
}

// Checked moves a rule's decided-until mark.
func (s Reminders) Checked(ctx context.Context, ref reminder.RuleRef, until time.Time) error {
	_, err := s.db.q(ctx).Exec(ctx, `UPDATE reminder_rules SET checked_until = $3 WHERE org_id = $1 AND key = $2`, ref.OrgID, ref.Key, until)
	if err != nil {
		return fmt.Errorf("reminder %s: %w", ref.Key, interpret(err))
	}
	return nil
}

// Occur records an occurrence with its status and returns its id; fresh
// is false when it was decided before.
func (s Reminders) Occur(ctx context.Context, orgID int64, ruleKey string, o reminder.Occurrence, status string) (id int64, fresh bool, err error) {
	err = s.db.q(ctx).QueryRow(ctx, `
		INSERT INTO reminder_occurrences (org_id, rule_key, due_at, clock, status) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING RETURNING id`, orgID, ruleKey, o.At, o.Clock, status).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("record occurrence of %s: %w", ruleKey, interpret(err))
	}
	return id, true, nil
}

// Outcome records how many an occurrence was queued to, and its status.
func (s Reminders) Outcome(ctx context.Context, id int64, recipients int, status string) error {
	_, err := s.db.q(ctx).Exec(ctx, `UPDATE reminder_occurrences SET recipients = $2, status = $3 WHERE id = $1`, id, recipients, status)
	if err != nil {
		return fmt.Errorf("occurrence %d: %w", id, interpret(err))
	}
	return nil
}
