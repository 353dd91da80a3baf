package knowledgebase_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/knowledgebase"
)

func TestReadEvalCases(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/eval.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := knowledgebase.ReadEvalCases(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []knowledgebase.EvalCase{
		{Q: "how many days of annual leave do I get?", Doc: "leave.md", Section: "Annual leave", Line: 2},
		{Q: "病假要交什么材料", Doc: "leave.md", Section: "病假要交什么材料？", Line: 4},
		{Q: "is there parking?", Doc: "faq.txt", Line: 5},
	}
	if !slices.Equal(cases, want) {
		t.Errorf("cases:\n got %+v\nwant %+v", cases, want)
	}
}

func TestReadEvalCasesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"BadJSON", "{\"q\":\"a\",\"doc\":\"b\"}\n\n{\"q\": \"a\", \"doc\": }\n", "line 3: "},
		{"NoQ", "# c\n{\"doc\":\"b\"}\n", "line 2: q is required"},
		{"BlankQ", "{\"q\":\"  \",\"doc\":\"b\"}", "line 1: q is required"},
		{"NoDoc", "{\"q\":\"a\"}", "line 1: doc is required"},
		{"RefuseWithDoc", "{\"q\":\"a\",\"doc\":\"b\",\"refuse\":true}", "line 1: a question to refuse has no doc"},
		{"NotAnObject", "[1,2]", "line 1: "},
		{"WrongType", "{\"q\":1,\"doc\":\"b\"}", "line 1: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := knowledgebase.ReadEvalCases(strings.NewReader(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v, want it to start with %q", err, tt.want)
			}
		})
	}
	cases, err := knowledgebase.ReadEvalCases(strings.NewReader("\n# only comments\n\n"))
	if err != nil || len(cases) != 0 {
		t.Errorf("comments only: %v, %v", cases, err)
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    knowledgebase.EvalResult
		want string
	}{
		{knowledgebase.EvalResult{Top1: 0.5, Top3: 1, P50: 1400 * time.Microsecond, P99: 2600 * time.Microsecond}, "top1=0.50 top3=1.00 p50_ms=1 p99_ms=3"},
		{knowledgebase.EvalResult{Top1: 0.925, Top3: 0.9571, P50: 400 * time.Microsecond, P99: 500 * time.Microsecond}, "top1=0.93 top3=0.96 p50_ms=0 p99_ms=1"},
		{knowledgebase.EvalResult{}, "top1=0.00 top3=0.00 p50_ms=0 p99_ms=0"},
		{knowledgebase.EvalResult{Top1: 1, Top3: 1, P50: 12 * time.Millisecond, P99: 2 * time.Second}, "top1=1.00 top3=1.00 p50_ms=12 p99_ms=2000"},
	}
	for _, tt := range tests {
		if got := tt.r.Summary(); got != tt.want {
			t.Errorf("Summary() = %q, want %q", got, tt.want)
		}
	}
}

