package intent

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
)

// findNamed finds the first of the named things s mentions, by the longest
// name at that place, and the byte range of the name.
func findNamed(s string, list []Named) (string, [2]int) {
	return NewNames(list).find(s)
}

// Names are named things prepared for finding them in text: every name
// and part of a name, longest first. Preparing them is most of the work
// of finding one, so a list that does not change between messages (an
// org's people, until its next setup) is prepared once (Vocab.PeopleNames).
type Names struct {
	cands []nameCand
}

type nameCand struct {
	key  string
	name string
}

// NewNames prepares list.
func NewNames(list []Named) *Names {
	var cands []nameCand
	for _, n := range list {
		for _, name := range append([]string{n.Key}, n.Names...) {
			for _, part := range append([]string{name}, nameParts(name)...) {
				part = strings.ToLower(strings.TrimSpace(part))
				if len([]rune(part)) >= 2 {
					cands = append(cands, nameCand{n.Key, part})
				}
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return len(cands[i].name) > len(cands[j].name) })
	return &Names{cands: cands}
}

// find finds the first of the names s mentions, by the longest name at
// that place, and the byte range of the name.
func (n *Names) find(s string) (string, [2]int) {
	key, at := "", [2]int{-1, -1}
	ls := strings.ToLower(s)
	for _, c := range n.cands {
		start, end := findWord(ls, c.name)
		if start < 0 {
			continue
		}
		if at[0] < 0 || start < at[0] {
			key, at = c.key, [2]int{start, end}
		}
	}
	return key, at
}

// FindPerson returns the key of the person text names: by key, full name
// in either language, or English first name.
func FindPerson(text string, v Vocab) (string, bool) {
	names := v.PeopleNames
	if names == nil {
		names = NewNames(v.People)
	}
	key, at := names.find(fold(text))
	return key, at[0] >= 0
}

// FindJob returns the key of the job text names (its key, a name, an
// alias, or a shift of it), and the text without that word.
func FindJob(text string, v Vocab) (string, string, bool) {
	s := fold(text)
	key, at := findNamed(s, v.Jobs)
	if at[0] < 0 {
		return "", s, false
	}
	return key, strings.TrimSpace(s[:at[0]] + " " + s[at[1]:]), true
}

// Span reads the dates a message speaks of ("这周", "next monday",
// "12月24日"), for who is off, schedules and cancellations.
func Span(text string, today core.Date, dir when.Direction) (when.Span, bool, error) {
	span, _, found, err := when.FindSpan(fold(text), today, dir)
	return span, found, err
}

var (
	reMonthISO = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})\b`)
	reMonthZH  = regexp.MustCompile(`(?:(\d{4})年)?(\d{1,2})月`)
	reMonthEN  = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+(\d{4}))?\b`)
	reMonthRel = regexp.MustCompile(`(?i)上个?月|上月|\blast month\b|\bprevious month\b|本月|这个?月|\bthis month\b|下个?月|\bnext month\b`)
)

// Month reads the month a message asks about ("2026-11", "11月", "last
// month", "october"): a month without a year is the last one that has
// begun. ok is false when none is named.
func Month(text string, today core.Date) (core.Date, bool) {
	s := fold(text)
	this := today.MonthStart()
	pick := func(year, month int) (core.Date, bool) {
		if month < 1 || month > 12 {
			return core.Date{}, false
		}
		if year == 0 {
			year = this.Year
			if time.Month(month) > this.Month {
				year--
			}
		}
		return core.NewDate(year, time.Month(month), 1), true
	}
	if m := reMonthISO.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return pick(y, mo)
	}
	if m := reMonthRel.FindString(s); m != "" {
		switch m = strings.ToLower(m); {
		case strings.Contains(m, "上") || strings.Contains(m, "last") || strings.Contains(m, "previous"):
			return core.NewDate(this.Year, this.Month-1, 1), true
		case strings.Contains(m, "下") || strings.Contains(m, "next"):
			return core.NewDate(this.Year, this.Month+1, 1), true
		}
		return this, true
	}
	if m := reMonthZH.FindStringSubmatch(s); m != nil && !strings.Contains(s[strings.Index(s, m[0])+len(m[0]):], "日") {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return pick(y, mo)
	}
	if m := reMonthEN.FindStringSubmatch(s); m != nil && !(strings.EqualFold(m[1], "may") && m[0] == m[1] && !strings.Contains(strings.ToLower(s), "in may")) {
		y, _ := strconv.Atoi(m[2])
		months := "janfebmaraprmayjunjulaugsepoctnovdec"
		return pick(y, strings.Index(months, strings.ToLower(m[1]))/3+1)
	}
	return core.Date{}, false
}

