package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// TeamByKey returns one team of an org.
func (s Recruiting) TeamByKey(ctx context.Context, orgID int64, key string) (core.Team, error) {
	var t core.Team
	err := s.db.q(ctx).QueryRow(ctx, `SELECT id, org_id, key, name FROM teams WHERE org_id = $1 AND key = $2`, orgID, key).
		Scan(&t.ID, &t.OrgID, &t.Key, &t.Name)
	return t, interpret(err)
}

const offerSelect = `SELECT f.id, f.org_id, f.application_id, f.salary, f.pay_kind, f.start_date, coalesce(f.team_id, 0),
	coalesce(t.key, ''), coalesce(t.name, ''), coalesce(f.manager_id, 0), coalesce(m.name, ''), f.status, f.sent_by, f.sent_at,
	f.answered_at, coalesce(f.employee_id, 0)
	FROM offers f LEFT JOIN teams t ON t.id = f.team_id LEFT JOIN employees m ON m.id = f.manager_id`

func scanOffer(r pgx.Row) (recruiting.JobOffer, error) {
	var o recruiting.JobOffer
	var answered *time.Time
	if err := r.Scan(&o.ID, &o.OrgID, &o.ApplicationID, &o.Salary, &o.PayKind, dateDest{&o.StartDate}, &o.TeamID, &o.TeamKey,
		&o.TeamName, &o.ManagerID, &o.ManagerName, &o.Status, &o.SentBy, &o.SentAt, &answered, &o.EmployeeID); err != nil {
		return o, interpret(err)
	}
	o.AnsweredAt = timeOf(answered)
	return o, nil
}

// CreateOffer stores an offer, one per application.
func (s Recruiting) CreateOffer(ctx context.Context, o recruiting.JobOffer, audit core.AuditEntry) (recruiting.JobOffer, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO offers (org_id, application_id, salary, pay_kind, start_date, team_id, manager_id, status, sent_by, sent_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (application_id) DO NOTHING RETURNING id`,
			o.OrgID, o.ApplicationID, o.Salary, o.PayKind, dateArg(o.StartDate), idOrNull(o.TeamID), idOrNull(o.ManagerID), o.Status,
			o.SentBy, o.SentAt).Scan(&o.ID)
		if err == pgx.ErrNoRows {
			return core.Errorf(core.EConflict, "recruiting.offer_exists", "application %d has an offer", o.ApplicationID)
		}
		if err != nil {
			return interpret(err)
		}
		return recordAudit(ctx, tx, audit)
	})
	return o, err
}

// OfferOfApplication returns an application's offer.
func (s Recruiting) OfferOfApplication(ctx context.Context, orgID, applicationID int64) (recruiting.JobOffer, error) {
	return scanOffer(s.db.q(ctx).QueryRow(ctx, offerSelect+` WHERE f.org_id = $1 AND f.application_id = $2`, orgID, applicationID))
}

// OfferOf returns an offer to the candidate on acc, with its application.
func (s Recruiting) OfferOf(ctx context.Context, acc recruiting.Account, id int64) (recruiting.JobOffer, recruiting.Application, error) {
	var orgID, appID int64
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT f.org_id, f.application_id FROM offers f
		JOIN applications a ON a.id = f.application_id JOIN candidates c ON c.id = a.candidate_id
		WHERE f.id = $3 AND c.platform = $1 AND c.user_id = $2 AND c.erased_at IS NULL`, acc.Platform, acc.UserID, id).Scan(&orgID, &appID)
	if err != nil {
		return recruiting.JobOffer{}, recruiting.Application{}, interpret(err)
	}
	o, err := scanOffer(s.db.q(ctx).QueryRow(ctx, offerSelect+` WHERE f.org_id = $1 AND f.id = $2`, orgID, id))
	if err != nil {
		return o, recruiting.Application{}, err
	}
	a, err := s.Application(ctx, orgID, appID)
	return o, a, err
}

// answerOffer sets a sent offer's answer.
func answerOffer(ctx context.Context, tx pgx.Tx, o recruiting.JobOffer) error {
	tag, err := tx.Exec(ctx, `UPDATE offers SET status = $3, answered_at = $4 WHERE org_id = $1 AND id = $2 AND status = 'sent'`,
		o.OrgID, o.ID, o.Status, o.AnsweredAt)
	if err != nil {
		return interpret(err)
	}
	if tag.RowsAffected() == 0 {
		return core.Errorf(core.EConflict, "recruiting.offer_answered", "offer %d was answered meanwhile", o.ID)
	}
	return nil
}

// DeclineOffer records a sent offer declined.
func (s Recruiting) DeclineOffer(ctx context.Context, o recruiting.JobOffer, audit core.AuditEntry) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if err := answerOffer(ctx, tx, o); err != nil {
			return err
		}
		return recordAudit(ctx, tx, audit)
	})
}

