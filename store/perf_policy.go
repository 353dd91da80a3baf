package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core/perf"
)

// PerfPolicy returns the org's performance rules from its org file: the
// zero Policy (no bands, no performance pay, paid the month after the
// period) when the file has no performance section.
func (s Payroll) PerfPolicy(ctx context.Context, orgID int64) (perf.Policy, error) {
	p, _, err := readPerfPolicy(ctx, s.db.q(ctx), orgID)
	return p, err
}

// readPerfPolicy reads an org's perf_policies row; ok is false when it
// has none (then the Policy is the defaults). Exported readers of other
// store types call it with their own pool or transaction.
func readPerfPolicy(ctx context.Context, q dbtx, orgID int64) (p perf.Policy, ok bool, err error) {
	p = perf.Policy{Bands: []perf.Band{}, PayOffset: 1}
	var bands []byte
	err = q.QueryRow(ctx, `SELECT bands, bonus_base::text, bonus_percent::text, pay_offset FROM perf_policies WHERE org_id = $1`, orgID).
		Scan(&bands, decimalText{&p.BonusBase}, decimalText{&p.BonusPercent}, &p.PayOffset)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("performance policy of org %d: %w", orgID, interpret(err))
	}
	if err := json.Unmarshal(bands, &p.Bands); err != nil {
		return p, false, fmt.Errorf("performance bands of org %d: %w", orgID, err)
	}
	return p, true, nil
}
