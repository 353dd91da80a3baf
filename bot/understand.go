package bot

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
	"golang.org/x/sync/singleflight"
)

// commandIntents says what each command asks for, so a command and the
// same wish in free text end in the same place.
var commandIntents = map[string]intent.Name{
	"checkin": intent.CheckIn, "checkout": intent.CheckOut, "me": intent.Attendance, "fix": intent.Fix,
	"today": intent.Today, "pending": intent.Pending, "leave": intent.LeaveRequest, "balance": intent.LeaveBalance,
	"myleave": intent.LeaveMine, "whosoff": intent.WhosOff, "cover": intent.Cover, "payslip": intent.Payslip,
	"skills": intent.Skills, "quiz": intent.Quiz, "whois": intent.Whois, "help": intent.Help, "lang": intent.Lang,
	"report": intent.Report, "ask": intent.FAQ, "schedule": intent.Schedule, "whoami": intent.Whoami,
	"resign": intent.Resign, "broadcast": intent.Broadcast,
}

// understand names what a message asks for: the intent of the command it
// starts with, or what its free text says. c is the command when the
// message is one, with its arguments.
//
// A slash command is always the command. A command word typed without
// the slash gives way to a clearer wish in the whole message: "leave
// balance" asks for the balance, "cancel my leave" to cancel leave, "start
// the quiz" for the quiz (not an invite code), "leave policy for
// weddings?" the handbook. Nor does a command word followed by words
// the command does not take run it: "report a problem with my laptop".
func (b *Bot) understand(text string, v intent.Vocab) (name intent.Name, c *command, args string) {
	text = strings.TrimSpace(text)
	n, a, ok := b.parseCommand(text)
	if !ok || b.byName[n] == nil {
		return intent.Classify(text, v), nil, text
	}
	c = b.byName[n]
	name = commandIntents[c.name]
	// "/cover report 2026-11" is the cover report.
	if first, _, _ := strings.Cut(a, " "); c.name == "cover" && (strings.EqualFold(first, "report") || first == "报表") {
		name = intent.Report
	}
	if strings.HasPrefix(text, "/") || a == "" {
		return name, c, a
	}
	free := intent.Classify(text, v)
	// A command that knows its arguments decides: words it does not take
	// make the message free text ("report a problem with my laptop" tells
	// of a laptop, it does not ask for the managers' reports), words it
	// takes are its own ("报告 考勤 上个月" is the attendance report, not
	// one's own attendance).
	if c.takes != nil && !c.takes(a) {
		if free == name { // the command's own word is all that made it that
			free = intent.FAQ
		}
		return free, nil, text
	}
	if free != name && free != intent.FAQ && free != intent.Other && c.takes == nil {
		return free, nil, text
	}
	// A question that starts with a command word is a question: "leave
	// policy for weddings?" asks the handbook, it does not ask for leave;
	// nor is "help me find the wifi password" a request for the menu.
	if free == intent.FAQ && (intent.Asks(a) || name == intent.Help) {
		return free, nil, text
	}
	return name, c, a
}

// vocab gathers the words an org's people use for its leave types, jobs
// and colleagues.
func (b *Bot) vocab(ctx context.Context, m *core.Member) (intent.Vocab, error) {
	var v intent.Vocab
	if b.cfg.Leave != nil {
		setup, err := b.cfg.Leave.Setup(ctx, m.Org)
		if err != nil {
			return v, err
		}
		v.LeaveTypes = leaveVocab(setup.AvailableTypes(m.Employee))
	}
	known, err := b.colleagues.of(ctx, b.cfg.Directory, *m)
	if err != nil {
		return v, fmt.Errorf("vocabulary: %w", err)
	}
	people := known.people
	v.People, v.PeopleNames = known.vocab, known.names
	var jobs core.Jobs
	if b.cfg.Cover != nil {
		if jobs, err = b.cfg.Cover.Jobs(ctx, m.Org.ID); err != nil {
			return v, err
		}
	} else {
		jobs = jobsOf(people)
	}
	v.Jobs = b.jobsVocab(jobs)
	return v, nil
}

// jobsOf is the jobs people do, for an org whose jobs are not listed.
func jobsOf(people []core.Employee) core.Jobs {
	var out core.Jobs
	for _, e := range people {
		if _, seen := out.Find(e.Job); e.Job != "" && !seen {
			out = append(out, core.Job{Key: e.Job})
		}
	}
	return out
}

// leaveVocab names leave types, with the kind of leave each is.
func leaveVocab(types []leave.Type) []intent.LeaveType {
	out := make([]intent.LeaveType, 0, len(types))
	for _, t := range types {
		kind := t.Key
		switch t.Accrual {
		case leave.AccrualStatutoryCN:
			kind = "annual"
		case leave.AccrualRestDayOvertime:
			kind = "comp"
		}
		out = append(out, intent.LeaveType{Key: t.Key, Name: t.Name, Aliases: t.Aliases, Kind: kind})
	}
	return out
}

