package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// FindRun returns an org's run of a period with its payslips.
func (s Payroll) FindRun(ctx context.Context, orgID int64, period string) (payroll.Run, error) {
	var r payroll.Run
	var approvedAt *time.Time
	var approvedBy *int64
	var warnings []byte
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT id, org_id, period, status, drafted_at, drafted_by, approved_at, approved_by, warnings, override_reason
		FROM payroll_runs WHERE org_id = $1 AND period = $2`, orgID, period).
		Scan(&r.ID, &r.OrgID, &r.Period, &r.Status, &r.DraftedAt, &r.DraftedBy, &approvedAt, &approvedBy, &warnings, &r.OverrideReason)
	if err != nil {
		return r, fmt.Errorf("payroll run %s: %w", period, interpret(err))
	}
	if err := json.Unmarshal(warnings, &r.Warnings); err != nil {
		return r, fmt.Errorf("payroll run %s: warnings: %w", period, err)
	}
	if approvedAt != nil {
		r.ApprovedAt, r.ApprovedBy = *approvedAt, *approvedBy
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT l.employee_id, e.key, e.name, coalesce(e.chosen_locale, e.locale, ''), l.gross::text, l.social::text, l.tax::text, l.net::text, l.lines, l.ytd,
		       l.employer::text, l.employer_lines
		FROM payroll_lines l JOIN employees e ON e.id = l.employee_id
		WHERE l.run_id = $1 ORDER BY e.key`, r.ID)
	if err != nil {
		return r, fmt.Errorf("payroll run %s: %w", period, interpret(err))
	}
	r.Slips, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (payroll.Slip, error) {
		var s payroll.Slip
		var locale string
		var lines, ytd, employer []byte
		if err := row.Scan(&s.EmployeeID, &s.Key, &s.Name, &locale, decimalText{&s.Gross}, decimalText{&s.Social},
			decimalText{&s.Tax.Withhold}, decimalText{&s.Net}, &lines, &ytd, decimalText{&s.EmployerTotal}, &employer); err != nil {
			return s, err
		}
		s.Locale = core.Locale(locale)
		if err := json.Unmarshal(lines, &s.Lines); err != nil {
			return s, err
		}
		if err := json.Unmarshal(employer, &s.Employer); err != nil {
			return s, err
		}
		if len(s.Employer) == 0 {
			s.Employer = nil // as drafted: none
		}
		return s, json.Unmarshal(ytd, &s.YTD)
	})
	if err != nil {
		return r, fmt.Errorf("payroll run %s: %w", period, interpret(err))
	}
	return r, nil
}

