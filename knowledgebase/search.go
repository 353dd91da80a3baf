package knowledgebase

import "slices"

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
	weight float64   // IDF of the token; for one no passage has, df = 0.5 or its synonyms' mean IDF
	orig   int32     // term id of the token, -1 when no passage has it
	syns   []int32   // term ids of the synonyms some passage has
	synW   []float64 // their weights: expansionWeight or glossaryWeight
	synDic []bool    // by syns: a translation from the bilingual word list, which never covers the token fully
	chars  []rune    // for a CJK span no passage has: its unexplained characters
	bound  []bool    // by chars: part of a word of the bilingual list, which no passage has, so no evidence alone
}

// Search finds the k passages that best answer query, best first. It
// returns nil for k ≤ 0 and when nothing in the query is in the index.
//
// Lexical is the BM25 score of the query's tokens in the passage's text
// and headings (see NewIndex), synonyms weighing half, the glossary
// concepts the query names as terms of their own, and the translations
// the bilingual word list gives (see expandDictionary); the
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

	q := &search{ix: ix, s: s, concepts: concepts}
	q.scoreTerms(lexTerms)
	q.scoreChars()
	q.cover()
	q.boostNamed()
	q.rerank(query)
	if !useVectors {
		return q.lexicalHits(k)
	}
	return q.fusedHits(queryVector, k)
}

// search is one Search under way: the index, its working memory and what
// the query asks about.
type search struct {
	ix          *Index
	s           *scratch
	concepts    []concept
	totalWeight float64           // of all concepts, for Relevance
	asked       map[int32]float64 // term id → how much the query has it: 1, or expansionWeight for a synonym
}

// scoreTerms adds the BM25 score of the query's known terms.
func (q *search) scoreTerms(lexTerms []lexTerm) {
	ix, s := q.ix, q.s
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
}

// scoreChars adds a little for the loose characters of CJK spans no
// passage has, as unigrams: 顶 of 能顶几 still points to the passages
// about 顶班. A character in a passage's own heading counts sectionBoost
// times, as a heading word does: 场 of 播几场 points to 直播场次安排.
func (q *search) scoreChars() {
	ix, s := q.ix, q.s
	for _, c := range q.concepts {
		for j, ch := range c.chars {
			if c.bound[j] {
				continue
			}
			ps, head := ix.charPosts[ch], ix.charHead[ch]
			w := charWeight * idf(len(ix.passages), len(ps)) / float64(len(c.chars))
			for i, p := range ps {
				if s.score[p] == 0 {
					s.touched = append(s.touched, p)
				}
				if head[i] {
					s.score[p] += w * sectionBoost
				} else {
					s.score[p] += w
				}
			}
		}
	}
}

// cover adds up, by passage, the weight of the concepts it covers, for
// Relevance: a token fully in the headings, textCover in the text only;
// a CJK span no passage has charCover for the share of its characters the
// passage has; a synonym its weight, or fully when no passage has the
// token itself.
func (q *search) cover() {
	ix, s := q.ix, q.s
	for _, c := range q.concepts {
		q.totalWeight += c.weight
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
			q.coverChars(c)
		}
		q.coverSyns(c)
	}
}

// coverSyns adds, to the passages that do not have the concept itself, the
// synonyms' weights they have, up to 1 (fully when no passage has the token
// itself): the bigrams of a Chinese name share its weight (公积金 → 公积,
// 积金), so a passage has the whole name only with all of them.
func (q *search) coverSyns(c concept) {
	ix, s := q.ix, q.s
	if len(c.syns) == 0 {
		return
	}
	had := s.gen
	s.nextGen()
	s.parted = s.parted[:0]
	for i, id := range c.syns {
		for _, p := range ix.postings[id] {
			switch s.stamp[p.p] {
			case had:
				continue
			case s.gen:
			default:
				s.stamp[p.p], s.part[p.p] = s.gen, 0
				s.parted = append(s.parted, p.p)
			}
			if c.orig < 0 && !c.synDic[i] {
				s.part[p.p] = 1
			} else {
				s.part[p.p] += c.synW[i]
			}
		}
	}
	for _, p := range s.parted {
		s.rel[p] += c.weight * min(1, s.part[p])
	}
}

// coverChars gives partial credit for a CJK span no passage has, for the
// share of its characters a passage has, to passages that have a term of
// the query: characters alone are no evidence.
func (q *search) coverChars(c concept) {
	ix, s := q.ix, q.s
	s.parted = s.parted[:0]
	for j, ch := range c.chars {
		if c.bound[j] {
			continue
		}
		ps := ix.charPosts[ch]
		share := 1 / float64(len(c.chars))
		for _, p := range ps {
			if !s.termHit[p] {
				continue
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

// relevance is the share of the query's concepts passage p covers.
func (q *search) relevance(p int32) float64 {
	if q.totalWeight == 0 {
		return 0
	}
	return min(1, q.s.rel[p]/q.totalWeight)
}

// boostNamed raises the score of a passage whose own heading the question
// names, as it is likely the answer: by up to headingBonus for the
// IDF-weighted share of the heading (of its best language) that the query
// has.
func (q *search) boostNamed() {
	q.asked = map[int32]float64{}
	for _, c := range q.concepts {
		if c.orig >= 0 {
			q.asked[c.orig] = 1
		}
		for i, id := range c.syns {
			q.asked[id] = max(q.asked[id], c.synW[i])
		}
	}
	for _, p := range q.s.touched {
		q.s.score[p] *= q.named(p)
	}
}

// named is the factor boostNamed multiplies passage p's score by.
func (q *search) named(p int32) float64 {
	best := 0.0
	for _, part := range q.ix.headings[p] {
		var have, all float64
		for _, id := range part {
			have += q.ix.idf[id] * q.asked[id]
			all += q.ix.idf[id]
		}
		best = max(best, have/all)
	}
	return 1 + headingBonus*best
}

// lexical is passage p's BM25 score, without the heading bonus.
func (q *search) lexical(p int32) float64 { return q.s.score[p] / q.named(p) }

// lexicalHits are the k passages with the best lexical ranking score.
func (q *search) lexicalHits(k int) []Hit {
	s := q.s
	top := topK(s.top[:0], s.touched, s.score, k)
	s.top = top
	hits := make([]Hit, len(top))
	for i, r := range top {
		hits[i] = Hit{Passage: &q.ix.passages[r.p], Score: r.score, Lexical: q.lexical(r.p), Relevance: q.relevance(r.p)}
	}
	return hits
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
