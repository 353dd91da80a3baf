package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/core/recruiting"
)

// retentionEvery is how often `hrbot serve` applies the orgs' retention
// rules (retention.years_after_leaving and recruiting.retention_days in
// the org file).
const retentionEvery = 24 * time.Hour

func cmdPeople(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "purge" {
		fmt.Fprintln(e.stderr, "Usage: hrbot people purge [--dry-run] [--org ORG]")
		return errUsage
	}
	fs := newFlags(e, "people purge", "people purge [--dry-run] [--org ORG]\n\nErases the personal files of people who left more than the org's retention\nperiod ago (retention.years_after_leaving in the org file, at least 2 years):\ntheir personal details, the values of the corrections they asked for, their\nbank account and their documents. Their employee record, attendance, leave,\npayroll and the audit log stay. It erases candidates too: the name, contact,\nchat account, answers and files of those whose applications all closed more\nthan recruiting.retention_days ago (180 by default) and who are not in the\ntalent pool; their applications stay, for the funnel. hrbot serve does this\nonce a day; --dry-run lists who would be erased and changes nothing.")
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
	files, err := a.svc.files.Purge(ctx, *orgKey, *dryRun, "hrbot people purge", "cli")
	printFilesErased(e, files)
	if err != nil {
		return err
	}
	candidates, err := a.svc.recruiting.Purge(ctx, *orgKey, *dryRun, "hrbot people purge", "cli")
	printCandidatesErased(e, candidates)
	if err != nil {
		return err
	}
	would := map[bool]string{true: "would be erased (dry run: nothing changed)", false: "erased"}[*dryRun]
	if len(files) == 0 && len(candidates) == 0 {
		fmt.Fprintln(e.stdout, "nothing to erase: nobody left, and no candidate's applications closed, longer ago than their org keeps their data")
	}
	if len(files) > 0 {
		fmt.Fprintf(e.stdout, "%d file(s) %s\n", len(files), would)
	}
	if len(candidates) > 0 {
		fmt.Fprintf(e.stdout, "%d candidate(s) %s\n", len(candidates), would)
	}
	return nil
}

// printFilesErased lists the people whose files were (or would be)
// erased, and what of theirs.
func printFilesErased(e env, done []personfile.Erasure) {
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
}

// printCandidatesErased lists the candidates erased (or to be), by
// number: their names are what is being erased.
func printCandidatesErased(e env, done []recruiting.Erasure) {
	for _, c := range done {
		what := []string{fmt.Sprintf("%d application(s)", c.Applications)}
		if c.Files > 0 {
			what = append(what, fmt.Sprintf("%d file(s)", c.Files))
		}
		if c.Contact {
			what = append(what, "contact")
		}
		fmt.Fprintf(e.stdout, "%s/candidate %d\tclosed %s\t%s\n", c.OrgKey, c.CandidateID, c.ClosedAt.UTC().Format(time.DateOnly),
			strings.Join(what, ", "))
	}
}

// purgeDue is the daily pass of the retention rules that `hrbot serve`
// runs: the files of people who left, and candidates; every replica may
// run it (what is erased is not erased again).
func (s *services) purgeDue(ctx context.Context) error {
	done, err := s.files.Purge(ctx, "", false, "retention", "system")
	if len(done) > 0 {
		s.log.Info("retention: files of people who left erased", "count", len(done))
	}
	gone, cerr := s.recruiting.Purge(ctx, "", false, "retention", "system")
	if len(gone) > 0 {
		s.log.Info("retention: candidates erased", "count", len(gone))
	}
	return errors.Join(err, cerr)
}
