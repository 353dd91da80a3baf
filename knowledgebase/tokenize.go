package knowledgebase

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens splits text into the terms that the index stores and queries look
// up. Fullwidth ASCII (U+FF01–U+FF5E) is folded to ASCII and everything is
// lower-cased. Runs of Han, Hiragana, Katakana or Hangul become overlapping
// character bigrams (a lone character becomes a unigram); bigrams made only
// of function words (什么, 可以, 我的…) and lone function characters (的, 吗…)
// are dropped. Runs of other letters and digits become words: English stop
// words are dropped, single letters too, and the rest are stemmed lightly
// ("leaves" → "leave", "reimbursed" → "reimburs"). A hyphenated word with a
// part of one or two letters is joined ("wi-fi" → "wifi"); otherwise its parts
// are words of their own. Every token is a non-empty string.
func Tokens(text string) []string {
	var out []string
	tokenize(text, func(t token) {
		if !t.stop {
			out = append(out, t.text)
		}
	})
	return out
}

// token is one token of a text as tokenize reports it.
type token struct {
	text string
	soft bool // a CJK bigram with exactly one function character
	stop bool // a CJK bigram of function words, or a lone function character: not a term
	run  int  // which CJK run of the text it is from, from 0; -1 for a word
}

// tokenize calls emit for each token of text in order, the CJK stop
// bigrams included (marked stop).
func tokenize(text string, emit func(token)) {
	var (
		word []byte // the current run of letters and digits, folded
		cjk  []rune // the current CJK run
		runs int
	)
	flushCJK := func() {
		if len(cjk) > 0 {
			emitCJK(cjk, runs, emit)
			runs++
		}
		cjk = cjk[:0]
	}
	flushWord := func() {
		emitWord(word, emit)
		word = word[:0]
	}
	runes := []rune(text)
	for i := 0; i < len(runes); i++ {
		r := fold(runes[i])
		switch {
		case isCJK(r):
			flushWord()
			cjk = append(cjk, r)
		case isWordRune(r):
			flushCJK()
			word = utf8.AppendRune(word, r)
		case r == ',' && len(word) > 0 && isDigit(word[len(word)-1]) && i+1 < len(runes) && isDigit(fold(runes[i+1])):
			// A thousands separator: 1,200 is 1200.
		case isJoiner(r) && len(word) > 0 && i+1 < len(runes) && isWordRune(fold(runes[i+1])) && !isCJK(fold(runes[i+1])):
			// hyphen, apostrophe or point inside a word: emitWord sorts it out.
			word = utf8.AppendRune(word, r)
		default:
			flushCJK()
			flushWord()
		}
	}
	flushCJK()
	flushWord()
}

// fold maps fullwidth ASCII and the ideographic space to ASCII, and
// lower-cases.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		r = ' '
	}
	return unicode.ToLower(r)
}

func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.Is(unicode.Mn, r))
}

func isJoiner(r rune) bool {
	return r == '-' || r == '\'' || r == '’' || r == '.' || r == '_'
}

// emitWord handles a run of letters, digits and inner joiners.
func emitWord(w []byte, emit func(token)) {
	if len(w) == 0 {
		return
	}
	s := string(w)
	// Apostrophes: drop a possessive 's, then the apostrophe itself.
	if strings.ContainsAny(s, "'’") {
		s = strings.ReplaceAll(s, "’", "'")
		s = strings.ReplaceAll(s, "'s-", "-")
		s = strings.TrimSuffix(s, "'s")
		s = strings.ReplaceAll(s, "'", "")
	}
	// Points: kept between digits (1.5x), a break elsewhere (e.g, hr.example.com).
	if strings.Contains(s, ".") {
		parts := strings.Split(s, ".")
		var b strings.Builder
		split := false
		for i, p := range parts {
			if i > 0 {
				if prev := parts[i-1]; prev != "" && p != "" && isDigit(prev[len(prev)-1]) && isDigit(rune(p[0])) {
					b.WriteByte('.')
				} else {
					b.WriteByte(' ')
					split = true
				}
			}
			b.WriteString(p)
		}
		if split {
			for p := range strings.FieldsSeq(b.String()) {
				emitWord([]byte(p), emit)
			}
			return
		}
	}
	if strings.ContainsAny(s, "-_") {
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' })
		join := false
		for _, p := range parts {
			if n := utf8.RuneCountInString(p); n <= 2 && !isDigits(p) && !englishStop[p] {
				join = true
			}
		}
		if !join {
			for _, p := range parts {
				emitPlainWord(p, emit)
			}
			return
		}
		s = strings.Join(parts, "")
	}
	emitPlainWord(s, emit)
}

func emitPlainWord(w string, emit func(token)) {
	if w == "" || englishStop[w] {
		return
	}
	if utf8.RuneCountInString(w) == 1 && !isDigits(w) {
		return
	}
	w = stem(w)
	if w == "" || englishStop[w] {
		return
	}
	emit(token{text: w, run: -1})
}

