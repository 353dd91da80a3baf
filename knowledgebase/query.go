package knowledgebase

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lexTerm is a term of the query for BM25, with its weight: 1, less for
// a seam or a synonym.
type lexTerm struct {
	id     int32
	weight float64
}

// resolve looks up a query's terms: the distinct concepts for relevance
// and the known terms for BM25.
//
// Words are concepts as they are. A CJK run is read as the words the index
// knows: its bigrams that some passage has are concepts, except a bigram
// with a function character whose other character is already part of a
// known bigram without one (的补 beside 补贴, 年有 beside 年假) — the seam
// between two words. A bigram no passage has counts only when one of its
// characters is explained neither by a function character nor by a
// neighbouring known bigram; consecutive such bigrams make one concept no
// passage has (下雨吗 in 明天杭州会下雨吗), so that a question about
// something the handbook does not cover scores low, while the seams of a
// question it does cover cost nothing.
func (ix *Index) resolve(query string) ([]concept, []lexTerm) {
	r := &resolution{ix: ix, byText: map[string]int{}, names: properNames(query)}
	var run, toks []token
	flushRun := func() {
		ix.resolveRun(run, r.add)
		run = run[:0]
	}
	tokenize(query, func(t token) {
		toks = append(toks, t)
		if len(run) > 0 && t.run != run[0].run {
			flushRun()
		}
		if t.run >= 0 {
			run = append(run, t)
			return
		}
		// A number (9, 1200, 1.5x) helps ranking but says little about the
		// topic, for or against.
		r.add(t.text, nil, isDigit(t.text[0]))
	})
	flushRun()
	r.expand(query)
	r.expandConcepts(toks)
	r.expandDictionary(query, toks)
	return r.concepts, r.lex
}

// resolution is what resolve has found in a query so far.
type resolution struct {
	ix       *Index
	concepts []concept
	lex      []lexTerm
	byText   map[string]int // concept text → its index in concepts
	names    map[string]bool
}

// properNames is the tokens of the capitalised words of a query that do
// not start it or a sentence of it ("Bob", "Harbin"): names, which a
// handbook need not mention for the question to be about it.
func properNames(query string) map[string]bool {
	names := map[string]bool{}
	start := true
	for _, w := range strings.Fields(query) {
		r := []rune(w)
		if !start && unicode.IsUpper(r[0]) && len(r) > 1 && !unicode.IsUpper(r[1]) {
			for _, t := range Tokens(w) {
				names[t] = true
			}
		}
		start = strings.ContainsAny(string(r[len(r)-1]), ".?!")
	}
	return names
}

// add adds a concept; a minor one (a seam, a number) is a BM25 term only,
// a seam with less weight.
func (r *resolution) add(text string, chars []rune, minor bool) {
	ix := r.ix
	if minor {
		if id, ok := ix.terms[text]; ok {
			w := 1.0
			if !isDigit(text[0]) {
				w = seamWeight
			}
			r.lex = append(r.lex, lexTerm{id, w})
		}
		return
	}
	if _, dup := r.byText[text]; dup {
		return
	}
	c := concept{text: text, orig: -1}
	if id, ok := ix.terms[text]; ok {
		c.weight, c.orig = ix.idf[id], id
		r.lex = append(r.lex, lexTerm{id, 1})
	} else {
		// A long span of unknown characters is as many words as it has
		// pairs of them.
		c.weight, c.chars = ix.unknownIDF*max(1, float64(len(chars))/2), chars
		if len(chars) > 0 {
			c.bound = dictionary().wordChars(text, chars)
		}
		// A word the handbook never uses is likely what the question is
		// about ("gym", "dollar"): it weighs more than a rare word it does
		// use, so that the common words around it do not make an answer.
		switch {
		case len(chars) == 0 && !r.names[text] && !generalWords[text]:
			c.weight *= unknownWordWeight
		case len(chars) > 0:
			c.weight *= unknownSpanWeight
		}
	}
	r.byText[text] = len(r.concepts)
	r.concepts = append(r.concepts, c)
}

// expand adds the synonyms of the query's tokens that some passage has, as
// BM25 terms and to the concepts of the tokens they stand for: every token
// of a phrase ("social insurance" → 社保 answers both words).
func (r *resolution) expand(query string) {
	ix := r.ix
	for _, t := range QueryTerms(query) {
		if t.Of == "" {
			continue
		}
		id, known := ix.terms[t.Text]
		if !known {
			continue
		}
		r.attach(t.For, id, t.Weight)
	}
}

// attach adds term id, weighing w, as a synonym of the concepts of the
// query tokens of, and as a BM25 term when it is new to any of them.
func (r *resolution) attach(of []string, id int32, w float64) {
	added := false
	for _, o := range of {
		ci := r.conceptOf(o)
		if ci < 0 || slices.Contains(r.concepts[ci].syns, id) {
			continue
		}
		added = true
		c := &r.concepts[ci]
		c.syns, c.synW, c.synDic = append(c.syns, id), append(c.synW, w), append(c.synDic, false)
		if c.orig < 0 {
			c.weight = r.synonymsIDF(c)
		}
	}
	if added {
		r.lex = append(r.lex, lexTerm{id, w})
	}
}

