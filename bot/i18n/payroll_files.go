package i18n

// The files others take from payroll — the tax client's declaration, the
// banks' files — and the year statement.

func englishPayrollFiles() map[string]string {
	return map[string]string{
		"payroll.files.draft":           "Note: the run of {period} is still a draft; file the declaration from the approved run.",
		"payroll.files.no_id":           "No ID number in the personal file (fill it in before importing into the tax client): {people}",
		"payroll.files.not_approved":    "The run of {period} is not approved yet: banks are paid from an approved run only.",
		"payroll.files.reference":       "salary {period}",
		"payroll.no_bank_layout":        "The org file has no bank layout {layout} under payroll.bank_files.",
		"payroll.year_none":             "There is no approved payslip for {person} in {year}.",
		"payroll.year_bad":              "{year} is not a year: write it as 2026.",
		"payroll.year.sheet":            "Year {year}",
		"payroll.year.title":            "{name}: pay in {year} at {org}",
		"payroll.year.caption":          "{name}: year statement {year}",
		"payroll.year.months":           "{count} months paid",
		"payroll.year.month":            "{period}: income {gross}, social insurance and housing fund {social}, tax {tax}, net {net}",
		"payroll.year.sum_income":       "Income: {amount}",
		"payroll.year.sum_social":       "Social insurance and housing fund: {amount} (pension {pension}, medical {medical}, unemployment {unemployment}, housing fund {housing_fund})",
		"payroll.year.sum_additional":   "Special additional deductions: {amount}",
		"payroll.year.sum_tax":          "Income tax withheld: {amount}",
		"payroll.year.sum_net":          "Net pay: {amount}",
		"payroll.year.col.period":       "Month",
		"payroll.year.col.gross":        "Income",
		"payroll.year.col.pension":      "Pension",
		"payroll.year.col.medical":      "Medical",
		"payroll.year.col.unemployment": "Unemployment",
		"payroll.year.col.housing_fund": "Housing fund",
		"payroll.year.col.social":       "Social insurance and housing fund",
		"payroll.year.col.additional":   "Special additional deductions",
		"payroll.year.col.tax":          "Income tax",
		"payroll.year.col.net":          "Net pay",
		"payroll.year.total":            "Total",
		"help.cmd.year_income":          "your pay over a year, month by month, with a spreadsheet: /income [YYYY] or /payslip year [YYYY] (HR: /income YYYY KEY)",
	}
}

func chinesePayrollFiles() map[string]string {
	return map[string]string{
		"payroll.files.draft":           "注意：{period} 的工资表还是草稿，请用审批后的工资表申报。",
		"payroll.files.no_id":           "个人档案里没有证件号码（导入扣缴端前请补全）：{people}",
		"payroll.files.not_approved":    "{period} 的工资表尚未审批：银行代发只能用审批后的工资表。",
		"payroll.files.reference":       "工资 {period}",
		"payroll.no_bank_layout":        "组织文件的 payroll.bank_files 里没有银行格式 {layout}。",
		"payroll.year_none":             "{person} 在 {year} 年没有已审批的工资条。",
		"payroll.year_bad":              "{year} 不是年份，请写成 2026 这样。",
		"payroll.year.sheet":            "{year}年度",
		"payroll.year.title":            "{name}：{year} 年在 {org} 的收入",
		"payroll.year.caption":          "{name}：{year} 年度收入明细",
		"payroll.year.months":           "共发薪 {count} 个月",
		"payroll.year.month":            "{period}：收入 {gross}，社保公积金 {social}，个税 {tax}，实发 {net}",
		"payroll.year.sum_income":       "收入合计：{amount}",
		"payroll.year.sum_social":       "社保公积金合计：{amount}（养老 {pension}，医疗 {medical}，失业 {unemployment}，公积金 {housing_fund}）",
		"payroll.year.sum_additional":   "专项附加扣除累计：{amount}",
		"payroll.year.sum_tax":          "已扣个人所得税：{amount}",
		"payroll.year.sum_net":          "实发合计：{amount}",
		"payroll.year.col.period":       "月份",
		"payroll.year.col.gross":        "收入",
		"payroll.year.col.pension":      "养老保险",
		"payroll.year.col.medical":      "医疗保险",
		"payroll.year.col.unemployment": "失业保险",
		"payroll.year.col.housing_fund": "住房公积金",
		"payroll.year.col.social":       "社保公积金合计",
		"payroll.year.col.additional":   "专项附加扣除",
		"payroll.year.col.tax":          "个人所得税",
		"payroll.year.col.net":          "实发",
		"payroll.year.total":            "合计",
		"help.cmd.year_income":          "一年的收入明细（按月，附表格）：年度收入 [年份]（HR：年度收入 年份 工号）",
	}
}
