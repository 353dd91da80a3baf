package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// PayrollDesk drafts, approves and shows payroll.
type PayrollDesk interface {
	Draft(ctx context.Context, m core.Member, period string) (payroll.Run, []string, error)
	Review(ctx context.Context, m core.Member, period string) (payroll.Run, error)
	Approve(ctx context.Context, m core.Member, period, channel, override string) (payroll.Run, error)
	Payslip(ctx context.Context, m core.Member, period string) (payroll.Run, payroll.Slip, error)
	AskAboutPayslip(ctx context.Context, m core.Member, period string) error
}

func (b *Bot) payrollFeature() feature {
	if b.cfg.Payroll == nil {
		return feature{}
	}
	return feature{
		commands: b.payrollCommands(), actions: b.payrollActions(),
		notifications: map[string]notificationRenderer{core.NotifyPayslip: b.payrollNotification, core.NotifyPayslipAsked: b.payrollNotification},
	}
}

func (b *Bot) payrollCommands() []command {
	return append([]command{
		{name: "payslip", aliases: []string{"工资条", "我的工资"}, helpKey: "help.cmd.payslip", run: b.payslip},
		{name: "payroll", aliases: []string{"工资", "薪资"}, helpKey: "help.cmd.payroll", staff: true, run: b.payrollCmd},
		{name: "income", aliases: []string{"年度收入"}, helpKey: "help.cmd.year_income", run: b.payslipYear},
	}, append(b.payrollTaxCommands(), b.payrollFirstWagesCommands()...)...)
}

func (b *Bot) payrollActions() map[string]actionHandler {
	actions := map[string]actionHandler{
		"payroll.approve": {run: b.approvePayroll},
		"payslip.ask":     {run: b.askAboutPayslip},
	}
	for id, a := range b.payrollTaxActions() {
		actions[id] = a
	}
	return actions
}

// period reads the month args name — 2026-11, or as people say it: 11月,
// 2026年11月, 上个月, last month, November (a month without a year is the
// latest one not after this one) — else the month before this one.
// Anything else is passed on for payroll to refuse in the reader's words.
func (b *Bot) period(t *turn, args string) string {
	p := strings.TrimSpace(args)
	if p == "" {
		return payroll.PreviousPeriod(t.now, t.member.Org)
	}
	if _, err := time.Parse("2006-01", p); err == nil {
		return p
	}
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	if m := englishMonth(p); m != 0 {
		year := today.Year
		if m > today.Month {
			year--
		}
		return fmt.Sprintf("%04d-%02d", year, int(m))
	}
	span, rest, found, err := when.FindSpan(p, today, when.Past)
	if err != nil || !found || strings.TrimSpace(rest) != "" || span.From.Day != 1 || span.To.AddDays(1).Day != 1 || span.From.Month != span.To.Month {
		return p
	}
	return fmt.Sprintf("%04d-%02d", span.From.Year, int(span.From.Month))
}

// englishMonth is the month an English month name or its abbreviation
// names ("October", "oct", "sept"), else 0.
func englishMonth(word string) time.Month {
	w := strings.ToLower(strings.TrimSuffix(word, "."))
	if len(w) < 3 {
		return 0
	}
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), w) {
			return m
		}
	}
	return 0
}

// payslip shows my own payslip of an approved run, privately.
func (b *Bot) payslip(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if rest, ok := isYearArgs(args); ok {
		return b.payslipYear(ctx, t, rest)
	}
	run, slip, err := b.cfg.Payroll.Payslip(ctx, *t.member, b.period(t, args))
	if err != nil {
		return nil, err
	}
	return []Reply{b.payslipReply(t, run, slip)}, nil
}

func (b *Bot) payslipReply(t *turn, run payroll.Run, s payroll.Slip) Reply {
	lines := []string{b.T(t, "payslip.title", "period", run.Period, "org", t.member.Org.Name, "name", s.Name), ""}
	for _, l := range s.Lines {
		lines = append(lines, DescribeLine(b.cat, t.locale, l))
	}
	lines = append(lines, "",
		b.T(t, "payslip.gross", "amount", payroll.Amount(s.Gross)),
		b.T(t, "payslip.social", "amount", payroll.Amount(s.Social)),
		b.T(t, "payslip.tax", "amount", payroll.Amount(s.Tax.Withhold)),
		b.T(t, "payslip.net", "amount", payroll.Amount(s.Net)))
	return Reply{Text: strings.Join(lines, "\n"), Ephemeral: true,
		Buttons: [][]Button{{{Label: b.T(t, "payslip.ask"), ActionID: "payslip.ask", Value: run.Period}}}}
}

