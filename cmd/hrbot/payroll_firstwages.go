package main

import (
	"context"
	"fmt"
	"strconv"
)

// cmdPayrollFirstWages marks (or, with --off, unmarks) a person's first
// wages of a year here: the first-wages rule (国家税务总局公告2020年第13号).
func cmdPayrollFirstWages(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "payroll first-wages", "payroll first-wages [--org ORG] --year YYYY --person KEY [--off]\n\n"+
		"First wages of the year (国家税务总局公告2020年第13号): someone whose first wage income of\n"+
		"the year is here — no wages, nor labour remuneration withheld cumulatively, from anyone\n"+
		"since January (a graduate starting mid-year) — has the basic deduction counted from\n"+
		"January: 5,000 × the month of the year (a July start: 35,000), not 5,000 × the months\n"+
		"employed here. hrbot cannot know other employers: mark the person on their word.\n"+
		"--off removes the mark. Drafts of that year apply it; the 60,000 rule, when it applies, wins.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	lang := fs.String("lang", "", "language of the output: en or zh-CN (default: the org's)")
	year := fs.Int("year", 0, "the tax year of the first wages")
	person := fs.String("person", "", "person key")
	off := fs.Bool("off", false, "remove the mark")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *year < 2000 || *year > 2200 || *person == "" {
		fs.Usage()
		return errUsage
	}
	a, org, tr, err := openPayrollLang(ctx, e, *orgKey, *lang)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.svc.store.payroll.SetFirstWages(ctx, org.ID, *person, *year, !*off, "payroll first-wages", a.svc.clock.Now()); err != nil {
		return tr.explain(err)
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.first_wages_"+strconv.FormatBool(!*off), "person", *person, "year", strconv.Itoa(*year)))
	return nil
}
