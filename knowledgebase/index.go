package knowledgebase

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// Passage is a stored chunk with what search needs.
type Passage struct {
	ID       int64
	Doc      string // Document.Name
	DocTitle string
	Section  string
	Path     []string
	Text     string
	Vector   []float32 // embedding, nil when none
}

// Hit is a passage found by Search.
type Hit struct {
	Passage   *Passage // points into the index: do not change it
	Score     float64  // final ranking score
	Lexical   float64  // BM25 score
	Relevance float64  // 0..1: how much of the question the passage covers
	Semantic  float64  // cosine similarity with the query vector, 0 when no vectors
}

// DefaultMinRelevance is the Relevance under which the best hit of a search
// does not answer the question: the bot should say it does not know. It is
// tuned on the sample handbook (examples/handbook): over 90% of its dev
// questions' right passages score at least this, and over 80% of the
// questions it cannot answer score less.
const DefaultMinRelevance = 0.29

// Ranking constants.
const (
	bm25K1 = 1.2
	bm25B  = 0.75

	// A passage's heading words count as if they were in its text this many
	// times: the section's own heading, its ancestors', the document title's.
	sectionBoost  = 2.5
	ancestorBoost = 1.0
	titleBoost    = 0.5

	// seamWeight is the BM25 weight of a CJK bigram of the query that spans
	// two words (的补 in 的补贴); charWeight the weight of a loose CJK
	// character of the query as a unigram, shared by the characters of its
	// span.
	seamWeight = 0.5
	charWeight = 0.3

	// For Relevance: a query term in the passage's text but not in its
	// headings covers textCover of the term; a span of CJK characters no
	// passage has covers at most charCover, for the share of its characters
	// the passage has; a synonym covers expansionCover (expansionWeight) of
	// the query token, all of it when no passage has the token itself.
	textCover      = 0.8
	charCover      = 0.5
	expansionCover = expansionWeight

	// headingBonus raises a passage's score by up to this share for how
	// much of its own heading the question names.
	headingBonus = 0.5

	// rrfK and rrfDepth shape the reciprocal-rank fusion of the lexical and
	// the semantic ranking: each list's top rrfDepth passages contribute
	// 1/(rrfK+rank).
	rrfK     = 60
	rrfDepth = 100

	// semanticFloor and semanticFull map a cosine similarity to a
	// relevance: 0 up to the floor, 1 from full on, linear between.
	semanticFloor = 0.30
	semanticFull  = 0.70
)

// Index is an in-memory inverted index of passages. It is immutable once
// built and safe for concurrent Search.
type Index struct {
	passages   []Passage
	terms      map[string]int32 // token → term id
	postings   [][]posting      // by term id, by passage index
	idf        []float64        // by term id
	unknownIDF float64          // the IDF of a term no passage has (df = 0.5)
	charPosts  map[rune][]int32 // CJK character → the passages that have it
	headings   [][][]int32      // by passage: the term ids of each part of its section heading
	dim        int              // the length of the passages' vectors; 0 when none
	norms      []float64        // by passage; 0 for a passage without a usable vector
	scratch    sync.Pool        // of *scratch
}

// posting is one passage having one term; w is its BM25 term-frequency
// factor, tf·(k1+1) / (tf + k1·(1−b+b·dl/avgdl)), so that a term's score in
// the passage is idf·w.
type posting struct {
	p    int32
	w    float32
	head bool // the term is in the passage's headings
}

