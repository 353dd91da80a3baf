// Package quiz reads and writes training quiz banks and marks attempts at
// them. A bank is a file an owner or HR writes — YAML, or Markdown for
// people who do not write code — in Chinese, English or both; passing it
// certifies a skill at a level. The package is pure: it touches no database
// and does no I/O beyond the bytes its callers pass in.
//
// Parsing checks the whole file and reports every problem with the file
// name and line, so a broken bank is rejected whole and fixed in one pass.
// Draw and Score are deterministic: the same bank and seed give the same
// paper, which lets a caller store only the seed (or the paper) of an
// attempt.
package quiz

import (
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Limits a bank must keep to.
const (
	minLevel      = 1
	maxLevel      = 5
	minChoices    = 2
	maxChoices    = 8
	minTimeLimit  = time.Minute
	maxTimeLimit  = 3 * time.Hour
	maxFileSize   = 1 << 20    // a quiz is a few pages; anything bigger is a mistake
	choiceLetters = "abcdefgh" // choice IDs by position; len == maxChoices
)

// Bank is a quiz as imported from a file.
type Bank struct {
	Code      string                 // key rules: lower-case letters, digits, . _ - (max 63), e.g. "cs-1"
	Title     map[core.Locale]string // at least one language
	Skill     string                 // the skill a pass certifies, same key rules, e.g. "customer-service"
	Level     int                    // 1..5
	PassMark  int                    // percent 1..100 needed to pass
	TimeLimit time.Duration          // 0 = none; otherwise 1m..3h
	Draw      int                    // questions drawn per attempt; 0 = all; must be <= len(Questions)
	Questions []Question
}

// Question is one question of a bank with its choices.
type Question struct {
	ID          string // stable within the bank: given in the file, or "q1", "q2"… by position
	Text        map[core.Locale]string
	Choices     []Choice               // 2..8
	Explanation map[core.Locale]string // optional; shown after an answer
	Line        int                    // where it starts in the file
}

// Choice is one answer a question offers.
type Choice struct {
	ID      string // "a", "b", … by position
	Text    map[core.Locale]string
	Correct bool
}

// Multiple reports whether the question has more than one correct choice,
// so that the person answering must pick every one of them.
func (q Question) Multiple() bool {
	n := 0
	for _, c := range q.Choices {
		if c.Correct {
			n++
		}
	}
	return n > 1
}

// Text returns the text in loc, else in the other language ("" when m is
// empty). A locale other than zh-CN and en gets Chinese first.
func (b Bank) Text(m map[core.Locale]string, loc core.Locale) string {
	if s := m[loc]; s != "" {
		return s
	}
	if loc == core.LocaleZH {
		return m[core.LocaleEN]
	}
	if s := m[core.LocaleZH]; s != "" {
		return s
	}
	return m[core.LocaleEN]
}

// Question returns the question with the given ID.
func (b Bank) Question(id string) (Question, bool) {
	for _, q := range b.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// positionalID is the ID a question gets when the file gives none.
func positionalID(i int) string { return "q" + strconv.Itoa(i+1) }

// choiceID is the ID of the choice at position i. Positions past the
// last letter only name choices in problems: a bank has at most maxChoices.
func choiceID(i int) string {
	if i < len(choiceLetters) {
		return choiceLetters[i : i+1]
	}
	return "c" + strconv.Itoa(i+1)
}
