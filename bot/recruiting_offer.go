package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// offerCmd is /offer APPLICATION PAY START [TEAM] [MANAGER] (/录用): the
// offer made at once, or its terms asked for when none are typed.
func (b *Bot) offerCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	id, rest, ok := applicationArgs(args)
	if !ok {
		return []Reply{{Text: b.T(t, "recruiting.offer_usage")}}, nil
	}
	if rest == "" {
		return b.askOffer(ctx, t, id)
	}
	return b.makeOffer(ctx, t, id, rest)
}

// askOffer asks the hiring manager for the offer's terms: the card's Make
// offer button.
func (b *Bot) askOffer(ctx context.Context, t *turn, id int64) ([]Reply, error) {
	a, err := b.cfg.Recruiting.Application(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	switch {
	case a.Stage != recruiting.Interview && a.Stage != recruiting.Offer:
		return []Reply{{Text: b.T(t, "recruiting.offer_stage", "stage", b.stageName(t, a.Stage)), Error: true}}, nil
	case a.Candidate.EmployeeID != 0:
		return []Reply{{Text: b.T(t, "recruiting.internal_offer"), Error: true}}, nil
	}
	if err := b.beginDialog(ctx, t, "recruit", "offer", map[string]string{"id": strconv.FormatInt(id, 10)}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "recruiting.ask_offer", "name", b.candidateLabel(t, a)), Buttons: b.cancelButton(t)}}, nil
}

// makeOffer reads the terms typed and makes the offer; terms it cannot
// read are said, and the dialog waits for them again.
func (b *Bot) makeOffer(ctx context.Context, t *turn, id int64, text string) ([]Reply, error) {
	ask, err := parseOffer(text, b.localDay(t))
	if err != nil {
		return nil, err
	}
	o, err := b.cfg.Recruiting.MakeOffer(ctx, *t.member, id, ask, t.channel())
	if err != nil {
		return b.stageReply(t, err)
	}
	a, err := b.endRecruitDialog(ctx, t, id)
	if err != nil {
		return nil, err
	}
	team, manager := "", ""
	if o.TeamName != "" {
		team = b.T(t, "recruiting.offer_team", "team", core.NameIn(o.TeamName, t.locale))
	}
	if o.ManagerName != "" {
		manager = b.T(t, "recruiting.offer_manager", "manager", core.NameIn(o.ManagerName, t.locale))
	}
	return []Reply{{Text: b.T(t, "recruiting.offer_sent", "name", b.candidateLabel(t, a), "pay", b.payText(t, o.Salary.String(), o.PayKind),
		"date", o.StartDate.String(), "team", team, "manager", manager)}}, nil
}

// payWords say how the pay is counted; ignored are words around it.
var (
	payWords = map[string]string{
		"monthly": recruiting.PayMonthly, "month": recruiting.PayMonthly, "月薪": recruiting.PayMonthly, "每月": recruiting.PayMonthly,
		"月": recruiting.PayMonthly, "/月": recruiting.PayMonthly, "/month": recruiting.PayMonthly,
		"hourly": recruiting.PayHourly, "hour": recruiting.PayHourly, "时薪": recruiting.PayHourly, "每小时": recruiting.PayHourly,
		"小时": recruiting.PayHourly, "/小时": recruiting.PayHourly, "/h": recruiting.PayHourly, "/hour": recruiting.PayHourly,
	}
	payUnits = map[string]string{
		"月": recruiting.PayMonthly, "month": recruiting.PayMonthly, "mo": recruiting.PayMonthly, "m": recruiting.PayMonthly,
		"小时": recruiting.PayHourly, "时": recruiting.PayHourly, "h": recruiting.PayHourly, "hr": recruiting.PayHourly, "hour": recruiting.PayHourly,
	}
	offerFiller = map[string]bool{"pay": true, "salary": true, "薪资": true, "工资": true, "yuan": true, "元": true, "rmb": true,
		"a": true, "an": true, "per": true, "start": true, "from": true, "入职": true, "on": true}
	offerFields = map[string]string{"team": "team", "团队": "team", "部门": "team", "manager": "manager", "上级": "manager", "经理": "manager"}
)

// parseOffer reads an offer's terms: "5500 2027-01-04", "月薪 5500 1月4日
// cs boss", "hourly 25 next monday team=cs". The pay is the first
// amount (monthly unless said; an amount under 1,000 without a word
// for it is asked about: no month pays that little), the start date any
// date the bot reads, then a team and a manager, in that order or as
// team=… manager=….
func parseOffer(text string, today core.Date) (recruiting.OfferAsk, error) {
	unread := core.Errorf(core.EInvalid, "recruiting.offer_unread", "no pay and start date in %q", text)
	ask := recruiting.OfferAsk{}
	rest := text
	// A date written in full first: "12.5 2027-01-04" is not 5 December.
	for _, w := range strings.Fields(text) {
		if d, err := core.ParseDate(w); err == nil {
			ask.StartDate, rest = d, strings.Replace(text, w, " ", 1)
			break
		}
	}
	if ask.StartDate.IsZero() {
		span, left, dated, err := when.FindSpan(text, today, when.Future)
		switch {
		case err != nil:
			return ask, err
		case !dated || span.From != span.To:
			return ask, unread
		}
		ask.StartDate, rest = span.From, left
	}
	var others []string
	for _, w := range strings.Fields(rest) {
		lw := strings.ToLower(w)
		if k, v, ok := cutAnyField(lw); ok && offerFields[k] != "" {
			if offerFields[k] == "team" {
				ask.Team = v
			} else {
				ask.Manager = v
			}
			continue
		}
		if kind, ok := payWords[lw]; ok {
			ask.PayKind = kind
			continue
		}
		if offerFiller[lw] {
			continue
		}
		if n, kind, ok := payAmount(lw); ok && ask.Salary.IsZero() {
			ask.Salary = n
			if kind != "" {
				ask.PayKind = kind
			}
			continue
		}
		others = append(others, w)
	}
	if ask.Salary.IsZero() || len(others) > 2 {
		return ask, unread
	}
	if len(others) > 0 && ask.Team == "" {
		ask.Team, others = others[0], others[1:]
	}
	if len(others) > 0 && ask.Manager == "" {
		ask.Manager = others[0]
	}
	if ask.PayKind == "" {
		if ask.Salary.LessThan(decimal.NewFromInt(1000)) {
			return ask, core.Errorf(core.EInvalid, "recruiting.offer_pay_unclear", "is %s monthly or hourly?", ask.Salary).
				With("salary", ask.Salary.String())
		}
		ask.PayKind = recruiting.PayMonthly
	}
	return ask, nil
}

