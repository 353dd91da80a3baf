package orgfile_test

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core/orgfile"
)

func TestParseCorrectionsPerMonth(t *testing.T) {
	const org = "orgs:\n  - key: a\n    name: A\n"
	for _, c := range []struct {
		name, attendance string
		want             int
		problem          string
	}{
		{"DefaultUnlimited", "", 0, ""},
		{"Three", "    attendance: {corrections_per_month: 3}\n", 3, ""},
		{"ZeroIsUnlimited", "    attendance: {corrections_per_month: 0}\n", 0, ""},
		{"Negative", "    attendance: {corrections_per_month: -1}\n", 0, "x.yaml:4: orgs[0].attendance.corrections_per_month: must be a whole number from 0 to 100"},
		{"NotANumber", "    attendance: {corrections_per_month: three}\n", 0, "corrections_per_month: must be a whole number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := orgfile.Parse("x.yaml", []byte(org+c.attendance))
			if c.problem != "" {
				if err == nil || !strings.Contains(err.Error(), c.problem) {
					t.Errorf("got %v, want %q", err, c.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Orgs[0].Attendance.CorrectionsPerMonth; got != c.want {
				t.Errorf("corrections_per_month %d, want %d", got, c.want)
			}
		})
	}
}
