// Package cover holds the rules of the cover pool: when a shift is short
// (someone on approved leave, or a peak), who may be offered it, in what
// order, and who is asked in each wave. It is pure: the caller loads the
// request, the people and their busy times and records the offers; nothing
// here reads a clock, a database or the network.
//
// Every rule works on the times it is given. Pass them in the requesting
// org's time zone: the times in reasons (overlap from/to) are shown in the
// zone of Request.Start.
package cover

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
)

// Interval kinds.
const (
	KindShift = "shift" // a planned shift
	KindCover = "cover" // a cover the person already accepted
	KindLeave = "leave" // approved leave
)

// Reason codes. Each names a rule a person fails; the bot turns the code
// and its Params into a translated explanation for the manager.
const (
	ReasonInactive            = "inactive"               // the person has left
	ReasonAbsent              = "absent"                 // the person whose leave opened the request
	ReasonOtherOrg            = "other_org"              // another org, not of the request's group
	ReasonSisterOrgNotAllowed = "sister_org_not_allowed" // same group, but the policy keeps cover in the org
	ReasonNotQualified        = "not_qualified"          // Params: skill, level (needed), has
	ReasonOnLeave             = "on_leave"               // Params: from, to (2006-01-02 15:04: leave may span days)
	ReasonOverlap             = "overlap"                // Params: kind, date (of its start), from, to (15:04)
	ReasonRest                = "rest"                   // Params: kind, minutes (the gap), need
	ReasonCap                 = "cap"                    // Params: cap_hours, week_hours, cover_hours
)

// unratedScore is the rating Rank gives someone never rated: a middling
// score, so newcomers are neither starved nor pushed ahead of good hands.
const unratedScore = 3.0

// Need is a cover need: a job over a time window.
type Need struct {
	ID         int64
	OrgID      int64
	GroupID    int64 // 0 when the org stands alone
	Job        string
	Start, End time.Time
	Needed     int
	// Absent is the person whose leave opened it (0 for a manual request); never a candidate.
	Absent int64
}

// Minutes returns the request's length in minutes.
func (r Need) Minutes() int { return int(r.End.Sub(r.Start) / time.Minute) }

// Interval is a busy time: a planned shift, an accepted cover, or approved leave.
type Interval struct {
	Start, End time.Time
	Kind       string // "shift", "cover", "leave"; any other kind counts as work, like a shift
}

// Person is what the rules need to know about one possible candidate.
type Person struct {
	ID        int64
	OrgID     int64
	GroupID   int64
	Key, Name string
	Job       string // their own job: covering their own job needs no skill
	Active    bool
	Skills    map[string]int // skill → level
	Busy      []Interval     // around the request (a day either side is enough)
	// WeekCoverMinutes is the accepted cover minutes in the ISO week the
	// request starts in (see WeekStart); the whole request counts in that week.
	WeekCoverMinutes   int
	RecentCoverMinutes int     // accepted cover minutes in the 30 days before the request: fairness
	Rating             float64 // average of the last ratings, 0 when never rated
	Ratings            int     // how many ratings Rating averages; 0 = unrated
}

// Reason says why someone is not a candidate, or a note about one who is.
type Reason struct {
	Code   string            // one of the Reason… codes
	Params map[string]string // e.g. {"skill": "customer-service", "level": "2", "has": "1"}, {"from": "09:00", "to": "18:00"}, {"minutes": "600"}, {"cap_hours": "8", "week_hours": "7.5"}
}

// Verdict is one person judged against a request.
type Verdict struct {
	Person   Person
	Eligible bool
	Reasons  []Reason // every reason that applies, not just the first
}

// WeekStart returns Monday 00:00 of the ISO week t falls in, in t's
// location: the start of the week Person.WeekCoverMinutes counts and
// Policy.WeeklyCapMinutes limits. Pass t in the org's time zone.
func WeekStart(t time.Time) time.Time {
	y, m, d := t.Date()
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, m, d-back, 0, 0, 0, 0, t.Location())
}

