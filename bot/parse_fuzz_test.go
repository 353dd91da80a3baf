package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/core"
)

// Run one target for a while with, e.g.:
//
//	go test -run XXX -fuzz FuzzParseCommand -fuzztime 25s ./bot/

// The desks below only make New register every command, so that the
// parsers see the whole vocabulary. Parsing must never reach a desk: each
// embeds a nil interface, and calling any method panics.
type (
	parseOnlyBroadcasts struct{ Broadcaster }
	parseOnlyCover      struct{ CoverDesk }
	parseOnlyTraining   struct{ TrainingDesk }
	parseOnlyKnowledge  struct{ Knowledge }
	parseOnlyPayroll    struct{ PayrollDesk }
	parseOnlyReports    struct{ ReportDesk }
	parseOnlyOnboarding struct{ OnboardingDesk }
)

// parseOnlyBot is a Bot without stores: enough to call its parsers.
func parseOnlyBot() *Bot {
	return New(Config{Desks: Desks{
		Broadcasts: parseOnlyBroadcasts{}, Cover: parseOnlyCover{}, Training: parseOnlyTraining{},
		Knowledge: parseOnlyKnowledge{}, Payroll: parseOnlyPayroll{}, Reports: parseOnlyReports{},
		Onboarding: parseOnlyOnboarding{},
	}})
}

// fuzzWithin runs fn and fails when it has not returned after a generous
// while: a parser must never hang, whatever it is given.
func fuzzWithin(t *testing.T, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no answer after 10s")
	}
}

var commandSeeds = []string{
	"/help", "帮助", "菜单", "？", "/start ABC123", "/start@hrbot_test_bot", "/whoami", "我是谁", "/lang en", "语言 中文",
	"请假 年假 12月1日到3日 回老家", "leave annual dec 1-3", "/leave sick tomorrow afternoon", "请假 事假 明天 2小时 看病",
	"/balance", "假期余额", "/myleave", "谁请假", "打卡", "/checkin", "下班", "补卡 昨天 上班 8:55 忘记打卡",
	"/fix yesterday in 8:55 forgot", "/cover customer-service 12-01 9:00-18:00 2 double eleven",
	"求支援 客服 明天 9点到18点 2人 大促", "/cover why 12 li", "/quiz", "考试", "/skills", "/ask 年假有几天？",
	"年假怎么算？", "how many days of annual leave do I get?", "/payslip 2026-11", "工资条", "/report attendance last month",
	"报表 考勤 上个月", "/broadcast 明天放假", "/", "/@bot", "//x", "/LEAVE  annual\n dec 1", "help\nme", "\n/help",
	"hello there", "",
}

// FuzzParseCommand checks how a message is read as a command: a command
// has a lower-case name without spaces and trimmed arguments; a word
// without a slash counts only when it is a known command name or alias;
// and the command written back as "/name args" (or "/name@bot args") reads
// the same.
func FuzzParseCommand(f *testing.F) {
	for _, s := range commandSeeds {
		f.Add(s)
	}
	b := parseOnlyBot()
	f.Fuzz(func(t *testing.T, text string) {
		var name, args string
		var ok bool
		fuzzWithin(t, func() { name, args, ok = b.parseCommand(text) })
		if !ok {
			if name != "" {
				t.Fatalf("%q: not a command, yet named %q", text, name)
			}
			return
		}
		if name == "" || name != strings.ToLower(name) || strings.ContainsAny(name, " \n@") {
			t.Fatalf("%q: bad command name %q", text, name)
		}
		if args != strings.TrimSpace(args) {
			t.Fatalf("%q: args %q not trimmed", text, args)
		}
		if !strings.HasPrefix(text, "/") && b.byName[name] == nil {
			t.Fatalf("%q: free text read as the unknown command %q", text, name)
		}
		for _, typed := range []string{"/" + name + " " + args, "/" + name + "@hrbot_test_bot " + args} {
			n2, a2, ok2 := b.parseCommand(typed)
			if !ok2 || n2 != name || a2 != args {
				t.Fatalf("%q: %q %q written as %q reads back as %q %q %v", text, name, args, typed, n2, a2, ok2)
			}
		}
	})
}

