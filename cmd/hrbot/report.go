package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/render"
)

func cmdReport(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "cover" {
		return cmdReportCover(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "attendance" {
		fmt.Fprintln(e.stderr, "Usage: hrbot report attendance|cover [--org ORG] [--month YYYY-MM] [--out DIR]")
		return errUsage
	}
	fs := newFlags(e, "report attendance", "report attendance [--org ORG] [--month YYYY-MM] [--out DIR]\n\nWrites the org's attendance for the month as CSV (one row per person and day)\nand XLSX (a Summary and a Detail sheet).")
	orgKey := fs.String("org", "", "org key, as in the org file; may be left out when there is one org")
	month := fs.String("month", "", "month, e.g. 2026-11 (default: this month)")
	out := fs.String("out", ".", "directory to write the files to")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	a, org, err := openOrg(ctx, e, *orgKey)
	if err != nil {
		return err
	}
	defer a.Close()
	day, err := monthOf(a, org, *month)
	if err != nil {
		return err
	}
	svc := a.svc.attendance
	rep, err := svc.Report(ctx, org, day)
	if err != nil {
		return err
	}
	base := filepath.Join(*out, fmt.Sprintf("attendance-%s-%d-%02d", org.Key, day.Year, day.Month))
	for _, f := range []struct {
		ext   string
		write func(*os.File) error
	}{
		{".csv", func(w *os.File) error { return render.AttendanceCSV(w, rep, org.Location()) }},
		{".xlsx", func(w *os.File) error { return render.AttendanceXLSX(w, rep, org.Location()) }},
	} {
		if err := writeFile(base+f.ext, f.write); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "wrote", base+f.ext)
	}
	return nil
}

// writeFile writes through a temporary file so a failed export leaves no half file.
func writeFile(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hrbot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func cmdReportCover(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "report cover", "report cover [--org ORG] [--month YYYY-MM] [--out DIR]\n\nWrites the month's cover as CSV and XLSX: per person the covers taken,\nplanned and checked-in minutes and average rating; per job the share of\nits hours done by people of other jobs.")
	orgKey := fs.String("org", "", "org key, as in the org file; may be left out when there is one org")
	month := fs.String("month", "", "month, e.g. 2026-11 (default: this month)")
	out := fs.String("out", ".", "directory to write the files to")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, org, err := openOrg(ctx, e, *orgKey)
	if err != nil {
		return err
	}
	defer a.Close()
	day, err := monthOf(a, org, *month)
	if err != nil {
		return err
	}
	rep, err := a.svc.store.covers.Report(ctx, org.ID, day)
	if err != nil {
		return err
	}
	base := filepath.Join(*out, fmt.Sprintf("cover-%s-%d-%02d", org.Key, day.Year, day.Month))
	for _, f := range []struct {
		ext   string
		write func(*os.File) error
	}{
		{".csv", func(w *os.File) error { return render.CoverCSV(w, rep) }},
		{".xlsx", func(w *os.File) error { return render.CoverXLSX(w, rep) }},
	} {
		if err := writeFile(base+f.ext, f.write); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "wrote", base+f.ext)
	}
	return nil
}

// monthOf reads a --month flag: a day in that month, or today in the org's
// time zone when the flag was left out.
func monthOf(a *app, org core.Org, flag string) (core.Date, error) {
	if flag == "" {
		return core.DateOf(a.svc.clock.Now().In(org.Location())), nil
	}
	m, err := time.Parse("2006-01", flag)
	if err != nil {
		return core.Date{}, fmt.Errorf("--month %q is not a month like 2026-11", flag)
	}
	return core.DateOf(m), nil
}
