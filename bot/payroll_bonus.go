package bot

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// PayrollTaxDesk is HR's side of China's tax rules beyond the monthly
// wage: year-end bonuses (/bonus, 年终奖) and the 60,000 rule (/sixty,
// 六万). A PayrollDesk that is one too gets those commands.
type PayrollTaxDesk interface {
	SetYearEndBonus(ctx context.Context, m core.Member, key, period string, b pay.YearEndBonus, channel string) (payroll.BonusView, error)
	RemoveYearEndBonus(ctx context.Context, m core.Member, key, period, channel string) (payroll.BonusView, error)
	YearEndBonuses(ctx context.Context, m core.Member, period, channel string) ([]payroll.BonusView, error)
	SixtyRule(ctx context.Context, m core.Member, year int, key, channel string) ([]payroll.SixtyView, error)
	SetSixtyRule(ctx context.Context, m core.Member, key string, year int, applies *bool, channel string) (payroll.SixtyView, error)
}

// payroll.Service is the desk hrbot serve gives chat.
var _ PayrollTaxDesk = (*payroll.Service)(nil)

func (b *Bot) payrollTaxCommands() []command {
	if _, ok := b.cfg.Payroll.(PayrollTaxDesk); !ok {
		return nil
	}
	return []command{
		{name: "bonus", aliases: []string{"年终奖", "全年一次性奖金"}, helpKey: "help.cmd.bonus", staff: true, run: b.bonusCmd},
		{name: "sixty", aliases: []string{"六万", "6万"}, helpKey: "help.cmd.sixty", staff: true, run: b.sixtyCmd},
	}
}

func (b *Bot) payrollTaxActions() map[string]actionHandler {
	if _, ok := b.cfg.Payroll.(PayrollTaxDesk); !ok {
		return nil
	}
	return map[string]actionHandler{"payroll.bonus_remove": {run: b.removeBonusPressed}}
}

var periodWord = regexp.MustCompile(`^\d{4}-\d{2}$`)

// bonusWords are the ways chat writes a bonus method or its removal, in
// both languages, beyond payroll.ParseBonusMethod's.
var bonusWords = map[string]string{
	"单独": pay.BonusSeparate, "分开": pay.BonusSeparate, "合并": pay.BonusCombined, "并入": pay.BonusCombined, "并入工资": pay.BonusCombined,
	"remove": "remove", "delete": "remove", "删除": "remove", "撤销": "remove",
}

// bonusArgs is what /bonus was told.
type bonusArgs struct {
	key, period, method string
	amount              *decimal.Decimal
	remove              bool
}

// parseBonusArgs reads "[KEY] [AMOUNT] [METHOD|remove] [YYYY-MM]" in any
// order after the key.
func parseBonusArgs(args string) (bonusArgs, error) {
	var a bonusArgs
	for i, f := range strings.Fields(args) {
		w := strings.ToLower(f)
		if m, ok := bonusWords[w]; ok {
			w = m
		}
		switch {
		case periodWord.MatchString(w):
			a.period = w
		case w == "remove":
			a.remove = true
		case i > 0 && a.method == "" && isMethod(w):
			a.method, _ = payroll.ParseBonusMethod(w)
		case i > 0 && a.amount == nil:
			n, ok := parseYuan(w)
			if !ok {
				return a, core.Errorf(core.EInvalid, "payroll.bonus_usage", "write /bonus PERSON AMOUNT [separate|combined] [YYYY-MM]")
			}
			a.amount = &n
		case i == 0:
			a.key = f
		default:
			return a, core.Errorf(core.EInvalid, "payroll.bonus_usage", "write /bonus PERSON AMOUNT [separate|combined] [YYYY-MM]")
		}
	}
	return a, nil
}

