package bot

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

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
		{name: "today", aliases: []string{"今日出勤", "今天出勤", "出勤"}, helpKey: "help.cmd.today", staff: true, run: b.today},
		{name: "pending", aliases: []string{"待审批", "审批"}, helpKey: "help.cmd.pending", staff: true, run: b.pending},
	}
}

func (b *Bot) attendanceActions() map[string]actionHandler {
	return map[string]actionHandler{
		"att.checkin":     {run: func(ctx context.Context, t *turn, _ string) ([]Reply, error) { return b.checkIn(ctx, t, "") }},
		"att.checkout":    {run: func(ctx context.Context, t *turn, _ string) ([]Reply, error) { return b.checkOut(ctx, t, "") }},
		"att.fix.approve": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.decideFix(ctx, t, v, true) }},
		"att.fix.reject":  {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.decideFix(ctx, t, v, false) }},
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
	name := p.Shift.Name
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
	case r.LateMinutes > 0:
		lines = append(lines, b.T(t, "att.in.late", "time", b.clock(t, r.CheckIn), "minutes", strconv.Itoa(r.LateMinutes), "shift", b.shiftLabel(t, p)))
		if r.Has(attendance.FlagAbsentLate) {
			lines = append(lines, b.T(t, "att.in.absent"))
		}
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
	lines := []string{
		b.T(t, "att.month.title", "month", fmt.Sprintf("%d-%02d", day.Year, day.Month), "to", s.To.String()),
		b.T(t, "att.month.days", "worked", strconv.Itoa(s.WorkedDays), "planned", strconv.Itoa(s.PlannedDays),
			"absent", strconv.Itoa(s.AbsentDays), "leave", strconv.Itoa(s.LeaveDays)),
		b.T(t, "att.month.late", "late", strconv.Itoa(s.LateCount), "minutes", strconv.Itoa(s.LateMinutes), "early", strconv.Itoa(s.EarlyCount)),
		b.T(t, "att.month.overtime",
			"workday", b.duration(t, s.Overtime[attendance.OvertimeWorkday]),
			"rest_day", b.duration(t, s.Overtime[attendance.OvertimeRestDay]),
			"holiday", b.duration(t, s.Overtime[attendance.OvertimeHoliday])),
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

// fixKinds maps the words for a punch to the punch.
var fixKinds = map[string]attendance.CorrectionKind{
	"上班": attendance.FixCheckIn, "签到": attendance.FixCheckIn, "打卡": attendance.FixCheckIn, "in": attendance.FixCheckIn,
	"checkin": attendance.FixCheckIn, "check-in": attendance.FixCheckIn, "arrival": attendance.FixCheckIn,
	"下班": attendance.FixCheckOut, "签退": attendance.FixCheckOut, "out": attendance.FixCheckOut,
	"checkout": attendance.FixCheckOut, "check-out": attendance.FixCheckOut, "departure": attendance.FixCheckOut,
}

// fix files a correction from one line: `补卡 昨天 上班 8:55 忘记打卡`,
// `fix 11-24 out 18:30 phone died`. A missing reason is asked for.
func (b *Bot) fix(ctx context.Context, t *turn, args string) ([]Reply, error) {
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	span, rest, found, err := when.FindSpan(args, today, when.Past)
	if err != nil {
		return nil, err
	}
	if !found {
		span.From = today
	}
	if span.To != span.From {
		return []Reply{{Text: b.T(t, "att.fix_one_day")}}, nil
	}
	minute, rest, found, err := when.FindTime(rest)
	if err != nil {
		return nil, err
	}
	var kind attendance.CorrectionKind
	var reason []string
	for _, w := range strings.Fields(rest) {
		if k, ok := fixKinds[strings.ToLower(w)]; ok && kind == "" {
			kind = k
			continue
		}
		reason = append(reason, w)
	}
	if !found || kind == "" {
		return []Reply{{Text: b.T(t, "att.fix_usage")}}, nil
	}
	req := attendance.CorrectionRequest{Date: span.From, Kind: kind, Minute: minute, Reason: strings.Join(reason, " ")}
	if req.Reason == "" {
		if err := b.beginDialog(ctx, t, "fix", "reason", map[string]string{
			"date": req.Date.String(), "kind": string(kind), "minute": strconv.Itoa(minute),
		}); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "att.fix_ask_reason"), Buttons: b.cancelButton(t)}}, nil
	}
	return b.submitFix(ctx, t, req)
}

func (b *Bot) fixReason(ctx context.Context, t *turn, d core.Dialog, text string) ([]Reply, error) {
	date, err := core.ParseDate(d.Data["date"])
	if err != nil {
		return nil, b.endDialog(ctx, t)
	}
	minute, _ := strconv.Atoi(d.Data["minute"])
	req := attendance.CorrectionRequest{Date: date, Kind: attendance.CorrectionKind(d.Data["kind"]), Minute: minute, Reason: strings.TrimSpace(text)}
	return b.submitFix(ctx, t, req)
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

func (b *Bot) decideFix(ctx context.Context, t *turn, value string, approve bool) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	c, err := b.cfg.Attendance.DecideCorrection(ctx, *t.member, id, approve, t.channel())
	if err != nil {
		return nil, err
	}
	key := "att.fix_approved"
	if !approve {
		key = "att.fix_rejected"
	}
	return []Reply{{Text: b.T(t, key, "name", c.EmployeeName, "kind", b.T(t, "att.kind."+string(c.Kind)),
		"date", c.WorkDate.String(), "time", b.clock(t, c.At)), ReplaceMessage: true}}, nil
}

// notificationReplies renders a member's undelivered notifications in
// their language, with fresh state: a request already decided says so.
func (b *Bot) notificationReplies(ctx context.Context, t *turn) []Reply {
	if b.cfg.Inbox == nil || t.member == nil || t.member.Unread == 0 {
		return nil
	}
	ns, err := b.cfg.Inbox.TakeNotifications(ctx, t.member.Employee.ID)
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
				"kind", b.T(t, "att.kind."+string(c.Kind)), "date", c.WorkDate.String(), "time", b.clock(t, c.At))}}
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
