package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/render"
)

const payrollUsage = `Usage:
  hrbot payroll iit --income N --deductions N --additional N [--months 12] [--prior-year-under-60k | --first-wages-month M] [--lang en|zh-CN]
      China's cumulative withholding, month by month (monthly taxable wage,
      social insurance and housing fund, special additional deductions);
      --prior-year-under-60k: under the 60,000 rule; --first-wages-month M:
      first wages of the year from month M (basic deduction from January)
  hrbot payroll iit --bonus N [--lang en|zh-CN]
      the separate tax of a year-end bonus, and whether it is in a dead zone
  hrbot payroll iit --labour N [--lang en|zh-CN]
      the tax withheld on a payment of labour remuneration (劳务报酬)
  hrbot payroll bonus [--org ORG] --period YYYY-MM --person KEY --amount N [--method auto|separate|combined]
      a year-end bonus paid in that month's run (auto: the lower tax)
  hrbot payroll sixty [--org ORG] --year YYYY --person KEY [--off|--clear]
      apply the 60,000 rule to a person for the year (or not; or back to hrbot's records)
  hrbot payroll first-wages [--org ORG] --year YYYY --person KEY [--off]
      mark a person's first wages of the year here (公告2020年第13号: basic deduction from January)
  hrbot payroll profiles [--org ORG] FILE.csv
      create or replace pay profiles (bank accounts sealed with HRBOT_ENCRYPTION_KEY)
  hrbot payroll opening [--org ORG] [--year YYYY] FILE.csv
      year-to-date figures from before hrbot, so a first run mid-year is taxed right
  hrbot payroll run [--org ORG] --period YYYY-MM
      draft the month's run (again: it is replaced, until approved)
  hrbot payroll show [--org ORG] --period YYYY-MM [--person KEY] [--lang en|zh-CN] [--cost]
      every line of every payslip, explained; --cost: gross + the employer's contributions
  hrbot payroll adjust [--org ORG] --period YYYY-MM --person KEY --amount N --description TEXT [--not-taxable]
      a correction paid (or taken back) in that month's run
  hrbot payroll approve [--org ORG] --period YYYY-MM --as HR_KEY [--override REASON]
      approve the draft: it never changes again, payslips go out in chat;
      a draft with a net pay below zero or of a month not over needs --override
  hrbot payroll export [--org ORG] --period YYYY-MM [--out DIR]
      the run as CSV and XLSX, and (approved runs) the bank-transfer CSV
  hrbot payroll declaration [--org ORG] --period YYYY-MM [--out DIR]
      the tax client's withholding declaration (wages; labour) as XLSX
  hrbot payroll bank [--org ORG] --period YYYY-MM [--layout KEY] [--out DIR]
      an approved run's bank batch-payment file in a layout of the org file
  hrbot payroll statement [--org ORG] --year YYYY [--person KEY] [--out DIR]
      each person's year: income, contributions, deductions and tax by month`

func cmdPayroll(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, payrollUsage)
		return errUsage
	}
	run := map[string]func(context.Context, env, []string) error{
		"iit": cmdPayrollIIT, "profiles": cmdPayrollProfiles, "opening": cmdPayrollOpening, "run": cmdPayrollRun, "show": cmdPayrollShow,
		"adjust": cmdPayrollAdjust, "bonus": cmdPayrollBonus, "sixty": cmdPayrollSixty, "first-wages": cmdPayrollFirstWages, "approve": cmdPayrollApprove, "export": cmdPayrollExport,
		"declaration": cmdPayrollDeclaration, "bank": cmdPayrollBank, "statement": cmdPayrollStatement,
	}[args[0]]
	if run == nil {
		fmt.Fprintln(e.stderr, payrollUsage)
		return errUsage
	}
	return run(ctx, e, args[1:])
}

// money reads an amount typed on the command line: 36000, 36,000.00.
// Errors: EInvalid (payroll.cli.not_amount).
func money(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(strings.ReplaceAll(strings.TrimSpace(s), ",", ""))
	if err != nil {
		return d, core.Errorf(core.EInvalid, "payroll.cli.not_amount", "%q is not an amount", s).With("value", s)
	}
	return d, nil
}

