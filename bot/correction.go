package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/conversation"
)

// Corrections (补卡) in chat: asking for one, in a line or a dialog, and
// the approver deciding with buttons.

// The fix dialog keeps what is known so far in its data: "date", "kind",
// "minute", "reason". Every question it asks is stored under the one
// registered step fix/reason; "ask" says which question is open (date,
// kind, time, reason, or reject for an approver's reason).

// readFix adds to data what text says: a day, which punch, a time of day;
// the words left over are returned as the reason. A range of days is
// refused: a correction is for one day.
func (b *Bot) readFix(t *turn, text string, data map[string]string) (string, error) {
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	known := intent.Punch("")
	switch attendance.CorrectionKind(data["kind"]) {
	case attendance.FixCheckIn:
		known = intent.PunchIn
	case attendance.FixCheckOut:
		known = intent.PunchOut
	}
	f, err := intent.ParseFix(text, known, today)
	if err != nil {
		return "", err
	}
	if f.Range {
		return "", core.Errorf(core.EInvalid, "att.fix_one_day", "a correction is for one day")
	}
	if f.HasDate {
		data["date"] = f.Date.String()
	}
	if f.HasTime {
		data["minute"] = strconv.Itoa(f.Minute)
	}
	switch f.Punch {
	case intent.PunchIn:
		data["kind"] = string(attendance.FixCheckIn)
	case intent.PunchOut:
		data["kind"] = string(attendance.FixCheckOut)
	}
	return f.Reason, nil
}

// fix files a correction: from one line (`补卡 昨天 上班 8:55 忘记打卡`,
// `fix 11-24 out 18:30 phone died`) or step by step, asking for the day,
// the punch, the time and the reason that the line left out.
func (b *Bot) fix(ctx context.Context, t *turn, args string) ([]Reply, error) {
	data := map[string]string{}
	reason, err := b.readFix(t, args, data)
	if err != nil {
		return nil, err
	}
	data["reason"] = reason
	return b.fixNext(ctx, t, data, false)
}

// fixNext asks for the first thing the correction still lacks, or files it.
// In the dialog (dialog set) a day that cannot be corrected is explained
// and another asked for, keeping the answers given so far.
func (b *Bot) fixNext(ctx context.Context, t *turn, data map[string]string, dialog bool) ([]Reply, error) {
	ask := func(what string, reply Reply) ([]Reply, error) {
		data["ask"] = what
		if err := b.beginDialog(ctx, t, "fix", "reason", data); err != nil {
			return nil, err
		}
		reply.Buttons = append(reply.Buttons, b.cancelButton(t)[0])
		return []Reply{reply}, nil
	}
	askDate := func() ([]Reply, error) {
		today := core.DateOf(t.now.In(t.member.Org.Location()))
		start, _ := attendance.StartOf(t.member.Org, t.member.Employee)
		// Buttons only for days that can be corrected.
		var row []Button
		for i, key := range []string{"att.fix_today", "att.fix_yesterday"} {
			if d := today.AddDays(-i); !d.Before(start) {
				row = append(row, Button{Label: b.T(t, key), ActionID: "att.fix.date", Value: d.String()})
			}
		}
		reply := Reply{Text: b.T(t, "att.fix_ask_date")}
		if len(row) > 0 {
			reply.Buttons = [][]Button{row}
		}
		return ask("date", reply)
	}
	date, err := core.ParseDate(data["date"])
	if data["date"] == "" || err != nil {
		return askDate()
	}
	// A day that cannot be corrected is said at once, not after the rest
	// has been asked for.
	if err := b.cfg.Attendance.CheckCorrectionDate(ctx, *t.member, date); err != nil {
		if !dialog || core.ErrorCodeOf(err) == core.EInternal {
			return nil, err
		}
		delete(data, "date")
		replies, aerr := askDate()
		if aerr != nil {
			return nil, aerr
		}
		return append([]Reply{b.errorReply(t, "fix", err)}, replies...), nil
	}
	kind := attendance.CorrectionKind(data["kind"])
	if kind != attendance.FixCheckIn && kind != attendance.FixCheckOut {
		return ask("kind", Reply{Text: b.T(t, "att.fix_ask_kind", "date", date.String()), Buttons: [][]Button{{
			{Label: b.T(t, "att.fix_button.check_in"), ActionID: "att.fix.kind", Value: string(attendance.FixCheckIn)},
			{Label: b.T(t, "att.fix_button.check_out"), ActionID: "att.fix.kind", Value: string(attendance.FixCheckOut)},
		}}})
	}
	minute, err := strconv.Atoi(data["minute"])
	if err != nil {
		return ask("time", Reply{Text: b.T(t, "att.fix_ask_time", "kind", b.T(t, "att.kind."+string(kind)), "date", date.String())})
	}
	if strings.TrimSpace(data["reason"]) == "" {
		return ask("reason", Reply{Text: b.T(t, "att.fix_ask_reason")})
	}
	return b.submitFix(ctx, t, attendance.CorrectionRequest{Date: date, Kind: kind, Minute: minute, Reason: strings.TrimSpace(data["reason"]),
		Sent: t.in.SentAt})
}