// DescribeLine writes one payslip line in a reader's language: what it
// is, its amount, and the numbers behind it.
func DescribeLine(cat *i18n.Catalog, loc core.Locale, l pay.Line) string {
	args := make([]string, 0, 2*len(l.Params))
	for k, v := range l.Params {
		switch {
		case k == "rate" && l.Code != pay.CodeBase && l.Code != pay.CodeCover, k == "multiplier":
			v = percent(v)
		case k == "name" && l.Code == pay.CodeAllowance:
			// Well-known allowance names read in the reader's language;
			// others are shown as HR wrote them.
			if key := "payslip.allowance." + strings.ToLower(strings.TrimSpace(v)); cat.Has(key) {
				v = cat.T(loc, key)
			}
		}
		args = append(args, k, v)
	}
	label := cat.T(loc, "payslip.line."+l.Code, args...)
	if l.Params["part_from"] != "" { // a month split by a transfer: whose days the line pays
		label = cat.T(loc, "payslip.part", "label", label, "part_from", l.Params["part_from"], "part_to", l.Params["part_to"])
	}
	if why := WhyKey(l); why != "" {
		return cat.T(loc, "payslip.entry_why", "label", label, "amount", payroll.Amount(l.Amount), "why", cat.T(loc, why, args...))
	}
	return cat.T(loc, "payslip.entry", "label", label, "amount", payroll.Amount(l.Amount))
}

// WhyKey is the catalogue key explaining a payslip line, "" for the lines
// whose label says it all (a fixed allowance, a taxable adjustment).
func WhyKey(l pay.Line) string {
	why := "payslip.why." + l.Code
	switch {
	case l.Code == pay.CodeBase && l.Params["hours"] != "":
		return why + ".hourly"
	case l.Code == pay.CodePerfBonus && l.Params["hourly"] == "true":
		return why + ".hourly"
	case l.Code == pay.CodePerfBonus && l.Params["percent"] != "":
		return why + ".percent"
	case l.Params["as_leave"] == "true":
		return why + ".as_leave"
	case l.Code == pay.CodeAllowance:
		if l.Params["full"] != "" {
			return why + ".prorated"
		}
		return ""
	case l.Code == pay.CodeAdjustment:
		if l.Params["taxable"] == "false" {
			return why + ".not_taxable"
		}
		return ""
	case l.Code == pay.CodeIIT && l.Params["rule"] == pay.RuleFlat:
		return why + ".flat"
	case l.Code == pay.CodeIIT && l.Params["sixty"] == "true":
		return why + ".sixty"
	case l.Code == pay.CodeIIT && l.Params["first_wages"] == "true":
		return why + ".first_wages"
	case l.Code == pay.CodeProrate && l.Params["labour"] == "true":
		return why + ".labour"
	case l.Code == pay.CodeYearEndBonus:
		return why + "." + l.Params["method"] + "." + l.Params["chosen"]
	case l.Params["capped"] == "true":
		return why + ".capped"
	case l.Params["clamped"] != "": // a base held to the city's floor or ceiling (pay/social.go)
		return why + "." + l.Params["clamped"]
	}
	return why
}

// DescribeWarning writes one warning of a payroll draft in a reader's
// language.
func DescribeWarning(cat *i18n.Catalog, loc core.Locale, w payroll.Warning) string {
	args := []string{"person", w.Person, "name", w.Name}
	for k, v := range w.Params {
		args = append(args, k, v)
	}
	return cat.T(loc, "payroll.warn."+w.Code, args...)
}

// percent writes a fraction as a percentage: "0.08" → "8%", "1.5" → "150%".
func percent(fraction string) string {
	d, err := decimal.NewFromString(fraction)
	if err != nil {
		return fraction
	}
	return d.Mul(decimal.NewFromInt(100)).String() + "%"
}

// payrollCmd: "/payroll [PERIOD]" reviews a run; "/payroll draft PERIOD"
// drafts (or redrafts) it; "/payroll approve PERIOD [REASON]" approves it,
// the reason overriding its blocking warnings.
func (b *Bot) payrollCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	fields := strings.Fields(args)
	if len(fields) > 0 && (strings.EqualFold(fields[0], "draft") || fields[0] == "起草" || fields[0] == "计算") {
		run, missing, err := b.cfg.Payroll.Draft(ctx, *t.member, b.period(t, strings.Join(fields[1:], " ")))
		if err != nil {
			return nil, err
		}
		replies := b.runSummary(t, run)
		if len(missing) > 0 {
			replies[0].Text += "\n" + b.T(t, "payroll.missing", "people", strings.Join(missing, ", "))
		}
		return replies, nil
	}
	if len(fields) > 0 && (strings.EqualFold(fields[0], "approve") || fields[0] == "批准") {
		if len(fields) < 2 {
			return nil, core.Errorf(core.EInvalid, "payroll.approve_usage", "write /payroll approve YYYY-MM [reason]")
		}
		return b.approve(ctx, t, fields[1], strings.Join(fields[2:], " "), false)
	}
	run, err := b.cfg.Payroll.Review(ctx, *t.member, b.period(t, args))
	if err != nil {
		return nil, err
	}
	return b.runSummary(t, run), nil
}

