package knowledgebase

import (
	"slices"
)

// Rerank constants: the best rerankDepth passages by the first-stage score
// are scored again, their score multiplied by up to 1+phraseBonus for the
// share of the query's word pairs they have side by side and by up to
// 1+coverBonus for their Relevance, the share of the question they cover.
const (
	rerankDepth = 20
	phraseBonus = 0.15
	coverBonus  = 1.5
)

// pairKey is two term ids side by side.
func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// indexPairs keeps, by passage, the sorted distinct pairs of term ids that
// are side by side in its headings or its text (with stop words left out,
// so "time off in lieu" has time·off and off·lieu; a Chinese run's
// overlapping bigrams make 年假·假结 for 年假结).
func (ix *Index) indexPairs() {
	ix.pairs = make([][]uint64, len(ix.passages))
	ix.anyPair = map[uint64]bool{}
	for i := range ix.passages {
		p := &ix.passages[i]
		var pairs []uint64
		for _, text := range append([]string{p.Text, p.Section, p.DocTitle}, p.Path...) {
			prev := int32(-1)
			for _, t := range Tokens(text) {
				id := ix.terms[t]
				if prev >= 0 {
					pairs = append(pairs, pairKey(prev, id))
					ix.anyPair[pairKey(prev, id)] = true
				}
				prev = id
			}
		}
		slices.Sort(pairs)
		ix.pairs[i] = slices.Compact(pairs)
	}
}

// queryPairs is the pairs of known term ids side by side in query, each
// with its weight: the IDF of the commoner of the two, so that a pair is
// worth what its weaker word is worth.
func (ix *Index) queryPairs(query string) (keys []uint64, weights []float64) {
	prev := int32(-1)
	for _, t := range Tokens(query) {
		id, ok := ix.terms[t]
		if !ok {
			prev = -1
			continue
		}
		if prev >= 0 && prev != id {
			k := pairKey(prev, id)
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
				weights = append(weights, min(ix.idf[prev], ix.idf[id]))
			}
		}
		prev = id
	}
	return keys, weights
}

// rerank scores the first stage's best passages again on what a bag of
// words cannot see: the query's words side by side in the passage, and
// how much of the whole question the passage covers.
func (q *search) rerank(query string) {
	s := q.s
	top := topK(s.top[:0], s.touched, s.score, rerankDepth)
	s.top = top[:0]
	keys, weights := q.ix.queryPairs(query)
	var total float64
	for _, w := range weights {
		total += w
	}
	for _, r := range top {
		f := 1 + coverBonus*q.relevance(r.p)
		if total > 0 {
			var have float64
			pairs := q.ix.pairs[r.p]
			for i, k := range keys {
				if _, ok := slices.BinarySearch(pairs, k); ok {
					have += weights[i]
				}
			}
			f *= 1 + phraseBonus*have/total
		}
		s.score[r.p] *= f
	}
}
