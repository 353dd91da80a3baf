package core

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// AuditPageSize is how many rows a page of the audit log holds.
const AuditPageSize = 50

// AuditFilter is what HR narrows the audit log to: who acted (an employee
// key), an action ("payroll.approve", or "payroll" for all of payroll's),
// a channel, and days in the org's zone, both ends included. Before is the
// cursor of the page to continue from ("" for the newest).
type AuditFilter struct {
	Person   string
	Action   string
	Channel  string
	From, To Date
	Before   string
}

// AuditQuery is an AuditFilter as the store reads it: times, not days,
// and the cursor opened.
type AuditQuery struct {
	ActorKey     string
	Action       string
	Channel      string
	Since, Until time.Time // zero: open; Until is exclusive
	// BeforeAt and BeforeID continue after the row with them: rows older
	// in (at, id) order. Zero BeforeID: from the newest.
	BeforeAt time.Time
	BeforeID int64
	Limit    int
}

// AuditRecord is one row of the audit log with who it was, by name.
type AuditRecord struct {
	ID int64
	AuditEntry
	ActorKey, ActorName string
}

// AuditPage is one page of the audit log, newest first; Next is the
// cursor of the page after it, "" on the last.
type AuditPage struct {
	Records []AuditRecord
	Next    string
}

// AuditReader reads the audit log.
type AuditReader interface {
	// FindAudit returns an org's audit rows matching q, newest first.
	FindAudit(ctx context.Context, orgID int64, q AuditQuery) ([]AuditRecord, error)
}

// AuditLog lets HR read their org's audit log.
type AuditLog struct {
	store AuditReader
	dir   *Directory
}

// NewAuditLog returns an AuditLog; dir applies the permission rules.
func NewAuditLog(store AuditReader, dir *Directory) *AuditLog {
	return &AuditLog{store: store, dir: dir}
}

// Find returns one page of m's org's audit log, newest first. Errors:
// EForbidden (audited on channel) for anyone but HR and admins; EInvalid
// (audit.bad_cursor) for a cursor this did not make.
func (l *AuditLog) Find(ctx context.Context, m Member, f AuditFilter, channel string) (AuditPage, error) {
	if err := l.dir.Authorize(ctx, m, ActionAuditView, nil, channel); err != nil {
		return AuditPage{}, err
	}
	loc := m.Org.Location()
	q := AuditQuery{ActorKey: strings.TrimSpace(f.Person), Action: strings.TrimSpace(f.Action), Channel: strings.TrimSpace(f.Channel),
		Limit: AuditPageSize + 1}
	if !f.From.IsZero() {
		q.Since = f.From.In(loc)
	}
	if !f.To.IsZero() {
		q.Until = f.To.AddDays(1).In(loc)
	}
	if f.Before != "" {
		at, id, ok := parseAuditCursor(f.Before)
		if !ok {
			return AuditPage{}, Errorf(EInvalid, "web.audit.bad_cursor", "bad audit cursor %q", f.Before)
		}
		q.BeforeAt, q.BeforeID = at, id
	}
	recs, err := l.store.FindAudit(ctx, m.Org.ID, q)
	if err != nil {
		return AuditPage{}, err
	}
	page := AuditPage{Records: recs}
	if len(recs) > AuditPageSize {
		page.Records = recs[:AuditPageSize]
		last := page.Records[AuditPageSize-1]
		page.Next = strconv.FormatInt(last.At.UnixMicro(), 10) + "." + strconv.FormatInt(last.ID, 10)
	}
	return page, nil
}

// parseAuditCursor reads "unixmicro.id".
func parseAuditCursor(s string) (time.Time, int64, bool) {
	a, b, ok := strings.Cut(s, ".")
	if !ok {
		return time.Time{}, 0, false
	}
	micros, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return time.Time{}, 0, false
	}
	return time.UnixMicro(micros), id, true
}