// Evaluate judges p for req under pol (pol is the requesting org's policy).
// It checks every rule and lists every one p fails, so a manager asking
// "why not Bob?" gets the whole answer; p is eligible when none applies.
// Busy intervals that merely touch the window (end == start) do not
// overlap it, but they still count for rest.
func Evaluate(req Need, p Person, pol Policy) Verdict {
	var rs []Reason
	add := func(code string, params map[string]string) { rs = append(rs, Reason{Code: code, Params: params}) }

	if !p.Active {
		add(ReasonInactive, nil)
	}
	if req.Absent != 0 && p.ID == req.Absent {
		add(ReasonAbsent, nil)
	}
	if p.OrgID != req.OrgID {
		switch {
		case p.GroupID == 0 || p.GroupID != req.GroupID:
			add(ReasonOtherOrg, nil)
		case !pol.SisterOrgs:
			add(ReasonSisterOrgNotAllowed, nil)
		}
	}
	if need := pol.Required(req.Job); need.Skill != "" && p.Job != req.Job && p.Skills[need.Skill] < need.Level {
		add(ReasonNotQualified, map[string]string{
			"skill": need.Skill, "level": strconv.Itoa(need.Level), "has": strconv.Itoa(p.Skills[need.Skill]),
		})
	}

	// Empty or backwards intervals are bad data, not busy time.
	busy := slices.DeleteFunc(slices.Clone(p.Busy), func(iv Interval) bool { return !iv.End.After(iv.Start) })
	slices.SortStableFunc(busy, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	loc := req.Start.Location()
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	stamp := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	for _, iv := range busy {
		if iv.Kind == KindLeave && overlaps(iv, req) {
			add(ReasonOnLeave, map[string]string{"from": stamp(iv.Start), "to": stamp(iv.End)})
		}
	}
	for _, iv := range busy {
		if iv.Kind != KindLeave && overlaps(iv, req) {
			add(ReasonOverlap, map[string]string{"kind": iv.Kind, "date": day(iv.Start), "from": clock(iv.Start), "to": clock(iv.End)})
		}
	}
	rest := time.Duration(pol.RestMinutes) * time.Minute
	for _, iv := range busy {
		if iv.Kind == KindLeave || overlaps(iv, req) {
			continue
		}
		gap := req.Start.Sub(iv.End) // busy before the request
		if iv.End.After(req.Start) {
			gap = iv.Start.Sub(req.End) // busy after it
		}
		if gap < rest {
			add(ReasonRest, map[string]string{
				"kind": iv.Kind, "minutes": strconv.Itoa(int(gap / time.Minute)), "need": strconv.Itoa(pol.RestMinutes),
			})
		}
	}

	if p.WeekCoverMinutes+req.Minutes() > pol.WeeklyCapMinutes {
		add(ReasonCap, map[string]string{
			"cap_hours": hours(pol.WeeklyCapMinutes), "week_hours": hours(p.WeekCoverMinutes), "cover_hours": hours(req.Minutes()),
		})
	}
	return Verdict{Person: p, Eligible: len(rs) == 0, Reasons: rs}
}

// overlaps reports whether iv and the request's window share time; touching
// ends do not count.
func overlaps(iv Interval, req Need) bool {
	return iv.Start.Before(req.End) && req.Start.Before(iv.End)
}

// hours formats minutes as hours with at most two decimals: 450 → "7.5".
func hours(minutes int) string {
	return strconv.FormatFloat(math.Round(float64(minutes)/60*100)/100, 'f', -1, 64)
}

// Rank returns the eligible verdicts best first: same org as the request
// before sister orgs, then least RecentCoverMinutes (fairness: cover goes
// round rather than to the same willing few), then higher Rating (unrated
// counts as 3.0, so newcomers are not starved), then Key. Ineligible ones
// are dropped. vs is not changed.
func Rank(req Need, vs []Verdict) []Verdict {
	var out []Verdict
	for _, v := range vs {
		if v.Eligible {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b Verdict) int {
		pa, pb := a.Person, b.Person
		return cmp.Or(
			compareBool(pa.OrgID == req.OrgID, pb.OrgID == req.OrgID),
			cmp.Compare(pa.RecentCoverMinutes, pb.RecentCoverMinutes),
			cmp.Compare(score(pb), score(pa)),
			cmp.Compare(pa.Key, pb.Key),
			cmp.Compare(pa.ID, pb.ID),
		)
	})
	return out
}

// compareBool orders true before false.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

func score(p Person) float64 {
	if p.Ratings == 0 {
		return unratedScore
	}
	return p.Rating
}

// NextWave picks who to offer next: up to pol.WaveSize (all when 0) of
// ranked, in order, skipping ids already offered. An empty result means
// everyone eligible has been asked.
func NextWave(ranked []Verdict, offered map[int64]bool, pol Policy) []Verdict {
	var out []Verdict
	for _, v := range ranked {
		if pol.WaveSize > 0 && len(out) == pol.WaveSize {
			break
		}
		if !offered[v.Person.ID] {
			out = append(out, v)
		}
	}
	return out
}

// EscalateAt is when the requester is told that a request starting at
// start and ending at end is still not taken, when its first offers went
// out at asked (or it was opened then, if nobody could be asked).
//
// It is EscalateMinutes before the start — but never before the people
// asked had a fair chance to answer: WaveMinutes after they were asked,
// and at most half the time they had before the cover starts (or, for a
// cover already under way, before it ends). So a request two days ahead
// escalates two hours before it starts, while one made 40 minutes ahead
// escalates after 20 minutes instead of at once, and one made 10 minutes
// ahead after 5.
func EscalateAt(start, end, asked time.Time, pol Policy) time.Time {
	at := start.Add(-time.Duration(pol.EscalateMinutes) * time.Minute)
	deadline := start
	if !start.After(asked) {
		deadline = end
	}
	answer := min(time.Duration(pol.WaveMinutes)*time.Minute, deadline.Sub(asked)/2)
	if fair := asked.Add(max(answer, 0)); fair.After(at) {
		at = fair
	}
	return at
}
