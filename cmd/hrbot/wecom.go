package main

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
)

const wecomUsage = `Usage:
  hrbot wecom sync --as HR_KEY [--org ORG] [--apply]
      Imports the WeCom directory: departments as teams, members as people,
      direct leaders (or department leaders) as managers, who left as left.
      Shows what would change; --apply applies it in one transaction.
  hrbot wecom checkins --as HR_KEY --from DATE --to DATE [--org ORG]
      Imports WeCom's own check-in records of the people linked to WeCom
      into hrbot's attendance, each once, judged against hrbot's shifts.
WeCom is reached with the HRBOT_WECOM_* settings (docs/wecom.md). HR does both
on the web console too (People → WeCom sync), and can switch on a daily sync there.`

func cmdWeCom(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, wecomUsage)
		return errUsage
	}
	switch args[0] {
	case "sync":
		return cmdWeComSync(ctx, e, args[1:])
	case "checkins":
		return cmdWeComCheckins(ctx, e, args[1:])
	}
	fmt.Fprintln(e.stderr, wecomUsage)
	return errUsage
}

// wecomActor opens the app and finds the HR person the command acts as.
func wecomActor(ctx context.Context, e env, orgKey, as string) (*app, core.Member, error) {
	a, err := open(ctx, e, true)
	if err != nil {
		return nil, core.Member{}, err
	}
	org, err := pickOrg(ctx, a, orgKey)
	if err != nil {
		a.Close()
		return nil, core.Member{}, err
	}
	members, err := a.svc.store.directory.FindMembersByKey(ctx, as)
	if err != nil {
		a.Close()
		return nil, core.Member{}, err
	}
	for _, m := range members {
		if m.Org.ID == org.ID {
			return a, m, nil
		}
	}
	a.Close()
	return nil, core.Member{}, fmt.Errorf("%s has no person %q", org.Key, as)
}

func cmdWeComSync(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "wecom sync", "wecom sync --as HR_KEY [--org ORG] [--apply]\n\nImports the WeCom directory into hrbot's staff list: previews by default, applies with --apply.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	as := fs.String("as", "", "the HR person the import is made as (key)")
	apply := fs.Bool("apply", false, "apply the changes (default: only show them)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *as == "" {
		fs.Usage()
		return errUsage
	}
	a, actor, err := wecomActor(ctx, e, *orgKey, *as)
	if err != nil {
		return err
	}
	defer a.Close()
	sync, err := cliWeComSync(a)
	if err != nil {
		return err
	}
	var rep dirsync.Report
	if *apply {
		if rep, err = sync.Apply(ctx, actor, "cli"); err != nil {
			if rep.Digest != "" { // the directory was read and planned: show why it was not applied
				printSyncPreview(e, rep)
			}
			return err
		}
	} else if rep, err = sync.Preview(ctx, actor, "cli"); err != nil {
		return err
	}
	printSyncPreview(e, rep)
	pv := rep.Preview
	switch {
	case !pv.OK():
		return fmt.Errorf("the WeCom directory has %d problems: nothing applied", len(pv.Problems))
	case *apply:
		fmt.Fprintln(e.stdout, "applied.")
	case rep.Changes() > 0:
		fmt.Fprintln(e.stdout, "nothing applied yet: run again with --apply to apply it.")
	}
	return nil
}

// printSyncPreview shows a sync as the staff import's preview does: new
// teams, people created, changes with before → after, problems, and the
// active people hrbot has that WeCom does not.
func printSyncPreview(e env, rep dirsync.Report) {
	w, pv := e.stdout, rep.Preview
	fmt.Fprintf(w, "WeCom directory: %d departments, %d members (%d gone from WeCom and never in hrbot, skipped)\n",
		rep.Departments, rep.Members, rep.SkippedGone)
	for _, t := range pv.NewTeams {
		fmt.Fprintf(w, "new team %s %s\n", t.Key, t.Name)
	}
	for _, c := range pv.Creates {
		p := c.Person
		fmt.Fprintf(w, "create %s %s team=%s manager=%s email=%s status=%s\n", p.Key, p.Name, p.Team, p.Manager, p.Email, p.Status)
	}
	for _, c := range pv.Changes {
		fmt.Fprintf(w, "change %s %s: %s %q → %q\n", c.Key, c.Name, c.Field, c.Before, c.After)
	}
	for _, p := range pv.Problems {
		fmt.Fprintf(w, "problem row %d %s: %s %v\n", p.Row, p.Column, p.Key, p.Args)
	}
	for _, p := range rep.Missing {
		fmt.Fprintf(w, "not in WeCom (left as they are): %s %s\n", p.Key, p.Name)
	}
	fmt.Fprintf(w, "%d to create, %d to change, %d unchanged, %d problems\n", len(pv.Creates), pv.Changed, pv.Unchanged, len(pv.Problems))
}