// NewIndex builds an index of passages for BM25 (k1 1.2, b 0.75) over the
// tokens of each passage's text, its section heading counted 2.5 times, the
// headings above it once more and its document title half. The passages are
// copied, their vectors too; Path must not be changed afterwards. Vectors
// count when they all have the length of the first one; others are dropped.
func NewIndex(passages []Passage) *Index {
	ix := &Index{passages: slices.Clone(passages), terms: map[string]int32{}, charPosts: map[rune][]int32{}}
	n := len(ix.passages)
	type rawPosting struct {
		p    int32
		tf   float64
		head bool
	}
	var (
		raw    [][]rawPosting
		dls    = make([]float64, n)
		counts = map[string]float64{}
		inHead = map[string]bool{}
		chars  = map[rune]bool{}
		order  []string // counts' keys in first-seen order, for a stable build
		sumDL  float64
	)
	add := func(text string, weight float64) {
		for _, t := range Tokens(text) {
			if _, ok := counts[t]; !ok {
				order = append(order, t)
			}
			counts[t] += weight
		}
	}
	for i := range ix.passages {
		p := &ix.passages[i]
		clear(counts)
		order = order[:0]
		add(p.Text, 1)
		clear(chars)
		for _, text := range append([]string{p.Text, p.Section, p.DocTitle}, p.Path...) {
			for _, r := range text {
				if isCJK(r) {
					chars[r] = true
				}
			}
		}
		for r := range chars {
			ix.charPosts[r] = append(ix.charPosts[r], int32(i))
		}
		clear(inHead)
		for _, h := range append([]string{p.Section}, p.Path...) {
			for _, t := range Tokens(h) {
				inHead[t] = true
			}
		}
		if len(p.Path) > 0 {
			add(p.Path[len(p.Path)-1], sectionBoost)
			for _, h := range p.Path[:len(p.Path)-1] {
				add(h, ancestorBoost)
			}
		} else if p.Section != p.DocTitle {
			add(p.Section, sectionBoost)
		}
		add(p.DocTitle, titleBoost)
		for _, t := range order {
			id, ok := ix.terms[t]
			if !ok {
				id = int32(len(raw))
				ix.terms[t] = id
				raw = append(raw, nil)
			}
			raw[id] = append(raw[id], rawPosting{int32(i), counts[t], inHead[t]})
			dls[i] += counts[t]
		}
		sumDL += dls[i]
	}
	avgDL := 1.0
	if n > 0 && sumDL > 0 {
		avgDL = sumDL / float64(n)
	}
	ix.postings = make([][]posting, len(raw))
	ix.idf = make([]float64, len(raw))
	for id, rs := range raw {
		ps := make([]posting, len(rs))
		for j, r := range rs {
			norm := bm25K1 * (1 - bm25B + bm25B*dls[r.p]/avgDL)
			ps[j] = posting{p: r.p, w: float32(r.tf * (bm25K1 + 1) / (r.tf + norm)), head: r.head}
		}
		ix.postings[id] = ps
		ix.idf[id] = idf(n, len(rs))
	}
	ix.unknownIDF = math.Log(1 + float64(n)/1)
	for i := range ix.passages {
		if v := ix.passages[i].Vector; len(v) > 0 {
			ix.dim = len(v)
			break
		}
	}
	if ix.dim > 0 {
		// The vectors are copied into one block, for the cache.
		ix.norms = make([]float64, n)
		flat := make([]float32, 0, n*ix.dim)
		for i := range ix.passages {
			p := &ix.passages[i]
			if len(p.Vector) != ix.dim {
				p.Vector = nil
				continue
			}
			flat = append(flat, p.Vector...)
			p.Vector = flat[len(flat)-ix.dim : len(flat) : len(flat)]
			ix.norms[i] = norm(p.Vector)
		}
	}
	ix.headings = make([][][]int32, n)
	for i := range ix.passages {
		parts := HeadingParts(ix.passages[i].Section)
		if len(parts) > 1 {
			parts = parts[1:]
		}
		for _, part := range parts {
			var ids []int32
			for _, t := range Tokens(part) {
				if id, ok := ix.terms[t]; ok && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			if len(ids) > 0 {
				ix.headings[i] = append(ix.headings[i], ids)
			}
		}
	}
	ix.scratch.New = func() any { return newScratch(n) }
	return ix
}

// idf is BM25's inverse document frequency of a term in df of n passages.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// dot is the dot product of two vectors of the same length.
func dot(a, b []float32) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return float64(s0 + s1 + s2 + s3)
}

func norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// Len is the number of passages in the index.
func (ix *Index) Len() int { return len(ix.passages) }

