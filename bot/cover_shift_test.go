package bot

import (
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// testShifts are the example shop's shifts.
var testShifts = []attendance.Shift{
	{Key: "cs-morning", Name: "客服早班 CS morning", Start: 9 * 60, End: 18 * 60, Job: "customer-service"},
	{Key: "cs-evening", Name: "客服晚班 CS evening", Start: 14 * 60, End: 23 * 60, Job: "customer-service"},
	{Key: "ops-night", Name: "仓库夜班 Night shift", Start: 22 * 60, End: 6 * 60, Job: "ops"},
}

// shiftsOf is a reading of shifts that gives these.
func shiftsOf(shifts []attendance.Shift) func() ([]attendance.Shift, error) {
	return func() ([]attendance.Shift, error) { return shifts, nil }
}

// A request for cover that names a shift instead of its hours takes the
// shift's hours and job: "明天晚班缺一个人，帮我找人顶一下" answered "write it as
// start-end".
func TestCoverForANamedShift(t *testing.T) {
	t.Parallel()
	b := parseOnlyBot()
	jobs := core.Jobs{{Key: "customer-service", Names: map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "customer service"}}, {Key: "ops"}}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	tu := &turn{member: &core.Member{Org: core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai"}}, locale: core.LocaleZH,
		now: time.Date(2026, 12, 3, 10, 0, 0, 0, shanghai)}
	for _, tt := range []struct {
		text, job, from, to string
	}{
		{"明天晚班缺一个人，帮我找人顶一下", "customer-service", "12-04 14:00", "12-04 23:00"},
		{"找人顶 周六 仓库夜班", "ops", "12-05 22:00", "12-06 06:00"},
		{"need someone for the evening shift tomorrow", "customer-service", "12-04 14:00", "12-04 23:00"},
		{"客服 明天 早班 2人", "customer-service", "12-04 09:00", "12-04 18:00"},
		{"cover cs-morning friday", "customer-service", "12-04 09:00", "12-04 18:00"},
		{"明天晚班 10:00-12:00", "customer-service", "12-04 10:00", "12-04 12:00"}, // hours said win
	} {
		in, err := b.parseCover(tu, tt.text, jobs, shiftsOf(testShifts))
		if err != nil {
			t.Errorf("%s: %v", tt.text, err)
			continue
		}
		if in.Job != tt.job || in.Start.Format("01-02 15:04") != tt.from || in.End.Format("01-02 15:04") != tt.to {
			t.Errorf("%s: %s %s–%s, want %s %s–%s", tt.text, in.Job, in.Start.Format("01-02 15:04"), in.End.Format("01-02 15:04"), tt.job, tt.from, tt.to)
		}
	}
	// No shift named, or a kind two shifts share: the hours are asked for.
	for _, text := range []string{"明天缺一个人", "ops 明天 班"} {
		if _, err := b.parseCover(tu, text, jobs, shiftsOf(append(testShifts, attendance.Shift{Key: "ops-day", Name: "仓库白班", Start: 8 * 60, End: 17 * 60, Job: "ops"}))); err == nil {
			t.Errorf("%s: no error, want the hours asked for", text)
		} else if e, _ := core.AsError(err); e.Key != "cover.bad_hours" && e.Key != "cover.usage" {
			t.Errorf("%s: %v", text, err)
		}
	}
}