func (b *Bot) runSummary(t *turn, run payroll.Run) []Reply {
	gross, social, tax, net := run.Totals()
	lines := []string{
		b.T(t, "payroll.title", "period", run.Period, "status", b.T(t, "payroll.status."+run.Status), "count", strconv.Itoa(len(run.Slips))),
		b.T(t, "payroll.totals", "gross", payroll.Amount(gross), "social", payroll.Amount(social), "tax", payroll.Amount(tax), "net", payroll.Amount(net)),
	}
	if len(run.Slips) > 0 {
		lines = append(lines, "")
	}
	for _, s := range run.Slips {
		lines = append(lines, b.T(t, "payroll.person", "name", s.Name, "key", s.Key, "gross", payroll.Amount(s.Gross), "net", payroll.Amount(s.Net)))
	}
	if len(run.Warnings) > 0 && run.Status == payroll.StatusDraft {
		lines = append(lines, "", b.T(t, "payroll.warnings"))
		for _, w := range run.Warnings {
			lines = append(lines, b.describeWarning(t, w))
		}
	}
	if run.OverrideReason != "" {
		lines = append(lines, "", b.T(t, "payroll.overridden", "reason", run.OverrideReason))
	}
	reply := Reply{Text: strings.Join(lines, "\n"), Ephemeral: true}
	if run.Status == payroll.StatusDraft {
		reply.Text += "\n\n" + b.T(t, "payroll.review_hint", "period", run.Period)
		reply.Buttons = [][]Button{{{Label: b.T(t, "payroll.approve", "period", run.Period), ActionID: "payroll.approve", Value: run.Period}}}
	}
	return []Reply{reply}
}

// describeWarning writes a warning for the turn's reader (both languages
// when it is unknown).
func (b *Bot) describeWarning(t *turn, w payroll.Warning) string {
	if t.locale == "" {
		return DescribeWarning(b.cat, core.LocaleZH, w) + "\n" + DescribeWarning(b.cat, core.LocaleEN, w)
	}
	return DescribeWarning(b.cat, t.locale, w)
}

// approvePayroll is the Approve button of a run's review.
func (b *Bot) approvePayroll(ctx context.Context, t *turn, period string) ([]Reply, error) {
	return b.approve(ctx, t, period, "", true)
}

// approve approves a run. Refused for its blocking warnings, it says
// which and how to approve it anyway, leaving the review (and its button)
// as it was.
func (b *Bot) approve(ctx context.Context, t *turn, period, override string, pressed bool) ([]Reply, error) {
	run, err := b.cfg.Payroll.Approve(ctx, *t.member, period, t.channel(), override)
	var refused *payroll.RefusedError
	if errors.As(err, &refused) {
		lines := []string{b.T(t, "payroll.refused", "period", refused.Period)}
		for _, w := range refused.Blockers {
			lines = append(lines, b.describeWarning(t, w))
		}
		lines = append(lines, "", b.T(t, "payroll.refused_hint", "period", refused.Period))
		return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
	}
	if err != nil {
		return nil, err
	}
	gross, _, _, net := run.Totals()
	text := b.T(t, "payroll.approved_now", "period", run.Period, "count", strconv.Itoa(len(run.Slips)),
		"gross", payroll.Amount(gross), "net", payroll.Amount(net))
	if run.OverrideReason != "" {
		text += "\n" + b.T(t, "payroll.overridden", "reason", run.OverrideReason)
	}
	return []Reply{{Text: text, ReplaceMessage: pressed}}, nil
}

func (b *Bot) askAboutPayslip(ctx context.Context, t *turn, period string) ([]Reply, error) {
	if err := b.cfg.Payroll.AskAboutPayslip(ctx, *t.member, period); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "payslip.asked"), Ephemeral: true}}, nil
}

// payrollNotification writes the notices of payroll: a payslip, to its
// person; a question about one, to HR.
func (b *Bot) payrollNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	switch n.Kind {
	case core.NotifyPayslip:
		run, slip, err := b.cfg.Payroll.Payslip(ctx, *t.member, n.Params["period"])
		if err != nil {
			return nil
		}
		return []Reply{b.payslipReply(t, run, slip)}
	case core.NotifyPayslipAsked:
		return []Reply{{Text: b.T(t, "payroll.question", "name", n.Params["name"], "period", n.Params["period"])}}
	}
	return nil
}
