package orgfile

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/core/reminder"
	"github.com/hrbot/hrbot/core/training"
)

// File is the declarative setup of a group, its orgs, teams, people and
// their chat accounts, as read from `hrbot apply -f`. Later capabilities
// (shifts, leave types, reminders, payroll) extend it.
type File struct {
	Group *GroupSpec
	Orgs  []OrgSpec
}

// GroupSpec declares the group the orgs belong to.
type GroupSpec struct {
	Key  string
	Name string
}

// OrgSpec declares one org.
type OrgSpec struct {
	Key      string
	Name     string
	TimeZone string
	Locale   core.Locale
	// GoLive is the first day the org uses hrbot; zero keeps the stored
	// one, or today for a new org.
	GoLive    core.Date
	Teams     []TeamSpec
	Employees []EmployeeSpec

	Attendance attendance.Policy
	Sites      []attendance.Site
	Shifts     []attendance.Shift
	Schedules  []attendance.Schedule
	Overrides  []attendance.ShiftOverride
	// Calendar holds the org's public holidays and make-up working days,
	// from its holiday files and its own entries, later ones winning.
	Calendar []calendar.Entry

	Leave      leave.Policy
	LeaveTypes []leave.Type

	Reminders reminder.Policy

	Cover    cover.Policy
	Training training.Policy
	// Onboarding holds the checklists new people get per job; the zero
	// Policy makes none.
	Onboarding onboarding.Policy
	// Jobs are the org's jobs with their names and the other words people
	// use for them; nil when the file declares none (then the jobs people
	// and shifts name are the org's jobs, known by key and hrbot's own
	// names for common jobs).
	Jobs core.Jobs
	// Descriptions are the declared jobs' descriptions (岗位说明书) by job
	// key; a job without one is not in it.
	Descriptions map[string]jobs.Description

	// Handbook is the directory of the org's handbook (the knowledge
	// base), resolved against the org file's directory; "" for none.
	Handbook string

	// Payroll holds the org's payroll rules; nil keeps China's defaults.
	Payroll *PayrollPolicy

	// Retention is how long the files of people who left are kept.
	Retention personfile.Retention

	// Certificate is the org's own text of the termination certificate
	// (离职证明) by language ("" for whatever the org's language is); nil
	// keeps hrbot's.
	Certificate map[core.Locale]string

	// Recruiting holds the org's recruiting rules and screening questions
	// per job; nil when the file has no recruiting section (then the
	// defaults apply and no job has questions).
	Recruiting *recruiting.Policy

	// Performance holds the org's result bands, the performance pay a
	// band's coefficient multiplies and the month it is paid; nil when
	// the file has no performance section.
	Performance *perf.Policy
}

// PayrollPolicy is how an org pays, as its org file says.
type PayrollPolicy struct {
	DayDivisor      decimal.Decimal // daily rate = monthly salary / DayDivisor (21.75)
	DayHours        decimal.Decimal // hourly rate = daily rate / DayHours (8)
	LatePenalty     decimal.Decimal // per late arrival beyond LateFree; zero: none
	LateFree        int
	OvertimeWorkday decimal.Decimal // 1.5
	OvertimeRestDay decimal.Decimal // 2
	OvertimeHoliday decimal.Decimal // 3
	RestDayAsLeave  bool            // rest-day overtime becomes time off in lieu instead of pay
	TaxRule         string          // cn_cumulative, none, flat:RATE
	MinimumWage     decimal.Decimal // local monthly minimum wage; zero: not set (no warning)
	// SocialCity is the city whose contribution bases apply to a person
	// whose file names none; SocialBases the bases per city and month on,
	// EmployerRates the employer's shares (payroll_social.go).
	SocialCity    string
	SocialBases   []pay.CityBases
	EmployerRates pay.EmployerRates
	// BankFiles are the org's banks' batch-payment layouts, by key.
	BankFiles []payroll.BankLayout
}

// DefaultPayrollPolicy is China's usual practice.
func DefaultPayrollPolicy() PayrollPolicy {
	return PayrollPolicy{DayDivisor: decimal.RequireFromString("21.75"), DayHours: decimal.NewFromInt(8),
		OvertimeWorkday: decimal.RequireFromString("1.5"), OvertimeRestDay: decimal.NewFromInt(2), OvertimeHoliday: decimal.NewFromInt(3),
		TaxRule: "cn_cumulative"}
}