func TestMatches(t *testing.T) {
	t.Parallel()
	section := &knowledgebase.Passage{Doc: "policies/leave-policy.md", Section: "Annual  leave｜年假", Path: []string{"Annual  leave｜年假"}, Text: "Five days."}
	spaced := &knowledgebase.Passage{Doc: "shifts.md", Section: "夏令时调班 Daylight saving time changes", Text: "…"}
	faq := &knowledgebase.Passage{Doc: "faq.txt", Section: "Is there parking?｜有停车位吗？", Path: []string{"FAQ", "Is there parking?｜有停车位吗？"}, Text: "Is there parking?｜有停车位吗？\nYes."}
	tests := []struct {
		p    *knowledgebase.Passage
		c    knowledgebase.EvalCase
		want bool
	}{
		{section, knowledgebase.EvalCase{Doc: "policies/leave-policy.md"}, true},
		{section, knowledgebase.EvalCase{Doc: "Leave-Policy.md"}, true},
		{section, knowledgebase.EvalCase{Doc: "leave-policy.md", Section: "annual leave"}, true},
		{section, knowledgebase.EvalCase{Doc: "leave-policy.md", Section: "年假"}, true},
		{section, knowledgebase.EvalCase{Doc: "leave-policy.md", Section: "Annual leave｜年假"}, true},
		{section, knowledgebase.EvalCase{Doc: "leave-policy.md", Section: "Sick leave"}, false},
		{section, knowledgebase.EvalCase{Doc: "leave-policy.md", Section: "Annual"}, false},
		{section, knowledgebase.EvalCase{Doc: "other.md"}, false},
		{section, knowledgebase.EvalCase{Doc: "policies"}, false},
		// Held-out set 3 names one half of such a heading: before round 4
		// a right answer to 26 of its questions counted as a miss.
		{spaced, knowledgebase.EvalCase{Doc: "shifts.md", Section: "夏令时调班"}, true},
		{spaced, knowledgebase.EvalCase{Doc: "shifts.md", Section: "Daylight saving time changes"}, true},
		{spaced, knowledgebase.EvalCase{Doc: "shifts.md", Section: "Daylight saving"}, false},
		{faq, knowledgebase.EvalCase{Doc: "faq.txt", Section: "Is there parking?"}, true},
		{faq, knowledgebase.EvalCase{Doc: "faq.txt", Section: "有停车位吗？"}, true},
		{faq, knowledgebase.EvalCase{Doc: "faq.txt", Section: "FAQ"}, false},
	}
	for _, tt := range tests {
		if got := knowledgebase.Matches(tt.p, tt.c); got != tt.want {
			t.Errorf("Matches(%s › %s, %+v) = %v, want %v", tt.p.Doc, tt.p.Section, tt.c, got, tt.want)
		}
	}
}

