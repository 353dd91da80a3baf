package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core/perf"
)

const perfUsage = `Usage:
  hrbot perf import -f FILE [--org ORG] [--dry-run] [--lang en|zh-CN]
      import business numbers (CSAT, response time, orders handled) per person
      and period from CSV or XLSX for performance reviews; every problem by row`

func cmdPerf(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, perfUsage)
		return errUsage
	}
	run := map[string]func(context.Context, env, []string) error{"import": cmdPerfImport}[args[0]]
	if run == nil {
		fmt.Fprintln(e.stderr, perfUsage)
		return errUsage
	}
	return run(ctx, e, args[1:])
}

func cmdPerfImport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "perf import", "perf import -f FILE [--org ORG] [--dry-run] [--lang en|zh-CN]\n\n"+
		"Imports business numbers hrbot cannot see (CSAT, response time, orders handled)\n"+
		"per person and period, for the KPIs whose measure is import. A CSV (UTF-8 or GBK)\n"+
		"or XLSX file with the columns 工号/person (a key, or a name nobody else has),\n"+
		"指标/metric, 期间/period (2026-11, 2026-Q4, 2026; or 开始日期/from and 结束日期/to)\n"+
		"and 数值/value — or one column per metric, its header the metric's key (csat).\n"+
		"A row with a problem is refused and listed with its row number; the other rows\n"+
		"are imported in one transaction, replacing the numbers of the same person,\n"+
		"metric and period. The exit status is 1 when any row was refused.")
	file := fs.String("f", "", "the file (.csv or .xlsx)")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	dryRun := fs.Bool("dry-run", false, "check the file and say what would be imported; write nothing")
	lang := fs.String("lang", "", "language of the messages: en or zh-CN (default: the org's)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *file == "" {
		fs.Usage()
		return errUsage
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	a, org, tr, err := openPayrollLang(ctx, e, *orgKey, *lang)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.svc.perfMetrics.ImportAsOperator(ctx, org, "hrbot perf import "+filepath.Base(*file), *file, data, *dryRun)
	printPerfProblems(e, tr, rep)
	if err != nil {
		return humanError{text: tr.error(err), err: err}
	}
	key := "perf.import.summary"
	if *dryRun {
		key = "perf.import.summary_dry"
	}
	fmt.Fprintln(e.stdout, org.Key+": "+tr.T(key, "file", rep.File, "rows", strconv.Itoa(rep.Rows), "imported", strconv.Itoa(rep.Imported),
		"people", strconv.Itoa(rep.People), "refused", strconv.Itoa(rep.Refused)))
	if len(rep.Unread) > 0 {
		fmt.Fprintln(e.stderr, tr.T("perf.import.unread", "metrics", strings.Join(rep.Unread, ", "), "read", orNone(rep.Read)))
	}
	if len(rep.Problems) > 0 {
		return errors.New(tr.T("perf.import.refused", "count", strconv.Itoa(rep.Refused)))
	}
	return nil
}

// orNone lists keys, or says there are none.
func orNone(keys []string) string {
	if len(keys) == 0 {
		return "—"
	}
	return strings.Join(keys, ", ")
}

// printPerfProblems lists a file's problems on stderr, one a line, as
// compilers do: FILE:ROW: COLUMN: why.
func printPerfProblems(e env, tr translator, rep perf.ImportReport) {
	for _, p := range rep.Problems {
		line := fmt.Sprintf("%s:%d: ", rep.File, p.Row)
		if p.Column != "" {
			line += p.Column + ": "
		}
		fmt.Fprintln(e.stderr, line+tr.error(p.Err))
	}
}
