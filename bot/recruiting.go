package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/recruiting"
)

// RecruitingDesk runs openings and applications for the bot
// (recruiting.Service).
type RecruitingDesk interface {
	Start(ctx context.Context, ask recruiting.StartAsk) (recruiting.Application, recruiting.Opening, error)
	Applying(ctx context.Context, acc recruiting.Account) (recruiting.Progress, error)
	Latest(ctx context.Context, acc recruiting.Account) (recruiting.Application, error)
	Consent(ctx context.Context, acc recruiting.Account) (recruiting.Progress, error)
	Answer(ctx context.Context, acc recruiting.Account, text string) (recruiting.Progress, error)
	AddCV(ctx context.Context, acc recruiting.Account, f recruiting.File) (recruiting.Progress, error)
	SkipCV(ctx context.Context, acc recruiting.Account) (recruiting.Progress, error)
	Contact(ctx context.Context, acc recruiting.Account, text string) (recruiting.Progress, error)
	Withdraw(ctx context.Context, acc recruiting.Account, id int64) (recruiting.Application, error)
	JoinPool(ctx context.Context, acc recruiting.Account, id int64, join bool) (recruiting.Application, error)
	RetentionDays(ctx context.Context, orgID int64) (int, error)
	CV(ctx context.Context, m core.Member, id int64, channel string) (recruiting.File, error)

	Open(ctx context.Context, m core.Member, ask recruiting.OpenAsk, channel string) (recruiting.Opening, error)
	Openings(ctx context.Context, m core.Member, all bool) ([]recruiting.Opening, error)
	OpenOpenings(ctx context.Context, m core.Member) ([]recruiting.Opening, error)
	OpeningFor(ctx context.Context, m core.Member, id int64) (recruiting.Opening, error)
	Applications(ctx context.Context, m core.Member, openingID int64, channel string) ([]recruiting.Application, error)
	Application(ctx context.Context, m core.Member, id int64, channel string) (recruiting.Application, error)
	Advance(ctx context.Context, m core.Member, id int64, from recruiting.Stage, channel string) (recruiting.Application, error)
	Reject(ctx context.Context, m core.Member, id int64, reason, channel string) (recruiting.Application, error)

	// Interviews and offers (recruiting_interview.go, recruiting_offer.go).
	OfferSlots(ctx context.Context, m core.Member, appID int64, asks []recruiting.SlotAsk, channel string) ([]recruiting.Slot, error)
	Cancel(ctx context.Context, m core.Member, slotID int64, channel string) (recruiting.Slot, error)
	CandidateSlots(ctx context.Context, acc recruiting.Account, appID int64) ([]recruiting.Slot, error)
	PickSlot(ctx context.Context, acc recruiting.Account, slotID int64) (recruiting.Slot, error)
	NoShow(ctx context.Context, m core.Member, slotID int64, channel string) (recruiting.Slot, error)
	Interviews(ctx context.Context, m core.Member, appID int64, channel string) (recruiting.Interviews, error)
	Score(ctx context.Context, m core.Member, appID int64, score int, comment, channel string) (recruiting.Scorecard, error)
	MakeOffer(ctx context.Context, m core.Member, appID int64, ask recruiting.OfferAsk, channel string) (recruiting.JobOffer, error)
	AnswerOffer(ctx context.Context, acc recruiting.Account, offerID int64, accept bool) (recruiting.OfferAnswer, error)
}

func (b *Bot) recruitingFeature() feature {
	if b.cfg.Recruiting == nil {
		return feature{}
	}
	actions := b.candidateActions()
	actions["recruit.advance"] = actionHandler{run: b.recruitAdvance}
	actions["recruit.reject"] = actionHandler{run: b.recruitAskReject}
	actions["recruit.cv"] = actionHandler{run: b.recruitCV}
	actions["recruit.apply"] = actionHandler{run: func(ctx context.Context, t *turn, code string) ([]Reply, error) {
		return b.applyStart(ctx, t, code)
	}}
	kind := func(fn func(ctx context.Context, t *turn, n Notice) ([]Reply, error)) noticeRenderer { return fn }
	return feature{
		commands: []command{
			{name: "hire", aliases: []string{"招聘", "招人"}, helpKey: "help.cmd.hire", run: b.hireCmd},
			{name: "openings", aliases: []string{"职位", "在招职位", "jobs-open"}, helpKey: "help.cmd.openings", run: b.openingsCmd},
			{name: "candidates", aliases: []string{"候选人"}, helpKey: "help.cmd.candidates", run: b.candidatesCmd},
		},
		actions: actions,
		dialogs: map[string]dialogStep{
			"recruit/reject": func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
				if strings.TrimSpace(text) == "" {
					return nil, errNotAnswer
				}
				return b.recruitReject(ctx, t, d.Data["id"], text)
			},
		},
		notifications: map[string]notificationRenderer{
			recruiting.NotifyApplied: b.recruitingNotification, recruiting.NotifyStale: b.recruitingNotification,
			recruiting.NotifyMoved: b.recruitingNotification,
		},
		notices: map[string]noticeRenderer{
			recruiting.TellRejected: kind(b.candidateNotice), recruiting.TellAdvanced: kind(b.candidateNotice),
		},
	}
}

