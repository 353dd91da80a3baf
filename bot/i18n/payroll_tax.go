package i18n

// China's tax rules beyond the monthly wage: the year-end bonus taxed on
// its own or with the month's wages, the 60,000 rule, labour remuneration.

func englishPayrollTax() map[string]string {
	return map[string]string{
		"payslip.line.year_end_bonus":              "Year-end bonus",
		"payslip.why.year_end_bonus.separate.auto": "taxed on its own, the lower tax: this month's tax {separate_tax} on its own, {combined_tax} with the wages",
		"payslip.why.year_end_bonus.separate.hr":   "taxed on its own, as HR chose: this month's tax {separate_tax} on its own, {combined_tax} with the wages",
		"payslip.why.year_end_bonus.combined.auto": "taxed with this month's wages, the lower tax: this month's tax {combined_tax} with the wages, {separate_tax} on its own",
		"payslip.why.year_end_bonus.combined.hr":   "taxed with this month's wages, as HR chose: this month's tax {combined_tax} with the wages, {separate_tax} on its own",
		"payslip.line.iit_year_end_bonus":          "Income tax on the year-end bonus",
		"payslip.why.iit_year_end_bonus":           "{bonus} ÷ 12 = {monthly} → rate {rate}: {bonus} × {rate} − {quick_deduction}",
		"payslip.why.iit.sixty":                    "60,000 rule (last year here under 60,000): taxable {taxable} after 60,000 of basic deduction × {rate} − {quick_deduction} = {cum_tax}, less {withheld} already withheld",
		"payslip.line.labour_fee":                  "Labour remuneration (agreed fee)",
		"payslip.why.labour_fee":                   "the fee agreed for the month",
		"payslip.line.iit_labour":                  "Income tax on labour remuneration",
		"payslip.why.iit_labour":                   "{income} less {deduction} ({deduction_rule} off) = {taxable} × {rate} − {quick_deduction}",
		"payroll.warn.bonus_dead_zone":             "• {name} ({person}): the year-end bonus {amount} is in a dead zone of separate taxation — any bonus above {threshold} up to {dead_to} leaves no more after tax than {threshold} does. Consider {threshold}, or more than {dead_to}.",
		"payroll.warn.bonus_separate_after":        "• {name} ({person}): the year-end bonus is taxed on its own in {year}, but the rules hrbot knows allow that only until the end of {until} (财政部 税务总局公告2023年第30号). Check for a later announcement, or record the bonus taxed with the wages (/bonus PERSON AMOUNT combined).",
		"payroll.bonus_method.auto":                "the lower tax of the two methods",
		"payroll.bonus_method.separate":            "taxed on its own",
		"payroll.bonus_method.combined":            "taxed with the month's wages",
		"payroll.bad_bonus_method":                 "\"{method}\" is not a way to tax a bonus: write auto, separate or combined.",
		"payroll.cli.bonus_saved":                  "{person}: year-end bonus {amount} in {period}, {method}. Run hrbot payroll run --period {period} to include it.",
		"payroll.cli.bonus_tax":                    "Year-end bonus {bonus} taxed on its own: {bonus} ÷ 12 = {monthly} → rate {rate}, quick deduction {quick_deduction}; tax {tax}, after tax {net}.",
		"payroll.cli.bonus_dead":                   "Dead zone: any bonus above {threshold} up to {dead_to} leaves no more after tax than {threshold} does ({net}); one yuan above {threshold} costs {jump} more tax.",
		"payroll.cli.labour_tax":                   "Labour remuneration {income}: less {deduction} ({deduction_rule} off) = taxable {taxable} × {rate} − {quick_deduction} = tax {tax}, after tax {net}.",
		"payroll.bonus_once":                       "{person} already has a year-end bonus in {period}: there is one a year. Pay anything more as an adjustment (hrbot payroll adjust).",
		"payroll.cli.sixty_true":                   "{person}: the 60,000 rule applies in {year}.",
		"payroll.cli.sixty_false":                  "{person}: the 60,000 rule does not apply in {year}.",
		"payroll.cli.sixty_cleared":                "{person}: in {year} hrbot's records decide the 60,000 rule again.",
	}
}