// Punch says which punch a correction is for.
type Punch string

// Punches.
const (
	PunchIn  Punch = "in"
	PunchOut Punch = "out"
)

// FixAsk is what a punch correction says.
type FixAsk struct {
	Date    core.Date
	HasDate bool
	// Range is set when the text names several days (a correction is for
	// one); Date is then the first.
	Range   bool
	Punch   Punch // "" when not said
	Minute  int   // minutes after midnight, with HasTime
	HasTime bool
	Reason  string
}

var (
	rePunchOut = pattern(`(?i)下班卡|下夜班|下班|签退|走的|\b(?:clock(?:ed|ing)?|check(?:ed|ing)?|punch(?:ed|ing)?)[ -]?out\b|\bcheckout\b|\bout\b|\bleft\b`)
	rePunchIn  = pattern(`(?i)上班卡|上班|签到|到岗|就到了|到的|来的|\b(?:clock(?:ed|ing)?|check(?:ed|ing)?|punch(?:ed|ing)?)[ -]?in\b|\bcheckin\b|\bin\b|\barrived\b`)
	// A time written as on a 24-hour clock ("06:00", "18:30") means what it says.
	reClock24   = regexp.MustCompile(`\b(?:0\d|1\d|2[0-4])[:：]\d{2}\b`)
	reAMMarker  = regexp.MustCompile(`(?i)上午|早上|凌晨|\bam\b|a\.m\.`)
	fixFillers  = fillers{zh: append([]string{"补卡申请", "补卡", "补个卡", "补一下", "没打上卡", "没打上", "没打卡", "补", "申请", "的"}, leaveFillers.zh...), en: append([]string{"fix", "my", "punch", "correct", "correction", "missed", "was", "there", "time"}, leaveFillers.en...)}
	reFixLeadIn = pattern(`(?i)^\s*(?:/fix|fix|补卡申请|申请补卡|补卡)\b?`)
)

// ParseFix reads a punch correction: which day (in the past), which punch,
// what time, why. known is the punch already said earlier in a dialog. A
// check-out written without am/pm on a 12-hour clock ("下班 6点半") is
// read as the afternoon.
func ParseFix(text string, known Punch, today core.Date) (FixAsk, error) {
	var f FixAsk
	s := fold(text)
	s = reFixLeadIn.ReplaceAllString(s, " ")
	span, rest, found, err := when.FindSpan(s, today, when.Past)
	if err != nil {
		return f, err
	}
	if found {
		f.Date, f.HasDate, f.Range, s = span.From, true, span.To != span.From, rest
	}
	minute, rest, found, err := when.FindTime(s)
	if err != nil {
		return f, err
	}
	if found {
		f.Minute, f.HasTime, s = minute, true, rest
	}
	if m := firstOf(s, rePunchOut, rePunchIn); m.re != nil {
		f.Punch = PunchIn
		if m.re == rePunchOut {
			f.Punch = PunchOut
		}
		s = s[:m.at[0]] + " " + s[m.at[1]:]
	}
	punch := f.Punch
	if punch == "" {
		punch = known
	}
	if punch == PunchOut && f.HasTime && f.Minute < 12*60 && f.Minute >= 60 &&
		!reAMMarker.MatchString(text) && !reClock24.MatchString(fold(text)) {
		f.Minute += 12 * 60
	}
	f.Reason = reason(s, fixFillers)
	return f, nil
}

