package i18n

// HR's year-end bonuses (/bonus, 年终奖) and the 60,000 rule (/sixty, 六万)
// in chat; the console shows the same lines.

func englishPayrollBonus() map[string]string {
	return map[string]string{
		"help.cmd.bonus":            "/bonus PERSON AMOUNT [separate|combined] [YYYY-MM] — record a year-end bonus (last month unless told; again replaces it) and see its tax both ways; /bonus PERSON remove [YYYY-MM]; /bonus [YYYY-MM] lists them",
		"help.cmd.sixty":            "/sixty [YEAR] — who is under the 60,000 rule; /sixty PERSON on|off|auto [YEAR] sets it (auto: hrbot's records decide)",
		"payroll.bonus_usage":       "Write /bonus PERSON AMOUNT [separate|combined] [YYYY-MM], for example /bonus alice 36000 2026-12, or /bonus PERSON remove [YYYY-MM].",
		"payroll.sixty_usage":       "Write /sixty PERSON on|off|auto [YEAR], for example /sixty alice on 2027.",
		"payroll.bonus_none":        "{person} has no year-end bonus in {period}.",
		"payroll.bonus_amount":      "A year-end bonus must be more than zero.",
		"payroll.bonus_too_large":   "A year-end bonus of {amount} is more than hrbot keeps: at most {max}.",
		"payroll.no_profile":        "{person} has no pay profile, so payroll does not pay them: add one first.",
		"payroll.bonus_labour":      "{person} is paid labour remuneration (劳务报酬), which has no year-end bonus: pay it as their fee.",
		"payroll.tax_off":           "Year-end bonuses and the 60,000 rule are not kept on this installation.",
		"payroll.bonus.none":        "No year-end bonuses in {period}. Record one with /bonus PERSON AMOUNT {period}.",
		"payroll.bonus.remove":      "Remove this bonus",
		"payroll.bonus.removed":     "{name} ({person}): the year-end bonus of {period} is removed.",
		"payroll.bonus.redrafted":   "The {period} draft was worked out again to include it: review it with /payroll {period}.",
		"payroll.bonus.draft_it":    "It is paid when the {period} payroll is drafted: /payroll draft {period}.",
		"payroll.bonus.title":       "{name} ({person}): year-end bonus {amount} in {period}, {method}.",
		"payroll.bonus.compare":     "This month's whole income tax: {separate_tax} with the bonus taxed on its own, {combined_tax} with it taxed with the wages — {lower}.",
		"payroll.bonus.lower":       "{method} is lower",
		"payroll.bonus.lower_equal": "the same either way",
		"payroll.bonus.no_compare":  "The tax with the wages is not worked out for this month (a month split by a change of pay): the payslip takes the method asked for.",
		"payroll.bonus.taxed.auto":  "The payslip uses the lower: {method}.",
		"payroll.bonus.taxed.hr":    "The payslip uses the method HR chose: {method}.",
		"payroll.bonus.dead":        "Careful: {amount} is in a dead zone of separate taxation. One yuan above {threshold} costs {jump} more tax, and any bonus above {threshold} up to {dead_to} leaves no more after tax than {threshold} does. Consider {threshold}, or more than {dead_to}.",
		"payroll.sixty.title":       "The 60,000 rule in {year} (国家税务总局公告2020年第19号: 60,000 of basic deduction from January for someone here all of last year with at most 60,000 of wages):",
		"payroll.sixty.nobody":      "Nobody on payroll yet.",
		"payroll.sixty.hint":        "Set it for a person with /sixty PERSON on|off|auto [YEAR].",
		"payroll.sixty.on.auto":     "• {name} ({person}): applies in {year} — hrbot's records (last year's December run) show it.",
		"payroll.sixty.on.set":      "• {name} ({person}): applies in {year} — set by HR.",
		"payroll.sixty.off.auto":    "• {name} ({person}): does not apply in {year} — hrbot's records do not show last year whole here under 60,000; set it if it does apply.",
		"payroll.sixty.off.set":     "• {name} ({person}): does not apply in {year} — set by HR.",
	}
}

