package knowledgebase

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Document is one imported file.
type Document struct {
	Name   string // path relative to the import directory, slash-separated ("leave-policy.md", "cs/scripts.html")
	Title  string // first level-1 heading, HTML <title>/<h1>, else file name without extension
	Hash   string // hex SHA-256 of the file bytes
	Chunks []Chunk
}

// Chunk is a piece of a document under one heading.
type Chunk struct {
	Section string   // heading text of the chunk; the document title for text before the first heading; the question for FAQ pairs
	Path    []string // headings from the top-level section down to Section (not including the doc title), for display
	Text    string   // plain text body without the heading line; Markdown emphasis/link/code markup removed (keep link text), list bullets kept as "- "
}

// ErrUnsupported is wrapped by the error of ParseFile for a file type it
// cannot read.
var ErrUnsupported = errors.New("unsupported file type")

// maxChunkRunes is about the longest Text of a chunk: a longer one is split
// at blank lines (then lines, then sentences) into parts of at most this
// many runes, each keeping the chunk's Section and Path.
const maxChunkRunes = 1200

// ParseFile reads one file into a document, by its extension: .md and
// .markdown are Markdown, .txt and .text plain text, .html and .htm HTML.
// Any other extension gives an error wrapping ErrUnsupported. Invalid UTF-8
// is replaced, not refused; an empty file is a document without chunks.
func ParseFile(name string, data []byte) (Document, error) {
	var parse func(text string) (title string, blocks []block)
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		parse = markdownBlocks
	case ".txt", ".text":
		parse = textBlocks
	case ".html", ".htm":
		parse = htmlBlocks
	default:
		return Document{}, fmt.Errorf("%s: %w", name, ErrUnsupported)
	}
	sum := sha256.Sum256(data)
	doc := Document{Name: name, Hash: hex.EncodeToString(sum[:])}
	title, blocks := parse(normalizeText(data))
	c := chunker{title: title}
	for i := 0; i < len(blocks); i++ {
		i = c.add(blocks, i)
	}
	c.flush()
	doc.Title = c.title
	if doc.Title == "" {
		base := path.Base(name)
		doc.Title = strings.ToValidUTF8(strings.TrimSuffix(base, path.Ext(base)), "\uFFFD")
		if doc.Title == "" {
			doc.Title = strings.ToValidUTF8(base, "\uFFFD") // ".md"
		}
	}
	for i := range c.chunks {
		if c.chunks[i].Section == "" {
			c.chunks[i].Section = doc.Title
		}
	}
	doc.Chunks = c.chunks
	return doc, nil
}

// ReadDir reads every supported file under dir, recursively, into
// documents sorted by Name. Hidden files and folders (".x"), files named
// README.md and files of other types (.jsonl too) are skipped. An error
// names the file.
func ReadDir(dir string) ([]Document, error) {
	var docs []Document
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		if p == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || strings.EqualFold(d.Name(), "readme.md") || !supported(d.Name()) {
			return nil
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil // a device or a pipe
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", rel, err)
		}
		doc, err := ParseFile(rel, data)
		if err != nil {
			return fmt.Errorf("parse %s: %w", rel, err)
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(docs, func(a, b Document) int { return strings.Compare(a.Name, b.Name) })
	return docs, nil
}

func supported(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".txt", ".text", ".html", ".htm":
		return true
	}
	return false
}

