package bot

import "testing"

// Hours shown to people are rounded to one decimal: the cover report once
// said "24.583333333333332 小时".
func TestRoundHours(t *testing.T) {
	t.Parallel()
	for minutes, want := range map[int]string{1475: "24.6", 120: "2", 90: "1.5", 0: "0", 59: "1", 5: "0.1"} {
		if got := roundHours(minutes); got != want {
			t.Errorf("roundHours(%d) = %q, want %q", minutes, got, want)
		}
	}
}
