package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/knowledgebase"
)

// applyPrefix starts the payload of an apply link: /start apply-CODE, or
// apply-CODE-rID for an employee's referral (Telegram deep links carry
// it as start=apply-CODE-rID).
const applyPrefix = "apply-"

// private reports whether in comes from a one-to-one chat: a platform's
// private chat, or the console (one person at a terminal).
func private(in Incoming) bool { return in.Private || in.Platform == core.PlatformConsole }

// account is the chat account a turn comes from, as recruiting knows it.
func account(in Incoming) recruiting.Account {
	return recruiting.Account{Platform: in.Platform, UserID: in.UserID, ChatID: in.ChatID}
}

// candidateApplying reports whether the sender of in is answering an
// application: their files are fetched (a CV) though they are nobody of
// the org.
func (b *Bot) candidateApplying(ctx context.Context, in Incoming) bool {
	if b.cfg.Recruiting == nil || !private(in) {
		return false
	}
	_, err := b.cfg.Recruiting.Applying(ctx, account(in))
	return err == nil
}

// applyStart opens an application from an apply link: the position, and
// the consent asked before anything is kept.
func (b *Bot) applyStart(ctx context.Context, t *turn, payload string) ([]Reply, error) {
	if !private(t.in) {
		return []Reply{{Text: b.T(t, "recruiting.private_only")}}, nil
	}
	code, ref, _ := strings.Cut(payload, "-r")
	ask := recruiting.StartAsk{Code: code, Account: account(t.in), Locale: t.locale}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		ask.ReferrerID = id
	}
	if t.member != nil {
		ask.Employee = &t.member.Employee
	}
	if ask.Locale == "" {
		ask.Locale = core.LocaleZH
		t.locale = core.LocaleZH
	}
	a, o, err := b.cfg.Recruiting.Start(ctx, ask)
	if core.ErrorCodeOf(err) == core.EConflict {
		if a.Stage != recruiting.Applying {
			return []Reply{{Text: b.T(t, "recruiting.already_sent", "job", b.jobTitle(ctx, t, a.OrgID, a.Job), "stage", b.stageName(t, a.Stage))}}, nil
		}
		p, err := b.cfg.Recruiting.Applying(ctx, account(t.in))
		if err != nil {
			return nil, err
		}
		return append([]Reply{{Text: b.T(t, "recruiting.applied_before")}}, b.candidatePrompt(ctx, t, p)...), nil
	}
	if err != nil {
		return nil, err
	}
	welcome := b.T(t, "recruiting.welcome", "job", b.jobTitle(ctx, t, o.OrgID, o.Job), "days", strconv.Itoa(b.retentionDays(ctx, o)))
	if advert := b.jobAdvert(ctx, t, o.OrgID, o.Job); len(advert) > 0 {
		head, consent, _ := strings.Cut(welcome, "\n")
		welcome = head + "\n\n" + strings.Join(advert, "\n") + "\n\n" + consent
	}
	return []Reply{{Text: welcome,
		Buttons: [][]Button{{
			{Label: b.T(t, "recruiting.button.consent"), ActionID: "recruit.consent", Value: strconv.FormatInt(a.ID, 10)},
			{Label: b.T(t, "recruiting.button.no_consent"), ActionID: "recruit.decline", Value: strconv.FormatInt(a.ID, 10)},
		}}}}, nil
}

// retentionDays is how long the opening's org keeps candidates' data,
// for the consent text.
func (b *Bot) retentionDays(ctx context.Context, o recruiting.Opening) int {
	if days, err := b.cfg.Recruiting.RetentionDays(ctx, o.OrgID); err == nil {
		return days
	}
	return recruiting.DefaultRetentionDays
}

