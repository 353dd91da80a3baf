package dirsync_test

import (
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/core/staff"
)

func TestDue(t *testing.T) {
	t.Parallel()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	day := core.NewDate(2026, 3, 2)
	for _, c := range []struct {
		name  string
		now   time.Time
		ranOn core.Date
		today core.Date
		due   bool
	}{
		{"before six", time.Date(2026, 3, 2, 5, 59, 0, 0, sh), day.AddDays(-1), day, false},
		{"at six", time.Date(2026, 3, 2, 6, 0, 0, 0, sh), day.AddDays(-1), day, true},
		{"never ran", time.Date(2026, 3, 2, 14, 0, 0, 0, sh), core.Date{}, day, true},
		{"ran today", time.Date(2026, 3, 2, 23, 0, 0, 0, sh), day, day, false},
		// 22:30 UTC on the 1st is 06:30 on the 2nd in Shanghai.
		{"the org's day, not UTC's", time.Date(2026, 3, 1, 22, 30, 0, 0, time.UTC), day.AddDays(-1), day, true},
	} {
		today, due := dirsync.Due(c.now, sh, c.ranOn)
		if today != c.today || due != c.due {
			t.Errorf("%s: %s, %v; want %s, %v", c.name, today, due, c.today, c.due)
		}
	}
}

func TestCheckinsFrom(t *testing.T) {
	t.Parallel()
	today := core.NewDate(2026, 3, 10)
	for _, c := range []struct {
		through, want core.Date
	}{
		{core.Date{}, today.AddDays(-1)},
		{today.AddDays(-1), today.AddDays(-1)},
		{today, today.AddDays(-1)},
		{today.AddDays(-3), today.AddDays(-3)}, // two days missed
		{today.AddDays(-30), today.AddDays(-7)},
	} {
		if got := dirsync.CheckinsFrom(today, c.through); got != c.want {
			t.Errorf("through %s: from %s, want %s", c.through, got, c.want)
		}
	}
}

// TestOutcomeTell: changes are told, a quiet day is not, and a failure
// is told the first day only.
func TestOutcomeTell(t *testing.T) {
	t.Parallel()
	day := core.NewDate(2026, 3, 2)
	quiet := dirsync.Outcome{Day: day, Directory: dirsync.Unchanged, Checkins: dirsync.Imported, Imported: 40}
	applied := dirsync.Outcome{Day: day, Directory: dirsync.Applied, Changed: 2}
	problems := dirsync.Outcome{Day: day, Directory: dirsync.Problems, Problems: 3}
	gone := dirsync.Outcome{Day: day, Directory: dirsync.NotAllowed, Checkins: dirsync.NotAllowed}
	for _, c := range []struct {
		name       string
		o, last    dirsync.Outcome
		tell, back bool
	}{
		{"quiet day", quiet, dirsync.Outcome{}, false, true},
		{"applied", applied, applied, true, true},
		{"problems, first day", problems, quiet, true, true},
		{"problems again", problems, problems, false, true},
		{"more problems", dirsync.Outcome{Day: day, Directory: dirsync.Problems, Problems: 4}, problems, true, true},
		{"the person left", gone, quiet, true, true},
		{"check-ins failed", dirsync.Outcome{Day: day, Checkins: dirsync.Failed}, quiet, true, true},
	} {
		if got := c.o.Tell(c.last); got != c.tell {
			t.Errorf("%s: tell %v, want %v", c.name, got, c.tell)
		}
		if back := dirsync.ParseOutcome(c.o.Params()); back != c.o {
			t.Errorf("%s: params read back as %+v", c.name, back)
		}
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	a := staff.ImportPreview{Changes: []staff.FieldChange{{Row: 2, Key: "lisi", Field: staff.FieldTeam, Before: "wecom-2", After: "wecom-1"}}, Unchanged: 3}
	b := a
	b.Unchanged = 4 // not a write
	c := staff.ImportPreview{Changes: []staff.FieldChange{{Row: 2, Key: "lisi", Field: staff.FieldTeam, Before: "wecom-2", After: "wecom-3"}}}
	if dirsync.Fingerprint(a) != dirsync.Fingerprint(b) {
		t.Error("previews that write the same differ")
	}
	if dirsync.Fingerprint(a) == dirsync.Fingerprint(c) {
		t.Error("previews that write differently are the same")
	}
}
