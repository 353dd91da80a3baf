package main

import (
	"fmt"
	"strings"

	"github.com/hrbot/hrbot/core/payroll"
)

// renderProblems writes an imported file's problems one a line,
// "file:line: column: reason", in line order, the reasons in the reader's
// language.
func renderProblems(file string, probs payroll.Problems, tr translator) string {
	var b strings.Builder
	for _, pr := range probs.Sorted() {
		fmt.Fprintf(&b, "%s:%d: ", file, pr.Line)
		if pr.Column != "" {
			b.WriteString(pr.Column + ": ")
		}
		b.WriteString(tr.error(pr.Err) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