// candidatePrompt asks for what the application needs next.
func (b *Bot) candidatePrompt(ctx context.Context, t *turn, p recruiting.Progress) []Reply {
	id := strconv.FormatInt(p.Application.ID, 10)
	job := b.jobTitle(ctx, t, p.Opening.OrgID, p.Opening.Job)
	switch {
	case p.KnockedOut:
		return []Reply{{Text: b.T(t, "recruiting.knocked_out", "job", job), Buttons: b.poolButton(t, p.Application)}}
	case p.Done:
		return []Reply{{Text: b.T(t, "recruiting.sent", "job", job), Buttons: b.poolButton(t, p.Application)}}
	case p.Application.Candidate.ConsentAt.IsZero():
		return []Reply{{Text: b.T(t, "recruiting.consent_first"), Buttons: [][]Button{{
			{Label: b.T(t, "recruiting.button.consent"), ActionID: "recruit.consent", Value: id},
			{Label: b.T(t, "recruiting.button.no_consent"), ActionID: "recruit.decline", Value: id}}}}}
	case p.Next != nil:
		q := *p.Next
		r := Reply{Text: b.T(t, "recruiting.question", "n", strconv.Itoa(p.Application.Step+1),
			"of", strconv.Itoa(len(p.Opening.Questions)), "text", q.Text.In(t.locale))}
		switch q.Kind {
		case recruiting.YesNo:
			r.Buttons = [][]Button{{{Label: b.T(t, "recruiting.yes"), ActionID: "recruit.answer", Value: q.Key + ":yes"},
				{Label: b.T(t, "recruiting.no"), ActionID: "recruit.answer", Value: q.Key + ":no"}}}
		case recruiting.Choice:
			var row []Button
			for i, o := range q.Options {
				row = append(row, Button{Label: o.Text.In(t.locale), ActionID: "recruit.answer", Value: q.Key + ":" + strconv.Itoa(i+1)})
			}
			r.Buttons = [][]Button{row}
		}
		return []Reply{r}
	case p.NeedCV:
		return []Reply{{Text: b.T(t, "recruiting.ask_cv"), Buttons: [][]Button{{
			{Label: b.T(t, "recruiting.button.no_cv"), ActionID: "recruit.nocv", Value: id}}}}}
	case p.NeedContact:
		return []Reply{{Text: b.T(t, "recruiting.ask_contact")}}
	}
	return nil
}

// candidateText takes what a candidate types while applying: the answer
// to their question, or their contact. ok is false when the sender is
// not applying (their message is read as any other).
func (b *Bot) candidateText(ctx context.Context, t *turn, text string) ([]Reply, bool, error) {
	if b.cfg.Recruiting == nil || !private(t.in) {
		return nil, false, nil
	}
	p, err := b.cfg.Recruiting.Applying(ctx, account(t.in))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return b.candidateStatus(ctx, t)
	}
	if err != nil {
		return nil, true, err
	}
	b.candidateLocale(t, p.Application)
	if take, tell := b.candidates.allow(string(t.in.Platform)+":"+t.in.UserID, t.now); !take {
		if tell {
			return []Reply{{Text: b.T(t, "recruiting.slow_down")}}, true, nil
		}
		return nil, true, nil
	}
	if asks(text) && (p.Next == nil || p.Next.Kind != recruiting.Text) {
		// A question of theirs, not an answer: answered from the public
		// part of the handbook only, and the application goes on.
		r, err := b.publicAnswer(ctx, t, p.Opening.OrgID, text)
		if err != nil {
			return nil, true, err
		}
		return append([]Reply{r}, b.candidatePrompt(ctx, t, p)...), true, nil
	}
	switch {
	case p.Next == nil && p.NeedCV && !p.Application.Candidate.ConsentAt.IsZero() && saysNone(text):
		p, err = b.cfg.Recruiting.SkipCV(ctx, account(t.in))
	case p.Application.Candidate.ConsentAt.IsZero() || p.Next == nil && p.NeedCV:
		return b.candidatePrompt(ctx, t, p), true, nil
	case p.Next != nil:
		if p.Next.Kind == recruiting.Number {
			text = numberWords(text)
		}
		p, err = b.cfg.Recruiting.Answer(ctx, account(t.in), text)
	default:
		p, err = b.cfg.Recruiting.Contact(ctx, account(t.in), text)
	}
	if core.ErrorCodeOf(err) == core.EInvalid {
		// Said, and the same question asked again.
		return append([]Reply{b.errorReply(t, "candidate", err)}, b.candidatePrompt(ctx, t, p)...), true, nil
	}
	if err != nil {
		return nil, true, err
	}
	return b.candidatePrompt(ctx, t, p), true, nil
}

