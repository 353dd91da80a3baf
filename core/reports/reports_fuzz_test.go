package reports_test

import (
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reports"
)

// Run it for a while with:
//
//	go test -run XXX -fuzz FuzzParsePeriod -fuzztime 25s ./core/reports/

// FuzzParsePeriod checks every period ParsePeriod reads, on any day: both
// ends are real dates, From ≤ To, it spans at most a year (366 days), it
// reads back the same written as "FROM..TO" and "FROM到TO", and a refusal
// is an EInvalid error with the catalogue key and the period to show.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{
		"", "month", "this month", "本月", "这个月", "last month", "上月", "上个月", "week", "This Week", "本周", "这周",
		"last week", "上周", "2026-11", "2026-11-01..2026-11-15", "2026-11-01 2026-11-15", "2026-11-01到2026-11-15",
		"2026-11-01~2026-11-15", " 2026-11-01 .. 2026-11-15 ", "2026-11-15..2026-11-01", "2024-01-01..2024-12-31",
		"2024-01-01..2025-01-01", "2026-01-01..2027-01-02", "0000-01", "0000-01-01..0000-01-02", "2026-13", "2026-02-30..2026-03-01",
		"昨天", "next month", "2026/11",
	} {
		f.Add(s, int64(1795000000))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		today := core.DateOf(time.Unix(1_000_000_000+(unix%3_000_000_000+3_000_000_000)%3_000_000_000, 0).UTC()) // 2001–2096
		p, err := reports.ParsePeriod(s, today)
		if err != nil {
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || e.Key != "report.bad_period" || e.Args["period"] == "" && s != "" {
				t.Fatalf("%q: %v is not report.bad_period", s, err)
			}
			return
		}
		if !p.From.Valid() || !p.To.Valid() || p.To.Before(p.From) || p.From.DaysUntil(p.To)+1 > 366 {
			t.Fatalf("%q on %s: bad period %+v", s, today, p)
		}
		for _, typed := range []string{p.From.String() + ".." + p.To.String(), p.From.String() + "到" + p.To.String()} {
			back, err := reports.ParsePeriod(typed, today)
			if err != nil || back != p {
				t.Fatalf("%q: %+v written as %q reads back as %+v, %v", s, p, typed, back, err)
			}
		}
	})
}
