package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/cover"
)

// CoverDesk runs the cover pool for the bot and sends what follows from
// each step (offers, "taken" edits, the requester told) through the
// outbox (cover.Pool).
type CoverDesk interface {
	Open(ctx context.Context, m core.Member, in cover.Manual, channel string) (cover.Request, Reach, error)
	Jobs(ctx context.Context, orgID int64) (core.Jobs, error)
	Shifts(ctx context.Context, orgID int64) ([]attendance.Shift, error)
	Judge(ctx context.Context, m core.Member, id int64, channel string) (cover.Request, []cover.Verdict, error)
	Accept(ctx context.Context, m core.Member, id int64) (cover.Request, cover.Assignment, error)
	Decline(ctx context.Context, m core.Member, id int64) error
	Rate(ctx context.Context, m core.Member, assignmentID int64, rating int, comment, channel string) (cover.Assignment, error)
	Find(ctx context.Context, id int64) (cover.Request, error)
	Offers(ctx context.Context, id int64) (map[int64]string, error)
	Assignments(ctx context.Context, id int64) ([]cover.Assignment, error)
	Assignment(ctx context.Context, id int64) (cover.Assignment, error)
	Report(ctx context.Context, m core.Member, month core.Date, channel string) (cover.Report, error)
}

// Notice kinds of the cover pool.
const (
	NoticeCoverOffer    = core.NotifyCoverOffer
	NoticeCoverAccepted = core.NotifyCoverAccepted
	NoticeCoverEscalate = core.NotifyCoverEscalate
	NoticeCoverRate     = core.NotifyCoverRate
)

func (b *Bot) coverFeature() feature {
	if b.cfg.Cover == nil {
		return feature{}
	}
	render := b.renderCover
	return feature{
		commands: b.coverCommands(), actions: b.coverActions(), dialogs: b.coverDialogs(),
		notices: map[string]noticeRenderer{NoticeCoverOffer: render, NoticeCoverAccepted: render, NoticeCoverEscalate: render, NoticeCoverRate: render},
	}
}

func (b *Bot) coverCommands() []command {
	return []command{{name: "cover", aliases: []string{"求支援", "支援"}, helpKey: "help.cmd.cover", staff: true, run: b.cover}}
}

func (b *Bot) coverActions() map[string]actionHandler {
	return map[string]actionHandler{
		"cover.accept":  {run: b.acceptCover},
		"cover.decline": {run: b.declineCover},
		"cover.rate":    {run: b.rateCover},
	}
}

func (b *Bot) coverDialogs() map[string]dialogStep {
	return map[string]dialogStep{"cover/comment": b.coverComment}
}

// cover routes /cover: a new request, "why ID PERSON", "list ID", "report [YYYY-MM]".
func (b *Bot) cover(ctx context.Context, t *turn, args string) ([]Reply, error) {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return []Reply{{Text: b.T(t, "cover.usage")}}, nil
	}
	switch strings.ToLower(fields[0]) {
	case "why", "为什么":
		if len(fields) != 3 {
			return []Reply{{Text: b.T(t, "cover.usage")}}, nil
		}
		return b.coverWhy(ctx, t, fields[1], fields[2])
	case "list", "名单":
		if len(fields) != 2 {
			return []Reply{{Text: b.T(t, "cover.usage")}}, nil
		}
		return b.coverList(ctx, t, fields[1])
	case "report", "报表":
		month := core.DateOf(t.now.In(t.member.Org.Location()))
		if len(fields) > 1 {
			m, err := time.Parse("2006-01", fields[1])
			if err != nil {
				return []Reply{{Text: b.T(t, "cover.bad_month", "month", fields[1]), Error: true}}, nil
			}
			month = core.DateOf(m)
		}
		return b.coverReport(ctx, t, month)
	}
	jobs, err := b.cfg.Cover.Jobs(ctx, t.member.Org.ID)
	if err != nil {
		return nil, err
	}
	shifts := func() ([]attendance.Shift, error) { return b.cfg.Cover.Shifts(ctx, t.member.Org.ID) }
	in, err := b.parseCover(t, args, jobs, shifts)
	if err != nil {
		return nil, err
	}
	key, err := core.ResolveJob(in.Job, jobs, b.builtinJobs())
	if err != nil {
		return []Reply{{Text: b.unknownJob(t, in.Job, jobs), Error: true}}, nil
	}
	in.Job = key
	r, sent, err := b.cfg.Cover.Open(ctx, *t.member, in, t.channel())
	if err != nil {
		return nil, err
	}
	text := b.T(t, "cover.opened", "id", strconv.FormatInt(r.ID, 10), "what", b.coverWhat(ctx, t, r), "needed", strconv.Itoa(r.Needed))
	if len(sent.Sent) == 0 {
		text += "\n" + b.T(t, "cover.nobody", "id", strconv.FormatInt(r.ID, 10))
	} else {
		text += "\n" + b.T(t, "cover.offered_to", "count", strconv.Itoa(len(sent.Sent)), "names", strings.Join(sent.Sent, ", "))
	}
	reach, buttons := b.reachReply(t, sent.Unreached)
	if reach != "" {
		text += "\n" + reach
	}
	return []Reply{{Text: text, Buttons: buttons}}, nil
}