// scratch is the per-search working memory, one slot per passage, reused
// through a pool so that a search allocates nothing per passage.
type scratch struct {
	score   []float64 // BM25, then the lexical ranking score
	rel     []float64 // covered concept weight
	cos     []float64 // cosine similarity, with vectors only
	withVec []int32   // passages with a vector
	stamp   []uint32  // which concept last covered a passage
	part    []float64 // share of a concept's characters a passage has
	termHit []bool    // the passage has a term of the query, not just characters
	parted  []int32   // passages with a part, each once
	gen     uint32
	touched []int32 // passages with a non-zero score, each once
	top     []ranked
}

type ranked struct {
	p     int32
	score float64
}

func newScratch(n int) *scratch {
	return &scratch{score: make([]float64, n), rel: make([]float64, n), stamp: make([]uint32, n), part: make([]float64, n), termHit: make([]bool, n)}
}

// concept is one thing a query asks about, for Relevance: a distinct
// token with its synonyms, or a span of CJK characters no passage has.
type concept struct {
	text   string
	weight float64 // IDF of the token; for one no passage has, df = 0.5 or its synonyms' mean IDF
	orig   int32   // term id of the token, -1 when no passage has it
	syns   []int32 // term ids of the synonyms some passage has
	chars  []rune  // for a CJK span no passage has: its unexplained characters
}

