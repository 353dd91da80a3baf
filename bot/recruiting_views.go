package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// applicationCard is an application as its hiring manager sees it: who,
// the score and source, every answer, the CV, and — while it waits on a
// decision — Advance and Reject.
func (b *Bot) applicationCard(ctx context.Context, t *turn, a recruiting.Application) Reply {
	id := strconv.FormatInt(a.ID, 10)
	name := a.Candidate.Name
	if name == "" {
		name = b.T(t, "recruiting.unnamed", "id", id)
	}
	lines := []string{b.T(t, "recruiting.card", "id", id, "name", name, "job", b.jobTitle(ctx, t, a.OrgID, a.Job),
		"stage", b.stageName(t, a.Stage), "score", a.Score.Round(1).String(), "source", b.sourceText(t, a))}
	if o, err := b.openingQuestions(ctx, t, a); err == nil {
		for _, q := range o {
			if v, ok := a.Answers[q.Key]; ok {
				lines = append(lines, b.T(t, "recruiting.answer_line", "question", q.Text.In(t.locale), "answer", b.answerText(t, q, v)))
			}
		}
	}
	switch {
	case a.Answers["_no_cv"] != "":
		lines = append(lines, b.T(t, "recruiting.no_cv"))
	case a.HasCV:
		lines = append(lines, b.T(t, "recruiting.has_cv"))
	}
	if a.Stage == recruiting.Rejected && a.Reason != "" {
		lines = append(lines, b.T(t, "recruiting.reject_line", "reason", a.Reason))
	}
	hiring, more := b.hiringSection(ctx, t, a)
	r := Reply{Text: strings.Join(append(lines, hiring...), "\n")}
	var row []Button
	switch next, ok := a.Stage.Next(); {
	case a.Stage == recruiting.Interview:
		// From interview the way on is an offer (MakeOffer moves it), after
		// times offered and picked.
		row = append(row, Button{Label: b.T(t, "recruiting.button.slots"), ActionID: "recruit.slots", Value: id})
		if a.Candidate.EmployeeID == 0 { // an employee moves by a transfer, not an offer
			row = append(row, Button{Label: b.T(t, "recruiting.button.offer"), ActionID: "recruit.offer", Value: id})
		} else {
			lines = append(lines, b.T(t, "recruiting.internal_moves_by_transfer"))
			r.Text = strings.Join(append(lines, hiring...), "\n")
		}
		row = append(row, Button{Label: b.T(t, "recruiting.button.reject"), ActionID: "recruit.reject", Value: id})
	case ok && next != recruiting.Hired:
		row = append(row, Button{Label: b.T(t, "recruiting.button.advance", "stage", b.stageName(t, next)), ActionID: "recruit.advance",
			Value: id + ":" + string(a.Stage)},
			Button{Label: b.T(t, "recruiting.button.reject"), ActionID: "recruit.reject", Value: id})
	}
	if a.HasCV && a.Answers["_no_cv"] == "" {
		row = append(row, Button{Label: b.T(t, "recruiting.button.cv"), ActionID: "recruit.cv", Value: id})
	}
	for _, r2 := range [][]Button{row, more} {
		if len(r2) > 0 {
			r.Buttons = append(r.Buttons, r2)
		}
	}
	return r
}

// openingQuestions are the questions a's opening asked.
func (b *Bot) openingQuestions(ctx context.Context, t *turn, a recruiting.Application) ([]recruiting.Question, error) {
	o, err := b.cfg.Recruiting.OpeningFor(ctx, *t.member, a.OpeningID)
	return o.Questions, err
}

// answerText writes an answer for the reader: yes/no in their words.
func (b *Bot) answerText(t *turn, q recruiting.Question, v string) string {
	if q.Kind == recruiting.YesNo {
		return b.T(t, "recruiting."+v)
	}
	return v
}

// sourceText says how a candidate came: a link, a referral by whom, an
// internal candidate.
func (b *Bot) sourceText(t *turn, a recruiting.Application) string {
	if a.Source == recruiting.FromReferral && a.Referrer != "" {
		return b.T(t, "recruiting.source.referral_by", "name", core.NameIn(a.Referrer, t.locale))
	}
	return b.T(t, "recruiting.source."+string(a.Source))
}