// TeamSpec declares a team.
type TeamSpec struct {
	Key  string
	Name string
}

// EmployeeSpec declares a person and, optionally, their chat accounts.
type EmployeeSpec struct {
	Key      string
	Name     string
	Email    string
	Role     core.Role
	Job      string
	Team     string // team key
	Manager  string // employee key in the same org
	HireDate time.Time
	Status   core.EmployeeStatus
	// LeftOn is the last day of someone who left; zero lets apply record
	// the day it first sees them gone.
	LeftOn   time.Time
	Locale   core.Locale
	Slack    string // Slack user id
	Telegram string // Telegram user id
	WeCom    string // WeCom userid
	// Schedule is the key of the person's shift schedule; "" means the
	// org's standard working hours.
	Schedule string
	// RotationOffset shifts the person's place in the schedule's pattern
	// (weeks for weekly schedules, days for cycles): team B of an A/B
	// rotation has offset 1.
	RotationOffset int
	// Delegate approves for this person while they are on leave.
	Delegate string
	// CareerStart is when the person started working anywhere, for
	// statutory annual leave; zero means their hire date.
	CareerStart time.Time
	// Skills are what the person can cover beyond their own job, each
	// listed once.
	Skills []core.SkillLevel
	// Gender is recorded only where a leave type depends on it.
	Gender core.Gender
}

// ApplyResult counts what an apply changed.
type ApplyResult struct {
	Created   int
	Updated   int
	Unchanged int
	// NotInFile lists people in the database the file no longer mentions;
	// apply leaves them as they are and reports them.
	NotInFile []string
}

// Changed reports whether the apply changed anything.
func (r ApplyResult) Changed() bool { return r.Created+r.Updated > 0 }

// Store applies an org file atomically: all of it or none of it,
// with an audit row per changed record.
type Store interface {
	ApplyOrgFile(ctx context.Context, file File, actorLabel string, at time.Time) (ApplyResult, error)
	// ApplyOrgFileAs is ApplyOrgFile with the audit rows written as by.
	ApplyOrgFileAs(ctx context.Context, file File, by Origin) (ApplyResult, error)
	// PreviewOrgFile applies file in a transaction it rolls back and
	// returns what the apply counted and the audit rows it wrote.
	PreviewOrgFile(ctx context.Context, file File, by Origin) (ApplyResult, []Planned, error)
	// OutsideEdits returns, for each record, the audit rows (outcome ok)
	// written since the latest org-file apply that changed it by anything
	// but an org-file apply, oldest first; records without any are left out.
	OutsideEdits(ctx context.Context, records []Record) (map[Record][]Edit, error)
	// ExportOrgFile reads the orgs with the given keys (every org when
	// none) back as a File. ENotFound for an unknown key, EInvalid when
	// the orgs are in different groups.
	ExportOrgFile(ctx context.Context, orgKeys []string) (File, error)
}

// Authorizer applies the permission rules, auditing refusals:
// *core.Directory.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Setup applies, exports and previews org files.
type Setup struct {
	store Store
	clock core.Clock
	auth  Authorizer
}

// NewSetup returns a Setup.
func NewSetup(store Store, clock core.Clock) *Setup { return &Setup{store: store, clock: clock} }

// WithAuthorizer returns s checking members' permissions with auth, for
// the methods a member calls (ExportFor, PreviewFor, ImportFor).
func (s *Setup) WithAuthorizer(auth Authorizer) *Setup {
	out := *s
	out.auth = auth
	return &out
}

// Apply makes the database match the file. Applying the same file twice
// changes nothing the second time. source names the file for the audit log.
func (s *Setup) Apply(ctx context.Context, file File, source string) (ApplyResult, error) {
	res, err := s.store.ApplyOrgFile(ctx, file, ActorPrefix+source, s.clock.Now())
	if err != nil {
		return ApplyResult{}, fmt.Errorf("apply %s: %w", source, err)
	}
	return res, nil
}