// SaveDraft writes the draft of a period, replacing the previous draft's
// lines; an approved run is refused (and the database would refuse too).
func (s Payroll) SaveDraft(ctx context.Context, orgID int64, period, by string, slips []payroll.Slip, warnings []payroll.Warning, at time.Time) (payroll.Run, error) {
	var id int64
	// Stored to the microsecond, as PostgreSQL keeps it, so the run
	// returned is the run a read gives: its DraftedAt identifies the draft
	// an approval is of.
	at = at.Truncate(time.Microsecond)
	warned, err := json.Marshal(nonNilWarnings(warnings))
	if err != nil {
		return payroll.Run{}, fmt.Errorf("save payroll draft %s: %w", period, err)
	}
	err = s.db.inTx(ctx, func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `
			INSERT INTO payroll_runs (org_id, period, drafted_at, drafted_by, warnings) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id, period) DO UPDATE SET drafted_at = $3, drafted_by = $4, warnings = $5 WHERE payroll_runs.status = 'draft'
			RETURNING id, status`, orgID, period, at, by, warned).Scan(&id, &status)
		if errors.Is(err, pgx.ErrNoRows) {
			return core.Errorf(core.EConflict, "payroll.approved", "the %s run is approved and cannot change; add an adjustment to a later period", period).With("period", period)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM payroll_lines WHERE run_id = $1`, id); err != nil {
			return err
		}
		rows := make([][]any, len(slips))
		for i, s := range slips {
			lines, err := json.Marshal(s.Lines)
			if err != nil {
				return err
			}
			ytd, err := json.Marshal(s.YTD)
			if err != nil {
				return err
			}
			employer, err := json.Marshal(nonNilLines(s.Employer))
			if err != nil {
				return err
			}
			rows[i] = []any{id, orgID, s.EmployeeID, s.Gross.StringFixed(2), s.Social.StringFixed(2), s.Tax.Withhold.StringFixed(2), s.Net.StringFixed(2), lines, ytd,
				s.EmployerTotal.StringFixed(2), employer}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"payroll_lines"},
			[]string{"run_id", "org_id", "employee_id", "gross", "social", "tax", "net", "lines", "ytd", "employer", "employer_lines"},
			pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorLabel: by, Action: core.AuditPayrollDraft,
			EntityType: "payroll_run", EntityID: period, After: map[string]any{"people": len(slips), "warnings": warningCodes(warnings)},
			Channel: draftChannel(by), Outcome: "ok"})
	})
	if err != nil {
		return payroll.Run{}, fmt.Errorf("save payroll draft %s: %w", period, interpret(err))
	}
	// What was written is what a read would return: no need to read it back.
	return payroll.Run{ID: id, OrgID: orgID, Period: period, Status: payroll.StatusDraft, DraftedAt: at, DraftedBy: by, Slips: slips,
		Warnings: warnings}, nil
}

// draftChannel is the channel a draft by "channel:key" came from (chat,
// web); a draft by anything else ("payroll run") came from the command line.
func draftChannel(by string) string {
	if ch, key, ok := strings.Cut(by, ":"); ok && ch != "" && key != "" && !strings.Contains(ch, " ") {
		return ch
	}
	return "cli"
}

func nonNilWarnings(w []payroll.Warning) []payroll.Warning {
	if w == nil {
		return []payroll.Warning{}
	}
	return w
}

// warningCodes lists a run's warnings for the audit log: codes and
// people, never amounts.
func warningCodes(ws []payroll.Warning) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if w.Person != "" {
			out = append(out, w.Code+":"+w.Person)
		} else {
			out = append(out, w.Code)
		}
	}
	return out
}

// ApproveRun approves a period's draft — the one drafted at draftedAt, so
// a draft replaced since HR reviewed it is not approved unseen — and
// queues each payslip for its person: from now on the run is final. The
// override reason and the blockers it overrode go into the run and its
// audit row.
func (s Payroll) ApproveRun(ctx context.Context, orgID int64, period string, draftedAt time.Time, by core.Member, channel string,
	override string, blockers []payroll.Warning, at time.Time) (payroll.Run, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `
			UPDATE payroll_runs SET status = 'approved', approved_at = $3, approved_by = $4, override_reason = $6
			WHERE org_id = $1 AND period = $2 AND status = 'draft' AND drafted_at = $5 RETURNING id`,
			orgID, period, at, by.Employee.ID, draftedAt, override).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			var status string
			if err := tx.QueryRow(ctx, `SELECT status FROM payroll_runs WHERE org_id = $1 AND period = $2`, orgID, period).Scan(&status); err != nil {
				return core.Errorf(core.ENotFound, "payroll.no_run", "no payroll run for %s: draft one with hrbot payroll run", period).With("period", period)
			}
			if status == payroll.StatusDraft {
				return core.Errorf(core.EConflict, "payroll.redrafted", "the %s run was drafted again meanwhile: review it again", period).With("period", period)
			}
			return core.Errorf(core.EConflict, "payroll.already_approved", "the %s run is already approved", period).With("period", period)
		}
		if err != nil {
			return err
		}
		// An adjustment recorded after the draft is not in it: approved as
		// it is, the run would never pay it, and no reason makes that
		// right. The update above waited for any adjustment being added
		// (it reads the run FOR SHARE), so this sees it.
		var name, description string
		err = tx.QueryRow(ctx, `
			SELECT e.name, a.description FROM payroll_adjustments a JOIN employees e ON e.id = a.employee_id
			WHERE a.org_id = $1 AND a.period = $2 AND a.created_at > $3 ORDER BY a.id LIMIT 1`,
			orgID, period, draftedAt).Scan(&name, &description)
		if err == nil {
			return core.Errorf(core.EConflict, "payroll.adjusted_after_draft", "an adjustment was recorded after the %s draft: draft the month again", period).
				With("period", period).With("name", name).With("description", description)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT employee_id FROM payroll_lines WHERE run_id = $1`, id)
		if err != nil {
			return err
		}
		people, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, p := range people {
			if err := notify(ctx, tx, core.Notification{OrgID: orgID, RecipientID: p, Kind: core.NotifyPayslip,
				Params: map[string]string{"period": period}, CreatedAt: at}); err != nil {
				return err
			}
		}
		after := map[string]any{"status": "approved", "people": len(people)}
		if override != "" {
			after["override"] = override
			after["overridden"] = warningCodes(blockers)
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorID: by.Employee.ID, Action: core.AuditPayrollApprove,
			EntityType: "payroll_run", EntityID: period, Before: map[string]any{"status": "draft"},
			After: after, Channel: channel, Outcome: "ok"})
	})
	if err != nil {
		return payroll.Run{}, fmt.Errorf("approve payroll %s: %w", period, interpret(err))
	}
	return s.FindRun(ctx, orgID, period)
}

