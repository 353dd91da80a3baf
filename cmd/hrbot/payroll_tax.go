package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// iitExtra are the flags of payroll iit beyond the monthly table.
type iitExtra struct {
	bonus, labour, lang *string
	sixty               bool
	firstWages          int // the month of the first wages of the year; 0: none
}

func iitExtraFlags(fs *flag.FlagSet) *iitExtra {
	x := &iitExtra{
		bonus:  fs.String("bonus", "", "a year-end bonus: print its separate tax (全年一次性奖金单独计税)"),
		labour: fs.String("labour", "", "a payment of labour remuneration: print the tax withheld (劳务报酬)"),
		lang:   fs.String("lang", "en", "language of the messages and of the --bonus and --labour output: en or zh-CN"),
	}
	fs.BoolVar(&x.sixty, "prior-year-under-60k", false, "the 60,000 rule: 60,000 basic deduction from January (国家税务总局公告2020年第19号)")
	fs.IntVar(&x.firstWages, "first-wages-month", 0, "first wages of the year from this month, 1–12: basic deduction from January (国家税务总局公告2020年第13号)")
	return x
}

// run prints the bonus or labour calculation when one was asked for, in
// tr's language; done says whether it did (and the monthly table is not
// wanted).
func (x *iitExtra) run(e env, tr translator) (done bool, err error) {
	if *x.bonus == "" && *x.labour == "" {
		return false, nil
	}
	for _, c := range []struct {
		s     string
		print func(decimal.Decimal)
	}{{*x.bonus, func(n decimal.Decimal) { printBonusTax(e, tr, n) }}, {*x.labour, func(n decimal.Decimal) { printLabourTax(e, tr, n) }}} {
		if c.s == "" {
			continue
		}
		n, err := notNegative(c.s)
		if err != nil {
			return true, err
		}
		c.print(n.Round(2))
	}
	return true, nil
}

func printBonusTax(e env, tr translator, n decimal.Decimal) {
	bt := pay.SeparateBonusTax(n)
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.bonus_tax", "bonus", bt.Bonus.StringFixed(2), "monthly", bt.Monthly.StringFixed(2),
		"rate", pct(bt.Rate), "quick_deduction", bt.QuickDeduction.StringFixed(2), "tax", bt.Tax.StringFixed(2),
		"net", bt.Bonus.Sub(bt.Tax).StringFixed(2)))
	if z, ok := pay.BonusDeadZone(n); ok {
		fmt.Fprintln(e.stdout, tr.T("payroll.cli.bonus_dead", "threshold", z.Threshold.StringFixed(2), "dead_to", z.To.StringFixed(2),
			"jump", z.Jump.StringFixed(2), "net", z.Threshold.Sub(pay.SeparateBonusTax(z.Threshold).Tax).StringFixed(2)))
	}
}

func printLabourTax(e env, tr translator, n decimal.Decimal) {
	lt := pay.LabourWithholding(n)
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.labour_tax", "income", lt.Income.StringFixed(2), "deduction", lt.Deduction.StringFixed(2),
		"deduction_rule", lt.DeductionRule, "taxable", lt.Taxable.StringFixed(2), "rate", pct(lt.Rate),
		"quick_deduction", lt.QuickDeduction.StringFixed(2), "tax", lt.Tax.StringFixed(2), "net", lt.Income.Sub(lt.Tax).StringFixed(2)))
}

// pct writes a fraction as a percentage: 0.03 → 3%.
func pct(d decimal.Decimal) string { return d.Shift(2).String() + "%" }

func cmdPayrollBonus(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll bonus", "payroll bonus [--org ORG] --period YYYY-MM --person KEY --amount N [--method auto|separate|combined]\n\n"+
		"Records a person's year-end bonus (全年一次性奖金) paid in that month's run; again replaces it.\n"+
		"auto (the default) takes whichever of the two methods withholds less this month; the\n"+
		"payslip shows both. Separate taxation is allowed until 31 December 2027\n(财政部 税务总局公告2023年第30号), once a year per person.")
	person := fs.String("person", "", "person key")
	amount := fs.String("amount", "", "the bonus, more than zero")
	method := fs.String("method", "auto", "auto, separate (单独计税) or combined (并入当月工资)")
	a, org, tr, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := money(*amount)
	if err != nil || *person == "" || !n.IsPositive() {
		fs.Usage()
		return errUsage
	}
	if n, err = payroll.BonusAmount(n); err != nil {
		return tr.explain(err)
	}
	m, err := payroll.ParseBonusMethod(strings.TrimSpace(*method))
	if err != nil {
		return tr.explain(err)
	}
	if err := a.svc.store.payroll.SetYearEndBonus(ctx, org.ID, *person, *pf.period, pay.YearEndBonus{Amount: n, Method: m},
		"payroll bonus", a.svc.clock.Now()); err != nil {
		return tr.explain(err)
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.bonus_saved", "person", *person, "amount", n.StringFixed(2), "period", *pf.period,
		"method", tr.T("payroll.bonus_method."+m)))
	printBonusTax(e, tr, n)
	return nil
}

func cmdPayrollSixty(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll sixty", "payroll sixty [--org ORG] --year YYYY --person KEY [--off|--clear]\n\n"+
		"The 60,000 rule (国家税务总局公告2020年第19号): a person employed here all of last year,\n"+
		"with last year's wages at most 60,000, gets 60,000 of basic deduction from January.\n"+
		"hrbot applies it by itself when last year's December run shows twelve months and at\n"+
		"most 60,000; this sets it for a person where hrbot has not got last year (--off: not\n"+
		"applied, e.g. the person declined it; --clear: back to what hrbot's records say).")
	mf := newYearMarkFlags(fs, "the tax year the rule is for")
	off := fs.Bool("off", false, "do not apply the rule to this person this year")
	clear := fs.Bool("clear", false, "forget HR's setting: hrbot's records decide")
	a, org, tr, err := mf.open(ctx, e, fs, args, func() bool { return *off && *clear })
	if err != nil {
		return err
	}
	defer a.Close()
	year, person := mf.year, mf.person
	var applies *bool
	state := "cleared"
	if !*clear {
		v := !*off
		applies = &v
		state = strconv.FormatBool(v)
	}
	err = a.svc.store.payroll.SetSixty(ctx, org.ID, *person, *year, applies, "payroll sixty", a.svc.clock.Now())
	if err != nil {
		return tr.explain(err)
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.sixty_"+state, "person", *person, "year", strconv.Itoa(*year)))
	return nil
}
