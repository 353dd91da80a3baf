package pay_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// clerk is a customer-service clerk on 10000 a month, contributions on a
// base of 10000 at the default rates: pension 800, medical 200,
// unemployment 50, housing fund 1200, 2250 in all. Daily rate 10000 / 21.75
// = 459.7701…, hourly rate 10000 / 174 = 57.4712….
func clerk() pay.Profile {
	pension, medical, unemployment, housing := pay.DefaultRates()
	return pay.Profile{Kind: pay.Monthly, Salary: d("10000"), SocialBase: d("10000"),
		PensionRate: pension, MedicalRate: medical, UnemploymentRate: unemployment, HousingRate: housing}
}

// november is a full month of November 2026: 21 workdays.
func november() pay.Inputs {
	return pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11}
}

type wantLine struct {
	code, amount string
	params       map[string]string // the params checked; others may be present
}

func line(code, amount string, kv ...string) wantLine {
	l := wantLine{code: code, amount: amount, params: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		l.params[kv[i]] = kv[i+1]
	}
	return l
}

// social are the contribution lines of clerk.
var social = []wantLine{
	line("pension", "-800.00", "base", "10000.00", "rate", "0.08"),
	line("medical", "-200.00", "base", "10000.00", "rate", "0.02"),
	line("unemployment", "-50.00", "base", "10000.00", "rate", "0.005"),
	line("housing_fund", "-1200.00", "base", "10000.00", "rate", "0.12"),
}

