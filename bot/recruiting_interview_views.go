package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// slotWhen writes a start for the reader: "Tue 2026-12-08 14:00",
// "2026-12-08（周二）14:00" — in the zone at carries (the org's).
func (b *Bot) slotWhen(t *turn, at time.Time) string {
	return b.T(t, "recruiting.when", "weekday", b.T(t, "weekday."+strings.ToLower(at.Weekday().String()[:3])),
		"date", at.Format("2006-01-02"), "time", at.Format("15:04"))
}

// placeText is " at PLACE" in the reader's words, "" without one.
func (b *Bot) placeText(t *turn, place string) string {
	if place == "" {
		return ""
	}
	return b.T(t, "recruiting.at_place", "place", place)
}

// slotText is an interview time: when, how long, where.
func (b *Bot) slotText(t *turn, start time.Time, minutes int, place string) string {
	return b.T(t, "recruiting.slot", "when", b.slotWhen(t, start), "minutes", strconv.Itoa(minutes), "place", b.placeText(t, place))
}

// slotLine is a time offered as its hiring manager sees it, with its
// interviewer and what became of it.
func (b *Bot) slotLine(t *turn, sl recruiting.Slot) string {
	mark := ""
	switch {
	case !sl.CancelledAt.IsZero():
		mark = b.T(t, "recruiting.mark.cancelled")
	case sl.NoShow:
		mark = b.T(t, "recruiting.mark.no_show")
	case sl.Picked():
		mark = b.T(t, "recruiting.mark.picked")
	}
	who := ""
	if sl.Interviewer != "" {
		who = " · " + core.NameIn(sl.Interviewer, t.locale)
	}
	return b.T(t, "recruiting.slot_line", "slot", b.slotText(t, sl.Start.In(t.member.Org.Location()), sl.Minutes, sl.Place),
		"interviewer", who, "mark", mark)
}

// pickButton is a candidate's button for one time; it carries the org's
// offset at that time so the answer can show it (candidatePick).
func (b *Bot) pickButton(t *turn, id string, start time.Time) Button {
	_, off := start.Zone()
	return Button{Label: b.slotWhen(t, start), ActionID: "recruit.pick", Value: id + "@" + strconv.Itoa(off/60)}
}

// noticeJob names the job of a message to a candidate: the org's name
// for it when the reader is someone of the org, the catalogue's else.
func (b *Bot) noticeJob(ctx context.Context, t *turn, n Notice) string {
	if t.member != nil {
		return b.jobTitle(ctx, t, t.member.Org.ID, n.Params["job"])
	}
	return b.jobName(t, n.Params["job"])
}

// slotsNotice writes the messages to a candidate about their interview:
// the times to pick, a time moved or off, a reminder. Times are shown as
// the org's zone wrote them (RFC 3339 with its offset).
func (b *Bot) slotsNotice(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
	p := n.Params
	job := b.noticeJob(ctx, t, n)
	if n.Kind == recruiting.TellSlots {
		lines := []string{b.T(t, "recruiting.tell_slots", "job", job)}
		var rows [][]Button
		for _, id := range strings.Fields(p["slots"]) {
			start, err := time.Parse(time.RFC3339, p["start."+id])
			if err != nil {
				continue
			}
			minutes, _ := strconv.Atoi(p["minutes."+id])
			lines = append(lines, b.T(t, "recruiting.tell_slot_line", "slot", b.slotText(t, start, minutes, p["place."+id])))
			rows = append(rows, []Button{b.pickButton(t, id, start)})
		}
		return []Reply{{Text: strings.Join(lines, "\n"), Buttons: rows}}, nil
	}
	start, err := time.Parse(time.RFC3339, p["start"])
	if err != nil {
		return nil, nil
	}
	minutes, _ := strconv.Atoi(p["minutes"])
	slot := b.slotText(t, start, minutes, p["place"])
	switch n.Kind {
	case recruiting.TellRescheduled:
		if p["picked"] == "1" {
			return []Reply{{Text: b.T(t, "recruiting.tell_rescheduled", "job", job, "slot", slot)}}, nil
		}
		return []Reply{{Text: b.T(t, "recruiting.tell_slot_moved", "job", job, "slot", slot),
			Buttons: [][]Button{{b.pickButton(t, p["slot"], start)}}}}, nil
	case recruiting.TellSlotCancelled:
		return []Reply{{Text: b.T(t, "recruiting.tell_interview_off", "job", job, "when", b.slotWhen(t, start))}}, nil
	case recruiting.TellRemind:
		if !t.now.Before(start) {
			return nil, nil // sent too late to say anything
		}
		if p["when"] == recruiting.RemindHour {
			return []Reply{{Text: b.T(t, "recruiting.remind.hour", "job", job, "time", start.Format("15:04"), "place", b.placeText(t, p["place"]))}}, nil
		}
		return []Reply{{Text: b.T(t, "recruiting.remind.day", "job", job, "day", b.dayWord(t, start), "time", start.Format("15:04"),
			"place", b.placeText(t, p["place"]), "minutes", strconv.Itoa(minutes))}}, nil
	}
	return nil, nil
}

