package core

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// OrgFile is the declarative setup of a group, its orgs, teams, people and
// their chat accounts, as read from `hrbot apply -f`. Later capabilities
// (shifts, leave types, reminders, payroll) extend it.
type OrgFile struct {
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
	Locale   Locale
	// GoLive is the first day the org uses hrbot; zero keeps the stored
	// one, or today for a new org.
	GoLive    Date
	Teams     []TeamSpec
	Employees []EmployeeSpec

	Attendance AttendancePolicy
	Sites      []Site
	Shifts     []Shift
	Schedules  []Schedule
	Overrides  []ShiftOverride
	// Calendar holds the org's public holidays and make-up working days,
	// from its holiday files and its own entries, later ones winning.
	Calendar []CalendarDay

	Leave      LeavePolicy
	LeaveTypes []LeaveType

	Reminders ReminderPolicy

	Cover    CoverPolicy
	Training TrainingPolicy
	// Jobs are the org's jobs with their names and the other words people
	// use for them; nil when the file declares none (then the jobs people
	// and shifts name are the org's jobs, known by key and hrbot's own
	// names for common jobs).
	Jobs Jobs

	// Handbook is the directory of the org's handbook (the knowledge
	// base), resolved against the org file's directory; "" for none.
	Handbook string

	// Payroll holds the org's payroll rules; nil keeps China's defaults.
	Payroll *PayrollPolicy
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
}

// DefaultPayrollPolicy is China's usual practice.
func DefaultPayrollPolicy() PayrollPolicy {
	return PayrollPolicy{DayDivisor: decimal.RequireFromString("21.75"), DayHours: decimal.NewFromInt(8),
		OvertimeWorkday: decimal.RequireFromString("1.5"), OvertimeRestDay: decimal.NewFromInt(2), OvertimeHoliday: decimal.NewFromInt(3),
		TaxRule: "cn_cumulative"}
}

// ReminderPolicy is an org's scheduled reminders and how it catches up on
// the ones missed while hrbot was down.
type ReminderPolicy struct {
	// LateAfter is how late an occurrence missed during downtime may still
	// be sent; older ones are recorded as skipped, so a restart does not
	// flood people with stale reminders. Default 1h.
	LateAfter time.Duration
	Rules     []ReminderRule
}

// ReminderKind says what a reminder is about, and so when it fires and who
// gets it. Built-in kinds know their audience; custom ones name it.
type ReminderKind string

// Reminder kinds. Shift-relative kinds (checkin, nudge, checkout) fire
// around each planned shift; the others follow a cron spec.
const (
	ReminderCustom   ReminderKind = "custom"          // cron + audience + text
	ReminderCheckIn  ReminderKind = "checkin"         // Offset before each planned shift start; people starting then; Check in button
	ReminderNudge    ReminderKind = "nudge"           // Offset after each planned shift start; people starting then who have not checked in
	ReminderCheckOut ReminderKind = "checkout"        // Offset after each planned shift end; people who checked in and not out
	ReminderDigest   ReminderKind = "digest"          // cron; managers with approvals waiting
	ReminderWeekly   ReminderKind = "weekly_schedule" // cron; everyone gets their own shifts for the next 7 days
	ReminderReport   ReminderKind = "weekly_report"   // cron; managers, HR and admins get last week's attendance report with its chart
)

// AudienceKind says who a custom reminder goes to; it is resolved when the
// reminder fires, so it follows the people and plans of that day.
type AudienceKind string

// Audiences of custom reminders.
const (
	AudienceEveryone        AudienceKind = "everyone"
	AudienceTeam            AudienceKind = "team"     // Value: team key
	AudienceJob             AudienceKind = "job"      // Value: job name as in employees[].job
	AudienceOnShift         AudienceKind = "on_shift" // planned to work today
	AudienceNotCheckedIn    AudienceKind = "not_checked_in"
	AudienceManagersPending AudienceKind = "managers_pending"
)

// ReminderAudience is who a custom reminder goes to: a kind and, for team
// and job, which one.
type ReminderAudience struct {
	Kind  AudienceKind
	Value string
}

// ReminderRule is one reminder an org sends, as its org file declares it;
// package reminder works out when it is due.
type ReminderRule struct {
	Key      string
	Kind     ReminderKind
	Cron     string            // custom, digest, weekly_schedule
	Offset   time.Duration     // checkin (before start, stored positive), nudge and checkout (after)
	Audience ReminderAudience  // custom only; built-ins have fixed audiences
	Text     map[Locale]string // required for custom (at least one language); optional override for built-ins
	// WorkingDaysOnly skips days that are not working days in the org's
	// holiday calendar (rest days, holidays; make-up workdays count as
	// working). Default true for cron kinds; shift-relative kinds follow
	// people's plans and ignore it.
	WorkingDaysOnly bool
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
	Role     Role
	Job      string
	Team     string // team key
	Manager  string // employee key in the same org
	HireDate time.Time
	Status   EmployeeStatus
	// LeftOn is the last day of someone who left; zero lets apply record
	// the day it first sees them gone.
	LeftOn   time.Time
	Locale   Locale
	Slack    string // Slack user id
	Telegram string // Telegram user id
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
	Skills []SkillLevel
	// Gender is recorded only where a leave type depends on it.
	Gender Gender
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

// OrgFileStore applies an org file atomically: all of it or none of it,
// with an audit row per changed record.
type OrgFileStore interface {
	ApplyOrgFile(ctx context.Context, file OrgFile, actorLabel string, at time.Time) (ApplyResult, error)
}

// Setup applies org files.
type Setup struct {
	store OrgFileStore
	clock Clock
}

// NewSetup returns a Setup.
func NewSetup(store OrgFileStore, clock Clock) *Setup { return &Setup{store: store, clock: clock} }

// Apply makes the database match the file. Applying the same file twice
// changes nothing the second time. source names the file for the audit log.
func (s *Setup) Apply(ctx context.Context, file OrgFile, source string) (ApplyResult, error) {
	res, err := s.store.ApplyOrgFile(ctx, file, "apply "+source, s.clock.Now())
	if err != nil {
		return ApplyResult{}, fmt.Errorf("apply %s: %w", source, err)
	}
	return res, nil
}
