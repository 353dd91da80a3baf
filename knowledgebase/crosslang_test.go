package knowledgebase

import (
	"os"
	"strings"
	"testing"
)

// monolingual keeps one language of a passage: the paragraphs in it and
// that half of each bilingual heading but its own section (which the
// evaluation cases name).
func monolingual(p Passage, zh bool) Passage {
	var keep []string
	for _, para := range strings.Split(p.Text, "\n") {
		if strings.TrimSpace(para) != "" && isChinese(para) == zh {
			keep = append(keep, para)
		}
	}
	p.Text = strings.Join(keep, "\n")
	pick := func(h string) string {
		parts := HeadingParts(h)
		for _, x := range parts[min(1, len(parts)):] {
			if isChinese(x) == zh {
				return x
			}
		}
		return h
	}
	p.DocTitle = pick(p.DocTitle)
	path := make([]string, len(p.Path))
	for i, h := range p.Path {
		path[i] = pick(h)
	}
	p.Path = path
	return p
}

// TestCrossLanguageDev measures cross-language retrieval on the dev set
// without touching the held-out one: the sample handbook made monolingual
// (three documents kept in Chinese only, the rest in English only), and
// the dev questions asked in the other language than their document's.
// It is what the glossary was tuned on.
func TestCrossLanguageDev(t *testing.T) {
	t.Parallel()
	docs, err := ReadDir("../examples/handbook")
	if err != nil {
		t.Skip(err)
	}
	zhDocs := map[string]bool{"leave-policy.md": true, "cover-shifts.md": true, "faq.txt": true}
	var ps []Passage
	for _, d := range docs {
		for _, c := range d.Chunks {
			p := Passage{ID: int64(len(ps) + 1), Doc: d.Name, DocTitle: d.Title, Section: c.Section, Path: c.Path, Text: c.Text}
			ps = append(ps, monolingual(p, zhDocs[d.Name]))
		}
	}
	f, err := os.Open("../examples/kb-eval/eval.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := ReadEvalCases(f)
	if err != nil {
		t.Fatal(err)
	}
	var cross []EvalCase
	for _, c := range all {
		if isChinese(c.Q) != zhDocs[c.Doc] {
			cross = append(cross, c)
		}
	}
	ix := NewIndex(ps)
	res, err := Evaluate(cross, func(q string) ([]Hit, error) { return ix.Search(q, nil, 3), nil })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cross-language dev questions on a monolingual handbook: %s", res.N, res.Summary())
	// Lexical retrieval got top-1 0.37, top-3 0.56 here after the first
	// round of issue 27 (without the glossary 0.07 and 0.20), and 0.47,
	// 0.61 after the second.
	if res.Top1 < 0.42 || res.Top3 < 0.55 {
		t.Errorf("cross-language top-1 %.2f top-3 %.2f, want at least 0.42 and 0.55", res.Top1, res.Top3)
	}
}
