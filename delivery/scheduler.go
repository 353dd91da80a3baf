package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/reminder"
)

// Roster is what the scheduler needs from attendance: each org's setup
// (time zone, holiday calendar) and who works when on a date.
type Roster interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
	Roster(ctx context.Context, org core.Org, d core.Date) ([]attendance.RosterEntry, error)
}

// Scheduler turns the orgs' reminder rules into deliveries. Every replica
// may run one: a rule is decided under a row lock taken with SKIP LOCKED,
// and each occurrence is a unique row written in the same transaction as
// its deliveries, so an occurrence is queued once whoever gets there.
type Scheduler struct {
	Queue     *Queue
	Roster    Roster
	Clock     core.Clock
	Platforms []core.Platform // accounts are reached on these, in this order
	// Batch bounds the occurrences decided per rule in one pass; default 100.
	Batch int
}

// Run ticks every interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Queue.log.Error("reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

type ruleRef struct {
	orgID int64
	key   string
}

// Tick decides every rule's occurrences due by now and returns how many
// deliveries it queued.
func (s *Scheduler) Tick(ctx context.Context) (int, error) {
	rows, err := s.Queue.cfg.Pool.Query(ctx, `SELECT org_id, key FROM reminder_rules ORDER BY org_id, key`)
	if err != nil {
		return 0, fmt.Errorf("list reminder rules: %w", err)
	}
	refs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ruleRef, error) {
		var ref ruleRef
		return ref, r.Scan(&ref.orgID, &ref.key)
	})
	if err != nil {
		return 0, fmt.Errorf("list reminder rules: %w", err)
	}
	// One rule failing (say, an org whose setup cannot load) does not hold
	// up the others.
	total := 0
	var errs []error
	for _, ref := range refs {
		n, err := s.tickRule(ctx, ref)
		total += n
		if err != nil {
			errs = append(errs, fmt.Errorf("reminder %s in org %d: %w", ref.key, ref.orgID, err))
		}
	}
	return total, errors.Join(errs...)
}

func (s *Scheduler) tickRule(ctx context.Context, ref ruleRef) (int, error) {
	batch := s.Batch
	if batch <= 0 {
		batch = 100
	}
	queued := 0
	err := pgx.BeginFunc(ctx, s.Queue.cfg.Pool, func(tx pgx.Tx) error {
		var spec []byte
		var checked time.Time
		var late time.Duration
		var org core.Org
		var locale string
		var goLive time.Time
		err := tx.QueryRow(ctx, `
			SELECT r.spec, r.checked_until, extract(epoch FROM o.reminder_late_after)::bigint * 1000000000,
			       o.id, coalesce(o.group_id, 0), o.key, o.name, o.time_zone, o.default_locale, o.config_version, o.go_live
			FROM reminder_rules r JOIN orgs o ON o.id = r.org_id
			WHERE r.org_id = $1 AND r.key = $2
			FOR UPDATE OF r SKIP LOCKED`, ref.orgID, ref.key).
			Scan(&spec, &checked, &late, &org.ID, &org.GroupID, &org.Key, &org.Name, &org.TimeZone, &locale, &org.ConfigVersion, &goLive)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // another replica is deciding it, or it was removed
		}
		if err != nil {
			return err
		}
		org.DefaultLocale, org.GoLive = core.Locale(locale), core.DateOf(goLive)
		var rule core.ReminderRule
		if err := json.Unmarshal(spec, &rule); err != nil {
			return fmt.Errorf("read rule: %w", err)
		}
		setup, err := s.Roster.Setup(ctx, org)
		if err != nil {
			return err
		}
		rosters := map[core.Date][]attendance.RosterEntry{}
		roster := func(d core.Date) ([]attendance.RosterEntry, error) {
			if r, ok := rosters[d]; ok {
				return r, nil
			}
			r, err := s.Roster.Roster(ctx, org, d)
			rosters[d] = r
			return r, err
		}
		var rosterErr error
		shifts := func(d core.Date) (starts, ends []int) {
			r, err := roster(d)
			if err != nil {
				rosterErr = err
				return nil, nil
			}
			for _, e := range r {
				if !e.Plan.Working || e.OnLeave {
					continue
				}
				starts = appendNew(starts, e.Plan.Shift.Start)
				ends = appendNew(ends, e.Plan.Shift.Start+e.Plan.Shift.Span())
			}
			return starts, ends
		}
		now := s.Clock.Now()
		occs, err := reminder.Due(rule, setup.Location, setup.Calendar, shifts, late, checked, now, batch)
		if err != nil {
			return err
		}
		if rosterErr != nil {
			return rosterErr
		}
		for _, o := range occs {
			n, err := s.occur(ctx, tx, org, rule, o, roster)
			if err != nil {
				return err
			}
			queued += n
		}
		until := now
		if len(occs) >= batch {
			until = occs[len(occs)-1].At // more remain: the next pass goes on from here
		}
		_, err = tx.Exec(ctx, `UPDATE reminder_rules SET checked_until = $3 WHERE org_id = $1 AND key = $2`, ref.orgID, ref.key, until)
		return err
	})
	return queued, err
}