func lines(groups ...[]wantLine) []wantLine {
	var out []wantLine
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func iit(amount, taxable, rate, cumTax string) wantLine {
	return line("iit", amount, "taxable", taxable, "rate", rate, "cum_tax", cumTax, "withheld", "0.00", "rule", "cn_cumulative")
}

func TestCompute(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		profile func(p *pay.Profile)
		rules   func(r *pay.Rules)
		inputs  func(in *pay.Inputs)
		want    []wantLine
		gross   string
		social  string
		net     string
	}{
		{
			// 10000 + 300 meal; taxable 10300 − 5000 − 2250 = 3050 × 3% = 91.50.
			name:    "FullMonth",
			profile: func(p *pay.Profile) { p.Allowances = []pay.Allowance{{Name: "meal", Amount: d("300")}} },
			want: lines([]wantLine{line("base", "10000.00", "salary", "10000.00"), line("allowance", "300.00", "name", "meal")},
				social, []wantLine{iit("-91.50", "3050.00", "0.03", "91.50")}),
			gross: "10300.00", social: "2250.00", net: "7958.50",
		},
		{
			// Joins on Monday 16 November: 11 of 21 workdays. Prorate
			// −10000 × 10/21 = −4761.904… → −4761.90; meal 300 × 11/21 =
			// 157.142… → 157.14. Contributions are whole; 5395.24 − 5000 −
			// 2250 < 0, no tax.
			name:    "MidMonthHire",
			profile: func(p *pay.Profile) { p.Allowances = []pay.Allowance{{Name: "meal", Amount: d("300")}} },
			inputs:  func(in *pay.Inputs) { in.EmployedWorkdays = 11 },
			want: lines([]wantLine{
				line("base", "10000.00"),
				line("prorate", "-4761.90", "employed", "11", "workdays", "21", "salary", "10000.00"),
				line("allowance", "157.14", "name", "meal", "full", "300.00", "employed", "11", "workdays", "21"),
			}, social),
			gross: "5395.24", social: "2250.00", net: "3145.24",
		},
		{
			// 4 h × 10000 / 174 = 229.885… → 229.89 (4 × the shown 57.47 is
			// 229.88: the line uses the exact rate). 2520.11 × 3% = 75.6033.
			name: "UnpaidLeave",
			inputs: func(in *pay.Inputs) {
				in.UnpaidLeaveHours, in.UnpaidLeaveDates = d("4"), []string{"11-04"}
			},
			want: lines([]wantLine{line("base", "10000.00"), line("unpaid_leave", "-229.89", "hours", "4", "hourly", "57.47", "dates", "11-04")},
				social, []wantLine{iit("-75.60", "2520.11", "0.03", "75.60")}),
			gross: "9770.11", social: "2250.00", net: "7444.51",
		},
		{
			// 2 days × 10000 / 21.75 = 919.540… → 919.54; 1830.46 × 3% = 54.9138.
			name: "Absence",
			inputs: func(in *pay.Inputs) {
				in.AbsentDays, in.AbsentDates = d("2"), []string{"11-04", "11-05"}
			},
			want: lines([]wantLine{line("base", "10000.00"), line("absence", "-919.54", "days", "2", "daily", "459.77", "dates", "11-04, 11-05")},
				social, []wantLine{iit("-54.91", "1830.46", "0.03", "54.91")}),
			gross: "9080.46", social: "2250.00", net: "6775.55",
		},
		{
			// Half a day: 5000 / 21.75 = 229.885… → 229.89.
			name:   "AbsenceHalfDay",
			inputs: func(in *pay.Inputs) { in.AbsentDays = d("0.5") },
			want: lines([]wantLine{line("base", "10000.00"), line("absence", "-229.89", "days", "0.5", "dates", "")},
				social, []wantLine{iit("-75.60", "2520.11", "0.03", "75.60")}),
			gross: "9770.11", social: "2250.00", net: "7444.51",
		},
		{
			// 5 late arrivals, 2 free, 50 each: −150. 2600 × 3% = 78.
			name:   "Late",
			rules:  func(r *pay.Rules) { r.LatePenalty, r.LateFree = d("50"), 2 },
			inputs: func(in *pay.Inputs) { in.LateCount = 5 },
			want: lines([]wantLine{line("base", "10000.00"), line("late", "-150.00", "count", "5", "free", "2", "charged", "3", "penalty", "50.00")},
				social, []wantLine{iit("-78.00", "2600.00", "0.03", "78.00")}),
			gross: "9850.00", social: "2250.00", net: "7522.00",
		},
		{
			name:   "LateWithinFree",
			rules:  func(r *pay.Rules) { r.LatePenalty, r.LateFree = d("50"), 2 },
			inputs: func(in *pay.Inputs) { in.LateCount = 2 },
			want:   lines([]wantLine{line("base", "10000.00")}, social, []wantLine{iit("-82.50", "2750.00", "0.03", "82.50")}),
			gross:  "10000.00", social: "2250.00", net: "7667.50",
		},
		{
			name:   "LateWithoutPenalty",
			inputs: func(in *pay.Inputs) { in.LateCount = 9 },
			want:   lines([]wantLine{line("base", "10000.00")}, social, []wantLine{iit("-82.50", "2750.00", "0.03", "82.50")}),
			gross:  "10000.00", social: "2250.00", net: "7667.50",
		},
		{
			// 8 h on a public holiday at 300%: 480 × 10000 × 3 / (60 × 174)
			// = 1379.310… → 1379.31. 4129.31 × 3% = 123.8793.
			name:   "HolidayOvertime",
			inputs: func(in *pay.Inputs) { in.OvertimeMinutes.Holiday = 480 },
			want: lines([]wantLine{line("base", "10000.00"),
				line("overtime_holiday", "1379.31", "hours", "8", "hourly", "57.47", "multiplier", "3")},
				social, []wantLine{iit("-123.88", "4129.31", "0.03", "123.88")}),
			gross: "11379.31", social: "2250.00", net: "9005.43",
		},
		{
			// 4 h on a rest day at 200%: 240 × 10000 × 2 / 10440 = 459.770… → 459.77.
			name:   "RestDayOvertimePaid",
			inputs: func(in *pay.Inputs) { in.OvertimeMinutes.RestDay = 240 },
			want: lines([]wantLine{line("base", "10000.00"),
				line("overtime_rest_day", "459.77", "hours", "4", "hourly", "57.47", "multiplier", "2")},
				social, []wantLine{iit("-96.29", "3209.77", "0.03", "96.29")}),
			gross: "10459.77", social: "2250.00", net: "8113.48",
		},
		{
			// The same 4 h taken as time off in lieu: a zero line explains them.
			name:   "RestDayOvertimeAsLeave",
			rules:  func(r *pay.Rules) { r.RestDayAsLeave = true },
			inputs: func(in *pay.Inputs) { in.OvertimeMinutes.RestDay = 240 },
			want: lines([]wantLine{line("base", "10000.00"), line("overtime_rest_day", "0.00", "hours", "4", "as_leave", "true")},
				social, []wantLine{iit("-82.50", "2750.00", "0.03", "82.50")}),
			gross: "10000.00", social: "2250.00", net: "7667.50",
		},
		{
			// All three kinds, in order: workday 90 min × 1.5 = 1350000 /
			// 10440 = 129.310… → 129.31; rest 459.77; holiday 1379.31.
			// 4718.39 × 3% = 141.5517.
			name: "OvertimeOrder",
			inputs: func(in *pay.Inputs) {
				in.OvertimeMinutes.Workday, in.OvertimeMinutes.RestDay, in.OvertimeMinutes.Holiday = 90, 240, 480
			},
			want: lines([]wantLine{line("base", "10000.00"),
				line("overtime_workday", "129.31", "hours", "1.5", "multiplier", "1.5"),
				line("overtime_rest_day", "459.77"), line("overtime_holiday", "1379.31")},
				social, []wantLine{iit("-141.55", "4718.39", "0.03", "141.55")}),
			gross: "11968.39", social: "2250.00", net: "9576.84",
		},
		{
			// 2.5 h of cover at 20 an hour.
			name:    "Cover",
			profile: func(p *pay.Profile) { p.CoverRate = d("20") },
			inputs:  func(in *pay.Inputs) { in.CoverMinutes = 150 },
			want: lines([]wantLine{line("base", "10000.00"), line("cover", "50.00", "hours", "2.5", "rate", "20.00")},
				social, []wantLine{iit("-84.00", "2800.00", "0.03", "84.00")}),
			gross: "10050.00", social: "2250.00", net: "7716.00",
		},
		{
			// 120.5 h × 25 = 3012.50; 2 h overtime × 25 × 1.5 = 75. Absence
			// is ignored for hourly workers; no contributions on a zero base.
			name: "Hourly",
			profile: func(p *pay.Profile) {
				p.Kind, p.Salary, p.HourlyRate, p.SocialBase = pay.Hourly, decimal.Zero, d("25"), decimal.Zero
			},
			inputs: func(in *pay.Inputs) {
				in.WorkedHours, in.OvertimeMinutes.Workday, in.AbsentDays = d("120.5"), 120, d("1")
			},
			want: []wantLine{line("base", "3012.50", "hours", "120.5", "rate", "25.00"),
				line("overtime_workday", "75.00", "hours", "2", "hourly", "25.00", "multiplier", "1.5")},
			gross: "3087.50", social: "0.00", net: "3087.50",
		},
		{
			// A taxable bonus is wage income; a reimbursement only reaches Net.
			// 3750 × 3% = 112.50.
			name: "Adjustments",
			inputs: func(in *pay.Inputs) {
				in.Adjustments = []pay.Adjustment{
					{Description: "October sales bonus", Amount: d("1000"), Taxable: true},
					{Description: "courier fees", Amount: d("200")},
					{Description: "nothing", Amount: decimal.Zero, Taxable: true},
				}
			},
			want: lines([]wantLine{line("base", "10000.00"),
				line("adjustment", "1000.00", "description", "October sales bonus", "taxable", "true"),
				line("adjustment", "200.00", "description", "courier fees", "taxable", "false")},
				social, []wantLine{iit("-112.50", "3750.00", "0.03", "112.50")}),
			gross: "11000.00", social: "2250.00", net: "8837.50",
		},
		{
			// 21 days absent = 9655.17 of 10300; 16 h of leave (919.54) is
			// capped at the 644.83 left; the late penalty finds nothing left.
			// Contributions are still due: Net is negative.
			name:    "GrossCap",
			profile: func(p *pay.Profile) { p.Allowances = []pay.Allowance{{Name: "meal", Amount: d("300")}} },
			rules:   func(r *pay.Rules) { r.LatePenalty = d("50") },
			inputs: func(in *pay.Inputs) {
				in.AbsentDays, in.UnpaidLeaveHours, in.LateCount = d("21"), d("16"), 3
			},
			want: lines([]wantLine{line("base", "10000.00"), line("allowance", "300.00"),
				line("absence", "-9655.17", "days", "21"),
				line("unpaid_leave", "-644.83", "capped", "true", "full", "919.54")}, social),
			gross: "0.00", social: "2250.00", net: "-2250.00",
		},
		{
			// 25 days absent: 11494.25 capped at the 10000 earned.
			name:   "GrossCapFirst",
			inputs: func(in *pay.Inputs) { in.AbsentDays = d("25") },
			want: lines([]wantLine{line("base", "10000.00"),
				line("absence", "-10000.00", "capped", "true", "full", "11494.25")}, social),
			gross: "0.00", social: "2250.00", net: "-2250.00",
		},
		{
			// Employed on none of the workdays (a leaver paid an adjustment):
			// no salary, no contributions.
			name: "EmployedNone",
			inputs: func(in *pay.Inputs) {
				in.EmployedWorkdays = 0
				in.Adjustments = []pay.Adjustment{{Description: "expenses", Amount: d("88.80")}}
			},
			want: []wantLine{line("base", "10000.00"), line("prorate", "-10000.00", "employed", "0"),
				line("adjustment", "88.80")},
			gross: "0.00", social: "0.00", net: "88.80",
		},
		{
			// Housing fund on its own base: 5000 × 12% = 600; social 1650.
			// 3350 × 3% = 100.50.
			name:    "HousingBase",
			profile: func(p *pay.Profile) { p.HousingBase = d("5000") },
			want: lines([]wantLine{line("base", "10000.00")}, social[:3],
				[]wantLine{line("housing_fund", "-600.00", "base", "5000.00", "rate", "0.12"), iit("-100.50", "3350.00", "0.03", "100.50")}),
			gross: "10000.00", social: "1650.00", net: "8249.50",
		},
		{
			// Special additional deductions lower the tax: 2750 − 1000 = 1750 × 3% = 52.50.
			name:    "SpecialAdditional",
			profile: func(p *pay.Profile) { p.SpecialAdditional = d("1000") },
			want:    lines([]wantLine{line("base", "10000.00")}, social, []wantLine{iit("-52.50", "1750.00", "0.03", "52.50")}),
			gross:   "10000.00", social: "2250.00", net: "7697.50",
		},
		{
			name:  "FlatTax",
			rules: func(r *pay.Rules) { r.Tax = pay.Flat{Rate: d("0.1")} },
			want: lines([]wantLine{line("base", "10000.00")}, social,
				[]wantLine{line("iit", "-1000.00", "taxable", "10000.00", "rate", "0.1", "rule", "flat")}),
			gross: "10000.00", social: "2250.00", net: "6750.00",
		},
		{
			name:  "NoTax",
			rules: func(r *pay.Rules) { r.Tax = pay.NoTax{} },
			want:  lines([]wantLine{line("base", "10000.00")}, social),
			gross: "10000.00", social: "2250.00", net: "7750.00",
		},
		{
			// Month 3 of the 30000 / 4500 / 2000 example of 公告2018年第61号
			// 解读: contributions of 4500 on a base of 20000, 1180 withheld in
			// January and February; 55500 × 10% − 2520 − 1180 = 1850.
			name: "YearToDate",
			profile: func(p *pay.Profile) {
				p.Salary, p.SocialBase, p.SpecialAdditional = d("30000"), d("20000"), d("2000")
			},
			inputs: func(in *pay.Inputs) {
				in.MonthOfYear = 3
				in.YTD = pay.YearToDate{Months: 2, Income: d("60000"), Deductions: d("9000"), Additional: d("4000"), Withheld: d("1180")}
			},
			want: []wantLine{line("base", "30000.00"), line("pension", "-1600.00"), line("medical", "-400.00"),
				line("unemployment", "-100.00"), line("housing_fund", "-2400.00"),
				line("iit", "-1850.00", "taxable", "55500.00", "rate", "0.1", "quick_deduction", "2520.00",
					"cum_tax", "3030.00", "withheld", "1180.00", "rule", "cn_cumulative")},
			gross: "30000.00", social: "4500.00", net: "23650.00",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, r, in := clerk(), pay.DefaultRules(), november()
			if c.profile != nil {
				c.profile(&p)
			}
			if c.rules != nil {
				c.rules(&r)
			}
			if c.inputs != nil {
				c.inputs(&in)
			}
			s, err := pay.Compute(p, r, in)
			if err != nil {
				t.Fatal(err)
			}
			checkSlip(t, s)
			if len(s.Lines) != len(c.want) {
				t.Fatalf("lines:\n%s\nwant %d lines", dump(s.Lines), len(c.want))
			}
			for i, w := range c.want {
				l := s.Lines[i]
				if l.Code != w.code || l.Amount.StringFixed(2) != w.amount {
					t.Errorf("line %d: %s %s, want %s %s", i, l.Code, l.Amount.StringFixed(2), w.code, w.amount)
				}
				for k, v := range w.params {
					if got, ok := l.Params[k]; !ok || got != v {
						t.Errorf("line %d %s: param %s = %q, want %q (all: %v)", i, l.Code, k, got, v, l.Params)
					}
				}
			}
			if s.Gross.StringFixed(2) != c.gross || s.Social.StringFixed(2) != c.social || s.Net.StringFixed(2) != c.net {
				t.Errorf("gross %s social %s net %s, want %s %s %s", s.Gross, s.Social, s.Net, c.gross, c.social, c.net)
			}
		})
	}
}