// Hire makes the person an accepted offer hires, in one transaction: the
// opening's row is locked first, so two acceptances at once count each
// other's hire when they decide whether it is filled.
func (s Recruiting) Hire(ctx context.Context, h recruiting.Hire) (recruiting.HireResult, error) {
	var out recruiting.HireResult
	o, a := h.Offer, h.Application
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM openings WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`, a.OrgID, a.OpeningID); err != nil {
			return interpret(err)
		}
		if err := answerOffer(ctx, tx, o); err != nil {
			return err
		}
		key, err := freeKey(ctx, tx, a.OrgID, h.Key)
		if err != nil {
			return err
		}
		out.Key = key
		if err := tx.QueryRow(ctx, `
			INSERT INTO employees (org_id, key, name, role, job, team_id, manager_id, hire_date, status, locale)
			VALUES ($1, $2, $3, 'employee', $4, $5, $6, $7, 'active', nullif($8, '')) RETURNING id`,
			a.OrgID, key, h.Name, a.Job, idOrNull(o.TeamID), idOrNull(o.ManagerID), dateArg(o.StartDate), string(h.Locale)).
			Scan(&out.EmployeeID); err != nil {
			return fmt.Errorf("create %s: %w", key, interpret(err))
		}
		// As the staff desk's hire publishes it: onboarding takes it from here.
		hired := core.EmployeeHired{EmployeeID: out.EmployeeID, Employee: key, ByID: o.SentBy, Via: core.HiredViaStaff, Channel: h.Channel}
		if err := publish(ctx, tx, a.OrgID, core.EventEmployeeHired, hired, h.At); err != nil {
			return err
		}
		if err := s.hireInvite(ctx, tx, h, out); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE offers SET employee_id = $3 WHERE org_id = $1 AND id = $2`, a.OrgID, o.ID, out.EmployeeID); err != nil {
			return interpret(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET hired_employee_id = $3 WHERE org_id = $1 AND id = $2`,
			a.OrgID, a.ID, out.EmployeeID); err != nil {
			return interpret(err)
		}
		if out.Filled, err = fillOpening(ctx, tx, h); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE orgs SET config_version = config_version + 1 WHERE id = $1`, a.OrgID); err != nil {
			return interpret(err)
		}
		return s.hireRecords(ctx, tx, h, out)
	})
	return out, err
}

// freeKey is base, or base-2, base-3… whichever no one of the org has.
func freeKey(ctx context.Context, tx pgx.Tx, orgID int64, base string) (string, error) {
	rows, err := tx.Query(ctx, `SELECT key FROM employees WHERE org_id = $1 AND (key = $2 OR key LIKE $2 || '-%')`, orgID, base)
	if err != nil {
		return "", interpret(err)
	}
	taken, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", interpret(err)
	}
	set := map[string]bool{}
	for _, k := range taken {
		set[k] = true
	}
	key := base
	for n := 2; set[key]; n++ {
		key = base + "-" + strconv.Itoa(n)
	}
	return key, nil
}

// hireInvite stores the new person's invite as core.Directory.CreateInvite
// would, made by the offer's sender.
func (s Recruiting) hireInvite(ctx context.Context, tx pgx.Tx, h recruiting.Hire, out recruiting.HireResult) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO invite_codes (org_id, employee_id, code_hash, created_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		h.Application.OrgID, out.EmployeeID, h.InviteHash, h.Offer.SentBy, h.At, h.InviteExpires); err != nil {
		return fmt.Errorf("invite %s: %w", out.Key, interpret(err))
	}
	audit := h.InviteAudit
	audit.EntityID = out.Key
	audit.After = withKey(audit.After, "employee", out.Key)
	return recordAudit(ctx, tx, audit)
}

// fillOpening marks the opening filled once as many are hired as it
// wanted; true when it did now.
func fillOpening(ctx context.Context, tx pgx.Tx, h recruiting.Hire) (bool, error) {
	a := h.Application
	tag, err := tx.Exec(ctx, `
		UPDATE openings o SET status = 'filled', closed_at = $3
		WHERE o.org_id = $1 AND o.id = $2 AND o.status <> 'filled'
		  AND o.headcount <= (SELECT count(*) FROM applications x WHERE x.org_id = o.org_id AND x.opening_id = o.id AND x.stage = 'hired')`,
		a.OrgID, a.OpeningID, h.At)
	if err != nil {
		return false, interpret(err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	return true, recordAudit(ctx, tx, h.FilledAudit)
}

// hireRecords writes the hire's and the answer's audit rows and its
// notifications, with the new person's key.
func (s Recruiting) hireRecords(ctx context.Context, tx pgx.Tx, h recruiting.Hire, out recruiting.HireResult) error {
	hire := h.HireAudit
	hire.EntityID = out.Key
	hire.After = withKey(hire.After, "key", out.Key)
	answer := h.AnswerAudit
	answer.After = withKey(answer.After, "employee", out.Key)
	for _, a := range []core.AuditEntry{hire, answer} {
		if err := recordAudit(ctx, tx, a); err != nil {
			return err
		}
	}
	for _, n := range h.Notify {
		p := map[string]string{"employee": out.Key}
		for k, v := range n.Params {
			p[k] = v
		}
		n.Params = p
		if err := notify(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

// withKey is an audit snapshot with one more field.
func withKey(snapshot any, name, value string) map[string]any {
	out := map[string]any{name: value}
	if m, ok := snapshot.(map[string]any); ok {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
