package knowledgebase

import (
	"strings"
	"testing"
)

// A glossary name of several words whose function words Tokens drops
// becomes the one word left, and every question with that word then names
// the concept: "paid into" (到账) made every "pay" ask when pay arrives, and
// "not working" (坏了) every "work" ask about broken things. Only the names
// below mean their one word well enough.
func TestGlossaryNamesKeepTheirMeaning(t *testing.T) {
	t.Parallel()
	oneWordOK := map[string]bool{
		"get married": true, "paid on": true, "get reimbursed": true, "cover for": true, "no show": true,
		"clock in": true, "punch in": true, "check in": true, "in advance": true, "go live": true,
	}
	for _, g := range glossary {
		for n := range strings.SplitSeq(g, ",") {
			n = strings.TrimSpace(n)
			if len(strings.Fields(n)) > 1 && len(Tokens(n)) == 1 && !oneWordOK[n] {
				t.Errorf("glossary name %q is only %q to a question", n, Tokens(n)[0])
			}
		}
	}
}
