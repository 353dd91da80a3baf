// Package payrun runs an org's payroll for a month: it gathers each
// person's attendance, leave, overtime and cover, applies the org's rules
// (core/payroll) to draft the run, lets HR approve it — after which it
// never changes — and hands out payslips.
package payrun

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll"
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
	Profile    payroll.Profile
	BankName   string
	BankLast4  string // the rest is sealed
}

// Slip is one person's line of a run.
type Slip struct {
	EmployeeID int64
	Key, Name  string
	Locale     core.Locale
	payroll.Payslip
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
}

// Totals adds up a run.
func (r Run) Totals() (gross, social, tax, net decimal.Decimal) {
	for _, s := range r.Slips {
		gross, social, tax, net = gross.Add(s.Gross), social.Add(s.Social), tax.Add(s.Tax.Withhold), net.Add(s.Net)
	}
	return gross, social, tax, net
}

// PersonInputs is what the store adds to attendance for one person.
type PersonInputs struct {
	UnpaidLeaveMinutes int
	UnpaidLeaveDates   []string
	CoverMinutes       int
}

// Store keeps pay profiles and runs.
type Store interface {
	PayrollRules(ctx context.Context, orgID int64) (payroll.Rules, error)
	PayProfiles(ctx context.Context, orgID int64) ([]StoredProfile, error)
	// PayrollInputs returns approved unpaid leave and cover worked per
	// person in [from, to].
	PayrollInputs(ctx context.Context, orgID int64, from, to core.Date) (map[int64]PersonInputs, error)
	// YearToDate returns each person's totals from the org's approved runs
	// of the same year before period.
	YearToDate(ctx context.Context, orgID int64, period string) (map[int64]payroll.YearToDate, error)
	Adjustments(ctx context.Context, orgID int64, period string) (map[int64][]payroll.Adjustment, error)
	// FindRun returns ENotFound when the period has no run.
	FindRun(ctx context.Context, orgID int64, period string) (Run, error)
	// SaveDraft replaces the draft of a period (creating it); EConflict
	// when the period's run is approved.
	SaveDraft(ctx context.Context, orgID int64, period, by string, slips []Slip, at time.Time) (Run, error)
	// ApproveRun approves a draft and queues each person's payslip;
	// EConflict when it was approved already.
	ApproveRun(ctx context.Context, orgID int64, period string, by core.Member, channel string, at time.Time) (Run, error)
	// AskAboutPayslip tells the org's HR someone has a question about a payslip.
	AskAboutPayslip(ctx context.Context, orgID, employeeID int64, period string, at time.Time) error
}

// Attendance summarises an org's month.
type Attendance interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
	Months(ctx context.Context, org core.Org, from, to core.Date) ([]core.Employee, map[int64]attendance.MonthSummary, error)
}

// Authorizer applies the permission rules and audits refusals
// (core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service drafts, approves and reads payroll runs.
type Service struct {
	store Store
	att   Attendance
	auth  Authorizer
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, att Attendance, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, att: att, auth: auth, clock: clock}
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

// Draft is DraftOrg for HR in chat.
func (s *Service) Draft(ctx context.Context, m core.Member, period string) (Run, []string, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, "chat"); err != nil {
		return Run{}, nil, err
	}
	return s.DraftOrg(ctx, m.Org, period, "chat:"+m.Employee.Key)
}

