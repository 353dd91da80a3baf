package bot

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

func (b *Bot) attendanceCommands() []command {
	return []command{
		{name: "checkin", aliases: []string{"打卡", "上班", "签到", "check-in"}, helpKey: "help.cmd.checkin", run: b.checkIn},
		{name: "checkout", aliases: []string{"下班", "签退", "check-out"}, helpKey: "help.cmd.checkout", run: b.checkOut},
		{name: "me", aliases: []string{"attendance", "考勤", "我的考勤"}, helpKey: "help.cmd.me", run: b.myMonth},
		{name: "fix", aliases: []string{"补卡", "correction"}, helpKey: "help.cmd.fix", run: b.fix},
		{name: "schedule", aliases: []string{"排班", "班表", "我的排班", "shifts"}, helpKey: "help.cmd.schedule", run: b.schedule},
		{name: "today", aliases: []string{"今日出勤", "今天出勤", "出勤"}, helpKey: "help.cmd.today", staff: true, run: b.today},
		{name: "pending", aliases: []string{"待审批", "审批"}, helpKey: "help.cmd.pending", staff: true, run: b.pending},
	}
}

func (b *Bot) attendanceActions() map[string]actionHandler {
	return map[string]actionHandler{
		"att.checkin":     {run: func(ctx context.Context, t *turn, _ string) ([]Reply, error) { return b.checkIn(ctx, t, "") }},
		"att.checkout":    {run: func(ctx context.Context, t *turn, _ string) ([]Reply, error) { return b.checkOut(ctx, t, "") }},
		"att.fix.approve": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.decideFix(ctx, t, v, true, "") }},
		"att.fix.reject":  {run: b.fixAskRejectReason},
		"att.fix.date":    {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.fixChoose(ctx, t, "date", v) }},
		"att.fix.kind":    {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.fixChoose(ctx, t, "kind", v) }},
	}
}

func (b *Bot) location(t *turn) *attendance.Location {
	if t.in.Location == nil {
		return nil
	}
	return &attendance.Location{Lat: t.in.Location.Latitude, Lon: t.in.Location.Longitude}
}

// shiftLabel names a plan's shift: "CS morning 09:00–18:00", or standard hours.
func (b *Bot) shiftLabel(t *turn, p attendance.Plan) string {
	name := core.NameIn(p.Shift.Name, t.locale)
	switch p.Shift.Key {
	case "":
		name = b.T(t, "att.standard_hours")
	case attendance.CoverShiftKey:
		name = b.T(t, "att.cover_shift", "job", b.jobName(t, p.Shift.Job))
	}
	return name + " " + p.Hours()
}

func (b *Bot) clock(t *turn, at time.Time) string {
	return at.In(t.member.Org.Location()).Format("15:04")
}

func (b *Bot) checkIn(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	res, err := b.cfg.Attendance.CheckIn(ctx, *t.member, b.location(t), t.channel())
	if err != nil {
		return nil, err
	}
	r, p := res.Record, res.Plan
	var lines []string
	switch {
	case res.Already:
		lines = append(lines, b.T(t, "att.in.already", "time", b.clock(t, r.CheckIn), "date", r.WorkDate.String()))
	case !p.Working:
		lines = append(lines, b.T(t, "att.in.day_off", "time", b.clock(t, r.CheckIn), "day", b.dayLabel(t, p)))
	case r.Has(attendance.FlagAbsentLate):
		// Past the absence limit the day is an absence, not a long lateness.
		lines = append(lines, b.T(t, "att.in.absent", "time", b.clock(t, r.CheckIn), "shift", b.shiftLabel(t, p),
			"limit", b.duration(t, res.AbsentAfter)))
	case r.LateMinutes > 0:
		lines = append(lines, b.T(t, "att.in.late", "time", b.clock(t, r.CheckIn), "minutes", strconv.Itoa(r.LateMinutes), "shift", b.shiftLabel(t, p)))
	default:
		lines = append(lines, b.T(t, "att.in.on_time", "time", b.clock(t, r.CheckIn), "shift", b.shiftLabel(t, p)))
	}
	if !res.Already && res.Flag != "" {
		lines = append(lines, b.T(t, "att.flag."+res.Flag))
	}
	return []Reply{{Text: strings.Join(lines, "\n"), ReplaceMessage: t.in.Action != nil}}, nil
}

func (b *Bot) dayLabel(t *turn, p attendance.Plan) string {
	label := b.T(t, "day."+p.DayKind.String())
	if p.HolidayName != "" {
		label += " " + p.HolidayName
	}
	return label
}

