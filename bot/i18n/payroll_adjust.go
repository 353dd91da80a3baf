package i18n

// Payroll adjustments — corrections paid or taken back in a month's run —
// as HR records them on the console's payroll run page, and why one is
// refused.

func englishPayrollAdjust() map[string]string {
	return map[string]string{
		"payroll.adjust_not_amount":        "\"{amount}\" is not an amount: write it like 150, -80 or 1,200.50.",
		"payroll.adjusted_after_draft":     "The adjustment for {name} ({description}) was recorded after the {period} draft, so the draft does not pay it: draft the month again, then approve.",
		"payroll.adjust_zero":              "An adjustment of zero changes nothing: write the amount to pay, or a negative amount to take back.",
		"payroll.adjust_too_large":         "An adjustment of {amount} is more than hrbot keeps: at most {max} either way.",
		"payroll.adjust_description":       "Say what the adjustment is for: it is shown on the payslip.",
		"payroll.adjust_description_long":  "The description is too long for a payslip line: at most {max} characters.",
		"payroll.adjust_person":            "Choose whom the adjustment is for.",
		"web.payroll.adjust_h":             "Adjustments",
		"web.payroll.adjust_hint":          "A correction paid in this month's run — an underpayment last month, a deduction taken twice — or, with a negative amount, taken back. Draft the month again to include it.",
		"web.payroll.adjust_none":          "No adjustments for {period}.",
		"web.payroll.adjust_closed":        "The {period} run is approved: record corrections in a later month.",
		"web.payroll.adjust_col_desc":      "Description",
		"web.payroll.adjust_col_amount":    "Amount",
		"web.payroll.adjust_col_taxable":   "Tax",
		"web.payroll.adjust_taxable":       "taxable",
		"web.payroll.adjust_not_taxable":   "not taxable",
		"web.payroll.adjust_pending":       "added after this draft: draft again to include it",
		"web.payroll.adjust_person":        "Person",
		"web.payroll.adjust_amount":        "Amount (negative to take back)",
		"web.payroll.adjust_description":   "What it is for (shown on the payslip)",
		"web.payroll.adjust_not_taxable_l": "Not taxable (e.g. a reimbursement)",
		"web.payroll.adjust_add":           "Add adjustment",
		"web.done.payroll_adjusted":        "The adjustment is recorded. Press “Draft again” to include it in the payslips.",
	}
}

func chinesePayrollAdjust() map[string]string {
	return map[string]string{
		"payroll.adjust_not_amount":        "“{amount}”不是金额：请写成 150、-80 或 1,200.50。",
		"payroll.adjusted_after_draft":     "{name} 的调整（{description}）是在 {period} 工资表草稿之后录入的，草稿里没有它：请重新计算本月工资表后再批准。",
		"payroll.adjust_zero":              "调整金额为零不会改变任何东西：请写要补发的金额，或用负数表示扣回。",
		"payroll.adjust_too_large":         "调整金额 {amount} 超出 hrbot 可记录的范围：正负最多 {max}。",
		"payroll.adjust_description":       "请写明调整事由：它会显示在工资条上。",
		"payroll.adjust_description_long":  "调整事由太长，工资条放不下：最多 {max} 个字。",
		"payroll.adjust_person":            "请选择调整的员工。",
		"web.payroll.adjust_h":             "调整项",
		"web.payroll.adjust_hint":          "在本月工资中补发的更正（如上月少发、重复扣款），金额为负数则为扣回。添加后请重新生成本月草稿。",
		"web.payroll.adjust_none":          "{period} 没有调整项。",
		"web.payroll.adjust_closed":        "{period} 工资表已批准：更正请记入以后的月份。",
		"web.payroll.adjust_col_desc":      "事由",
		"web.payroll.adjust_col_amount":    "金额",
		"web.payroll.adjust_col_taxable":   "计税",
		"web.payroll.adjust_taxable":       "计税",
		"web.payroll.adjust_not_taxable":   "不计税",
		"web.payroll.adjust_pending":       "在本草稿之后添加：重新生成草稿后才会计入",
		"web.payroll.adjust_person":        "员工",
		"web.payroll.adjust_amount":        "金额（扣回请写负数）",
		"web.payroll.adjust_description":   "事由（显示在工资条上）",
		"web.payroll.adjust_not_taxable_l": "不计税（如报销）",
		"web.payroll.adjust_add":           "添加调整项",
		"web.done.payroll_adjusted":        "调整项已记录。请点“重新生成”把它计入工资条。",
	}
}
