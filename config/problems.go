package config

import "strings"

// Problem is one thing wrong with the configuration.
type Problem struct {
	Key     string // environment variable name, e.g. "HRBOT_HTTP_ADDR"
	Message string // what is expected, e.g. `must be host:port such as ":8080", got "abc"`
}

// Problems is returned by Load when the setup is invalid. It lists every
// problem at once so that an operator can fix them in a single round.
type Problems []Problem

// Error formats the problems one per line.
func (p Problems) Error() string {
	var b strings.Builder
	b.WriteString("invalid configuration:")
	for _, pr := range p {
		b.WriteString("\n  ")
		b.WriteString(pr.Key)
		b.WriteString(": ")
		b.WriteString(pr.Message)
	}
	return b.String()
}

// suggest returns a " (did you mean X?)" hint for a misspelt setting name,
// or "" when nothing is close enough to be a likely typo.
func suggest(name string, keys []KeyInfo) string {
	name = strings.ToUpper(name)
	best, bestDist := "", 4 // only suggest within an edit distance of 3
	for _, k := range keys {
		if k.Name == keyConfig {
			continue // cannot be set in the file, so never a useful hint there
		}
		if d := distance(name, k.Name); d < bestDist {
			best, bestDist = k.Name, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// distance is the Levenshtein edit distance between two ASCII strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
