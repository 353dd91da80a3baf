package render

import (
	"fmt"
	"io"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/personfile"
)

// WagesHeader is the header row of the withholding client's import
// template for wages (扣缴端 › 综合所得申报 › 正常工资薪金所得 › 导入 ›
// 模板下载), in its order. The client matches columns by these titles, so
// they are written exactly, asterisks and parentheses included; see
// docs/payroll.md for where the list comes from.
var WagesHeader = []string{"工号", "*姓名", "*证件类型", "*证件号码", "本期收入", "本期免税收入",
	"基本养老保险费", "基本医疗保险费", "失业保险费", "住房公积金",
	"累计子女教育", "累计继续教育", "累计住房贷款利息", "累计住房租金", "累计赡养老人", "累计3岁以下婴幼儿照护", "累计个人养老金",
	"企业(职业)年金", "商业健康保险", "税延养老保险", "公务交通费用", "通讯费用", "律师办案费用", "西藏附加减除费用",
	"其他", "准予扣除的捐赠额", "减免税额", "协定减免", "备注"}

// LabourHeader is the header row of the client's import template for
// labour remuneration (劳务报酬所得).
var LabourHeader = []string{"工号", "*姓名", "*证件类型", "*证件号码", "*所得项目", "本期收入", "本期免税收入",
	"商业健康保险", "税延养老保险", "其他", "允许扣除的税费", "减免税额", "协定减免", "备注"}

// LabourIncomeItem is the 所得项目 of ordinary labour remuneration.
const LabourIncomeItem = "一般劳务报酬所得"

// idTypeNames are the client's words for the ID types. A passport is
// taken to be Chinese (中国护照): the personal file does not say whose;
// HR changes it in the sheet for a foreign one.
var idTypeNames = map[personfile.IDType]string{
	personfile.IDResident: "居民身份证", personfile.IDPassport: "中国护照", personfile.IDHKMacau: "港澳居民来往内地通行证",
	personfile.IDTaiwan: "台湾居民来往大陆通行证", personfile.IDForeignerPR: "外国人永久居留身份证", personfile.IDOther: "其他个人证件",
}

// Declarant is who a payslip is declared for: the legal name and ID from
// the personal file, and whether they are paid as labour.
type Declarant struct {
	LegalName string
	IDType    personfile.IDType
	IDNumber  string
	Labour    bool
}

// DeclarationRows gives the wage rows and the labour rows of a run, and
// the keys of people whose personal file lacks an ID number (their rows
// are written all the same, for HR to complete; the client rejects them
// until then). Amounts have two places; blank columns are hrbot's "not
// known": the special additional deductions, for one, are what each
// person declared to the tax authority, which the client downloads itself.
func DeclarationRows(run payroll.Run, people map[int64]Declarant) (wages, labour [][]string, noID []string) {
	for _, s := range run.Slips {
		d := people[s.EmployeeID]
		name := d.LegalName
		if name == "" {
			name = s.Name
		}
		if d.IDNumber == "" {
			noID = append(noID, s.Key)
		}
		id := []string{s.Key, name, idTypeNames[d.IDType], d.IDNumber}
		hasWages, labourIncome, hasLabour := incomes(s.Payslip, d.Labour)
		if hasLabour {
			row := append(slices.Clone(id), LabourIncomeItem, labourIncome)
			labour = append(labour, append(row, make([]string, len(LabourHeader)-len(row))...))
		}
		if !hasWages {
			continue
		}
		row := append(slices.Clone(id), s.Gross.StringFixed(2), "")
		for _, code := range []string{pay.CodePension, pay.CodeMedical, pay.CodeUnemployment, pay.CodeHousingFund} {
			row = append(row, lineSum(s.Lines, code).Neg().StringFixed(2))
		}
		wages = append(wages, append(row, make([]string, len(WagesHeader)-len(row))...))
	}
	return wages, labour, noID
}

// incomes says what a payslip declares: wages (its Gross), labour
// remuneration (the income its labour withholding was on), or both — a
// month split by a transfer between wages and labour has a base line for
// its wages and an iit_labour line for its labour part. A payslip with
// neither is declared by the person's pay kind (labour: a labour payslip
// with nothing withheld, whose income is its Gross).
func incomes(s pay.Payslip, labourKind bool) (wages bool, labourIncome string, labour bool) {
	for _, l := range s.Lines {
		switch l.Code {
		case pay.CodeBase:
			wages = true
		case pay.CodeIITLabour:
			labourIncome, labour = l.Params["income"], true
		}
	}
	switch {
	case labour:
	case !wages && labourKind:
		labourIncome, labour = s.Gross.StringFixed(2), true
	default:
		wages = true
	}
	return wages, labourIncome, labour
}

// lineSum adds up a payslip's lines of one code.
func lineSum(lines []pay.Line, code string) decimal.Decimal {
	sum, _ := pay.SumOf(lines, code)
	return sum
}

// DeclarationXLSX writes one import sheet: the header as the client's
// template has it, then the rows. The client reads the first sheet, so
// wages and labour go in files of their own. Amount columns are numbers;
// the ID number and the key stay text (an 18-digit number would lose its
// last digits in a spreadsheet).
func DeclarationXLSX(w io.Writer, sheet string, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("declaration xlsx: %w", err)
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": Excel keeps what is typed in as text
	if err != nil {
		return err
	}
	if err := f.SetColStyle(sheet, "A:D", text); err != nil {
		return err
	}
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = h
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	for r, row := range rows {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
			if n, err := decimal.NewFromString(v); err == nil && i >= 4 { // A–D: key, name, ID: text
				cells[i], _ = n.Float64()
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("declaration xlsx: %w", err)
	}
	return nil
}
