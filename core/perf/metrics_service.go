package perf

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/hrbot/hrbot/core"
)

// MetricStore is what importing business numbers needs from storage.
type MetricStore interface {
	// MetricPeople are the org's people a file may name, those who left
	// too (a number of a past period may be theirs).
	MetricPeople(ctx context.Context, orgID int64) ([]MetricPerson, error)
	// SaveMetrics writes the batch's numbers in one transaction with its
	// audit row: a number of the same person, metric and period as one
	// stored replaces it.
	SaveMetrics(ctx context.Context, b MetricBatch) error
	// Metrics are the org's numbers whose period lies within p, by
	// person key, metric and period.
	Metrics(ctx context.Context, orgID int64, p Period) ([]MetricRecord, error)
	// ImportKeys are the keys of the org's KPIs (in its jobs'
	// descriptions) and personal goals whose measure is import: the
	// metrics reviews read.
	ImportKeys(ctx context.Context, orgID int64) ([]string, error)
	// MetricImports are the org's latest imports, newest first: the
	// numbers stored with one import time and importer.
	MetricImports(ctx context.Context, orgID int64, limit int) ([]MetricImport, error)
}

// MetricBatch is what one import writes.
type MetricBatch struct {
	OrgID      int64
	ImportedBy int64 // the employee; 0 for an operator at the command line
	At         time.Time
	Rows       []MetricRow
	Audit      core.AuditEntry
}

// MetricRecord is one stored number, with whose it is and who imported it.
type MetricRecord struct {
	Metric
	EmployeeKey    string
	EmployeeName   string
	ImportedByName string // "" for an operator
	ImportedAt     time.Time
}

// MetricImport sums up one import as it stands (numbers a later import
// replaced count for that one).
type MetricImport struct {
	At      time.Time
	ByName  string // "" for an operator
	Values  int
	People  int
	Metrics []string
	Period  Period // from the earliest number's first day to the latest's last
}

// ImportReport is what an import did, or with a dry run would do.
type ImportReport struct {
	File   string
	DryRun bool
	Wide   bool
	// Rows is the data rows read; Imported the numbers written (or to
	// be written), Refused the rows a problem kept out.
	Rows     int
	Imported int
	Refused  int
	People   int
	Metrics  []string
	Period   Period
	Problems []Problem
	// Unread are the metrics of the file no KPI or goal of measure import
	// has the key of: kept, but no review shows them (a "csat" where the
	// job's KPI is "satisfaction"); Read are the keys that are read.
	Unread []string
	Read   []string
}

// Metrics imports business numbers hrbot cannot see (CSAT, response
// time, orders handled) per person, metric and period, and lists them.
type Metrics struct {
	store MetricStore
	auth  Authorizer
	clock core.Clock
}

// NewMetrics returns the metrics importer.
func NewMetrics(store MetricStore, auth Authorizer, clock core.Clock) *Metrics {
	return &Metrics{store: store, auth: auth, clock: clock}
}

// ActionImport is the permission an import and the list need: running
// performance reviews (HR's and admins').
const ActionImport = core.ActionPerfManage

// Import reads a metrics file (see ReadMetrics) for HR on channel. Each
// row with a problem is refused and reported by its row number; the other
// rows are imported all the same, in one transaction with one audit row
// (AuditImport) — a metrics row stands alone, unlike a staff list's
// whose rows name each other, and the preview (dryRun: nothing written)
// shows every problem first. A problem of the whole file (no header, a
// column missing) imports nothing. Errors: EForbidden (audited); the
// file's EInvalid errors of ReadMetrics; store errors.
func (s *Metrics) Import(ctx context.Context, m core.Member, name string, data []byte, dryRun bool, channel string) (ImportReport, error) {
	if err := s.auth.Authorize(ctx, m, ActionImport, nil, channel); err != nil {
		return ImportReport{File: name, DryRun: dryRun}, err
	}
	return s.importFile(ctx, m.Org.ID, core.AuditEntry{ActorID: m.Employee.ID, Channel: channel}, name, data, dryRun)
}

