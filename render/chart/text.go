package chart

import (
	"image/color"
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

type hAlign int

const (
	alignLeft hAlign = iota
	alignCenter
	alignRight
)

// typesetter measures and draws single lines of text from glyph outlines, so
// text can be drawn at any angle. It is not safe for concurrent use.
type typesetter struct {
	f        *sfnt.Font
	buf      sfnt.Buffer
	ellipsis string
}

func newTypesetter(f *Font) *typesetter {
	t := &typesetter{f: f.sf, ellipsis: "…"}
	if !f.HasGlyphs(t.ellipsis) {
		t.ellipsis = "..."
	}
	return t
}

func ppem(size float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(size * 64)) }

func fx(v fixed.Int26_6) float64 { return float64(v) / 64 }

// metrics returns the ascent and descent of a line of text, both positive.
func (t *typesetter) metrics(size float64) (ascent, descent float64) {
	m, err := t.f.Metrics(&t.buf, ppem(size), font.HintingNone)
	if err != nil || m.Ascent <= 0 || m.Descent < 0 || fx(m.Ascent+m.Descent) > 2*size {
		return 0.86 * size, 0.14 * size
	}
	return fx(m.Ascent), fx(m.Descent)
}

// lineHeight is the distance between the baselines of wrapped lines.
func (t *typesetter) lineHeight(size float64) float64 {
	a, d := t.metrics(size)
	return (a + d) * 1.12
}

// glyphs calls fn for each drawable rune of s with its glyph and the pen
// position (in 26.6 pixels) where it starts, and returns the advance width.
func (t *typesetter) glyphs(s string, size float64, fn func(x sfnt.GlyphIndex, pen fixed.Int26_6)) fixed.Int26_6 {
	p := ppem(size)
	var pen fixed.Int26_6
	var prev sfnt.GlyphIndex
	first := true
	for _, r := range s {
		if unicode.IsControl(r) {
			continue
		}
		x, err := t.f.GlyphIndex(&t.buf, r)
		if err != nil {
			continue
		}
		if !first {
			if k, err := t.f.Kern(&t.buf, prev, x, p, font.HintingNone); err == nil {
				pen += k
			}
		}
		if fn != nil {
			fn(x, pen)
		}
		if a, err := t.f.GlyphAdvance(&t.buf, x, p, font.HintingNone); err == nil {
			pen += a
		}
		prev, first = x, false
	}
	return pen
}

// width returns the advance width of s in pixels.
func (t *typesetter) width(s string, size float64) float64 {
	return fx(t.glyphs(s, size, nil))
}

// draw paints s with its baseline through (x, y), aligned there by align,
// turned by angle radians (negative turns it anticlockwise on screen).
func (t *typesetter) draw(c *canvas, s string, x, y, size float64, col color.RGBA, align hAlign, angle float64) {
	if s == "" {
		return
	}
	dx := 0.0
	switch align {
	case alignCenter:
		dx = -t.width(s, size) / 2
	case alignRight:
		dx = -t.width(s, size)
	}
	sin, cos := math.Sincos(angle)
	at := func(pen fixed.Int26_6, q fixed.Point26_6) point {
		px, py := dx+fx(pen+q.X), fx(q.Y)
		return point{x + px*cos - py*sin, y + px*sin + py*cos}
	}
	p := ppem(size)
	t.glyphs(s, size, func(g sfnt.GlyphIndex, pen fixed.Int26_6) {
		segs, err := t.f.LoadGlyph(&t.buf, g, p, nil)
		if err != nil {
			return // e.g. a colour emoji: leave its space blank
		}
		for _, seg := range segs {
			switch seg.Op {
			case sfnt.SegmentOpMoveTo:
				c.moveTo(at(pen, seg.Args[0]))
			case sfnt.SegmentOpLineTo:
				c.lineTo(at(pen, seg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				c.quadTo(at(pen, seg.Args[0]), at(pen, seg.Args[1]))
			case sfnt.SegmentOpCubeTo:
				c.cubeTo(at(pen, seg.Args[0]), at(pen, seg.Args[1]), at(pen, seg.Args[2]))
			}
		}
	})
	c.fill(col)
}

// truncate shortens s with an ellipsis until it is at most maxW wide; ""
// when not even the ellipsis fits.
func (t *typesetter) truncate(s string, size, maxW float64) string {
	if t.width(s, size) <= maxW {
		return s
	}
	rs := []rune(s)
	cut := func(n int) string { return strings.TrimRightFunc(string(rs[:n]), unicode.IsSpace) + t.ellipsis }
	// The widest prefix that fits; widths grow with n.
	n := sort.Search(len(rs), func(n int) bool { return t.width(cut(n), size) > maxW }) - 1
	if n < 0 {
		return ""
	}
	return cut(n)
}

// token is a piece of text a line may break before: a word, or one CJK
// character with any closing punctuation that follows it.
type token struct {
	text  string
	space bool // white space came before it
}

// tokenize splits s into tokens; with cjk false it splits only at white
// space.
func tokenize(s string, cjk bool) []token {
	var toks []token
	var word []rune
	space := false
	flush := func() {
		if len(word) > 0 {
			toks = append(toks, token{text: string(word), space: space})
			word, space = word[:0], false
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			flush()
			space = true
		case !cjk:
			word = append(word, r)
		case isClosingPunct(r) && len(word) == 0 && len(toks) > 0 && !space:
			toks[len(toks)-1].text += string(r)
		case isCJK(r):
			flush()
			toks = append(toks, token{text: string(r), space: space})
			space = false
		default:
			word = append(word, r)
		}
	}
	flush()
	return toks
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

func hasCJK(s string) bool { return strings.ContainsFunc(s, isCJK) }

func isClosingPunct(r rune) bool {
	return strings.ContainsRune("，。、：；！？）」』》】…,.:;!?)", r)
}

func joinTokens(toks []token) string {
	var b strings.Builder
	for i, tk := range toks {
		if i > 0 && tk.space {
			b.WriteByte(' ')
		}
		b.WriteString(tk.text)
	}
	return b.String()
}

// wrap breaks s into at most maxLines lines no wider than maxW, at spaces
// and, if cjk is set, between CJK characters. ok is false when it had to
// shorten the text.
func (t *typesetter) wrap(s string, size, maxW float64, maxLines int, cjk bool) (lines []string, ok bool) {
	toks := tokenize(s, cjk)
	if len(toks) == 0 {
		return nil, true
	}
	// A bilingual "中文 English" text that needs two lines breaks between
	// the languages when both halves fit.
	if maxLines >= 2 && t.width(joinTokens(toks), size) > maxW {
		for i := 1; i < len(toks); i++ {
			if toks[i].space && hasCJK(toks[i-1].text) && !hasCJK(toks[i].text) {
				a, b := joinTokens(toks[:i]), joinTokens(toks[i:])
				if t.width(a, size) <= maxW && t.width(b, size) <= maxW {
					return []string{a, b}, true
				}
				break
			}
		}
	}
	ok = true
	start := 0
	for start < len(toks) {
		if len(lines) == maxLines-1 {
			last := joinTokens(toks[start:])
			short := t.truncate(last, size, maxW)
			return append(lines, short), ok && short == last
		}
		end := start + 1
		for end < len(toks) && t.width(joinTokens(toks[start:end+1]), size) <= maxW {
			end++
		}
		line := joinTokens(toks[start:end])
		if short := t.truncate(line, size, maxW); short != line {
			line, ok = short, false
		}
		lines = append(lines, line)
		start = end
	}
	return lines, ok
}
