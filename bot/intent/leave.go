package intent

import (
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
)

// Leave is what a leave request or cancellation says.
type Leave struct {
	// Type is the leave type's key, "" when not said.
	Type string
	// Span is the dates, with HasSpan false when none were said.
	Span    when.Span
	HasSpan bool
	// Clock is the hours of a leave by the hour at given times
	// ("3-5pm"), with HasClock.
	Clock    when.Clock
	HasClock bool
	// Minutes is a length without clock times ("两个小时"); 0 for none.
	Minutes int
	// Reason is the person's reason in their words, "" for none.
	Reason string
}

// kindWords are everyday names of the usual kinds of leave, in both
// languages, for orgs whose own aliases leave them out.
var kindWords = map[string][]string{
	"annual":      {"年假", "年休假", "带薪年假", "annual leave", "annual", "vacation", "pto", "paid time off"},
	"sick":        {"病假", "sick leave", "sick day", "sick days", "sick"},
	"personal":    {"事假", "personal leave", "personal", "unpaid leave", "unpaid"},
	"comp":        {"调休", "补休", "time off in lieu", "in lieu", "lieu", "toil", "comp time", "comp leave", "comp day", "compensatory leave", "comp"},
	"marriage":    {"婚假", "marriage leave", "marriage", "wedding leave"},
	"maternity":   {"产假", "maternity leave", "maternity"},
	"paternity":   {"陪产假", "护理假", "paternity leave", "paternity"},
	"bereavement": {"丧假", "bereavement leave", "bereavement", "funeral leave", "compassionate leave"},
}

// typeWord is one name of a leave type.
type typeWord struct {
	word string
	key  string
}

// typeWords lists every name of every type, longest first, so 陪产假 wins
// over 产假 and "sick leave" over "sick".
func typeWords(v Vocab) []typeWord {
	var out []typeWord
	seen := map[string]bool{}
	add := func(word, key string) {
		word = strings.ToLower(strings.TrimSpace(word))
		if word == "" || seen[word] {
			return
		}
		seen[word] = true
		out = append(out, typeWord{word: word, key: key})
	}
	for _, t := range v.LeaveTypes {
		add(t.Key, t.Key)
		for _, a := range t.Aliases {
			add(a, t.Key)
		}
		for _, part := range nameParts(t.Name) {
			add(part, t.Key)
		}
	}
	for _, t := range v.LeaveTypes {
		for _, w := range kindWords[t.Kind] {
			add(w, t.Key)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len([]rune(out[i].word)) > len([]rune(out[j].word)) })
	return out
}

