// Package reminder decides when an org's reminder rules are due: which
// instants between two moments a rule fires at, and whether each one is
// sent or skipped. It is pure: the caller passes the org's time zone, its
// holiday calendar and its people's planned shifts, and records what it sent
// and skipped; nothing here reads a clock, a database or the network.
//
// # Daylight saving time
//
// Rules run in the org's time zone, on its wall clock. Cron kinds use
// github.com/robfig/cron/v3, which behaves like this on the two DST days of
// America/New_York (2026-03-08 02:00 EST → 03:00 EDT, 2026-11-01 02:00 EDT →
// 01:00 EST):
//
//   - A time that does not exist is skipped: "30 2 * * *" does not fire on
//     2026-03-08 and next fires on 2026-03-09 at 02:30 EDT. Due keeps this;
//     it does not move the reminder to 03:00 as Vixie cron would.
//   - A time that happens twice fires twice in cron: "30 1 * * *" fires at
//     01:30 EDT and again at 01:30 EST on 2026-11-01. Due drops the repeat, so
//     a reminder is sent once, at the first 01:30 (05:30 UTC).
//   - Times outside the changed hour are unaffected: "0 9 * * *" fires once a
//     day at 09:00 local on both days, and "30 2 * * *" fires once on
//     2026-11-01, at 02:30 EST (02:xx happens once that day).
//
// Shift kinds place the planned start or end with time.Date in the org's
// zone (core.Date.At), as attendance does for planned times, so every shift
// gets exactly one occurrence: a clock in the repeated hour resolves to its
// first, summer-time instance (01:30 on 2026-11-01 is 01:30 EDT); a clock in
// the skipped hour is read with the summer-time offset (02:30 on 2026-03-08
// is 06:30 UTC, which the clocks show as 01:30 EST).
package reminder

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/hrbot/hrbot/core"
)

// cronParser reads the standard five fields (minute hour day-of-month month
// day-of-week) and descriptors such as @daily; no seconds field.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseCron parses a standard 5-field cron spec or a descriptor (@daily,
// @weekly, @hourly, @monthly, @yearly; @every is NOT allowed: reminders
// follow the wall clock, not an interval since start-up). Specs with a TZ=
// or CRON_TZ= prefix are refused: the time zone is the org's. A spec that
// never fires, such as 30 February, is refused too. The schedule has no
// zone of its own: Next works in the zone of the time it is given.
//
// Errors are core.EInvalid and carry the cron library's reason.
func ParseCron(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	switch {
	case spec == "":
		return nil, core.Errorf(core.EInvalid, "reminder.bad_cron", "empty cron spec")
	case strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ="):
		return nil, core.Errorf(core.EInvalid, "reminder.bad_cron",
			"cron spec %q names a time zone; reminders run in the org's time zone, so leave out the TZ= prefix", spec)
	case strings.HasPrefix(spec, "@every"):
		return nil, core.Errorf(core.EInvalid, "reminder.bad_cron",
			"cron spec %q: @every is not allowed; reminders follow the clock, write five fields such as \"*/30 9-18 * * 1-5\"", spec)
	}
	s, err := cronParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", core.Errorf(core.EInvalid, "reminder.bad_cron", "bad cron spec %q", spec), err)
	}
	// cron looks five years ahead, which always includes a 29 February.
	if s.Next(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return nil, core.Errorf(core.EInvalid, "reminder.bad_cron", "cron spec %q never fires", spec)
	}
	return s, nil
}

// SkipReason says why an occurrence is not sent; Send means it is.
type SkipReason string

// Decisions for an occurrence.
const (
	Send           SkipReason = ""
	SkipLate       SkipReason = "late"            // older than LateAfter when seen
	SkipNonWorking SkipReason = "non_working_day" // a cron kind with WorkingDaysOnly, on a rest day or holiday
)

// Occurrence is one instant a rule fires, with the decision for it. For
// cron kinds At identifies it; for shift kinds Date and Clock do.
type Occurrence struct {
	At    time.Time // the instant it is due, in the org's zone
	Date  core.Date // local date in the org's zone it belongs to (for shift kinds: the shift's date)
	Clock int       // shift kinds: the planned start or end (minutes after midnight) it refers to; -1 for cron kinds
	Skip  SkipReason
}

// Calendar says which days are working days; *calendar.Calendar satisfies it.
type Calendar interface{ IsWorkingDay(d core.Date) bool }

// Shifts reports the distinct planned shift start and end clocks (minutes
// after local midnight; an end may be > 1440 for overnight shifts) on local
// date d, across the people the rule is for.
type Shifts func(d core.Date) (starts, ends []int)