// An out-of-scope case is refused when the top hit is under
// DefaultMinRelevance or there is none; it does not count in N or top-k.
func TestEvaluateRefuse(t *testing.T) {
	t.Parallel()
	a := &knowledgebase.Passage{Doc: "a.md", Section: "A"}
	results := map[string][]knowledgebase.Hit{
		"answered": {{Passage: a, Relevance: 0.9}},
		"weak":     {{Passage: a, Relevance: knowledgebase.DefaultMinRelevance / 2}},
		"strong":   {{Passage: a, Relevance: 0.9}},
		"nothing":  nil,
	}
	search := func(q string) ([]knowledgebase.Hit, error) { return results[q], nil }
	in := "{\"q\":\"answered\",\"doc\":\"a.md\"}\n{\"q\":\"weak\",\"refuse\":true}\n"
	cases, err := knowledgebase.ReadEvalCases(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	more, err := knowledgebase.ReadRefuseCases(strings.NewReader("# out of scope\nstrong\n\nnothing\n"))
	if err != nil || len(more) != 2 || more[0].Line != 2 || !more[1].Refuse {
		t.Fatalf("ReadRefuseCases: %+v, %v", more, err)
	}
	res, err := knowledgebase.Evaluate(append(cases, more...), search)
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 1 || res.Top1 != 1 || res.Answered != 1 || res.OutOfScope != 3 || res.Refused != 2.0/3 {
		t.Errorf("%+v", res)
	}
	if len(res.Misses) != 1 || res.Misses[0].Case.Q != "strong" || !slices.Equal(res.Misses[0].Got, []string{"a.md › A"}) {
		t.Errorf("misses %+v", res.Misses)
	}
	if !strings.HasSuffix(res.Summary(), " refused=0.67") {
		t.Errorf("Summary() = %q", res.Summary())
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	a := &knowledgebase.Passage{Doc: "a.md", Section: "A"}
	b := &knowledgebase.Passage{Doc: "b.md", Section: "B"}
	c := &knowledgebase.Passage{Doc: "c.md", Section: "C"}
	d := &knowledgebase.Passage{Doc: "d.md", Section: "D"}
	results := map[string][]knowledgebase.Hit{
		"first":  {{Passage: a}, {Passage: b}},
		"third":  {{Passage: b}, {Passage: c}, {Passage: a}, {Passage: d}},
		"fourth": {{Passage: b}, {Passage: c}, {Passage: d}, {Passage: a}},
		"none":   nil,
	}
	search := func(q string) ([]knowledgebase.Hit, error) {
		time.Sleep(time.Millisecond)
		return results[q], nil
	}
	cases := []knowledgebase.EvalCase{{Q: "first", Doc: "a.md", Line: 1}, {Q: "third", Doc: "a.md", Section: "a", Line: 2}, {Q: "fourth", Doc: "a.md", Line: 3}, {Q: "none", Doc: "a.md", Line: 4}}
	res, err := knowledgebase.Evaluate(cases, search)
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 4 || res.Top1 != 0.25 || res.Top3 != 0.5 {
		t.Errorf("N=%d Top1=%.2f Top3=%.2f, want 4, 0.25, 0.5", res.N, res.Top1, res.Top3)
	}
	if res.P50 < time.Millisecond || res.P99 < res.P50 {
		t.Errorf("P50 %v P99 %v", res.P50, res.P99)
	}
	if len(res.Misses) != 3 || res.Misses[0].Case.Q != "third" || !slices.Equal(res.Misses[0].Got, []string{"b.md › B", "c.md › C", "a.md › A"}) || res.Misses[2].Got != nil {
		t.Errorf("misses %+v", res.Misses)
	}
	if !strings.HasPrefix(res.Summary(), "top1=0.25 top3=0.50 p50_ms=") {
		t.Errorf("Summary() = %q", res.Summary())
	}

	boom := errors.New("boom")
	_, err = knowledgebase.Evaluate(cases, func(string) ([]knowledgebase.Hit, error) { return nil, boom })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("error %v, want boom at line 1", err)
	}
	if res, err := knowledgebase.Evaluate(nil, search); err != nil || res.N != 0 || res.Summary() != "top1=0.00 top3=0.00 p50_ms=0 p99_ms=0" {
		t.Errorf("no cases: %+v, %v", res, err)
	}
}

// sampleHandbook is the sample handbook of examples/handbook, when it is
// there, and its dev questions and the questions it cannot answer.
type sampleHandbook struct {
	passages     []knowledgebase.Passage
	cases        []knowledgebase.EvalCase
	unanswerable []string
}

const handbookDir = "../examples/handbook"

// evalFiles are the names of the handbook's evaluation files: they are not
// part of the handbook.
var evalFiles = []string{"eval.jsonl", "unanswerable.txt"}

// loadSampleHandbook reads the sample handbook, skipping the test when the
// folder is absent. The evaluation files are looked for beside the
// handbook, then in examples/kb-eval.
func loadSampleHandbook(tb testing.TB) sampleHandbook {
	tb.Helper()
	if !sampleHandbookExists() {
		tb.Skipf("%s is absent", handbookDir)
	}
	docs, err := knowledgebase.ReadDir(handbookDir)
	if err != nil {
		tb.Fatal(err)
	}
	var h sampleHandbook
	for _, d := range docs {
		if slices.Contains(evalFiles, d.Name) {
			continue
		}
		for _, c := range d.Chunks {
			h.passages = append(h.passages, knowledgebase.Passage{
				ID: int64(len(h.passages) + 1), Doc: d.Name, DocTitle: d.Title, Section: c.Section, Path: c.Path, Text: c.Text,
			})
		}
	}
	find := func(name string) string {
		for _, dir := range []string{handbookDir, filepath.Join(handbookDir, "..", "kb-eval")} {
			if p := filepath.Join(dir, name); fileExists(p) {
				return p
			}
		}
		tb.Fatalf("%s not found beside %s", name, handbookDir)
		return ""
	}
	f, err := os.Open(find("eval.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if h.cases, err = knowledgebase.ReadEvalCases(f); err != nil {
		tb.Fatal(err)
	}
	u, err := os.Open(find("unanswerable.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer u.Close()
	sc := bufio.NewScanner(u)
	for sc.Scan() {
		if q := strings.TrimSpace(sc.Text()); q != "" && !strings.HasPrefix(q, "#") {
			h.unanswerable = append(h.unanswerable, q)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(h.passages) == 0 || len(h.cases) == 0 || len(h.unanswerable) == 0 {
		tb.Fatalf("sample handbook: %d passages, %d cases, %d unanswerable", len(h.passages), len(h.cases), len(h.unanswerable))
	}
	return h
}

func sampleHandbookExists() bool {
	_, err := os.Stat(handbookDir)
	return !errors.Is(err, os.ErrNotExist)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// TestSampleHandbook measures lexical search on the sample handbook: the
// right passage first for at least 82% of the dev questions and among the
// top 3 for 93%, at least 85% of the right passages at DefaultMinRelevance
// or more, and at least 85% of the questions the handbook cannot answer
// below it (the threshold trades one for the other; issue 27 moved it
// towards refusing). The floors are what issue 27 reached, less a margin.
func TestSampleHandbook(t *testing.T) {
	t.Parallel()
	h := loadSampleHandbook(t)
	ix := knowledgebase.NewIndex(h.passages)
	res, err := knowledgebase.Evaluate(h.cases, func(q string) ([]knowledgebase.Hit, error) { return ix.Search(q, nil, 5), nil })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d passages, %d questions: %s", ix.Len(), res.N, res.Summary())
	for _, m := range res.Misses {
		t.Logf("miss line %d %q: want %s › %s, got %q", m.Case.Line, m.Case.Q, m.Case.Doc, m.Case.Section, m.Got)
	}
	if res.Top1 < 0.82 || res.Top3 < 0.93 {
		t.Errorf("top1 = %.2f, top3 = %.2f, want at least 0.82 and 0.93", res.Top1, res.Top3)
	}

	relevant := 0
	for _, c := range h.cases {
		for _, hit := range ix.Search(c.Q, nil, 10) {
			if knowledgebase.Matches(hit.Passage, c) {
				if hit.Relevance >= knowledgebase.DefaultMinRelevance {
					relevant++
				} else {
					t.Logf("right passage below the threshold: %.2f %q", hit.Relevance, c.Q)
				}
				break
			}
		}
	}
	rejected := 0
	for _, q := range h.unanswerable {
		hits := ix.Search(q, nil, 1)
		if len(hits) == 0 || hits[0].Relevance < knowledgebase.DefaultMinRelevance {
			rejected++
		} else {
			t.Logf("unanswerable above the threshold: %.2f %q → %s › %s", hits[0].Relevance, q, hits[0].Passage.Doc, hits[0].Passage.Section)
		}
	}
	relShare := float64(relevant) / float64(len(h.cases))
	rejShare := float64(rejected) / float64(len(h.unanswerable))
	t.Logf("relevance ≥ %.2f: %d/%d right passages (%.0f%%); below it: %d/%d unanswerable (%.0f%%)",
		knowledgebase.DefaultMinRelevance, relevant, len(h.cases), 100*relShare, rejected, len(h.unanswerable), 100*rejShare)
	if relShare < 0.85 {
		t.Errorf("%.0f%% of the right passages reach DefaultMinRelevance, want at least 85%%", 100*relShare)
	}
	if rejShare < 0.85 {
		t.Errorf("%.0f%% of the unanswerable questions stay below DefaultMinRelevance, want at least 85%%", 100*rejShare)
	}
}

// TestHeldOut runs held-out set 1 (testdata/heldout, written before the
// first round of issue 27 and not tuned on in it). In the second round it
// became a second dev set — its misses were read and tuned on — so its
// floors hold what that tuning reached, less a small margin.
func TestHeldOut(t *testing.T) {
	t.Parallel()
	res := evalHeldOut(t, "testdata/heldout", 80, 35)
	if res.Top1 < 0.65 || res.Top3 < 0.83 || res.Refused < 0.85 {
		t.Errorf("top-1 %.2f top-3 %.2f refused %.2f, want at least 0.65, 0.83, 0.85", res.Top1, res.Top3, res.Refused)
	}
}

// TestHeldOut2 runs held-out set 2 (testdata/heldout2, a bakery and
// tea-shop chain, written before the second round of issue 27 and not
// tuned on in it). In the third round it became a dev set too — its misses
// were read — so its floors hold what that round reached, less a margin.
func TestHeldOut2(t *testing.T) {
	t.Parallel()
	res := evalHeldOut(t, "testdata/heldout2", 80, 56)
	if res.Top1 < 0.72 || res.Top3 < 0.88 || res.Refused < 0.7 {
		t.Errorf("top-1 %.2f top-3 %.2f refused %.2f, want at least 0.72, 0.88, 0.70", res.Top1, res.Top3, res.Refused)
	}
}

// TestHeldOut3 runs held-out set 3 (testdata/heldout3, a cross-border
// e-commerce company, written by someone who had not read the retriever,
// before the third round of issue 27). In the fourth round it became a
// dev set — its misses were read — so its floors hold what that round
// reached, less a margin.
func TestHeldOut3(t *testing.T) {
	t.Parallel()
	res := evalHeldOut(t, "testdata/heldout3", 80, 56)
	if res.Top1 < 0.76 || res.Top3 < 0.86 || res.Refused < 0.66 {
		t.Errorf("top-1 %.2f top-3 %.2f refused %.2f, want at least 0.76, 0.86, 0.66", res.Top1, res.Top3, res.Refused)
	}
}

// TestHeldOut4 runs held-out set 4 (testdata/heldout4, a clothing brand
// with live streams and a returns warehouse, written by someone who had
// not read the retriever, before the fourth round of issue 27 was measured
// on it, and never tuned on) and holds it a little below the figures it
// had at the end of that round, so that later tuning cannot quietly make
// it worse. Its misses are not for reading while tuning: the test does not
// list them.
func TestHeldOut4(t *testing.T) {
	t.Parallel()
	res := evalHeldOut(t, "testdata/heldout4", 80, 56)
	if res.Top1 < 0.7 || res.Top3 < 0.86 || res.Refused < 0.62 {
		t.Errorf("top-1 %.2f top-3 %.2f refused %.2f, want at least 0.70, 0.86, 0.62", res.Top1, res.Top3, res.Refused)
	}
}

// evalHeldOut runs the lexical retriever on the held-out set in dir (docs/
// and eval.jsonl), which must have n questions and out of scope ones.
func evalHeldOut(t *testing.T, dir string, n, outOfScope int) knowledgebase.EvalResult {
	t.Helper()
	docs, err := knowledgebase.ReadDir(filepath.Join(dir, "docs"))
	if err != nil {
		t.Fatal(err)
	}
	var ps []knowledgebase.Passage
	for _, d := range docs {
		for _, c := range d.Chunks {
			ps = append(ps, knowledgebase.Passage{ID: int64(len(ps) + 1), Doc: d.Name, DocTitle: d.Title, Section: c.Section, Path: c.Path, Text: c.Text})
		}
	}
	f, err := os.Open(filepath.Join(dir, "eval.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := knowledgebase.ReadEvalCases(f)
	if err != nil {
		t.Fatal(err)
	}
	ix := knowledgebase.NewIndex(ps)
	res, err := knowledgebase.Evaluate(cases, func(q string) ([]knowledgebase.Hit, error) { return ix.Search(q, nil, 3), nil })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d passages, %d questions, %d out of scope: %s", ix.Len(), res.N, res.OutOfScope, res.Summary())
	if res.N != n || res.OutOfScope != outOfScope {
		t.Fatalf("%d questions and %d out of scope, want %d and %d", res.N, res.OutOfScope, n, outOfScope)
	}
	return res
}
