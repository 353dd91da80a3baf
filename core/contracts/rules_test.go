package contracts_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

func d(s string) core.Date {
	v, err := core.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestPeriodEnd(t *testing.T) {
	t.Parallel()
	cases := []struct {
		start  string
		months int
		want   string
	}{
		{"2026-01-01", 1, "2026-01-31"},
		{"2026-01-01", 3, "2026-03-31"},
		{"2026-01-01", 36, "2028-12-31"},
		{"2026-01-15", 1, "2026-02-14"},
		{"2026-01-31", 1, "2026-02-28"}, // no 31 February: the month's last day
		{"2028-01-30", 1, "2028-02-29"}, // leap year
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-11-20", 2, "2027-01-19"},
	}
	for _, c := range cases {
		if got := contracts.PeriodEnd(d(c.start), c.months); got != d(c.want) {
			t.Errorf("PeriodEnd(%s, %d) = %s, want %s", c.start, c.months, got, c.want)
		}
	}
}

// TestProbationRules is Labour Contract Law art. 19 and 70, rule by rule:
// each case is a contract with a probation, allowed ("") or refused with
// the error key.
func TestProbationRules(t *testing.T) {
	t.Parallel()
	today := d("2026-06-01")
	cases := []struct {
		name                  string
		kind                  contracts.Kind
		start, end, probation string
		key                   string
		wantMonths            string // the maximum an error names
		wantLatest            string
	}{
		// Term under 3 months: none.
		{"Under3MonthsNone", contracts.FixedTerm, "2026-01-01", "2026-03-30", "2026-01-10", "contract.probation_short_term", "", ""},
		// 3 months to under a year: at most one month.
		{"Exactly3MonthsOneMonth", contracts.FixedTerm, "2026-01-01", "2026-03-31", "2026-01-31", "", "", ""},
		{"3To12MonthsTooLong", contracts.FixedTerm, "2026-01-01", "2026-12-30", "2026-02-01", "contract.probation_too_long", "1", "2026-01-31"},
		// A year to under three: at most two months.
		{"Exactly1YearTwoMonths", contracts.FixedTerm, "2026-01-01", "2026-12-31", "2026-02-28", "", "", ""},
		{"1To3YearsTooLong", contracts.FixedTerm, "2026-01-01", "2028-12-30", "2026-03-01", "contract.probation_too_long", "2", "2026-02-28"},
		// Three years or more: at most six months.
		{"Exactly3YearsSixMonths", contracts.FixedTerm, "2026-01-01", "2028-12-31", "2026-06-30", "", "", ""},
		{"3YearsTooLong", contracts.FixedTerm, "2026-01-01", "2029-12-31", "2026-07-01", "contract.probation_too_long", "6", "2026-06-30"},
		// Open-ended: at most six months.
		{"OpenEndedSixMonths", contracts.OpenEnded, "2026-01-01", "", "2026-06-30", "", "", ""},
		{"OpenEndedTooLong", contracts.OpenEnded, "2026-01-01", "", "2026-07-01", "contract.probation_too_long", "6", "2026-06-30"},
		// Task-based, part-time: none at all.
		{"TaskNone", contracts.Task, "2026-01-01", "2027-01-01", "2026-01-31", "contract.probation_task", "", ""},
		{"PartTimeNone", contracts.PartTime, "2026-01-01", "", "2026-01-15", "contract.probation_part_time", "", ""},
		// Not labour contracts: none either.
		{"InternshipNone", contracts.Internship, "2026-01-01", "2026-06-30", "2026-01-15", "contract.probation_not_labour", "", ""},
		{"LabourServiceNone", contracts.LabourService, "2026-01-01", "", "2026-01-15", "contract.probation_not_labour", "", ""},
		// The probation lies within the contract.
		{"ProbationBeforeStart", contracts.FixedTerm, "2026-01-01", "2028-12-31", "2025-12-31", "contract.probation_before_start", "", ""},
		{"ProbationAfterEnd", contracts.FixedTerm, "2026-01-01", "2026-03-31", "2026-04-30", "contract.probation_after_end", "", ""},
		// No probation is always fine.
		{"NoProbationTask", contracts.Task, "2026-01-01", "", "", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			terms := contracts.Terms{Kind: c.kind, Start: d(c.start)}
			if c.end != "" {
				terms.End = d(c.end)
			}
			if c.probation != "" {
				terms.ProbationEnd = d(c.probation)
			}
			err := contracts.Check(terms, nil, today)
			if c.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || e.Key != c.key {
				t.Fatalf("got %v, want %s", err, c.key)
			}
			if c.wantMonths != "" && (e.Args["months"] != c.wantMonths || e.Args["latest"] != c.wantLatest || e.Args["term"] == "") {
				t.Errorf("args %v, want months %s latest %s and a term", e.Args, c.wantMonths, c.wantLatest)
			}
		})
	}
}

