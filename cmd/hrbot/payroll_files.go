package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/render"
)

// The files others take from a run: the tax client's declaration, a bank's
// batch-payment file, a person's year statement.

func cmdPayrollDeclaration(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll declaration", "payroll declaration [--org ORG] --period YYYY-MM [--out DIR]\n\nWrites the month's withholding declaration for the Natural Person e-Tax\nwithholding client (自然人电子税务局扣缴端): declaration-wages-ORG-PERIOD.xlsx\n(正常工资薪金所得) and, when anyone is paid as labour, declaration-labour-ORG-PERIOD.xlsx\n(劳务报酬所得), each in the layout of the client's import template. Legal names and\nID numbers come from the personal files: it needs HRBOT_ENCRYPTION_KEY, and each\nfile read is kept in the audit log as an HR read.")
	out := fs.String("out", ".", "directory to write to")
	a, org, tr, run, err := openRun(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	people, err := declarants(ctx, a, org, run, "payroll declaration")
	if err != nil {
		return tr.explain(err)
	}
	wages, labour, noID := render.DeclarationRows(run, people)
	base := org.Key + "-" + run.Period
	files := []struct {
		name, sheet string
		header      []string
		rows        [][]string
	}{{"declaration-wages-" + base + ".xlsx", "正常工资薪金所得", render.WagesHeader, wages}}
	if len(labour) > 0 {
		files = append(files, struct {
			name, sheet string
			header      []string
			rows        [][]string
		}{"declaration-labour-" + base + ".xlsx", "劳务报酬所得", render.LabourHeader, labour})
	}
	for _, f := range files {
		if err := writePayrollFile(e, filepath.Join(*out, f.name), func(w io.Writer) error { return render.DeclarationXLSX(w, f.sheet, f.header, f.rows) }); err != nil {
			return tr.explain(err)
		}
	}
	if run.Status != payroll.StatusApproved {
		fmt.Fprintln(e.stderr, tr.T("payroll.files.draft", "period", run.Period))
	}
	if len(noID) > 0 {
		fmt.Fprintln(e.stderr, tr.T("payroll.files.no_id", "people", strings.Join(noID, ", ")))
	}
	return nil
}

// declarants reads the personal file of everyone in the run, each read
// audited as HR's (the ID number is sealed), and marks those paid as
// labour.
func declarants(ctx context.Context, a *app, org core.Org, run payroll.Run, actor string) (map[int64]render.Declarant, error) {
	profiles, err := a.svc.store.payroll.Profiles(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	labour := map[int64]bool{}
	for _, p := range profiles {
		labour[p.EmployeeID] = p.Profile.Kind == pay.Labour
	}
	people := make(map[int64]render.Declarant, len(run.Slips))
	for _, s := range run.Slips {
		audit := core.AuditEntry{OrgID: org.ID, ActorLabel: actor, Action: personfile.AuditRead, EntityType: "employee",
			EntityID: s.Key, Channel: "cli", Outcome: core.OutcomeOK, Reason: "withholding declaration " + run.Period, At: a.svc.clock.Now()}
		rec, err := a.svc.store.personFiles.Read(ctx, org.ID, s.EmployeeID, &audit)
		if err != nil {
			return nil, err
		}
		people[s.EmployeeID] = render.Declarant{LegalName: rec.File.LegalName, IDType: rec.File.IDType, IDNumber: rec.File.IDNumber,
			Labour: labour[s.EmployeeID]}
	}
	return people, nil
}

// writePayrollFile writes what write makes to path (only people who may read
// pay may read it) and prints the path.
func writePayrollFile(e env, path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, path)
	return nil
}

func cmdPayrollBank(ctx context.Context, e env, args []string) error {
	pf, fs := newPayrollFlags(e, "payroll bank", "payroll bank [--org ORG] --period YYYY-MM [--layout KEY] [--out DIR]\n\nWrites an approved run's transfers as bank-ORG-PERIOD[-LAYOUT].csv: without --layout\nthe generic CSV (name, bank, account, amount, reference), with it in the layout\nof the org file's payroll.bank_files entry of that key (columns, amount format,\nheader, GBK or UTF-8, delimiter). Needs HRBOT_ENCRYPTION_KEY to open the accounts\n(and the ID numbers, if the layout has them: each such read is audited). Only\npositive transfers are written; the others are named.")
	layoutKey := fs.String("layout", "", "bank layout key from the org file (default: the generic CSV)")
	reference := fs.String("reference", "", "the transfer's reference (default: salary PERIOD, or 工资 PERIOD in Chinese)")
	out := fs.String("out", ".", "directory to write to")
	a, org, tr, run, err := openRun(ctx, e, fs, pf, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if run.Status != payroll.StatusApproved {
		return tr.explain(core.Errorf(core.EConflict, "payroll.files.not_approved", "the run of %s is not approved", run.Period).With("period", run.Period))
	}
	if *reference == "" {
		*reference = tr.T("payroll.files.reference", "period", run.Period)
	}
	var layout payroll.BankLayout
	name := "bank-" + org.Key + "-" + run.Period + ".csv"
	if *layoutKey != "" {
		if layout, err = a.svc.store.payroll.BankLayout(ctx, org.ID, *layoutKey); err != nil {
			return tr.explain(err)
		}
		name = "bank-" + org.Key + "-" + run.Period + "-" + layout.Key + ".csv"
	}
	payees, err := bankPayees(ctx, a, org, run, layout.NeedsIDNumber())
	if err != nil {
		return tr.explain(err)
	}
	var left render.LeftOut
	err = writePayrollFile(e, filepath.Join(*out, name), func(w io.Writer) error {
		if *layoutKey == "" {
			left, err = bankTransferCSV(w, run, payees, *reference)
			return err
		}
		left, err = render.BankLayoutFile(w, layout, run, payees, *reference)
		return err
	})
	printLeftOut(e, tr, left)
	return tr.explain(err)
}

// printLeftOut names, on stderr, the people a bank file leaves out.
func printLeftOut(e env, tr translator, left render.LeftOut) {
	if len(left.NoAccount) > 0 {
		fmt.Fprintln(e.stderr, tr.T("payroll.cli.no_account", "people", strings.Join(left.NoAccount, ", ")))
	}
	if len(left.NotPaid) > 0 {
		fmt.Fprintln(e.stderr, tr.T("payroll.cli.not_paid", "people", strings.Join(left.NotPaid, ", ")))
	}
}

// bankTransferCSV is render.BankTransferCSV of payees: the generic bank
// file of payroll bank and payroll export.
func bankTransferCSV(w io.Writer, run payroll.Run, payees map[int64]render.BankPayee, reference string) (render.LeftOut, error) {
	banks, accounts := map[int64]string{}, map[int64]string{}
	for id, p := range payees {
		banks[id], accounts[id] = p.Bank, p.Account
	}
	return render.BankTransferCSV(w, run, banks, accounts, reference)
}

// bankPayees gathers each person's bank, opened account and, when the
// layout needs it, ID number.
func bankPayees(ctx context.Context, a *app, org core.Org, run payroll.Run, idNumbers bool) (map[int64]render.BankPayee, error) {
	accounts, err := a.svc.store.payroll.BankAccounts(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	profiles, err := a.svc.store.payroll.Profiles(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	payees := map[int64]render.BankPayee{}
	for _, p := range profiles {
		if acct, ok := accounts[p.EmployeeID]; ok {
			payees[p.EmployeeID] = render.BankPayee{Bank: p.BankName, Account: acct}
		}
	}
	if !idNumbers {
		return payees, nil
	}
	people, err := declarants(ctx, a, org, run, "payroll bank")
	if err != nil {
		return nil, err
	}
	for id, p := range payees {
		p.IDNumber = people[id].IDNumber
		payees[id] = p
	}
	return payees, nil
}

func cmdPayrollStatement(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll statement", "payroll statement [--org ORG] --year YYYY [--person KEY] [--out DIR] [--lang en|zh-CN]\n\nWrites each person's year statement (income, social insurance and housing fund,\nspecial additional deductions, tax, net, by month and in total, from the approved\nruns) as statement-ORG-YEAR-KEY.xlsx, in the person's language unless --lang says.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	lang := fs.String("lang", "", "language of the files: en or zh-CN (default: each person's)")
	year := fs.Int("year", 0, "the year")
	person := fs.String("person", "", "only this person")
	out := fs.String("out", ".", "directory to write to")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *year == 0 {
		fs.Usage()
		return errUsage
	}
	a, org, tr, err := openPayrollLang(ctx, e, *orgKey, *lang)
	if err != nil {
		return err
	}
	defer a.Close()
	runs, err := payroll.YearRuns(ctx, a.svc.store.payroll.FindRun, org.ID, *year)
	if err != nil {
		return tr.explain(err)
	}
	n := 0
	for _, st := range payroll.Statements(*year, runs) {
		if *person != "" && st.Key != *person {
			continue
		}
		ptr := tr
		if *lang == "" && st.Locale != "" {
			ptr = newTranslator(st.Locale)
		}
		header, rows := statementTable(ptr, st)
		path := filepath.Join(*out, fmt.Sprintf("statement-%s-%d-%s.xlsx", org.Key, *year, st.Key))
		if err := writePayrollFile(e, path, func(w io.Writer) error {
			data, err := render.TableXLSX(ptr.T("payroll.year.sheet", "year", fmt.Sprint(*year)), header, rows)
			if err == nil {
				_, err = w.Write(data)
			}
			return err
		}); err != nil {
			return tr.explain(err)
		}
		n++
	}
	if n == 0 {
		who := *person
		if who == "" {
			who = org.Key
		}
		return tr.explain(core.Errorf(core.ENotFound, "payroll.year_none", "no approved payslip in %d", *year).
			With("year", fmt.Sprint(*year)).With("person", who))
	}
	return nil
}

// statementTable is a year statement's header and rows in tr's language.
func statementTable(tr translator, st payroll.Statement) ([]string, [][]string) {
	var header []string
	for _, c := range payroll.StatementColumns() {
		header = append(header, tr.T("payroll.year.col."+c))
	}
	return header, st.Table(tr.T("payroll.year.total"))
}

// The chat's /income needs the payroll service to give year statements.
var _ bot.PayrollYear = (*payroll.Service)(nil)
