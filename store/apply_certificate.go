package store

import (
	"context"
	"sort"

	"github.com/hrbot/hrbot/core"
)

// anyLanguage is how the audit log and previews name a certificate text
// given for whatever the org's language is (an empty locale).
const anyLanguage = "any"

// certificateTexts applies the org file's certificate section: the org's
// own text of the termination certificate, per language. A file without
// the section goes back to the built-in text.
func (a *applier) certificateTexts(ctx context.Context, orgID int64, body map[core.Locale]string) error {
	current, err := exportCertificate(ctx, a.tx, orgID)
	if err != nil {
		return err
	}
	have := map[string]any{}
	for loc, text := range current {
		have[textKey(loc)] = textSnap{text}
	}
	var want []setItem
	for loc, text := range body {
		want = append(want, setItem{textKey(loc), textSnap{text}})
	}
	sort.Slice(want, func(i, j int) bool { return want[i].key < want[j].key })
	return a.syncSet(ctx, orgID, "certificate_text", have, want, func(key string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO certificate_texts (org_id, locale, body) VALUES ($1, $2, $3)
			ON CONFLICT (org_id, locale) DO UPDATE SET body = EXCLUDED.body`, orgID, textLocale(key), body[textLocale(key)])
		return err
	}, func(key string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM certificate_texts WHERE org_id = $1 AND locale = $2`, orgID, textLocale(key))
		return err
	})
}

// textSnap is a certificate text as the audit log records it (a JSON
// object, comparable for syncSet).
type textSnap struct {
	Body string `json:"body"`
}

func textKey(loc core.Locale) string {
	if loc == "" {
		return anyLanguage
	}
	return string(loc)
}

func textLocale(key string) core.Locale {
	if key == anyLanguage {
		return ""
	}
	return core.Locale(key)
}

// exportCertificate reads an org's own certificate texts; nil for none.
func exportCertificate(ctx context.Context, q dbtx, orgID int64) (map[core.Locale]string, error) {
	rows, err := q.Query(ctx, `SELECT locale, body FROM certificate_texts WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out map[core.Locale]string
	for rows.Next() {
		var loc, body string
		if err := rows.Scan(&loc, &body); err != nil {
			return nil, interpret(err)
		}
		if out == nil {
			out = map[core.Locale]string{}
		}
		out[core.Locale(loc)] = body
	}
	return out, interpret(rows.Err())
}
