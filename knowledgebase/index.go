package knowledgebase

import (
	"math"
	"path"
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
// tuned on the sample handbook's dev set (examples/kb-eval): 91% of its
// questions' right passages score at least this, and 86% of the 35
// questions it cannot answer score less; it trades one for the other.
const DefaultMinRelevance = 0.26

// Ranking constants.
const (
	bm25K1 = 1.2
	bm25B  = 0.75

	// A passage's heading words count as if they were in its text this many
	// times: the section's own heading, its ancestors', the document title's.
	sectionBoost  = 2.5
	ancestorBoost = 1.0
	titleBoost    = 1.0

	// seamWeight is the BM25 weight of a CJK bigram of the query that spans
	// two words (的补 in 的补贴); charWeight the weight of a loose CJK
	// character of the query as a unigram, shared by the characters of its
	// span.
	seamWeight = 0.5
	charWeight = 0.3

	// For Relevance: a query term in the passage's text but not in its
	// headings covers textCover of the term; a span of CJK characters no
	// passage has covers at most charCover, for the share of its characters
	// the passage has; a synonym covers its weight (expansionWeight, or
	// glossaryWeight shared by the words of a glossary name) of the query
	// token, all of it when no passage has the token itself.
	textCover = 0.8
	charCover = 0.25

	// A word of the query no passage has weighs unknownWordWeight times
	// the IDF of a term in half a passage; a span of CJK characters no
	// bigram explains unknownSpanWeight times that per two characters
	// (less, as a span is often a seam or a rare wording, not a topic).
	unknownWordWeight = 3
	unknownSpanWeight = 1.5

	// headingBonus raises a passage's score by up to this share for how
	// much of its own heading the question names.
	headingBonus = 0.5

	// conceptWeight is the BM25 weight of a glossary concept's term that
	// the query names, and how much of each word of the name it covers.
	conceptWeight = 1.0

	// dictWeight is the weight of a translation the bilingual word list
	// gives, shared by its tokens, for BM25 and for Relevance.
	dictWeight = 0.5

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
	charHead   map[rune][]bool  // by charPosts: the passage has it in its own heading
	headings   [][][]int32      // by passage: the term ids of each part of its section heading
	pairs      [][]uint64       // by passage: the pairs of term ids side by side in it, sorted (see indexPairs)
	anyPair    map[uint64]bool  // the pairs some passage has
	withoutZH  int              // passages with next to no Chinese text
	withoutEN  int              // passages with next to no English text
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
	ix := &Index{passages: slices.Clone(passages), terms: map[string]int32{}, charPosts: map[rune][]int32{}, charHead: map[rune][]bool{}}
	dictionary() // read once per process, here rather than in a search's time
	n := len(ix.passages)
	raw, dls := ix.countTerms()
	ix.weighTerms(raw, dls)
	ix.packVectors()
	ix.indexHeadings()
	ix.indexPairs()
	ix.indexLanguages()
	ix.scratch.New = func() any { return newScratch(n) }
	return ix
}

// rawPosting is one passage having one term before BM25 weighs it: tf is
// the term's weighted count in the passage.
type rawPosting struct {
	p    int32
	tf   float64
	head bool
}

// termCounts counts one passage's tokens, each weighted by where it is, in
// first-seen order so that the index is built the same way every time.
type termCounts struct {
	counts map[string]float64
	order  []string        // counts' keys in first-seen order
	inHead map[string]bool // the token is in the passage's headings
}

func (tc *termCounts) add(text string, weight float64) {
	for _, t := range indexTokens(text) {
		if _, ok := tc.counts[t]; !ok {
			tc.order = append(tc.order, t)
		}
		tc.counts[t] += weight
	}
}

// count counts p's text once, its own section heading sectionBoost times,
// the headings above it ancestorBoost times and its document title
// titleBoost times.
func (tc *termCounts) count(p *Passage) {
	clear(tc.counts)
	tc.order = tc.order[:0]
	tc.add(p.Text, 1)
	clear(tc.inHead)
	for _, h := range append([]string{p.Section}, p.Path...) {
		for _, t := range indexTokens(h) {
			tc.inHead[t] = true
		}
	}
	if len(p.Path) > 0 {
		tc.add(p.Path[len(p.Path)-1], sectionBoost)
		for _, h := range p.Path[:len(p.Path)-1] {
			tc.add(h, ancestorBoost)
		}
	} else if p.Section != p.DocTitle {
		tc.add(p.Section, sectionBoost)
	}
	tc.add(p.DocTitle, titleBoost)
	tc.add(docNameWords(p.Doc), titleBoost)
}

// docNameWords is a document's file name as words: "leave-policy.md" →
// "leave policy", for the shops whose file names say more than their
// titles.
func docNameWords(name string) string {
	name = strings.TrimSuffix(path.Base(name), path.Ext(name))
	return strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(name)
}

// countTerms gives every token of the passages a term id and counts it in
// each passage: raw is by term id, dls is each passage's weighted length.
func (ix *Index) countTerms() (raw [][]rawPosting, dls []float64) {
	dls = make([]float64, len(ix.passages))
	tc := termCounts{counts: map[string]float64{}, inHead: map[string]bool{}}
	chars := map[rune]bool{}
	for i := range ix.passages {
		p := &ix.passages[i]
		tc.count(p)
		ix.postChars(int32(i), p, chars)
		for _, t := range tc.order {
			id, ok := ix.terms[t]
			if !ok {
				id = int32(len(raw))
				ix.terms[t] = id
				raw = append(raw, nil)
			}
			raw[id] = append(raw[id], rawPosting{int32(i), tc.counts[t], tc.inHead[t]})
			dls[i] += tc.counts[t]
		}
	}
	return raw, dls
}

// postChars records the CJK characters passage i has in its text and
// headings, for the characters of a query that no term explains, and
// whether its own section heading has them; chars is scratch space.
func (ix *Index) postChars(i int32, p *Passage, chars map[rune]bool) {
	clear(chars)
	for _, text := range append([]string{p.Text, p.DocTitle}, p.Path...) {
		for _, r := range text {
			if isCJK(r) && !chars[r] {
				chars[r] = false
			}
		}
	}
	for _, r := range p.Section {
		if isCJK(r) {
			chars[r] = true
		}
	}
	for r, head := range chars {
		ix.charPosts[r] = append(ix.charPosts[r], i)
		ix.charHead[r] = append(ix.charHead[r], head)
	}
}

// weighTerms turns the counts into BM25 postings and each term's IDF.
func (ix *Index) weighTerms(raw [][]rawPosting, dls []float64) {
	n := len(ix.passages)
	var sumDL float64
	for _, dl := range dls {
		sumDL += dl
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
}

// indexHeadings keeps, by passage, the term ids of each language of its
// section heading (HeadingParts without the whole when it has several), for
// the bonus of a question that names the heading.
func (ix *Index) indexHeadings() {
	ix.headings = make([][][]int32, len(ix.passages))
	for i := range ix.passages {
		parts := HeadingParts(ix.passages[i].Section)
		if len(parts) > 1 {
			parts = parts[1:]
		}
		for _, part := range parts {
			var ids []int32
			for _, t := range indexTokens(part) {
				if id, ok := ix.terms[t]; ok && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			if len(ids) > 0 {
				ix.headings[i] = append(ix.headings[i], ids)
			}
		}
	}
}

// idf is BM25's inverse document frequency of a term in df of n passages.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// Len is the number of passages in the index.
func (ix *Index) Len() int { return len(ix.passages) }

// passageLabel is "doc › section", as evaluation reports show hits.
func passageLabel(p *Passage) string {
	return p.Doc + " › " + strings.TrimSpace(p.Section)
}