// AskAboutPayslip tells the org's HR people that someone has a question
// about their payslip of period.
func (s Payroll) AskAboutPayslip(ctx context.Context, orgID, employeeID int64, period string, at time.Time) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM employees WHERE org_id = $1 AND id = $2`, orgID, employeeID).Scan(&name); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id FROM employees WHERE org_id = $1 AND status = 'active' AND role IN ('hr', 'admin') AND id <> $2`, orgID, employeeID)
		if err != nil {
			return err
		}
		hr, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, r := range hr {
			if err := notify(ctx, tx, core.Notification{OrgID: orgID, RecipientID: r, Kind: core.NotifyPayslipAsked,
				Params: map[string]string{"period": period, "employee": strconv.FormatInt(employeeID, 10), "name": name}, CreatedAt: at}); err != nil {
				return err
			}
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorID: employeeID, Action: core.AuditPayrollQuestion,
			EntityType: "payroll_run", EntityID: period, Outcome: "ok"})
	})
	if err != nil {
		return fmt.Errorf("question about payslip %s: %w", period, interpret(err))
	}
	return nil
}

// AddAdjustment records a correction to be paid (or taken back) in
// period, by an operator at a terminal (actor, channel cli).
func (s Payroll) AddAdjustment(ctx context.Context, orgID int64, key, period string, a pay.Adjustment, actor string, at time.Time) error {
	return s.addAdjustment(ctx, orgID, key, period, a, actor, false, core.AuditEntry{OrgID: orgID, At: at, ActorLabel: actor, Channel: "cli"})
}

// AddAdjustmentAs records a correction to be paid (or taken back) in
// period, by HR on channel. Errors: EInvalid for a person not of the org
// (payroll.unknown_person) or without a pay profile (payroll.no_profile),
// whom no run pays; EConflict (payroll.approved) once the period's run is
// approved.
func (s Payroll) AddAdjustmentAs(ctx context.Context, orgID int64, key, period string, a pay.Adjustment, by core.Member, channel string, at time.Time) error {
	return s.addAdjustment(ctx, orgID, key, period, a, channel+":"+by.Employee.Key, true,
		core.AuditEntry{OrgID: orgID, At: at, ActorID: by.Employee.ID, Channel: channel})
}

// addAdjustment saves a as recorded by by, with an audit row from audit;
// with needProfile, only for someone with a pay profile.
func (s Payroll) addAdjustment(ctx context.Context, orgID int64, key, period string, a pay.Adjustment, by string, needProfile bool,
	audit core.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var status string
		if needProfile {
			var err error
			if id, err = payeeOf(ctx, tx, orgID, key); err != nil {
				return err
			}
		} else if err := tx.QueryRow(ctx, `SELECT id FROM employees WHERE org_id = $1 AND key = $2`, orgID, key).Scan(&id); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return core.Errorf(core.EInvalid, "payroll.unknown_person", "no person %q in this org", key).With("person", key)
			}
			return err
		}
		// FOR SHARE: an approval of the month waits for this to commit, or
		// this sees it approved.
		err := tx.QueryRow(ctx, `SELECT status FROM payroll_runs WHERE org_id = $1 AND period = $2 FOR SHARE`, orgID, period).Scan(&status)
		if err == nil && status == payroll.StatusApproved {
			return core.Errorf(core.EConflict, "payroll.approved", "the %s run is approved: adjust a later period", period).With("period", period)
		}
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO payroll_adjustments (org_id, employee_id, period, description, amount, taxable, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, orgID, id, period, a.Description, a.Amount.String(), a.Taxable, by, audit.At); err != nil {
			return err
		}
		audit.Action, audit.EntityType, audit.EntityID, audit.Outcome = core.AuditPayrollAdjust, "employee", key, "ok"
		audit.After = map[string]any{"period": period, "description": a.Description}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return fmt.Errorf("add adjustment: %w", interpret(err))
	}
	return nil
}

