package intent

import (
	"regexp"
	"strings"
	"unicode"
)

// fold writes full-width letters, digits and punctuation (what Chinese
// keyboards type) as their ASCII forms and collapses spaces. It keeps the
// case, so a reason reads as it was typed.
func fold(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		case r == '\u3000':
			r = ' '
		case r == '，' || r == '、':
			r = ','
		case r == '。':
			r = '.'
		case r == '“' || r == '”':
			r = '"'
		case r == '‘' || r == '’':
			r = '\''
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// lower is fold, lower-cased: what the rules match.
func lower(text string) string { return strings.ToLower(fold(text)) }

// pattern compiles a rule. English words are matched on word boundaries by
// writing \b in the pattern; Chinese needs none.
func pattern(p string) *regexp.Regexp { return regexp.MustCompile(p) }

// any reports whether one of the patterns matches s.
func any(s string, ps ...*regexp.Regexp) bool {
	for _, p := range ps {
		if p.MatchString(s) {
			return true
		}
	}
	return false
}

// isSymbol reports runes that carry no words: emoji, punctuation, spaces.
func isSymbol(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) ||
		unicode.Is(unicode.Variation_Selector, r) || r == '\u200d' || unicode.In(r, unicode.Mn, unicode.Me)
}

// words is what is left of s once symbols are dropped.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSymbol), " ")
}

// cutWords removes every match of re from s and tidies the spaces.
func cutWords(s string, re *regexp.Regexp) string {
	return strings.Join(strings.Fields(re.ReplaceAllString(s, " ")), " ")
}