// candidateLocale answers a candidate in the language they applied in.
func (b *Bot) candidateLocale(t *turn, a recruiting.Application) {
	if t.member == nil && a.Candidate.Locale != "" {
		t.locale = a.Candidate.Locale
	}
}

// candidateFiles takes a candidate's CV. ok is false when the sender is
// not applying.
func (b *Bot) candidateFiles(ctx context.Context, t *turn) ([]Reply, bool, error) {
	if b.cfg.Recruiting == nil || !private(t.in) {
		return nil, false, nil
	}
	p, err := b.cfg.Recruiting.Applying(ctx, account(t.in))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	b.candidateLocale(t, p.Application)
	if p.Application.Candidate.ConsentAt.IsZero() || p.Next != nil || !p.NeedCV {
		return append([]Reply{{Text: b.T(t, "recruiting.cv_later")}}, b.candidatePrompt(ctx, t, p)...), true, nil
	}
	if refused := b.allRefused(t); refused != nil {
		return append(refused, b.candidatePrompt(ctx, t, p)...), true, nil
	}
	for _, f := range t.files {
		if f.err != nil {
			continue
		}
		mime, err := documents.Sniff(f.data)
		if err != nil {
			return nil, true, err
		}
		name := f.name
		if name == "" {
			name = "cv" + documents.Extension(mime)
		}
		p, err = b.cfg.Recruiting.AddCV(ctx, account(t.in), recruiting.File{Name: name, MIME: mime, Data: f.data})
		if err != nil {
			return nil, true, err
		}
		break // one CV is enough
	}
	return append([]Reply{{Text: b.T(t, "recruiting.cv_kept")}}, b.candidatePrompt(ctx, t, p)...), true, nil
}

