package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving"
)

// leavingCard is a resignation as its reader sees it: whose, the last
// day, the notice, why, where it stands — and the buttons the reader may
// press.
func (b *Bot) leavingCard(t *turn, r leaving.Resignation) Reply {
	id := strconv.FormatInt(r.ID, 10)
	name := core.NameIn(r.EmployeeName, t.locale)
	lines := []string{b.T(t, "leaving.card."+string(r.Kind), "id", id, "name", name, "date", b.dayText(t, r.LastDay),
		"status", b.T(t, "leaving.status."+string(r.Status)))}
	if r.Kind == leaving.Resign {
		lines = append(lines, b.T(t, "leaving.notice_line", "days", strconv.Itoa(r.NoticeDays),
			"given", b.dayText(t, core.DateOf(r.CreatedAt.In(t.member.Org.Location())))))
	}
	if r.Reason != "" {
		lines = append(lines, b.T(t, "leaving.reason_line", "reason", r.Reason))
	}
	var row []Button
	switch {
	case leaving.WaitsOn(*t.member, r):
		if r.ApproverID == t.member.Employee.ID {
			lines = append(lines, b.T(t, "leaving.your_step", "step", b.T(t, "leaving.step."+string(r.Step))))
		} else { // HR may step in at any step
			lines = append(lines, b.T(t, "leaving.hr_may_decide", "approver", core.NameIn(r.ApproverName, t.locale),
				"step", b.T(t, "leaving.step."+string(r.Step))))
		}
		row = append(row, Button{Label: b.T(t, "button.approve"), ActionID: "leaving.approve", Value: id},
			Button{Label: b.T(t, "leaving.button.earlier"), ActionID: "leaving.earlier", Value: id},
			Button{Label: b.T(t, "button.reject"), ActionID: "leaving.reject", Value: id})
	case r.Status == leaving.Pending:
		lines = append(lines, b.T(t, "leaving.waits_on", "approver", core.NameIn(r.ApproverName, t.locale),
			"step", b.T(t, "leaving.step."+string(r.Step))))
	case r.Status == leaving.Rejected:
		lines = append(lines, b.T(t, "leaving.reject_line", "by", core.NameIn(r.DecidedBy, t.locale), "reason", r.RejectReason))
	}
	own := leaving.WithdrawsOwn(*t.member, r)
	hr := r.EmployeeID != t.member.Employee.ID && r.Status.Open() &&
		core.Authorize(*t.member, core.ActionPeopleManage, nil) == nil
	if own || hr {
		row = append(row, Button{Label: b.T(t, "leaving.button.withdraw"), ActionID: "leaving.withdraw", Value: id})
	}
	out := Reply{Text: strings.Join(lines, "\n")}
	if len(row) > 0 {
		out.Buttons = [][]Button{row}
	}
	return out
}

// resignationList is /resignations: the open resignations the member has
// a part in (HR: all of the org's), earliest last day first, with
// buttons on those waiting on them.
func (b *Bot) resignationList(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	rs, err := b.cfg.Leaving.Open(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return []Reply{{Text: b.T(t, "leaving.list_none")}}, nil
	}
	out := []Reply{{Text: b.T(t, "leaving.list_title", "count", strconv.Itoa(len(rs)))}}
	for _, r := range rs {
		out = append(out, b.leavingCard(t, r))
	}
	return out, nil
}

// leavingNotification writes a leaving notification from the
// resignation's state now: a step already decided is not offered again.
func (b *Bot) leavingNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	r, err := b.cfg.Leaving.Find(ctx, *t.member, id)
	if err != nil {
		return nil
	}
	name, date := core.NameIn(r.EmployeeName, t.locale), b.dayText(t, r.LastDay)
	switch n.Kind {
	case core.NotifyLeavingRequest:
		if !leaving.WaitsOn(*t.member, r) || r.ApproverID != t.member.Employee.ID {
			return nil
		}
		return []Reply{b.leavingCard(t, r)}
	case core.NotifyLeavingDecided:
		status := r.Status
		if status == leaving.Done {
			status = leaving.Approved // told late: it was approved, and has happened since
		}
		who := "other"
		if r.EmployeeID == t.member.Employee.ID {
			who = "you"
		}
		return []Reply{{Text: b.T(t, "leaving.decided."+string(r.Kind)+"."+string(status)+"."+who, "name", name, "date", date,
			"by", core.NameIn(r.DecidedBy, t.locale), "reason", r.RejectReason)}}
	case core.NotifyLeavingDone:
		return []Reply{{Text: b.T(t, "leaving.done", "name", name, "date", date)}}
	case core.NotifyLeavingClosed:
		what := n.Params["what"]
		switch what {
		case "leave", "correction", "transfer":
		default:
			return nil
		}
		return []Reply{{Text: b.T(t, "leaving.closed."+what, "name", name, "date", date, "request", n.Params["request"])}}
	}
	return nil
}
