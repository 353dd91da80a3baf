package knowledgebase

import (
	"math"
	"slices"
)

// packVectors keeps the passages' vectors of the first one's length,
// copied into one block for the cache, with their norms; the others are
// dropped.
func (ix *Index) packVectors() {
	n := len(ix.passages)
	for i := range ix.passages {
		if v := ix.passages[i].Vector; len(v) > 0 {
			ix.dim = len(v)
			break
		}
	}
	if ix.dim == 0 {
		return
	}
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

// fusedHits ranks every passage with a vector by its cosine similarity
// with queryVector and fuses that ranking with the lexical one by
// reciprocal rank: each list's top rrfDepth passages contribute
// 1/(rrfK+rank).
func (q *search) fusedHits(queryVector []float32, k int) []Hit {
	ix, s := q.ix, q.s
	semIdx := q.cosines(queryVector)
	lexTop := topK(nil, s.touched, s.score, rrfDepth)
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
			Lexical:   q.lexical(c.p),
			Relevance: max(q.relevance(c.p), semanticRelevance(cos)),
			Semantic:  cos,
		}
	}
	return hits
}

// cosines sets the cosine similarity of every passage with queryVector
// and returns the passages that have a vector.
func (q *search) cosines(queryVector []float32) []int32 {
	ix, s := q.ix, q.s
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
	s.withVec = semIdx
	return semIdx
}

func semanticRelevance(cos float64) float64 {
	return min(1, max(0, (cos-semanticFloor)/(semanticFull-semanticFloor)))
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