// dayWord names the day of at from now: today, tomorrow, or its date.
func (b *Bot) dayWord(t *turn, at time.Time) string {
	switch core.DateOf(t.now.In(at.Location())).DaysUntil(core.DateOf(at)) {
	case 0:
		return b.T(t, "recruiting.day.today")
	case 1:
		return b.T(t, "recruiting.day.tomorrow")
	}
	return at.Format("2006-01-02")
}

// interviewNotification tells an interviewer of their interview: picked
// or moved, off, or soon — from the application as it is now.
func (b *Bot) interviewNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	appID, _ := strconv.ParseInt(n.Params["application"], 10, 64)
	slotID, _ := strconv.ParseInt(n.Params["slot"], 10, 64)
	iv, err := b.cfg.Recruiting.Interviews(ctx, *t.member, appID, t.channel())
	if err != nil {
		if n.Kind == recruiting.NotifyInterviewCancelled {
			// Moved to another interviewer: theirs to read now, not this one's.
			return []Reply{{Text: b.T(t, "recruiting.note_interview_gone", "id", n.Params["application"])}}
		}
		return nil
	}
	var sl recruiting.Slot
	for _, x := range iv.Slots {
		if x.ID == slotID {
			sl = x
		}
	}
	if sl.ID == 0 {
		return nil
	}
	start := sl.Start.In(t.member.Org.Location())
	name := b.candidateLabel(t, iv.Application)
	job := b.jobTitle(ctx, t, iv.Application.OrgID, iv.Application.Job)
	mine := sl.Picked() && sl.InterviewerID == t.member.Employee.ID && iv.Application.Stage == recruiting.Interview
	switch n.Kind {
	case recruiting.NotifyInterview:
		if !mine {
			return nil // moved or off since
		}
		key := "recruiting.note_interview"
		if n.Params["rescheduled"] == "1" {
			key = "recruiting.note_interview_moved"
		}
		return []Reply{{Text: b.T(t, key, "name", name, "job", job, "slot", b.slotText(t, start, sl.Minutes, sl.Place))}}
	case recruiting.NotifyInterviewCancelled:
		return []Reply{{Text: b.T(t, "recruiting.note_interview_off", "name", name, "job", job, "when", b.slotWhen(t, start))}}
	case recruiting.NotifyInterviewRemind:
		if !mine {
			return nil
		}
		args := []string{"name", name, "job", job, "time", start.Format("15:04"), "place", b.placeText(t, sl.Place)}
		if n.Params["when"] != recruiting.RemindHour {
			return []Reply{{Text: b.T(t, "recruiting.note_remind.day", args...)}}
		}
		return []Reply{{Text: b.T(t, "recruiting.note_remind.hour", args...), Buttons: [][]Button{{
			{Label: b.T(t, "recruiting.button.score"), ActionID: "recruit.score", Value: n.Params["application"]},
			{Label: b.T(t, "recruiting.button.no_show"), ActionID: "recruit.noshow", Value: n.Params["slot"]}}}}}
	}
	return nil
}

