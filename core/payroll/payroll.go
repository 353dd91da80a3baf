// Package payroll runs an org's payroll for a month: it gathers each
// person's attendance, leave, overtime and cover, applies the org's rules
// (core/payroll/pay) to draft the run, lets HR approve it — after which it
// never changes — and hands out payslips.
package payroll

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Run statuses.
const (
	StatusDraft    = "draft"
	StatusApproved = "approved"
)

// StoredProfile is a person's pay profile as kept.
type StoredProfile struct {
	EmployeeID int64
	Key, Name  string
	Profile    pay.Profile
	BankName   string
	BankLast4  string // the rest is sealed
}

// Slip is one person's line of a run.
type Slip struct {
	EmployeeID int64
	Key, Name  string
	Locale     core.Locale
	pay.Payslip
}

// Run is an org's payroll for one period ("2026-11").
type Run struct {
	ID         int64
	OrgID      int64
	Period     string
	Status     string
	DraftedAt  time.Time
	DraftedBy  string
	ApprovedAt time.Time
	ApprovedBy int64
	Slips      []Slip
	// Warnings are what the draft found worth HR's attention; the
	// blocking ones (see Blockers) stop approval unless HR overrides them
	// with a reason.
	Warnings []Warning
	// OverrideReason is why HR approved the run despite its blocking
	// warnings; "" when there were none.
	OverrideReason string
}

// Totals adds up a run.
func (r Run) Totals() (gross, social, tax, net decimal.Decimal) {
	for _, s := range r.Slips {
		gross, social, tax, net = gross.Add(s.Gross), social.Add(s.Social), tax.Add(s.Tax.Withhold), net.Add(s.Net)
	}
	return gross, social, tax, net
}

// Warning codes, in the order a draft lists them.
const (
	// WarnUnfinished: the draft was made before the period ended, so days
	// still to come are paid and not checked. Blocking. Params: period,
	// drafted (the day of the draft), end (the period's last day).
	WarnUnfinished = "unfinished"
	// WarnBeforeGoLive: part or all of the period is before the org's
	// go-live day; nobody had attendance records then, so those days are
	// not absences (nor hours worked). Params: go_live, days (working days
	// before it in the period).
	WarnBeforeGoLive = "before_go_live"
	// WarnNoRecords: a person was planned to work since go-live and has no
	// check-in at all in the period. Params: days (planned days).
	WarnNoRecords = "no_records"
	// WarnNegativeNet: a person's net pay is below zero. Blocking. Params: net.
	WarnNegativeNet = "negative_net"
	// WarnBelowMinimum: a person's net pay is below the local minimum wage
	// (pro-rated for part of a month). Params: net, minimum.
	WarnBelowMinimum = "below_minimum"
)

// Warning is something about a draft HR should look at before approving.
type Warning struct {
	Code   string            `json:"code"`
	Person string            `json:"person,omitempty"` // employee key; "" for the whole run
	Name   string            `json:"name,omitempty"`
	Params map[string]string `json:"params,omitempty"`
}

// Blockers returns the run's warnings that stop its approval unless HR
// overrides them — nobody is paid below zero, and no month is paid before
// it is over, without someone saying why. They are
// worked out again from the run itself (its payslips and when it was
// drafted, in the org's zone), so a run drafted before warnings were kept
// is held to the same rules.
func (r Run) Blockers(org core.Org) []Warning {
	var out []Warning
	if w, ok := unfinished(r.Period, r.DraftedAt, org); ok {
		out = append(out, w)
	}
	for _, s := range r.Slips {
		if s.Net.IsNegative() {
			out = append(out, Warning{Code: WarnNegativeNet, Person: s.Key, Name: s.Name, Params: map[string]string{"net": Amount(s.Net)}})
		}
	}
	return out
}

// unfinished returns WarnUnfinished when a run of period drafted at t was
// drafted on or before the period's last day.
func unfinished(period string, t time.Time, org core.Org) (Warning, bool) {
	_, to, err := ParsePeriod(period)
	if err != nil || t.IsZero() {
		return Warning{}, false
	}
	drafted := core.DateOf(t.In(org.Location()))
	if drafted.After(to) {
		return Warning{}, false
	}
	return Warning{Code: WarnUnfinished, Params: map[string]string{"period": period, "drafted": drafted.String(), "end": to.String()}}, true
}

// RefusedError is Approve's answer for a run with blocking warnings and no
// override. It unwraps to a core.Error (EConflict, "payroll.refused_err").
type RefusedError struct {
	Period   string
	Blockers []Warning
}

func (e *RefusedError) Error() string {
	codes := make([]string, 0, len(e.Blockers))
	for _, w := range e.Blockers {
		c := w.Code
		if w.Person != "" {
			c += " (" + w.Person + ")"
		}
		codes = append(codes, c)
	}
	return fmt.Sprintf("the %s payroll cannot be approved without an override reason: %s", e.Period, strings.Join(codes, ", "))
}