func peopleVocab(people []core.Employee) []intent.Named {
	out := make([]intent.Named, 0, len(people))
	for _, e := range people {
		out = append(out, intent.Named{Key: e.Key, Names: []string{e.Name}})
	}
	return out
}

// jobsVocab names an org's jobs for reading free text: by key, every name
// and alias, the catalogue's names for the same key (客服, customer
// service), and the initials of a name of several words (customer service
// is CS).
func (b *Bot) jobsVocab(jobs core.Jobs) []intent.Named {
	builtin := b.builtinJobs()
	out := make([]intent.Named, 0, len(jobs))
	for _, j := range jobs {
		names := append([]string{strings.ReplaceAll(j.Key, "-", " ")}, j.Aliases...)
		for _, n := range j.Names {
			names = append(names, n)
		}
		if bj, ok := builtin.Find(j.Key); ok {
			for _, n := range bj.Names {
				names = append(names, n)
			}
		}
		for _, n := range names {
			if words := strings.Fields(n); len(words) > 1 && isLatin(n) {
				var initials string
				for _, w := range words {
					initials += w[:1]
				}
				names = append(names, initials)
			}
		}
		out = append(out, intent.Named{Key: j.Key, Names: names})
	}
	return out
}

func isLatin(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// vocabOf is the vocabulary of the turn's member, read once per turn.
func (b *Bot) vocabOf(ctx context.Context, t *turn) (intent.Vocab, error) {
	if p := t.prepared; p != nil && p.vocab != nil && p.employeeID == t.member.Employee.ID {
		return *p.vocab, nil
	}
	return b.vocab(ctx, t.member)
}

// act does what free text asks, with the handler of the command for the
// same wish, so "下班打卡" and "/checkout" answer alike.
func (b *Bot) act(ctx context.Context, t *turn, wish intent.Name, text string, v intent.Vocab) ([]Reply, error) {
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	switch wish {
	case intent.FAQ:
		if b.cfg.Knowledge == nil {
			return []Reply{{Text: b.T(t, "unknown.text")}}, nil
		}
		return b.answerQuestion(ctx, t, text)
	case intent.Other:
		return b.smallTalk(t, text), nil
	case intent.LeaveCancel:
		return b.cancelLeaveText(ctx, t, text, v)
	}
	c := b.commandFor(wish)
	if c == nil {
		if wish == intent.Schedule && b.cfg.Attendance != nil {
			return b.weekPlan(ctx, t, "")
		}
		return []Reply{{Text: b.T(t, "unknown.text")}}, nil
	}
	t.command = c.name
	args := ""
	switch wish {
	case intent.LeaveRequest, intent.Fix, intent.Cover, intent.WhosOff, intent.Schedule, intent.LeaveBalance:
		args = text
	case intent.Attendance, intent.Payslip:
		if m, ok := intent.Month(text, today); ok {
			args = fmt.Sprintf("%04d-%02d", m.Year, m.Month)
		}
	case intent.Whois:
		args = text
		if key, ok := intent.FindPerson(text, v); ok {
			args = key
		}
	case intent.Report:
		args = reportWords(text)
	case intent.Broadcast:
		args = string(core.AudienceEveryone) + " " + intent.BroadcastText(text)
	case intent.Lang:
		s := strings.ToLower(text)
		switch {
		case strings.Contains(s, "english") || strings.Contains(s, "英文") || strings.Contains(s, "英语"):
			args = string(core.LocaleEN)
		case strings.Contains(s, "chinese") || strings.Contains(s, "中文") || strings.Contains(s, "mandarin"):
			args = string(core.LocaleZH)
		}
	}
	return c.run(ctx, t, args)
}

// reportKinds and reportPeriods are the words of a report asked for in a
// sentence ("这个月谁迟到最多", "上周考勤汇总"), as /report reads them.
var (
	reportKinds = []struct{ word, kind string }{
		{"考勤", "attendance"}, {"出勤", "attendance"}, {"迟到", "attendance"}, {"缺勤", "attendance"}, {"attendance", "attendance"},
		{"late", "attendance"}, {"absent", "attendance"}, {"请假", "leave"}, {"假期", "leave"}, {"leave", "leave"}, {"off", "leave"},
		{"顶班", "cover"}, {"支援", "cover"}, {"cover", "cover"}, {"离职", "turnover"}, {"流失", "turnover"}, {"turnover", "turnover"},
		{"培训", "training"}, {"training", "training"}, {"招聘", "recruiting"}, {"hiring", "recruiting"}, {"绩效", "performance"},
		{"performance", "performance"},
	}
	reportPeriods = []struct{ word, period string }{
		{"上个月", "last month"}, {"上月", "last month"}, {"last month", "last month"}, {"上周", "last week"}, {"last week", "last week"},
		{"本周", "week"}, {"这周", "week"}, {"this week", "week"}, {"本月", "month"}, {"这个月", "month"}, {"this month", "month"},
	}
)

// reportWords is "KIND PERIOD" for /report from a sentence that asks for a
// report, or "" (the menu) when it names no kind.
func reportWords(text string) string {
	// An English word counts whole ("off" is not "office").
	s := " " + strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ") + " "
	has := func(w string) bool {
		if w[0] < utf8.RuneSelf {
			return strings.Contains(s, " "+w+" ")
		}
		return strings.Contains(s, w)
	}
	kind := ""
	for _, k := range reportKinds {
		if has(k.word) {
			kind = k.kind
			break
		}
	}
	if kind == "" {
		return ""
	}
	for _, p := range reportPeriods {
		if has(p.word) {
			return kind + " " + p.period
		}
	}
	return kind
}

// commandFor returns the command that answers a wish, nil when none is
// switched on.
func (b *Bot) commandFor(wish intent.Name) *command {
	for i := range b.commands {
		if c := &b.commands[i]; commandIntents[c.name] == wish {
			return c
		}
	}
	return nil
}

var reThanks = regexp.MustCompile(`(?i)谢|感谢|辛苦|\bthank|\bthx\b|\bty\b|🙏`)
var reGreeting = regexp.MustCompile(`(?i)你好|您好|早上好|早安|嗨|\bhi\b|\bhello\b|\bhey\b|\bgood (?:morning|afternoon|evening)\b|\bmorning\b`)

// smallTalk answers pleasantries as a colleague would, and anything else
// it could not read with a pointer to /help.
func (b *Bot) smallTalk(t *turn, text string) []Reply {
	switch {
	case reThanks.MatchString(text):
		return []Reply{{Text: b.T(t, "smalltalk.thanks")}}
	case reGreeting.MatchString(text):
		return []Reply{{Text: b.T(t, "smalltalk.hello", "name", core.NameIn(t.member.Employee.Name, t.locale))}}
	case intent.IsSmallTalk(text):
		return []Reply{{Text: b.T(t, "smalltalk.ok")}}
	}
	return []Reply{{Text: b.T(t, "unknown.text")}}
}

// colleagueCache keeps each org's active people for reading names in free
// text, by the org's config version: people join, change and leave only
// through an applied org file, which bumps the version. Without it every
// message typed in words read the whole staff list.
type colleagueCache struct {
	mu    sync.Mutex
	byOrg map[int64]colleagues
	// loads makes the messages that find an org's list missing wait for
	// one read of it: at a morning's first burst every one of them would
	// otherwise read the whole staff list at once (64 readings of 10,000
	// people were most of the mixed load's peak memory).
	loads singleflight.Group
}

type colleagues struct {
	version int64
	people  []core.Employee
	// vocab and names are their names for reading them in text, made
	// once: an org of 10,000 people would otherwise allocate a megabyte
	// for every message typed in words.
	vocab []intent.Named
	names *intent.Names
}

// of returns m's org's people as of its current config version, with their
// names prepared for intent.FindPerson. Callers must not change them.
func (c *colleagueCache) of(ctx context.Context, dir *core.Directory, m core.Member) (colleagues, error) {
	if got, ok := c.cached(m.Org); ok {
		return got, nil
	}
	key := strconv.FormatInt(m.Org.ID, 10) + "@" + strconv.FormatInt(m.Org.ConfigVersion, 10)
	v, err, _ := c.loads.Do(key, func() (any, error) {
		// A read that ended between this message's look above and its
		// joining the flight has stored the list already: take it. The
		// list is stored before the flight ends for the same reason.
		if got, ok := c.cached(m.Org); ok {
			return got, nil
		}
		// Read for all who wait: one of them going away does not end it.
		people, err := dir.Colleagues(context.WithoutCancel(ctx), m)
		if err != nil {
			return colleagues{}, err
		}
		vocab := peopleVocab(people)
		got := colleagues{version: m.Org.ConfigVersion, people: people, vocab: vocab, names: intent.NewNames(vocab)}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.byOrg == nil {
			c.byOrg = map[int64]colleagues{}
		}
		if cur, ok := c.byOrg[m.Org.ID]; !ok || cur.version <= m.Org.ConfigVersion {
			c.byOrg[m.Org.ID] = got
		}
		return got, nil
	})
	if err != nil {
		return colleagues{}, err
	}
	return v.(colleagues), nil
}

// cached is the org's list when it is kept for the org's config version.
func (c *colleagueCache) cached(o core.Org) (colleagues, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	got, ok := c.byOrg[o.ID]
	return got, ok && got.version == o.ConfigVersion
}
