package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payrun"
	"github.com/hrbot/hrbot/report"
	"github.com/hrbot/hrbot/store"
)

const payrollUsage = `Usage:
  hrbot payroll iit --income N --deductions N --additional N [--months 12]
      China's cumulative withholding, month by month (monthly taxable wage,
      social insurance and housing fund, special additional deductions)
  hrbot payroll profiles [--org ORG] FILE.csv
      create or replace pay profiles (bank accounts sealed with HRBOT_ENCRYPTION_KEY)
  hrbot payroll run [--org ORG] --period YYYY-MM
      draft the month's run (again: it is replaced, until approved)
  hrbot payroll show [--org ORG] --period YYYY-MM [--person KEY] [--lang en|zh-CN]
      every line of every payslip, explained
  hrbot payroll adjust [--org ORG] --period YYYY-MM --person KEY --amount N --description TEXT [--not-taxable]
      a correction paid (or taken back) in that month's run
  hrbot payroll approve [--org ORG] --period YYYY-MM --as HR_KEY
      approve the draft: it never changes again, payslips go out in chat
  hrbot payroll export [--org ORG] --period YYYY-MM [--out DIR]
      the run as CSV and XLSX, and (approved runs) the bank-transfer CSV`

func cmdPayroll(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, payrollUsage)
		return errUsage
	}
	run := map[string]func(context.Context, env, []string) error{
		"iit": cmdPayrollIIT, "profiles": cmdPayrollProfiles, "run": cmdPayrollRun, "show": cmdPayrollShow,
		"adjust": cmdPayrollAdjust, "approve": cmdPayrollApprove, "export": cmdPayrollExport,
	}[args[0]]
	if run == nil {
		fmt.Fprintln(e.stderr, payrollUsage)
		return errUsage
	}
	return run(ctx, e, args[1:])
}

func money(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(strings.ReplaceAll(strings.TrimSpace(s), ",", ""))
	if err != nil {
		return d, fmt.Errorf("%q is not an amount", s)
	}
	return d, nil
}

func cmdPayrollIIT(_ context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll iit", "payroll iit --income N --deductions N --additional N [--months 12]\n\nChina's cumulative withholding of individual income tax on wages (累计预扣法),\nmonth by month. Each row starts with the month and ends with its withholding.")
	income := fs.String("income", "", "monthly taxable wage")
	deductions := fs.String("deductions", "0", "monthly special deductions (social insurance, housing fund)")
	additional := fs.String("additional", "0", "monthly special additional deductions (专项附加扣除)")
	months := fs.Int("months", 12, "how many months, 1 to 12")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *income == "" || *months < 1 || *months > 12 {
		fs.Usage()
		return errUsage
	}
	var vals [3]decimal.Decimal
	for i, s := range []string{*income, *deductions, *additional} {
		d, err := money(s)
		if err != nil {
			return err
		}
		if d.IsNegative() {
			return fmt.Errorf("%s is negative", s)
		}
		vals[i] = d
	}
	// Rows start with the month and end with its withholding, nothing
	// around them, so scripts can read them.
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "month\tincome\tcum_income\tcum_basic\tcum_deductions\tcum_additional\tcum_taxable\trate\tquick_deduction\tcum_tax\twithheld_before\twithhold")
	for _, r := range payroll.IITTable(vals[0], vals[1], vals[2], *months) {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s%%\t%s\t%s\t%s\t%s\n", r.Month, r.Income.StringFixed(2), r.CumIncome.StringFixed(2),
			r.CumBasic.StringFixed(2), r.CumDeductions.StringFixed(2), r.CumAdditional.StringFixed(2), r.CumTaxable.StringFixed(2),
			r.Rate.Mul(decimal.NewFromInt(100)).String(), r.QuickDeduction.StringFixed(2), r.CumTax.StringFixed(2), r.Withheld.StringFixed(2),
			r.Withhold.StringFixed(2))
	}
	return tw.Flush()
}

// profileColumns are the columns of a pay-profile CSV; key and kind are
// required, the rates default to China's usual employee shares.
var profileColumns = []string{"key", "kind", "salary", "hourly_rate", "allowances", "cover_rate", "social_base", "housing_base",
	"pension_rate", "medical_rate", "unemployment_rate", "housing_rate", "special_additional", "bank_name", "bank_account"}

