package personfile

import (
	"strings"
	"unicode/utf8"
)

// MaskID shows an ID number's first four and last four characters, as
// Chinese forms do (1101**********1234); a short number keeps its first
// and last character only.
func MaskID(n string) string {
	return maskMiddle(n, 4, 4)
}

// MaskPhone shows a mainland mobile's first three and last four digits
// (138****5678), as Chinese apps do; an international number keeps a few
// characters at each end.
func MaskPhone(p string) string {
	if mainlandMobile.MatchString(p) {
		return p[:3] + "****" + p[7:]
	}
	return maskMiddle(p, 4, 4)
}

// MaskAddress keeps an address's first six characters — the province
// and city, usually — and hides the rest.
func MaskAddress(a string) string {
	if a == "" {
		return ""
	}
	r := []rune(a)
	if len(r) <= 6 {
		return string(r[:min(2, len(r))]) + "****"
	}
	return string(r[:6]) + "****"
}

// maskMiddle keeps head characters at the start and tail at the end and
// stars the rest; a value too short to hide at least half of that way
// keeps a quarter at each end (one at least).
func maskMiddle(s string, head, tail int) string {
	n := utf8.RuneCountInString(s)
	if n <= 2 {
		return strings.Repeat("*", n)
	}
	if n-head-tail < n/2 {
		head = max(n/4, 1)
		tail = head
	}
	r := []rune(s)
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}