// Unwrap gives callers that only know core errors a code and a key.
func (e *RefusedError) Unwrap() error {
	return core.Errorf(core.EConflict, "payroll.refused_err", "%s", e.Error()).With("period", e.Period)
}

// PersonInputs is what the store adds to attendance for one person.
type PersonInputs struct {
	UnpaidLeaveMinutes int
	UnpaidLeaveDates   []string
	CoverMinutes       int
}

// Store keeps pay profiles and runs.
type Store interface {
	Rules(ctx context.Context, orgID int64) (pay.Rules, error)
	Profiles(ctx context.Context, orgID int64) ([]StoredProfile, error)
	// Inputs returns approved unpaid leave and cover worked per
	// person in [from, to].
	Inputs(ctx context.Context, orgID int64, from, to core.Date) (map[int64]PersonInputs, error)
	// YearToDate returns each person's totals from the org's approved runs
	// of the same year before period, or, before the first of them, the
	// opening balances imported for that year.
	YearToDate(ctx context.Context, orgID int64, period string) (map[int64]pay.YearToDate, error)
	// LeaveDays expands approved leave into dates, per person.
	LeaveDays(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) (map[int64]map[core.Date]bool, error)
	Adjustments(ctx context.Context, orgID int64, period string) (map[int64][]pay.Adjustment, error)
	// AddAdjustmentAs records a correction for key in period by HR on
	// channel, audited; EInvalid for a person not of the org or without a
	// pay profile, EConflict once the period's run is approved.
	AddAdjustmentAs(ctx context.Context, orgID int64, key, period string, a pay.Adjustment, by core.Member, channel string, at time.Time) error
	// ListAdjustments returns the corrections recorded for period, in the
	// order they were recorded.
	ListAdjustments(ctx context.Context, orgID int64, period string) ([]Adjustment, error)
	// PayHistory returns, for each person whose pay a transfer changed or
	// will, the pay terms in force from each day on, oldest first.
	PayHistory(ctx context.Context, orgID int64) (map[int64][]PayTerm, error)
	// Leavers returns the org's people whose last day falls in [from, to].
	Leavers(ctx context.Context, orgID int64, from, to core.Date) ([]Leaver, error)
	// FindRun returns ENotFound when the period has no run.
	FindRun(ctx context.Context, orgID int64, period string) (Run, error)
	// SaveDraft replaces the draft of a period (creating it) with its
	// payslips and warnings; EConflict when the period's run is approved.
	SaveDraft(ctx context.Context, orgID int64, period, by string, slips []Slip, warnings []Warning, at time.Time) (Run, error)
	// ApproveRun approves the draft of a period drafted at draftedAt and
	// queues each person's payslip, recording override (HR's reason for
	// approving despite the blockers) in the run and its audit row;
	// EConflict when it was approved already or redrafted since.
	ApproveRun(ctx context.Context, orgID int64, period string, draftedAt time.Time, by core.Member, channel string,
		override string, blockers []Warning, at time.Time) (Run, error)
	// AskAboutPayslip tells the org's HR someone has a question about a payslip.
	AskAboutPayslip(ctx context.Context, orgID, employeeID int64, period string, at time.Time) error
	// ListRuns returns an org's runs with their totals, newest period first.
	ListRuns(ctx context.Context, orgID int64) ([]RunSummary, error)
	// PayslipPeriods returns the periods of the org's approved runs that
	// have a payslip for employeeID, newest first.
	PayslipPeriods(ctx context.Context, orgID, employeeID int64) ([]string, error)
	// PayPeople returns the org's active people and whether each has a
	// pay profile.
	PayPeople(ctx context.Context, orgID int64) ([]ProfilePerson, error)
	// SaveProfilesAs creates or replaces pay profiles in one transaction,
	// sealing bank accounts, with an audit row each by by on channel;
	// EInvalid for a person not of the org or an account it cannot seal.
	SaveProfilesAs(ctx context.Context, orgID int64, in []ProfileInput, by core.Member, channel string, at time.Time) (int, error)
	// CanSeal says whether bank accounts can be saved (sealed).
	CanSeal() bool
}

// Attendance summarises an org's month.
type Attendance interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
	Months(ctx context.Context, org core.Org, from, to core.Date, also ...core.Employee) ([]core.Employee, map[int64]attendance.MonthSummary, error)
}

// Leaver is someone whose last day falls in a period: that period's run
// is their final pay.
type Leaver struct {
	Employee core.Employee
	LastDay  core.Date
}

// AnnualLeave gives a leaver's statutory annual-leave figures for the
// payout of what they did not take (leave.Service); ok is false when the
// org keeps no statutory annual leave.
type AnnualLeave interface {
	AnnualLeftOf(ctx context.Context, org core.Org, e core.Employee, lastDay core.Date) (leave.AnnualLeft, bool, error)
}

