package bot

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/recruiting"
)

// recruitingInterviewFeature is the chat side of interviews and offers:
// the hiring manager offers times and makes the offer from the
// application's card, the candidate picks a time and answers the offer
// on buttons (without being anyone of the org), the interviewers are
// reminded and score.
func (b *Bot) recruitingInterviewFeature() feature {
	if b.cfg.Recruiting == nil {
		return feature{}
	}
	tell := func(fn func(ctx context.Context, t *turn, n Notice) ([]Reply, error)) noticeRenderer { return fn }
	return feature{
		commands: []command{
			{name: "interview", aliases: []string{"面试"}, helpKey: "help.cmd.interview", staff: true, run: b.interviewCmd},
			{name: "offer", aliases: []string{"录用"}, helpKey: "help.cmd.offer", staff: true, run: b.offerCmd},
		},
		actions: map[string]actionHandler{
			"recruit.slots":         {run: b.idAction(b.askSlots)},
			"recruit.score":         {run: b.idAction(b.askScore)},
			"recruit.score_n":       {run: b.askComment},
			"recruit.score_skip":    {run: b.scoreWithoutComment},
			"recruit.noshow":        {run: b.idAction(b.recruitNoShow)},
			"recruit.calloff":       {run: b.recruitCallOff},
			"recruit.offer":         {run: b.idAction(b.askOffer)},
			"recruit.pick":          {public: true, run: b.inCandidateLanguage(b.candidatePick)},
			"recruit.accept":        {public: true, run: b.inCandidateLanguage(b.candidateAnswer(true))},
			"recruit.offer_decline": {public: true, run: b.inCandidateLanguage(b.candidateDeclineSure)},
			"recruit.decline_sure":  {public: true, run: b.inCandidateLanguage(b.candidateAnswer(false))},
		},
		dialogs: map[string]dialogStep{
			"recruit/slots":   b.dialogWithID(b.offerSlots),
			"recruit/offer":   b.dialogWithID(b.makeOffer),
			"recruit/comment": b.commentStep,
		},
		notices: map[string]noticeRenderer{
			recruiting.TellSlots: tell(b.slotsNotice), recruiting.TellRescheduled: tell(b.slotsNotice),
			recruiting.TellSlotCancelled: tell(b.slotsNotice), recruiting.TellRemind: tell(b.slotsNotice),
			recruiting.TellOffer: tell(b.offerNotice), recruiting.TellHired: tell(b.offerNotice),
		},
		notifications: map[string]notificationRenderer{
			recruiting.NotifyInterview: b.interviewNotification, recruiting.NotifyInterviewCancelled: b.interviewNotification,
			recruiting.NotifyInterviewRemind: b.interviewNotification, recruiting.NotifyOfferAnswered: b.offerNotification,
		},
	}
}

// idAction runs fn on a button whose value is an id.
func (b *Bot) idAction(fn func(ctx context.Context, t *turn, id int64) ([]Reply, error)) func(ctx context.Context, t *turn, v string) ([]Reply, error) {
	return func(ctx context.Context, t *turn, v string) ([]Reply, error) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return []Reply{{Text: b.T(t, "button.stale")}}, nil
		}
		return fn(ctx, t, id)
	}
}

// dialogWithID answers a dialog step whose data holds an application id.
func (b *Bot) dialogWithID(fn func(ctx context.Context, t *turn, id int64, text string) ([]Reply, error)) dialogStep {
	return func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
		text = strings.TrimSpace(text)
		id, err := strconv.ParseInt(d.Data["id"], 10, 64)
		if text == "" || err != nil {
			return nil, errNotAnswer
		}
		return fn(ctx, t, id, text)
	}
}

// stageReply answers an error naming a stage (moved meanwhile, not at
// interview) with the stage in the reader's words; other errors go on.
func (b *Bot) stageReply(t *turn, err error) ([]Reply, error) {
	e, ok := core.AsError(err)
	if !ok || e.Args["stage"] == "" || !b.cat.Has(e.Key) {
		return nil, err
	}
	return []Reply{{Text: b.T(t, e.Key, "stage", b.stageName(t, recruiting.Stage(e.Args["stage"]))), Error: true}}, nil
}