func (b *Bot) recruitAdvance(ctx context.Context, t *turn, v string) ([]Reply, error) {
	idText, from, _ := strings.Cut(v, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	if recruiting.Stage(from) == recruiting.Interview {
		// A card from before offers were made in chat: on from interview
		// is an offer.
		return b.askOffer(ctx, t, id)
	}
	a, err := b.cfg.Recruiting.Advance(ctx, *t.member, id, recruiting.Stage(from), t.channel())
	if err != nil {
		return b.stageReply(t, err)
	}
	return []Reply{{Text: b.T(t, "recruiting.advanced_to", "name", a.Candidate.Name, "stage", b.stageName(t, a.Stage)),
		ReplaceMessage: true}}, nil
}

// recruitCV sends the hiring manager the CV, privately, never kept on
// the way (sealed).
func (b *Bot) recruitCV(ctx context.Context, t *turn, v string) ([]Reply, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	f, err := b.cfg.Recruiting.CV(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.cv_here"), Ephemeral: true,
		Attachments: []Attachment{{Name: f.Name, MIME: f.MIME, Data: f.Data, Sealed: true}}}}, nil
}

func (b *Bot) recruitAskReject(ctx context.Context, t *turn, v string) ([]Reply, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	a, err := b.cfg.Recruiting.Application(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if a.Stage.Closed() {
		return []Reply{{Text: b.T(t, "recruiting.moved_meanwhile", "stage", b.stageName(t, a.Stage))}}, nil
	}
	if err := b.beginDialog(ctx, t, "recruit", "reject", map[string]string{"id": v}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.ask_reject", "name", a.Candidate.Name), Buttons: b.cancelButton(t)}}, nil
}

func (b *Bot) recruitReject(ctx context.Context, t *turn, v, reason string) ([]Reply, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	a, err := b.cfg.Recruiting.Reject(ctx, *t.member, id, reason, t.channel())
	if err != nil {
		if out, err := b.stageReply(t, err); err == nil {
			return out, b.endDialog(ctx, t)
		}
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.rejected_done", "name", a.Candidate.Name)}}, nil
}

// recruitingNotification writes a recruiting notification to an
// employee from the application as it is now.
func (b *Bot) recruitingNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["application"], 10, 64)
	a, err := b.cfg.Recruiting.Application(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil
	}
	switch n.Kind {
	case recruiting.NotifyApplied:
		if a.Stage != recruiting.Applied {
			return nil // decided before this went out
		}
		card := b.applicationCard(ctx, t, a)
		card.Text = b.T(t, "recruiting.new_candidate") + "\n" + card.Text
		return []Reply{card}
	case recruiting.NotifyStale:
		if a.Stage.Closed() {
			return nil
		}
		card := b.applicationCard(ctx, t, a)
		card.Text = b.T(t, "recruiting.stale_note", "days", strconv.Itoa(int(t.now.Sub(a.StageSince).Hours()/24))) + "\n" + card.Text
		return []Reply{card}
	case recruiting.NotifyMoved:
		return []Reply{{Text: b.T(t, "recruiting.moved_note", "name", a.Candidate.Name, "job", b.jobTitle(ctx, t, a.OrgID, a.Job),
			"stage", b.stageName(t, a.Stage))}}
	}
	return nil
}

// candidateNotice writes a message to a candidate about their
// application: kindly, in their language, without the reason HR keeps.
func (b *Bot) candidateNotice(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
	job := n.Params["job"]
	if t.member != nil {
		job = b.jobTitle(ctx, t, t.member.Org.ID, job)
	} else {
		job = b.jobName(t, job)
	}
	switch n.Kind {
	case recruiting.TellRejected:
		r := Reply{Text: b.T(t, "recruiting.tell_rejected", "job", job)}
		if t.member == nil { // an employee applying internally is kept anyway
			r.Buttons = [][]Button{{{Label: b.T(t, "recruiting.button.pool"), ActionID: "recruit.pool", Value: n.Params["application"]}}}
		}
		return []Reply{r}, nil
	case recruiting.TellAdvanced:
		return []Reply{{Text: b.T(t, "recruiting.tell_advanced."+n.Params["stage"], "job", job)}}, nil
	}
	return nil, nil
}
