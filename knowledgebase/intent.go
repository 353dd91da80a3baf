package knowledgebase

import (
	"strings"
	"unicode"
)

// Intent is a question about the asker's own HR records, answered from
// the HR engine rather than from the handbook.
type Intent string

// Personal questions the bot answers from records.
const (
	IntentLeaveBalance Intent = "leave_balance"
	IntentAttendance   Intent = "attendance_month"
	IntentMyLeave      Intent = "my_leave_requests"
	IntentSchedule     Intent = "my_schedule"
	IntentSkills       Intent = "my_skills"
)

// Known reports whether i is one of the intents above.
func (i Intent) Known() bool {
	switch i {
	case IntentLeaveBalance, IntentAttendance, IntentMyLeave, IntentSchedule, IntentSkills:
		return true
	}
	return false
}

// intentRule recognises a personal question without a model: the asker
// speaks of themselves (self) and the question names the records (all of
// the groups, one word of each).
type intentRule struct {
	intent Intent
	groups [][]string
}

// The rules are tried in order; a more specific one comes first. English
// words match whole words (after lower-casing), Chinese ones anywhere.
var intentRules = []intentRule{
	{IntentMyLeave, [][]string{
		{"request", "requests", "application", "申请", "请假单"},
		{"status", "approved", "approve", "pending", "rejected", "批了", "批准", "审批", "状态", "进度", "通过", "到哪"},
	}},
	{IntentLeaveBalance, [][]string{
		{"leave", "vacation", "holiday", "holidays", "pto", "days off", "time off", "annual", "lieu", "假", "调休"},
		{"left", "remaining", "remain", "balance", "still have", "do i have", "have i got", "how many", "how much", "剩", "还有", "余额", "还能", "多少", "几天"},
	}},
	{IntentAttendance, [][]string{
		{"late", "absent", "absence", "absences", "overtime", "attendance", "checked in", "clocked in", "early", "迟到", "缺勤", "旷工", "早退", "加班", "考勤", "打卡", "缺卡"},
		{"this month", "last month", "how many", "how often", "times", "record", "my attendance", "本月", "这个月", "上个月", "几次", "多少", "次数", "记录", "情况"},
	}},
	{IntentSchedule, [][]string{
		{"shift", "shifts", "schedule", "rota", "roster", "work next", "班", "排班"},
		{"my", "when", "next", "this week", "tomorrow", "什么", "哪天", "几点", "这周", "本周", "明天", "下周"},
	}},
	{IntentSkills, [][]string{
		{"skill", "skills", "certified", "certification", "certificate", "level", "技能", "证书", "认证", "等级"},
	}},
}

var selfWords = []string{"i", "i'm", "im", "i've", "my", "me", "mine", "myself"}

// DetectIntent recognises a personal question by keyword rules, for when
// no model is configured (or it failed). It needs the asker to speak of
// themselves: "how much annual leave is there?" is a policy question.
func DetectIntent(question string) (Intent, bool) {
	q := strings.ToLower(strings.TrimSpace(question))
	words := " " + strings.Join(asciiWords(q), " ") + " "
	// "我们公司…" (our company) is not about oneself.
	self := strings.Contains(strings.ReplaceAll(q, "我们", ""), "我")
	for _, w := range selfWords {
		self = self || strings.Contains(words, " "+w+" ")
	}
	if !self {
		return "", false
	}
	for _, r := range intentRules {
		if matchesAll(q, words, r.groups) {
			return r.intent, true
		}
	}
	return "", false
}

func matchesAll(q, words string, groups [][]string) bool {
	for _, g := range groups {
		found := false
		for _, w := range g {
			if has(q, words, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// has reports whether q contains w: a Chinese word anywhere, an English
// word or phrase on word boundaries (words is q's ASCII words, space
// separated and padded).
func has(q, words, w string) bool {
	if !isASCII(w) {
		return strings.Contains(q, w)
	}
	return strings.Contains(words, " "+w+" ")
}

func asciiWords(q string) []string {
	return strings.FieldsFunc(q, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\''))
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= unicode.MaxASCII {
			return false
		}
	}
	return true
}

var questionWords = map[string]bool{
	"what": true, "what's": true, "whats": true, "how": true, "hows": true, "how's": true, "when": true, "where": true,
	"why": true, "who": true, "which": true, "can": true, "could": true, "do": true, "does": true, "did": true,
	"is": true, "are": true, "am": true, "should": true, "may": true, "will": true, "would": true, "shall": true,
	"any": true, "tell": true, "explain": true,
}

var questionMarksZH = []string{"吗", "呢", "什么", "怎么", "怎样", "如何", "几", "多少", "哪", "是否", "能不能", "可不可以", "可以", "有没有", "要不要", "为什么", "谁", "请问", "咋"}

// IsQuestion tells a question (or a search: "annual leave carry over")
// from small talk ("thanks", "好的"): a question mark, a question word, or
// at least two words that mean something.
func IsQuestion(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if t == "" {
		return false
	}
	if strings.ContainsAny(t, "?？") {
		return true
	}
	for _, w := range questionMarksZH {
		if strings.Contains(t, w) {
			return true
		}
	}
	fields := strings.Fields(t)
	if len(fields) > 1 && questionWords[strings.Trim(fields[0], ",.!")] {
		return true
	}
	return len(Tokens(t)) >= 2
}
