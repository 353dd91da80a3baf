package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

// Orgs lists every org, to look for contract reminders in each.
func (s Contracts) Orgs(ctx context.Context) ([]core.Org, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+orgColumns+` FROM orgs o ORDER BY o.id`)
	if err != nil {
		return nil, fmt.Errorf("orgs: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Org, error) {
		var o core.Org
		return o, r.Scan(orgDest(&o)...)
	})
	return out, interpret(err)
}

// Due lists the reminders due in an org on w.Today that were not sent:
// people hired w.UnsignedAfter days ago or more (but less than a year,
// and not before w.NotBefore) with no signed contract; undecided
// probations ending within w.ProbationBefore days; fixed terms ending
// within w.ExpiryBefore days, undecided and not followed by another
// contract. Only active people are reminded of.
func (s Contracts) Due(ctx context.Context, orgID int64, w contracts.Window) ([]contracts.Due, error) {
	notBefore := dateArg(w.NotBefore)
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT 'unsigned', e.id, coalesce(e.manager_id, 0), 0::bigint, e.hire_date
		FROM employees e
		WHERE e.org_id = $1 AND e.status = 'active' AND e.hire_date IS NOT NULL
		  AND e.hire_date + $3::int <= $2::date AND e.hire_date + interval '1 year' > $2::date
		  AND ($4::date IS NULL OR e.hire_date + $3::int >= $4::date)
		  AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.org_id = e.org_id AND c.employee_id = e.id AND c.signed_on IS NOT NULL)
		  AND NOT EXISTS (SELECT 1 FROM contract_reminders r
		                  WHERE r.org_id = e.org_id AND r.employee_id = e.id AND r.kind = 'unsigned' AND r.about = e.hire_date)
		UNION ALL
		SELECT 'probation', e.id, coalesce(e.manager_id, 0), c.id, c.probation_end
		FROM contracts c JOIN employees e ON e.id = c.employee_id
		WHERE c.org_id = $1 AND e.status = 'active' AND c.probation_outcome = ''
		  AND c.probation_end - $5::int <= $2::date AND c.probation_end >= $2::date
		  AND NOT EXISTS (SELECT 1 FROM contract_reminders r
		                  WHERE r.org_id = c.org_id AND r.contract_id = c.id AND r.kind = 'probation' AND r.about = c.probation_end)
		UNION ALL
		SELECT 'expiry', e.id, coalesce(e.manager_id, 0), c.id, c.end_on
		FROM contracts c JOIN employees e ON e.id = c.employee_id
		WHERE c.org_id = $1 AND e.status = 'active' AND c.kind = 'fixed_term' AND c.renewal = ''
		  AND c.end_on - $6::int <= $2::date AND c.end_on >= $2::date
		  AND NOT EXISTS (SELECT 1 FROM contracts n WHERE n.org_id = c.org_id AND n.employee_id = c.employee_id AND n.start_on > c.start_on)
		  AND NOT EXISTS (SELECT 1 FROM contract_reminders r
		                  WHERE r.org_id = c.org_id AND r.contract_id = c.id AND r.kind = 'expiry' AND r.about = c.end_on)
		ORDER BY 5, 2`,
		orgID, w.Today.UTC(), w.UnsignedAfter, notBefore, w.ProbationBefore, w.ExpiryBefore)
	if err != nil {
		return nil, fmt.Errorf("contract reminders due: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (contracts.Due, error) {
		var d contracts.Due
		return d, r.Scan(&d.Kind, &d.EmployeeID, &d.ManagerID, &d.ContractID, dateDest{&d.About})
	})
	if err != nil {
		return nil, fmt.Errorf("contract reminders due: %w", interpret(err))
	}
	return out, nil
}

// HR lists the org's active HR people, or its active admins when it has
// no HR.
func (s Contracts) HR(ctx context.Context, orgID int64) ([]int64, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT id FROM employees e
		WHERE e.org_id = $1 AND e.status = 'active'
		  AND (e.role = 'hr' OR e.role = 'admin' AND NOT EXISTS
		       (SELECT 1 FROM employees h WHERE h.org_id = e.org_id AND h.status = 'active' AND h.role = 'hr'))
		ORDER BY e.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("hr of org %d: %w", orgID, interpret(err))
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, interpret(err)
}

// Remind records a reminder once, with a notification for each of its
// recipients, in one transaction: the notifications reach people through
// the delivery queue's relay, like every other. sent is false when the
// reminder was recorded before (by another pass, replica or process).
func (s Contracts) Remind(ctx context.Context, r contracts.Reminder) (bool, error) {
	sent := false
	var contractID *int64
	if r.ContractID != 0 {
		contractID = &r.ContractID
	}
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO contract_reminders (org_id, employee_id, contract_id, kind, about, recipients, sent_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			r.OrgID, r.EmployeeID, contractID, r.Kind, r.About.UTC(), len(r.Recipients), r.At)
		if err != nil {
			return fmt.Errorf("record contract reminder: %w", interpret(err))
		}
		if sent = tag.RowsAffected() == 1; !sent {
			return nil
		}
		for _, to := range r.Recipients {
			if err := notify(ctx, tx, core.Notification{OrgID: r.OrgID, RecipientID: to, Kind: r.Notify, Params: r.Params, CreatedAt: r.At}); err != nil {
				return err
			}
		}
		return nil
	})
	return sent, err
}