type match struct {
	re *regexp.Regexp
	at [2]int
}

// firstOf finds the earliest match of any of the patterns.
func firstOf(s string, res ...*regexp.Regexp) match {
	var best match
	for _, re := range res {
		if m := re.FindStringIndex(s); m != nil && (best.re == nil || m[0] < best.at[0]) {
			best = match{re, [2]int{m[0], m[1]}}
		}
	}
	return best
}

// CoverAsk is what a request for cover says.
type CoverAsk struct {
	Job     string // job key, "" when not found
	JobText string // the word that named it
	Date    core.Date
	HasDate bool
	Clock   when.Clock
	HasTime bool
	Count   int // people needed; 0 when not said
	Reason  string
}

var (
	reCount      = pattern(`(?i)(?:找|缺|需要|要|need|needs|needed)?\s*(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|名|位)?\s*(?:人|people|persons?|ppl|colleagues?|extra hands|hands)\b?|(?:need|needs|缺|需要|找)\s*(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|名|位)?`)
	reBareNumber = pattern(`(?:^|\s)(\d{1,2})(?:\s|$|,)`)
	coverFillers = fillers{
		zh: append([]string{"求支援", "发起顶班", "顶班", "找人顶上", "找人顶", "找人", "支援", "帮忙顶", "顶一下", "顶上", "顶", "缺人", "缺", "需要", "发起", "早班", "晚班", "夜班", "班", "这边", "帮忙"}, leaveFillers.zh...),
		en: append([]string{"cover", "covered", "needed", "need", "people", "person", "someone", "can", "shift", "night", "morning", "evening", "request", "from", "find", "you"}, leaveFillers.en...),
	}
	reCoverLeadIn = pattern(`(?i)^\s*/?(?:cover|求支援|支援)\b?`)
)

// ParseCover reads a request for cover: the job, the day (to come), the
// hours, how many people, why.
func ParseCover(text string, v Vocab, today core.Date) (CoverAsk, error) {
	var c CoverAsk
	s := reCoverLeadIn.ReplaceAllString(fold(text), " ")
	if key, at := findNamed(s, v.Jobs); at[0] >= 0 {
		c.Job, c.JobText = key, s[at[0]:at[1]]
		s = s[:at[0]] + " " + s[at[1]:]
	}
	clock, rest, found, err := when.FindClock(s)
	if err != nil {
		return c, err
	}
	if found {
		c.Clock, c.HasTime, s = clock, true, rest
	}
	span, rest, found, err := when.FindSpan(s, today, when.Future)
	if err != nil {
		return c, err
	}
	if found {
		c.Date, c.HasDate, s = span.From, true, rest
	}
	if m := reCount.FindStringSubmatchIndex(s); m != nil {
		n := group(s, m, 1)
		if n == "" {
			n = group(s, m, 2)
		}
		if c.Count, err = strconv.Atoi(n); err != nil {
			c.Count = chineseDigit(n)
		}
		s = s[:m[0]] + " " + s[m[1]:]
	} else if m := reBareNumber.FindStringSubmatchIndex(s); m != nil {
		c.Count, _ = strconv.Atoi(s[m[2]:m[3]])
		s = s[:m[2]] + " " + s[m[3]:]
	}
	c.Reason = reason(s, coverFillers)
	return c, nil
}

// chineseDigit reads one to ten written in Chinese; 0 for anything else.
func chineseDigit(s string) int {
	if s == "两" {
		return 2
	}
	if i := strings.Index("一二三四五六七八九十", s); i >= 0 {
		return i/len("一") + 1
	}
	return 0
}

func group(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}
