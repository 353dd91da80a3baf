package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
)

// PayrollFirstWagesDesk is HR's side of the first-wages rule (国家税务总局
// 公告2020年第13号): marking a person whose first wages of the year are
// here (/firstwages, 首次取薪). A PayrollDesk that is one too gets the
// command.
type PayrollFirstWagesDesk interface {
	FirstWagesOfYear(ctx context.Context, m core.Member, year int, key, channel string) ([]payroll.FirstWagesView, error)
	SetFirstWagesOfYear(ctx context.Context, m core.Member, key string, year int, on bool, channel string) (payroll.FirstWagesView, error)
}

// payroll.Service is the desk hrbot serve gives chat.
var _ PayrollFirstWagesDesk = (*payroll.Service)(nil)

func (b *Bot) payrollFirstWagesCommands() []command {
	if _, ok := b.cfg.Payroll.(PayrollFirstWagesDesk); !ok {
		return nil
	}
	return []command{
		{name: "firstwages", aliases: []string{"首次取薪", "首次工资", "first-wages"}, helpKey: "help.cmd.firstwages", staff: true, run: b.firstWagesCmd},
	}
}

// firstWagesWords are the settings /firstwages takes, in both languages.
var firstWagesWords = map[string]bool{
	"on": true, "yes": true, "开": true, "是": true, "适用": true,
	"off": false, "no": false, "关": false, "否": false, "不适用": false,
}

// firstWagesCmd: "/firstwages [YEAR]" lists who is marked; "/firstwages
// KEY [YEAR]" shows one person; "/firstwages KEY on|off [YEAR]" marks or
// unmarks them. The year is this one unless told.
func (b *Bot) firstWagesCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	desk := b.cfg.Payroll.(PayrollFirstWagesDesk)
	year, key := t.now.In(t.member.Org.Location()).Year(), ""
	var set *bool
	for _, f := range strings.Fields(args) {
		if n, err := strconv.Atoi(f); err == nil && len(f) == 4 {
			year = n
		} else if on, ok := firstWagesWords[strings.ToLower(f)]; ok && key != "" && set == nil {
			set = &on
		} else if key == "" {
			key = f
		} else {
			return nil, core.Errorf(core.EInvalid, "payroll.first_wages_usage", "write /firstwages PERSON on|off [YEAR]")
		}
	}
	if set != nil {
		v, err := desk.SetFirstWagesOfYear(ctx, *t.member, key, year, *set, t.channel())
		if err != nil {
			return nil, err
		}
		text := FirstWagesLine(b.translator(t), v) + "\n" + b.T(t, "payroll.first_wages.next_draft", "year", strconv.Itoa(year))
		return []Reply{{Text: text, Ephemeral: true}}, nil
	}
	vs, err := desk.FirstWagesOfYear(ctx, *t.member, year, key, t.channel())
	if err != nil {
		return nil, err
	}
	lines := []string{b.T(t, "payroll.first_wages.title", "year", strconv.Itoa(year))}
	for _, v := range vs {
		lines = append(lines, FirstWagesLine(b.translator(t), v))
	}
	if len(vs) == 0 {
		lines = append(lines, b.T(t, "payroll.first_wages.nobody"))
	}
	lines = append(lines, "", b.T(t, "payroll.first_wages.hint"))
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

// FirstWagesLine says whether a person is marked as having their first
// wages of the year here, and what that does; the console shows the same.
func FirstWagesLine(T func(key string, args ...string) string, v payroll.FirstWagesView) string {
	state := "off"
	if v.On {
		state = "on"
	}
	line := T("payroll.first_wages."+state, "name", v.Name, "person", v.Key, "year", strconv.Itoa(v.Year))
	if v.Labour {
		line += " " + T("payroll.first_wages.labour")
	}
	return line
}