func isDigit[T byte | rune](c T) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// emitCJK makes bigrams of a CJK run. A bigram of two function
// characters or in cjkStopBigram is stop, and so is one with a single
// function character whose other character belongs to a neighbouring stop
// bigram (以吗 after 可以).
func emitCJK(run []rune, n int, emit func(token)) {
	if len(run) == 1 {
		emit(token{text: string(run), stop: cjkStopChar[run[0]], run: n})
		return
	}
	toks := make([]token, len(run)-1)
	for i := range toks {
		sa, sb := cjkStopChar[run[i]], cjkStopChar[run[i+1]]
		bg := string(run[i : i+2])
		toks[i] = token{text: bg, soft: sa != sb, stop: (sa && sb) || cjkStopBigram[bg], run: n}
	}
	stop := make([]bool, len(toks))
	for i, t := range toks {
		stop[i] = t.stop
	}
	stopWord := func(i int) bool { return i >= 0 && i < len(toks) && stop[i] }
	for i := range toks {
		if !toks[i].soft {
			continue
		}
		if (cjkStopChar[run[i]] && stopWord(i+1)) || (cjkStopChar[run[i+1]] && stopWord(i-1)) {
			toks[i].stop = true
		}
	}
	for _, t := range toks {
		emit(t)
	}
}

// cjkStopChar is function characters: particles, pronouns, question and
// modal words. A bigram of two of them is dropped; a bigram with one is soft.
var cjkStopChar = runeSet("的了吗呢吧啊呀嘛哦么啥咋是我你您他她它们咱在有和与或及也都就还这那哪个些谁把被将让给跟对从到向" +
	"要会能可该想多少几怎什如何只又再才很太最更已没不别每某其此之而但且则于帮啦呗嗯哎哇来去说做弄上下里次得着过")

// cjkStopBigram is question and function words that would otherwise be
// bigrams of their own.
var cjkStopBigram = stringSet(
	"什么", "怎么", "如何", "可以", "是否", "我们", "你们", "他们", "这个", "那个", "一个", "多少",
	"的话", "请问", "能否", "能不", "不能", "需要", "要不", "不要", "应该", "怎样", "为什", "这些",
	"那些", "哪些", "哪里", "还是", "或者", "如果", "因为", "所以", "但是", "就是", "可能", "已经",
	"一下", "一些", "知道", "告诉", "想问", "问一", "是不", "不是", "有没", "没有", "得到", "一般",
	"多久", "多长", "时候", "么办", "么样", "咋办", "啥时", "为啥", "情况", "问题", "东西", "事情", "现在",
	"一直", "今天", "明天", "昨天", "今晚", "明晚", "昨晚", "后天", "前天", "刚才", "马上",
)

// englishStop is English function words and question words.
var englishStop = stringSet(
	"a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "because", "been", "before", "being", "both", "but", "by", "can", "cannot", "could", "did",
	"do", "does", "doing", "done", "dont", "each", "either", "else", "ever", "every", "for", "from", "get",
	"gets", "getting", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
	"how", "i", "if", "im", "in", "into", "is", "it", "its", "just", "know", "let", "like", "may", "me",
	"might", "more", "most", "much", "many", "must", "my", "myself", "need", "needs", "no", "nor", "not",
	"of", "on", "one", "only", "or", "other", "our", "ours", "own", "please", "same", "shall", "she",
	"should", "so", "some", "such", "tell", "than", "that", "the", "their", "theirs", "them", "then",
	"there", "these", "they", "this", "those", "through", "to", "too", "up", "us", "very", "want",
	"was", "way", "we", "were", "what", "whats", "when", "where", "whether", "which", "while", "who",
	"whom", "why", "will", "with", "would", "yes", "you", "your", "yours", "yourself", "ok",
	"cant", "wont", "isnt", "arent", "didnt", "doesnt", "havent", "hasnt", "shouldnt", "couldnt", "wouldnt",
	"ive", "youve", "weve", "theyve", "youre", "theyre", "thats", "theres", "wasnt", "werent", "hows", "whos",
	"now", "anywhere", "anything", "anyone", "someone", "something", "somewhere", "everything", "everyone",
	"really", "actually", "think", "maybe", "perhaps", "still", "himself", "herself", "themselves",
	"ourselves", "thing", "things", "stuff", "lot", "lots", "okay", "hi", "hello", "far", "find", "happen",
	"happens", "happened", "supposed", "able", "go", "going", "toward", "towards", "anyway", "guy", "guys",
	"today", "tomorrow", "tonight", "yesterday", "soon",
)

// generalWords is common English verbs, adjectives and adverbs that say
// what is done to a topic, not what it is ("put in a request", "make
// sure"): a handbook need not use them to answer the question, so one it
// lacks does not weigh as a topic word would. As Tokens makes them
// (stemmed).
var generalWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`put make take give keep say ask try use look see seem feel show turn
		begin bring send mean allow set let happen became become decide expect hope wish plan manage
		handle deal sort figure mind bother certain possible okay fine good bad big small little whole
		entire real right wrong exact quick quickly fast slow usually normally always often sometimes
		never also again already yet even instead anyway probably basically`) {
		for _, t := range Tokens(w) {
			m[t] = true
		}
	}
	return m
}()

func runeSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}

func stringSet(ss ...string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}