// readProfiles reads a pay-profile CSV; every problem is reported as
// file:line: column: reason, and any problem imports nothing.
func readProfiles(name string, r io.Reader) ([]store.PayProfileInput, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !contains(profileColumns, h) {
			return nil, fmt.Errorf("%s:1: unknown column %q (columns: %s)", name, h, strings.Join(profileColumns, ", "))
		}
		col[h] = i
	}
	for _, need := range []string{"key", "kind"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: column %q is required", name, need)
		}
	}
	var out []store.PayProfileInput
	var problems []error
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		bad := func(c, format string, args ...any) {
			problems = append(problems, fmt.Errorf("%s:%d: %s: %s", name, line, c, fmt.Sprintf(format, args...)))
		}
		p := store.PayProfileInput{Key: get("key"), BankName: get("bank_name"), BankAccount: get("bank_account")}
		pr := &p.Profile
		pr.Kind = payroll.PayKind(get("kind"))
		pr.PensionRate, pr.MedicalRate, pr.UnemploymentRate, pr.HousingRate = payroll.DefaultRates()
		for c, dst := range map[string]*decimal.Decimal{"salary": &pr.Salary, "hourly_rate": &pr.HourlyRate, "cover_rate": &pr.CoverRate,
			"social_base": &pr.SocialBase, "housing_base": &pr.HousingBase, "pension_rate": &pr.PensionRate, "medical_rate": &pr.MedicalRate,
			"unemployment_rate": &pr.UnemploymentRate, "housing_rate": &pr.HousingRate, "special_additional": &pr.SpecialAdditional} {
			if v := get(c); v != "" {
				d, err := money(v)
				if err != nil || d.IsNegative() {
					bad(c, "%q is not an amount of zero or more", v)
					continue
				}
				*dst = d
			}
		}
		for _, a := range strings.Split(get("allowances"), ";") {
			if strings.TrimSpace(a) == "" {
				continue
			}
			n, v, ok := strings.Cut(a, ":")
			d, err := money(v)
			if !ok || strings.TrimSpace(n) == "" || err != nil {
				bad("allowances", "%q should read name:amount, e.g. meal:300;transport:200", a)
				continue
			}
			pr.Allowances = append(pr.Allowances, payroll.Allowance{Name: strings.TrimSpace(n), Amount: d})
		}
		if p.Key == "" {
			bad("key", "is empty")
		}
		// Compute checks the profile as a whole (kind, rates, amounts).
		if _, err := payroll.Compute(*pr, payroll.DefaultRules(), payroll.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 1}); err != nil {
			bad(p.Key, "%v", err)
		}
		out = append(out, p)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func cmdPayrollProfiles(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll profiles", "payroll profiles [--org ORG] FILE.csv\n\nCreates or replaces pay profiles. Columns: "+strings.Join(profileColumns, ", ")+
		".\nkind is monthly or hourly; allowances read name:amount;name:amount; rates are\nfractions (0.08). Bank accounts are sealed with HRBOT_ENCRYPTION_KEY.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	file, err := parseWithOperand(fs, args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	profiles, err := readProfiles(file, bytes.NewReader(data))
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return errors.New("nothing imported")
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	org, err := pickOrg(ctx, a, *orgKey)
	if err != nil {
		return err
	}
	n, err := a.db.SavePayProfiles(ctx, org.ID, profiles, "payroll profiles "+filepath.Base(file), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d pay profiles saved\n", org.Key, n)
	return nil
}

// payrollFlags are the flags most payroll subcommands share.
type payrollFlags struct {
	org, period *string
}

func newPayrollFlags(e env, name, synopsis string) (*payrollFlags, *flag.FlagSet) {
	fs := newFlags(e, name, synopsis)
	return &payrollFlags{
		org:    fs.String("org", "", "org key; may be left out when there is one org"),
		period: fs.String("period", "", "the month, YYYY-MM"),
	}, fs
}

func newPayrun(a *app) *payrun.Service {
	dir := core.NewDirectory(a.db, core.SystemClock{})
	return payrun.NewService(a.db, attendance.NewService(a.db, dir, core.SystemClock{}), dir, core.SystemClock{})
}

// openPayroll parses the flags, opens the database and finds the org.
func openPayroll(ctx context.Context, e env, fs *flag.FlagSet, pf *payrollFlags, args []string) (*app, core.Org, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, core.Org{}, err
	}
	if _, _, err := payrun.ParsePeriod(*pf.period); err != nil {
		fs.Usage()
		return nil, core.Org{}, errUsage
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return nil, core.Org{}, err
	}
	org, err := pickOrg(ctx, a, *pf.org)
	if err != nil {
		a.Close()
		return nil, core.Org{}, err
	}
	return a, org, nil
}

func cmdPayrollRun(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll run", "payroll run [--org ORG] --period YYYY-MM\n\nDrafts the month's payroll from attendance, leave, overtime and cover. Running\nit again replaces the draft; an approved run is never changed.")
	a, org, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	run, missing, err := newPayrun(a).DraftOrg(ctx, org, *pf.period, "payroll run")
	if err != nil {
		return err
	}
	gross, social, tax, net := run.Totals()
	fmt.Fprintf(e.stdout, "%s %s: draft, %d payslips in %s\n", org.Key, run.Period, len(run.Slips), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "gross %s, social insurance %s, tax %s, net %s\n", payrun.Amount(gross), payrun.Amount(social), payrun.Amount(tax), payrun.Amount(net))
	if len(missing) > 0 {
		fmt.Fprintf(e.stdout, "no pay profile, left out: %s\n", strings.Join(missing, ", "))
	}
	fmt.Fprintf(e.stdout, "review: hrbot payroll show --period %s; approve: hrbot payroll approve --period %s --as HR_KEY\n", run.Period, run.Period)
	return nil
}