// parseCover reads a request for cover as a command ("customer-service
// 12-01 9:00-18:00 2 double eleven") or in the manager's words ("找人顶明天
// 客服晚班 14:00-23:00，孙悦请病假了", "need 2 people to cover CS saturday
// 2pm-11pm"), with the parser the conversation corpus measures. The job is
// its key when a name of one of jobs is found, else the first word typed,
// which the caller refuses as an unknown job. A shift the text names gives
// the hours when none are said, and its job when none is named
// ("明天晚班缺一个人").
func (b *Bot) parseCover(t *turn, args string, jobs core.Jobs, shifts func() ([]attendance.Shift, error)) (cover.Manual, error) {
	bad := func() error { return core.Errorf(core.EInvalid, "cover.usage", "bad /cover") }
	words := strings.Fields(args)
	if len(words) == 0 {
		return cover.Manual{}, bad()
	}
	loc := t.member.Org.Location()
	c, err := intent.ParseCover(args, intent.Vocab{Jobs: b.jobsVocab(jobs)}, core.DateOf(t.now.In(loc)))
	if err != nil {
		return cover.Manual{}, err
	}
	if !c.HasDate {
		return cover.Manual{}, bad()
	}
	// The shifts are read only when the request lacks what one would give.
	if !c.HasTime || c.Job == "" {
		all, err := shifts()
		if err != nil {
			return cover.Manual{}, err
		}
		if sh, ok := shiftNamed(args, all, c.Job); ok {
			if !c.HasTime {
				c.Clock.Start, c.Clock.End, c.HasTime = sh.Start, sh.End, true
			}
			if c.Job == "" {
				c.Job = sh.Job
			}
		}
	}
	if !c.HasTime {
		return cover.Manual{}, core.Errorf(core.EInvalid, "cover.bad_hours", "no hours")
	}
	in := cover.Manual{Job: c.Job, Start: c.Date.At(c.Clock.Start, loc), Needed: max(c.Count, 1), Reason: c.Reason}
	if in.Job == "" {
		in.Job = strings.TrimPrefix(words[0], "/")
	}
	end := c.Clock.End
	if end <= c.Clock.Start {
		end += 24 * 60 // overnight
	}
	in.End = c.Date.At(end, loc)
	return in, nil
}

// coverWhat describes a request: "customer service · 12-01 Tue 09:00–18:00".
func (b *Bot) coverWhat(ctx context.Context, t *turn, r cover.Request) string {
	// In the reader's zone: a sister org's cover is shown in their time.
	loc := t.member.Org.Location()
	start, end := r.Start.In(loc), r.End.In(loc)
	day := core.DateOf(start)
	return b.T(t, "cover.what", "job", b.jobTitle(ctx, t, r.OrgID, r.Job), "date", start.Format("01-02"),
		"weekday", b.T(t, "weekday."+strings.ToLower(day.Weekday().String()[:3])),
		"from", start.Format("15:04"), "to", end.Format("15:04"))
}

func (b *Bot) coverRequestID(t *turn, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil {
		return 0, core.Errorf(core.EInvalid, "cover.bad_id", "bad id %q", s).With("id", s)
	}
	return id, nil
}