// Due lists the rule's occurrences in (after, now], oldest first, at most
// limit, each with its decision. after is the last instant the caller has
// handled for this rule (for a new rule, when it was made); a caller that
// gets limit or more occurrences handles them and asks again from the last
// one's At. Occurrences due at the same instant (two shift reminders can
// be) are never split by the limit, so there may be more than limit; asking
// again from that instant then misses none.
//
// The decision is, in this order: SkipNonWorking for cron kinds with
// WorkingDaysOnly on a non-working local date (it was never due to be sent,
// however late it is seen); SkipLate when now-At > lateAfter; else Send.
//
// Cron kinds need cal when WorkingDaysOnly is set; shift kinds need shifts
// and ignore cal and WorkingDaysOnly. A bad cron spec is core.EInvalid; a
// missing argument or unknown kind is an internal error.
func Due(r Rule, loc *time.Location, cal Calendar, shifts Shifts, lateAfter time.Duration, after, now time.Time, limit int) ([]Occurrence, error) {
	switch {
	case loc == nil:
		return nil, fmt.Errorf("reminder %s: no time zone", r.Key)
	case after.IsZero():
		return nil, fmt.Errorf("reminder %s: no start: after is the zero time", r.Key)
	case limit <= 0:
		return nil, fmt.Errorf("reminder %s: limit %d is not positive", r.Key, limit)
	}
	var out []Occurrence
	var err error
	switch r.Kind {
	case Custom, Digest, WeeklySchedule, WeeklyReport:
		out, err = cronDue(r, loc, cal, after, now, limit)
	case CheckIn, Nudge, CheckOut:
		out, err = shiftDue(r, loc, shifts, after, now, limit)
	default:
		err = fmt.Errorf("unknown kind %q", r.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("reminder %s: %w", r.Key, err)
	}
	for i := range out {
		if out[i].Skip == Send && now.Sub(out[i].At) > lateAfter {
			out[i].Skip = SkipLate
		}
	}
	return out, nil
}

func cronDue(r Rule, loc *time.Location, cal Calendar, after, now time.Time, limit int) ([]Occurrence, error) {
	sched, err := ParseCron(r.Cron)
	if err != nil {
		return nil, err
	}
	if r.WorkingDaysOnly && cal == nil {
		return nil, errors.New("working days only, but no calendar")
	}
	var out []Occurrence
	for t := sched.Next(after.In(loc)); len(out) < limit && !t.IsZero() && !t.After(now); t = sched.Next(t) {
		if repeatsWallClock(t) {
			continue
		}
		o := Occurrence{At: t, Date: core.DateOf(t), Clock: -1}
		if r.WorkingDaysOnly && !cal.IsWorkingDay(o.Date) {
			o.Skip = SkipNonWorking
		}
		out = append(out, o)
	}
	return out, nil
}

// repeatsWallClock reports whether t's wall-clock reading already happened
// earlier: the clocks went back when t's zone period began, and t lies
// within the span they went back by.
func repeatsWallClock(t time.Time) bool {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return false
	}
	_, off := t.Zone()
	_, before := start.Add(-time.Second).Zone()
	return before > off && t.Sub(start) < time.Duration(before-off)*time.Second
}

func shiftDue(r Rule, loc *time.Location, shifts Shifts, after, now time.Time, limit int) ([]Occurrence, error) {
	if shifts == nil {
		return nil, errors.New("shift-relative kind, but no shifts")
	}
	// At = anchor + delta, where the anchor is the planned start or end.
	delta := r.Offset
	if r.Kind == CheckIn {
		delta = -r.Offset
	}
	// An anchor lies on its date or, for an overnight end, on the next day;
	// a clock the spring-forward skips can put it an hour before its date.
	// Look a day further each way so none is missed.
	first := core.DateOf(after.Add(-delta).In(loc)).AddDays(-2)
	last := core.DateOf(now.Add(-delta).In(loc)).AddDays(1)
	var out []Occurrence
	for d := first; !d.After(last); d = d.AddDays(1) {
		if len(out) >= limit {
			out = oldest(out, limit)
			// Anchors on d and later are after the midnight before d.
			if out[limit-1].At.Before(d.AddDays(-1).In(loc).Add(delta)) {
				break
			}
		}
		starts, ends := shifts(d)
		clocks := starts
		if r.Kind == CheckOut {
			clocks = ends
		}
		clocks = slices.Compact(slices.Sorted(slices.Values(clocks)))
		for _, c := range clocks {
			if c < 0 {
				return nil, fmt.Errorf("shift clock %d on %s is before midnight", c, d)
			}
			at := d.At(c, loc).Add(delta)
			if at.After(after) && !at.After(now) {
				out = append(out, Occurrence{At: at, Date: d, Clock: c})
			}
		}
	}
	return oldest(out, limit), nil
}

// oldest sorts occ and keeps the first limit, and any after them due at
// the same instant as the last one kept.
func oldest(occ []Occurrence, limit int) []Occurrence {
	slices.SortFunc(occ, func(a, b Occurrence) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return a.Clock - b.Clock
	})
	n := min(limit, len(occ))
	for n > 0 && n < len(occ) && occ[n].At.Equal(occ[n-1].At) {
		n++
	}
	return occ[:n]
}

// RuleRef names one org's reminder rule.
type RuleRef struct {
	OrgID int64
	Key   string
}

// RuleState is a rule as the scheduler decides it: the org it belongs to,
// the rule, up to when its occurrences have been decided, and how late an
// occurrence may still be sent.
type RuleState struct {
	Org          core.Org
	Rule         Rule
	CheckedUntil time.Time
	LateAfter    time.Duration
}