// FuzzUnderstand checks how any message is read: a slash command is
// always its command, free text always gets an intent and no command, and
// nothing hangs or panics.
func FuzzUnderstand(f *testing.F) {
	for _, s := range commandSeeds {
		f.Add(s)
	}
	for _, s := range []string{"下班打卡", "这周谁请假了", "cancel my sick leave tomorrow", "I want to take tomorrow off", "👍", "公司有没有员工食堂"} {
		f.Add(s)
	}
	b := parseOnlyBot()
	v := intent.Vocab{LeaveTypes: []intent.LeaveType{{Key: "sick", Name: "病假 Sick leave", Kind: "sick"}},
		People: []intent.Named{{Key: "alice", Names: []string{"李爱丽 Alice Li"}}}, Jobs: []intent.Named{{Key: "customer-service", Names: []string{"客服"}}}}
	f.Fuzz(func(t *testing.T, text string) {
		var wish intent.Name
		var c *command
		fuzzWithin(t, func() { wish, c, _ = b.understand(text, v) })
		name, _, isCmd := b.parseCommand(strings.TrimSpace(text))
		switch {
		case isCmd && strings.HasPrefix(strings.TrimSpace(text), "/") && b.byName[name] != nil && c != b.byName[name]:
			t.Fatalf("%q: a slash command read as %v", text, wish)
		case c == nil && wish == "":
			t.Fatalf("%q: free text without an intent", text)
		}
	})
}

// FuzzParseCover checks how /cover reads "JOB DATE FROM-TO [PEOPLE]
// [REASON]" on any day: a request runs forward for at most a day in the
// org's time zone, for a job of the org's or the first word typed, with a
// count of people that is a plain number; a refusal is an EInvalid error
// the catalogue can word.
func FuzzParseCover(f *testing.F) {
	for _, s := range []string{
		"customer-service 12-01 9:00-18:00 2 double eleven", "客服 明天 9点到18点 2人 大促", "warehouse 周五 22:00-06:00 夜班",
		"ops 2026-12-01 8:55 to 17:30", "cs tomorrow 9am-6pm 3", "cs 12月1日 9:00-9:00", "cs 12-01 25:00-26:00",
		"cs 2月30日 9:00-18:00", "cs 12/01/2026 9:00-18:00", "cs", "", "cs 明天 下午", "cs 明天 9:00-18:00 99999999999999999999人",
		"customer service tomorrow 18:00-23:00", "customer  service\t后天 14:00-23:00 1",
	} {
		f.Add(s, int64(1795000000))
	}
	b := parseOnlyBot()
	fuzzJobs := core.Jobs{{Key: "customer-service", Names: map[core.Locale]string{core.LocaleEN: "customer service"}}, {Key: "ops"}}
	fuzzShifts := shiftsOf(testShifts)
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, args string, unix int64) {
		now := time.Unix(1_000_000_000+(unix%3_000_000_000+3_000_000_000)%3_000_000_000, 0) // 2001–2096
		tu := &turn{
			in:     Incoming{Platform: core.PlatformTelegram, ChatID: "1", UserID: "1", Text: "/cover " + args},
			member: &core.Member{Org: core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai"}},
			locale: core.LocaleEN, now: now,
		}
		var err error
		var job string
		var start, end time.Time
		var needed int
		fuzzWithin(t, func() {
			in, e := b.parseCover(tu, args, fuzzJobs, fuzzShifts)
			err, job, start, end, needed = e, in.Job, in.Start, in.End, in.Needed
		})
		if err != nil {
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || !b.cat.Has(e.Key) {
				t.Fatalf("%q: %v is not an EInvalid error with a catalogue key", args, err)
			}
			return
		}
		// The job is one of the org's, by key, or the first word typed
		// (refused by the caller as an unknown job).
		if _, known := fuzzJobs.Find(job); !known && (job == "" || job != strings.TrimPrefix(strings.Fields(args)[0], "/")) {
			t.Fatalf("%q: job %q", args, job)
		}
		if !end.After(start) || end.Sub(start) > 24*time.Hour || needed < 0 {
			t.Fatalf("%q: %s to %s for %d people", args, start, end, needed)
		}
		if start.Location().String() != sh.String() {
			t.Fatalf("%q: start %s not in the org's zone", args, start)
		}
	})
}
