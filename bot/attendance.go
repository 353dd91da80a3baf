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

func (b *Bot) attendanceFeature() feature {
	return feature{
		commands: b.attendanceCommands(), actions: b.attendanceActions(),
		dialogs: map[string]dialogStep{"fix/reason": b.fixReason},
		notifications: map[string]notificationRenderer{
			core.NotifyFixRequest: b.fixNotification, core.NotifyFixDecided: b.fixNotification,
			core.NotifyPunchDelayed: b.delayedPunchNotification,
		},
	}
}

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
	res, err := b.cfg.Attendance.CheckIn(ctx, *t.member, b.location(t), t.in.SentAt, t.channel())
	if err != nil {
		return nil, err
	}
	return b.checkedIn(t, res), nil
}

// checkedIn is what a check-in answers, whichever way it was stored.
func (b *Bot) checkedIn(t *turn, res attendance.PunchResult) []Reply {
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
	return []Reply{{Text: strings.Join(lines, "\n"), ReplaceMessage: t.in.Action != nil}}
}

func (b *Bot) dayLabel(t *turn, p attendance.Plan) string {
	label := b.T(t, "day."+p.DayKind.String())
	if p.HolidayName != "" {
		label += " " + p.HolidayName
	}
	return label
}

func (b *Bot) checkOut(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	res, err := b.cfg.Attendance.CheckOut(ctx, *t.member, b.location(t), t.in.SentAt, t.channel())
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

// maxScheduleDays bounds one schedule view: a month, to stay readable.
const maxScheduleDays = 31

// scheduleSpan reads which days a schedule question is about: a date or a
// range of dates ("12-01", "明天", "12月1日到7日", "周五"), or a whole week
// or month ("next week", "下周", "this week", "本月"). Weeks run Monday to
// Sunday. found is false when the text names no days.
func scheduleSpan(text string, today core.Date) (from, to core.Date, found bool, err error) {
	span, _, found, err := when.FindSpan(text, today, when.Future)
	if err != nil || !found {
		return core.Date{}, core.Date{}, false, err
	}
	return span.From, span.To, true, nil
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
		// "/schedule whenever" is a command typed wrong; a question in
		// words that names no days ("when is my next shift?", "我什么时候
		// 上班") is answered with the coming week, as /schedule alone is.
		if strings.TrimSpace(args) != "" && strings.HasPrefix(strings.TrimSpace(t.in.Text), "/") {
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
