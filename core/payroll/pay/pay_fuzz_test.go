package pay_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Run it for a while with:
//
//	go test -run XXX -fuzz FuzzCompute -fuzztime 25s ./core/payroll/pay/

// lineOrder is the order Compute documents for a payslip's lines.
var lineOrder = []string{
	pay.CodeBase, pay.CodeProrate, pay.CodeAllowance, pay.CodeOvertimeWorkday, pay.CodeOvertimeRestDay,
	pay.CodeOvertimeHoliday, pay.CodeCover, pay.CodeAdjustment, pay.CodeAbsence, pay.CodeUnpaidLeave,
	pay.CodeLate, pay.CodePension, pay.CodeMedical, pay.CodeUnemployment, pay.CodeHousingFund, pay.CodeIIT,
}

// money turns fuzzed cents into yuan.
func money(cents uint32) decimal.Decimal { return decimal.New(int64(cents), -2) }

// rate turns fuzzed basis points into a fraction; above 10000 it is over 100%.
func rate(bp uint16) decimal.Decimal { return decimal.New(int64(bp), -4) }

// FuzzCompute runs Compute on random non-negative figures and checks it
// never panics, refuses exactly what its doc comment says it refuses (with
// an EInvalid error), and otherwise writes a payslip whose lines are in the
// documented order and rounded to the cent, whose Net is the sum of its
// lines and equals Gross − Social − tax + untaxed adjustments, whose Gross
// is never negative, whose tax is never negative, and whose year to date
// moves on by exactly this month.
func FuzzCompute(f *testing.F) {
	// A 10000-a-month clerk in November; an hourly picker; a mid-month
	// hire with overtime, cover, absence and a bonus; figures past the limits.
	f.Add(false, uint32(1000000), uint32(0), uint32(50000), uint16(3000), uint32(1000000), uint16(800), uint16(200), uint16(50), uint16(1200),
		uint32(200000), uint8(21), uint8(21), uint16(0), uint16(0), uint16(0), uint8(0), uint16(0), uint16(0), uint16(0), uint16(0),
		uint32(0), false, uint8(10), uint32(10000000), uint8(11), uint8(0), uint16(0), uint32(0), uint8(0), false)
	f.Add(true, uint32(0), uint32(2500), uint32(0), uint16(3500), uint32(450000), uint16(800), uint16(200), uint16(50), uint16(500),
		uint32(0), uint8(22), uint8(22), uint16(0), uint16(0), uint16(16800), uint8(3), uint16(120), uint16(480), uint16(0), uint16(240),
		uint32(0), false, uint8(0), uint32(0), uint8(1), uint8(1), uint16(0), uint32(5000), uint8(1), true)
	f.Add(false, uint32(3000000), uint32(0), uint32(80000), uint16(5000), uint32(2500000), uint16(800), uint16(200), uint16(50), uint16(1200),
		uint32(400000), uint8(21), uint8(9), uint16(3), uint16(12), uint16(0), uint8(5), uint16(600), uint16(900), uint16(480), uint16(300),
		uint32(2000000), true, uint8(2), uint32(60000000), uint8(3), uint8(2), uint16(1000), uint32(10000), uint8(2), false)
	f.Add(false, uint32(500000), uint32(0), uint32(0), uint16(0), uint32(500000), uint16(10001), uint16(200), uint16(50), uint16(1200),
		uint32(0), uint8(21), uint8(22), uint16(0), uint16(0), uint16(0), uint8(0), uint16(0), uint16(0), uint16(0), uint16(0),
		uint32(0), false, uint8(12), uint32(0), uint8(13), uint8(0), uint16(0), uint32(0), uint8(0), false)
	f.Add(true, uint32(0), uint32(0), uint32(0), uint16(0), uint32(0), uint16(0), uint16(0), uint16(0), uint16(0),
		uint32(0), uint8(0), uint8(0), uint16(0), uint16(0), uint16(0), uint8(0), uint16(0), uint16(0), uint16(0), uint16(0),
		uint32(0), false, uint8(0), uint32(0), uint8(0), uint8(0), uint16(0), uint32(0), uint8(0), false)
	f.Fuzz(func(t *testing.T, hourly bool, salary, hourlyRate, allowance uint32, coverRate uint16, socialBase uint32,
		pension, medical, unemployment, housing uint16, special uint32,
		periodDays, employedDays uint8, absentHalfDays, unpaidQuarterHours, workedQuarterHours uint16, lateCount uint8,
		otWorkday, otRestDay, otHoliday, coverMinutes uint16,
		adjustment uint32, adjustmentTaxable bool, ytdMonths uint8, ytdIncome uint32, monthOfYear uint8,
		taxRule uint8, flatBP uint16, latePenalty uint32, lateFree uint8, restDayAsLeave bool) {
		p := pay.Profile{Kind: pay.Monthly, Salary: money(salary), HourlyRate: money(hourlyRate), CoverRate: money(uint32(coverRate)),
			SocialBase: money(socialBase), PensionRate: rate(pension), MedicalRate: rate(medical), UnemploymentRate: rate(unemployment),
			HousingRate: rate(housing), SpecialAdditional: money(special)}
		if hourly {
			p.Kind = pay.Hourly
		}
		if allowance > 0 {
			p.Allowances = []pay.Allowance{{Name: "餐补 meal", Amount: money(allowance)}}
		}
		r := pay.Rules{LatePenalty: money(latePenalty), LateFree: int(lateFree), RestDayAsLeave: restDayAsLeave}
		switch taxRule % 3 {
		case 1:
			r.Tax = pay.NoTax{}
		case 2:
			r.Tax = pay.Flat{Rate: rate(flatBP % 10001)}
		}
		in := pay.Inputs{
			PeriodWorkdays: int(periodDays % 32), EmployedWorkdays: int(employedDays % 32),
			AbsentDays: decimal.New(int64(absentHalfDays%64), 0).Div(decimal.NewFromInt(2)), AbsentDates: []string{"11-04"},
			UnpaidLeaveHours: decimal.New(int64(unpaidQuarterHours%1000), 0).Div(decimal.NewFromInt(4)),
			WorkedHours:      decimal.New(int64(workedQuarterHours), 0).Div(decimal.NewFromInt(4)),
			LateCount:        int(lateCount), CoverMinutes: int(coverMinutes), MonthOfYear: int(monthOfYear % 14),
			YTD: pay.YearToDate{Months: int(ytdMonths % 14), Income: money(ytdIncome)},
		}
		in.OvertimeMinutes.Workday, in.OvertimeMinutes.RestDay, in.OvertimeMinutes.Holiday = int(otWorkday), int(otRestDay), int(otHoliday)
		untaxed := decimal.Zero
		if adjustment > 0 {
			in.Adjustments = []pay.Adjustment{{Description: "11月漏发加班 missed overtime", Amount: money(adjustment), Taxable: adjustmentTaxable}}
			if !adjustmentTaxable {
				untaxed = money(adjustment)
			}
		}
		over := func(bp uint16) bool { return bp > 10000 }
		invalid := over(pension) || over(medical) || over(unemployment) || over(housing) ||
			hourly && hourlyRate == 0 ||
			in.EmployedWorkdays > in.PeriodWorkdays || in.YTD.Months >= 12 || in.MonthOfYear > 12 ||
			in.MonthOfYear > 0 && in.YTD.Months+1 > in.MonthOfYear

		s, err := pay.Compute(p, r, in)
		if err != nil {
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || !strings.HasPrefix(e.Key, "payroll.") || e.Message == "" {
				t.Fatalf("error %v is not an EInvalid payroll error", err)
			}
			if !invalid {
				t.Fatalf("refused valid figures: %v", err)
			}
			return
		}
		if invalid {
			t.Fatalf("accepted invalid figures: profile %+v inputs %+v", p, in)
		}

		sum, social, contributions := decimal.Zero, decimal.Zero, 0
		last := -1
		for i, l := range s.Lines {
			at := slices.Index(lineOrder, l.Code)
			if at < 0 || at < last {
				t.Fatalf("line %d %q out of order in %v", i, l.Code, codes(s))
			}
			last = at
			if !l.Amount.Equal(l.Amount.Round(2)) {
				t.Fatalf("line %q amount %s is not in cents", l.Code, l.Amount)
			}
			sum = sum.Add(l.Amount)
			switch l.Code {
			case pay.CodePension, pay.CodeMedical, pay.CodeUnemployment, pay.CodeHousingFund:
				social = social.Sub(l.Amount)
				contributions++
			}
		}
		if len(s.Lines) == 0 || s.Lines[0].Code != pay.CodeBase {
			t.Fatalf("payslip does not start with base: %v", codes(s))
		}
		if !s.Net.Equal(sum) {
			t.Fatalf("net %s, lines sum to %s", s.Net, sum)
		}
		if want := s.Gross.Sub(s.Social).Sub(s.Tax.Withhold).Add(untaxed); !s.Net.Equal(want) {
			t.Fatalf("net %s, want gross %s − social %s − tax %s + untaxed %s = %s", s.Net, s.Gross, s.Social, s.Tax.Withhold, untaxed, want)
		}
		if s.Gross.IsNegative() || s.Social.IsNegative() || s.Tax.Withhold.IsNegative() || !s.Social.Equal(social) {
			t.Fatalf("gross %s social %s (lines %s) tax %s", s.Gross, s.Social, social, s.Tax.Withhold)
		}
		if in.PeriodWorkdays > 0 && in.EmployedWorkdays == 0 && contributions > 0 {
			t.Fatalf("contributions taken for a period not employed: %v", codes(s))
		}
		// A month employed on none of its workdays is not a month with
		// this employer (the cumulative basic deduction counts only those).
		month := 1
		if in.PeriodWorkdays > 0 && in.EmployedWorkdays == 0 {
			month = 0
		}
		if s.YTD.Months != in.YTD.Months+month || !s.YTD.Income.Equal(in.YTD.Income.Add(s.Gross)) ||
			!s.YTD.Withheld.Equal(in.YTD.Withheld.Add(s.Tax.Withhold)) || !s.YTD.Deductions.Equal(in.YTD.Deductions.Add(s.Social)) {
			t.Fatalf("year to date %+v after %+v", s.YTD, in.YTD)
		}
	})
}

func codes(s pay.Payslip) []string {
	out := make([]string, len(s.Lines))
	for i, l := range s.Lines {
		out[i] = l.Code
	}
	return out
}
