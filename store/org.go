package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/hrbot/hrbot/core"
)

// Orgs reads orgs and their groups, for the commands that pick an org and
// for the features that reach across a group.
type Orgs struct{ db *DB }

// NewOrgs returns the org reads over db.
func NewOrgs(db *DB) Orgs { return Orgs{db: db} }

// orgColumns are an org's columns, from a table aliased o, in the order
// orgDest scans them.
const orgColumns = `o.id, coalesce(o.group_id, 0), o.key, o.name, o.time_zone, o.default_locale, o.config_version, o.go_live`

// orgDest returns the scan destinations of orgColumns.
func orgDest(o *core.Org) []any {
	return []any{&o.ID, &o.GroupID, &o.Key, &o.Name, &o.TimeZone, &o.DefaultLocale, &o.ConfigVersion, dateDest{&o.GoLive}}
}

// dateDest scans a PostgreSQL date into a core.Date; NULL is the zero date.
type dateDest struct{ d *core.Date }

func (x dateDest) ScanDate(v pgtype.Date) error {
	if !v.Valid {
		*x.d = core.Date{}
		return nil
	}
	*x.d = core.DateOf(v.Time)
	return nil
}

// Find returns the org with key. Errors: ENotFound.
func (s Orgs) Find(ctx context.Context, key string) (core.Org, error) {
	var o core.Org
	err := s.db.q(ctx).QueryRow(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.key = $1`, key).Scan(orgDest(&o)...)
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return core.Org{}, core.Errorf(core.ENotFound, "org.not_found", "no org %q", key).With("key", key)
	}
	return o, interpret(err)
}

// FindByID returns the org with id. Errors: ENotFound.
func (s Orgs) FindByID(ctx context.Context, id int64) (core.Org, error) {
	var o core.Org
	err := s.db.q(ctx).QueryRow(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.id = $1`, id).Scan(orgDest(&o)...)
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return core.Org{}, core.Errorf(core.ENotFound, "org.not_found", "no org %d", id).With("key", fmt.Sprint(id))
	}
	return o, interpret(err)
}

// Keys lists the orgs' keys.
func (s Orgs) Keys(ctx context.Context) ([]string, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT key FROM orgs ORDER BY key`)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// GroupIDs lists the ids of the orgs in org's group (org itself first).
func (s Orgs) GroupIDs(ctx context.Context, orgID int64) ([]int64, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT o.id FROM orgs o, orgs me WHERE me.id = $1 AND (o.id = me.id OR (me.group_id IS NOT NULL AND o.group_id = me.group_id))
		ORDER BY o.id <> me.id, o.id`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// OfGroup returns the orgs of a group, by key.
func (s Orgs) OfGroup(ctx context.Context, groupID int64) ([]core.Org, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT `+orgColumns+` FROM orgs o WHERE o.group_id = $1 ORDER BY o.key`, groupID)
	if err != nil {
		return nil, fmt.Errorf("orgs of group %d: %w", groupID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Org, error) {
		var o core.Org
		err := r.Scan(orgDest(&o)...)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("orgs of group %d: %w", groupID, interpret(err))
	}
	return out, nil
}
