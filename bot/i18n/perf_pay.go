package i18n

// Performance pay (绩效奖金): the payslip line a review cycle's result
// pays in the month the org chose.

func englishPerfPay() map[string]string {
	return map[string]string{
		"payslip.line.perf_bonus":        "Performance bonus ({cycle})",
		"payslip.why.perf_bonus":         "band {band}: performance pay {base} × coefficient {coefficient}",
		"payslip.why.perf_bonus.percent": "band {band}: {percent}% of the monthly salary {salary} = {base} × coefficient {coefficient}",
		"payslip.why.perf_bonus.hourly":  "band {band}: performance pay is {percent}% of a monthly salary, and hourly pay has none",
	}
}

func chinesePerfPay() map[string]string {
	return map[string]string{
		"payslip.line.perf_bonus":        "绩效奖金（{cycle}）",
		"payslip.why.perf_bonus":         "等级 {band}：绩效工资 {base} × 系数 {coefficient}",
		"payslip.why.perf_bonus.percent": "等级 {band}：月薪 {salary} × {percent}% = {base} × 系数 {coefficient}",
		"payslip.why.perf_bonus.hourly":  "等级 {band}：绩效工资按月薪的 {percent}% 计，计时工资没有月薪，故为 0",
	}
}
