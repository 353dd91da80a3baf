package orgfile

import (
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// payroll reads an org's payroll rules; nil when the file has none, so
// China's defaults apply.
func (p *parser) payroll(n *yaml.Node, path string) *PayrollPolicy {
	if n == nil {
		return nil
	}
	pol := DefaultPayrollPolicy()
	f := p.fields(n, path, append([]string{"day_divisor", "day_hours", "late_penalty", "late_free", "overtime", "rest_day_overtime", "tax",
		"minimum_wage", "bank_files"}, socialFields...)...)
	p.payrollSocial(f, path, &pol)
	pol.DayDivisor = p.decimalField(f, "day_divisor", path, pol.DayDivisor, "1", "31")
	pol.DayHours = p.decimalField(f, "day_hours", path, pol.DayHours, "1", "24")
	pol.LatePenalty = p.decimalField(f, "late_penalty", path, pol.LatePenalty, "0", "100000")
	pol.LateFree = p.intField(f, "late_free", path, 0, 0, 31)
	pol.MinimumWage = p.decimalField(f, "minimum_wage", path, pol.MinimumWage, "0", "100000")
	if on := f["overtime"]; on != nil {
		opath := join(path, "overtime")
		of := p.fields(on, opath, "workday", "rest_day", "holiday")
		pol.OvertimeWorkday = p.decimalField(of, "workday", opath, pol.OvertimeWorkday, "1", "10")
		pol.OvertimeRestDay = p.decimalField(of, "rest_day", opath, pol.OvertimeRestDay, "1", "10")
		pol.OvertimeHoliday = p.decimalField(of, "holiday", opath, pol.OvertimeHoliday, "1", "10")
	}
	if v, vn := p.str(f, "rest_day_overtime", path, false); vn != nil {
		switch strings.TrimSpace(v) {
		case "pay":
		case "leave":
			pol.RestDayAsLeave = true
		default:
			p.errorf(vn, join(path, "rest_day_overtime"), "must be pay or leave (time off in lieu), got %q", v)
		}
	}
	if v, vn := p.str(f, "tax", path, false); vn != nil {
		if _, err := pay.ParseTaxRule(v); err != nil {
			p.errorf(vn, join(path, "tax"), "must be cn_cumulative, none or flat:RATE such as flat:10%%, got %q", v)
		} else {
			pol.TaxRule = strings.TrimSpace(v)
		}
	}
	pol.BankFiles = p.bankFiles(f["bank_files"], join(path, "bank_files"))
	return &pol
}

// decimalField reads an exact decimal between lo and hi.
func (p *parser) decimalField(f map[string]*yaml.Node, key, path string, def decimal.Decimal, lo, hi string) decimal.Decimal {
	n := f[key]
	if n == nil {
		return def
	}
	d, err := decimal.NewFromString(strings.TrimSpace(n.Value))
	if err != nil || n.Kind != yaml.ScalarNode || d.LessThan(decimal.RequireFromString(lo)) || d.GreaterThan(decimal.RequireFromString(hi)) {
		p.errorf(n, join(path, key), "must be a number from %s to %s, got %q", lo, hi, n.Value)
		return def
	}
	return d
}
