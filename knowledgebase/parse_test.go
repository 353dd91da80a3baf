package knowledgebase_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/knowledgebase"
)

// maxChunk is the longest chunk text, in runes.
const maxChunk = 1200

// chunkLine is a compact Chunk for comparing: "section | path | text".
func chunkLine(c knowledgebase.Chunk) string {
	return c.Section + " | " + strings.Join(c.Path, "/") + " | " + c.Text
}

func chunkLines(d knowledgebase.Document) []string {
	out := make([]string, len(d.Chunks))
	for i, c := range d.Chunks {
		out[i] = chunkLine(c)
	}
	return out
}

func mustParseFile(t *testing.T, name, text string) knowledgebase.Document {
	t.Helper()
	d, err := knowledgebase.ParseFile(name, []byte(text))
	if err != nil {
		t.Fatalf("ParseFile(%q): %v", name, err)
	}
	return d
}

func TestParseMarkdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		title      string
		want       []string
	}{
		{
			name:  "OK",
			text:  "# Leave｜休假\n\nIntro text.\n\n## Annual leave｜年假\n\nFive days.\n\n### Carry-over\n\nUp to five.\n\n## Sick leave\n\nTwelve days.\n",
			title: "Leave｜休假",
			want: []string{
				"Leave｜休假 |  | Intro text.",
				"Annual leave｜年假 | Annual leave｜年假 | Five days.",
				"Carry-over | Annual leave｜年假/Carry-over | Up to five.",
				"Sick leave | Sick leave | Twelve days.",
			},
		},
		{
			name:  "TextBeforeTitle",
			text:  "Preamble.\n\n# Title\n\n## A\n\nBody.",
			title: "Title",
			want:  []string{"Title |  | Preamble.", "A | A | Body."},
		},
		{
			name:  "NoTitle",
			text:  "## A\n\nBody.",
			title: "notitle",
			want:  []string{"A | A | Body."},
		},
		{
			name:  "HeadingWithoutTextYieldsNoChunk",
			text:  "# T\n## A\n### B\nBody of B.\n## C\n",
			title: "T",
			want:  []string{"B | A/B | Body of B."},
		},
		{
			name:  "Setext",
			text:  "Title\n=====\n\nIntro.\n\nSection two\n-----------\nBody.\n\nAfter a break\n\n---\n\nStill section two.",
			title: "Title",
			want:  []string{"Title |  | Intro.", "Section two | Section two | Body.\n\nAfter a break\n\nStill section two."},
		},
		{
			name:  "ClosingHashesAndLevels",
			text:  "# T #\n#### Deep ####\ntext\n#nohash\n",
			title: "T",
			want:  []string{"Deep | Deep | text\n#nohash"},
		},
		{
			name:  "CodeFence",
			text:  "# T\n## A\n```go\n# not a heading\nQ: not a question\nA: nope\n```\n~~~\n## neither\n~~~\nafter",
			title: "T",
			want:  []string{"A | A | # not a heading\nQ: not a question\nA: nope\n\n## neither\n\nafter"},
		},
		{
			name:  "InlineMarkup",
			text:  "## A\n**Bold** and *italic* and __under__ and _it_ and ~~gone~~ and `code *x*` and [link text](http://x) and ![alt](i.png) and <http://a.b> and snake_case_name and 2 * 3 * 4 and a \\*star\\*.",
			title: "inlinemarkup",
			want:  []string{"A | A | Bold and italic and under and it and gone and code *x* and link text and alt and http://a.b and snake_case_name and 2 * 3 * 4 and a *star*."},
		},
		{
			name:  "Lists",
			text:  "## A\n* one\n+ two\n  - nested\n1. first\n2) second\n- [x] done",
			title: "lists",
			want:  []string{"A | A | - one\n- two\n- nested\n1. first\n2) second\n- done"},
		},
		{
			name:  "TableAndQuote",
			text:  "## A\n| Item | Days |\n|---|:--:|\n| Annual | **5** |\n\n> quoted\n> > twice",
			title: "tableandquote",
			want:  []string{"A | A | Item | Days\nAnnual | 5\n\nquoted\ntwice"},
		},
		{
			name:  "FAQ",
			text:  "# T\n## Leave FAQ｜请假问答\nSome intro.\n\n**Q:** Can I split my leave?\n**A:** Yes, into\nhalf days.\n\n- Q: 病假要交什么？\n- A: 病假条。\n\nQ：全角冒号？\n\nA：可以。\nQ: no answer follows\nplain text\n\nClosing words.",
			title: "T",
			want: []string{
				"Leave FAQ｜请假问答 | Leave FAQ｜请假问答 | Some intro.",
				"Can I split my leave? | Leave FAQ｜请假问答/Can I split my leave? | Can I split my leave?\nYes, into\nhalf days.",
				"病假要交什么？ | Leave FAQ｜请假问答/病假要交什么？ | 病假要交什么？\n病假条。",
				"全角冒号？ | Leave FAQ｜请假问答/全角冒号？ | 全角冒号？\n可以。",
				"Leave FAQ｜请假问答 | Leave FAQ｜请假问答 | Q: no answer follows\nplain text\n\nClosing words.",
			},
		},
		{
			name:  "FrontMatterAndComments",
			text:  "---\ntitle: x\ntags: [a]\n---\n# T\n<!-- hidden -->\nvisible <!-- also hidden --> text\n<!--\nmulti\n-->\nend",
			title: "T",
			want:  []string{"T |  | visible text\nend"},
		},
		{
			name:  "CRLFAndBOM",
			text:  "\ufeff# T\r\n## A\r\nline one\r\nline two\r\n",
			title: "T",
			want:  []string{"A | A | line one\nline two"},
		},
		{
			name:  "Empty",
			text:  "",
			title: "empty",
			want:  []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := mustParseFile(t, strings.ToLower(tt.name)+".md", tt.text)
			if d.Title != tt.title {
				t.Errorf("Title = %q, want %q", d.Title, tt.title)
			}
			if got := chunkLines(d); !slices.Equal(got, tt.want) {
				t.Errorf("chunks:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseLongChunk(t *testing.T) {
	t.Parallel()
	para := strings.Repeat("年假按工龄计算，每年五天。", 20) // 260 runes
	long := strings.Repeat(para+"\n\n", 10)     // ~2,600 runes
	oneBlock := strings.Repeat("Leave is counted in working days. ", 100)
	tests := []struct {
		name, text string
		minParts   int
	}{
		{"Paragraphs", "## Long｜长\n" + long, 3},
		{"OneParagraph", "## Long｜长\n" + oneBlock, 3},
		{"NoBreaksAtAll", "## Long｜长\n" + strings.Repeat("字", 3000), 3},
		{"FAQAnswer", "Q: long?\nA: " + oneBlock, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := mustParseFile(t, "long.md", tt.text)
			if len(d.Chunks) < tt.minParts {
				t.Fatalf("%d chunks, want at least %d", len(d.Chunks), tt.minParts)
			}
			total := 0
			for _, c := range d.Chunks {
				n := utf8.RuneCountInString(c.Text)
				total += n
				if n > maxChunk {
					t.Errorf("chunk of %d runes", n)
				}
				if c.Section != d.Chunks[0].Section || !slices.Equal(c.Path, d.Chunks[0].Path) {
					t.Errorf("part %q %q differs from the first %q %q", c.Section, c.Path, d.Chunks[0].Section, d.Chunks[0].Path)
				}
			}
			if total < utf8.RuneCountInString(tt.text)*8/10 {
				t.Errorf("parts hold %d runes of %d", total, utf8.RuneCountInString(tt.text))
			}
		})
	}
}

func TestParseHTML(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/docs/cs/scripts.html")
	if err != nil {
		t.Fatal(err)
	}
	d, err := knowledgebase.ParseFile("cs/scripts.html", data)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Customer service scripts｜客服话术" {
		t.Errorf("Title = %q", d.Title)
	}
	want := []string{
		"Customer service scripts｜客服话术 |  | Answer every customer politely.",
		"Refunds｜退款 | Refunds｜退款 | Fresh fruit is perishable.\n\n- Level 1: up to 50 yuan\n- Level 2: up to 200 yuan\n\nItem | Target\nFirst response | 30 seconds",
		"Damaged fruit｜坏果 | Refunds｜退款/Damaged fruit｜坏果 | Ask for photos.\n\nScript: 非常抱歉\n  second line\n\nReship\nFree of charge.",
		"Do customers send rotten fruit back? | Refunds｜退款/Damaged fruit｜坏果/Do customers send rotten fruit back? | Do customers send rotten fruit back?\nNo, they keep it.",
	}
	if got := chunkLines(d); !slices.Equal(got, want) {
		t.Errorf("chunks:\n got %q\nwant %q", got, want)
	}
	for _, c := range d.Chunks {
		if strings.Contains(c.Text, "secret") || strings.Contains(c.Text, "Home") || strings.Contains(c.Text, "color") {
			t.Errorf("script, nav or style text in %q", c.Text)
		}
	}
}

func TestParseHTMLTitle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, html, title string
		want              []string
	}{
		{"H1WithoutTitle", "<h1>Pay</h1><p>Monthly.</p><h2>Pay day</h2><p>The <i>10th</i>.</p>", "Pay",
			[]string{"Pay |  | Monthly.", "Pay day | Pay day | The 10th."}},
		{"NoHeadings", "<div>Loose <span>text</span><br>next line</div>", "noheadings",
			[]string{"noheadings |  | Loose text\nnext line"}},
		{"Fragment", "<p>A</p><p>B</p>", "fragment", []string{"fragment |  | A\n\nB"}},
		{"Broken", "<p>unclosed <b>bold<li>item</ul></table>", "broken", []string{"broken |  | unclosed bold\n\n- item"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := mustParseFile(t, strings.ToLower(tt.name)+".htm", tt.html)
			if d.Title != tt.title {
				t.Errorf("Title = %q, want %q", d.Title, tt.title)
			}
			if got := chunkLines(d); !slices.Equal(got, tt.want) {
				t.Errorf("chunks:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, title string
		want              []string
	}{
		{
			name:  "FAQ",
			text:  "Q: Is there parking?\nA: Yes, 8 spaces.\nAsk HR.\n\n问：有员工餐吗？\n答：有午餐补贴。\nQ: Next right away?\nA: Yes.",
			title: "faq",
			want: []string{
				"Is there parking? | Is there parking? | Is there parking?\nYes, 8 spaces.\nAsk HR.",
				"有员工餐吗？ | 有员工餐吗？ | 有员工餐吗？\n有午餐补贴。",
				"Next right away? | Next right away? | Next right away?\nYes.",
			},
		},
		{
			name:  "Headings",
			text:  "Staff notes\n===========\n\nIntro paragraph.\n\nParking\nThere are 8 spaces.\nAsk HR for one.\n\nA short line alone\n\nLunch\n-----\nNo canteen.\n\nThis line ends a sentence.\nSo it is text.",
			title: "Staff notes",
			want: []string{
				"Staff notes |  | Intro paragraph.",
				"Parking | Parking | There are 8 spaces.\nAsk HR for one.\n\nA short line alone",
				"Lunch | Lunch | No canteen.\n\nThis line ends a sentence.\nSo it is text.",
			},
		},
		{
			name:  "Bullets",
			text:  "Rules:\n• one\n* two\n- three",
			title: "bullets",
			want:  []string{"bullets |  | Rules:\n- one\n- two\n- three"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := mustParseFile(t, strings.ToLower(tt.name)+".txt", tt.text)
			if d.Title != tt.title {
				t.Errorf("Title = %q, want %q", d.Title, tt.title)
			}
			if got := chunkLines(d); !slices.Equal(got, tt.want) {
				t.Errorf("chunks:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseFileTypes(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"a.md", "a.MARKDOWN", "a.txt", "a.text", "a.html", "dir/a.HTM"} {
		if _, err := knowledgebase.ParseFile(name, []byte("x")); err != nil {
			t.Errorf("ParseFile(%q): %v", name, err)
		}
	}
	for _, name := range []string{"a.pdf", "a.jsonl", "a", "a.md.bak", "a.docx"} {
		_, err := knowledgebase.ParseFile(name, []byte("x"))
		if !errors.Is(err, knowledgebase.ErrUnsupported) || !strings.Contains(err.Error(), name) {
			t.Errorf("ParseFile(%q) = %v, want an error naming it and wrapping ErrUnsupported", name, err)
		}
	}
}

func TestParseFileHash(t *testing.T) {
	t.Parallel()
	d := mustParseFile(t, "a.txt", "abc")
	if want := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; d.Hash != want {
		t.Errorf("Hash = %s, want %s", d.Hash, want)
	}
	if d.Name != "a.txt" {
		t.Errorf("Name = %q", d.Name)
	}
}

func TestParseBadInput(t *testing.T) {
	t.Parallel()
	inputs := map[string][]byte{
		"empty":     {},
		"blank":     []byte("\n\n   \n\t\n"),
		"badUTF8":   []byte("## A\xff\xfe\nbody \xc3\x28 here\n"),
		"nul":       []byte("## A\x00B\n\x00\x00"),
		"onlyHash":  []byte("#\n##\n###"),
		"onlyFence": []byte("```"),
		"onlyQ":     []byte("Q:\nA:"),
		"htmlJunk":  []byte("<<<>>><!--"),
	}
	for name, data := range inputs {
		for _, ext := range []string{".md", ".txt", ".html"} {
			d, err := knowledgebase.ParseFile(name+ext, data)
			if err != nil {
				t.Errorf("%s%s: %v", name, ext, err)
				continue
			}
			checkDocument(t, d)
		}
	}
}

// checkDocument checks what holds for every parsed document.
func checkDocument(t *testing.T, d knowledgebase.Document) {
	t.Helper()
	if d.Title == "" || len(d.Hash) != 64 {
		t.Errorf("%s: Title %q Hash %q", d.Name, d.Title, d.Hash)
	}
	for _, c := range d.Chunks {
		if strings.TrimSpace(c.Text) == "" || c.Section == "" {
			t.Errorf("%s: empty chunk %q", d.Name, chunkLine(c))
		}
		if !utf8.ValidString(c.Text) || !utf8.ValidString(c.Section) {
			t.Errorf("%s: invalid UTF-8 in %q", d.Name, chunkLine(c))
		}
		if n := utf8.RuneCountInString(c.Text); n > maxChunk {
			t.Errorf("%s: chunk of %d runes", d.Name, n)
		}
	}
}

func TestReadDir(t *testing.T) {
	t.Parallel()
	docs, err := knowledgebase.ReadDir("testdata/docs")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range docs {
		names = append(names, d.Name)
		checkDocument(t, d)
	}
	want := []string{"cs/scripts.html", "empty.txt", "faq.txt", "leave.md"}
	if !slices.Equal(names, want) {
		t.Fatalf("documents %q, want %q", names, want)
	}
	faq := docs[2]
	if faq.Title != "Staff FAQ" {
		t.Errorf("faq.txt Title = %q", faq.Title)
	}
	wantFAQ := []string{
		"Is there parking at the warehouse? | Is there parking at the warehouse? | Is there parking at the warehouse?\nThere are 8 staff car spaces behind the warehouse.\nAsk Zhao Min for one.",
		"公司有员工餐吗？ | 公司有员工餐吗？ | 公司有员工餐吗？\n每个工作日发放午餐补贴 15 元。",
		"Office life | Office life | Notes about the office follow here.\nThe kitchen is on the second floor.",
		"Badges | Badges | Lost badges cost 20 yuan to replace.",
	}
	if got := chunkLines(faq); !slices.Equal(got, wantFAQ) {
		t.Errorf("faq.txt chunks:\n got %q\nwant %q", got, wantFAQ)
	}
	leave := docs[3]
	wantLeave := []string{
		"Leave policy｜休假制度 |  | All leave is requested in the hrbot chat bot.",
		"Annual leave｜年假 | Annual leave｜年假 | You get 5 days of paid annual leave a year. See the national rules and /balance.\n\n每年享有 5 天带薪年假。",
		"Carry-over｜结转 | Annual leave｜年假/Carry-over｜结转 | Up to five unused days move into the next year.",
		"Sick leave｜病假 | Sick leave｜病假 | - A doctor's note is required.\n- Paid at 80% of base salary.\n\n请假需提供病假条。",
		"Public holidays | Public holidays | Office staff follow the official holiday calendar.\n\n## not a heading\nQ: not a question\nA: not an answer",
		"Can I split my annual leave? | FAQ/Can I split my annual leave? | Can I split my annual leave?\nYes, into half days\nor whole days.",
		"病假要交什么材料？ | FAQ/病假要交什么材料？ | 病假要交什么材料？\n医院开具的病假条。",
	}
	if got := chunkLines(leave); !slices.Equal(got, wantLeave) {
		t.Errorf("leave.md chunks:\n got %q\nwant %q", got, wantLeave)
	}
}

func TestReadDirErrors(t *testing.T) {
	t.Parallel()
	if _, err := knowledgebase.ReadDir("testdata/no-such-dir"); err == nil {
		t.Error("ReadDir of a missing directory: no error")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "locked.md")
	if err := os.WriteFile(bad, []byte("# x"), 0o200); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(bad); err == nil {
		f.Close()
		t.Skip("running as a user who can read anything")
	}
	if _, err := knowledgebase.ReadDir(dir); err == nil || !strings.Contains(err.Error(), "locked.md") {
		t.Errorf("ReadDir with an unreadable file: %v, want an error naming it", err)
	}
}

func TestHeadingParts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Annual leave｜年假", []string{"Annual leave｜年假", "Annual leave", "年假"}},
		{"Annual leave | 年假", []string{"Annual leave | 年假", "Annual leave", "年假"}},
		{"Annual leave / 年假", []string{"Annual leave / 年假", "Annual leave", "年假"}},
		{"HR/Admin", []string{"HR/Admin"}},
		{"上班时间和班次 Working hours and shifts", []string{"上班时间和班次 Working hours and shifts", "上班时间和班次", "Working hours and shifts"}},
		{"Annual leave 年假", []string{"Annual leave 年假", "Annual leave", "年假"}},
		{"3. 五险一金 Social insurance", []string{"3. 五险一金 Social insurance", "3. 五险一金", "Social insurance"}},
		{"打卡 FAQ", []string{"打卡 FAQ", "打卡", "FAQ"}},
		{"使用 hrbot 打卡", []string{"使用 hrbot 打卡"}},
		{"使用 hrbot", []string{"使用 hrbot"}},
		{"Wi-Fi 密码", []string{"Wi-Fi 密码"}},
		{"2026 年节假日", []string{"2026 年节假日"}},
		{"Plain", []string{"Plain"}},
		{"A｜", []string{"A｜", "A"}},
		{"", []string{""}},
	}
	for _, tt := range tests {
		if got := knowledgebase.HeadingParts(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("HeadingParts(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A citation names the section in the reader's language, whichever way the
// bilingual heading was written.
func TestSectionIn(t *testing.T) {
	t.Parallel()
	for _, heading := range []string{"上班时间和班次 Working hours and shifts", "Working hours and shifts｜上班时间和班次", "Working hours and shifts / 上班时间和班次"} {
		if got := knowledgebase.SectionIn(heading, core.LocaleEN); got != "Working hours and shifts" {
			t.Errorf("SectionIn(%q, en) = %q", heading, got)
		}
		if got := knowledgebase.SectionIn(heading, core.LocaleZH); got != "上班时间和班次" {
			t.Errorf("SectionIn(%q, zh) = %q", heading, got)
		}
	}
	if got := knowledgebase.SectionIn("使用 hrbot 打卡", core.LocaleEN); got != "使用 hrbot 打卡" {
		t.Errorf("a Chinese heading with an English word: %q", got)
	}
}

func FuzzParseFile(f *testing.F) {
	for _, s := range []string{
		"# T\n## A\ntext\n**Q:** q?\n**A:** a.\n```\n# x\n```",
		"Title\n=====\nQ: a\nA: b\n\nshort\nline",
		"<html><head><title>t</title></head><body><h2>A</h2><p>x</p><ul><li>y</li></ul></body></html>",
		"问：有吗？\n答：有。",
		"\xff\xfe\x00",
	} {
		for _, ext := range []string{".md", ".txt", ".html"} {
			f.Add("f"+ext, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		d, err := knowledgebase.ParseFile(name, data)
		if err != nil {
			if !errors.Is(err, knowledgebase.ErrUnsupported) {
				t.Fatalf("error %v does not wrap ErrUnsupported", err)
			}
			return
		}
		for _, c := range d.Chunks {
			if strings.TrimSpace(c.Text) == "" || !utf8.ValidString(c.Text) || !utf8.ValidString(c.Section) {
				t.Fatalf("bad chunk %q", chunkLine(c))
			}
			if n := utf8.RuneCountInString(c.Text); n > maxChunk {
				t.Fatalf("chunk of %d runes", n)
			}
		}
	})
}