// expandConcepts adds the terms of the glossary concepts the query names
// that some passage has, as BM25 terms of weight conceptWeight and as
// synonyms of every token of the name: a passage with the concept answers
// the whole name.
func (r *resolution) expandConcepts(toks []token) {
	var seq []string
	for _, t := range toks {
		if !t.stop {
			seq = append(seq, t.text)
		}
	}
	findConcepts(seq, func(m conceptMatch) {
		if id, known := r.ix.terms[m.term]; known {
			r.attach(m.tokens, id, conceptWeight)
		}
	})
}

// synonymsIDF is the weight of a token no passage has: what its synonyms
// weigh, on average.
func (r *resolution) synonymsIDF(c *concept) float64 {
	w := 0.0
	for _, id := range c.syns {
		w += r.ix.idf[id]
	}
	return w / float64(len(c.syns))
}

// conceptOf is the index of the concept of a query token, or of the span of
// CJK characters no passage has that the token is in; -1 for none (a stop
// word, a seam).
func (r *resolution) conceptOf(tok string) int {
	if ci, ok := r.byText[tok]; ok {
		return ci
	}
	return slices.IndexFunc(r.concepts, func(c concept) bool { return c.orig < 0 && strings.Contains(c.text, tok) })
}

// resolveRun adds the concepts of one CJK run, given as its tokens.
func (ix *Index) resolveRun(run []token, add func(text string, chars []rune, minor bool)) {
	if len(run) == 0 {
		return
	}
	if len(run) == 1 && len([]rune(run[0].text)) == 1 {
		if !run[0].stop {
			add(run[0].text, []rune(run[0].text), false)
		}
		return
	}
	const (
		slotStop  = iota // function words
		slotWord         // a known bigram
		slotSeam         // a known bigram across a word boundary
		slotOther        // unknown
	)
	kinds := make([]int, len(run))
	chars := make([]rune, len(run)+1)
	for i, t := range run {
		rs := []rune(t.text)
		chars[i], chars[i+1] = rs[0], rs[1]
		_, known := ix.terms[t.text]
		switch {
		case t.stop:
			kinds[i] = slotStop
		case known:
			kinds[i] = slotWord
		default:
			kinds[i] = slotOther
		}
	}
	// A known bigram with one function character is a seam when its other
	// character belongs to a known bigram without one.
	plainWord := func(i int) bool {
		return i >= 0 && i < len(run) && (kinds[i] == slotStop || kinds[i] == slotWord && !run[i].soft)
	}
	for i, t := range run {
		if kinds[i] != slotWord || !t.soft {
			continue
		}
		if (cjkStopChar[chars[i]] && plainWord(i+1)) || (cjkStopChar[chars[i+1]] && plainWord(i-1)) {
			kinds[i] = slotSeam
		}
	}
	explained := func(c int) bool {
		return cjkStopChar[chars[c]] || (c > 0 && kinds[c-1] != slotOther) || (c < len(run) && kinds[c] != slotOther)
	}
	var span, loose []rune // a span of unknown bigrams, its unexplained characters
	flush := func() {
		if len(span) > 0 {
			add(string(span), slices.Clone(loose), false)
		}
		span, loose = span[:0], loose[:0]
	}
	for i, t := range run {
		if kinds[i] == slotOther && (!explained(i) || !explained(i+1)) {
			if len(span) == 0 {
				span = append(span, chars[i])
				if !explained(i) {
					loose = append(loose, chars[i])
				}
			}
			span = append(span, chars[i+1])
			if !explained(i + 1) {
				loose = append(loose, chars[i+1])
			}
			continue
		}
		flush()
		switch kinds[i] {
		case slotWord:
			add(t.text, nil, false)
		case slotSeam:
			add(t.text, nil, true)
		}
	}
	flush()
	ix.resolveSeparable(chars, add)
}

// separable is verb-object words that Chinese splits with what it says
// between them (离合词): 请三天假, 顶几个小时的班, 加了两次班.
var separable = []string{"请假", "休假", "放假", "加班", "换班", "顶班", "替班", "代班", "调班", "值班", "上班", "下班", "排班", "打卡", "补卡", "出差", "结婚", "生病", "看病"}

// resolveSeparable adds the separable words whose two characters a CJK run
// has with one to six characters between them, when some passage has the
// word.
func (ix *Index) resolveSeparable(chars []rune, add func(text string, chars []rune, minor bool)) {
	for _, w := range separable {
		if _, known := ix.terms[w]; !known {
			continue
		}
		a, b := []rune(w)[0], []rune(w)[1]
		for i, c := range chars {
			if c != a {
				continue
			}
			if j := slices.Index(chars[i+1:min(len(chars), i+8)], b); j >= 1 {
				add(w, nil, false)
				break
			}
		}
	}
}