// parseYuan reads an amount of yuan as HR types it in chat: 36000,
// 36,000, ¥36000, 36000元, and in ten thousands or thousands — 3.6万,
// 五万, 八千, 3.6w — as Chinese writes money.
func parseYuan(w string) (decimal.Decimal, bool) {
	w = strings.NewReplacer(",", "", "，", "", "元", "", "块", "", "¥", "", "￥", "").Replace(w)
	unit := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"万", 10_000}, {"w", 10_000}, {"千", 1_000}, {"k", 1_000}} {
		if m, ok := strings.CutSuffix(w, u.suffix); ok && m != "" {
			w, unit = m, u.n
			break
		}
	}
	if n, err := decimal.NewFromString(w); err == nil {
		return n.Mul(decimal.NewFromInt(unit)), true
	}
	// Chinese numerals only with a unit: 五万, not 五.
	if n, ok := when.ChineseNumber(w); ok && unit > 1 {
		return decimal.NewFromInt(int64(n) * unit), true
	}
	return decimal.Decimal{}, false
}

func isMethod(w string) bool {
	_, err := payroll.ParseBonusMethod(w)
	return err == nil && w != ""
}

// bonusCmd: "/bonus [YYYY-MM]" lists a month's year-end bonuses; "/bonus
// KEY AMOUNT [separate|combined] [YYYY-MM]" records one (again replaces
// it); "/bonus KEY remove [YYYY-MM]" removes it. The month is last month
// unless told.
func (b *Bot) bonusCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	desk := b.cfg.Payroll.(PayrollTaxDesk)
	a, err := parseBonusArgs(args)
	if err != nil {
		return nil, err
	}
	period := b.period(t, a.period)
	switch {
	case a.remove && a.key != "":
		v, err := desk.RemoveYearEndBonus(ctx, *t.member, a.key, period, t.channel())
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: b.bonusRemovedText(t, v), Ephemeral: true}}, nil
	case a.amount != nil:
		v, err := desk.SetYearEndBonus(ctx, *t.member, a.key, period, pay.YearEndBonus{Amount: *a.amount, Method: a.method}, t.channel())
		if err != nil {
			return nil, err
		}
		return []Reply{b.bonusReply(t, v)}, nil
	}
	vs, err := desk.YearEndBonuses(ctx, *t.member, period, t.channel())
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, v := range vs {
		if a.key == "" || v.Key == a.key {
			lines = append(lines, BonusLines(b.translator(t), v)...)
			lines = append(lines, "")
		}
	}
	if len(lines) == 0 {
		return []Reply{{Text: b.T(t, "payroll.bonus.none", "period", period), Ephemeral: true}}, nil
	}
	return []Reply{{Text: strings.TrimSpace(strings.Join(lines, "\n")), Ephemeral: true}}, nil
}

// translator is b.T for t, as the shared text functions take it.
func (b *Bot) translator(t *turn) func(key string, args ...string) string {
	return func(key string, args ...string) string { return b.T(t, key, args...) }
}

// bonusReply is a bonus just recorded, worked out, with a button to
// remove it.
func (b *Bot) bonusReply(t *turn, v payroll.BonusView) Reply {
	lines := BonusLines(b.translator(t), v)
	lines = append(lines, b.bonusRunLine(t, v))
	return Reply{Text: strings.Join(lines, "\n"), Ephemeral: true, Buttons: [][]Button{{{
		Label: b.T(t, "payroll.bonus.remove"), ActionID: "payroll.bonus_remove", Value: v.Key + " " + v.Period}}}}
}

func (b *Bot) bonusRemovedText(t *turn, v payroll.BonusView) string {
	return b.T(t, "payroll.bonus.removed", "name", v.Name, "person", v.Key, "period", v.Period) + "\n" + b.bonusRunLine(t, v)
}

// bonusRunLine says where the period's run stands with the change.
func (b *Bot) bonusRunLine(t *turn, v payroll.BonusView) string {
	if v.Redrafted {
		return b.T(t, "payroll.bonus.redrafted", "period", v.Period)
	}
	return b.T(t, "payroll.bonus.draft_it", "period", v.Period)
}

// removeBonusPressed is the Remove button under a recorded bonus.
func (b *Bot) removeBonusPressed(ctx context.Context, t *turn, value string) ([]Reply, error) {
	key, period, _ := strings.Cut(value, " ")
	v, err := b.cfg.Payroll.(PayrollTaxDesk).RemoveYearEndBonus(ctx, *t.member, key, period, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.bonusRemovedText(t, v), ReplaceMessage: true}}, nil
}