func chinesePayrollTax() map[string]string {
	return map[string]string{
		"payslip.line.year_end_bonus":              "全年一次性奖金",
		"payslip.why.year_end_bonus.separate.auto": "单独计税（税额较低）：本月单独计税共扣税 {separate_tax}，并入工资则为 {combined_tax}",
		"payslip.why.year_end_bonus.separate.hr":   "单独计税（人事选定）：本月单独计税共扣税 {separate_tax}，并入工资则为 {combined_tax}",
		"payslip.why.year_end_bonus.combined.auto": "并入当月工资计税（税额较低）：本月并入工资共扣税 {combined_tax}，单独计税则为 {separate_tax}",
		"payslip.why.year_end_bonus.combined.hr":   "并入当月工资计税（人事选定）：本月并入工资共扣税 {combined_tax}，单独计税则为 {separate_tax}",
		"payslip.line.iit_year_end_bonus":          "全年一次性奖金个人所得税",
		"payslip.why.iit_year_end_bonus":           "{bonus} ÷ 12 = {monthly}，适用税率 {rate}：{bonus} × {rate} − 速算扣除数 {quick_deduction}",
		"payslip.why.iit.sixty":                    "适用6万元减除费用（上年在本单位收入不超过6万元）：累计应纳税所得额 {taxable} × {rate} − 速算扣除数 {quick_deduction} = {cum_tax}，减已预扣 {withheld}",
		"payslip.line.labour_fee":                  "劳务报酬（约定报酬）",
		"payslip.why.labour_fee":                   "本月约定的劳务报酬",
		"payslip.line.iit_labour":                  "劳务报酬个人所得税",
		"payslip.why.iit_labour":                   "{income} 减除费用 {deduction}（{deduction_rule}）= 应纳税所得额 {taxable} × 预扣率 {rate} − 速算扣除数 {quick_deduction}",
		"payroll.warn.bonus_dead_zone":             "• {name}（{person}）：全年一次性奖金 {amount} 处于单独计税的“无效区间”——奖金高于 {threshold} 至 {dead_to} 之间，税后都不高于 {threshold}。可考虑发 {threshold}，或高于 {dead_to}。",
		"payroll.warn.bonus_separate_after":        "• {name}（{person}）：全年一次性奖金在 {year} 年单独计税，但 hrbot 所知的规定只允许到 {until} 年底（财政部 税务总局公告2023年第30号）。请确认是否有新公告延续，或改为并入当月工资计税（年终奖 工号 金额 合并）。",
		"payroll.bonus_method.auto":                "两种方式中税额较低者",
		"payroll.bonus_method.separate":            "单独计税",
		"payroll.bonus_method.combined":            "并入当月工资计税",
		"payroll.bad_bonus_method":                 "“{method}”不是奖金计税方式：请填 auto、separate 或 combined。",
		"payroll.cli.bonus_saved":                  "{person}：{period} 全年一次性奖金 {amount}，{method}。运行 hrbot payroll run --period {period} 计入工资表。",
		"payroll.cli.bonus_tax":                    "全年一次性奖金 {bonus} 单独计税：{bonus} ÷ 12 = {monthly}，税率 {rate}，速算扣除数 {quick_deduction}；应纳税额 {tax}，税后 {net}。",
		"payroll.cli.bonus_dead":                   "无效区间：奖金高于 {threshold} 至 {dead_to} 之间，税后都不高于 {threshold}（{net}）；比 {threshold} 多 1 元，税多 {jump}。",
		"payroll.cli.labour_tax":                   "劳务报酬 {income}：减除费用 {deduction}（{deduction_rule}）= 应纳税所得额 {taxable} × 预扣率 {rate} − 速算扣除数 {quick_deduction} = 应预扣税额 {tax}，税后 {net}。",
		"payroll.bonus_once":                       "{person} 在 {period} 已有全年一次性奖金：每年只有一次。其余请作为调整项发放（hrbot payroll adjust）。",
		"payroll.cli.sixty_true":                   "{person}：{year} 年适用6万元减除费用规定。",
		"payroll.cli.sixty_false":                  "{person}：{year} 年不适用6万元减除费用规定。",
		"payroll.cli.sixty_cleared":                "{person}：{year} 年是否适用6万元规定，重新按 hrbot 的记录判断。",
	}
}