// HeadingParts is the full heading text followed by each trimmed part of a
// bilingual heading written "English｜中文" (also "|" and " / "); a heading
// of one part gives just itself.
func HeadingParts(section string) []string {
	s := strings.ReplaceAll(section, "｜", "|")
	s = strings.ReplaceAll(s, " / ", "|")
	if !strings.Contains(s, "|") {
		return []string{section}
	}
	out := []string{section}
	for p := range strings.SplitSeq(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// normalizeText makes file bytes into valid UTF-8 text with \n line ends
// and no byte order mark.
func normalizeText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s := string(data)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\x00", "")
}

// block is a line of a document in a form common to all formats.
type block struct {
	kind  blockKind
	level int    // of a heading, 1–6
	text  string // plain text, markup removed
}

type blockKind int

const (
	blockText    blockKind = iota // a line of text
	blockBlank                    // a paragraph break
	blockHeading                  // a heading
	blockCode                     // a line of preformatted text: never a heading or an FAQ line
)

// chunker turns blocks into chunks.
type chunker struct {
	title    string // the document title; set by the first h1 when empty
	sawTitle bool   // the first h1 has been seen
	stack    []heading
	section  string   // of the chunk being built; "" for the title
	path     []string // of the chunk being built
	lines    []string // of the chunk being built; "" is a paragraph break
	chunks   []Chunk
}

type heading struct {
	level int
	text  string
}

// add takes in blocks[i] and returns the index of the last block used.
func (c *chunker) add(blocks []block, i int) int {
	b := blocks[i]
	switch b.kind {
	case blockHeading:
		c.flush()
		c.heading(b.level, b.text)
	case blockBlank:
		if len(c.lines) > 0 && c.lines[len(c.lines)-1] != "" {
			c.lines = append(c.lines, "")
		}
	case blockCode:
		c.lines = append(c.lines, b.text)
	case blockText:
		if q, ok := cutPrefix(b.text, questionPrefixes); ok {
			if last, ok := c.faq(blocks, i, q); ok {
				return last
			}
		}
		c.lines = append(c.lines, b.text)
	}
	return i
}

func (c *chunker) heading(level int, text string) {
	if text == "" {
		return
	}
	if level == 1 && !c.sawTitle {
		c.sawTitle = true
		if c.title == "" {
			c.title = text
		}
		c.stack, c.section, c.path = nil, "", nil
		return
	}
	for len(c.stack) > 0 && c.stack[len(c.stack)-1].level >= level {
		c.stack = c.stack[:len(c.stack)-1]
	}
	c.stack = append(c.stack, heading{level, text})
	c.section = text
	c.path = make([]string, len(c.stack))
	for i, h := range c.stack {
		c.path[i] = h.text
	}
}

// faq makes a chunk of the question q at blocks[i] when an answer line
// follows it (blank lines between allowed). It returns the index of the
// last block of the answer.
func (c *chunker) faq(blocks []block, i int, q string) (int, bool) {
	q = strings.TrimSpace(q)
	j := i + 1
	for j < len(blocks) && blocks[j].kind == blockBlank {
		j++
	}
	if q == "" || j == len(blocks) || blocks[j].kind != blockText {
		return i, false
	}
	a, ok := cutPrefix(blocks[j].text, answerPrefixes)
	if !ok {
		return i, false
	}
	answer := []string{strings.TrimSpace(a)}
	for j+1 < len(blocks) && blocks[j+1].kind == blockText {
		if _, isQ := cutPrefix(blocks[j+1].text, questionPrefixes); isQ {
			break
		}
		j++
		answer = append(answer, blocks[j].text)
	}
	c.flush()
	path := append(slices.Clone(c.path), q)
	text := strings.TrimSpace(q + "\n" + strings.TrimSpace(strings.Join(answer, "\n")))
	for _, part := range splitLong(text, maxChunkRunes) {
		c.chunks = append(c.chunks, Chunk{Section: q, Path: path, Text: part})
	}
	return j, true
}

// flush ends the chunk being built.
func (c *chunker) flush() {
	var paras []string
	var para []string
	for _, l := range append(c.lines, "") {
		if l == "" {
			if len(para) > 0 {
				paras = append(paras, strings.Join(para, "\n"))
				para = para[:0]
			}
			continue
		}
		para = append(para, l)
	}
	c.lines = c.lines[:0]
	text := strings.TrimSpace(strings.Join(paras, "\n\n"))
	if text == "" {
		return
	}
	for _, part := range splitLong(text, maxChunkRunes) {
		c.chunks = append(c.chunks, Chunk{Section: c.section, Path: slices.Clone(c.path), Text: part})
	}
}

var (
	questionPrefixes = []string{"Q:", "Q：", "q:", "q：", "问：", "问:"}
	answerPrefixes   = []string{"A:", "A：", "a:", "a：", "答：", "答:"}
)

// cutPrefix strips an optional "- " or "**" and then one of prefixes.
func cutPrefix(line string, prefixes []string) (string, bool) {
	s := strings.TrimSpace(line)
	s = strings.TrimPrefix(s, "- ")
	s = strings.TrimPrefix(s, "**")
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "**"))
			return strings.TrimSpace(strings.TrimSuffix(rest, "**")), true
		}
	}
	return "", false
}

