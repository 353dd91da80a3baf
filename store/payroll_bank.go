package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/payroll"
)

// bankSnap is a bank layout as compared and audited; the columns as
// their JSON so that two snapshots compare with ==.
type bankSnap struct {
	Name, Encoding string
	Header         bool
	Delimiter      string
	Columns        string
}

// bankColumnJSON is a column as kept in payroll_bank_files.columns.
type bankColumnJSON struct {
	Title  string `json:"title,omitempty"`
	Field  string `json:"field,omitempty"`
	Format string `json:"format,omitempty"`
	Text   string `json:"text,omitempty"`
}

func snapBank(l payroll.BankLayout) (bankSnap, error) {
	cols := make([]bankColumnJSON, len(l.Columns))
	for i, c := range l.Columns {
		cols[i] = bankColumnJSON(c)
	}
	js, err := json.Marshal(cols)
	return bankSnap{l.Name, l.Encoding, l.Header, l.Delimiter, string(js)}, err
}

// bankFiles keeps the org's bank layouts as its file says: a file without
// payroll.bank_files has none.
func (a *applier) bankFiles(ctx context.Context, orgID int64, p *orgfile.PayrollPolicy) error {
	cur, err := bankLayouts(ctx, a.tx, orgID)
	if err != nil {
		return err
	}
	current := map[string]any{}
	for _, l := range cur {
		if current[l.Key], err = snapBank(l); err != nil {
			return err
		}
	}
	var want []setItem
	wanted := map[string]bankSnap{}
	if p != nil {
		for _, l := range p.BankFiles {
			s, err := snapBank(l)
			if err != nil {
				return err
			}
			want, wanted[l.Key] = append(want, setItem{l.Key, s}), s
		}
	}
	return a.syncSet(ctx, orgID, "payroll_bank_file", current, want, func(key string) error {
		s := wanted[key]
		_, err := a.tx.Exec(ctx, `
			INSERT INTO payroll_bank_files (org_id, key, name, encoding, header, delimiter, columns)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (org_id, key) DO UPDATE SET name = $3, encoding = $4, header = $5, delimiter = $6, columns = $7`,
			orgID, key, s.Name, s.Encoding, s.Header, s.Delimiter, s.Columns)
		return err
	}, func(key string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM payroll_bank_files WHERE org_id = $1 AND key = $2`, orgID, key)
		return err
	})
}

// bankLayouts reads an org's bank layouts by key.
func bankLayouts(ctx context.Context, q dbtx, orgID int64) ([]payroll.BankLayout, error) {
	rows, err := q.Query(ctx, `
		SELECT key, name, encoding, header, delimiter, columns::text FROM payroll_bank_files WHERE org_id = $1 ORDER BY key`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (payroll.BankLayout, error) {
		var l payroll.BankLayout
		var cols string
		if err := r.Scan(&l.Key, &l.Name, &l.Encoding, &l.Header, &l.Delimiter, &cols); err != nil {
			return l, err
		}
		var js []bankColumnJSON
		if err := json.Unmarshal([]byte(cols), &js); err != nil {
			return l, fmt.Errorf("bank file %s: %w", l.Key, err)
		}
		for _, c := range js {
			l.Columns = append(l.Columns, payroll.BankColumn(c))
		}
		return l, nil
	})
	return out, interpret(err)
}

// BankLayout reads one of the org's bank layouts; ENotFound names the
// ones there are.
func (s Payroll) BankLayout(ctx context.Context, orgID int64, key string) (payroll.BankLayout, error) {
	all, err := bankLayouts(ctx, s.db.q(ctx), orgID)
	if err != nil {
		return payroll.BankLayout{}, fmt.Errorf("bank layouts: %w", err)
	}
	var keys []string
	for _, l := range all {
		if l.Key == key {
			return l, nil
		}
		keys = append(keys, l.Key)
	}
	return payroll.BankLayout{}, core.Errorf(core.ENotFound, "payroll.no_bank_layout", "no bank layout %q in the org file (there are: %v)", key, keys).
		With("layout", key)
}