// notNegative is money that may not be below zero.
// Errors: EInvalid (payroll.cli.not_amount, payroll.cli.negative).
func notNegative(s string) (decimal.Decimal, error) {
	d, err := money(s)
	if err != nil {
		return d, err
	}
	if d.IsNegative() {
		return d, core.Errorf(core.EInvalid, "payroll.cli.negative", "%s is negative", s).With("value", s)
	}
	return d, nil
}

func cmdPayrollIIT(_ context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll iit", "payroll iit --income N --deductions N --additional N [--months 12] [--prior-year-under-60k | --first-wages-month M] [--lang en|zh-CN]\n"+
		"payroll iit --bonus N [--lang en|zh-CN]\npayroll iit --labour N [--lang en|zh-CN]\n\nChina's cumulative withholding of individual income tax on wages (累计预扣法),\n"+
		"month by month. Each row starts with the month and ends with its withholding.\n--prior-year-under-60k: the 60,000 rule (国家税务总局公告2020年第19号), 60,000 of basic\n"+
		"deduction from January. --first-wages-month M: first wages of the year from month M\n(国家税务总局公告2020年第13号), rows from M, basic deduction 5,000 × the month of the year.\n--bonus: a year-end bonus taxed on its own (全年一次性奖金).\n--labour: a payment of labour remuneration (劳务报酬).")
	income := fs.String("income", "", "monthly taxable wage")
	deductions := fs.String("deductions", "0", "monthly special deductions (social insurance, housing fund)")
	additional := fs.String("additional", "0", "monthly special additional deductions (专项附加扣除)")
	months := fs.Int("months", 12, "how many months, 1 to 12")
	x := iitExtraFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// There is no org to take a language from: --lang says it (English
	// when not given), for the errors too.
	loc, ok := core.ParseLocale(*x.lang)
	if !ok {
		return fmt.Errorf("--lang %q: write en or zh-CN", *x.lang)
	}
	tr := newTranslator(loc)
	if done, err := x.run(e, tr); done {
		return tr.explain(err)
	}
	var wrong string
	switch {
	case *income == "":
		wrong = tr.T("payroll.cli.iit_income_required")
	case *months < 1 || *months > 12:
		wrong = tr.T("payroll.cli.iit_months", "value", strconv.Itoa(*months))
	case x.firstWages < 0 || x.firstWages > 12:
		wrong = tr.T("payroll.cli.iit_first_wages_month", "value", strconv.Itoa(x.firstWages))
	case x.firstWages > 0 && x.sixty:
		wrong = tr.T("payroll.cli.iit_first_wages_sixty")
	}
	if wrong != "" {
		fmt.Fprintln(e.stderr, wrong)
		fs.Usage()
		return errUsage
	}
	var vals [3]decimal.Decimal
	for i, s := range []string{*income, *deductions, *additional} {
		d, err := notNegative(s)
		if err != nil {
			return tr.explain(err)
		}
		vals[i] = d
	}
	// Rows start with the month and end with its withholding, nothing
	// around them, so scripts can read them.
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "month\tincome\tcum_income\tcum_basic\tcum_deductions\tcum_additional\tcum_taxable\trate\tquick_deduction\tcum_tax\twithheld_before\twithhold")
	table := pay.IITTable
	if x.sixty {
		table = pay.IITTableSixty
	}
	if x.firstWages > 0 {
		table = func(income, deductions, additional decimal.Decimal, months int) []pay.IITRow {
			return pay.IITTableFirstWages(income, deductions, additional, x.firstWages, months)
		}
	}
	for _, r := range table(vals[0], vals[1], vals[2], *months) {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s%%\t%s\t%s\t%s\t%s\n", r.Month, r.Income.StringFixed(2), r.CumIncome.StringFixed(2),
			r.CumBasic.StringFixed(2), r.CumDeductions.StringFixed(2), r.CumAdditional.StringFixed(2), r.CumTaxable.StringFixed(2),
			r.Rate.Mul(decimal.NewFromInt(100)).String(), r.QuickDeduction.StringFixed(2), r.CumTax.StringFixed(2), r.Withheld.StringFixed(2),
			r.Withhold.StringFixed(2))
	}
	return tw.Flush()
}

