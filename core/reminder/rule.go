package reminder

import (
	"time"

	"github.com/hrbot/hrbot/core"
)

// Policy is an org's scheduled reminders and how it catches up on
// the ones missed while hrbot was down.
type Policy struct {
	// LateAfter is how late an occurrence missed during downtime may still
	// be sent; older ones are recorded as skipped, so a restart does not
	// flood people with stale reminders. Default 1h.
	LateAfter time.Duration
	Rules     []Rule
}

// Kind says what a reminder is about, and so when it fires and who
// gets it. Built-in kinds know their audience; custom ones name it.
type Kind string

// Reminder kinds. Shift-relative kinds (checkin, nudge, checkout) fire
// around each planned shift; the others follow a cron spec.
const (
	Custom         Kind = "custom"          // cron + audience + text
	CheckIn        Kind = "checkin"         // Offset before each planned shift start; people starting then; Check in button
	Nudge          Kind = "nudge"           // Offset after each planned shift start; people starting then who have not checked in
	CheckOut       Kind = "checkout"        // Offset after each planned shift end; people who checked in and not out
	Digest         Kind = "digest"          // cron; managers with approvals waiting
	WeeklySchedule Kind = "weekly_schedule" // cron; everyone gets their own shifts for the next 7 days
	WeeklyReport   Kind = "weekly_report"   // cron; managers, HR and admins get last week's attendance report with its chart
)

// Rule is one reminder an org sends, as its org file declares it;
// Due works out when it is due.
type Rule struct {
	Key      string
	Kind     Kind
	Cron     string                 // custom, digest, weekly_schedule
	Offset   time.Duration          // checkin (before start, stored positive), nudge and checkout (after)
	Audience core.Audience          // custom only; built-ins have fixed audiences
	Text     map[core.Locale]string // required for custom (at least one language); optional override for built-ins
	// WorkingDaysOnly skips days that are not working days in the org's
	// holiday calendar (rest days, holidays; make-up workdays count as
	// working). Default true for cron kinds; shift-relative kinds follow
	// people's plans and ignore it.
	WorkingDaysOnly bool
}