// checkSlip checks what holds for every payslip: amounts in cents, Net the
// sum of the lines, Social the contributions, the tax line the withholding.
func checkSlip(t *testing.T, s pay.Payslip) {
	t.Helper()
	sum, contributions := decimal.Zero, decimal.Zero
	for _, l := range s.Lines {
		if !l.Amount.Equal(l.Amount.Round(2)) {
			t.Errorf("%s: %s is not in cents", l.Code, l.Amount)
		}
		switch l.Code {
		case "pension", "medical", "unemployment", "housing_fund":
			contributions = contributions.Sub(l.Amount)
		case "iit":
			if !l.Amount.Neg().Equal(s.Tax.Withhold) {
				t.Errorf("iit line %s, tax withheld %s", l.Amount, s.Tax.Withhold)
			}
		}
		sum = sum.Add(l.Amount)
	}
	if !s.Net.Equal(sum) {
		t.Errorf("net %s, sum of lines %s", s.Net, sum)
	}
	if !s.Social.Equal(contributions) {
		t.Errorf("social %s, contribution lines %s", s.Social, contributions)
	}
	if s.Tax.Withhold.IsNegative() {
		t.Errorf("negative tax %s", s.Tax.Withhold)
	}
}

func dump(ls []pay.Line) string {
	var b strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&b, "  %s %s %v\n", l.Code, l.Amount.StringFixed(2), l.Params)
	}
	return b.String()
}