func cmdPayrollProfiles(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll profiles", "payroll profiles [--org ORG] [--lang en|zh-CN] FILE.csv\n\nCreates or replaces pay profiles. Columns, in English or Chinese: "+payroll.ColumnList(payroll.ProfileColumns)+
		".\nkind is monthly, hourly or labour (月薪, 时薪 or 劳务: the salary column is then the agreed fee); allowances read name:amount;name:amount; rates are\nfractions (0.08) or percentages (8%). Bank accounts are sealed with HRBOT_ENCRYPTION_KEY.\nA file with any problem imports nothing; every problem is listed.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	lang := fs.String("lang", "", "language of the messages: en or zh-CN (default: the org's)")
	file, err := parseWithOperand(fs, args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	a, org, tr, err := openPayrollLang(ctx, e, *orgKey, *lang)
	if err != nil {
		return err
	}
	defer a.Close()
	people, err := orgPeople(ctx, a, org)
	if err != nil {
		return tr.explain(err)
	}
	profiles, probs := payroll.ReadProfiles(file, bytes.NewReader(data), people, a.cfg.EncryptionKey != nil)
	if len(probs) > 0 {
		fmt.Fprintln(e.stderr, renderProblems(file, probs, tr))
		return errors.New(tr.T("payroll.cli.nothing_imported"))
	}
	n, err := a.svc.store.payroll.SaveProfiles(ctx, org.ID, profiles, "payroll profiles "+filepath.Base(file), a.svc.clock.Now())
	if err != nil {
		return tr.explain(err)
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.profiles_saved", "org", org.Key, "count", strconv.Itoa(n)))
	return nil
}

func cmdPayrollOpening(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll opening", "payroll opening [--org ORG] [--year YYYY] [--lang en|zh-CN] FILE.csv\n\nImports each person's year to date with this employer from before hrbot, so that\nthe first run of an org starting mid-year is not taxed as a first month.\nColumns, in English or Chinese: "+payroll.ColumnList(payroll.OpeningColumns)+".\nmonths: months already paid this year (0–11); income: cumulative taxable wage income;\ndeductions: employee social insurance and housing fund; additional: special additional\ndeductions used (专项附加扣除); withheld: income tax already withheld.\nImporting again replaces a person's figures, until a run of the year is approved.\nA file with any problem imports nothing; every problem is listed.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	lang := fs.String("lang", "", "language of the messages: en or zh-CN (default: the org's)")
	year := fs.Int("year", 0, "the tax year (default: this year)")
	file, err := parseWithOperand(fs, args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	a, org, tr, err := openPayrollLang(ctx, e, *orgKey, *lang)
	if err != nil {
		return err
	}
	defer a.Close()
	if *year == 0 {
		*year = a.svc.clock.Now().In(org.Location()).Year()
	}
	people, err := orgPeople(ctx, a, org)
	if err != nil {
		return tr.explain(err)
	}
	openings, probs := payroll.ReadOpenings(file, bytes.NewReader(data), people)
	if len(probs) > 0 {
		fmt.Fprintln(e.stderr, renderProblems(file, probs, tr))
		return errors.New(tr.T("payroll.cli.nothing_imported"))
	}
	n, err := a.svc.store.payroll.SaveOpenings(ctx, org.ID, *year, openings, "payroll opening "+filepath.Base(file), a.svc.clock.Now())
	if err != nil {
		return tr.explain(err)
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.openings_saved", "org", org.Key, "count", strconv.Itoa(n), "year", strconv.Itoa(*year)))
	return nil
}

func cmdPayrollRun(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll run", "payroll run [--org ORG] --period YYYY-MM [--lang en|zh-CN]\n\nDrafts the month's payroll from attendance, leave, overtime and cover. Running\nit again replaces the draft; an approved run is never changed. The draft lists\nwhat to check before approving it.")
	a, org, tr, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	run, missing, err := a.svc.payroll.DraftOrg(ctx, org, *pf.period, "payroll run")
	if err != nil {
		return tr.explain(err)
	}
	gross, social, tax, net := run.Totals()
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.drafted", "org", org.Key, "period", run.Period, "count", strconv.Itoa(len(run.Slips))))
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.totals", "gross", payroll.Amount(gross), "social", payroll.Amount(social),
		"tax", payroll.Amount(tax), "net", payroll.Amount(net)))
	if len(missing) > 0 {
		fmt.Fprintln(e.stdout, tr.T("payroll.missing", "people", strings.Join(missing, ", ")))
	}
	printWarnings(e.stdout, tr, run)
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.next", "period", run.Period))
	return nil
}

// printWarnings lists a draft's warnings under their heading.
func printWarnings(w io.Writer, tr translator, run payroll.Run) {
	if len(run.Warnings) == 0 || run.Status != payroll.StatusDraft {
		return
	}
	fmt.Fprintln(w, tr.T("payroll.warnings"))
	for _, wa := range run.Warnings {
		fmt.Fprintln(w, bot.DescribeWarning(tr.cat, tr.loc, wa))
	}
}

func cmdPayrollShow(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll show", "payroll show [--org ORG] --period YYYY-MM [--person KEY] [--lang en|zh-CN] [--cost]\n\nPrints every line of the run's payslips with how it was worked out, and the\ndraft's warnings; with --cost, the cost of labour: each person's gross wage\nand the employer's social insurance and housing fund on top.")
	person := fs.String("person", "", "only this person")
	cost := fs.Bool("cost", false, "the cost of labour: gross + the employer's contributions, per person and in total")
	a, _, tr, run, err := openRun(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *cost {
		printCost(e.stdout, tr, run, *person) // payroll_cost.go
		return nil
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.title", "period", run.Period, "status", tr.T("payroll.status."+run.Status), "count", strconv.Itoa(len(run.Slips))))
	if *person == "" {
		printWarnings(e.stdout, tr, run)
		if run.OverrideReason != "" {
			fmt.Fprintln(e.stdout, tr.T("payroll.overridden", "reason", run.OverrideReason))
		}
	}
	for _, s := range run.Slips {
		if *person != "" && s.Key != *person {
			continue
		}
		fmt.Fprintf(e.stdout, "\n%s (%s)\n", s.Name, s.Key)
		for _, l := range s.Lines {
			fmt.Fprintln(e.stdout, "  "+bot.DescribeLine(tr.cat, tr.loc, l))
		}
		fmt.Fprintln(e.stdout, "  "+tr.T("payroll.cli.slip_totals", "gross", payroll.Amount(s.Gross), "social", payroll.Amount(s.Social),
			"tax", payroll.Amount(s.Tax.Withhold), "net", payroll.Amount(s.Net)))
	}
	return nil
}

func cmdPayrollAdjust(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll adjust", "payroll adjust [--org ORG] --period YYYY-MM --person KEY --amount N --description TEXT [--not-taxable]\n\nRecords a correction — an underpayment last month, a deduction taken twice —\nto be paid (or taken back, with a negative amount) in the given month's run.")
	person := fs.String("person", "", "person key")
	amount := fs.String("amount", "", "amount, negative to take back")
	desc := fs.String("description", "", "what it is for; shown on the payslip")
	notTaxable := fs.Bool("not-taxable", false, "not wage income (e.g. a reimbursement)")
	a, org, tr, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *amount == "" || *person == "" || strings.TrimSpace(*desc) == "" {
		fs.Usage()
		return errUsage
	}
	d, err := payroll.AdjustmentAmount(*amount) // as the console reads it: to the cent, not zero, not beyond what is kept
	if err != nil {
		return tr.explain(err)
	}
	if err := a.svc.store.payroll.AddAdjustment(ctx, org.ID, *person, *pf.period, pay.Adjustment{Description: strings.TrimSpace(*desc), Amount: d, Taxable: !*notTaxable},
		"payroll adjust", a.svc.clock.Now()); err != nil {
		return tr.explain(err)
	}
	fmt.Fprintf(e.stdout, "%s: %s %s in %s; run hrbot payroll run --period %s to include it\n", *person, d.StringFixed(2), *desc, *pf.period, *pf.period)
	return nil
}

func cmdPayrollApprove(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll approve", "payroll approve [--org ORG] --period YYYY-MM --as HR_KEY [--override REASON]\n\nApproves the month's draft as that HR person: the run never changes again and\neveryone's payslip is sent to them privately in chat. A draft with a net pay\nbelow zero, or drafted before its month was over, is refused unless --override\nsays why it is right all the same; the reason is kept in the audit log.")
	as := fs.String("as", "", "the HR person approving (key)")
	override := fs.String("override", "", "why the run is approved despite its blocking warnings")
	a, org, tr, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *as == "" {
		fs.Usage()
		return errUsage
	}
	members, err := a.svc.store.directory.FindMembersByKey(ctx, *as)
	if err != nil {
		return tr.explain(err)
	}
	var m *core.Member
	for i := range members {
		if members[i].Org.ID == org.ID {
			m = &members[i]
		}
	}
	if m == nil {
		return tr.explain(core.Errorf(core.EInvalid, "payroll.unknown_person", "no %q in %s", *as, org.Key).With("person", *as))
	}
	run, err := a.svc.payroll.Approve(ctx, *m, *pf.period, "cli", *override)
	if err != nil {
		return tr.explain(err)
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.approved", "org", org.Key, "period", run.Period, "name", m.Employee.Name, "count", strconv.Itoa(len(run.Slips))))
	if run.OverrideReason != "" {
		fmt.Fprintln(e.stdout, tr.T("payroll.overridden", "reason", run.OverrideReason))
	}
	return nil
}

func cmdPayrollExport(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll export", "payroll export [--org ORG] --period YYYY-MM [--out DIR]\n\nWrites payroll-ORG-PERIOD.csv and .xlsx, and for an approved run\nbank-ORG-PERIOD.csv (needs HRBOT_ENCRYPTION_KEY to open the accounts). The\nbank file holds only positive transfers: people whose net pay is zero or\nbelow, or who have no account on file, are left out and named.")
	out := fs.String("out", ".", "directory to write to")
	a, org, tr, run, err := openRun(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	base := fmt.Sprintf("%s-%s", org.Key, run.Period)
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"payroll-" + base + ".csv", func(w io.Writer) error { return render.PayrollCSV(w, run) }},
		{"payroll-" + base + ".xlsx", func(w io.Writer) error { return render.PayrollXLSX(w, run) }},
	}
	if run.Status == payroll.StatusApproved {
		files = append(files, struct {
			name  string
			write func(io.Writer) error
		}{"bank-" + base + ".csv", func(w io.Writer) error {
			payees, err := bankPayees(ctx, a, org, run, false)
			if err != nil {
				return err
			}
			left, err := bankTransferCSV(w, run, payees, tr.T("payroll.files.reference", "period", run.Period))
			printLeftOut(e, tr, left)
			return err
		}})
	}
	for _, f := range files {
		if err := writePayrollFile(e, filepath.Join(*out, f.name), f.write); err != nil {
			return tr.explain(err)
		}
	}
	return nil
}

// openRun is openPayroll and the org's run of --period, which show,
// export, declaration and bank start with; the caller closes a.
func openRun(ctx context.Context, e env, fs *flag.FlagSet, pf *payrollFlags, args []string) (*app, core.Org, translator, payroll.Run, error) {
	a, org, tr, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return nil, core.Org{}, translator{}, payroll.Run{}, err
	}
	run, err := findRun(ctx, a, org, *pf.period)
	if err != nil {
		a.Close()
		return nil, core.Org{}, translator{}, payroll.Run{}, tr.explain(err)
	}
	return a, org, tr, run, nil
}

// findRun reads the org's run for period; a missing one is an error the
// translator can say.
func findRun(ctx context.Context, a *app, org core.Org, period string) (payroll.Run, error) {
	run, err := a.svc.store.payroll.FindRun(ctx, org.ID, period)
	if core.ErrorCodeOf(err) == core.ENotFound {
		err = core.Errorf(core.ENotFound, "payroll.no_run", "no payroll run for %s", period).With("period", period)
	}
	return run, err
}