func (b *Bot) checkOut(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	res, err := b.cfg.Attendance.CheckOut(ctx, *t.member, b.location(t), t.channel())
	if err != nil {
		return nil, err
	}
	r, p := res.Record, res.Plan
	if r.Has(attendance.FlagMissingCheckIn) {
		return []Reply{{Text: b.T(t, "att.out.missing_in", "time", b.clock(t, r.CheckOut), "date", r.WorkDate.String())}}, nil
	}
	lines := []string{b.T(t, "att.out.done", "time", b.clock(t, r.CheckOut), "worked", b.duration(t, r.WorkedMinutes))}
	if res.Replaced {
		lines[0] += " " + b.T(t, "att.out.replaced")
	}
	if r.EarlyMinutes > 0 {
		lines = append(lines, b.T(t, "att.out.early", "minutes", strconv.Itoa(r.EarlyMinutes), "shift", b.shiftLabel(t, p)))
	}
	if r.OvertimeMinutes > 0 {
		lines = append(lines, b.T(t, "att.out.overtime", "duration", b.duration(t, r.OvertimeMinutes), "kind", b.T(t, "ot."+string(r.OvertimeKind))))
	}
	if res.Flag != "" {
		lines = append(lines, b.T(t, "att.flag."+res.Flag))
	}
	return []Reply{{Text: strings.Join(lines, "\n"), ReplaceMessage: t.in.Action != nil}}, nil
}

// duration formats minutes as "8 h 5 min" / "8小时5分钟".
func (b *Bot) duration(t *turn, minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return b.T(t, "dur.m", "m", strconv.Itoa(m))
	case m == 0:
		return b.T(t, "dur.h", "h", strconv.Itoa(h))
	}
	return b.T(t, "dur.hm", "h", strconv.Itoa(h), "m", strconv.Itoa(m))
}

