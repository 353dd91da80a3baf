package i18n

// The first-wages rule (国家税务总局公告2020年第13号: /firstwages, 首次取薪)
// in chat and on payslips, and a labour helper's part of a month.

func englishPayrollFirstWages() map[string]string {
	return map[string]string{
		"help.cmd.firstwages":            "/firstwages [YEAR] — who is marked as having their first wages of the year here (basic deduction from January); /firstwages PERSON on|off [YEAR] marks or unmarks them",
		"payroll.first_wages_usage":      "Write /firstwages PERSON on|off [YEAR], for example /firstwages tom on 2026.",
		"payroll.first_wages_off":        "The first-wages rule is not kept on this installation.",
		"payroll.first_wages.title":      "First wages of the year in {year} (国家税务总局公告2020年第13号: someone whose first wage income of the year is here — no wages from anyone since January — has the basic deduction counted from January, 5,000 × the month of the year):",
		"payroll.first_wages.on":         "• {name} ({person}): marked for {year} — the basic deduction counts from January.",
		"payroll.first_wages.off":        "• {name} ({person}): not marked for {year} — the basic deduction counts the months employed here.",
		"payroll.first_wages.labour":     "(Paid labour remuneration: the mark counts only for wages.)",
		"payroll.first_wages.nobody":     "Nobody on payroll yet.",
		"payroll.first_wages.hint":       "Mark a person with /firstwages PERSON on|off [YEAR] — only someone who had no wages (nor labour remuneration withheld cumulatively) from anyone earlier that year, as the person tells you.",
		"payroll.first_wages.next_draft": "The next draft of {year} applies it (draft a month again to see it).",
		"payslip.why.iit.first_wages":    "first wages of the year (国家税务总局公告2020年第13号): basic deduction from January, 5,000 × {month} = {basic}; taxable {taxable} × {rate} − {quick_deduction} = {cum_tax}, less {withheld} already withheld",
		"payslip.why.prorate.labour":     "the agreed fee {salary} for the {employed} of {workdays} working days engaged",
		"payroll.cli.first_wages_true":   "{person}: marked as having their first wages of {year} here; the basic deduction counts from January.",
		"payroll.cli.first_wages_false":  "{person}: not marked for {year}; the basic deduction counts the months employed here.",
	}
}

func chinesePayrollFirstWages() map[string]string {
	return map[string]string{
		"help.cmd.firstwages":            "首次取薪 [年份] — 谁被标记为当年首次取得工资（减除费用自1月起算）；首次取薪 工号 开|关 [年份] 标记或取消",
		"payroll.first_wages_usage":      "请写：首次取薪 工号 开|关 [年份]，例如 首次取薪 tom 开 2026。",
		"payroll.first_wages_off":        "本系统未开启年度首次取得工资的记录。",
		"payroll.first_wages.title":      "{year} 年首次取得工资（国家税务总局公告2020年第13号：一个纳税年度内首次取得工资、薪金所得的居民个人，累计减除费用按5000元/月乘以当年截至本月月份数计算）：",
		"payroll.first_wages.on":         "• {name}（{person}）：已标记 {year} 年首次取薪——减除费用自1月起算。",
		"payroll.first_wages.off":        "• {name}（{person}）：{year} 年未标记——减除费用按在本单位任职月份数计算。",
		"payroll.first_wages.labour":     "（领取劳务报酬：标记只对工资薪金有效。）",
		"payroll.first_wages.nobody":     "还没有人在工资表上。",
		"payroll.first_wages.hint":       "标记某人：首次取薪 工号 开|关 [年份]——仅限当年此前未从任何单位取得工资薪金（也未按累计预扣法预扣劳务报酬）的人，以本人申明为准。",
		"payroll.first_wages.next_draft": "{year} 年的下一次工资表计算起生效（重新计算当月即可看到）。",
		"payslip.why.iit.first_wages":    "年度首次取得工资（国家税务总局公告2020年第13号）：减除费用自1月起累计 5000 × {month} = {basic}；累计应纳税所得额 {taxable} × {rate} − 速算扣除数 {quick_deduction} = {cum_tax}，减已预扣 {withheld}",
		"payslip.why.prorate.labour":     "约定报酬 {salary}，服务 {employed}/{workdays} 个工作日",
		"payroll.cli.first_wages_true":   "{person}：已标记为 {year} 年在本单位首次取得工资，减除费用自1月起算。",
		"payroll.cli.first_wages_false":  "{person}：{year} 年未标记，减除费用按在本单位任职月份数计算。",
	}
}
