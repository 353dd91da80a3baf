package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func cmdDeliveries(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "deliveries", "deliveries --failed|--in-doubt [-n N]\n\n--failed lists messages hrbot gave up sending (after its retries, or because\nthe account refuses messages), newest first, with the reason.\n--in-doubt lists sends interrupted with the request out (a replica died, or\nthe platform never answered), with what was done: found_sent, not_found\n(Slack checked), deduplicated (WeCom), resent (may have arrived twice) or\ndropped (may not have arrived).")
	failed := fs.Bool("failed", false, "list failed deliveries")
	inDoubt := fs.Bool("in-doubt", false, "list in-doubt deliveries")
	limit := fs.Int("n", 50, "how many to list")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *failed == *inDoubt || *limit < 1 {
		fs.Usage()
		return errUsage
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if *inDoubt {
		return listInDoubt(ctx, e, a, *limit)
	}
	list, err := a.svc.store.deliveries.Failed(ctx, *limit)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No failed deliveries.")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "WHEN\tORG\tPERSON\tPLATFORM\tACCOUNT\tATTEMPTS\tKEY\tREASON")
	for _, f := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", f.At.Local().Format("2006-01-02 15:04:05"), f.Org, f.Employee,
			f.Platform, f.ExternalID, f.Attempts, f.Key, f.Reason)
	}
	return w.Flush()
}

func listInDoubt(ctx context.Context, e env, a *app, limit int) error {
	list, err := a.svc.store.deliveries.InDoubt(ctx, limit)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No in-doubt deliveries.")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "WHEN\tORG\tPERSON\tPLATFORM\tACCOUNT\tSOURCE\tOUTCOME\tSTATE\tKEY")
	for _, d := range list {
		outcome := d.Outcome
		if outcome == "" {
			outcome = "undecided"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.At.Local().Format("2006-01-02 15:04:05"), d.Org, d.Employee,
			d.Platform, d.ExternalID, d.Source, outcome, d.State, d.Key)
	}
	return w.Flush()
}