func (b *Bot) myMonth(ctx context.Context, t *turn, args string) ([]Reply, error) {
	day := core.DateOf(t.now.In(t.member.Org.Location()))
	if args != "" {
		m, err := time.Parse("2006-01", strings.TrimSpace(args))
		if err != nil {
			return []Reply{{Text: b.T(t, "att.month_usage")}}, nil
		}
		day = core.DateOf(m)
	}
	s, err := b.cfg.Attendance.Month(ctx, *t.member, day)
	if err != nil {
		return nil, err
	}
	month := fmt.Sprintf("%d-%02d", day.Year, day.Month)
	switch {
	case s.Future:
		return []Reply{{Text: b.T(t, "att.month.future", "month", month), Ephemeral: true}}, nil
	case s.NotStarted && s.StartIsHire:
		return []Reply{{Text: b.T(t, "att.month.before_hire", "month", month, "start", s.Start.String()), Ephemeral: true}}, nil
	case s.NotStarted:
		return []Reply{{Text: b.T(t, "att.month.before_go_live", "month", month, "start", s.Start.String(), "org", t.member.Org.Name), Ephemeral: true}}, nil
	}
	lines := []string{
		b.T(t, "att.month.title", "month", month, "to", s.To.String()),
		b.T(t, "att.month.days", "worked", strconv.Itoa(s.WorkedDays), "planned", strconv.Itoa(s.PlannedDays),
			"absent", strconv.Itoa(s.AbsentDays), "leave", strconv.Itoa(s.LeaveDays)),
		b.T(t, "att.month.late", "late", strconv.Itoa(s.LateCount), "minutes", strconv.Itoa(s.LateMinutes), "early", strconv.Itoa(s.EarlyCount)),
		b.T(t, "att.month.overtime",
			"workday", b.duration(t, s.Overtime[attendance.OvertimeWorkday]),
			"rest_day", b.duration(t, s.Overtime[attendance.OvertimeRestDay]),
			"holiday", b.duration(t, s.Overtime[attendance.OvertimeHoliday])),
	}
	switch {
	case s.Start.IsZero():
	case s.StartIsHire:
		lines = append(lines, b.T(t, "att.month.since_hire", "start", s.Start.String()))
	default:
		lines = append(lines, b.T(t, "att.month.since_go_live", "start", s.Start.String()))
	}
	if s.AutoClosed+s.Flagged+s.Pending > 0 {
		lines = append(lines, b.T(t, "att.month.attention", "auto", strconv.Itoa(s.AutoClosed), "flagged", strconv.Itoa(s.Flagged), "pending", strconv.Itoa(s.Pending)))
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

func (b *Bot) today(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	entries, err := b.cfg.Attendance.Today(ctx, *t.member, t.channel())
	if err != nil {
		return nil, err
	}
	order := []attendance.TodayStatus{attendance.StatusAbsent, attendance.StatusLate, attendance.StatusIn, attendance.StatusExtra,
		attendance.StatusNotYet, attendance.StatusOut, attendance.StatusOnLeave, attendance.StatusOff}
	groups := map[attendance.TodayStatus][]string{}
	for _, e := range entries {
		var item string
		switch e.Status {
		case attendance.StatusIn, attendance.StatusExtra:
			item = fmt.Sprintf("%s %s", e.Employee.Name, b.clock(t, e.Record.CheckIn))
		case attendance.StatusLate:
			item = fmt.Sprintf("%s %s (+%d)", e.Employee.Name, b.clock(t, e.Record.CheckIn), e.Record.LateMinutes)
		case attendance.StatusOut:
			item = fmt.Sprintf("%s %s–%s", e.Employee.Name, b.clockOrDash(t, e.Record.CheckIn), b.clock(t, e.Record.CheckOut))
		case attendance.StatusAbsent, attendance.StatusNotYet:
			item = fmt.Sprintf("%s (%s)", e.Employee.Name, e.Plan.Hours())
		default:
			item = e.Employee.Name
		}
		groups[e.Status] = append(groups[e.Status], item)
	}
	day := core.DateOf(t.now.In(t.member.Org.Location()))
	lines := []string{b.T(t, "att.today.title", "date", day.String(), "count", strconv.Itoa(len(entries)))}
	for _, st := range order {
		if len(groups[st]) == 0 {
			continue
		}
		sort.Strings(groups[st])
		lines = append(lines, b.T(t, "att.today."+string(st), "count", strconv.Itoa(len(groups[st])))+" "+strings.Join(groups[st], ", "))
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

func (b *Bot) clockOrDash(t *turn, at time.Time) string {
	if at.IsZero() {
		return "?"
	}
	return b.clock(t, at)
}

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
	return b.submitFix(ctx, t, attendance.CorrectionRequest{Date: date, Kind: kind, Minute: minute, Reason: strings.TrimSpace(data["reason"])})
}

// fixReason answers every question of the fix dialog (see fixNext): the
// reason is taken as typed; other answers are read for a day, a punch and
// a time, and whatever else they say becomes the reason.
func (b *Bot) fixReason(ctx context.Context, t *turn, d core.Dialog, text string) ([]Reply, error) {
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

func (b *Bot) pending(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	cs, err := b.cfg.Attendance.PendingCorrections(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	var items []Reply
	for _, c := range cs {
		items = append(items, b.fixRequestReply(t, c))
	}
	if b.cfg.Leave != nil {
		rs, err := b.cfg.Leave.PendingFor(ctx, *t.member)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			reply, err := b.leaveRequestReply(ctx, t, r, false)
			if err != nil {
				return nil, err
			}
			items = append(items, reply)
		}
	}
	if len(items) == 0 {
		return []Reply{{Text: b.T(t, "pending.none")}}, nil
	}
	return append([]Reply{{Text: b.T(t, "pending.title", "count", strconv.Itoa(len(items)))}}, items...), nil
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

// notificationReplies renders a member's undelivered notifications in
// their language, with fresh state: a request already decided says so.
func (b *Bot) notificationReplies(ctx context.Context, t *turn) []Reply {
	if b.cfg.Inbox == nil || t.member == nil || t.member.Unread == 0 {
		return nil
	}
	ns, err := b.cfg.Inbox.Take(ctx, t.member.Employee.ID)
	if err != nil {
		b.log.Error("take notifications", "employee", t.member.Employee.ID, "err", err)
		return nil
	}
	var out []Reply
	for _, n := range ns {
		if t.command == "pending" && (n.Kind == "att.fix.request" || n.Kind == "leave.request") {
			continue // the list just shown has them
		}
		out = append(out, b.renderNotification(ctx, t, n)...)
	}
	return out
}

// renderNotification writes one notification for its recipient from the
// state of things now: a request decided meanwhile is not offered again.
func (b *Bot) renderNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	switch n.Kind {
	case "att.fix.request", "att.fix.decided":
		c, err := b.cfg.Attendance.FindCorrection(ctx, *t.member, id)
		if err != nil {
			return nil
		}
		switch {
		case n.Kind == "att.fix.request" && c.Status == attendance.CorrectionPending:
			return []Reply{b.fixRequestReply(t, c)}
		case n.Kind == "att.fix.decided":
			return []Reply{{Text: b.T(t, "att.fix_decided_"+string(c.Status), "by", c.DecidedByName,
				"kind", b.T(t, "att.kind."+string(c.Kind)), "date", c.WorkDate.String(), "time", b.clock(t, c.At), "reason", c.RejectReason)}}
		}
	case "leave.request", "leave.decided", "leave.cancelled":
		if reply, ok := b.leaveNotification(ctx, t, n, id); ok {
			return []Reply{reply}
		}
	case "kb.forwarded", "kb.answered":
		return b.knowledgeNotification(ctx, t, n, id)
	case "payroll.payslip", "payroll.question":
		return b.payrollNotification(ctx, t, n)
	default:
		b.log.Warn("unknown notification kind", "kind", n.Kind)
	}
	return nil
}

// Words for a whole week or month, as a schedule question says them.
var scheduleSpans = []struct {
	words []string
	week  bool // else a month
	shift int  // 0 this, 1 next, -1 last
}{
	{[]string{"next week", "下周", "下个星期", "下星期", "下个礼拜", "下礼拜", "下个周"}, true, 1},
	{[]string{"last week", "上周", "上个星期", "上星期", "上个礼拜", "上礼拜", "上个周"}, true, -1},
	{[]string{"this week", "本周", "这周", "这个星期", "这星期", "本星期", "这礼拜", "这个礼拜", "这一周"}, true, 0},
	{[]string{"next month", "下个月", "下月"}, false, 1},
	{[]string{"last month", "上个月", "上月"}, false, -1},
	{[]string{"this month", "本月", "这个月", "这月"}, false, 0},
}

// maxScheduleDays bounds one schedule view: a month, to stay readable.
const maxScheduleDays = 31

// scheduleSpan reads which days a schedule question is about: a date or a
// range of dates ("12-01", "明天", "12月1日到7日", "周五"), or a whole week
// or month ("next week", "下周", "this week", "本月"). Weeks run Monday to
// Sunday. found is false when the text names no days.
func scheduleSpan(text string, today core.Date) (from, to core.Date, found bool, err error) {
	span, _, found, err := when.FindSpan(text, today, when.Future)
	if err != nil {
		return core.Date{}, core.Date{}, false, err
	}
	if found {
		return span.From, span.To, true, nil
	}
	lower := strings.ToLower(text)
	for _, s := range scheduleSpans {
		for _, w := range s.words {
			if !strings.Contains(lower, w) {
				continue
			}
			if s.week {
				monday := today.AddDays(-int((today.Weekday() + 6) % 7)).AddDays(7 * s.shift)
				return monday, monday.AddDays(6), true, nil
			}
			first := core.NewDate(today.Year, today.Month+time.Month(s.shift), 1)
			return first, first.MonthEnd(), true, nil
		}
	}
	return core.Date{}, core.Date{}, false, nil
}

// schedule shows the person's own shifts: `/schedule` for the next seven
// days, `/schedule next week`, `排班 下周`, `排班 本月`, `/schedule 12-01 to 12-07`.
func (b *Bot) schedule(ctx context.Context, t *turn, args string) ([]Reply, error) {
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	from, to, found, err := scheduleSpan(args, today)
	if err != nil {
		return nil, err
	}
	if !found {
		if strings.TrimSpace(args) != "" {
			return []Reply{{Text: b.T(t, "att.schedule.usage")}}, nil
		}
		from, to = today, today.AddDays(6)
	}
	return b.scheduleView(ctx, t, from, to)
}

// scheduleView lists the person's plan for each day from `from` to `to`:
// their shift, a day off, approved leave, the holiday it falls on. It is
// what a question about one's schedule is answered with, whatever the
// words that named the span.
func (b *Bot) scheduleView(ctx context.Context, t *turn, from, to core.Date) ([]Reply, error) {
	if to.Before(from) {
		from, to = to, from
	}
	if days := from.DaysUntil(to) + 1; days > maxScheduleDays {
		return []Reply{{Text: b.T(t, "att.schedule.too_long", "days", strconv.Itoa(maxScheduleDays))}}, nil
	}
	plans, leave, err := b.cfg.Attendance.Week(ctx, *t.member, from, from.DaysUntil(to)+1)
	if err != nil {
		return nil, err
	}
	lines := []string{b.T(t, "att.schedule.title", "from", from.String(), "to", to.String())}
	for _, p := range plans {
		what := b.T(t, "att.schedule.off")
		switch {
		case leave[p.Date]:
			what = b.T(t, "att.schedule.leave")
		case p.Working:
			what = b.shiftLabel(t, p)
		}
		if p.HolidayName != "" {
			what += " · " + p.HolidayName
		}
		lines = append(lines, b.T(t, "att.schedule.day", "date", p.Date.String(),
			"weekday", b.T(t, "weekday."+strings.ToLower(p.Date.Weekday().String()[:3])), "what", what))
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}
