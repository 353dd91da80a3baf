package store

import (
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/hrbot/hrbot/core"
)

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
