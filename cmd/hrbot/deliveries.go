package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func cmdDeliveries(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "deliveries", "deliveries --failed [-n N]\n\nLists messages hrbot gave up sending (after its retries, or because the\naccount refuses messages), newest first, with the reason.")
	failed := fs.Bool("failed", false, "list failed deliveries")
	limit := fs.Int("n", 50, "how many to list")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*failed {
		fs.Usage()
		return errUsage
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
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
