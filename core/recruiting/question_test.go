package recruiting

import (
	"testing"

	"github.com/shopspring/decimal"
)

// A number answer is read from the number it starts with, whatever unit
// follows; one that starts with none is refused.
func TestReadNumber(t *testing.T) {
	q := Question{Key: "years", Kind: Number, Score: decimal.NewFromInt(5), MaxScore: decimal.NewFromInt(15)}
	for in, want := range map[string]string{"3": "3", "3年": "3", "2.5 years": "2.5", "60字/分钟": "60", "10": "10"} {
		a, err := q.Read(in)
		if err != nil || a.Value != want {
			t.Errorf("Read(%q) = %q, %v; want %q", in, a.Value, err, want)
		}
	}
	if a, _ := q.Read("10"); a.Score.String() != "15" {
		t.Errorf("10 years scores %s, want the cap 15", a.Score)
	}
	for _, in := range []string{"a few", "-2", "about 3"} {
		if _, err := q.Read(in); err == nil {
			t.Errorf("Read(%q) took it", in)
		}
	}
}