// BonusLines describes a year-end bonus in the reader's words (T): the
// amount and method asked for, its tax on its own, the month's tax either
// way and which is lower, and the dead zone it falls in. The console
// shows the same lines.
func BonusLines(T func(key string, args ...string) string, v payroll.BonusView) []string {
	amount := payroll.Amount(v.Bonus.Amount)
	bt := v.Separate
	lines := []string{
		T("payroll.bonus.title", "name", v.Name, "person", v.Key, "period", v.Period, "amount", amount,
			"method", T("payroll.bonus_method."+v.Bonus.Method)),
		T("payroll.cli.bonus_tax", "bonus", bt.Bonus.StringFixed(2), "monthly", bt.Monthly.StringFixed(2), "rate", percent(bt.Rate.String()),
			"quick_deduction", bt.QuickDeduction.StringFixed(2), "tax", bt.Tax.StringFixed(2), "net", bt.Bonus.Sub(bt.Tax).StringFixed(2)),
	}
	if v.SeparateTax != "" && v.CombinedTax != "" {
		lower := T("payroll.bonus.lower_equal")
		if l := v.Lower(); l != "" {
			lower = T("payroll.bonus.lower", "method", T("payroll.bonus_method."+l))
		}
		lines = append(lines, T("payroll.bonus.compare", "separate_tax", v.SeparateTax, "combined_tax", v.CombinedTax, "lower", lower))
	} else {
		lines = append(lines, T("payroll.bonus.no_compare"))
	}
	if v.Taxed != "" {
		lines = append(lines, T("payroll.bonus.taxed."+v.ChosenBy, "method", T("payroll.bonus_method."+v.Taxed)))
	}
	if z := v.DeadZone; z != nil {
		lines = append(lines, T("payroll.bonus.dead", "amount", amount, "threshold", payroll.Amount(z.Threshold),
			"dead_to", payroll.Amount(z.To), "jump", payroll.Amount(z.Jump)))
	}
	return lines
}

// sixtyWords are the settings /sixty takes, in both languages.
var sixtyWords = map[string]string{
	"on": "on", "yes": "on", "开": "on", "是": "on", "适用": "on",
	"off": "off", "no": "off", "关": "off", "否": "off", "不适用": "off",
	"auto": "auto", "clear": "auto", "自动": "auto",
}

// sixtyCmd: "/sixty [YEAR]" lists who is under the 60,000 rule; "/sixty
// KEY [YEAR]" shows one person; "/sixty KEY on|off|auto [YEAR]" sets it
// (auto: hrbot's records decide). The year is this one unless told.
func (b *Bot) sixtyCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	desk := b.cfg.Payroll.(PayrollTaxDesk)
	key, year, set, ok := yearMarkArgs(args, sixtyWords, t.now.In(t.member.Org.Location()).Year())
	if !ok {
		return nil, core.Errorf(core.EInvalid, "payroll.sixty_usage", "write /sixty PERSON on|off|auto [YEAR]")
	}
	if set != "" {
		var applies *bool
		if set != "auto" {
			v := set == "on"
			applies = &v
		}
		v, err := desk.SetSixtyRule(ctx, *t.member, key, year, applies, t.channel())
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: SixtyLine(b.translator(t), v), Ephemeral: true}}, nil
	}
	vs, err := desk.SixtyRule(ctx, *t.member, year, key, t.channel())
	if err != nil {
		return nil, err
	}
	return yearMarkList(b, t, "payroll.sixty", year, vs, SixtyLine), nil
}

// SixtyLine says whether the 60,000 rule applies to a person in a year
// and why: HR set it, or hrbot's records.
func SixtyLine(T func(key string, args ...string) string, v payroll.SixtyView) string {
	state, why := "off", "auto"
	if v.Applies {
		state = "on"
	}
	if v.Set != nil {
		why = "set"
	}
	return T("payroll.sixty."+state+"."+why, "name", v.Name, "person", v.Key, "year", strconv.Itoa(v.Year))
}
