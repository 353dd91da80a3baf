package render

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

var _ bot.LetterRenderer = (*Renderer)(nil)

// A4 page, in millimetres, as a letter is laid out on it.
const (
	letterMargin   = 25.0
	letterTop      = 30.0
	letterTitlePt  = 20.0
	letterBodyPt   = 12.0
	letterLine     = 8.0  // body line height: about 1.9 lines of 12 pt
	letterParaGap  = 3.0  // between paragraphs
	letterSealGap  = 24.0 // room above the closing lines for the seal
	letterFontName = "cjk"
)

// LetterPDF draws l on one A4 page with the charts' font, embedded (the
// glyphs used) so that the text is text: it can be selected, searched and
// read out. Without a font it returns ErrNoFont; a font with PostScript
// outlines (an .otf), which fpdf cannot embed, is an error too.
func (r *Renderer) LetterPDF(l bot.Letter) (out []byte, err error) {
	if r.Font == nil {
		return nil, ErrNoFont
	}
	ttf, err := r.Font.SFNT()
	if err != nil {
		return nil, fmt.Errorf("letter: %w", err)
	}
	if len(ttf) < 4 || string(ttf[:4]) != "\x00\x01\x00\x00" && string(ttf[:4]) != "true" {
		return nil, fmt.Errorf("letter: %s has PostScript outlines; a PDF needs a TrueType font (such as fonts-wqy-microhei)", r.Font.Path())
	}
	defer func() {
		// fpdf reads the font's tables trusting their offsets; a damaged
		// font must fail the letter, not the server.
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("letter: drawing with %s: %v", r.Font.Path(), p)
		}
	}()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(letterMargin, letterTop, letterMargin)
	pdf.SetAutoPageBreak(true, letterMargin)
	pdf.SetTitle(l.Title, true)
	pdf.SetCreator("hrbot", true)
	pdf.SetLang(string(l.Locale))
	pdf.AddUTF8FontFromBytes(letterFontName, "", ttf)
	pdf.AddPage()
	pdf.SetFont(letterFontName, "", letterTitlePt)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("letter: font %s: %w", r.Font.Path(), err)
	}
	pdf.CellFormat(0, 14, l.Title, "", 1, "C", false, 0, "")
	pdf.Ln(10)
	pdf.SetFont(letterFontName, "", letterBodyPt)
	width, _ := pdf.GetPageSize()
	width -= 2 * letterMargin
	indent := 0.0
	if l.Locale == core.LocaleZH {
		indent = 2 * pdf.GetStringWidth("中") // 首行缩进两字
	}
	for _, p := range l.Paragraphs {
		for i, line := range wrapText(p, width, width-indent, pdf.GetStringWidth) {
			x := letterMargin
			if i == 0 {
				x += indent
			}
			pdf.SetX(x)
			pdf.CellFormat(0, letterLine, line, "", 1, "L", false, 0, "")
		}
		pdf.Ln(letterParaGap)
	}
	pdf.Ln(letterSealGap)
	for _, line := range l.Closing {
		pdf.CellFormat(0, letterLine, line, "", 1, "R", false, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("letter: %w", err)
	}
	return buf.Bytes(), nil
}

// wrapText breaks text into lines no wider than width (the first line
// firstWidth) as measure measures them: between Chinese characters
// anywhere, between other words at spaces, a word wider than a line
// anywhere; a line break in text is kept. Punctuation that closes
// (，。）…) never starts a line and punctuation that opens (（“…) never
// ends one. Nothing of text but the spaces at a break is dropped (fpdf's
// MultiCell drops the Chinese character it breaks at).
func wrapText(text string, width, firstWidth float64, measure func(string) float64) []string {
	var lines []string
	for _, hard := range strings.Split(text, "\n") {
		var cur string
		avail := func() float64 {
			if len(lines) == 0 {
				return firstWidth
			}
			return width
		}
		flush := func() {
			lines = append(lines, strings.TrimRight(cur, " "))
			cur = ""
		}
		for _, tok := range tokens(hard) {
			switch {
			case tok == " " && cur == "":
				continue
			case measure(cur+tok) <= avail() || tok == " ":
				cur += tok
				continue
			case cur != "":
				flush()
			}
			for measure(tok) > avail() { // a word wider than a line
				n := fitting(tok, avail(), measure)
				cur = tok[:n]
				flush()
				tok = tok[n:]
			}
			cur = tok
		}
		flush()
	}
	return lines
}

// fitting is how many bytes of the front of s fit in width: at least one
// rune.
func fitting(s string, width float64, measure func(string) float64) int {
	n := 0
	for i, r := range s {
		if i > 0 && measure(s[:i+len(string(r))]) > width {
			break
		}
		n = i + len(string(r))
	}
	return n
}

// tokens cuts a line of text where it may break: a Chinese character is a
// token of its own, another word runs to a space or a Chinese character,
// a space is a token; closing punctuation sticks to the token before it
// and opening punctuation to the one after.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	glue := false // the next rune joins cur (after opening punctuation)
	push := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case strings.ContainsRune(closingPunct, r):
			if cur.Len() == 0 && len(out) > 0 && out[len(out)-1] != " " {
				cur.WriteString(out[len(out)-1])
				out = out[:len(out)-1]
			}
			cur.WriteRune(r)
			continue
		case glue:
			cur.WriteRune(r)
			glue = strings.ContainsRune(openingPunct, r)
			if !glue && (wide(r) || r == ' ') {
				push()
			}
			continue
		case r == ' ':
			push()
			out = append(out, " ")
		case strings.ContainsRune(openingPunct, r):
			push()
			cur.WriteRune(r)
			glue = true
		case wide(r):
			push()
			cur.WriteRune(r)
			push()
		default:
			if cur.Len() > 0 && lastWide(cur.String()) {
				push()
			}
			cur.WriteRune(r)
		}
	}
	push()
	return out
}

const (
	closingPunct = "，。、；：？！）》」』】〕”’,.;:?!)%"
	openingPunct = "（《「『【〔“‘("
)

// wide reports whether a line may break before and after r: Chinese,
// Japanese and Korean characters and full-width forms.
func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

func lastWide(s string) bool {
	rs := []rune(s)
	return len(rs) > 0 && wide(rs[len(rs)-1])
}
