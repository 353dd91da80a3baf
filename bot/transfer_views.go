package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/transfer"
)

// transferChanges are what a transfer changes, one line each: from → to.
// Pay amounts are shown to HR, admins and the person moved only; others
// read that the pay changes.
func (b *Bot) transferChanges(t *turn, tr transfer.Transfer) []string {
	or := func(s string) string {
		if s == "" {
			return b.T(t, "none")
		}
		return core.NameIn(s, t.locale)
	}
	schedule := func(key string) string {
		if key == "" {
			return b.T(t, "transfer.standard_hours")
		}
		return key
	}
	var lines []string
	line := func(field, from, to string) {
		lines = append(lines, b.T(t, "transfer.change", "field", b.T(t, "transfer.field."+field), "from", from, "to", to))
	}
	if tr.Sets.Has(transfer.FieldJob) {
		line("job", or(b.jobLabel(t, tr.From.Job)), or(b.jobLabel(t, tr.To.Job)))
	}
	if tr.Sets.Has(transfer.FieldTeam) {
		line("team", or(tr.From.TeamName), or(tr.To.TeamName))
	}
	if tr.Sets.Has(transfer.FieldManager) {
		line("manager", or(tr.From.ManagerName), or(tr.To.ManagerName))
	}
	if tr.Sets.Has(transfer.FieldSchedule) {
		line("schedule", schedule(tr.From.ScheduleKey), schedule(tr.To.ScheduleKey))
	}
	if tr.Pay != nil {
		reader := t.member.Employee
		if reader.Role == core.RoleHR || reader.Role == core.RoleAdmin || reader.ID == tr.EmployeeID {
			lines = append(lines, b.T(t, "transfer.pay_to", "pay", b.payTermsText(t, *tr.Pay)))
		} else {
			lines = append(lines, b.T(t, "transfer.pay_changes"))
		}
	}
	return lines
}

// TransferChanges is what a transfer changes, a line each, as chat says it.
func (w Words) TransferChanges(tr transfer.Transfer) []string { return w.b.transferChanges(w.t, tr) }

// payTermsText writes pay terms: "monthly 9,000.00 (+ meal 300.00)".
func (b *Bot) payTermsText(t *turn, p pay.Terms) string {
	text := b.T(t, "transfer.pay.monthly", "amount", payroll.Amount(p.Salary))
	if p.Kind == pay.Hourly {
		text = b.T(t, "transfer.pay.hourly", "amount", payroll.Amount(p.HourlyRate))
	}
	var extras []string
	for _, a := range p.Allowances {
		extras = append(extras, a.Name+" "+payroll.Amount(a.Amount))
	}
	if len(extras) > 0 {
		text += " (+ " + strings.Join(extras, ", ") + ")"
	}
	return text
}

// transferCard is a transfer as its approver sees it: what, from when,
// why, asked by whom, and — waiting on the reader — the buttons.
func (b *Bot) transferCard(t *turn, tr transfer.Transfer) Reply {
	id := strconv.FormatInt(tr.ID, 10)
	lines := []string{b.T(t, "transfer.card", "id", id, "name", core.NameIn(tr.EmployeeName, t.locale), "date", tr.Effective.String(),
		"status", b.T(t, "transfer.status."+string(tr.Status)))}
	lines = append(lines, b.transferChanges(t, tr)...)
	lines = append(lines, b.T(t, "transfer.reason_line", "reason", tr.Reason),
		b.T(t, "transfer.asked_by", "by", core.NameIn(tr.RequestedBy, t.locale)))
	var row []Button
	switch {
	case transfer.WaitsOn(*t.member, tr):
		lines = append(lines, b.T(t, "transfer.your_step", "step", b.T(t, "transfer.step."+string(tr.Step))))
		row = append(row, Button{Label: b.T(t, "button.approve"), ActionID: "transfer.approve", Value: id},
			Button{Label: b.T(t, "button.reject"), ActionID: "transfer.reject", Value: id})
	case tr.Status == transfer.Pending:
		lines = append(lines, b.T(t, "transfer.waits_on", "approver", core.NameIn(tr.ApproverName, t.locale),
			"step", b.T(t, "transfer.step."+string(tr.Step))))
	}
	if tr.Status.Open() && (tr.RequestedByID == t.member.Employee.ID || t.member.Employee.Role == core.RoleHR || t.member.Employee.Role == core.RoleAdmin) {
		row = append(row, Button{Label: b.T(t, "transfer.button.cancel"), ActionID: "transfer.cancel", Value: id})
	}
	r := Reply{Text: strings.Join(lines, "\n")}
	if len(row) > 0 {
		r.Buttons = [][]Button{row}
	}
	return r
}