// candidateActions are the buttons a candidate presses, usable before
// (and without) being anyone of the org.
func (b *Bot) candidateActions() map[string]actionHandler {
	progress := func(fn func(ctx context.Context, acc recruiting.Account, v string) (recruiting.Progress, error)) actionHandler {
		return actionHandler{public: true, run: func(ctx context.Context, t *turn, v string) ([]Reply, error) {
			p, err := fn(ctx, account(t.in), v)
			if core.ErrorCodeOf(err) == core.ENotFound {
				return []Reply{{Text: b.T(t, "button.stale")}}, nil
			}
			b.candidateLocale(t, p.Application)
			if core.ErrorCodeOf(err) == core.EInvalid {
				return append([]Reply{b.errorReply(t, "candidate", err)}, b.candidatePrompt(ctx, t, p)...), nil
			}
			if err != nil {
				return nil, err
			}
			return b.candidatePrompt(ctx, t, p), nil
		}}
	}
	// The message pressed is replaced by what was chosen, so its buttons
	// cannot be pressed again (an answer given twice, a consent declined
	// after it was given).
	chosen := func(h actionHandler, say func(t *turn, p recruiting.Progress) string) actionHandler {
		run := h.run
		h.run = func(ctx context.Context, t *turn, v string) ([]Reply, error) {
			before, err := b.cfg.Recruiting.Applying(ctx, account(t.in))
			if core.ErrorCodeOf(err) == core.ENotFound {
				return []Reply{{Text: b.T(t, "button.stale")}}, nil
			}
			if err != nil {
				return nil, err
			}
			rs, err := run(ctx, t, v)
			if err != nil || len(rs) == 0 {
				return rs, err
			}
			after, aerr := b.cfg.Recruiting.Applying(ctx, account(t.in))
			if aerr == nil && after.Application.Step == before.Application.Step &&
				after.Application.Candidate.ConsentAt.Equal(before.Application.Candidate.ConsentAt) {
				return rs, nil // nothing taken: the same question again
			}
			return append([]Reply{{Text: say(t, before), ReplaceMessage: true}}, rs...), nil
		}
		return h
	}
	return map[string]actionHandler{
		"recruit.consent": chosen(progress(func(ctx context.Context, acc recruiting.Account, _ string) (recruiting.Progress, error) {
			return b.cfg.Recruiting.Consent(ctx, acc)
		}), func(t *turn, _ recruiting.Progress) string { return b.T(t, "recruiting.consented") }),
		"recruit.answer": chosen(progress(func(ctx context.Context, acc recruiting.Account, v string) (recruiting.Progress, error) {
			// A button answers the question it was drawn for: one left on
			// an earlier message (the answer was typed) answers nothing.
			key, answer, _ := strings.Cut(v, ":")
			p, err := b.cfg.Recruiting.Applying(ctx, acc)
			if err != nil || p.Next == nil || p.Next.Key != key {
				return p, core.Errorf(core.EInvalid, "recruiting.old_button", "button for question %q", key)
			}
			return b.cfg.Recruiting.Answer(ctx, acc, answer)
		}), func(t *turn, p recruiting.Progress) string {
			if p.Next == nil {
				return b.T(t, "recruiting.consented")
			}
			return p.Next.Text.In(t.locale) + " ✓"
		}),
		"recruit.decline": {public: true, run: b.candidateDecline},
		"recruit.nocv": progress(func(ctx context.Context, acc recruiting.Account, _ string) (recruiting.Progress, error) {
			return b.cfg.Recruiting.SkipCV(ctx, acc)
		}),
		"recruit.withdraw": {public: true, run: b.candidateWithdraw},
		"recruit.pool":     {public: true, run: b.candidatePool},
	}
}

// candidateWithdraw takes an application back: declining consent, or
// withdrawing later (/withdraw shows the button).
func (b *Bot) candidateWithdraw(ctx context.Context, t *turn, v string) ([]Reply, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	a, err := b.cfg.Recruiting.Withdraw(ctx, account(t.in), id)
	b.candidateLocale(t, a)
	if err != nil {
		return b.stageReply(t, err)
	}
	return []Reply{{Text: b.T(t, "recruiting.withdrawn", "job", b.jobTitle(ctx, t, a.OrgID, a.Job)), ReplaceMessage: true}}, nil
}

// saysNone reports whether text says there is none ("没有", "no CV").
func saysNone(text string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(text), "。.!！")) {
	case "没有", "无", "没有简历", "我没有简历", "no", "none", "no cv", "i have no cv":
		return true
	}
	return false
}

