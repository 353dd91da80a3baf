package store

import (
	"context"
	"encoding/json"

	"github.com/hrbot/hrbot/core/orgfile"
)

// OutsideEdits returns, for each record, the audit rows (outcome ok)
// written after the latest org-file apply that changed the record, by
// anything other than an org-file apply (its actor label starts with
// orgfile.ActorPrefix), oldest first. It reads each org's audit log once.
func (s Setup) OutsideEdits(ctx context.Context, records []orgfile.Record) (map[orgfile.Record][]orgfile.Edit, error) {
	byOrg := map[int64][]orgfile.Record{}
	for _, r := range records {
		byOrg[r.OrgID] = append(byOrg[r.OrgID], r)
	}
	out := map[orgfile.Record][]orgfile.Edit{}
	for orgID, recs := range byOrg {
		if err := s.outsideEdits(ctx, orgID, recs, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s Setup) outsideEdits(ctx context.Context, orgID int64, recs []orgfile.Record, out map[orgfile.Record][]orgfile.Edit) error {
	types, ids := make([]string, len(recs)), make([]string, len(recs))
	for i, r := range recs {
		types[i], ids[i] = r.Entity, r.Key
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		WITH hits AS (
		    SELECT a.*, max(a.id) FILTER (WHERE a.actor_label LIKE $4 || '%')
		                OVER (PARTITION BY a.entity_type, a.entity_id) AS last_apply
		    FROM audit_log a JOIN unnest($2::text[], $3::text[]) AS r(entity_type, entity_id)
		         ON a.entity_type = r.entity_type AND a.entity_id = r.entity_id
		    WHERE a.org_id = $1 AND a.outcome = 'ok')
		SELECT h.entity_type, h.entity_id, h.at, coalesce(e.key, h.actor_label), coalesce(e.name, ''), h.channel, h.action,
		       h.before, h.after
		FROM hits h LEFT JOIN employees e ON e.id = h.actor_id
		WHERE h.id > coalesce(h.last_apply, 0) AND h.actor_label NOT LIKE $4 || '%'
		ORDER BY h.id`, orgID, types, ids, orgfile.ActorPrefix)
	if err != nil {
		return interpret(err)
	}
	defer rows.Close()
	for rows.Next() {
		r := orgfile.Record{OrgID: orgID}
		var e orgfile.Edit
		var before, after []byte
		if err := rows.Scan(&r.Entity, &r.Key, &e.At, &e.Actor, &e.Name, &e.Channel, &e.Action, &before, &after); err != nil {
			return interpret(err)
		}
		e.Before, e.After = jsonValue(before), jsonValue(after)
		out[r] = append(out[r], e)
	}
	return interpret(rows.Err())
}

// jsonValue decodes a jsonb snapshot; nil stays nil.
func jsonValue(raw []byte) any {
	if raw == nil {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return v
}
