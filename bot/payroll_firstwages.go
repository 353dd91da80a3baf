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
var firstWagesWords = map[string]string{
	"on": "on", "yes": "on", "开": "on", "是": "on", "适用": "on",
	"off": "off", "no": "off", "关": "off", "否": "off", "不适用": "off",
}

// firstWagesCmd: "/firstwages [YEAR]" lists who is marked; "/firstwages
// KEY [YEAR]" shows one person; "/firstwages KEY on|off [YEAR]" marks or
// unmarks them. The year is this one unless told.
func (b *Bot) firstWagesCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	desk := b.cfg.Payroll.(PayrollFirstWagesDesk)
	key, year, set, ok := yearMarkArgs(args, firstWagesWords, t.now.In(t.member.Org.Location()).Year())
	if !ok {
		return nil, core.Errorf(core.EInvalid, "payroll.first_wages_usage", "write /firstwages PERSON on|off [YEAR]")
	}
	if set != "" {
		v, err := desk.SetFirstWagesOfYear(ctx, *t.member, key, year, set == "on", t.channel())
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
	return yearMarkList(b, t, "payroll.first_wages", year, vs, FirstWagesLine), nil
}

// yearMarkArgs reads the "[KEY [SETTING]] [YEAR]" of /sixty and
// /firstwages: the year (year unless told) is a four-digit number after
// the key, or the last word when it reads as a year of this century; the
// first other word is the person's key (so a shop whose keys are staff
// numbers writes "/sixty 1024 2026"), and a word of words after it the
// setting (words' value; "" when none). ok is false when a word is left.
func yearMarkArgs(args string, words map[string]string, year int) (key string, y int, set string, ok bool) {
	fields := strings.Fields(args)
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		isYear := err == nil && len(f) == 4 && (key != "" || i == len(fields)-1 && n >= 2000 && n < 2100)
		if isYear {
			year = n
		} else if s, ok := words[strings.ToLower(f)]; ok && key != "" && set == "" {
			set = s
		} else if key == "" {
			key = f
		} else {
			return "", 0, "", false
		}
	}
	return key, year, set, true
}

// yearMarkList is the reply listing a year's marks: prefix's title, a line
// per person (or prefix's nobody) and prefix's hint.
func yearMarkList[V any](b *Bot, t *turn, prefix string, year int, vs []V, line func(func(string, ...string) string, V) string) []Reply {
	lines := []string{b.T(t, prefix+".title", "year", strconv.Itoa(year))}
	for _, v := range vs {
		lines = append(lines, line(b.translator(t), v))
	}
	if len(vs) == 0 {
		lines = append(lines, b.T(t, prefix+".nobody"))
	}
	lines = append(lines, "", b.T(t, prefix+".hint"))
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}
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
