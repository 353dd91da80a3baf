package store

import (
	"context"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/personfile"
)

// retentionPolicy applies the org file's retention section: how long
// the files of people who left are kept.
func (a *applier) retentionPolicy(ctx context.Context, orgID int64, r personfile.Retention) error {
	if r.YearsAfterLeaving == 0 {
		r = personfile.DefaultRetention() // a file built in code rather than parsed
	}
	current := map[string]any{}
	var cur personfile.Retention
	err := a.tx.QueryRow(ctx, `SELECT years_after_leaving FROM retention_policies WHERE org_id = $1`, orgID).Scan(&cur.YearsAfterLeaving)
	switch {
	case err == nil:
		current["retention"] = cur
	case core.ErrorCodeOf(interpret(err)) != core.ENotFound:
		return interpret(err)
	case r == personfile.DefaultRetention():
		return nil // no row is the default: an org that never set one changes nothing
	}
	return a.syncSet(ctx, orgID, "retention_policy", current, []setItem{{"retention", r}}, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO retention_policies (org_id, years_after_leaving) VALUES ($1, $2)
			ON CONFLICT (org_id) DO UPDATE SET years_after_leaving = EXCLUDED.years_after_leaving`, orgID, r.YearsAfterLeaving)
		return err
	}, nil)
}

func exportRetention(ctx context.Context, q dbtx, orgID int64) (personfile.Retention, error) {
	var r personfile.Retention
	err := q.QueryRow(ctx, `SELECT years_after_leaving FROM retention_policies WHERE org_id = $1`, orgID).Scan(&r.YearsAfterLeaving)
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return personfile.DefaultRetention(), nil
	}
	return r, interpret(err)
}