// Authorizer applies the permission rules and audits refusals
// (core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service drafts, approves and reads payroll runs.
type Service struct {
	store  Store
	att    Attendance
	auth   Authorizer
	clock  core.Clock
	annual AnnualLeave // nil: a leaver's final pay has no annual-leave payout
	perf   Performance // nil: no performance bonuses
	tax    TaxRecords  // nil: no year-end bonuses, the 60,000 rule for nobody
}

// NewService returns a Service.
func NewService(store Store, att Attendance, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, att: att, auth: auth, clock: clock}
}

// WithAnnualLeave makes a leaver's final pay include their unused
// statutory annual leave, worked out from a.
func (s *Service) WithAnnualLeave(a AnnualLeave) *Service {
	s.annual = a
	return s
}

// ParsePeriod reads "2026-11" and returns its first and last day.
func ParsePeriod(period string) (from, to core.Date, err error) {
	t, perr := time.Parse("2006-01", strings.TrimSpace(period))
	if perr != nil {
		return core.Date{}, core.Date{}, core.Errorf(core.EInvalid, "payroll.bad_period", "period %q is not a month such as 2026-11", period).With("period", period)
	}
	from = core.DateOf(t)
	return from, from.MonthEnd(), nil
}

// Approve approves the period's draft: from then on it never changes, and
// everyone in it gets their payslip in a private chat. A run with blocking
// warnings (a month not over when drafted, a net pay below zero) is
// refused with a *RefusedError unless override says why HR approves it
// anyway; the reason is kept with the run and in the audit log.
//
// Errors: EForbidden for anyone but HR; EInvalid for a bad period;
// ENotFound when there is no draft; EConflict (*RefusedError) for
// blockers without an override, and when the run is approved already or
// was redrafted meanwhile.
func (s *Service) Approve(ctx context.Context, m core.Member, period, channel, override string) (Run, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return Run{}, err
	}
	if _, _, err := ParsePeriod(period); err != nil {
		return Run{}, err
	}
	run, err := s.store.FindRun(ctx, m.Org.ID, period)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Run{}, core.Errorf(core.ENotFound, "payroll.no_run", "no payroll run for %s: draft one with hrbot payroll run", period).With("period", period)
	}
	if err != nil {
		return Run{}, err
	}
	if run.Status == StatusApproved {
		return Run{}, core.Errorf(core.EConflict, "payroll.already_approved", "the %s run is already approved", period).With("period", period)
	}
	override = strings.TrimSpace(override)
	blockers := run.Blockers(m.Org)
	if len(blockers) > 0 && override == "" {
		return Run{}, &RefusedError{Period: period, Blockers: blockers}
	}
	if len(blockers) == 0 {
		override = "" // nothing was overridden: nothing to record
	}
	return s.store.ApproveRun(ctx, m.Org.ID, period, run.DraftedAt, m, channel, override, blockers, s.clock.Now())
}

// Review returns a period's run for HR.
func (s *Service) Review(ctx context.Context, m core.Member, period string) (Run, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, "chat"); err != nil {
		return Run{}, err
	}
	if _, _, err := ParsePeriod(period); err != nil {
		return Run{}, err
	}
	return s.store.FindRun(ctx, m.Org.ID, period)
}

// Payslip returns m's own payslip of an approved run: drafts are HR's.
func (s *Service) Payslip(ctx context.Context, m core.Member, period string) (Run, Slip, error) {
	if _, _, err := ParsePeriod(period); err != nil {
		return Run{}, Slip{}, err
	}
	run, err := s.store.FindRun(ctx, m.Org.ID, period)
	if err != nil || run.Status != StatusApproved {
		return Run{}, Slip{}, core.Errorf(core.ENotFound, "payslip.none", "no payslip for %s", period).With("period", period)
	}
	for _, sl := range run.Slips {
		if sl.EmployeeID == m.Employee.ID {
			return run, sl, nil
		}
	}
	return Run{}, Slip{}, core.Errorf(core.ENotFound, "payslip.none", "no payslip for %s", period).With("period", period)
}

// AskAboutPayslip passes m's question about their payslip of period to HR.
func (s *Service) AskAboutPayslip(ctx context.Context, m core.Member, period string) error {
	if _, _, err := s.Payslip(ctx, m, period); err != nil {
		return err
	}
	return s.store.AskAboutPayslip(ctx, m.Org.ID, m.Employee.ID, period, s.clock.Now())
}

// PreviousPeriod is the month before now in the org's zone, "2026-10".
func PreviousPeriod(now time.Time, org core.Org) string {
	t := now.In(org.Location())
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	return first.Format("2006-01")
}

// Amount formats money for people: "12,345.67".
func Amount(d decimal.Decimal) string {
	s := d.StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}
