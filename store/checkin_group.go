package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/conversation"
)

// CheckInGroups stores the chat check-ins that arrive together (the 9:00
// storm) in one statement per group, instead of one transaction of three
// round trips per person: the bot's CheckInGroups.
type CheckInGroups struct{ db *DB }

// NewCheckInGroups returns the group writes over db.
func NewCheckInGroups(db *DB) CheckInGroups { return CheckInGroups{db: db} }

// Senders identifies the senders of many messages in one statement, with
// whether their chat has a dialog open: what OpenTurn reads, for a group
// and outside any transaction. Console accounts are never linked here.
func (s CheckInGroups) Senders(ctx context.Context, os []conversation.Opening) ([]conversation.Sender, error) {
	n := len(os)
	platforms, users, chats := make([]string, n), make([]string, n), make([]string, n)
	for i, o := range os {
		platforms[i], users[i], chats[i] = string(o.Platform), o.UserID, o.ChatID
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT u.i, EXISTS (SELECT 1 FROM dialogs d WHERE d.platform = u.platform AND d.chat_id = u.chat_id AND d.user_id = u.user_id),
		`+memberColumns+memberFrom+`
		JOIN chat_identities ci ON ci.org_id = e.org_id AND ci.employee_id = e.id
		JOIN unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(platform, user_id, chat_id, i)
		  ON ci.platform = u.platform AND ci.external_id = u.user_id`, platforms, users, chats)
	if err != nil {
		return nil, fmt.Errorf("identify %d senders: %w", n, interpret(err))
	}
	defer rows.Close()
	out := make([]conversation.Sender, n)
	for rows.Next() {
		var i int
		var dialog bool
		m, err := scanMember(rows, &i, &dialog)
		if err != nil {
			return nil, fmt.Errorf("identify %d senders: %w", n, err)
		}
		if i < 1 || i > n {
			return nil, fmt.Errorf("identify %d senders: row %d", n, i)
		}
		out[i-1] = conversation.Sender{Member: m, Linked: true, HasDialog: dialog}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("identify %d senders: %w", n, interpret(err))
	}
	return out, nil
}

// groupRow is one check-in of a group as the statement reads it.
type groupRow struct {
	I            int             `json:"i"`
	Platform     string          `json:"platform"`
	DeliveryID   string          `json:"delivery_id"`
	ReceivedAt   time.Time       `json:"received_at"`
	Replies      json.RawMessage `json:"replies"`
	OrgID        int64           `json:"org_id"`
	EmployeeID   int64           `json:"employee_id"`
	WorkDate     string          `json:"work_date"`
	ShiftKey     string          `json:"shift_key"`
	DayKind      string          `json:"day_kind"`
	PlannedStart *time.Time      `json:"planned_start"`
	PlannedEnd   *time.Time      `json:"planned_end"`
	BreakMinutes int             `json:"break_minutes"`
	CheckIn      time.Time       `json:"check_in"`
	LateMinutes  int             `json:"late_minutes"`
	Flags        []string        `json:"flags"`
	AuditAt      time.Time       `json:"audit_at"`
	Action       string          `json:"action"`
	EntityID     string          `json:"entity_id"`
	After        json.RawMessage `json:"after"`
	Channel      string          `json:"channel"`
}

// WriteCheckIns stores a group of check-ins, each with the chat delivery
// that asked for it, in one statement, which commits as a whole. A
// check-in is stored — its delivery claimed with its replies, its record,
// its audit row, all or none of them — only when the person has no record
// that day and is active when the statement runs; written reports which
// were. The others are left for their ordinary turn, which says why (a
// retry of a stored check-in among them: the person has its record).
//
// When a delivery was claimed before without a record (a retry of a
// refused check-in) or is claimed by another transaction while the
// statement runs, the statement fails as a whole and stores nothing: the
// caller runs the group's turns one by one.
func (s CheckInGroups) WriteCheckIns(ctx context.Context, claims []conversation.Claim, ins []attendance.PlannedCheckIn) ([]bool, error) {
	if len(claims) != len(ins) {
		return nil, fmt.Errorf("write check-ins: %d claims for %d check-ins", len(claims), len(ins))
	}
	rows := make([]groupRow, len(ins))
	for i, c := range ins {
		after, err := json.Marshal(c.Audit.After)
		if err != nil {
			return nil, fmt.Errorf("encode audit: %w", err)
		}
		r := c.Record
		rows[i] = groupRow{
			I: i, Platform: string(claims[i].Platform), DeliveryID: claims[i].DeliveryID, ReceivedAt: claims[i].ReceivedAt,
			Replies: claims[i].Replies, OrgID: r.OrgID, EmployeeID: r.EmployeeID, WorkDate: r.WorkDate.String(),
			ShiftKey: r.ShiftKey, DayKind: r.DayKind.String(), PlannedStart: nullTime(r.PlannedStart), PlannedEnd: nullTime(r.PlannedEnd),
			BreakMinutes: r.BreakMinutes, CheckIn: r.CheckIn, LateMinutes: r.LateMinutes, Flags: flagsOf(r),
			AuditAt: c.Audit.At, Action: string(c.Audit.Action), EntityID: c.Audit.EntityID, After: after, Channel: c.Audit.Channel,
		}
	}
	// One order for every group, so two groups holding the same person
	// (a double tap) wait on each other instead of deadlocking.
	sort.Slice(rows, func(a, b int) bool {
		if rows[a].OrgID != rows[b].OrgID {
			return rows[a].OrgID < rows[b].OrgID
		}
		return rows[a].EmployeeID < rows[b].EmployeeID
	})
	doc, err := json.Marshal(rows)
	if err != nil {
		return nil, fmt.Errorf("encode check-ins: %w", err)
	}
	q, err := s.db.q(ctx).Query(ctx, writeCheckInsSQL, doc)
	if err != nil {
		return nil, fmt.Errorf("write %d check-ins: %w", len(ins), interpret(err))
	}
	defer q.Close()
	written := make([]bool, len(ins))
	for q.Next() {
		var i int
		var check int
		if err := q.Scan(&i, &check); err != nil {
			return nil, fmt.Errorf("write %d check-ins: %w", len(ins), interpret(err))
		}
		if i < 0 || i >= len(ins) {
			return nil, fmt.Errorf("write %d check-ins: row %d", len(ins), i)
		}
		written[i] = true
	}
	if err := q.Err(); err != nil {
		if isCode(err, "22012") {
			err = errors.New("a delivery was claimed before or meanwhile")
		}
		return nil, fmt.Errorf("write %d check-ins: %w", len(ins), interpret(err))
	}
	return written, nil
}

// writeCheckInsSQL stores the check-ins of active people without a record
// that day (recs), then claims their deliveries (claims), then writes
// their audit rows: each step keeps only the rows the one before stored,
// and the unique indexes decide, whatever the statistics say. A delivery
// claimed before whose person has no record (a retry of a refused
// check-in), or claimed by another transaction meanwhile, is a claim that
// does nothing for a stored record: then the counts differ and the
// division fails the whole statement, so no check-in is ever stored in
// part.
const writeCheckInsSQL = `
WITH input AS (
	SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
		i int, platform text, delivery_id text, received_at timestamptz, replies jsonb,
		org_id bigint, employee_id bigint, work_date date, shift_key text, day_kind text,
		planned_start timestamptz, planned_end timestamptz, break_minutes int, check_in timestamptz,
		late_minutes int, flags text[], audit_at timestamptz, action text, entity_id text, after jsonb, channel text)
), recs AS (
	INSERT INTO attendance_records (org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end,
	    break_minutes, check_in, late_minutes, flags)
	SELECT org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end,
	    break_minutes, check_in, late_minutes, flags FROM input x
	-- A scalar subquery probes the index per row: the planner takes the
	-- input for 100 rows and would hash the whole table to join it.
	WHERE (SELECT e.status FROM employees e WHERE e.id = x.employee_id AND e.org_id = x.org_id) = 'active'
	ON CONFLICT (org_id, employee_id, work_date) DO NOTHING
	RETURNING org_id, employee_id
), stored AS (
	SELECT x.* FROM input x JOIN recs USING (org_id, employee_id)
), claims AS (
	INSERT INTO inbound_deliveries (platform, delivery_id, received_at, replies)
	SELECT platform, delivery_id, received_at, replies FROM stored
	ON CONFLICT (platform, delivery_id) DO NOTHING
	RETURNING platform, delivery_id
), audit AS (
	INSERT INTO audit_log (org_id, at, actor_id, action, entity_type, entity_id, after, channel, outcome)
	SELECT org_id, audit_at, employee_id, action, 'attendance', entity_id, after, channel, 'ok'
	FROM stored JOIN claims USING (platform, delivery_id)
)
SELECT i, 1 / ((SELECT count(*) FROM claims) = (SELECT count(*) FROM stored))::int
FROM stored`