// fixReason answers every question of the fix dialog (see fixNext): the
// reason is taken as typed; other answers are read for a day, a punch and
// a time, and whatever else they say becomes the reason.
func (b *Bot) fixReason(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
	data := d.Data
	if data == nil {
		data = map[string]string{}
	}
	text = strings.TrimSpace(text)
	switch data["ask"] {
	case "reject":
		return b.decideFix(ctx, t, data["id"], false, text)
	case "", "reason":
		// Dialogs begun before the guided steps existed ask only this.
		data["reason"] = text
	default:
		field := map[string]string{"date": "date", "kind": "kind", "time": "minute"}[data["ask"]]
		reason, err := b.readFix(t, text, data)
		if err != nil {
			return nil, err
		}
		if data[field] == "" {
			// A message about something else ("公司有没有员工食堂") leaves
			// the dialog and is read on its own.
			if wish := intent.Classify(text, intent.Vocab{}); wish != intent.Fix && wish != intent.Other {
				return nil, errNotAnswer
			}
			// Not an answer: ask the same again, and take nothing as a reason.
			replies, err := b.fixNext(ctx, t, data, true)
			if err == nil && len(replies) > 0 {
				replies[0].Text = b.T(t, "att.fix_not_understood") + "\n" + replies[0].Text
			}
			return replies, err
		}
		if reason != "" && data["reason"] == "" {
			data["reason"] = reason
		}
	}
	return b.fixNext(ctx, t, data, true)
}

// fixChoose takes a pressed Today/Yesterday or Check-in/Check-out button
// of the open fix dialog.
func (b *Bot) fixChoose(ctx context.Context, t *turn, field, value string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open || d.Name != "fix" || d.Data["ask"] != field {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	data := d.Data
	switch field {
	case "date":
		if _, err := core.ParseDate(value); err != nil {
			return []Reply{{Text: b.T(t, "button.stale")}}, nil
		}
	case "kind":
		if k := attendance.CorrectionKind(value); k != attendance.FixCheckIn && k != attendance.FixCheckOut {
			return []Reply{{Text: b.T(t, "button.stale")}}, nil
		}
	}
	data[field] = value
	return b.fixNext(ctx, t, data, true)
}

func (b *Bot) submitFix(ctx context.Context, t *turn, req attendance.CorrectionRequest) ([]Reply, error) {
	c, approver, err := b.cfg.Attendance.RequestCorrection(ctx, *t.member, req, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "att.fix_sent", "approver", approver.Name, "kind", b.T(t, "att.kind."+string(c.Kind)),
		"date", c.WorkDate.String(), "time", b.clock(t, c.At), "reason", c.Reason)}}, nil
}

func (b *Bot) fixRequestReply(t *turn, c attendance.Correction) Reply {
	id := strconv.FormatInt(c.ID, 10)
	return Reply{
		Text: b.T(t, "att.fix_request", "name", c.EmployeeName, "kind", b.T(t, "att.kind."+string(c.Kind)),
			"date", c.WorkDate.String(), "time", b.clock(t, c.At), "reason", c.Reason),
		Buttons: [][]Button{{
			{Label: b.T(t, "button.approve"), ActionID: "att.fix.approve", Value: id},
			{Label: b.T(t, "button.reject"), ActionID: "att.fix.reject", Value: id},
		}},
	}
}

// fixAskRejectReason answers Reject: the approver is asked why, and the
// answer, typed next, rejects the correction and is told to the employee.
func (b *Bot) fixAskRejectReason(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	c, _, err := b.cfg.Attendance.ToDecide(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.beginDialog(ctx, t, "fix", "reason", map[string]string{"ask": "reject", "id": value}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "att.fix_ask_reject_reason", "name", c.EmployeeName, "kind", b.T(t, "att.kind."+string(c.Kind)),
		"date", c.WorkDate.String(), "time", b.clock(t, c.At)), Buttons: b.cancelButton(t)}}, nil
}

func (b *Bot) decideFix(ctx context.Context, t *turn, value string, approve bool, reason string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	c, err := b.cfg.Attendance.DecideCorrection(ctx, *t.member, id, approve, reason, t.channel())
	if err != nil && core.ErrorCodeOf(err) != core.EConflict {
		return nil, err // an empty reason is asked again
	}
	// Decided, here or already elsewhere: a question about rejecting this
	// correction is no longer open.
	if d, open, derr := b.openDialog(ctx, t); derr != nil {
		return nil, derr
	} else if open && d.Name == "fix" && d.Data["ask"] == "reject" && d.Data["id"] == value {
		if derr := b.endDialog(ctx, t); derr != nil {
			return nil, derr
		}
	}
	if err != nil {
		return nil, err
	}
	key := "att.fix_approved"
	if !approve {
		key = "att.fix_rejected"
	}
	return []Reply{{Text: b.T(t, key, "name", c.EmployeeName, "kind", b.T(t, "att.kind."+string(c.Kind)),
		"date", c.WorkDate.String(), "time", b.clock(t, c.At), "reason", c.RejectReason), ReplaceMessage: t.in.Action != nil}}, nil
}