// findWord finds word, in lower case, in ls, lowered by lowerASCII:
// anywhere for Chinese, on word boundaries for a word in Latin letters (so
// "sick" is not found in "homesick"). It returns the byte range of its
// first place, or -1, -1. A plain search, not a regular expression: it
// runs for every name of every colleague on each message.
func findWord(ls, word string) (int, int) {
	if word == "" {
		return -1, -1
	}
	if !isASCII(word) {
		i := strings.Index(ls, word)
		if i < 0 {
			return -1, -1
		}
		return i, i + len(word)
	}
	for from := 0; from < len(ls); {
		i := strings.Index(ls[from:], word)
		if i < 0 {
			return -1, -1
		}
		i += from
		end := i + len(word)
		if (i == 0 || !alnum(ls[i-1])) && (end == len(ls) || !alnum(ls[end])) {
			return i, end
		}
		from = i + 1
	}
	return -1, -1
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// lowerASCII lowers the ASCII letters of s and nothing else, so that byte
// offsets in it are offsets in s.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// nameParts splits a bilingual name ("年假 Annual leave", "李爱丽 Alice Li")
// into its Chinese and English parts, and the English part's first word.
func nameParts(name string) []string {
	var zh, en []string
	for _, f := range strings.Fields(name) {
		if isASCII(f) {
			en = append(en, f)
		} else {
			zh = append(zh, f)
		}
	}
	var out []string
	if len(zh) > 0 {
		out = append(out, strings.Join(zh, ""))
	}
	if len(en) > 0 {
		out = append(out, strings.Join(en, " "))
		// "Study leave" is also "study"; "Time off in lieu" is not "time".
		if len(en) == 2 && strings.EqualFold(en[1], "leave") {
			out = append(out, en[0])
		}
	}
	return out
}

// findLeaveType finds the first-mentioned leave type in s and the byte
// range of the word that names it.
func findLeaveType(s string, v Vocab) (typeWord, [2]int) {
	best, at := typeWord{}, [2]int{-1, -1}
	ls := lowerASCII(s)
	for _, tw := range typeWords(v) {
		start, end := findWord(ls, tw.word)
		if start < 0 {
			continue
		}
		if at[0] < 0 || start < at[0] {
			best, at = tw, [2]int{start, end}
		}
	}
	return best, at
}

// TypeIn returns the key of the leave type a text names, if it names one.
func TypeIn(text string, v Vocab) (string, bool) {
	tw, at := findLeaveType(fold(text), v)
	return tw.key, at[0] >= 0
}

var (
	rePartWord = pattern(`(?i)(?:^|[^a-z])(上午|下午|早上|morning|afternoon)(?:$|[^a-z])`)
	reHalfDay  = pattern(`半天|\bhalf(?: a)? day\b`)
)

// ParseLeave reads a leave request: its type, dates, hours and reason.
// Dates in the past are read as the coming ones ("friday" is the next
// Friday). A date that cannot be is an error (when's errors).
func ParseLeave(text string, v Vocab, today core.Date) (Leave, error) {
	var l Leave
	s := fold(text)
	if tw, at := findLeaveType(s, v); at[0] >= 0 {
		l.Type = tw.key
		s = s[:at[0]] + " " + s[at[1]:]
	}
	clock, rest, found, err := when.FindClock(s)
	if err != nil {
		return l, err
	}
	if found {
		l.Clock, l.HasClock, s = clock, true, rest
	} else if minutes, rest, found := when.FindDuration(s); found {
		l.Minutes, s = minutes, rest
	}
	span, rest, found, err := when.FindSpan(s, today, when.Future)
	if err != nil {
		return l, err
	}
	if found && wholePeriod(span) {
		// "下周请年假，下周一到下周三": the days said next narrow the week.
		if inner, rest2, ok, err := when.FindSpan(rest, today, when.Future); err == nil && ok &&
			!inner.From.Before(span.From) && !inner.To.After(span.To) {
			span, rest = inner, rest2
		}
	}
	if found {
		l.Span, l.HasSpan, s = span, true, rest
		// "take the morning off on dec 9": a part of the day said apart
		// from the date.
		if span.From == span.To && span.FromPart == when.FullDay && !l.HasClock {
			if m := rePartWord.FindStringSubmatchIndex(s); m != nil {
				p := when.Afternoon
				switch strings.ToLower(s[m[2]:m[3]]) {
				case "上午", "早上", "morning":
					p = when.Morning
				}
				l.Span.FromPart, l.Span.ToPart = p, p
				s = s[:m[2]] + " " + s[m[3]:]
			}
		}
	}
	l.Reason = reason(reRequestPhrase.ReplaceAllString(s, " , "), leaveFillers)
	return l, nil
}

// wholePeriod reports whether a span is a whole week (Monday to Sunday) or
// a whole month.
func wholePeriod(s when.Span) bool {
	week := s.From.Weekday() == time.Monday && s.From.DaysUntil(s.To) == 6
	month := s.From.Day == 1 && s.To == s.From.MonthEnd()
	return week || month
}

// The words around a reason that are not the reason: how people ask for
// leave. Chinese ones are cut from the ends of a phrase, English ones are
// whole words at its ends.
var leaveFillers = fillers{
	zh: []string{"老板", "领导", "经理", "你好", "您好", "麻烦了", "麻烦", "帮我", "帮忙", "给我", "能不能", "能否", "可不可以", "可以吗", "可以", "行不行", "行不", "行吗",
		"好吗", "请批准", "批准", "谢谢", "谢啦", "我想要", "我想", "我要", "我需要", "我得", "想要", "需要", "申请", "请假", "请个", "请一天", "请半天", "请",
		"假期", "假", "休息", "休", "一天", "半天", "一下", "那个", "的", "吗", "呢", "啊", "呀", "吧", "哈哈", "哈", "嘛", "姐", "哥", "亲", "把", "因为",
		"由于", "原因", "理由", "事由", "我是", "是", "那天", "当天", "全天", "想", "其实", "就到了", "到了"},
	en: []string{"i", "i'd", "i'm", "id", "im", "want", "wanna", "need", "needs", "to", "take", "taking", "have", "get", "can", "could", "would",
		"like", "please", "pls", "plz", "kindly", "a", "an", "the", "day", "days", "off", "leave", "leav", "leave,", "request", "requesting",
		"apply", "applying", "for", "on", "from", "book", "booking", "me", "some", "hi", "hello", "hey", "boss", "half", "one", "full", "whole",
		"it", "ok", "so", "just", "also", "and", "but", "of", "at", "by", "ask", "asking", "may", "might", "will", "be", "am", "sir",
		"dear", "because", "since", "as", "reason", "time", "with", "thanks", "thank", "you", "yes", "too", "must", "think", "i've", "ive",
		"sorry", "use", "using", "all", "if", "that's", "thats", "fine", "possible", "is", "okay", "mind", "here", "got", "gotta", "early",
		"till", "until"},
}

// fillers are the words reason drops from the ends of each phrase.
type fillers struct{ zh, en []string }

// reRequestPhrase is how people ask, not why: "put me down for", "共5天".
var reRequestPhrase = regexp.MustCompile(`(?i)\b(?:put (?:me )?(?:in|down) for|can (?:i|you) (?:have|get|take|book)|i'?d like to|i would like to|` +
	`please apply|apply for|sign me up for)\b|共\s*\d+(?:\.\d+)?\s*天|\b(?:total(?:ly)?|in total)\s+\d+\s+days?\b`)

var reClause = regexp.MustCompile(`[,;!?:，。；！？：、\n]+|\.(?:\s|$)|\s-\s`)

// reason keeps the words of rest that say why: each phrase loses the
// request words at its ends, and phrases with nothing else go. Chinese
// separates phrases with spaces too ("姐 我肚子疼 请 呀").
func reason(rest string, f fillers) string {
	var keep []string
	for _, clause := range reClause.Split(rest, -1) {
		for _, phrase := range chinesePhrases(clause) {
			if c := trimFillers(phrase, f); c != "" {
				keep = append(keep, c)
			}
		}
	}
	return strings.Join(keep, ", ")
}

// chinesePhrases splits a clause at the spaces between Chinese words; a
// space next to English is part of the phrase.
func chinesePhrases(clause string) []string {
	fields := strings.Fields(clause)
	var out []string
	for i, f := range fields {
		if i > 0 && !isASCII(f) && !isASCII(fields[i-1]) {
			out = append(out, f)
			continue
		}
		if len(out) == 0 {
			out = append(out, f)
		} else {
			out[len(out)-1] += " " + f
		}
	}
	return out
}

func trimFillers(clause string, f fillers) string {
	c := strings.TrimFunc(clause, isSymbol)
	for changed := true; changed && c != ""; {
		changed = false
		fields := strings.Fields(c)
		// English words at either end.
		if first := strings.ToLower(strings.Trim(fields[0], "'\"()")); isASCII(first) && contains(f.en, first) {
			c, changed = strings.Join(fields[1:], " "), true
			continue
		}
		if last := strings.ToLower(strings.Trim(fields[len(fields)-1], "'\"()")); isASCII(last) && contains(f.en, last) {
			c, changed = strings.Join(fields[:len(fields)-1], " "), true
			continue
		}
		// Chinese ones run into the reason: cut them from its ends.
		for _, w := range f.zh {
			switch {
			case strings.HasPrefix(c, w):
				c, changed = strings.TrimSpace(c[len(w):]), true
			case strings.HasSuffix(c, w):
				c, changed = strings.TrimSpace(c[:len(c)-len(w)]), true
			}
			if changed {
				break
			}
		}
		c = strings.TrimFunc(c, isSymbol)
	}
	// What is left of "我下周三想请假", "王经理": one character says nothing.
	if utf8.RuneCountInString(c) == 1 || contains([]string{"i", "my", "me", "it"}, strings.ToLower(c)) {
		return ""
	}
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
