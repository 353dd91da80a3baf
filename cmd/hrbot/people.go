package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// retentionEvery is how often `hrbot serve` applies the orgs' retention
// rule (retention.years_after_leaving in the org file).
const retentionEvery = 24 * time.Hour

func cmdPeople(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "purge" {
		fmt.Fprintln(e.stderr, "Usage: hrbot people purge [--dry-run] [--org ORG]")
		return errUsage
	}
	fs := newFlags(e, "people purge", "people purge [--dry-run] [--org ORG]\n\nErases the personal files of people who left more than the org's retention\nperiod ago (retention.years_after_leaving in the org file, at least 2 years):\ntheir personal details, the values of the corrections they asked for, their\nbank account and their documents. Their employee record, attendance, leave,\npayroll and the audit log stay. hrbot serve does this once a day; --dry-run\nlists who would be erased and changes nothing.")
	dryRun := fs.Bool("dry-run", false, "list who would be erased; change nothing")
	orgKey := fs.String("org", "", "one org only (default: every org)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	done, err := a.svc.files.Purge(ctx, *orgKey, *dryRun, "hrbot people purge", "cli")
	for _, d := range done {
		what := []string{}
		if d.HasFile {
			what = append(what, "personal file")
		}
		if d.BankAccount {
			what = append(what, "bank account")
		}
		if d.Corrections > 0 {
			what = append(what, fmt.Sprintf("%d correction(s)", d.Corrections))
		}
		if d.Documents > 0 {
			what = append(what, fmt.Sprintf("%d document(s)", d.Documents))
		}
		if len(what) == 0 {
			what = append(what, "nothing stored")
		}
		fmt.Fprintf(e.stdout, "%s/%s\t%s\tleft %s\t%s\n", d.OrgKey, d.Key, d.Name, d.LeftOn, strings.Join(what, ", "))
	}
	if err != nil {
		return err
	}
	switch {
	case len(done) == 0:
		fmt.Fprintln(e.stdout, "nothing to erase: nobody left longer ago than their org keeps files")
	case *dryRun:
		fmt.Fprintf(e.stdout, "%d file(s) would be erased (dry run: nothing changed)\n", len(done))
	default:
		fmt.Fprintf(e.stdout, "%d file(s) erased\n", len(done))
	}
	return nil
}

// purgeDue is the daily pass of the retention rule that `hrbot serve`
// runs; every replica may run it (an erased file is not erased again).
func (s *services) purgeDue(ctx context.Context) error {
	done, err := s.files.Purge(ctx, "", false, "retention", "system")
	if len(done) > 0 {
		s.log.Info("retention: files of people who left erased", "count", len(done))
	}
	return err
}