// occur records one occurrence and queues its deliveries.
func (s *Scheduler) occur(ctx context.Context, tx pgx.Tx, org core.Org, rule core.ReminderRule, o reminder.Occurrence,
	roster func(core.Date) ([]attendance.RosterEntry, error)) (int, error) {
	status := string(o.Skip)
	if status == "" {
		status = "sent"
	}
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO reminder_occurrences (org_id, rule_key, due_at, clock, status) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING RETURNING id`, org.ID, rule.Key, o.At, o.Clock, status).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, nil // decided before
	case err != nil:
		return 0, err
	case o.Skip != reminder.Send:
		return 0, nil // skipped, and now recorded
	}
	people, err := s.audience(ctx, tx, org, rule, o, roster)
	if err != nil {
		return 0, err
	}
	accounts, err := s.accounts(ctx, tx, people)
	if err != nil {
		return 0, err
	}
	params := map[string]string{"kind": string(rule.Kind), "date": o.Date.String()}
	if o.Clock >= 0 {
		params["clock"] = fmt.Sprintf("%02d:%02d", o.Clock%1440/60, o.Clock%60)
	}
	for loc, text := range rule.Text {
		params["text."+string(loc)] = text
	}
	items := make([]Item, 0, len(accounts))
	for _, a := range accounts {
		items = append(items, Item{
			Key:   "reminder:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(a.employeeID, 10),
			OrgID: org.ID, EmployeeID: a.employeeID, Platform: a.platform, ExternalID: a.externalID,
			Source: "reminder", SourceID: id, Message: bot.Notice{Kind: bot.NoticeReminder, Params: params},
		})
	}
	n, err := s.Queue.Enqueue(ctx, tx, items)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		status = "nobody"
	}
	_, err = tx.Exec(ctx, `UPDATE reminder_occurrences SET recipients = $2, status = $3 WHERE id = $1`, id, n, status)
	return n, err
}

// audience lists the employee ids a rule's occurrence is for.
func (s *Scheduler) audience(ctx context.Context, tx pgx.Tx, org core.Org, rule core.ReminderRule, o reminder.Occurrence,
	roster func(core.Date) ([]attendance.RosterEntry, error)) ([]int64, error) {
	fromRoster := func(d core.Date, keep func(attendance.RosterEntry) bool) ([]int64, error) {
		r, err := roster(d)
		if err != nil {
			return nil, err
		}
		var ids []int64
		for _, e := range r {
			if e.Plan.Working && !e.OnLeave && keep(e) {
				ids = append(ids, e.Employee.ID)
			}
		}
		return ids, nil
	}
	checkedIn := func(e attendance.RosterEntry) bool { return e.Record != nil && !e.Record.CheckIn.IsZero() }
	startsAt := func(e attendance.RosterEntry) bool { return e.Plan.Shift.Start == o.Clock }
	switch rule.Kind {
	case core.ReminderCheckIn:
		return fromRoster(o.Date, func(e attendance.RosterEntry) bool { return startsAt(e) && !checkedIn(e) })
	case core.ReminderNudge:
		return fromRoster(o.Date, func(e attendance.RosterEntry) bool { return startsAt(e) && !checkedIn(e) })
	case core.ReminderCheckOut:
		return fromRoster(o.Date, func(e attendance.RosterEntry) bool {
			return e.Plan.Shift.Start+e.Plan.Shift.Span() == o.Clock && checkedIn(e) && e.Record.CheckOut.IsZero()
		})
	case core.ReminderDigest:
		// The message is their own /pending list, and says nothing
		// (skipped) if everything was decided by the time it is sent.
		return employees(ctx, tx, org.ID, pendingApprover)
	case core.ReminderWeekly:
		return employees(ctx, tx, org.ID, `true`)
	case core.ReminderReport:
		return employees(ctx, tx, org.ID, `role IN ('manager', 'hr', 'admin')`)
	}
	switch rule.Audience.Kind {
	case core.AudienceTeam:
		return employees(ctx, tx, org.ID, `team_id = (SELECT id FROM teams WHERE org_id = $1 AND key = $2)`, rule.Audience.Value)
	case core.AudienceJob:
		return employees(ctx, tx, org.ID, `job = $2`, rule.Audience.Value)
	case core.AudienceOnShift:
		return fromRoster(o.Date, func(attendance.RosterEntry) bool { return true })
	case core.AudienceNotCheckedIn:
		now := s.Clock.Now()
		return fromRoster(o.Date, func(e attendance.RosterEntry) bool { return !checkedIn(e) && !e.Plan.Start.After(now) })
	case core.AudienceManagersPending:
		return employees(ctx, tx, org.ID, pendingApprover)
	}
	return employees(ctx, tx, org.ID, `true`)
}

// pendingApprover selects people with a request waiting for their decision.
const pendingApprover = `id IN (
	SELECT approver_id FROM leave_requests WHERE org_id = $1 AND status = 'pending'
	UNION SELECT approver_id FROM attendance_corrections WHERE org_id = $1 AND status = 'pending')`

func employees(ctx context.Context, tx pgxQuerier, orgID int64, where string, args ...any) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM employees WHERE org_id = $1 AND status = 'active' AND `+where+` ORDER BY id`,
		append([]any{orgID}, args...)...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

type account struct {
	employeeID int64
	platform   core.Platform
	externalID string
}

// accounts picks each person's first reachable account on the platforms
// served, in their order of preference.
func (s *Scheduler) accounts(ctx context.Context, tx pgx.Tx, employeeIDs []int64) ([]account, error) {
	return reachable(ctx, tx, s.Platforms, employeeIDs)
}

func reachable(ctx context.Context, tx pgx.Tx, platforms []core.Platform, employeeIDs []int64) ([]account, error) {
	if len(employeeIDs) == 0 || len(platforms) == 0 {
		return nil, nil
	}
	names := make([]string, len(platforms))
	for i, p := range platforms {
		names[i] = string(p)
	}
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT ON (employee_id) employee_id, platform, external_id
		FROM chat_identities
		WHERE employee_id = ANY($1) AND platform = ANY($2) AND blocked_at IS NULL
		ORDER BY employee_id, array_position($2, platform)`, employeeIDs, names)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (account, error) {
		var a account
		var platform string
		err := r.Scan(&a.employeeID, &platform, &a.externalID)
		a.platform = core.Platform(platform)
		return a, err
	})
}

func appendNew(xs []int, x int) []int {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
