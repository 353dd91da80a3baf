package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core/perf"
)

// perfSnap is an org's performance rules as compared and audited: the
// bands written out in one line a preview can show ("A ≥ 4.5 × 1.2
// (en Excellent, zh-CN 优秀); B ≥ 3.5 × 1"), the bonus and the pay offset.
type perfSnap struct {
	Bands        string `json:"bands"`
	BonusBase    string `json:"bonus_base"`
	BonusPercent string `json:"bonus_percent"`
	PayOffset    int    `json:"pay_offset"`
}

func snapPerf(p perf.Policy) perfSnap {
	bands := make([]string, len(p.Bands))
	for i, b := range p.Bands {
		bands[i] = fmt.Sprintf("%s ≥ %s × %s", b.Band, b.Min, b.Coefficient)
		if len(b.Name) > 0 {
			names := make([]string, 0, len(b.Name))
			for loc, n := range b.Name {
				names = append(names, strings.TrimSpace(string(loc)+" "+n))
			}
			sort.Strings(names)
			bands[i] += " (" + strings.Join(names, ", ") + ")"
		}
	}
	return perfSnap{Bands: strings.Join(bands, "; "), BonusBase: p.BonusBase.StringFixed(2), BonusPercent: p.BonusPercent.StringFixed(2),
		PayOffset: p.PayOffset}
}

// perfPolicy keeps the org's perf_policies row as its file's performance
// section says (record perf_policy/performance). A file without the
// section deletes the row: results then carry no band or coefficient and
// payroll pays no performance bonus. Results published before keep the
// band and coefficient they were given.
func (a *applier) perfPolicy(ctx context.Context, orgID int64, p *perf.Policy) error {
	cur, ok, err := readPerfPolicy(ctx, a.tx, orgID)
	if err != nil {
		return err
	}
	current := map[string]any{}
	if ok {
		current["performance"] = snapPerf(cur)
	}
	var want []setItem
	if p != nil {
		want = []setItem{{"performance", snapPerf(*p)}}
	}
	return a.syncSet(ctx, orgID, "perf_policy", current, want, func(string) error {
		bands, err := json.Marshal(p.Bands)
		if err != nil {
			return fmt.Errorf("performance bands: %w", err)
		}
		_, err = a.tx.Exec(ctx, `
			INSERT INTO perf_policies (org_id, bands, bonus_base, bonus_percent, pay_offset) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id) DO UPDATE SET bands = EXCLUDED.bands, bonus_base = EXCLUDED.bonus_base,
			    bonus_percent = EXCLUDED.bonus_percent, pay_offset = EXCLUDED.pay_offset`,
			orgID, string(bands), p.BonusBase.String(), p.BonusPercent.String(), p.PayOffset)
		return err
	}, func(string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM perf_policies WHERE org_id = $1`, orgID)
		return err
	})
}

// exportPerf reads an org's performance section back; nil when it has
// none.
func exportPerf(ctx context.Context, q dbtx, orgID int64) (*perf.Policy, error) {
	p, ok, err := readPerfPolicy(ctx, q, orgID)
	if err != nil || !ok {
		return nil, err
	}
	return &p, nil
}
