package payroll

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// problemText writes problems as "line: column: key" for comparing.
func problemText(probs Problems) []string {
	var out []string
	for _, p := range probs.Sorted() {
		out = append(out, fmt.Sprintf("%d: %s: %s", p.Line, p.Column, p.Err.Key))
	}
	return out
}

func gb18030(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadProfiles(t *testing.T) {
	t.Parallel()
	people := map[string]bool{"li": true, "mei": true}
	tests := []struct {
		name    string
		file    string
		data    string
		canSeal bool
		want    []string // problems; nil: the profiles are read
		check   func(t *testing.T, in []ProfileInput)
	}{
		{name: "English", file: "pay.csv", canSeal: true,
			data: "key,kind,salary,allowances,social_base,pension_rate,bank_name,bank_account\nli,monthly,\"8,700\",meal:300；transport：200,8700,8%,ICBC,6222 0212\nmei,hourly,,,,,,\n",
			want: []string{"3: hourly_rate: payroll.csv.rate_required"}},
		{name: "Chinese with a byte-order mark", file: "pay.csv", canSeal: true,
			data: "\ufeff工号,计薪方式,月薪,补贴,养老保险比例,银行卡号\nli,月薪,8700,餐补:300,8%,6222 0212\n",
			check: func(t *testing.T, in []ProfileInput) {
				p := in[0]
				if p.Key != "li" || p.Profile.Kind != pay.Monthly || !p.Profile.Salary.Equal(decimal.NewFromInt(8700)) ||
					!p.Profile.PensionRate.Equal(decimal.RequireFromString("0.08")) || p.BankAccount != "6222 0212" ||
					len(p.Profile.Allowances) != 1 || p.Profile.Allowances[0].Name != "餐补" {
					t.Errorf("read %+v", p)
				}
				if _, medical, _, _ := pay.DefaultRates(); !p.Profile.MedicalRate.Equal(medical) {
					t.Errorf("a missing rate is not China's usual: %s", p.Profile.MedicalRate)
				}
			}},
		{name: "the template's bilingual headers", file: "pay.csv",
			data: "工号 key,姓名 name,计薪方式 kind,月薪 salary,时薪(hourly_rate)\nmei,韩梅,hourly,,45\n",
			check: func(t *testing.T, in []ProfileInput) {
				if in[0].Profile.Kind != pay.Hourly || !in[0].Profile.HourlyRate.Equal(decimal.NewFromInt(45)) {
					t.Errorf("read %+v", in[0])
				}
			}},
		{name: "GB18030 from Excel on Chinese Windows, semicolons", file: "pay.csv",
			data: gb18030(t, "工号;计薪方式;月薪\nli;月薪;9000\n"),
			check: func(t *testing.T, in []ProfileInput) {
				if !in[0].Profile.Salary.Equal(decimal.NewFromInt(9000)) {
					t.Errorf("read %+v", in[0])
				}
			}},
		{name: "every problem at once", file: "bad.csv",
			data: "key,kind,salary,pension_rate,allowances,colour\n" +
				"li,monthly,\n" +
				"wang,monthly,9000\n" +
				"mei,weekly,abc,1.5,meal=300,red\n" +
				"li,hourly,100\n" +
				",monthly,0\n",
			want: []string{
				"1: colour: payroll.csv.unknown_column",
				"2: salary: payroll.csv.salary_required",
				"3: key: payroll.csv.unknown_person",
				"4: kind: payroll.csv.kind",
				"4: salary: payroll.csv.amount",
				"4: pension_rate: payroll.csv.rate",
				"4: allowances: payroll.csv.allowance",
				"5: key: payroll.csv.duplicate_person",
				"5: hourly_rate: payroll.csv.rate_required",
				"6: key: payroll.csv.empty",
				"6: salary: payroll.csv.positive",
			}},
		{name: "missing and repeated columns", file: "bad.csv", data: "key,工号,salary\nli,li,100\n",
			want: []string{"1: 工号: payroll.csv.duplicate_column", "1: kind (计薪方式): payroll.csv.missing_column"}},
		{name: "a bank account without the key, told once", file: "pay.csv",
			data: "key,kind,salary,bank_account\nli,monthly,100,6222\nmei,monthly,100,6223\n",
			want: []string{"2: bank_account: payroll.csv.no_key"}},
		{name: "empty", file: "pay.csv", data: "", want: []string{"1: : payroll.csv.read"}},
		{name: "a header and no rows", file: "pay.csv", data: "key,kind\n\n", want: []string{"1: : payroll.csv.no_rows"}},
		{name: "a broken quote", file: "pay.csv", data: "key,kind,salary\nli,monthly,\"100\n",
			want: []string{"2: : payroll.csv.read"}},
		{name: "not a spreadsheet", file: "pay.xlsx", data: "key,kind\n", want: []string{"1: : staff.file_unreadable"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in, probs := ReadProfiles(tc.file, strings.NewReader(tc.data), people, tc.canSeal)
			got := problemText(probs)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.check != nil {
				tc.check(t, in)
			}
		})
	}
}

// An XLSX as HR saves it: a title row above the header, amounts and
// percentages as numbers; the lines are the rows the sheet shows.
func TestReadProfilesXLSX(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	rows := [][]any{
		{"鲜果小铺 薪资档案"},
		{},
		{"工号 key", "姓名", "计薪方式", "月薪", "养老保险比例"},
		{"li", "李明", "月薪", 8700, 0.08},
		{"mei", "韩梅", "月薪", "", ""},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", "E4", "E4", style); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	in, probs := ReadProfiles("pay.xlsx", bytes.NewReader(buf.Bytes()), map[string]bool{"li": true, "mei": true}, false)
	got := strings.Join(problemText(probs), "\n")
	want := "5: 月薪: payroll.csv.salary_required"
	if got != want {
		t.Fatalf("problems:\n%s\nwant:\n%s", got, want)
	}
	if len(in) != 2 || !in[0].Profile.Salary.Equal(decimal.NewFromInt(8700)) || !in[0].Profile.PensionRate.Equal(decimal.RequireFromString("0.08")) {
		t.Errorf("read %+v", in)
	}
}

func TestReadOpenings(t *testing.T) {
	t.Parallel()
	data := "工号,姓名,月数,累计收入,累计专项扣除,累计专项附加扣除,累计已预扣税额\n" +
		"li,李明,10,\"300,000\",45000,20000,20080.00\n" +
		"nobody,无名,12,abc,0,0,99999999\n" +
		"li,李明,3,,0,0,0\n"
	in, probs := ReadOpenings("open.csv", strings.NewReader(data), map[string]bool{"li": true})
	want := []string{
		"3: 工号: payroll.csv.unknown_person",
		"3: 月数: payroll.csv.months",
		"3: 累计收入: payroll.csv.amount",
		"3: 累计已预扣税额: payroll.csv.withheld_above_income",
		"4: 工号: payroll.csv.duplicate_person",
		"4: 累计收入: payroll.csv.empty",
	}
	if got := problemText(probs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if y := in[0].YTD; y.Months != 10 || !y.Income.Equal(decimal.NewFromInt(300000)) || !y.Withheld.Equal(decimal.NewFromInt(20080)) {
		t.Errorf("li's year to date: %+v", y)
	}
}
