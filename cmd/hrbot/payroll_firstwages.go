package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
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
	mf := newYearMarkFlags(fs, "the tax year of the first wages")
	off := fs.Bool("off", false, "remove the mark")
	a, org, tr, err := mf.open(ctx, e, fs, args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	year, person := mf.year, mf.person
	if err := a.svc.store.payroll.SetFirstWages(ctx, org.ID, *person, *year, !*off, "payroll first-wages", a.svc.clock.Now()); err != nil {
		return tr.explain(err)
	}
	fmt.Fprintln(e.stdout, tr.T("payroll.cli.first_wages_"+strconv.FormatBool(!*off), "person", *person, "year", strconv.Itoa(*year)))
	return nil
}

// yearMarkFlags are the flags payroll sixty and first-wages share: whose
// mark, for which tax year, in which org and language.
type yearMarkFlags struct {
	org, lang, person *string
	year              *int
}

func newYearMarkFlags(fs *flag.FlagSet, yearUsage string) yearMarkFlags {
	return yearMarkFlags{
		org:    fs.String("org", "", "org key; may be left out when there is one org"),
		lang:   fs.String("lang", "", "language of the output: en or zh-CN (default: the org's)"),
		year:   fs.Int("year", 0, yearUsage),
		person: fs.String("person", "", "person key"),
	}
}

// open parses args and opens payroll, or prints the usage when a flag is
// missing or bad (bad, when set, says whether the command's own are).
func (f yearMarkFlags) open(ctx context.Context, e env, fs *flag.FlagSet, args []string, bad func() bool) (*app, core.Org, translator, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, core.Org{}, translator{}, err
	}
	if *f.year < 2000 || *f.year > 2200 || *f.person == "" || bad != nil && bad() {
		fs.Usage()
		return nil, core.Org{}, translator{}, errUsage
	}
	return openPayrollLang(ctx, e, *f.org, *f.lang)
}
