package knowledgebase

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strings"
	"time"
)

// EvalCase is one question of an evaluation set with where its answer is,
// or, with Refuse, a question the handbook does not answer.
type EvalCase struct {
	Q       string `json:"q"`
	Doc     string `json:"doc,omitempty"`
	Section string `json:"section,omitempty"`
	// Refuse marks an out-of-scope question: the right outcome is "I don't
	// know", that is no hit at DefaultMinRelevance or more.
	Refuse bool `json:"refuse,omitempty"`
	Line   int  `json:"-"` // line in the file, from 1
}

// ReadEvalCases reads evaluation cases as JSON Lines, one object a line;
// blank lines and lines starting with # are skipped. q is required, and
// doc unless refuse is true. An error says "line N: reason".
func ReadEvalCases(r io.Reader) ([]EvalCase, error) {
	var cases []EvalCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		var c EvalCase
		if err := json.Unmarshal(line, &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		c.Q, c.Doc, c.Section = strings.TrimSpace(c.Q), strings.TrimSpace(c.Doc), strings.TrimSpace(c.Section)
		switch {
		case c.Q == "":
			return nil, fmt.Errorf("line %d: q is required", n)
		case c.Doc == "" && !c.Refuse:
			return nil, fmt.Errorf("line %d: doc is required", n)
		case c.Doc != "" && c.Refuse:
			return nil, fmt.Errorf("line %d: a question to refuse has no doc", n)
		}
		c.Line = n
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read eval cases: %w", err)
	}
	return cases, nil
}

// ReadRefuseCases reads out-of-scope questions as plain text, one a line;
// blank lines and lines starting with # are skipped.
func ReadRefuseCases(r io.Reader) ([]EvalCase, error) {
	var cases []EvalCase
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		if q := strings.TrimSpace(sc.Text()); q != "" && !strings.HasPrefix(q, "#") {
			cases = append(cases, EvalCase{Q: q, Refuse: true, Line: n})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read questions to refuse: %w", err)
	}
	return cases, nil
}

// EvalMiss is a case whose top hit did not match, or an out-of-scope case
// that was not refused.
type EvalMiss struct {
	Case EvalCase
	Got  []string // "doc › section" of the top 3 hits
}

// EvalResult is how a search did on a set of cases.
type EvalResult struct {
	N          int     // cases with an answer
	Top1, Top3 float64 // share of them matched by the top hit, by one of the top 3
	// Answered is the share matched by the top hit at DefaultMinRelevance
	// or more: what a reader without a model is shown as the answer.
	Answered   float64
	OutOfScope int     // cases to refuse
	Refused    float64 // share of them whose top hit is below DefaultMinRelevance
	P50, P99   time.Duration
	Misses     []EvalMiss // cases not matched by the top hit or not refused, in case order
}

// Evaluate runs search on each case's question, timing each call, and
// scores the hits with Matches; an out-of-scope case is refused when no
// hit reaches DefaultMinRelevance. An error of search stops it and names
// the case.
func Evaluate(cases []EvalCase, search func(q string) ([]Hit, error)) (EvalResult, error) {
	var res EvalResult
	if len(cases) == 0 {
		return res, nil
	}
	took := make([]time.Duration, 0, len(cases))
	top1, top3, answered, refused := 0, 0, 0, 0
	for _, c := range cases {
		start := time.Now()
		hits, err := search(c.Q)
		took = append(took, time.Since(start))
		if err != nil {
			return EvalResult{}, fmt.Errorf("line %d: search %q: %w", c.Line, c.Q, err)
		}
		at := -1
		if c.Refuse {
			res.OutOfScope++
			if len(hits) == 0 || hits[0].Relevance < DefaultMinRelevance {
				refused++
				continue
			}
		} else {
			res.N++
			at = slices.IndexFunc(hits, func(h Hit) bool { return h.Passage != nil && Matches(h.Passage, c) })
			if at == 0 {
				top1++
				if hits[0].Relevance >= DefaultMinRelevance {
					answered++
				}
			}
			if at >= 0 && at < 3 {
				top3++
			}
		}
		if at != 0 {
			m := EvalMiss{Case: c}
			for _, h := range hits[:min(3, len(hits))] {
				if h.Passage != nil {
					m.Got = append(m.Got, passageLabel(h.Passage))
				}
			}
			res.Misses = append(res.Misses, m)
		}
	}
	if res.N > 0 {
		res.Top1 = float64(top1) / float64(res.N)
		res.Top3 = float64(top3) / float64(res.N)
		res.Answered = float64(answered) / float64(res.N)
	}
	if res.OutOfScope > 0 {
		res.Refused = float64(refused) / float64(res.OutOfScope)
	}
	slices.Sort(took)
	res.P50, res.P99 = percentile(took, 0.50), percentile(took, 0.99)
	return res, nil
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Summary is one line: "top1=0.93 top3=1.00 p50_ms=0 p99_ms=2", with the
// latencies in whole milliseconds, rounded to the nearest, and
// " refused=0.90" after it when there were out-of-scope cases.
func (r EvalResult) Summary() string {
	s := fmt.Sprintf("top1=%.2f top3=%.2f p50_ms=%d p99_ms=%d", r.Top1, r.Top3, roundMS(r.P50), roundMS(r.P99))
	if r.OutOfScope > 0 {
		s += fmt.Sprintf(" refused=%.2f", r.Refused)
	}
	return s
}

func roundMS(d time.Duration) int {
	return int(math.Round(float64(d) / float64(time.Millisecond)))
}

// Matches reports whether a passage answers an evaluation case: its
// document is the case's doc (the whole name or its base name, ignoring
// case) and, when the case gives a section, the passage's section — or one
// part of a bilingual section heading, or the question of an FAQ passage —
// is that section, ignoring case and runs of white space.
func Matches(p *Passage, c EvalCase) bool {
	doc := strings.TrimSpace(c.Doc)
	if !strings.EqualFold(doc, p.Doc) && !strings.EqualFold(doc, path.Base(p.Doc)) {
		return false
	}
	if strings.TrimSpace(c.Section) == "" {
		return true
	}
	want := foldSpace(c.Section)
	for _, s := range HeadingParts(p.Section) {
		if foldSpace(s) == want {
			return true
		}
	}
	if q, ok := faqQuestion(p); ok {
		for _, s := range HeadingParts(q) {
			if foldSpace(s) == want {
				return true
			}
		}
	}
	return false
}

// faqQuestion is the question of an FAQ passage: the first line of its
// text when that is its section heading or the last heading of its path.
func faqQuestion(p *Passage) (string, bool) {
	first, _, _ := strings.Cut(p.Text, "\n")
	first = strings.TrimSpace(first)
	if first == "" {
		return "", false
	}
	if first == strings.TrimSpace(p.Section) || (len(p.Path) > 0 && first == strings.TrimSpace(p.Path[len(p.Path)-1])) {
		return first, true
	}
	return "", false
}

// foldSpace lower-cases s and collapses its white space.
func foldSpace(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
