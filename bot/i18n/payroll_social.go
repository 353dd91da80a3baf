package i18n

// Social insurance and housing fund bases held to the city's floor and
// ceiling on the payslip, and the employer's contributions in the cost of
// labour (hrbot payroll show --cost).

func englishPayrollSocial() map[string]string {
	m := map[string]string{
		"payroll.cost.title":         "Cost of labour, {period} ({status}): gross wage and the employer's social insurance and housing fund",
		"payroll.cost.row":           "{name} ({person}): gross {gross} + employer {employer} = {total}",
		"payroll.cost.total":         "Total: gross {gross} + employer {employer} = {total}",
		"payroll.cost.none":          "No employer contributions in this run: set payroll.employer_rates in the org file and draft it again.",
		"payroll.warn.no_bases":      "{name} ({person}): no contribution bases of {city} cover {period}, so the declared bases were used as they are; add the city's bases to the org file",
		"payslip.employer.injury":    "Work injury insurance (employer)",
		"payslip.employer.maternity": "Maternity insurance (employer)",
	}
	for code, label := range map[string]string{"pension": "Pension insurance", "medical": "Medical insurance",
		"unemployment": "Unemployment insurance", "housing_fund": "Housing fund"} {
		m["payslip.why."+code+".floor"] = "{base} × {rate}: the declared base {declared} is below {city}'s floor {floor}, so the floor is used"
		m["payslip.why."+code+".ceiling"] = "{base} × {rate}: the declared base {declared} is above {city}'s ceiling {ceiling}, so the ceiling is used"
		m["payslip.employer."+code] = label + " (employer)"
	}
	m["payslip.employer.line"] = "  · {label}: {amount} ({base} × {rate})"
	return m
}

func chinesePayrollSocial() map[string]string {
	m := map[string]string{
		"payroll.cost.title":         "{period} 用工成本（{status}）：应发工资及单位缴纳的社保公积金",
		"payroll.cost.row":           "{name}（{person}）：应发 {gross} + 单位缴纳 {employer} = {total}",
		"payroll.cost.total":         "合计：应发 {gross} + 单位缴纳 {employer} = {total}",
		"payroll.cost.none":          "本期没有单位缴纳部分：请在组织文件中设置 payroll.employer_rates，然后重新生成草稿。",
		"payroll.warn.no_bases":      "{name}（{person}）：组织文件中没有{city} {period} 的缴费基数，已按申报基数计算；请补充该城市的基数",
		"payslip.employer.injury":    "工伤保险（单位）",
		"payslip.employer.maternity": "生育保险（单位）",
	}
	for code, label := range map[string]string{"pension": "养老保险", "medical": "医疗保险",
		"unemployment": "失业保险", "housing_fund": "住房公积金"} {
		m["payslip.why."+code+".floor"] = "{base} × {rate}：申报基数 {declared} 低于{city}缴费基数下限 {floor}，按下限计"
		m["payslip.why."+code+".ceiling"] = "{base} × {rate}：申报基数 {declared} 高于{city}缴费基数上限 {ceiling}，按上限计"
		m["payslip.employer."+code] = label + "（单位）"
	}
	m["payslip.employer.line"] = "  · {label}：{amount}（{base} × {rate}）"
	return m
}
