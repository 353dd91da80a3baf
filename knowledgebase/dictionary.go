package knowledgebase

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
)

// dictGz is a Chinese–English word list made from CC-CEDICT (CC BY-SA
// 4.0) by internal/gendict: it bridges the two languages for the words the
// glossary does not name (冰箱 "refrigerator", 腹泻 "diarrhea").
//
//go:embed dict.tsv.gz
var dictGz []byte

// bilingual is the word list read for lookups: English gloss (as tokens,
// space-joined, one or two of them) → Chinese words, and Chinese word →
// its glosses as tokens.
type bilingual struct {
	zh    map[string][][]string // gloss key → the tokens of its Chinese words, in the list's order
	en    map[string][][]string // Chinese word → its glosses' tokens
	maxZH int                   // the longest Chinese word, in characters
}

// dictionary is the word list, read once when first needed.
var dictionary = sync.OnceValue(func() *bilingual {
	d := &bilingual{zh: map[string][][]string{}, en: map[string][][]string{}}
	zr, err := gzip.NewReader(bytes.NewReader(dictGz))
	if err != nil {
		return d // not with the list embedded at build time, which the tests read
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := sc.Text()
		zh, glosses, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		d.maxZH = max(d.maxZH, len([]rune(zh)))
		zhToks := Tokens(zh)
		for g := range strings.SplitSeq(glosses, "|") {
			toks := Tokens(g)
			if len(toks) == 0 {
				continue
			}
			d.en[zh] = append(d.en[zh], toks)
			if len(toks) <= 2 {
				k := strings.Join(toks, " ")
				d.zh[k] = append(d.zh[k], zhToks)
			}
		}
	}
	return d
})

// wordChars reports, for each of chars (characters of span), whether it
// is part of a word of the list that span has: 市 of 上市 in 公司会上市吗.
// No passage has that word (the span is one no passage has), so a passage
// with the character alone (市 of 城市) is no evidence for it.
func (d *bilingual) wordChars(span string, chars []rune) []bool {
	run := []rune(span)
	in := make([]bool, len(run))
	for i := range run {
		for n := min(d.maxZH, len(run)-i); n >= 2; n-- {
			if _, ok := d.en[string(run[i:i+n])]; ok {
				for k := i; k < i+n; k++ {
					in[k] = true
				}
				break
			}
		}
	}
	bound := make([]bool, len(chars))
	for j, ch := range chars {
		for i, r := range run {
			if r == ch && in[i] {
				bound[j] = true
				break
			}
		}
	}
	return bound
}