// ImportAsOperator is Import by an operator at the command line (who has
// the database, so no permission is asked): the audit row names label.
func (s *Metrics) ImportAsOperator(ctx context.Context, org core.Org, label, name string, data []byte, dryRun bool) (ImportReport, error) {
	return s.importFile(ctx, org.ID, core.AuditEntry{ActorLabel: label, Channel: "cli"}, name, data, dryRun)
}

func (s *Metrics) importFile(ctx context.Context, orgID int64, who core.AuditEntry, name string, data []byte, dryRun bool) (ImportReport, error) {
	rep := ImportReport{File: name, DryRun: dryRun}
	people, err := s.store.MetricPeople(ctx, orgID)
	if err != nil {
		return rep, fmt.Errorf("import %s: %w", name, err)
	}
	f, err := ReadMetrics(name, data, people)
	rep.File, rep.Wide, rep.Rows, rep.Problems = f.Name, f.Wide, f.Rows, f.Problems
	if err != nil {
		return rep, err
	}
	rep.Imported, rep.Refused = len(f.Good), f.BadRows()
	rep.People, rep.Metrics, rep.Period = summarize(f.Good)
	if rep.Read, err = s.store.ImportKeys(ctx, orgID); err != nil {
		return rep, fmt.Errorf("import %s: %w", name, err)
	}
	for _, m := range rep.Metrics {
		if !slices.Contains(rep.Read, m) {
			rep.Unread = append(rep.Unread, m)
		}
	}
	if dryRun || len(f.Good) == 0 {
		return rep, nil
	}
	now := s.clock.Now()
	who.OrgID, who.Action, who.EntityType, who.EntityID = orgID, AuditImport, "perf_metrics", rep.File
	who.Outcome, who.At, who.Reason = core.OutcomeOK, now, "import "+rep.File
	// The audit row says what was imported, never the numbers.
	who.After = map[string]any{"rows": rep.Rows, "imported": rep.Imported, "refused": rep.Refused, "people": rep.People,
		"metrics": rep.Metrics, "from": rep.Period.From.String(), "to": rep.Period.To.String()}
	b := MetricBatch{OrgID: orgID, ImportedBy: who.ActorID, At: now, Rows: f.Good, Audit: who}
	if err := s.store.SaveMetrics(ctx, b); err != nil {
		return rep, fmt.Errorf("import %s: %w", rep.File, err)
	}
	return rep, nil
}

// summarize says how many people, which metrics and what span rows cover.
func summarize(rows []MetricRow) (people int, metrics []string, span Period) {
	who, what := map[int64]bool{}, map[string]bool{}
	for i, r := range rows {
		who[r.EmployeeID] = true
		if !what[r.Metric] {
			what[r.Metric] = true
			metrics = append(metrics, r.Metric)
		}
		if i == 0 || r.Period.From.Before(span.From) {
			span.From = r.Period.From
		}
		if i == 0 || r.Period.To.After(span.To) {
			span.To = r.Period.To
		}
	}
	sort.Strings(metrics)
	return len(who), metrics, span
}

// List returns the org's imported numbers whose period lies within p, for
// HR. Errors: EForbidden (audited).
func (s *Metrics) List(ctx context.Context, m core.Member, p Period, channel string) ([]MetricRecord, error) {
	if err := s.auth.Authorize(ctx, m, ActionImport, nil, channel); err != nil {
		return nil, err
	}
	return s.store.Metrics(ctx, m.Org.ID, p)
}

// Imports returns the org's latest imports (at most limit), newest first,
// for HR. Errors: EForbidden (audited).
func (s *Metrics) Imports(ctx context.Context, m core.Member, limit int, channel string) ([]MetricImport, error) {
	if err := s.auth.Authorize(ctx, m, ActionImport, nil, channel); err != nil {
		return nil, err
	}
	return s.store.MetricImports(ctx, m.Org.ID, limit)
}