// TestComputeYear pays the 30000 / 4500 / 2000 example of 公告2018年第61号
// 解读 for a year, carrying each payslip's YTD into the next month: the tax
// withheld matches the published months and IITTable.
func TestComputeYear(t *testing.T) {
	t.Parallel()
	p := clerk()
	p.Salary, p.SocialBase, p.SpecialAdditional = d("30000"), d("20000"), d("2000")
	table := pay.IITTable(d("30000"), d("4500"), d("2000"), 12)
	var ytd pay.YearToDate
	for m := 1; m <= 12; m++ {
		in := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: m, YTD: ytd}
		s, err := pay.Compute(p, pay.DefaultRules(), in)
		if err != nil {
			t.Fatal(err)
		}
		checkSlip(t, s)
		if !s.Tax.Withhold.Equal(table[m-1].Withhold) || !s.Tax.CumTax.Equal(table[m-1].CumTax) {
			t.Errorf("month %d: withhold %s cum %s, table %s %s", m, s.Tax.Withhold, s.Tax.CumTax, table[m-1].Withhold, table[m-1].CumTax)
		}
		ytd = s.YTD
	}
	want := pay.YearToDate{Months: 12, Income: d("360000"), Deductions: d("54000"), Additional: d("24000"), Withheld: d("27480")}
	if ytd.Months != want.Months || !ytd.Income.Equal(want.Income) || !ytd.Deductions.Equal(want.Deductions) ||
		!ytd.Additional.Equal(want.Additional) || !ytd.Withheld.Equal(want.Withheld) {
		t.Errorf("year to date %+v, want %+v", ytd, want)
	}
	// A thirteenth month in the same tax year is refused.
	if _, err := pay.Compute(p, pay.DefaultRules(), pay.Inputs{YTD: ytd}); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("13th month: %v", err)
	}
}