// transferList is /transfers: the transfers still to take effect the
// member has a part in (HR: all), with buttons on those waiting on them.
func (b *Bot) transferList(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	ts, err := b.cfg.Transfers.Open(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return []Reply{{Text: b.T(t, "transfer.list_none")}}, nil
	}
	out := []Reply{{Text: b.T(t, "transfer.list_title", "count", strconv.Itoa(len(ts)))}}
	for _, tr := range ts {
		out = append(out, b.transferCard(t, tr))
	}
	return out, nil
}

func (b *Bot) transferID(value string) (int64, bool) {
	id, err := strconv.ParseInt(value, 10, 64)
	return id, err == nil
}

func (b *Bot) transferAskRejectReason(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, ok := b.transferID(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	tr, err := b.cfg.Transfers.Find(ctx, *t.member, id)
	if err != nil {
		return nil, err
	}
	if tr.Status != transfer.Pending {
		return nil, transfer.Decided(tr)
	}
	if err := b.beginDialog(ctx, t, "transfer", "reject", map[string]string{"id": value}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "transfer.ask_reject_reason", "name", core.NameIn(tr.EmployeeName, t.locale)), Buttons: b.cancelButton(t)}}, nil
}

func (b *Bot) transferDecide(ctx context.Context, t *turn, value string, approve bool, reason string) ([]Reply, error) {
	id, ok := b.transferID(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	tr, err := b.cfg.Transfers.Decide(ctx, *t.member, id, approve, reason, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	key := "transfer.approved"
	switch tr.Status {
	case transfer.Rejected:
		key = "transfer.rejected"
	case transfer.Pending:
		key = "transfer.passed_on"
	case transfer.Done:
		key = "transfer.approved_in_effect"
	}
	return []Reply{{Text: b.T(t, key, "name", core.NameIn(tr.EmployeeName, t.locale), "date", tr.Effective.String(),
		"approver", core.NameIn(tr.ApproverName, t.locale), "reason", tr.RejectReason), ReplaceMessage: t.in.Action != nil}}, nil
}

func (b *Bot) transferCancel(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, ok := b.transferID(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	tr, err := b.cfg.Transfers.Cancel(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "transfer.cancelled", "name", core.NameIn(tr.EmployeeName, t.locale), "date", tr.Effective.String()),
		ReplaceMessage: t.in.Action != nil}}, nil
}

// transferNotification writes a transfer notification from the
// transfer's state now: a step already decided is not offered again.
func (b *Bot) transferNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	tr, err := b.cfg.Transfers.Find(ctx, *t.member, id)
	if err != nil {
		return nil
	}
	name, date := core.NameIn(tr.EmployeeName, t.locale), tr.Effective.String()
	switch {
	case n.Kind == core.NotifyTransferRequest && n.Params["about"] != "":
		lines := append([]string{b.T(t, "transfer.about_you", "by", core.NameIn(tr.RequestedBy, t.locale), "date", date)}, b.transferChanges(t, tr)...)
		return []Reply{{Text: strings.Join(lines, "\n")}}
	case n.Kind == core.NotifyTransferRequest:
		if !transfer.WaitsOn(*t.member, tr) || tr.ApproverID != t.member.Employee.ID {
			return nil
		}
		return []Reply{b.transferCard(t, tr)}
	case n.Kind == core.NotifyTransferDecided:
		return []Reply{{Text: b.T(t, "transfer.decided_"+string(tr.Status), "name", name, "date", date,
			"by", core.NameIn(tr.DecidedBy, t.locale), "reason", tr.RejectReason)}}
	case n.Kind == core.NotifyTransferEffective:
		lines := append([]string{b.T(t, "transfer.effective", "name", name, "date", date)}, b.transferChanges(t, tr)...)
		return []Reply{{Text: strings.Join(lines, "\n")}}
	}
	return nil
}
