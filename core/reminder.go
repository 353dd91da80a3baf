package core

import "time"

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