func TestOneProbationPerEmployer(t *testing.T) {
	t.Parallel()
	first := contracts.Contract{ID: 1, Terms: contracts.Terms{Kind: contracts.FixedTerm, Start: d("2023-01-01"), End: d("2025-12-31"),
		ProbationEnd: d("2023-02-28")}}
	second := contracts.Terms{Kind: contracts.FixedTerm, Start: d("2026-01-01"), End: d("2028-12-31"), ProbationEnd: d("2026-03-31")}
	err := contracts.Check(second, []contracts.Contract{first}, d("2026-01-01"))
	if e, ok := core.AsError(err); !ok || e.Key != "contract.probation_twice" || e.Args["start"] != "2023-01-01" {
		t.Fatalf("second probation: %v", err)
	}
	second.ProbationEnd = core.Date{}
	if err := contracts.Check(second, []contracts.Contract{first}, d("2026-01-01")); err != nil {
		t.Fatalf("second contract without probation refused: %v", err)
	}
}

func TestCheckDates(t *testing.T) {
	t.Parallel()
	today := d("2026-06-01")
	earlier := contracts.Contract{ID: 1, Terms: contracts.Terms{Kind: contracts.FixedTerm, Start: d("2025-01-01"), End: d("2026-06-30")}}
	open := contracts.Contract{ID: 2, Terms: contracts.Terms{Kind: contracts.OpenEnded, Start: d("2020-01-01")}}
	cases := []struct {
		name   string
		terms  contracts.Terms
		others []contracts.Contract
		key    string
	}{
		{"EndBeforeStart", contracts.Terms{Kind: contracts.FixedTerm, Start: d("2026-01-01"), End: d("2025-12-31")}, nil, "contract.end_before_start"},
		{"FixedTermNeedsEnd", contracts.Terms{Kind: contracts.FixedTerm, Start: d("2026-01-01")}, nil, "contract.end_required"},
		{"OpenEndedHasNoEnd", contracts.Terms{Kind: contracts.OpenEnded, Start: d("2026-01-01"), End: d("2027-01-01")}, nil, "contract.end_open_ended"},
		{"NoStart", contracts.Terms{Kind: contracts.OpenEnded}, nil, "contract.start_required"},
		{"BadKind", contracts.Terms{Kind: "forever", Start: d("2026-01-01")}, nil, "contract.bad_kind"},
		{"SignedInFuture", contracts.Terms{Kind: contracts.OpenEnded, Start: d("2026-07-01"), Signed: d("2026-06-02")}, nil, "contract.signed_future"},
		{"Overlap", contracts.Terms{Kind: contracts.FixedTerm, Start: d("2026-06-01"), End: d("2027-05-31")}, []contracts.Contract{earlier}, "contract.overlap"},
		{"SameStart", contracts.Terms{Kind: contracts.OpenEnded, Start: d("2020-01-01")}, []contracts.Contract{open}, "contract.overlap"},
		{"Follows", contracts.Terms{Kind: contracts.FixedTerm, Start: d("2026-07-01"), End: d("2029-06-30")}, []contracts.Contract{earlier}, ""},
		// A contract without an end runs until the next one starts.
		{"FollowsOpenEnded", contracts.Terms{Kind: contracts.FixedTerm, Start: d("2026-07-01"), End: d("2029-06-30")}, []contracts.Contract{open}, ""},
		{"SignedToday", contracts.Terms{Kind: contracts.OpenEnded, Start: d("2026-07-01"), Signed: today}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := contracts.Check(c.terms, c.others, today)
			if c.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if e, ok := core.AsError(err); !ok || e.Key != c.key {
				t.Fatalf("got %v, want %s", err, c.key)
			}
		})
	}
}

func TestRenewals(t *testing.T) {
	t.Parallel()
	ft := func(id int64, start, end string) contracts.Contract {
		return contracts.Contract{ID: id, Terms: contracts.Terms{Kind: contracts.FixedTerm, Start: d(start), End: d(end)}}
	}
	intern := contracts.Contract{ID: 1, Terms: contracts.Terms{Kind: contracts.Internship, Start: d("2019-01-01"), End: d("2019-06-30")}}
	a, b := ft(2, "2020-01-01", "2022-12-31"), ft(3, "2023-01-01", "2025-12-31")
	history := []contracts.Contract{b, intern, a}
	if r := contracts.RenewalsOf(history, a, core.Date{}); r.Consecutive != 1 || r.Entitled(a) {
		t.Errorf("first fixed term: %+v entitled %v", r, r.Entitled(a))
	}
	if r := contracts.RenewalsOf(history, b, core.Date{}); r.Consecutive != 2 || !r.Entitled(b) {
		t.Errorf("second fixed term: %+v entitled %v", r, r.Entitled(b))
	}
	// Ten years of service by the end of the term entitles too.
	r := contracts.RenewalsOf(history, a, d("2012-06-01"))
	if r.TenYears != d("2022-06-01") || !r.Entitled(a) {
		t.Errorf("ten years: %+v entitled %v", r, r.Entitled(a))
	}
}

func TestMaxProbationNamesTheTerm(t *testing.T) {
	t.Parallel()
	p := contracts.MaxProbation(contracts.Terms{Kind: contracts.FixedTerm, Start: d("2026-01-01"), End: d("2027-06-30")})
	if p.Months != 2 || p.Latest != d("2026-02-28") || p.Term != contracts.Term1To3Years {
		t.Errorf("%+v", p)
	}
}
