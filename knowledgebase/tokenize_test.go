package knowledgebase_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hrbot/hrbot/knowledgebase"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"CJKBigrams", "年假天数", []string{"年假", "假天", "天数"}},
		{"CJKUnigram", "5天", []string{"5", "天"}},
		{"CJKFunctionWordsDropped", "什么是年假？可以吗", []string{"是年", "年假"}},
		{"CJKLoneFunctionChar", "leave 的 policy", []string{"leave", "policy"}},
		{"CJKBigramWithOneFunctionCharKept", "年假有几天", []string{"年假", "假有", "几天"}},
		{"Mixed", "我要请annual leave", []string{"要请", "annual", "leave"}},
		{"MixedNoSpace", "年假annual5天", []string{"年假", "annual5", "天"}},
		{"Kana", "カタカナ", []string{"カタ", "タカ", "カナ"}},
		{"Hangul", "한국어", []string{"한국", "국어"}},
		{"EnglishStopWords", "What is the policy for my leave, and how can I get it?", []string{"policy", "leave"}},
		{"Plurals", "leaves days holidays policies taxes classes", []string{"leave", "day", "holiday", "policy", "tax", "class"}},
		{"PluralsInOes", "mangoes potatoes shoes", []string{"mango", "potato", "shoe"}},
		{"Contractions", "I've got diarrhoea, you're sure that's it?", []string{"diarrhea", "sure"}},
		{"BritishSpelling", "labour colour organised organized flour hour", []string{"labor", "color", "organiz", "organiz", "flour", "hour"}},
		{"KeepS", "status bonus basis bus", []string{"status", "bonus", "basis", "bus"}},
		{"EdIng", "reimbursed reimburse reimbursement leaving approved approval submitted swapping dated", []string{"reimburs", "reimburs", "reimburs", "leave", "approve", "approve", "submit", "swap", "date"}},
		{"Ly", "monthly weekly family supply", []string{"month", "week", "family", "supply"}},
		{"Irregular", "paid forgot took children", []string{"pay", "forget", "take", "child"}},
		{"Fullwidth", "ＡＮＮＵＡＬ　Ｌｅａｖｅ，５天", []string{"annual", "leave", "5", "天"}},
		{"Hyphens", "wi-fi e-mail check-in part-time", []string{"wifi", "email", "check", "part", "time"}},
		{"Numbers", "1,200 yuan at 1.5x on 09:00", []string{"1200", "yuan", "1.5x", "09", "00"}},
		{"Apostrophes", "employee's manager’s don't", []string{"employee", "manager"}},
		{"Points", "e.g. hr.example.com", []string{"hr", "exampl", "com"}},
		{"SingleLetters", "week A and week B", []string{"week", "week"}},
		{"Accents", "Café NAÏVE", []string{"café", "naïve"}},
		{"Empty", "", nil},
		{"Punctuation", "!!! ??? ，。、", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := knowledgebase.Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTokensBothSides checks that a question and the handbook's wording
// meet on the same tokens.
func TestTokensBothSides(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{
		{"leaves", "leave"}, {"holidays", "holiday"}, {"reimbursed", "reimbursement"},
		{"scheduling", "schedule"}, {"approval", "approved"}, {"Wi-Fi", "wifi"},
		{"ｗｉｆｉ", "WIFI"}, {"payslips", "payslip"}, {"forgot", "forget"},
	}
	for _, p := range pairs {
		a, b := knowledgebase.Tokens(p[0]), knowledgebase.Tokens(p[1])
		if len(a) != 1 || !slices.Equal(a, b) {
			t.Errorf("Tokens(%q) = %q, Tokens(%q) = %q, want one equal token", p[0], a, p[1], b)
		}
	}
}

func TestQueryTerms(t *testing.T) {
	t.Parallel()
	has := func(terms []knowledgebase.Term, text string, weight float64) bool {
		return slices.ContainsFunc(terms, func(t knowledgebase.Term) bool { return t.Text == text && t.Weight == weight })
	}
	tests := []struct {
		q            string
		want, absent []string // want: "token/weight"
	}{
		{"how many vacation days do I have", []string{"vacation/1", "day/1", "leave/0.5", "annual/0.5"}, nil},
		{"can I take days off next week", []string{"day/1", "off/1", "leave/0.5"}, nil},
		{"I forgot to punch in", []string{"forget/1", "punch/1", "check/0.5"}, nil},
		{"when is my paycheck", []string{"paycheck/1", "salary/0.5"}, nil},
		{"My boss is ill", []string{"boss/1", "manager/0.5", "ill/1", "sick/0.5"}, nil},
		{"annual leave", []string{"annual/1", "leave/1"}, []string{"annual/0.5", "leave/0.5"}},
		{"工资什么时候发", []string{"工资/1", "薪资/0.5", "薪酬/0.5"}, nil},
		{"忘记打卡了", []string{"打卡/1", "签到/0.5"}, nil},
		{"我想辞职", []string{"辞职/1", "离职/0.5"}, nil},
		{"leave leave leave", []string{"leave/1"}, nil},
	}
	for _, tt := range tests {
		terms := knowledgebase.QueryTerms(tt.q)
		for _, w := range tt.want {
			text, weight, _ := strings.Cut(w, "/")
			wt := 1.0
			if weight == "0.5" {
				wt = 0.5
			}
			if !has(terms, text, wt) {
				t.Errorf("QueryTerms(%q) = %v, want %s", tt.q, terms, w)
			}
		}
		for _, a := range tt.absent {
			text, _, _ := strings.Cut(a, "/")
			if has(terms, text, 0.5) {
				t.Errorf("QueryTerms(%q) = %v, should not have %s", tt.q, terms, a)
			}
		}
		seen := map[string]bool{}
		for _, term := range terms {
			if seen[term.Text] {
				t.Errorf("QueryTerms(%q): %q twice", tt.q, term.Text)
			}
			seen[term.Text] = true
			if (term.Of == "" && term.Weight != 1) || term.Weight > 1 || term.Weight <= 0 {
				t.Errorf("QueryTerms(%q): %+v: the query's own tokens weigh 1, synonyms and translations at most that", tt.q, term)
			}
		}
	}
	if got := knowledgebase.QueryTokens("vacation"); len(got) < 4 || !slices.Equal(got[:3], []string{"vacation", "leave", "annual"}) || !slices.Contains(got, "年假") {
		t.Errorf("QueryTokens(vacation) = %q, want the synonyms then the glossary's 年假", got)
	}
	// The glossary goes both ways, between languages and colloquial forms.
	for q, want := range map[string][]string{
		"调休还剩几个小时":              {"lieu", "comp"},
		"where is my payslip":   {"工资", "资条"},
		"要交病假条吗":                {"doctor", "note"},
		"how long is probation": {"试用", "用期"},
		"五险一金交多少":               {"social", "insuranc", "hous", "fund"},
		"报销要多久":                 {"reimburs", "expens"},
	} {
		got := knowledgebase.QueryTokens(q)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("QueryTokens(%q) = %q, want %q", q, got, w)
			}
		}
	}
	if got := knowledgebase.Tokens("vacation"); !slices.Equal(got, []string{"vacation"}) {
		t.Errorf("Tokens expands synonyms: %q", got)
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"我要请annual leave", "ＡＢＣ１２３", "wi-fi 1,200 1.5x e.g.", "카타 カタ", "don't'''s", "-'-.", "a\u0301\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range append(knowledgebase.Tokens(s), knowledgebase.QueryTokens(s)...) {
			if tok == "" || !utf8.ValidString(tok) || strings.ContainsAny(tok, " \t\n") {
				t.Fatalf("bad token %q from %q", tok, s)
			}
		}
	})
}
