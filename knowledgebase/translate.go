package knowledgebase

import (
	"context"
	"slices"
	"unicode"

	"github.com/hrbot/hrbot/core"
)

// Translator rewrites a question into another language, for retrieval in
// a handbook written in that one.
type Translator interface {
	Translate(ctx context.Context, text string, to core.Locale) (string, error)
}

// langMinChars is how much text of a language a passage needs to count as
// written in it: a few Chinese characters or English words in a
// heading or a name do not make it readable in that language.
const langMinChars = 12

// indexLanguages records, by passage, whether its text has Chinese and
// whether it has English, for Lacks.
func (ix *Index) indexLanguages() {
	for i := range ix.passages {
		han, latin := 0, 0
		for _, r := range ix.passages[i].Text {
			switch {
			case unicode.Is(unicode.Han, r):
				han++
			case r < unicode.MaxASCII && unicode.IsLetter(r):
				latin++
			}
		}
		// An English word is some five letters; a Chinese one two characters.
		if han < langMinChars {
			ix.withoutZH++
		}
		if latin < 3*langMinChars {
			ix.withoutEN++
		}
	}
}

// Lacks reports whether some passages have no text in loc's language:
// a question in that language may then miss them, and is worth searching
// in the other language too.
func (ix *Index) Lacks(loc core.Locale) bool {
	if loc == core.LocaleZH {
		return ix.withoutZH > 0
	}
	return ix.withoutEN > 0
}

// mergeHits merges the hits of the same question asked in two languages:
// each passage once, with the better of its two relevances and of its two
// scores. The two questions' scores are not on one scale: each is taken
// relative to the best of its own list and weighed by that best hit's
// relevance, so that the list whose best hit answers more of the question
// leads; best first, at most k.
func mergeHits(a, b []Hit, k int) []Hit {
	norm := func(hs []Hit) float64 {
		if len(hs) == 0 || hs[0].Score <= 0 {
			return 1
		}
		return hs[0].Score / max(hs[0].Relevance, 0.01)
	}
	na, nb := norm(a), norm(b)
	out := make([]Hit, 0, len(a)+len(b))
	at := map[*Passage]int{}
	add := func(h Hit, n float64) {
		h.Score /= n
		if i, ok := at[h.Passage]; ok {
			o := &out[i]
			o.Score, o.Relevance = max(o.Score, h.Score), max(o.Relevance, h.Relevance)
			o.Lexical, o.Semantic = max(o.Lexical, h.Lexical), max(o.Semantic, h.Semantic)
			return
		}
		at[h.Passage] = len(out)
		out = append(out, h)
	}
	for _, h := range a {
		add(h, na)
	}
	for _, h := range b {
		add(h, nb)
	}
	slices.SortStableFunc(out, func(x, y Hit) int {
		switch {
		case x.Score > y.Score:
			return -1
		case x.Score < y.Score:
			return 1
		}
		return 0
	})
	return out[:min(k, len(out))]
}