func (b *Bot) coverWhy(ctx context.Context, t *turn, idText, person string) ([]Reply, error) {
	id, err := b.coverRequestID(t, idText)
	if err != nil {
		return nil, err
	}
	r, verdicts, err := b.cfg.Cover.Judge(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	for _, v := range verdicts {
		if v.Person.Key == person {
			return []Reply{{Text: b.T(t, "cover.why.title", "name", v.Person.Name, "id", idText, "what", b.coverWhat(ctx, t, r)) + "\n" +
				b.verdictText(t, v)}}, nil
		}
	}
	return nil, core.Errorf(core.ENotFound, "employee.not_found", "no %s", person).With("key", person)
}

func (b *Bot) verdictText(t *turn, v cover.Verdict) string {
	if v.Eligible {
		return b.T(t, "cover.why.eligible", "recent", roundHours(v.Person.RecentCoverMinutes), "rating", ratingText(v.Person))
	}
	lines := []string{b.T(t, "cover.why.not")}
	for _, r := range v.Reasons {
		args := make([]string, 0, 2*len(r.Params))
		for k, val := range r.Params {
			if k == "kind" {
				val = b.T(t, "cover.kind."+val)
			}
			args = append(args, k, val)
		}
		lines = append(lines, "• "+b.T(t, "cover.reason."+r.Code, args...))
	}
	return strings.Join(lines, "\n")
}

func ratingText(p cover.Person) string {
	if p.Ratings == 0 {
		return "–"
	}
	return strconv.FormatFloat(p.Rating, 'f', 1, 64)
}

func (b *Bot) coverList(ctx context.Context, t *turn, idText string) ([]Reply, error) {
	id, err := b.coverRequestID(t, idText)
	if err != nil {
		return nil, err
	}
	r, verdicts, err := b.cfg.Cover.Judge(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	lines := []string{b.T(t, "cover.list.title", "id", idText, "what", b.coverWhat(ctx, t, r))}
	n := 0
	for _, v := range verdicts {
		if v.Eligible {
			n++
			lines = append(lines, fmt.Sprintf("%d. %s — %s", n, v.Person.Name,
				b.T(t, "cover.why.eligible", "recent", roundHours(v.Person.RecentCoverMinutes), "rating", ratingText(v.Person))))
		}
	}
	if n == 0 {
		lines = append(lines, b.T(t, "cover.list.none"))
	}
	var not []string
	for _, v := range verdicts {
		if !v.Eligible && len(v.Reasons) > 0 {
			not = append(not, v.Person.Name+" ("+b.T(t, "cover.reason_short."+v.Reasons[0].Code)+")")
		}
	}
	if len(not) > 0 {
		lines = append(lines, b.T(t, "cover.list.not", "names", strings.Join(not, ", ")))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

func (b *Bot) coverReport(ctx context.Context, t *turn, month core.Date) ([]Reply, error) {
	rep, err := b.cfg.Cover.Report(ctx, *t.member, month, t.channel())
	if err != nil {
		return nil, err
	}
	lines := []string{b.T(t, "cover.report.title", "month", month.String()[:7], "org", t.member.Org.Name)}
	if len(rep.People) == 0 {
		lines = append(lines, b.T(t, "cover.report.none"))
	}
	for _, p := range rep.People {
		rating := "–"
		if p.Ratings > 0 {
			rating = strconv.FormatFloat(p.Rating, 'f', 1, 64)
		}
		lines = append(lines, b.T(t, "cover.report.person", "name", p.Name, "count", strconv.Itoa(p.Covers),
			"planned", roundHours(p.PlannedMinutes), "actual", roundHours(p.ActualMinutes), "rating", rating))
	}
	for _, j := range rep.Jobs {
		lines = append(lines, b.T(t, "cover.report.job", "job", b.jobTitle(ctx, t, t.member.Org.ID, j.Job), "share", strconv.FormatFloat(j.OtherJobShare*100, 'f', 1, 64),
			"covered", roundHours(j.OtherJobMinutes), "total", roundHours(j.TotalMinutes)))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

func (b *Bot) acceptCover(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := b.coverRequestID(t, value)
	if err != nil {
		return nil, err
	}
	r, _, err := b.cfg.Cover.Accept(ctx, *t.member, id)
	if err != nil {
		if e, ok := core.AsError(err); ok && e.Key == "cover.taken" {
			return b.renderOffer(ctx, t, id, true)
		}
		return nil, err
	}
	return []Reply{{Text: b.T(t, "cover.yours", "what", b.coverWhat(ctx, t, r)), ReplaceMessage: true}}, nil
}

func (b *Bot) declineCover(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := b.coverRequestID(t, value)
	if err != nil {
		return nil, err
	}
	if err := b.cfg.Cover.Decline(ctx, *t.member, id); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "cover.declined"), ReplaceMessage: true}}, nil
}

// rateCover takes "ASSIGNMENT:N" from the rating buttons, then offers to
// add a comment.
func (b *Bot) rateCover(ctx context.Context, t *turn, value string) ([]Reply, error) {
	idText, nText, _ := strings.Cut(value, ":")
	id, err1 := strconv.ParseInt(idText, 10, 64)
	n, err2 := strconv.Atoi(nText)
	if err1 != nil || err2 != nil {
		return []Reply{{Text: b.T(t, "button.stale"), Error: true}}, nil
	}
	a, err := b.cfg.Cover.Rate(ctx, *t.member, id, n, "", t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.beginDialog(ctx, t, "cover", "comment", map[string]string{"assignment": idText, "rating": nText}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "cover.rated", "name", a.EmployeeName, "rating", nText), ReplaceMessage: true, Buttons: b.cancelButton(t)}}, nil
}

func (b *Bot) coverComment(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
	id, _ := strconv.ParseInt(d.Data["assignment"], 10, 64)
	n, _ := strconv.Atoi(d.Data["rating"])
	if _, err := b.cfg.Cover.Rate(ctx, *t.member, id, n, strings.TrimSpace(text), t.channel()); err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "cover.comment_saved")}}, nil
}