// hiringSection is what an application's card shows of its interviews,
// scorecards and offer, for its hiring manager, HR and admins — with
// Score and No show once an interview has started. Interviewers read
// theirs in their notifications.
func (b *Bot) hiringSection(ctx context.Context, t *turn, a recruiting.Application) ([]string, []Button) {
	switch a.Stage {
	case recruiting.Interview, recruiting.Offer, recruiting.Hired:
	default:
		return nil, nil
	}
	me := t.member.Employee.ID
	if a.HiringManagerID != me && core.Authorize(*t.member, core.ActionRecruitingDecide, nil) != nil {
		return nil, nil // asking would only record a refusal
	}
	iv, err := b.cfg.Recruiting.Interviews(ctx, *t.member, a.ID, t.channel())
	if err != nil {
		b.log.Warn("application card without its interviews", "application", a.ID, "err", err)
		return nil, nil
	}
	var lines []string
	if len(iv.Slots) > 0 {
		lines = append(lines, b.T(t, "recruiting.slots_title"))
		for _, sl := range iv.Slots {
			lines = append(lines, b.slotLine(t, sl))
		}
	}
	scored := map[int64]bool{}
	if len(iv.Cards) > 0 {
		lines = append(lines, b.T(t, "recruiting.scores_line", "average", iv.Average.StringFixed(1), "count", strconv.Itoa(len(iv.Cards))))
		for _, c := range iv.Cards {
			scored[c.InterviewerID] = true
			comment := ""
			if c.Comment != "" {
				comment = " — " + c.Comment
			}
			lines = append(lines, b.T(t, "recruiting.score_card", "name", core.NameIn(c.Interviewer, t.locale),
				"score", strconv.Itoa(c.Score), "comment", comment))
		}
	}
	if o := iv.Offer; o != nil {
		lines = append(lines, b.T(t, "recruiting.offer_line", "pay", b.payText(t, o.Salary.String(), o.PayKind),
			"date", o.StartDate.String(), "status", b.T(t, "recruiting.offer_status."+o.Status)))
	}
	if a.Stage != recruiting.Interview {
		return lines, nil
	}
	var row []Button
	id := strconv.FormatInt(a.ID, 10)
	if scoreRefusal(iv, me, t.now) == "" && !scored[me] {
		row = append(row, Button{Label: b.T(t, "recruiting.button.score"), ActionID: "recruit.score", Value: id})
	}
	for _, sl := range iv.Slots {
		if sl.Picked() && sl.CancelledAt.IsZero() && t.now.Before(sl.Start) {
			// Ahead: it may be called off; the candidate is told and picks
			// again from the times still open.
			row = append(row, Button{Label: b.T(t, "recruiting.button.call_off"), ActionID: "recruit.calloff",
				Value: strconv.FormatInt(sl.ID, 10)})
		}
	}
	for _, sl := range iv.Slots {
		if sl.Picked() && !sl.NoShow && !t.now.Before(sl.Start) && !scored[sl.InterviewerID] {
			row = append(row, Button{Label: b.T(t, "recruiting.button.no_show"), ActionID: "recruit.noshow", Value: strconv.FormatInt(sl.ID, 10)})
			break
		}
	}
	return lines, row
}

// payText is an offer's pay: "5500 yuan a month", "时薪 25 元".
func (b *Bot) payText(t *turn, salary, kind string) string {
	if kind != recruiting.PayHourly {
		kind = recruiting.PayMonthly
	}
	return b.T(t, "recruiting.pay."+kind, "salary", salary)
}

// recruitCallOff calls off an interview time picked: the candidate is
// told, the interviewer too.
func (b *Bot) recruitCallOff(ctx context.Context, t *turn, v string) ([]Reply, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	sl, err := b.cfg.Recruiting.Cancel(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.called_off", "slot", b.slotText(t, sl.Start.In(t.member.Org.Location()), sl.Minutes, sl.Place)),
		ReplaceMessage: true}}, nil
}