// cutAnyField splits "team=cs", "上级：boss".
func cutAnyField(w string) (string, string, bool) {
	for _, sep := range []string{"=", "：", ":"} {
		if k, v, ok := strings.Cut(w, sep); ok && k != "" && v != "" {
			return k, v, true
		}
	}
	return "", "", false
}

// payAmount reads an amount of pay: "5500", "5,500元", "¥5500/月",
// "月薪5500", "25/h"; kind is what it says of how it is counted.
func payAmount(w string) (decimal.Decimal, string, bool) {
	kind := ""
	for prefix, k := range map[string]string{"月薪": recruiting.PayMonthly, "时薪": recruiting.PayHourly, "¥": "", "￥": ""} {
		if rest, ok := strings.CutPrefix(w, prefix); ok {
			w = rest
			if k != "" {
				kind = k
			}
		}
	}
	num, unit, per := strings.Cut(w, "/")
	if per {
		k, ok := payUnits[unit]
		if !ok {
			return decimal.Decimal{}, "", false
		}
		kind = k
	}
	num = strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(num, ",", ""), "元"), "yuan")
	d, err := decimal.NewFromString(num)
	if err != nil {
		return decimal.Decimal{}, "", false
	}
	return d, kind, true
}

// offerNotice writes the offer to the candidate, with Accept and
// Decline, and — once accepted — the code that links their chat.
func (b *Bot) offerNotice(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
	p := n.Params
	job := b.noticeJob(ctx, t, n)
	if n.Kind == recruiting.TellHired {
		return []Reply{{Text: b.T(t, "recruiting.tell_hired", "code", p["code"], "date", p["start_date"])}}, nil
	}
	lines := []string{b.T(t, "recruiting.tell_offer", "job", job, "pay", b.payText(t, p["salary"], p["pay_kind"]), "date", p["start_date"])}
	if p["team"] != "" {
		lines = append(lines, b.T(t, "recruiting.tell_offer_team", "team", core.NameIn(p["team"], t.locale)))
	}
	if p["manager"] != "" {
		lines = append(lines, b.T(t, "recruiting.tell_offer_manager", "manager", core.NameIn(p["manager"], t.locale)))
	}
	lines = append(lines, b.T(t, "recruiting.tell_offer_ask"))
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: b.T(t, "recruiting.button.accept"), ActionID: "recruit.accept", Value: p["offer"]},
		{Label: b.T(t, "recruiting.button.decline"), ActionID: "recruit.offer_decline", Value: p["offer"]}}}}}, nil
}

// candidateDeclineSure asks again before an offer is declined: declining
// closes the application, and a slip of the thumb should not.
func (b *Bot) candidateDeclineSure(_ context.Context, t *turn, v string) ([]Reply, error) {
	return []Reply{{Text: b.T(t, "recruiting.decline_sure"), Buttons: [][]Button{{
		{Label: b.T(t, "recruiting.button.decline_sure"), ActionID: "recruit.decline_sure", Value: v},
		{Label: b.T(t, "recruiting.button.accept"), ActionID: "recruit.accept", Value: v}}}}}, nil
}

// candidateAnswer is the candidate accepting or declining their offer.
// Accepting twice hires once: the second press is told it was answered.
func (b *Bot) candidateAnswer(accept bool) func(ctx context.Context, t *turn, v string) ([]Reply, error) {
	return func(ctx context.Context, t *turn, v string) ([]Reply, error) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return []Reply{{Text: b.T(t, "button.stale")}}, nil
		}
		ans, err := b.cfg.Recruiting.AnswerOffer(ctx, account(t.in), id, accept)
		b.candidateLocale(t, ans.Application)
		if err != nil {
			return b.stageReply(t, err)
		}
		if !accept {
			return []Reply{{Text: b.T(t, "recruiting.declined"), ReplaceMessage: true}}, nil
		}
		return []Reply{{Text: b.T(t, "recruiting.accepted")}}, nil
	}
}

// offerNotification tells the offer's sender and the hiring manager the
// candidate's answer.
func (b *Bot) offerNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	appID, _ := strconv.ParseInt(n.Params["application"], 10, 64)
	iv, err := b.cfg.Recruiting.Interviews(ctx, *t.member, appID, t.channel())
	if err != nil || iv.Offer == nil {
		return nil
	}
	answer := n.Params["answer"]
	if answer != recruiting.OfferAccepted {
		answer = recruiting.OfferDeclined
	}
	return []Reply{{Text: b.T(t, "recruiting.note_offer."+answer, "name", b.candidateLabel(t, iv.Application),
		"job", b.jobTitle(ctx, t, iv.Application.OrgID, iv.Application.Job), "date", iv.Offer.StartDate.String(),
		"employee", n.Params["employee"])}}
}
