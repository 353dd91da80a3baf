package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

var _ attendance.PunchImports = Attendance{}

// ImportRecord records an imported punch once (imported_punches, by org,
// source and key) and, in the same transaction, saves its record and
// audit row when save is set. A punch imported before writes nothing.
func (s Attendance) ImportRecord(ctx context.Context, imp attendance.ImportedPunch, r attendance.Record, audit core.AuditEntry, save bool) (attendance.Record, bool, error) {
	out, isNew := r, false
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO imported_punches (org_id, source, external_key, employee_id, work_date)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, source, external_key) DO NOTHING`,
			imp.OrgID, imp.Source, imp.Key, imp.EmployeeID, imp.WorkDate.UTC())
		if err != nil {
			return interpret(err)
		}
		if isNew = tag.RowsAffected() == 1; !isNew || !save {
			return nil
		}
		if out, err = saveRecord(ctx, tx, r); err != nil {
			return err
		}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return attendance.Record{}, false, err
	}
	if !isNew {
		// What is stored, not what this repeat would have made.
		rec, err := s.FindRecord(ctx, r.OrgID, r.EmployeeID, r.WorkDate)
		if err != nil && core.ErrorCodeOf(err) != core.ENotFound {
			return attendance.Record{}, false, err
		}
		out = rec
	}
	return out, isNew, nil
}
