package quiz

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/hrbot/hrbot/core"
)

// cleanText trims every line of s and drops empty lines, so that texts
// read from either format compare equal however they were indented.
func cleanText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// badRune finds a character a quiz text may not hold: control characters
// other than tab, and the Unicode line and paragraph separators.
func badRune(s string) (rune, bool) {
	for _, r := range s {
		if (unicode.IsControl(r) && r != '\t' && r != '\n') || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == unicode.ReplacementChar {
			return r, true
		}
	}
	return 0, false
}

// isCJK reports whether r is written only in Chinese (or Japanese or Korean) text.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		(r >= 0x3000 && r <= 0x303f) || // CJK punctuation: 。、「」
		(r >= 0xff00 && r <= 0xffef) // full-width forms: ，？！
}

// moreChinese reports whether a has a larger share of Chinese characters
// among its letters, digits and punctuation than b.
func moreChinese(a, b string) bool {
	share := func(s string) (cjk, all int) {
		for _, r := range s {
			switch {
			case isCJK(r):
				cjk++
				all++
			case !unicode.IsSpace(r):
				all++
			}
		}
		return cjk, all
	}
	ac, aa := share(a)
	bc, ba := share(b)
	return ac*ba > bc*aa
}

// labelPattern is a language label at the start of one side of a Markdown
// text: "en: English only".
var labelPattern = regexp.MustCompile(`^(?i:(zh-cn|zh|en)):`)

func label(s string) (core.Locale, string) {
	m := labelPattern.FindStringSubmatch(s)
	if m == nil {
		return "", s
	}
	if strings.EqualFold(m[1], "en") {
		return core.LocaleEN, strings.TrimSpace(s[len(m[0]):])
	}
	return core.LocaleZH, strings.TrimSpace(s[len(m[0]):])
}

func other(l core.Locale) core.Locale {
	if l == core.LocaleZH {
		return core.LocaleEN
	}
	return core.LocaleZH
}

func isASCIIPunct(r rune) bool {
	return r < 0x80 && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

// isSeparator reports whether the slash at rs[i] splits languages: it
// stands alone between spaces (or the ends of the text).
func isSeparator(rs []rune, i int) bool {
	return rs[i] == '/' && (i == 0 || unicode.IsSpace(rs[i-1])) && (i == len(rs)-1 || unicode.IsSpace(rs[i+1]))
}

// splitSides cuts a line of Markdown text at its unescaped separators.
func splitSides(raw string) []string {
	rs := []rune(raw)
	var out []string
	start := 0
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && isASCIIPunct(rs[i+1]):
			i++
		case isSeparator(rs, i):
			out = append(out, string(rs[start:i]))
			start = i + 1
		}
	}
	return append(out, string(rs[start:]))
}

// unescape turns \x into x for ASCII punctuation x, as Markdown does.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if rs[i] == '\\' && i+1 < len(rs) && isASCIIPunct(rs[i+1]) {
			i++
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// readText reads one line of Markdown text: "中文 / English", one text for
// both languages, or a labelled side ("en: English only"). The reason's
// key is "" when the text is good.
func readText(raw string) (map[core.Locale]string, reason) {
	sides := splitSides(strings.TrimSpace(raw))
	if len(sides) > 2 {
		return nil, reason{"quiz.problem.text_slashes", `has more than one " / ": write 中文 / English, and a slash inside a text without spaces around it (退货/换货) or as \/`, nil}
	}
	type side struct {
		loc  core.Locale
		text string
	}
	ss := make([]side, len(sides))
	for i, s := range sides {
		loc, rest := label(strings.TrimSpace(s))
		ss[i] = side{loc, strings.TrimSpace(unescape(rest))}
		if r, bad := badRune(ss[i].text); bad {
			return nil, reason{"quiz.problem.invisible", "holds the invisible character U+%s; retype the text", []any{arg{"code", fmt.Sprintf("%04X", r)}}}
		}
	}
	if len(ss) == 1 {
		switch {
		case ss[0].text == "":
			return nil, reason{"quiz.problem.empty_text", "is empty", nil}
		case ss[0].loc != "":
			return map[core.Locale]string{ss[0].loc: ss[0].text}, reason{}
		}
		return map[core.Locale]string{core.LocaleZH: ss[0].text, core.LocaleEN: ss[0].text}, reason{}
	}
	l, r := ss[0], ss[1]
	switch {
	case l.text == "" || r.text == "":
		return nil, reason{"quiz.problem.text_one_side", `has nothing on one side of " / ": for a text in one language write zh: 只有中文 or en: English only`, nil}
	case l.loc != "" && l.loc == r.loc:
		return nil, reason{"quiz.problem.text_both_labelled", "has both sides labelled %s", []any{arg{"language", l.loc}}}
	case l.loc != "":
		r.loc = other(l.loc)
	case r.loc != "":
		l.loc = other(r.loc)
	case moreChinese(r.text, l.text):
		l.loc, r.loc = core.LocaleEN, core.LocaleZH
	default:
		l.loc, r.loc = core.LocaleZH, core.LocaleEN
	}
	return map[core.Locale]string{l.loc: l.text, r.loc: r.text}, reason{}
}

// writeText writes a one-line text so that readText reads back m exactly.
func writeText(zh, en string, hasZH, hasEN bool) string {
	switch {
	case hasZH && hasEN && zh == en:
		return escapeSide(zh)
	case hasZH && hasEN:
		// Unlabelled, the side with more Chinese is read as Chinese and a tie goes left.
		if !moreChinese(en, zh) {
			return escapeSide(zh) + " / " + escapeSide(en)
		}
		return "zh: " + escapeSide(zh) + " / en: " + escapeSide(en)
	case hasZH:
		return "zh: " + escapeSide(zh)
	case hasEN:
		return "en: " + escapeSide(en)
	}
	return ""
}

// writeMap writes a one-line text from its map.
func writeMap(m map[core.Locale]string) string {
	zh, hasZH := m[core.LocaleZH]
	en, hasEN := m[core.LocaleEN]
	return writeText(zh, en, hasZH, hasEN)
}

// escapeSide escapes what readText would otherwise take for syntax: a
// backslash before punctuation, a free-standing slash and a leading label.
func escapeSide(s string) string {
	rs := []rune(s)
	var b strings.Builder
	start := 0
	if m := labelPattern.FindString(s); m != "" {
		b.WriteString(m[:len(m)-1] + `\:`)
		start = len([]rune(m))
	}
	for i := start; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && isASCIIPunct(rs[i+1]):
			b.WriteString(`\\`)
		case isSeparator(rs, i):
			b.WriteString(`\/`)
		default:
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}