func cmdPayrollShow(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll show", "payroll show [--org ORG] --period YYYY-MM [--person KEY] [--lang en|zh-CN]\n\nPrints every line of the run's payslips with how it was worked out.")
	person := fs.String("person", "", "only this person")
	lang := fs.String("lang", "en", "en or zh-CN")
	a, org, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	loc, ok := core.ParseLocale(*lang)
	if !ok {
		return fmt.Errorf("--lang %q: en or zh-CN", *lang)
	}
	run, err := a.db.FindRun(ctx, org.ID, *pf.period)
	if err != nil {
		return err
	}
	cat := bot.NewCatalog()
	fmt.Fprintf(e.stdout, "%s %s: %s\n", org.Key, run.Period, run.Status)
	for _, s := range run.Slips {
		if *person != "" && s.Key != *person {
			continue
		}
		fmt.Fprintf(e.stdout, "\n%s (%s)\n", s.Name, s.Key)
		for _, l := range s.Lines {
			fmt.Fprintln(e.stdout, "  "+bot.DescribeLine(cat, loc, l))
		}
		fmt.Fprintf(e.stdout, "  gross %s · social %s · tax %s · net %s\n", payrun.Amount(s.Gross), payrun.Amount(s.Social),
			payrun.Amount(s.Tax.Withhold), payrun.Amount(s.Net))
	}
	return nil
}

func cmdPayrollAdjust(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll adjust", "payroll adjust [--org ORG] --period YYYY-MM --person KEY --amount N --description TEXT [--not-taxable]\n\nRecords a correction — an underpayment last month, a deduction taken twice —\nto be paid (or taken back, with a negative amount) in the given month's run.")
	person := fs.String("person", "", "person key")
	amount := fs.String("amount", "", "amount, negative to take back")
	desc := fs.String("description", "", "what it is for; shown on the payslip")
	notTaxable := fs.Bool("not-taxable", false, "not wage income (e.g. a reimbursement)")
	a, org, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	d, err := money(*amount)
	if err != nil || *person == "" || strings.TrimSpace(*desc) == "" {
		fs.Usage()
		return errUsage
	}
	if err := a.db.AddAdjustment(ctx, org.ID, *person, *pf.period, payroll.Adjustment{Description: *desc, Amount: d, Taxable: !*notTaxable},
		"payroll adjust", time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s %s in %s; run hrbot payroll run --period %s to include it\n", *person, d.StringFixed(2), *desc, *pf.period, *pf.period)
	return nil
}

func cmdPayrollApprove(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll approve", "payroll approve [--org ORG] --period YYYY-MM --as HR_KEY\n\nApproves the month's draft as that HR person: the run never changes again and\neveryone's payslip is sent to them privately in chat.")
	as := fs.String("as", "", "the HR person approving (key)")
	a, org, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *as == "" {
		fs.Usage()
		return errUsage
	}
	members, err := a.db.FindMembersByKey(ctx, *as)
	if err != nil {
		return err
	}
	var m *core.Member
	for i := range members {
		if members[i].Org.ID == org.ID {
			m = &members[i]
		}
	}
	if m == nil {
		return fmt.Errorf("no %q in %s", *as, org.Key)
	}
	run, err := newPayrun(a).Approve(ctx, *m, *pf.period, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %s approved by %s: %d payslips queued for chat\n", org.Key, run.Period, m.Employee.Name, len(run.Slips))
	return nil
}

func cmdPayrollExport(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll export", "payroll export [--org ORG] --period YYYY-MM [--out DIR]\n\nWrites payroll-ORG-PERIOD.csv and .xlsx, and for an approved run\nbank-ORG-PERIOD.csv (needs HRBOT_ENCRYPTION_KEY to open the accounts).")
	out := fs.String("out", ".", "directory to write to")
	a, org, err := openPayroll(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	run, err := a.db.FindRun(ctx, org.ID, *pf.period)
	if err != nil {
		return err
	}
	base := fmt.Sprintf("%s-%s", org.Key, run.Period)
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"payroll-" + base + ".csv", func(w io.Writer) error { return report.PayrollCSV(w, run) }},
		{"payroll-" + base + ".xlsx", func(w io.Writer) error { return report.PayrollXLSX(w, run) }},
	}
	if run.Status == payrun.StatusApproved {
		files = append(files, struct {
			name  string
			write func(io.Writer) error
		}{"bank-" + base + ".csv", func(w io.Writer) error {
			accounts, err := a.db.BankAccounts(ctx, org.ID)
			if err != nil {
				return err
			}
			profiles, err := a.db.PayProfiles(ctx, org.ID)
			if err != nil {
				return err
			}
			banks := map[int64]string{}
			for _, p := range profiles {
				banks[p.EmployeeID] = p.BankName
			}
			missing, err := report.BankTransferCSV(w, run, banks, accounts, "salary "+run.Period)
			if len(missing) > 0 {
				fmt.Fprintf(e.stderr, "no bank account on file, not in the transfer file: %s\n", strings.Join(missing, ", "))
			}
			return err
		}})
	}
	for _, f := range files {
		path := filepath.Join(*out, f.name)
		var buf bytes.Buffer
		if err := f.write(&buf); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, path)
	}
	return nil
}
