package render

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/render/chart"
)

// runes measures a string as a line of monospaced characters: Chinese
// characters 1 wide, the rest half.
func runes(s string) float64 {
	w := 0.0
	for _, r := range s {
		if wide(r) || strings.ContainsRune(closingPunct+openingPunct, r) && r > 0x2000 {
			w++
		} else {
			w += 0.5
		}
	}
	return w
}

func TestWrapText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text   string
		width, first float64
		want         []string
	}{
		{"Chinese breaks anywhere, nothing lost", "兹证明张三自二〇二〇年起在本公司任客服专员", 8, 6,
			[]string{"兹证明张三自", "二〇二〇年起在本", "公司任客服专员"}},
		{"closing punctuation stays on its line", "甲乙丙丁戊，己庚辛。", 5, 5, []string{"甲乙丙丁", "戊，己庚", "辛。"}},
		{"opening punctuation goes with what follows", "甲乙丙丁（戊己）", 5, 5, []string{"甲乙丙丁", "（戊己）"}},
		{"English breaks at spaces", "This is to certify that Zhang San was employed", 6, 6,
			[]string{"This is to", "certify that", "Zhang San", "was employed"}},
		{"mixed", "工号110105离职", 3.5, 3.5, []string{"工号", "110105", "离职"}},
		{"a word wider than a line", "abcdefghij", 2, 2, []string{"abcd", "efgh", "ij"}},
		{"line breaks kept", "甲乙\n丙丁", 10, 10, []string{"甲乙", "丙丁"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wrapText(tc.text, tc.width, tc.first, runes)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("wrapText(%q) = %q, want %q", tc.text, got, tc.want)
			}
			for i, line := range got {
				limit := tc.width
				if i == 0 {
					limit = tc.first
				}
				if runes(line) > limit && utf8.RuneCountInString(line) > 1 {
					t.Errorf("line %q is %.1f wide, over %.1f", line, runes(line), limit)
				}
			}
		})
	}
}

// testRenderer has the system's CJK font, or skips (scripts/test.sh
// installs fonts-wqy-microhei).
func testRenderer(t *testing.T) *Renderer {
	t.Helper()
	f, err := chart.LoadFont()
	if err != nil {
		t.Skipf("no CJK font (apt-get install fonts-wqy-microhei): %v", err)
	}
	return &Renderer{Font: f}
}

var certificateLetter = bot.Letter{Locale: core.LocaleZH, Title: "离职证明",
	Paragraphs: []string{
		"兹证明张三（居民身份证号码：11010519491231002X）自2020年1月1日起在示例商店工作，双方签订的劳动合同期限为固定期限，自2020年1月1日至2025年12月31日。" +
			"张三离职前担任客服专员一职，在本单位的工作年限为5年10个月。双方的劳动关系已于2025年10月31日解除，离职手续已办理完毕。",
		"特此证明。"},
	Closing: []string{"示例商店（盖章）", "日期：2025年11月3日"}}

// A letter is a one-page A4 PDF with the font embedded as a TrueType
// subset and its text as text: pdftotext, where installed, reads every
// word back, the character at each line break included.
func TestLetterPDF(t *testing.T) {
	t.Parallel()
	r := testRenderer(t)
	pdf, err := r.LetterPDF(certificateLetter)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[len(pdf)-32:], []byte("%%EOF")) {
		t.Fatalf("not a PDF: %q…", pdf[:min(len(pdf), 16)])
	}
	pages := regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(pdf, -1)
	if len(pages) != 1 {
		t.Errorf("%d pages, want 1", len(pages))
	}
	for _, want := range []string{"/MediaBox [0 0 595.28 841.89]", "/Subtype /CIDFontType2", "/FontFile2", "/ToUnicode", "/Encoding /Identity-H"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("the PDF lacks %s", want)
		}
	}
	if len(pdf) > 200<<10 {
		t.Errorf("%d bytes: the font is not subset", len(pdf))
	}
	text := pdfText(t, pdf)
	if text == "" {
		return
	}
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{"离职证明", "兹证明张三", "11010519491231002X", "2020年1月1日", "2025年10月31日",
		"客服专员", "5年10个月", "特此证明。", "示例商店（盖章）"} {
		if !strings.Contains(flat, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	// Every character of the body is there, those at line breaks too.
	if body := strings.Join(strings.Fields(certificateLetter.Paragraphs[0]), ""); !strings.Contains(flat, body) {
		t.Errorf("the body lost characters:\n%s", text)
	}
}

// pdfText is the PDF's text as poppler's pdftotext reads it; "" (the
// test says so) where poppler-utils is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed (apt-get install poppler-utils): the text is not read back")
		return ""
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestLetterPDFWithoutFont(t *testing.T) {
	t.Parallel()
	if _, err := (&Renderer{}).LetterPDF(certificateLetter); !errors.Is(err, bot.ErrNoChart) {
		t.Fatalf("without a font: %v, want ErrNoChart", err)
	}
}

func BenchmarkLetterPDF(b *testing.B) {
	f, err := chart.LoadFont()
	if err != nil {
		b.Skip(err)
	}
	r := &Renderer{Font: f}
	for b.Loop() {
		if _, err := r.LetterPDF(certificateLetter); err != nil {
			b.Fatal(err)
		}
	}
}
