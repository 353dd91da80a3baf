package knowledgebase

import (
	"slices"
	"strings"
	"sync"
)

// Term is one term of a query, as QueryTerms makes it.
type Term struct {
	Text   string  // a token, as Tokens makes it
	Weight float64 // 1 for a token of the query, less for a synonym, up to 1 for a translation
	// Of is, for a synonym, the token of the query it stands for; "" for a
	// token of the query itself.
	Of string
	// For is, for a synonym of a phrase ("time off in lieu" for 调休), all
	// the phrase's tokens: the synonym answers each of them, not only the
	// last (Of).
	For []string
	// Soft marks a CJK bigram with exactly one function character in it
	// (假有, 小时): often the seam between two words, which Search ignores
	// next to a word it knows (年假有 → 年假).
	Soft bool
}

// expansionWeight is the weight of a synonym that QueryTerms adds;
// glossaryWeight that of another name of a glossary concept in the same
// language.
const (
	expansionWeight = 0.5
	glossaryWeight  = 0.5
	// translationWeight is that of a name in the other language.
	translationWeight = 1.0
)

// QueryTerms is the terms of a query: its distinct tokens (weight 1) in
// order, then the synonyms (weight 0.5) that a small built-in table of
// general HR vocabulary gives for its words and phrases — a question about
// "vacation" also looks for "leave", one about 工资 also for 薪资 — and the
// other names the HR glossary gives a concept, in the same language (0.5)
// and in the other (1): 调休 also looks for "time off in lieu", "payslip"
// for 工资条; a name of several words shares its weight among them.
// Synonyms are for queries only; the index holds Tokens.
func QueryTerms(q string) []Term {
	var (
		terms []Term
		seq   []string           // every token in order, repeats kept, for phrase matching
		seen  = map[string]int{} // token → its index in terms
	)
	tokenize(q, func(t token) {
		if t.stop {
			return
		}
		seq = append(seq, t.text)
		if _, ok := seen[t.text]; !ok {
			seen[t.text] = len(terms)
			terms = append(terms, Term{Text: t.text, Weight: 1, Soft: t.soft})
		}
	})
	syn := synonymTable()
	for i := range seq {
		for _, s := range syn {
			if !hasPhraseAt(seq, i, s.key) {
				continue
			}
			of, phrase := seq[i+len(s.key)-1], seq[i:i+len(s.key)]
			for k, e := range s.expand {
				if j, ok := seen[e]; !ok {
					seen[e] = len(terms)
					terms = append(terms, Term{Text: e, Weight: s.weight[k], Of: of, For: phrase})
				} else if terms[j].Of != "" && terms[j].Weight < s.weight[k] {
					terms[j].Weight, terms[j].Of, terms[j].For = s.weight[k], of, phrase
				}
			}
		}
	}
	return terms
}

// QueryTokens is the texts of QueryTerms(q): the query's tokens followed by
// their synonyms.
func QueryTokens(q string) []string {
	terms := QueryTerms(q)
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Text
	}
	return out
}

func hasPhraseAt(seq []string, i int, phrase []string) bool {
	if len(phrase) == 0 || i+len(phrase) > len(seq) {
		return false
	}
	for j, p := range phrase {
		if seq[i+j] != p {
			return false
		}
	}
	return true
}

// synonyms is the query-time synonym table of general HR vocabulary: a
// question with one of the comma-separated words or phrases on the left also
// looks for the words on the right (but those it has already). Both sides go
// through Tokens, so write them as people do ("days off", "reimburse").
var synonyms = [][2]string{
	{"vacation, vacations, holiday, pto", "leave annual"},
	{"days off, day off, time off, absence", "leave"},
	{"absent", "leave absence"},
	{"clock, punch", "check attendance"},
	{"wage, pay, paycheck, paycheque, payday", "salary pay"},
	{"salary", "pay"},
	{"ill, illness", "sick"},
	{"quit, resign, resignation", "resign resignation"},
	{"expense, claim, reimburse, refund", "reimburse expense claim"},
	{"boss, supervisor", "manager supervisor"},
	{"swap, cover", "cover swap"},
	{"tardy, late", "late lateness"},
	{"overtime, ot", "overtime ot"},
	{"wifi, wireless, internet", "wifi internet network"},
	{"remote, wfh", "remote home"},
	{"maternity, paternity", "parental"},
	{"rota, roster", "roster schedule shift"},
	{"laptop", "computer equipment"},
	{"doctor", "medical"},
	{"trip", "travel"},
	{"fired", "termination dismissal"},
	{"wedding, married", "marriage"},
	{"funeral", "bereavement"},
	{"dad", "father paternity"},
	{"mum, mom, pregnant", "mother maternity"},
	{"baby", "birth child"},
	{"take back, withdraw, cancel", "withdraw cancel"},
	{"score", "rating"},
	{"answer, reply", "answer reply respond"},
	{"chat", "conversation message"},
	{"access card", "badge"},
	{"raise", "salary increase"},
	{"new hire, onboarding", "induction onboarding"},
	{"exam, test", "quiz test exam"},
	{"休假, 放假, 度假", "请假 假期 休假"},
	{"工资, 薪水", "薪资 薪酬 工资"},
	{"打卡, 签到", "打卡 签到 考勤"},
	{"辞职, 离职", "辞职 离职"},
	{"报销", "费用"},
	{"老板, 领导, 上司", "经理 主管"},
	{"换班, 调班", "换班 调班 替班"},
	{"生病, 看病", "病假"},
	{"迟到", "考勤"},
	{"无线网", "wifi 网络"},
	{"出差", "差旅"},
	{"奖金", "年终奖"},
	{"考试, 测验", "考试 测验"},
	{"开除, 辞退", "开除 辞退 解除"},
	{"结婚", "婚假"},
	{"怀孕", "产假"},
	{"加薪, 涨工资", "调薪"},
}

type synonym struct {
	key    []string
	expand []string
	weight []float64 // by expand
}

// synonymTable is synonyms and glossary through Tokens, one entry a word
// or phrase, built once.
var synonymTable = sync.OnceValue(func() []synonym {
	var out []synonym
	for _, s := range synonyms {
		exp := Tokens(s[1])
		for k := range strings.SplitSeq(s[0], ",") {
			if key := Tokens(k); len(key) > 0 && len(exp) > 0 {
				w := make([]float64, len(exp))
				for i := range w {
					w[i] = expansionWeight
				}
				out = append(out, synonym{key: key, expand: exp, weight: w})
			}
		}
	}
	for _, g := range glossary {
		var (
			names [][]string
			zh    []bool
		)
		for n := range strings.SplitSeq(g, ",") {
			if t := Tokens(n); len(t) > 0 {
				names, zh = append(names, t), append(zh, isChinese(n))
			}
		}
		for i, key := range names {
			s := synonym{key: key}
			for j, n := range names {
				if j == i {
					continue
				}
				// A name of several words weighs what a one-word name
				// weighs, shared by its words.
				// A name in the other language is the word itself, for
				// a handbook written only in that one; one in the same
				// language is a synonym. A name of several words weighs
				// what a one-word name weighs, shared by its words.
				w := glossaryWeight
				if zh[i] != zh[j] {
					w = translationWeight
				}
				w /= float64(len(n))
				for _, t := range n {
					if k := slices.Index(s.expand, t); k >= 0 {
						s.weight[k] = max(s.weight[k], w)
					} else if !slices.Contains(key, t) {
						s.expand, s.weight = append(s.expand, t), append(s.weight, w)
					}
				}
			}
			if len(s.expand) > 0 {
				out = append(out, s)
			}
		}
	}
	return out
})
