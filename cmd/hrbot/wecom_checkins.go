package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/core"
)

// checkinSource is the source imported WeCom punches are recorded under,
// and the channel of their audit rows.
const checkinSource = "wecom"

// checkinCounts is what an import of WeCom punches did.
type checkinCounts struct {
	imported, already, unlinked, other int
}

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
	if err := a.svc.directory.Authorize(ctx, actor, core.ActionPeopleManage, nil, "cli"); err != nil {
		return err
	}
	cfg, err := wecomConfig(a.cfg.WeCom)
	if err != nil {
		return err
	}
	setup, err := a.svc.attendance.Setup(ctx, actor.Org)
	if err != nil {
		return err
	}
	linked, err := a.svc.store.directory.Accounts(ctx, actor.Org.ID, core.PlatformWeCom)
	if err != nil {
		return err
	}
	users := make([]string, 0, len(linked))
	for u := range linked {
		users = append(users, u)
	}
	sort.Strings(users)
	start := from.In(setup.Location)
	end := to.AddDays(1).In(setup.Location)
	punches, err := wecom.FetchPunches(ctx, cfg, users, start, end)
	if err != nil {
		return fmt.Errorf("read WeCom check-ins: %w", err)
	}
	n, err := importPunches(ctx, a, actor.Org, linked, punches)
	fmt.Fprintf(e.stdout, "WeCom check-ins %s to %s: %d imported, %d already there, skipped %d of unlinked accounts and %d field or missed punches\n",
		from, to, n.imported, n.already, n.unlinked, n.other)
	return err
}

// importPunches imports punches in the order they were made, so a
// check-out finds the check-in before it.
func importPunches(ctx context.Context, a *app, org core.Org, linked map[string]string, punches []wecom.Punch) (checkinCounts, error) {
	sort.SliceStable(punches, func(i, j int) bool { return punches[i].CheckinTime < punches[j].CheckinTime })
	var n checkinCounts
	members := map[string]core.Member{}
	for _, p := range punches {
		key, ok := linked[p.UserID]
		switch {
		case p.Kind() == wecom.PunchOther:
			n.other++
			continue
		case !ok:
			n.unlinked++
			continue
		}
		m, ok := members[key]
		if !ok {
			var err error
			if m, err = memberIn(ctx, a, org, key); err != nil {
				return n, err
			}
			members[key] = m
		}
		_, isNew, err := a.svc.attendance.ImportPunch(ctx, m, p.Kind() == wecom.PunchOut, p.Time(), p.OutsideArea(), checkinSource, p.Key())
		if err != nil {
			return n, fmt.Errorf("import %s's punch at %s: %w", key, p.Time().UTC().Format(time.RFC3339), err)
		}
		if isNew {
			n.imported++
		} else {
			n.already++
		}
	}
	return n, nil
}

// memberIn is the person key of org.
func memberIn(ctx context.Context, a *app, org core.Org, key string) (core.Member, error) {
	members, err := a.svc.store.directory.FindMembersByKey(ctx, key)
	if err != nil {
		return core.Member{}, err
	}
	for _, m := range members {
		if m.Org.ID == org.ID {
			return m, nil
		}
	}
	return core.Member{}, fmt.Errorf("%s has no person %q", org.Key, key)
}
