package i18n

import (
	"strings"
	"testing"
)

// fill does what strings.NewReplacer did before it, placeholder by
// placeholder, on the shapes messages take.
func TestFillAsAReplacer(t *testing.T) {
	args := []string{"name", "李爱丽", "n", "3", "empty", "", "name", "second", "brace", "{n}"}
	for _, msg := range []string{
		"", "no placeholders", "{name}", "Hi {name}, {n} days", "{n}{n}{n}", "{unknown} stays",
		"{{name}}", "{name", "name}", "{}", "{empty}|", "a {brace} b", "半角{n}天，{name}", "{ name }",
	} {
		pairs := []string{}
		for i := 0; i+1 < len(args); i += 2 {
			pairs = append(pairs, "{"+args[i]+"}", args[i+1])
		}
		want := strings.NewReplacer(pairs...).Replace(msg)
		if got := fill(msg, args); got != want {
			t.Errorf("fill(%q) = %q, want %q", msg, got, want)
		}
	}
}

// go test -bench Fill ./bot/i18n/: fill against the replacer it replaced.
func BenchmarkFill(b *testing.B) {
	msg, args := "✅ Checked in at {time} ({status}). Have a good shift, {name}!", []string{"time", "08:58", "status", "on time", "name", "Alice"}
	b.Run("fill", func(b *testing.B) {
		for b.Loop() {
			fill(msg, args)
		}
	})
	b.Run("replacer", func(b *testing.B) {
		for b.Loop() {
			pairs := make([]string, 0, len(args))
			for i := 0; i+1 < len(args); i += 2 {
				pairs = append(pairs, "{"+args[i]+"}", args[i+1])
			}
			strings.NewReplacer(pairs...).Replace(msg)
		}
	})
}
