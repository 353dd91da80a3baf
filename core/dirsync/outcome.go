package dirsync

import (
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// What a part of the daily job came to (Outcome.Directory, .Checkins;
// "" when the part is switched off).
const (
	Applied    = "applied"     // the directory's changes were applied
	Unchanged  = "unchanged"   // the directory had nothing to change
	Problems   = "problems"    // the directory has problems: nothing applied
	Imported   = "imported"    // punches were read (and the new ones imported)
	Failed     = "failed"      // the other system could not be read, or hrbot failed
	NotAllowed = "not_allowed" // the person the job acts as may no longer manage people: nothing done
)

// Outcome is what one run of the daily job did: the notification HR gets
// (core.NotifyDirectorySynced, its Params) and what the console shows as
// the last run.
type Outcome struct {
	Day                 core.Date
	Directory, Checkins string
	// The directory's: people created and changed, teams created,
	// problems that stopped it.
	Created, Changed, Teams, Problems int
	// The punches': imported, and there already.
	Imported, Already int
	// As is the name of the person the job acted (or would have acted) as.
	As string
}

// IsZero reports whether o is no run at all.
func (o Outcome) IsZero() bool { return o.Day.IsZero() }

// failure names what went wrong in o ("" when nothing did), so that the
// same failure on two days in a row is told once.
func (o Outcome) failure() string {
	var f string
	if o.Directory == Problems || o.Directory == Failed || o.Directory == NotAllowed {
		f = o.Directory + "/" + strconv.Itoa(o.Problems)
	}
	if o.Checkins == Failed || o.Checkins == NotAllowed {
		f += "," + o.Checkins
	}
	return f
}

// Tell reports whether o is worth a message to HR after last, the run
// before: the directory changed something, or a part failed in a way it
// did not the run before. Punches imported are the day's routine, told
// only beside one of those: a quiet day sends nothing.
func (o Outcome) Tell(last Outcome) bool {
	if o.Directory == Applied {
		return true
	}
	f := o.failure()
	return f != "" && f != last.failure()
}

// Params is o as a notification's parameters.
func (o Outcome) Params() map[string]string {
	p := map[string]string{"day": o.Day.String(), "as": o.As}
	if o.Directory != "" {
		p["directory"] = o.Directory
		p["created"], p["changed"], p["teams"], p["problems"] =
			strconv.Itoa(o.Created), strconv.Itoa(o.Changed), strconv.Itoa(o.Teams), strconv.Itoa(o.Problems)
	}
	if o.Checkins != "" {
		p["checkins"] = o.Checkins
		p["imported"], p["already"] = strconv.Itoa(o.Imported), strconv.Itoa(o.Already)
	}
	return p
}

// ParseOutcome reads an outcome back from its Params; nil or a malformed
// day gives the zero outcome.
func ParseOutcome(p map[string]string) Outcome {
	day, err := core.ParseDate(p["day"])
	if err != nil {
		return Outcome{}
	}
	n := func(k string) int { v, _ := strconv.Atoi(p[k]); return v }
	return Outcome{Day: day, Directory: p["directory"], Checkins: p["checkins"], Created: n("created"), Changed: n("changed"),
		Teams: n("teams"), Problems: n("problems"), Imported: n("imported"), Already: n("already"), As: p["as"]}
}