// splitLong splits text longer than limit runes at paragraph breaks, then
// line breaks, then sentence ends, then anywhere, into parts of at most
// limit runes.
func splitLong(text string, limit int) []string {
	if utf8.RuneCountInString(text) <= limit {
		return []string{text}
	}
	for _, sep := range []string{"\n\n", "\n"} {
		pieces := strings.Split(text, sep)
		if len(pieces) > 1 {
			return pack(pieces, sep, limit)
		}
	}
	if sentences := splitSentences(text); len(sentences) > 1 {
		return pack(sentences, "", limit)
	}
	var out []string
	r := []rune(text)
	for len(r) > limit {
		out = append(out, strings.TrimSpace(string(r[:limit])))
		r = r[limit:]
	}
	if s := strings.TrimSpace(string(r)); s != "" {
		out = append(out, s)
	}
	return out
}

// pack joins pieces with sep greedily into parts of at most limit runes,
// splitting further any piece that is longer by itself.
func pack(pieces []string, sep string, limit int) []string {
	var out []string
	var cur strings.Builder
	n := 0
	for _, p := range pieces {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		pn := utf8.RuneCountInString(p)
		if n > 0 && n+utf8.RuneCountInString(sep)+pn > limit {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		if pn > limit {
			out = append(out, splitLong(p, limit)...)
			continue
		}
		if n > 0 {
			cur.WriteString(sep)
			n += utf8.RuneCountInString(sep)
		}
		cur.WriteString(p)
		n += pn
	}
	if n > 0 {
		out = append(out, cur.String())
	}
	return out
}

// splitSentences splits after sentence-ending punctuation, keeping it.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		switch r {
		case '。', '！', '？', '；', '.', '!', '?', ';':
			end := i + utf8.RuneLen(r)
			if r < 0x80 && end < len(s) && s[end] != ' ' {
				continue // 1.5, e.g.x
			}
			out = append(out, s[start:end])
			start = end
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	for i := range out {
		out[i] = strings.TrimSpace(out[i]) + " "
	}
	return out
}

// Markdown.