func chinesePayrollBonus() map[string]string {
	return map[string]string{
		"help.cmd.bonus":            "年终奖 工号 金额 [单独|合并] [年-月] — 记录全年一次性奖金（默认上个月；再记一次即替换），并看两种计税方式的税额；年终奖 工号 删除 [年-月]；年终奖 [年-月] 列出",
		"help.cmd.sixty":            "六万 [年份] — 谁适用6万元减除费用规定；六万 工号 开|关|自动 [年份] 设置（自动：按 hrbot 的记录判断）",
		"payroll.bonus_usage":       "请写：年终奖 工号 金额 [单独|合并] [年-月]，例如 年终奖 alice 36000 2026-12；或 年终奖 工号 删除 [年-月]。",
		"payroll.sixty_usage":       "请写：六万 工号 开|关|自动 [年份]，例如 六万 alice 开 2027。",
		"payroll.bonus_none":        "{person} 在 {period} 没有全年一次性奖金。",
		"payroll.bonus_amount":      "全年一次性奖金必须大于零。",
		"payroll.bonus_too_large":   "全年一次性奖金 {amount} 超出 hrbot 可记录的金额：最多 {max}。",
		"payroll.no_profile":        "{person} 没有薪资档案，工资表不发其工资：请先添加薪资档案。",
		"payroll.bonus_labour":      "{person} 领取的是劳务报酬，没有全年一次性奖金：请计入其劳务报酬。",
		"payroll.tax_off":           "本系统未开启全年一次性奖金和6万元规定的记录。",
		"payroll.bonus.none":        "{period} 没有全年一次性奖金。记录：年终奖 工号 金额 {period}。",
		"payroll.bonus.remove":      "删除这笔奖金",
		"payroll.bonus.removed":     "{name}（{person}）：{period} 的全年一次性奖金已删除。",
		"payroll.bonus.redrafted":   "{period} 工资表草稿已重新计算，包含此项：用 工资 {period} 审核。",
		"payroll.bonus.draft_it":    "生成 {period} 工资表时发放：工资 计算 {period}。",
		"payroll.bonus.title":       "{name}（{person}）：{period} 全年一次性奖金 {amount}，{method}。",
		"payroll.bonus.compare":     "本月个人所得税合计：单独计税 {separate_tax}，并入当月工资 {combined_tax}——{lower}。",
		"payroll.bonus.lower":       "{method}较低",
		"payroll.bonus.lower_equal": "两种方式相同",
		"payroll.bonus.no_compare":  "本月（因调薪拆分的月份）未计算并入工资的税额：工资条按所选方式计税。",
		"payroll.bonus.taxed.auto":  "工资条采用税额较低者：{method}。",
		"payroll.bonus.taxed.hr":    "工资条采用人事选定的方式：{method}。",
		"payroll.bonus.dead":        "注意：{amount} 处于单独计税的无效区间。比 {threshold} 多 1 元，税多 {jump}；奖金高于 {threshold} 至 {dead_to} 之间，税后都不高于 {threshold}。可考虑发 {threshold}，或高于 {dead_to}。",
		"payroll.sixty.title":       "{year} 年6万元减除费用规定（国家税务总局公告2020年第19号：上一年度在本单位全年任职且收入不超过6万元者，自1月起按6万元减除费用）：",
		"payroll.sixty.nobody":      "还没有人在工资表上。",
		"payroll.sixty.hint":        "为某人设置：六万 工号 开|关|自动 [年份]。",
		"payroll.sixty.on.auto":     "• {name}（{person}）：{year} 年适用——hrbot 的记录（上年12月工资表）显示符合。",
		"payroll.sixty.on.set":      "• {name}（{person}）：{year} 年适用——人事设置。",
		"payroll.sixty.off.auto":    "• {name}（{person}）：{year} 年不适用——hrbot 的记录未显示其上年全年在本单位且收入不超过6万元；如实际符合请设置。",
		"payroll.sixty.off.set":     "• {name}（{person}）：{year} 年不适用——人事设置。",
	}
}
