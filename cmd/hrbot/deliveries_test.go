package main

import (
	"strings"
	"testing"
)

// hrbot deliveries wants one list and a count of at least one; anything
// else is answered with the usage, before any database is opened.
func TestDeliveriesUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"--failed", "--in-doubt"}, {"--in-doubt", "-n", "-5"}, {"--failed", "-n", "0"}} {
		r := hrbot(t, map[string]string{}, "", append([]string{"deliveries"}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "deliveries --failed|--in-doubt [-n N]") || strings.Contains(r.stderr, "SQLSTATE") {
			t.Errorf("deliveries %v: exit %d, %q", args, r.code, r.stderr)
		}
	}
}