// DraftOrg computes the org's run for period and saves it as a draft,
// replacing an earlier draft: running it again with the same inputs gives
// the same run. People without a pay profile are left out (and named in
// the returned list).
func (s *Service) DraftOrg(ctx context.Context, org core.Org, period, by string) (Run, []string, error) {
	from, to, err := ParsePeriod(period)
	if err != nil {
		return Run{}, nil, err
	}
	if run, err := s.store.FindRun(ctx, org.ID, period); err == nil && run.Status == StatusApproved {
		return Run{}, nil, core.Errorf(core.EConflict, "payroll.approved", "the %s run is approved and cannot change; add an adjustment to a later period", period).With("period", period)
	} else if err != nil && core.ErrorCodeOf(err) != core.ENotFound {
		return Run{}, nil, err
	}
	rules, err := s.store.PayrollRules(ctx, org.ID)
	if err != nil {
		return Run{}, nil, err
	}
	profiles, err := s.store.PayProfiles(ctx, org.ID)
	if err != nil {
		return Run{}, nil, err
	}
	setup, err := s.att.Setup(ctx, org)
	if err != nil {
		return Run{}, nil, err
	}
	people, months, err := s.att.Months(ctx, org, from, to)
	if err != nil {
		return Run{}, nil, err
	}
	extra, err := s.store.PayrollInputs(ctx, org.ID, from, to)
	if err != nil {
		return Run{}, nil, err
	}
	ytd, err := s.store.YearToDate(ctx, org.ID, period)
	if err != nil {
		return Run{}, nil, err
	}
	adjustments, err := s.store.Adjustments(ctx, org.ID, period)
	if err != nil {
		return Run{}, nil, err
	}
	byID := make(map[int64]StoredProfile, len(profiles))
	for _, p := range profiles {
		byID[p.EmployeeID] = p
	}
	periodDays := setup.Calendar.WorkingDays(from, to)
	var slips []Slip
	var missing []string
	for _, e := range people {
		p, ok := byID[e.ID]
		if !ok {
			missing = append(missing, e.Key)
			continue
		}
		m := months[e.ID]
		in := payroll.Inputs{
			PeriodWorkdays:   periodDays,
			EmployedWorkdays: periodDays,
			AbsentDays:       decimal.NewFromInt(int64(m.AbsentDays)),
			AbsentDates:      absentDates(setup, e, m),
			UnpaidLeaveHours: decimal.NewFromInt(int64(extra[e.ID].UnpaidLeaveMinutes)).Div(decimal.NewFromInt(60)),
			UnpaidLeaveDates: extra[e.ID].UnpaidLeaveDates,
			WorkedHours:      workedHours(m),
			LateCount:        m.LateCount,
			CoverMinutes:     extra[e.ID].CoverMinutes,
			Adjustments:      adjustments[e.ID],
			YTD:              ytd[e.ID],
		}
		in.OvertimeMinutes.Workday = m.Overtime[attendance.OvertimeWorkday]
		in.OvertimeMinutes.RestDay = m.Overtime[attendance.OvertimeRestDay]
		in.OvertimeMinutes.Holiday = m.Overtime[attendance.OvertimeHoliday]
		if hired := core.DateOf(e.HireDate); !e.HireDate.IsZero() && hired.After(from) {
			in.EmployedWorkdays = 0
			if !hired.After(to) {
				in.EmployedWorkdays = setup.Calendar.WorkingDays(hired, to)
			}
		}
		in.MonthOfYear = int(from.Month)
		slip, err := payroll.Compute(p.Profile, rules, in)
		if err != nil {
			return Run{}, nil, fmt.Errorf("payroll of %s: %w", e.Key, err)
		}
		slips = append(slips, Slip{EmployeeID: e.ID, Key: e.Key, Name: e.Name, Locale: e.Locale, Payslip: slip})
	}
	sort.Slice(slips, func(i, j int) bool { return slips[i].Key < slips[j].Key })
	run, err := s.store.SaveDraft(ctx, org.ID, period, by, slips, s.clock.Now())
	if err != nil {
		return Run{}, nil, err
	}
	return run, missing, nil
}

func absentDates(setup *attendance.Setup, e core.Employee, m attendance.MonthSummary) []string {
	if m.AbsentDays == 0 {
		return nil
	}
	worked := map[core.Date]bool{}
	for _, r := range m.Records {
		if !r.CheckIn.IsZero() && !r.Has(attendance.FlagAbsentLate) {
			worked[r.WorkDate] = true
		}
	}
	var out []string
	for d := m.From; !d.After(m.To) && len(out) < m.AbsentDays; d = d.AddDays(1) {
		if p := setup.PlanFor(e, d); p.Working && !worked[d] {
			out = append(out, fmt.Sprintf("%02d-%02d", int(d.Month), d.Day))
		}
	}
	return out
}

// workedHours adds up the time between check-in and check-out, for people
// paid by the hour.
func workedHours(m attendance.MonthSummary) decimal.Decimal {
	var minutes int64
	for _, r := range m.Records {
		if r.WorkDate.Before(m.From) || r.WorkDate.After(m.To) || r.CheckIn.IsZero() || r.CheckOut.IsZero() {
			continue
		}
		minutes += int64(r.CheckOut.Sub(r.CheckIn) / time.Minute)
	}
	return decimal.NewFromInt(minutes).Div(decimal.NewFromInt(60)).Round(2)
}

// Approve approves the period's draft: from then on it never changes, and
// everyone in it gets their payslip in a private chat.
func (s *Service) Approve(ctx context.Context, m core.Member, period, channel string) (Run, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return Run{}, err
	}
	if _, _, err := ParsePeriod(period); err != nil {
		return Run{}, err
	}
	return s.store.ApproveRun(ctx, m.Org.ID, period, m, channel, s.clock.Now())
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
