package bot

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
)

// corpusLine is one utterance of testdata/corpus.jsonl: what people type,
// with the intent and slots it must yield. The corpus was written from
// how people talk, by someone who had not read the parsers.
type corpusLine struct {
	Text   string         `json:"text"`
	Lang   string         `json:"lang"`
	Intent intent.Name    `json:"intent"`
	Slots  map[string]any `json:"slots"`
	Must   bool           `json:"must"`
}

// The corpus's reference day: Wednesday 2 December 2026, in the example
// shop (examples/org.yaml).
var corpusToday = core.NewDate(2026, 12, 2)

func corpusBot(t *testing.T) (*Bot, intent.Vocab) {
	t.Helper()
	data, err := os.ReadFile("../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file, err := orgfile.Parse("../examples/org.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	b := parseOnlyBot() // every command, no stores
	org := file.Orgs[0]
	var people []core.Employee
	for _, e := range org.Employees {
		people = append(people, core.Employee{Key: e.Key, Name: e.Name, Job: e.Job})
	}
	jobs := org.Jobs
	for _, j := range jobsOf(people) {
		if _, ok := jobs.Find(j.Key); !ok {
			jobs = append(jobs, j)
		}
	}
	v := intent.Vocab{LeaveTypes: leaveVocab(org.LeaveTypes), People: peopleVocab(people), Jobs: b.jobsVocab(jobs)}
	return b, v
}

// slotsOf reads a message's slots with the parsers its handler uses, in
// the corpus's terms.
func slotsOf(name intent.Name, text string, v intent.Vocab) (map[string]any, error) {
	out := map[string]any{}
	day := func(key string, d core.Date) { out[key] = d.String() }
	clock := func(key string, minute int) { out[key] = fmt.Sprintf("%02d:%02d", minute/60, minute%60) }
	switch name {
	case intent.LeaveRequest, intent.LeaveCancel:
		l, err := intent.ParseLeave(text, v, corpusToday)
		if err != nil {
			return nil, err
		}
		if l.Type != "" {
			out["type"] = l.Type
		}
		if l.HasSpan {
			day("from", l.Span.From)
			if name == intent.LeaveRequest {
				day("to", l.Span.To)
			}
			if l.Span.FromPart == when.Morning {
				out["part"] = "morning"
			} else if l.Span.FromPart == when.Afternoon || l.Span.ToPart == when.Afternoon {
				out["part"] = "afternoon"
			}
		}
		if l.HasClock {
			clock("start", l.Clock.Start)
			clock("end", l.Clock.End)
		}
		if l.Minutes > 0 {
			out["hours"] = float64(l.Minutes) / 60
		}
		if l.Reason != "" && name == intent.LeaveRequest {
			out["reason"] = l.Reason
		}
	case intent.WhosOff, intent.Schedule:
		span, found, err := intent.Span(text, corpusToday, when.Future)
		if err != nil {
			return nil, err
		}
		if found {
			day("from", span.From)
			day("to", span.To)
		}
	case intent.Attendance, intent.Payslip:
		if m, ok := intent.Month(text, corpusToday); ok {
			out["month"] = fmt.Sprintf("%04d-%02d", m.Year, m.Month)
		}
	case intent.Fix:
		f, err := intent.ParseFix(text, "", corpusToday)
		if err != nil {
			return nil, err
		}
		if f.HasDate {
			day("date", f.Date)
		}
		if f.Punch != "" {
			out["punch"] = string(f.Punch)
		}
		if f.HasTime {
			clock("time", f.Minute)
		}
		if f.Reason != "" {
			out["reason"] = f.Reason
		}
	case intent.Cover:
		c, err := intent.ParseCover(text, v, corpusToday)
		if err != nil {
			return nil, err
		}
		if c.Job != "" {
			out["job"] = c.Job
		}
		if c.HasDate {
			day("date", c.Date)
		}
		if c.HasTime {
			clock("start", c.Clock.Start)
			clock("end", c.Clock.End)
		}
		if c.Count > 0 {
			out["count"] = float64(c.Count)
		}
		if c.Reason != "" {
			out["reason"] = c.Reason
		}
	case intent.LeaveBalance:
		if key, ok := intent.TypeIn(text, v); ok {
			out["type"] = key
		}
	case intent.Whois:
		if key, ok := intent.FindPerson(text, v); ok {
			out["person"] = key
		}
	}
	return out, nil
}

// sameSlot compares a slot as people would: reasons without case, spaces
// or trailing punctuation.
func sameSlot(key string, want, got any) bool {
	if key != "reason" {
		return fmt.Sprint(want) == fmt.Sprint(got)
	}
	norm := func(v any) string {
		s := strings.ToLower(strings.Join(strings.Fields(fmt.Sprint(v)), " "))
		for _, article := range []string{"the ", "a ", "an "} {
			s = strings.TrimPrefix(s, article)
		}
		// "感冒了, 接不了电话" and "感冒了 接不了电话" say the same.
		return strings.Map(func(r rune) rune {
			if unicode.IsPunct(r) || unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	return norm(want) == norm(got)
}

// TestConversationCorpus reads every utterance of the corpora with the
// bot's own parsers and reports the accuracy per intent. corpus.jsonl was
// written first (and the parsers tuned on it); corpus-heldout.jsonl was
// written later by someone else, from other personas, and scored 73 % on
// its first run before it too was used for tuning (docs/conversation.md).
func TestConversationCorpus(t *testing.T) {
	t.Parallel()
	b, v := corpusBot(t)
	for _, c := range []struct {
		file    string
		minimum int
	}{{"testdata/corpus.jsonl", 400}, {"testdata/corpus-heldout.jsonl", 200}} {
		t.Run(c.file, func(t *testing.T) { runCorpus(t, b, v, c.file, c.minimum) })
	}
}

func runCorpus(t *testing.T, b *Bot, v intent.Vocab, file string, minimum int) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	perIntent := map[intent.Name]*tally{}
	perLang := map[string]*tally{}
	var total tally
	var wrong []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var c corpusLine
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", file, n, err)
		}
		name, _, args := b.understand(c.Text, v)
		var problem string
		if name != c.Intent {
			problem = fmt.Sprintf("intent %s, want %s", name, c.Intent)
		} else {
			got, err := slotsOf(name, args, v)
			if err != nil {
				problem = "error " + err.Error()
			}
			for k, want := range c.Slots {
				if !sameSlot(k, want, got[k]) {
					problem += fmt.Sprintf(" %s=%v, want %v;", k, got[k], want)
				}
			}
			for k, g := range got {
				if _, expected := c.Slots[k]; !expected {
					problem += fmt.Sprintf(" unexpected %s=%v;", k, g)
				}
			}
		}
		for _, t := range []*tally{&total, perIntentOf(perIntent, c.Intent), perLangOf(perLang, c.Lang)} {
			t.all++
			if problem == "" {
				t.right++
			}
		}
		if problem != "" {
			wrong = append(wrong, fmt.Sprintf("%q: %s", c.Text, problem))
			if c.Must {
				t.Errorf("a phrase from the issue is misread: %q: %s", c.Text, problem)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(perIntent))
	for k := range perIntent {
		names = append(names, string(k))
	}
	sort.Strings(names)
	report := []string{fmt.Sprintf("%s: %d/%d right (%.1f %%)", file, total.right, total.all, 100*float64(total.right)/float64(total.all))}
	for _, k := range names {
		x := perIntent[intent.Name(k)]
		report = append(report, fmt.Sprintf("  %-18s %3d/%3d  %5.1f %%", k, x.right, x.all, 100*float64(x.right)/float64(x.all)))
	}
	for _, l := range []string{"zh", "en"} {
		if x := perLang[l]; x != nil {
			report = append(report, fmt.Sprintf("  lang %-13s %3d/%3d  %5.1f %%", l, x.right, x.all, 100*float64(x.right)/float64(x.all)))
		}
	}
	t.Log(strings.Join(report, "\n"))
	if len(wrong) > 0 {
		t.Logf("misread:\n  %s", strings.Join(wrong, "\n  "))
	}
	if 100*total.right < 95*total.all {
		t.Errorf("accuracy %d/%d is below 95 %%", total.right, total.all)
	}
	if total.all < minimum {
		t.Errorf("%s has %d utterances, fewer than %d", file, total.all, minimum)
	}
}

// tally counts utterances read right.
type tally struct{ right, all int }

func perIntentOf(m map[intent.Name]*tally, k intent.Name) *tally {
	if m[k] == nil {
		m[k] = &tally{}
	}
	return m[k]
}

func perLangOf(m map[string]*tally, k string) *tally {
	if m[k] == nil {
		m[k] = &tally{}
	}
	return m[k]
}