// TestZeroRulesAreDefault: a zero field of Rules takes its default.
func TestZeroRulesAreDefault(t *testing.T) {
	t.Parallel()
	in := november()
	in.AbsentDays, in.UnpaidLeaveHours, in.LateCount, in.CoverMinutes = d("1"), d("3"), 4, 45
	in.OvertimeMinutes.Workday, in.OvertimeMinutes.RestDay, in.OvertimeMinutes.Holiday = 60, 120, 180
	a, err := pay.Compute(clerk(), pay.Rules{}, in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pay.Compute(clerk(), pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	if dump(a.Lines) != dump(b.Lines) || !a.Net.Equal(b.Net) {
		t.Errorf("Rules{}:\n%sDefaultRules():\n%s", dump(a.Lines), dump(b.Lines))
	}
}

func TestComputeInvalid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		profile func(p *pay.Profile)
		rules   func(r *pay.Rules)
		inputs  func(in *pay.Inputs)
		key     string
	}{
		{"NoKind", func(p *pay.Profile) { p.Kind = "" }, nil, nil, "payroll.no_kind"},
		{"UnknownKind", func(p *pay.Profile) { p.Kind = "weekly" }, nil, nil, "payroll.bad_kind"},
		{"NegativeSalary", func(p *pay.Profile) { p.Salary = d("-1") }, nil, nil, "payroll.negative"},
		{"NegativeSocialBase", func(p *pay.Profile) { p.SocialBase = d("-0.01") }, nil, nil, "payroll.negative"},
		{"NegativeAllowance", func(p *pay.Profile) { p.Allowances = []pay.Allowance{{Name: "meal", Amount: d("-300")}} }, nil, nil, "payroll.negative"},
		{"AllowanceWithoutName", func(p *pay.Profile) { p.Allowances = []pay.Allowance{{Name: " ", Amount: d("300")}} }, nil, nil, "payroll.allowance_name"},
		{"RateAsPercent", func(p *pay.Profile) { p.PensionRate = d("8") }, nil, nil, "payroll.bad_rate"},
		{"NegativeRate", func(p *pay.Profile) { p.HousingRate = d("-0.12") }, nil, nil, "payroll.bad_rate"},
		{"HourlyWithoutRate", func(p *pay.Profile) { p.Kind = pay.Hourly }, nil, nil, "payroll.no_hourly_rate"},
		{"NegativeDayDivisor", nil, func(r *pay.Rules) { r.DayDivisor = d("-21.75") }, nil, "payroll.bad_rules"},
		{"NegativeLateFree", nil, func(r *pay.Rules) { r.LateFree = -1 }, nil, "payroll.bad_rules"},
		{"NegativeAbsence", nil, nil, func(in *pay.Inputs) { in.AbsentDays = d("-1") }, "payroll.bad_inputs"},
		{"NegativeMinutes", nil, nil, func(in *pay.Inputs) { in.OvertimeMinutes.Holiday = -60 }, "payroll.bad_inputs"},
		{"EmployedBeyondPeriod", nil, nil, func(in *pay.Inputs) { in.EmployedWorkdays = 22 }, "payroll.bad_inputs"},
		{"MonthOfYear13", nil, nil, func(in *pay.Inputs) { in.MonthOfYear = 13 }, "payroll.bad_inputs"},
		{"YTDOfLastYear", nil, nil, func(in *pay.Inputs) { in.MonthOfYear, in.YTD.Months = 1, 11 }, "payroll.bad_ytd"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, r, in := clerk(), pay.DefaultRules(), november()
			if c.profile != nil {
				c.profile(&p)
			}
			if c.rules != nil {
				c.rules(&r)
			}
			if c.inputs != nil {
				c.inputs(&in)
			}
			_, err := pay.Compute(p, r, in)
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || e.Key != c.key || e.Message == "" {
				t.Fatalf("got %#v, want EInvalid %s", err, c.key)
			}
		})
	}
}

func BenchmarkCompute(b *testing.B) {
	p := clerk()
	p.Allowances = []pay.Allowance{{Name: "meal", Amount: d("300")}, {Name: "transport", Amount: d("200")}}
	p.CoverRate, p.SpecialAdditional = d("20"), d("2000")
	r := pay.DefaultRules()
	r.LatePenalty, r.LateFree = d("50"), 2
	in := november()
	in.EmployedWorkdays = 15
	in.AbsentDays, in.AbsentDates = d("1"), []string{"11-04"}
	in.UnpaidLeaveHours, in.UnpaidLeaveDates = d("4"), []string{"11-05"}
	in.LateCount, in.CoverMinutes = 4, 150
	in.OvertimeMinutes.Workday, in.OvertimeMinutes.RestDay, in.OvertimeMinutes.Holiday = 90, 240, 480
	in.Adjustments = []pay.Adjustment{{Description: "bonus", Amount: d("500"), Taxable: true}}
	in.YTD = pay.YearToDate{Months: 10, Income: d("100000"), Deductions: d("22500"), Additional: d("20000"), Withheld: d("1000")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pay.Compute(p, r, in); err != nil {
			b.Fatal(err)
		}
	}
}
