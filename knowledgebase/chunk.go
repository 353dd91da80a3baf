package knowledgebase

import (
	"slices"
	"strings"
	"unicode/utf8"
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