// Search finds the k passages that best answer query, best first. It
// returns nil for k ≤ 0 and when nothing in the query is in the index.
//
// Lexical is the BM25 score of the query's tokens in the passage's text
// and headings (see NewIndex), synonyms weighing half; the
// lexical ranking multiplies it by up to 1.5 for the share of the
// passage's own heading (its better language) that the query names.
//
// Relevance is the IDF-weighted share of what the query asks about that
// the passage has: a distinct token counts fully when in the passage's
// headings and 0.8 when only in its text; a synonym counts half, or fully
// when no passage has the token itself; a token no passage has counts
// against it with the IDF of a term in half a passage, so that a question
// about something the handbook does not cover scores low even when a
// common word matches; numbers count neither way. Chinese and Japanese are
// read through the bigrams the index knows: a bigram that straddles two
// known words is ignored, and a run of characters no known bigram explains
// counts as an unknown word per two characters, with partial credit for a
// passage that has those characters.
//
// Without a query vector (or when the passages have none of its length)
// Score is the lexical ranking score. With vectors, the lexical and the
// cosine-similarity rankings are fused by reciprocal rank: Score is the
// sum of 1/(60+rank) over the two lists' top 100. Semantic is then the
// cosine similarity, and Relevance the larger of the lexical one and the
// cosine mapped linearly from 0 at 0.30 to 1 at 0.70.
func (ix *Index) Search(query string, queryVector []float32, k int) []Hit {
	if k <= 0 || len(ix.passages) == 0 {
		return nil
	}
	concepts, lexTerms := ix.resolve(query)
	useVectors := ix.dim > 0 && len(queryVector) == ix.dim
	if len(lexTerms) == 0 && !useVectors && !slices.ContainsFunc(concepts, func(c concept) bool { return len(c.chars) > 0 }) {
		return nil
	}
	s := ix.scratch.Get().(*scratch)
	defer ix.release(s)

	for _, t := range lexTerms {
		idf := ix.idf[t.id] * t.weight
		for _, p := range ix.postings[t.id] {
			if s.score[p.p] == 0 {
				s.touched = append(s.touched, p.p)
				s.termHit[p.p] = true
			}
			s.score[p.p] += idf * float64(p.w)
		}
	}
	// The loose characters of CJK spans no passage has count a little, as
	// unigrams: 顶 of 能顶几 still points to the passages about 顶班.
	for _, c := range concepts {
		for _, ch := range c.chars {
			ps := ix.charPosts[ch]
			w := charWeight * idf(len(ix.passages), len(ps)) / float64(len(c.chars))
			for _, p := range ps {
				if s.score[p] == 0 {
					s.touched = append(s.touched, p)
				}
				s.score[p] += w
			}
		}
	}
	totalWeight := 0.0
	for _, c := range concepts {
		totalWeight += c.weight
		s.nextGen()
		if c.orig >= 0 {
			for _, p := range ix.postings[c.orig] {
				if p.head {
					s.rel[p.p] += c.weight
				} else {
					s.rel[p.p] += c.weight * textCover
				}
				s.stamp[p.p] = s.gen
			}
		}
		if len(c.chars) > 0 {
			// A CJK span no passage has: partial credit for its characters.
			s.parted = s.parted[:0]
			for _, ch := range c.chars {
				ps := ix.charPosts[ch]
				share := 1 / float64(len(c.chars))
				for _, p := range ps {
					if !s.termHit[p] {
						continue // characters alone are no evidence
					}
					if s.stamp[p] != s.gen {
						s.stamp[p], s.part[p] = s.gen, 0
						s.parted = append(s.parted, p)
					}
					s.part[p] += share
				}
			}
			for _, p := range s.parted {
				s.rel[p] += c.weight * charCover * s.part[p]
			}
		}
		cover := expansionCover
		if c.orig < 0 {
			cover = 1
		}
		for _, id := range c.syns {
			for _, p := range ix.postings[id] {
				if s.stamp[p.p] != s.gen {
					s.rel[p.p] += c.weight * cover
					s.stamp[p.p] = s.gen
				}
			}
		}
	}
	relevance := func(p int32) float64 {
		if totalWeight == 0 {
			return 0
		}
		return min(1, s.rel[p]/totalWeight)
	}

	// A passage whose own heading the question names is likely the answer:
	// its score grows by up to headingBonus for the IDF-weighted share of
	// the heading (of its best language) that the query has.
	asked := map[int32]float64{}
	for _, c := range concepts {
		if c.orig >= 0 {
			asked[c.orig] = 1
		}
		for _, id := range c.syns {
			asked[id] = max(asked[id], expansionWeight)
		}
	}
	named := func(p int32) float64 {
		best := 0.0
		for _, part := range ix.headings[p] {
			var have, all float64
			for _, id := range part {
				have += ix.idf[id] * asked[id]
				all += ix.idf[id]
			}
			best = max(best, have/all)
		}
		return 1 + headingBonus*best
	}
	for _, p := range s.touched {
		s.score[p] *= named(p)
	}
	lexical := func(p int32) float64 { return s.score[p] / named(p) }

	if !useVectors {
		top := topK(s.top[:0], s.touched, s.score, k)
		s.top = top
		hits := make([]Hit, len(top))
		for i, r := range top {
			hits[i] = Hit{Passage: &ix.passages[r.p], Score: r.score, Lexical: lexical(r.p), Relevance: relevance(r.p)}
		}
		return hits
	}

	// Semantic ranking over every passage with a vector.
	if s.cos == nil {
		s.cos = make([]float64, len(ix.passages))
	}
	qn := norm(queryVector)
	semIdx := s.withVec[:0]
	for i := range ix.passages {
		s.cos[i] = 0
		if ix.norms[i] == 0 || qn == 0 {
			continue
		}
		s.cos[i] = dot(ix.passages[i].Vector, queryVector) / (ix.norms[i] * qn)
		semIdx = append(semIdx, int32(i))
	}
	lexTop := topK(nil, s.touched, s.score, rrfDepth)
	s.withVec = semIdx
	semTop := topK(nil, semIdx, s.cos, rrfDepth)
	fused := make(map[int32]float64, len(lexTop)+len(semTop))
	for r, x := range lexTop {
		fused[x.p] += 1.0 / float64(rrfK+r+1)
	}
	for r, x := range semTop {
		fused[x.p] += 1.0 / float64(rrfK+r+1)
	}
	cands := make([]ranked, 0, len(fused))
	for p, f := range fused {
		cands = append(cands, ranked{p, f})
	}
	slices.SortFunc(cands, byScore)
	if len(cands) > k {
		cands = cands[:k]
	}
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		cos := s.cos[c.p]
		hits[i] = Hit{
			Passage:   &ix.passages[c.p],
			Score:     c.score,
			Lexical:   lexical(c.p),
			Relevance: max(relevance(c.p), semanticRelevance(cos)),
			Semantic:  cos,
		}
	}
	return hits
}