// hireCmd is /hire JOB [COUNT] [MANAGER] (/招聘 客服 2): an opening, with
// the link candidates apply on.
func (b *Bot) hireCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	words := strings.Fields(args)
	if len(words) == 0 {
		return []Reply{{Text: b.T(t, "recruiting.hire_usage")}}, nil
	}
	job, replies, err := b.resolveJob(ctx, t, words[0])
	if err != nil || replies != nil {
		return replies, err
	}
	ask := recruiting.OpenAsk{Job: job, Headcount: 1}
	for _, w := range words[1:] {
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(w, "人"), "个")); err == nil {
			ask.Headcount = n
		} else {
			ask.Manager = w
		}
	}
	o, err := b.cfg.Recruiting.Open(ctx, *t.member, ask, t.channel())
	if err != nil {
		return nil, err
	}
	lines := []string{b.T(t, "recruiting.opened", "id", strconv.FormatInt(o.ID, 10), "job", b.jobTitle(ctx, t, o.OrgID, o.Job),
		"count", strconv.Itoa(o.Headcount), "manager", core.NameIn(o.HiringManagerName, t.locale), "questions", strconv.Itoa(len(o.Questions)))}
	lines = append(lines, b.applyLinks(t, o, 0)...)
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

// applyLinks are where candidates apply to o: the Telegram deep link
// when the bot has a username, and the words to send the bot anywhere;
// with referrer, that employee's referral link.
func (b *Bot) applyLinks(t *turn, o recruiting.Opening, referrer int64) []string {
	payload := applyPrefix + o.Code
	if referrer != 0 {
		payload += fmt.Sprintf("-r%d", referrer)
	}
	var out []string
	if b.cfg.TelegramBot != "" {
		out = append(out, b.T(t, "recruiting.link_telegram", "link", fmt.Sprintf("https://t.me/%s?start=%s", b.cfg.TelegramBot, payload)))
	}
	return append(out, b.T(t, "recruiting.link_any", "words", "/start "+payload))
}

// openingsCmd is /openings: for those who recruit, every open position
// with its candidates per stage; for everyone, the positions open with
// their own referral link.
func (b *Bot) openingsCmd(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	recruiter := core.Authorize(*t.member, core.ActionRecruitingManage, nil) == nil
	os, err := b.cfg.Recruiting.OpenOpenings(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return []Reply{{Text: b.T(t, "recruiting.none_open")}}, nil
	}
	out := []Reply{{Text: b.T(t, "recruiting.open_title", "count", strconv.Itoa(len(os)))}}
	for _, o := range os {
		line := b.T(t, "recruiting.opening_line", "id", strconv.FormatInt(o.ID, 10), "job", b.jobTitle(ctx, t, o.OrgID, o.Job),
			"count", strconv.Itoa(o.Headcount), "manager", core.NameIn(o.HiringManagerName, t.locale))
		lines := []string{line}
		if recruiter {
			var counts []string
			for _, st := range append([]recruiting.Stage{recruiting.Applying}, recruiting.Pipeline()...) {
				if n := o.Counts[st]; n > 0 {
					counts = append(counts, b.stageName(t, st)+" "+strconv.Itoa(n))
				}
			}
			if len(counts) > 0 {
				lines = append(lines, "  "+strings.Join(counts, " · "))
			}
		}
		lines = append(lines, b.T(t, "recruiting.refer"))
		lines = append(lines, b.applyLinks(t, o, t.member.Employee.ID)...)
		r := Reply{Text: strings.Join(lines, "\n")}
		if o.HiringManagerID != t.member.Employee.ID && o.Job != t.member.Employee.Job {
			// Anyone may apply to move into another job: their manager hears
			// of it only once they reach interview.
			r.Buttons = [][]Button{{{Label: b.T(t, "recruiting.button.apply"), ActionID: "recruit.apply", Value: o.Code}}}
		}
		out = append(out, r)
	}
	return out, nil
}

// candidatesCmd is /candidates OPENING: its applications as cards, the
// ones waiting on a decision with their buttons.
func (b *Bot) candidatesCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(args), "#"), 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "recruiting.candidates_usage")}}, nil
	}
	as, err := b.cfg.Recruiting.Applications(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return []Reply{{Text: b.T(t, "recruiting.no_candidates")}}, nil
	}
	out := make([]Reply, 0, len(as))
	for _, a := range as {
		out = append(out, b.applicationCard(ctx, t, a))
	}
	return out, nil
}

// stageName is a stage in the reader's words.
func (b *Bot) stageName(t *turn, s recruiting.Stage) string {
	return b.T(t, "recruiting.stage."+string(s))
}
