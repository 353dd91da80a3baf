package main

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

func cmdWeComCheckins(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "wecom checkins", "wecom checkins --as HR_KEY --from DATE --to DATE [--org ORG]\n\nImports WeCom's own check-in records of the linked people, each once.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	as := fs.String("as", "", "the HR person the import is made as (key)")
	fromS := fs.String("from", "", "first day (YYYY-MM-DD)")
	toS := fs.String("to", "", "last day (YYYY-MM-DD)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	from, err1 := core.ParseDate(*fromS)
	to, err2 := core.ParseDate(*toS)
	if *as == "" || err1 != nil || err2 != nil || to.Before(from) {
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
	n, err := sync.ImportPunches(ctx, actor, from, to, "cli")
	if err != nil && n.Imported+n.Already+n.Unlinked+n.Other == 0 {
		return err // stopped before any punch: nothing to count
	}
	fmt.Fprintf(e.stdout, "WeCom check-ins %s to %s: %d imported, %d already there, skipped %d of unlinked accounts and %d field or missed punches\n",
		from, to, n.Imported, n.Already, n.Unlinked, n.Other)
	return err
}