// ListAdjustments returns the corrections recorded for period with who
// they are for, in the order they were recorded.
func (s Payroll) ListAdjustments(ctx context.Context, orgID int64, period string) ([]payroll.Adjustment, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT a.id, e.key, e.name, a.description, a.amount::text, a.taxable, a.created_by, a.created_at
		FROM payroll_adjustments a JOIN employees e ON e.id = a.employee_id
		WHERE a.org_id = $1 AND a.period = $2 ORDER BY a.id`, orgID, period)
	if err != nil {
		return nil, fmt.Errorf("adjustments of %s: %w", period, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (payroll.Adjustment, error) {
		var a payroll.Adjustment
		err := row.Scan(&a.ID, &a.Key, &a.Name, &a.Description, decimalText{&a.Amount}, &a.Taxable, &a.CreatedBy, &a.CreatedAt)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("adjustments of %s: %w", period, interpret(err))
	}
	return out, nil
}

// Adjustments returns the corrections due in period, per person.
func (s Payroll) Adjustments(ctx context.Context, orgID int64, period string) (map[int64][]pay.Adjustment, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT employee_id, description, amount::text, taxable FROM payroll_adjustments
		WHERE org_id = $1 AND period = $2 ORDER BY id`, orgID, period)
	if err != nil {
		return nil, fmt.Errorf("adjustments of org %d: %w", orgID, interpret(err))
	}
	out := map[int64][]pay.Adjustment{}
	var id int64
	var a pay.Adjustment
	if _, err := pgx.ForEachRow(rows, []any{&id, &a.Description, decimalText{&a.Amount}, &a.Taxable}, func() error {
		out[id] = append(out[id], a)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("adjustments of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// ListRuns returns an org's runs with their totals, newest period first.
func (s Payroll) ListRuns(ctx context.Context, orgID int64) ([]payroll.RunSummary, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT r.period, r.status, r.drafted_at, r.approved_at, count(l.employee_id),
		       coalesce(sum(l.gross), 0)::text, coalesce(sum(l.social), 0)::text, coalesce(sum(l.tax), 0)::text, coalesce(sum(l.net), 0)::text
		FROM payroll_runs r LEFT JOIN payroll_lines l ON l.run_id = r.id
		WHERE r.org_id = $1 GROUP BY r.id ORDER BY r.period DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("payroll runs: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (payroll.RunSummary, error) {
		var r payroll.RunSummary
		var approvedAt *time.Time
		err := row.Scan(&r.Period, &r.Status, &r.DraftedAt, &approvedAt, &r.People,
			decimalText{&r.Gross}, decimalText{&r.Social}, decimalText{&r.Tax}, decimalText{&r.Net})
		if approvedAt != nil {
			r.ApprovedAt = *approvedAt
		}
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("payroll runs: %w", interpret(err))
	}
	return out, nil
}

// PayslipPeriods returns the periods of an org's approved runs with a
// payslip for employeeID, newest first.
func (s Payroll) PayslipPeriods(ctx context.Context, orgID, employeeID int64) ([]string, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT r.period FROM payroll_runs r JOIN payroll_lines l ON l.run_id = r.id
		WHERE r.org_id = $1 AND r.status = 'approved' AND l.employee_id = $2 ORDER BY r.period DESC`, orgID, employeeID)
	if err != nil {
		return nil, fmt.Errorf("payslip periods: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("payslip periods: %w", interpret(err))
	}
	return out, nil
}