// candidateLabel is how a card's candidate is named.
func (b *Bot) candidateLabel(t *turn, a recruiting.Application) string {
	if a.Candidate.Name != "" {
		return a.Candidate.Name
	}
	return b.T(t, "recruiting.unnamed", "id", strconv.FormatInt(a.ID, 10))
}

// interviewCmd is /interview APPLICATION TIMES… (/面试): the times offered
// at once, or asked for when none are typed.
func (b *Bot) interviewCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	id, rest, ok := applicationArgs(args)
	if !ok {
		return []Reply{{Text: b.T(t, "recruiting.interview_usage")}}, nil
	}
	if rest == "" {
		return b.askSlots(ctx, t, id)
	}
	return b.offerSlots(ctx, t, id, rest)
}

// applicationArgs reads "12 the rest" (or "#12 …").
func applicationArgs(args string) (int64, string, bool) {
	args = strings.TrimSpace(args)
	first := strings.Fields(args)
	if len(first) == 0 {
		return 0, "", false
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(first[0], "#"), 10, 64)
	return id, strings.TrimSpace(args[len(first[0]):]), err == nil
}

// askSlots asks the hiring manager for the times to offer.
func (b *Bot) askSlots(ctx context.Context, t *turn, id int64) ([]Reply, error) {
	a, err := b.cfg.Recruiting.Application(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if a.Stage != recruiting.Interview {
		return []Reply{{Text: b.T(t, "recruiting.slots_stage", "stage", b.stageName(t, a.Stage)), Error: true}}, nil
	}
	if err := b.beginDialog(ctx, t, "recruit", "slots", map[string]string{"id": strconv.FormatInt(id, 10)}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.ask_slots", "name", b.candidateLabel(t, a)), Buttons: b.cancelButton(t)}}, nil
}

// offerSlots reads the times typed and offers them; a time it cannot
// read is said, and the dialog waits for them again.
func (b *Bot) offerSlots(ctx context.Context, t *turn, id int64, text string) ([]Reply, error) {
	asks, err := parseSlots(text, b.localDay(t), t.member.Org.Location())
	if err != nil {
		return nil, err
	}
	slots, err := b.cfg.Recruiting.OfferSlots(ctx, *t.member, id, asks, t.channel())
	if err != nil {
		return b.stageReply(t, err)
	}
	a, err := b.endRecruitDialog(ctx, t, id)
	if err != nil {
		return nil, err
	}
	lines := []string{b.T(t, "recruiting.slots_sent", "name", b.candidateLabel(t, a))}
	for _, sl := range slots {
		lines = append(lines, b.slotLine(t, sl))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

// endRecruitDialog ends a dialog about application id once what it asked
// for is done, and reads the application back for the reply.
func (b *Bot) endRecruitDialog(ctx context.Context, t *turn, id int64) (recruiting.Application, error) {
	if err := b.endDialog(ctx, t); err != nil {
		return recruiting.Application{}, err
	}
	return b.cfg.Recruiting.Application(ctx, *t.member, id, t.channel())
}

// reMinutes is a length in minutes: "45 min", "45分钟".
var reMinutes = regexp.MustCompile(`(?i)(\d{1,3})\s*(?:分钟|mins?\b|minutes?\b)`)

// parseSlots reads one to five interview times typed in one message,
// split by commas, semicolons or lines: "12-08 14:00, 12-09 10:30 @
// 杭州办公室", "tomorrow 15:00; fri 10:00 video". Each is a date (today
// when none) and a time of day in the org's zone, a length ("45 min", "1
// hour"; 30 minutes when none) and a place — after "@", else the words
// left over. A place named for one time only serves every time without
// one: it is usually typed once, at the end.
func parseSlots(text string, today core.Date, loc *time.Location) ([]recruiting.SlotAsk, error) {
	var asks []recruiting.SlotAsk
	lastAt := false
	for _, part := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ';' || r == '，' || r == '；' || r == '\n' || r == '、'
	}) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		ask, at, ok, err := parseSlot(part, today, loc)
		switch {
		case err != nil:
			return nil, err
		case !ok && lastAt:
			// No date nor time: the rest of the place after "@"
			// ("@ 杭州市, 西湖区").
			asks[len(asks)-1].Place += ", " + part
			continue
		case !ok:
			return nil, slotUnread(part)
		}
		asks, lastAt = append(asks, ask), at
	}
	place := ""
	for _, a := range asks {
		if a.Place != "" {
			place = a.Place
		}
	}
	for i := range asks {
		if asks[i].Place == "" {
			asks[i].Place = place
		}
	}
	return asks, nil
}

// parseSlot reads one time: ok is false when it names no date nor time;
// at reports a place given after "@".
func parseSlot(part string, today core.Date, loc *time.Location) (ask recruiting.SlotAsk, at, ok bool, err error) {
	rest, place, at := strings.Cut(strings.ReplaceAll(part, "＠", "@"), "@")
	minute, rest, found, err := when.FindTime(rest)
	if err != nil {
		return ask, at, false, err
	}
	if !found {
		if _, _, dated, _ := when.FindSpan(rest, today, when.Future); dated {
			return ask, at, false, slotUnread(part)
		}
		return ask, at, false, nil
	}
	if m := reMinutes.FindStringSubmatchIndex(rest); m != nil {
		ask.Minutes, _ = strconv.Atoi(rest[m[2]:m[3]])
		rest = rest[:m[0]] + " " + rest[m[1]:]
	} else if d, r, ok := when.FindDuration(rest); ok {
		ask.Minutes, rest = d, r
	}
	day := today
	span, left, dated, err := when.FindSpan(rest, today, when.Future)
	switch {
	case err != nil:
		return ask, at, false, err
	case dated && span.From != span.To:
		return ask, at, false, slotUnread(part) // a week is no day
	case dated:
		day, rest = span.From, left
	}
	ask.Start = day.At(minute, loc)
	if !at {
		place = leftover(rest)
		if _, _, again, _ := when.FindTime(place); again {
			return ask, at, false, slotUnread(part) // two times not split
		}
	}
	ask.Place = strings.TrimSpace(place)
	return ask, at, true, nil
}

// leftover is what remains of a time's words once the date, the time and
// the length are read: its place, without the words that lead to one.
func leftover(rest string) string {
	words := strings.Fields(strings.Trim(strings.TrimSpace(rest), ":：,，.。-"))
	for len(words) > 0 {
		switch strings.ToLower(strings.TrimRight(words[0], ":：")) {
		case "at", "in", "on", "place", "在", "于", "地点":
			words = words[1:]
			continue
		}
		break
	}
	return strings.Join(words, " ")
}

func slotUnread(part string) error {
	return core.Errorf(core.EInvalid, "recruiting.slot_unread", "no date and time in %q", part).With("text", part)
}

// candidatePick is a candidate pressing one of the times offered. The
// button carries the org's offset from UTC at that time ("17@480"), so
// the answer shows the time as offered though a candidate has no org.
func (b *Bot) candidatePick(ctx context.Context, t *turn, v string) ([]Reply, error) {
	idText, offText, _ := strings.Cut(v, "@")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	off, _ := strconv.Atoi(offText)
	loc := time.FixedZone("", off*60)
	sl, err := b.cfg.Recruiting.PickSlot(ctx, account(t.in), id)
	switch core.ErrorCodeOf(err) {
	case "":
		return []Reply{{Text: b.T(t, "recruiting.picked", "slot", b.slotText(t, sl.Start.In(loc), sl.Minutes, sl.Place))}}, nil
	case core.EInvalid, core.EConflict:
		// Gone or changed meanwhile: said, with the times still open.
		out, err := b.stageReply(t, err)
		if err != nil {
			out = []Reply{b.errorReply(t, "recruit.pick", err)}
		}
		open, ferr := b.cfg.Recruiting.CandidateSlots(ctx, account(t.in), sl.ApplicationID)
		if ferr == nil && len(open) > 0 {
			out = append(out, Reply{Text: b.T(t, "recruiting.slots_title"), Buttons: b.pickButtons(t, open, loc)})
		}
		return out, nil
	}
	return nil, err
}

// pickButtons are one button per time, labelled in loc.
func (b *Bot) pickButtons(t *turn, slots []recruiting.Slot, loc *time.Location) [][]Button {
	var rows [][]Button
	for _, sl := range slots {
		start := sl.Start.In(loc)
		_, off := start.Zone()
		rows = append(rows, []Button{{Label: b.slotWhen(t, start), ActionID: "recruit.pick",
			Value: strconv.FormatInt(sl.ID, 10) + "@" + strconv.Itoa(off/60)}})
	}
	return rows
}

// askScore asks an interviewer for their score, once their interview has
// started: 1 to 5 on buttons.
func (b *Bot) askScore(ctx context.Context, t *turn, id int64) ([]Reply, error) {
	iv, err := b.cfg.Recruiting.Interviews(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if key := scoreRefusal(iv, t.member.Employee.ID, t.now); key != "" {
		return []Reply{{Text: b.T(t, key), Error: true}}, nil
	}
	var row []Button
	for n := 1; n <= 5; n++ {
		row = append(row, Button{Label: strconv.Itoa(n), ActionID: "recruit.score_n", Value: strconv.FormatInt(id, 10) + ":" + strconv.Itoa(n)})
	}
	return []Reply{{Text: b.T(t, "recruiting.ask_score", "name", b.candidateLabel(t, iv.Application)), Buttons: [][]Button{row}}}, nil
}

// scoreRefusal is why me may not score yet ("" when they may): Score's
// own rule, checked before a comment is typed for nothing.
func scoreRefusal(iv recruiting.Interviews, me int64, now time.Time) string {
	ahead := false
	for _, sl := range iv.Slots {
		if sl.InterviewerID != me || !sl.Picked() || sl.NoShow {
			continue
		}
		if !now.Before(sl.Start) {
			return ""
		}
		ahead = true
	}
	if ahead {
		return "recruiting.too_early"
	}
	return "recruiting.not_interviewer"
}

// scoreValue reads a score button's "application:score".
func scoreValue(v string) (int64, int, bool) {
	idText, nText, _ := strings.Cut(v, ":")
	id, err1 := strconv.ParseInt(idText, 10, 64)
	n, err2 := strconv.Atoi(nText)
	return id, n, err1 == nil && err2 == nil && n >= 1 && n <= 5
}

// askComment takes the score pressed and asks for a comment (or skip).
func (b *Bot) askComment(ctx context.Context, t *turn, v string) ([]Reply, error) {
	id, n, ok := scoreValue(v)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	iv, err := b.cfg.Recruiting.Interviews(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.beginDialog(ctx, t, "recruit", "comment", map[string]string{"id": strconv.FormatInt(id, 10), "score": strconv.Itoa(n)}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.ask_comment", "score", strconv.Itoa(n), "name", b.candidateLabel(t, iv.Application)),
		ReplaceMessage: true, Buttons: [][]Button{{{Label: b.T(t, "recruiting.button.skip"), ActionID: "recruit.score_skip", Value: v},
			{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"}}}}}, nil
}

func (b *Bot) commentStep(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
	id, n, ok := scoreValue(d.Data["id"] + ":" + d.Data["score"])
	if !ok || strings.TrimSpace(text) == "" {
		return nil, errNotAnswer
	}
	return b.score(ctx, t, id, n, text)
}

func (b *Bot) scoreWithoutComment(ctx context.Context, t *turn, v string) ([]Reply, error) {
	id, n, ok := scoreValue(v)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	return b.score(ctx, t, id, n, "")
}

func (b *Bot) score(ctx context.Context, t *turn, id int64, n int, comment string) ([]Reply, error) {
	if _, err := b.cfg.Recruiting.Score(ctx, *t.member, id, n, comment, t.channel()); err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	iv, err := b.cfg.Recruiting.Interviews(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.scored", "name", b.candidateLabel(t, iv.Application), "score", strconv.Itoa(n)),
		ReplaceMessage: t.in.Action != nil}}, nil
}

// recruitNoShow records that the candidate did not come.
func (b *Bot) recruitNoShow(ctx context.Context, t *turn, slotID int64) ([]Reply, error) {
	sl, err := b.cfg.Recruiting.NoShow(ctx, *t.member, slotID, t.channel())
	if err != nil {
		return nil, err
	}
	iv, err := b.cfg.Recruiting.Interviews(ctx, *t.member, sl.ApplicationID, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.no_show_done", "name", b.candidateLabel(t, iv.Application),
		"when", b.slotWhen(t, sl.Start.In(t.member.Org.Location())))}}, nil
}