func semanticRelevance(cos float64) float64 {
	return min(1, max(0, (cos-semanticFloor)/(semanticFull-semanticFloor)))
}

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
	var (
		concepts []concept
		lex      []lexTerm
		byText   = map[string]int{}
	)
	// addConcept adds a concept; a minor one (a seam, a number) is a BM25
	// term only, a seam with less weight.
	addConcept := func(text string, chars []rune, minor bool) {
		if minor {
			if id, ok := ix.terms[text]; ok {
				w := 1.0
				if !isDigit(text[0]) {
					w = seamWeight
				}
				lex = append(lex, lexTerm{id, w})
			}
			return
		}
		if _, dup := byText[text]; dup {
			return
		}
		c := concept{text: text, orig: -1}
		if id, ok := ix.terms[text]; ok {
			c.weight, c.orig = ix.idf[id], id
			lex = append(lex, lexTerm{id, 1})
		} else {
			// A long span of unknown characters is as many words as it has
			// pairs of them.
			c.weight, c.chars = ix.unknownIDF*max(1, float64(len(chars))/2), chars
		}
		byText[text] = len(concepts)
		concepts = append(concepts, c)
	}
	var run []token
	flushRun := func() {
		ix.resolveRun(run, addConcept)
		run = run[:0]
	}
	tokenize(query, func(t token) {
		if len(run) > 0 && t.run != run[0].run {
			flushRun()
		}
		if t.run >= 0 {
			run = append(run, t)
			return
		}
		// A number (9, 1200, 1.5x) helps ranking but says little about the
		// topic, for or against.
		addConcept(t.text, nil, isDigit(t.text[0]))
	})
	flushRun()

	for _, t := range QueryTerms(query) {
		if t.Of == "" {
			continue
		}
		ci, ok := byText[t.Of]
		if !ok {
			// The token may be inside a span of CJK characters no passage has.
			ci = slices.IndexFunc(concepts, func(c concept) bool { return c.orig < 0 && strings.Contains(c.text, t.Of) })
			ok = ci >= 0
		}
		id, known := ix.terms[t.Text]
		if !ok || !known {
			continue
		}
		lex = append(lex, lexTerm{id, t.Weight})
		c := &concepts[ci]
		c.syns = append(c.syns, id)
		if c.orig < 0 {
			// A token no passage has weighs what its synonyms weigh, on average.
			w := 0.0
			for _, sid := range c.syns {
				w += ix.idf[sid]
			}
			c.weight = w / float64(len(c.syns))
		}
	}
	return concepts, lex
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
}

func (s *scratch) nextGen() {
	s.gen++
	if s.gen == 0 {
		clear(s.stamp)
		s.gen = 1
	}
}

func (ix *Index) release(s *scratch) {
	for _, p := range s.touched {
		s.score[p], s.rel[p], s.termHit[p] = 0, 0, false
	}
	s.touched = s.touched[:0]
	s.top = s.top[:0]
	ix.scratch.Put(s)
}

// byScore orders best first, ties by passage order.
func byScore(a, b ranked) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	return int(a.p - b.p)
}

// topK returns the k best of cands by score (a min-heap of size k, then a
// sort), appended to dst.
func topK(dst []ranked, cands []int32, score []float64, k int) []ranked {
	h := dst[:0]
	worse := func(a, b ranked) bool { return byScore(a, b) > 0 }
	for _, p := range cands {
		r := ranked{p, score[p]}
		if len(h) < k {
			h = append(h, r)
			// sift up
			for i := len(h) - 1; i > 0; {
				parent := (i - 1) / 2
				if !worse(h[i], h[parent]) {
					break
				}
				h[i], h[parent] = h[parent], h[i]
				i = parent
			}
			continue
		}
		if !worse(h[0], r) {
			continue
		}
		h[0] = r
		// sift down
		for i := 0; ; {
			l, m := 2*i+1, i
			if l < len(h) && worse(h[l], h[m]) {
				m = l
			}
			if l+1 < len(h) && worse(h[l+1], h[m]) {
				m = l + 1
			}
			if m == i {
				break
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	slices.SortFunc(h, byScore)
	return h
}

// passageLabel is "doc › section", as evaluation reports show hits.
func passageLabel(p *Passage) string {
	return p.Doc + " › " + strings.TrimSpace(p.Section)
}