// expandDictionary adds translations from the bilingual word list of the
// query's words that the glossary does not name: an English word (or two)
// looks for the Chinese words it glosses, a Chinese word of the query for
// its glosses' words. Only translations some passage has count; each
// Chinese word or gloss weighs dictWeight, shared by its tokens.
func (r *resolution) expandDictionary(query string, toks []token) {
	d := dictionary()
	var (
		words []string // the query's English words in order
		runs  [][]rune // its CJK runs, put back together from their bigrams
		cur   []rune
		last  = -2
	)
	for _, t := range toks {
		if t.run < 0 {
			words = append(words, t.text)
			continue
		}
		if t.run != last && len(cur) > 0 {
			runs, cur = append(runs, cur), nil
		}
		rs := []rune(t.text)
		if len(cur) == 0 {
			cur = append(cur, rs...)
		} else {
			cur = append(cur, rs[len(rs)-1])
		}
		last = t.run
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	// add adds the tokens of one translation of the query's tokens of,
	// which are chars characters of a CJK run (0 for English words). The
	// bigrams of a Chinese word count only all together (电动 of 电动车
	// is not 动车).
	add := func(of []string, toks []string, chars int) {
		known := 0
		for _, t := range toks {
			if _, ok := r.ix.terms[t]; ok {
				known++
			}
		}
		if known < len(toks) {
			// Part of a gloss is its head, the last word, alone ("rider"
			// of "bike rider", not "hit" of "hit the market"); part of a
			// Chinese word is nothing.
			head := toks[len(toks)-1]
			if _, ok := r.ix.terms[head]; !ok || chars == 0 {
				return
			}
			toks, known = []string{head}, 1
		}
		w := dictWeight / float64(known)
		for _, t := range toks {
			id, ok := r.ix.terms[t]
			if !ok {
				continue
			}
			added := false
			for _, o := range of {
				ci := r.conceptOf(o)
				if ci < 0 || slices.Contains(r.concepts[ci].syns, id) || r.concepts[ci].orig == id {
					continue
				}
				c := &r.concepts[ci]
				cw := w
				if n := utf8.RuneCountInString(c.text); len(c.chars) > 0 && chars < n {
					// A word of a span no passage has answers its share
					// of the span, function characters included: a
					// translation alone is weak evidence.
					cw *= float64(chars) / float64(n)
				}
				c.syns, c.synW, c.synDic = append(c.syns, id), append(c.synW, cw), append(c.synDic, true)
				added = true
			}
			if added {
				r.lex = append(r.lex, lexTerm{id, w})
			}
		}
	}
	// Two English words that the list has as one term ("stock market")
	// and that the handbook has neither side by side nor in a Chinese
	// translation are a thing it does not cover, whatever it says of
	// stocks and markets apart.
	for _, p := range adjacentWords(query) {
		zhs := d.zh[p[0]+" "+p[1]]
		if len(zhs) == 0 || r.hasPair(p[0], p[1]) || slices.ContainsFunc(zhs, r.knownWord) {
			continue
		}
		// It weighs what a word in half a passage does, not the three times
		// of a word the handbook never uses: its words are in the handbook,
		// so the question may well be near a topic it covers ("travel
		// expenses" and its expenses).
		if key := p[0] + " " + p[1]; !r.hasConcept(key) {
			r.byText[key] = len(r.concepts)
			r.concepts = append(r.concepts, concept{text: key, orig: -1, weight: r.ix.unknownIDF})
		}
	}
	for i := range words {
		for n := 2; n >= 1; n-- {
			if i+n > len(words) {
				continue
			}
			key := words[i]
			if n == 2 {
				key += " " + words[i+1]
			}
			for _, zh := range d.zh[key] {
				add(words[i:i+n], zh, 0)
			}
		}
	}
	for _, run := range runs {
		for i := range run {
			for n := min(d.maxZH, len(run)-i); n >= 2; n-- {
				w := string(run[i : i+n])
				glosses, ok := d.en[w]
				if !ok {
					continue
				}
				of := Tokens(w)
				for _, g := range glosses {
					add(of, g, n)
				}
			}
		}
	}
}

// hasPair reports whether some passage has the words a and b side by side.
func (r *resolution) hasPair(a, b string) bool {
	ia, oka := r.ix.terms[a]
	ib, okb := r.ix.terms[b]
	return oka && okb && r.ix.anyPair[pairKey(ia, ib)]
}

// knownWord reports whether every token of a Chinese word is a term of
// the index.
func (r *resolution) knownWord(toks []string) bool {
	for _, t := range toks {
		if _, ok := r.ix.terms[t]; !ok {
			return false
		}
	}
	return len(toks) > 0
}

// adjacentWords is the pairs of words side by side in text — nothing, not
// even a stop word or a comma, between them ("stock market", not "wedding
// or funeral") — each word one token, as Tokens makes it.
func adjacentWords(text string) [][2]string {
	var out [][2]string
	prev := ""
	for _, f := range strings.Fields(text) {
		w := strings.TrimRightFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		cur := ""
		if toks := Tokens(w); len(toks) == 1 {
			cur = toks[0]
		}
		if prev != "" && cur != "" {
			out = append(out, [2]string{prev, cur})
		}
		prev = cur
		if w != f {
			prev = "" // punctuation ends the phrase
		}
	}
	return out
}

func (r *resolution) hasConcept(text string) bool {
	_, ok := r.byText[text]
	return ok
}
