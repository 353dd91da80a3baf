package i18n

// The console's pages of a month's year-end bonuses, the 60,000 rule of a
// year and a run's cost of labour (HR's).

func englishWebPayrollTax() map[string]string {
	return map[string]string{
		"web.title.payroll_bonus":  "Year-end bonuses",
		"web.title.payroll_sixty":  "The 60,000 rule",
		"web.title.payroll_cost":   "Cost of labour",
		"web.done.bonus_saved":     "The year-end bonus is recorded; a draft of the month was worked out again to include it.",
		"web.done.bonus_removed":   "The year-end bonus is removed.",
		"web.done.sixty_set":       "The 60,000 rule is set.",
		"web.payroll.bonus_amount": "\"{amount}\" is not an amount: write it like 36000 or 36,000.00.",
		"web.bonus.sub":            "Year-end bonuses (全年一次性奖金) paid with the {period} payroll",
		"web.bonus.help":           "A year-end bonus may be taxed on its own (the bonus ÷ 12 picks the rate) or with the month's wages, once a year per person, until the end of 2027. hrbot works out both and, unless you choose, takes the lower.",
		"web.bonus.approved":       "The {period} payroll is approved: its bonuses cannot change. Pay anything more in a later month.",
		"web.bonus.record":         "Record a bonus",
		"web.bonus.person":         "Person",
		"web.bonus.amount":         "Amount (yuan)",
		"web.bonus.method":         "Tax it",
		"web.bonus.save":           "Save the bonus",
		"web.bonus.save_hint":      "Saving again for the same person replaces their bonus.",
		"web.bonus.no_people":      "Nobody has a pay profile yet.",
		"web.bonus.list":           "Bonuses of {period}",
		"web.bonus.back":           "Back to the {period} payroll",
		"web.bonus.link":           "Year-end bonuses",
		"web.sixty.link":           "The 60,000 rule in {year}",
		"web.sixty.help":           "hrbot applies the rule by itself to whoever last year's approved December run shows was here all year with at most 60,000. Where hrbot does not have last year, or the person declined, set it here.",
		"web.sixty.on":             "Applies",
		"web.sixty.off":            "Does not apply",
		"web.sixty.auto":           "As hrbot's records say",
		"web.cost.link":            "Cost of labour",
		"web.cost.employer":        "Employer total",
		"web.cost.total":           "Total cost",
		"web.cost.sum":             "Total",
	}
}

func chineseWebPayrollTax() map[string]string {
	return map[string]string{
		"web.title.payroll_bonus":  "全年一次性奖金",
		"web.title.payroll_sixty":  "6万元减除费用规定",
		"web.title.payroll_cost":   "用工成本",
		"web.done.bonus_saved":     "全年一次性奖金已记录；当月工资表草稿已重新计算。",
		"web.done.bonus_removed":   "全年一次性奖金已删除。",
		"web.done.sixty_set":       "6万元规定已设置。",
		"web.payroll.bonus_amount": "“{amount}”不是金额：请写成 36000 或 36,000.00。",
		"web.bonus.sub":            "随 {period} 工资发放的全年一次性奖金",
		"web.bonus.help":           "全年一次性奖金可单独计税（奖金 ÷ 12 确定税率），也可并入当月工资计税；每人每年一次，政策执行至2027年底。hrbot 两种都算，未指定时取税额较低者。",
		"web.bonus.approved":       "{period} 工资表已批准，奖金不能再改。其余请在以后月份发放。",
		"web.bonus.record":         "记录奖金",
		"web.bonus.person":         "员工",
		"web.bonus.amount":         "金额（元）",
		"web.bonus.method":         "计税方式",
		"web.bonus.save":           "保存奖金",
		"web.bonus.save_hint":      "同一人再次保存即替换其奖金。",
		"web.bonus.no_people":      "还没有人有薪资档案。",
		"web.bonus.list":           "{period} 的奖金",
		"web.bonus.back":           "返回 {period} 工资表",
		"web.bonus.link":           "全年一次性奖金",
		"web.sixty.link":           "{year} 年6万元规定",
		"web.sixty.help":           "上年12月工资表已批准、显示全年在本单位且收入不超过6万元的人，hrbot 自动适用。hrbot 没有上年记录或本人放弃时，在此设置。",
		"web.sixty.on":             "适用",
		"web.sixty.off":            "不适用",
		"web.sixty.auto":           "按 hrbot 的记录",
		"web.cost.link":            "用工成本",
		"web.cost.employer":        "单位缴纳合计",
		"web.cost.total":           "用工成本合计",
		"web.cost.sum":             "合计",
	}
}