var (
	reATX          = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	reSetext1      = regexp.MustCompile(`^ {0,3}=+[ \t]*$`)
	reSetext2      = regexp.MustCompile(`^ {0,3}-+[ \t]*$`)
	reThematic     = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	reFence        = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	reTableSep     = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
	reLinkDef      = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*\S+`)
	reBullet       = regexp.MustCompile(`^\s*(?:[-*+•])\s+(?:\[[ xX]\]\s+)?`)
	reOrdered      = regexp.MustCompile(`^\s*(\d{1,9}[.)])\s+`)
	reQuote        = regexp.MustCompile(`^\s*(?:>\s?)+`)
	reImage        = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	reLink         = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	reRefLink      = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	reAutolink     = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+|[^@>\s]+@[^>\s]+)>`)
	reTag          = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>`)
	reCode         = regexp.MustCompile("(`+)(.+?)(`+)")
	reBoldItalic   = regexp.MustCompile(`\*\*\*(\S(?:.*?\S)?)\*\*\*`)
	reBold         = regexp.MustCompile(`\*\*(\S(?:.*?\S)?)\*\*`)
	reBoldU        = regexp.MustCompile(`(^|[^\pL\pN_])__(\S(?:.*?\S)?)__($|[^\pL\pN_])`)
	reItalic       = regexp.MustCompile(`\*(\S(?:.*?\S)?)\*`)
	reItalicU      = regexp.MustCompile(`(^|[^\pL\pN_])_(\S(?:.*?\S)?)_($|[^\pL\pN_])`)
	reStrike       = regexp.MustCompile(`~~(.+?)~~`)
	reEscape       = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>~])")
	reSpaces       = regexp.MustCompile(`[ \t\f\v\x{00a0}\x{3000}]+`)
	reHTMLComment  = regexp.MustCompile(`<!--.*?-->`)
	escapeBase     = rune(0xE000)
	escapeRestorer = func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= escapeBase && r < escapeBase+0x80 {
				return r - escapeBase
			}
			return r
		}, s)
	}
)

// markdownBlocks reads Markdown line by line.
func markdownBlocks(text string) (string, []block) {
	lines := strings.Split(text, "\n")
	var blocks []block
	i := skipFrontMatter(lines)
	var fence string
	inComment := false
	for ; i < len(lines); i++ {
		line := strings.TrimRightFunc(lines[i], unicode.IsSpace)
		if fence != "" {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				blocks = append(blocks, block{kind: blockBlank})
				continue
			}
			blocks = append(blocks, block{kind: blockCode, text: line})
			continue
		}
		if inComment {
			_, after, ok := strings.Cut(line, "-->")
			if !ok || strings.TrimSpace(after) == "" {
				inComment = !ok
				continue
			}
			inComment = false
			line = after
		}
		hadText := strings.TrimSpace(line) != ""
		line = reHTMLComment.ReplaceAllString(line, "")
		if before, _, ok := strings.Cut(line, "<!--"); ok {
			inComment = true
			line = before
		}
		if hadText && strings.TrimSpace(line) == "" {
			continue // a line of nothing but a comment
		}
		if m := reFence.FindStringSubmatch(line); m != nil {
			fence = m[1]
			blocks = append(blocks, block{kind: blockBlank})
			continue
		}
		if strings.TrimSpace(line) == "" {
			blocks = append(blocks, block{kind: blockBlank})
			continue
		}
		if m := reATX.FindStringSubmatch(line); m != nil {
			blocks = append(blocks, block{kind: blockHeading, level: len(m[1]), text: inlineText(m[2])})
			continue
		}
		if i+1 < len(lines) && isSetextCandidate(line) {
			next := lines[i+1]
			if reSetext1.MatchString(next) {
				blocks = append(blocks, block{kind: blockHeading, level: 1, text: inlineText(line)})
				i++
				continue
			}
			if reSetext2.MatchString(next) {
				blocks = append(blocks, block{kind: blockHeading, level: 2, text: inlineText(line)})
				i++
				continue
			}
		}
		if reThematic.MatchString(line) || reLinkDef.MatchString(line) {
			blocks = append(blocks, block{kind: blockBlank})
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "|") {
			if reTableSep.MatchString(line) {
				continue
			}
			if row := tableRow(line); row != "" {
				blocks = append(blocks, block{kind: blockText, text: row})
			}
			continue
		}
		line = reQuote.ReplaceAllString(line, "")
		prefix := ""
		if m := reBullet.FindString(line); m != "" {
			prefix, line = "- ", line[len(m):]
		} else if m := reOrdered.FindStringSubmatch(line); m != nil {
			prefix, line = m[1]+" ", line[len(m[0]):]
		}
		if t := inlineText(line); t != "" {
			blocks = append(blocks, block{kind: blockText, text: prefix + t})
		}
	}
	return "", blocks
}

// skipFrontMatter returns the index of the first line after a YAML front
// matter block, or 0.
func skipFrontMatter(lines []string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0
	}
	for i := 1; i < len(lines) && i < 60; i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			return i + 1
		}
		if strings.TrimSpace(lines[i]) != "" && !strings.Contains(lines[i], ":") && !strings.HasPrefix(strings.TrimSpace(lines[i]), "-") {
			return 0
		}
	}
	return 0
}

// isSetextCandidate reports whether a line could be the text of a setext
// heading: plain paragraph text, not a list item, quote or table row.
func isSetextCandidate(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
		return false
	}
	if reBullet.MatchString(line) || reOrdered.MatchString(line) || strings.HasPrefix(t, ">") || strings.HasPrefix(t, "|") {
		return false
	}
	return !reThematic.MatchString(line)
}

func tableRow(line string) string {
	t := strings.TrimSpace(line)
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
	}
	t = strings.ReplaceAll(t, `\|`, "\uE07C")
	var cells []string
	for c := range strings.SplitSeq(t, "|") {
		c = strings.ReplaceAll(c, "\uE07C", "|")
		if c = inlineText(c); c != "" {
			cells = append(cells, c)
		}
	}
	return strings.Join(cells, " | ")
}

// inlineText removes Markdown inline markup from a line, keeping the text
// of links and code, and collapses white space.
func inlineText(s string) string {
	if s == "" {
		return ""
	}
	s = reEscape.ReplaceAllStringFunc(s, func(m string) string {
		return string(escapeBase + rune(m[1]))
	})
	s = reCode.ReplaceAllStringFunc(s, func(m string) string {
		sm := reCode.FindStringSubmatch(m)
		if len(sm[1]) != len(sm[3]) {
			return m
		}
		// Protect markup characters inside code from the rules below.
		return strings.Map(func(r rune) rune {
			if r < 0x80 && strings.ContainsRune("*_~[]()<>!", r) {
				return escapeBase + r
			}
			return r
		}, strings.TrimSpace(sm[2]))
	})
	s = reImage.ReplaceAllString(s, "$1")
	s = reLink.ReplaceAllString(s, "$1")
	s = reRefLink.ReplaceAllString(s, "$1")
	s = reAutolink.ReplaceAllString(s, "$1")
	s = reTag.ReplaceAllString(s, " ")
	s = reBoldItalic.ReplaceAllString(s, "$1")
	s = reBold.ReplaceAllString(s, "$1")
	s = reBoldU.ReplaceAllString(s, "$1$2$3")
	s = reItalic.ReplaceAllString(s, "$1")
	s = reItalicU.ReplaceAllString(s, "$1$2$3")
	s = reStrike.ReplaceAllString(s, "$1")
	s = html.UnescapeString(s)
	s = escapeRestorer(s)
	return strings.TrimSpace(reSpaces.ReplaceAllString(s, " "))
}

// Plain text.

// textBlocks reads plain text: a line underlined with === or --- is a
// heading, and so is a short line that starts a paragraph, does not end
// like a sentence and is followed directly by more lines.
func textBlocks(text string) (string, []block) {
	lines := strings.Split(text, "\n")
	var blocks []block
	prevBlank := true
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(reSpaces.ReplaceAllString(lines[i], " "))
		if line == "" {
			blocks = append(blocks, block{kind: blockBlank})
			prevBlank = true
			continue
		}
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimSpace(lines[i+1])
		}
		if isUnderline(line) {
			blocks = append(blocks, block{kind: blockBlank})
			prevBlank = true
			continue
		}
		if isUnderline(next) {
			level := 2
			if next[0] == '=' {
				level = 1
			}
			blocks = append(blocks, block{kind: blockHeading, level: level, text: line})
			i++
			prevBlank = true
			continue
		}
		if m := reBullet.FindString(line); m != "" {
			line = "- " + line[len(m):]
		}
		if prevBlank && next != "" && isTextHeading(line) {
			blocks = append(blocks, block{kind: blockHeading, level: 2, text: line})
			prevBlank = true
			continue
		}
		blocks = append(blocks, block{kind: blockText, text: line})
		prevBlank = false
	}
	return "", blocks
}

func isUnderline(s string) bool {
	if len(s) < 3 {
		return false
	}
	return strings.Trim(s, "=") == "" || strings.Trim(s, "-") == ""
}

// isTextHeading reports whether a line of plain text looks like a heading.
func isTextHeading(line string) bool {
	if utf8.RuneCountInString(line) > 60 || strings.HasPrefix(line, "- ") || reOrdered.MatchString(line) {
		return false
	}
	if _, ok := cutPrefix(line, questionPrefixes); ok {
		return false
	}
	if _, ok := cutPrefix(line, answerPrefixes); ok {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".!?。！？:：;；,，…", r)
}

// HTML.

// htmlBlocks reads HTML: headings, paragraphs, list items as "- item",
// table rows with cells joined by " | ", preformatted text, quotes and
// definition lists. Scripts, styles, navigation and the head (but its
// title) are skipped.
func htmlBlocks(text string) (string, []block) {
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return "", nil
	}
	w := &htmlWalker{}
	w.walk(root)
	w.flush()
	return w.title, w.blocks
}

type htmlWalker struct {
	title   string
	blocks  []block
	line    strings.Builder
	pending string // a "- " waiting for the first text of a list item
}

func (w *htmlWalker) flush() {
	t := strings.TrimSpace(reSpaces.ReplaceAllString(w.line.String(), " "))
	w.line.Reset()
	if t == "" {
		return
	}
	w.blocks = append(w.blocks, block{kind: blockText, text: w.pending + t})
	w.pending = ""
}

func (w *htmlWalker) blank() {
	w.flush()
	w.blocks = append(w.blocks, block{kind: blockBlank})
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
	default:
		w.children(n)
		return
	}
	if skippedElement(n.DataAtom) {
		return
	}
	switch n.DataAtom {
	case atom.Head:
		for t := range n.Descendants() {
			if t.Type == html.ElementNode && t.DataAtom == atom.Title && w.title == "" {
				w.title = collapsed(t)
			}
		}
	case atom.Title:
		if w.title == "" {
			w.title = collapsed(n)
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		level := int(n.Data[1] - '0')
		w.blocks = append(w.blocks, block{kind: blockHeading, level: level, text: collapsed(n)})
	case atom.Br:
		w.flush()
	case atom.Hr:
		w.blank()
	case atom.Li:
		w.flush()
		w.pending = "- "
		w.children(n)
		w.flush()
		w.pending = ""
	case atom.Tr:
		w.flush()
		var cells []string
		for c := range n.ChildNodes() {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
				if t := collapsed(c); t != "" {
					cells = append(cells, t)
				}
			}
		}
		if len(cells) > 0 {
			w.blocks = append(w.blocks, block{kind: blockText, text: strings.Join(cells, " | ")})
		}
	case atom.Pre:
		w.blank()
		var b strings.Builder
		for t := range n.Descendants() {
			if t.Type == html.TextNode {
				b.WriteString(t.Data)
			}
		}
		for l := range strings.SplitSeq(strings.Trim(b.String(), "\n"), "\n") {
			w.blocks = append(w.blocks, block{kind: blockCode, text: strings.TrimRightFunc(l, unicode.IsSpace)})
		}
		w.blank()
	case atom.P, atom.Blockquote, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Div, atom.Section, atom.Article,
		atom.Main, atom.Header, atom.Footer, atom.Aside, atom.Figure, atom.Figcaption, atom.Address, atom.Details,
		atom.Summary, atom.Form, atom.Fieldset, atom.Caption, atom.Body:
		w.blank()
		w.children(n)
		w.blank()
	case atom.Dt, atom.Dd, atom.Tbody, atom.Thead, atom.Tfoot:
		w.flush()
		w.children(n)
		w.flush()
	default:
		w.children(n)
	}
}

func (w *htmlWalker) children(n *html.Node) {
	for c := range n.ChildNodes() {
		w.walk(c)
	}
}

func (w *htmlWalker) text(s string) {
	if s == "" {
		return
	}
	if unicode.IsSpace(rune(s[0])) {
		w.line.WriteByte(' ')
	}
	w.line.WriteString(strings.Join(strings.Fields(s), " "))
	if unicode.IsSpace(rune(s[len(s)-1])) {
		w.line.WriteByte(' ')
	}
}

// collapsed is the text of n with white space collapsed; block elements
// and line breaks inside it count as spaces.
func collapsed(n *html.Node) string {
	var b strings.Builder
	var gather func(*html.Node)
	gather = func(n *html.Node) {
		for c := range n.ChildNodes() {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type != html.ElementNode:
				gather(c)
			case skippedElement(c.DataAtom):
			case inlineElement(c.DataAtom):
				gather(c)
			default:
				b.WriteByte(' ')
				gather(c)
				b.WriteByte(' ')
			}
		}
	}
	gather(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func skippedElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Nav, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object, atom.Button, atom.Select:
		return true
	}
	return false
}

func inlineElement(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Dfn, atom.Em, atom.I,
		atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp, atom.Small, atom.Span, atom.Strong, atom.Sub, atom.Sup,
		atom.Time, atom.U, atom.Var, atom.Del, atom.Ins, atom.Font, atom.Label:
		return true
	}
	return false
}