// asks reports whether text is a question rather than an answer: it ends
// with a question mark or opens with a question word.
func asks(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？") || strings.HasSuffix(t, "吗") || strings.HasSuffix(t, "呢") {
		return true
	}
	for _, w := range []string{"what ", "when ", "where ", "how ", "why ", "is there", "do you", "does ", "can i", "什么", "几点", "怎么", "多少", "哪里", "是否", "有没有"} {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

// publicAnswer answers a candidate's question from the handbook's public
// documents, in their language; what those do not answer is left for the
// interview, and nothing internal is ever shown.
func (b *Bot) publicAnswer(ctx context.Context, t *turn, orgID int64, q string) (Reply, error) {
	if b.cfg.Knowledge == nil {
		return Reply{Text: b.T(t, "recruiting.ask_at_interview")}, nil
	}
	h, ok, err := b.cfg.Knowledge.SearchPublic(ctx, orgID, q)
	if err != nil || !ok {
		return Reply{Text: b.T(t, "recruiting.ask_at_interview")}, err
	}
	return Reply{Text: b.T(t, "recruiting.public_answer", "section", h.Passage.Section,
		"text", knowledgebase.Excerpt(h.Passage.Text, t.locale, excerptRunes))}, nil
}

// poolButton offers to keep the candidate's details for future openings:
// a consent of its own, asked only once they have applied (or were let
// go), never assumed.
func (b *Bot) poolButton(t *turn, a recruiting.Application) [][]Button {
	if a.Candidate.TalentPool || a.Candidate.EmployeeID != 0 {
		return nil
	}
	return [][]Button{{{Label: b.T(t, "recruiting.button.pool"), ActionID: "recruit.pool", Value: strconv.FormatInt(a.ID, 10)}}}
}

// candidatePool is the talent-pool button.
func (b *Bot) candidatePool(ctx context.Context, t *turn, v string) ([]Reply, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	a, err := b.cfg.Recruiting.JoinPool(ctx, account(t.in), id, true)
	b.candidateLocale(t, a)
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.pool_joined"), ReplaceMessage: false}}, nil
}

// candidateDecline is "No, thanks" to the consent: the application is
// withdrawn — but only while consent was not given, so the button of an
// old message cannot withdraw an application under way.
func (b *Bot) candidateDecline(ctx context.Context, t *turn, v string) ([]Reply, error) {
	p, err := b.cfg.Recruiting.Applying(ctx, account(t.in))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	if err != nil {
		return nil, err
	}
	if !p.Application.Candidate.ConsentAt.IsZero() || strconv.FormatInt(p.Application.ID, 10) != v {
		b.candidateLocale(t, p.Application)
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	return b.candidateWithdraw(ctx, t, v)
}

// candidateStatus answers someone nobody of the org who applied before
// and writes again: where their newest application stands, rather than
// "I don't know you". ok is false for anyone else (and for employees,
// who are read as usual).
func (b *Bot) candidateStatus(ctx context.Context, t *turn) ([]Reply, bool, error) {
	if t.member != nil {
		return nil, false, nil
	}
	a, err := b.cfg.Recruiting.Latest(ctx, account(t.in))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	b.candidateLocale(t, a)
	return []Reply{{Text: b.T(t, "recruiting.status", "job", b.jobTitle(ctx, t, a.OrgID, a.Job), "stage", b.stageName(t, a.Stage))}}, true, nil
}

// inCandidateLanguage runs a candidate's button in the language they
// applied in: a press carries no language of its own, and someone who is
// nobody of the org would otherwise be answered in both.
func (b *Bot) inCandidateLanguage(run func(ctx context.Context, t *turn, v string) ([]Reply, error)) func(ctx context.Context, t *turn, v string) ([]Reply, error) {
	return func(ctx context.Context, t *turn, v string) ([]Reply, error) {
		if t.member == nil {
			if a, err := b.cfg.Recruiting.Latest(ctx, account(t.in)); err == nil {
				b.candidateLocale(t, a)
			}
		}
		return run(ctx, t, v)
	}
}

// englishNumbers are the counts people spell out in English.
var englishNumbers = map[string]string{"zero": "0", "none": "0", "one": "1", "two": "2", "three": "3", "four": "4",
	"five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12"}

// numberWords writes a count typed in words as digits — "三年" → "3年",
// "两年半" → "2.5年", "two years" → "2 years" — for the core's number
// reader, which reads digits.
func numberWords(text string) string {
	t := strings.TrimSpace(text)
	if first, rest, _ := strings.Cut(strings.ToLower(t), " "); englishNumbers[first] != "" {
		return englishNumbers[first] + " " + rest
	}
	rs := []rune(t)
	for n := min(len(rs), 3); n >= 1; n-- {
		if v, ok := when.ChineseNumber(string(rs[:n])); ok {
			rest := string(rs[n:])
			if r, ok := strings.CutPrefix(rest, "年半"); ok {
				return strconv.Itoa(v) + ".5年" + r
			}
			return strconv.Itoa(v) + rest
		}
	}
	return t
}
