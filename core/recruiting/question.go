package recruiting

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// Kind is what a screening question takes for an answer.
type Kind string

// Kinds of questions.
const (
	YesNo  Kind = "yesno"
	Choice Kind = "choice"
	Number Kind = "number"
	Text   Kind = "text"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == YesNo || k == Choice || k == Number || k == Text }

// Words is a text per language; one for everyone is under "".
type Words map[core.Locale]string

// In returns the text for a reader of loc: theirs, else the one for
// everyone, else the other language's.
func (w Words) In(loc core.Locale) string {
	if s := w[loc]; s != "" {
		return s
	}
	if s := w[""]; s != "" {
		return s
	}
	for _, l := range []core.Locale{core.LocaleZH, core.LocaleEN} {
		if s := w[l]; s != "" {
			return s
		}
	}
	return ""
}

// Option is one choice of a Choice question and what it scores.
type Option struct {
	Text  Words           `json:"text"`
	Score decimal.Decimal `json:"score"`
	// KnockOut ends the application when chosen.
	KnockOut bool `json:"knock_out,omitempty"`
}

// Question is one screening question.
type Question struct {
	Key  string `json:"key"`
	Text Words  `json:"text"`
	Kind Kind   `json:"kind"`
	// KnockOut, for yesno, is the answer ("yes" or "no") that ends the
	// application; for number, Min is the least that does not.
	KnockOut string           `json:"knock_out,omitempty"`
	Min      *decimal.Decimal `json:"min,omitempty"`
	// Score, for yesno, is what "yes" scores; for number, what each
	// unit scores, up to MaxScore.
	Score    decimal.Decimal `json:"score"`
	MaxScore decimal.Decimal `json:"max_score"`
	Options  []Option        `json:"options,omitempty"`
}

// Answer is a question's answer read from what a candidate typed or
// pressed: its canonical value, what it scores, and whether it ends the
// application.
type Answer struct {
	Value    string
	Score    decimal.Decimal
	KnockOut bool
}

var (
	yesWords = []string{"yes", "y", "是", "是的", "可以", "能", "好", "行", "ok", "对", "会", "有"}
	noWords  = []string{"no", "n", "否", "不", "不是", "不可以", "不能", "不行", "没有", "不会", "无"}
)

// Read reads text as an answer to q. Errors: EInvalid with a catalogue
// key (recruiting.answer_yesno, .answer_choice, .answer_number,
// .answer_empty, .answer_long) saying what answer is expected.
func (q Question) Read(text string) (Answer, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Answer{}, core.Errorf(core.EInvalid, "recruiting.answer_empty", "an answer is needed")
	}
	switch q.Kind {
	case YesNo:
		v := strings.ToLower(strings.TrimRight(text, "。.!！"))
		var a Answer
		switch {
		case contains(yesWords, v):
			a.Value, a.Score = "yes", q.Score
		case contains(noWords, v):
			a.Value = "no"
		default:
			return Answer{}, core.Errorf(core.EInvalid, "recruiting.answer_yesno", "yes or no, not %q", text)
		}
		a.KnockOut = q.KnockOut == a.Value
		return a, nil
	case Choice:
		for i, o := range q.Options {
			if strings.EqualFold(text, o.Text.In(core.LocaleZH)) || strings.EqualFold(text, o.Text.In(core.LocaleEN)) ||
				text == decimal.NewFromInt(int64(i+1)).String() {
				return Answer{Value: o.Text.In(""), Score: o.Score, KnockOut: o.KnockOut}, nil
			}
		}
		return Answer{}, core.Errorf(core.EInvalid, "recruiting.answer_choice", "one of the choices, not %q", text)
	case Number:
		// The number the answer starts with: "3", "3年", "2.5 years", "60字/分钟".
		n, err := decimal.NewFromString(leadingNumber.FindString(text))
		if err != nil || n.IsNegative() {
			return Answer{}, core.Errorf(core.EInvalid, "recruiting.answer_number", "a number, not %q", text)
		}
		a := Answer{Value: n.String(), Score: n.Mul(q.Score)}
		if q.MaxScore.IsPositive() && a.Score.GreaterThan(q.MaxScore) {
			a.Score = q.MaxScore
		}
		a.KnockOut = q.Min != nil && n.LessThan(*q.Min)
		return a, nil
	}
	if len([]rune(text)) > 1000 {
		return Answer{}, core.Errorf(core.EInvalid, "recruiting.answer_long", "at most 1000 characters")
	}
	return Answer{Value: text}, nil
}

// leadingNumber is a number at the start of an answer.
var leadingNumber = regexp.MustCompile(`^\d+(\.\d+)?`)

func contains(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}
