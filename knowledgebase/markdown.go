package knowledgebase

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

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
	r := mdReader{lines: strings.Split(text, "\n")}
	for i := skipFrontMatter(r.lines); i < len(r.lines); i++ {
		i = r.line(i)
	}
	return "", r.blocks
}

// mdReader is Markdown being read: its lines, the blocks so far, and what
// spans lines.
type mdReader struct {
	lines     []string
	blocks    []block
	fence     string // the fence of the code block being read; "" outside one
	inComment bool   // inside an HTML comment left open on an earlier line
}

func (r *mdReader) add(b block) { r.blocks = append(r.blocks, b) }

// line reads lines[i] and returns the index of the last line it used: the
// next one too for a setext heading's underline.
func (r *mdReader) line(i int) int {
	line := strings.TrimRightFunc(r.lines[i], unicode.IsSpace)
	if r.fence != "" {
		r.codeLine(line)
		return i
	}
	line, ok := r.uncomment(line)
	if !ok {
		return i
	}
	if m := reFence.FindStringSubmatch(line); m != nil {
		r.fence = m[1]
		r.add(block{kind: blockBlank})
		return i
	}
	if strings.TrimSpace(line) == "" {
		r.add(block{kind: blockBlank})
		return i
	}
	if m := reATX.FindStringSubmatch(line); m != nil {
		r.add(block{kind: blockHeading, level: len(m[1]), text: inlineText(m[2])})
		return i
	}
	if i+1 < len(r.lines) && isSetextCandidate(line) {
		if level := setextLevel(r.lines[i+1]); level > 0 {
			r.add(block{kind: blockHeading, level: level, text: inlineText(line)})
			return i + 1
		}
	}
	if reThematic.MatchString(line) || reLinkDef.MatchString(line) {
		r.add(block{kind: blockBlank})
		return i
	}
	if strings.HasPrefix(strings.TrimSpace(line), "|") {
		r.tableLine(line)
		return i
	}
	r.textLine(line)
	return i
}

// codeLine reads a line of a fenced code block, or its closing fence.
func (r *mdReader) codeLine(line string) {
	if t := strings.TrimSpace(line); strings.HasPrefix(t, r.fence) && strings.Trim(t, r.fence[:1]) == "" {
		r.fence = ""
		r.add(block{kind: blockBlank})
		return
	}
	r.add(block{kind: blockCode, text: line})
}

// uncomment removes HTML comments from line, also those that span lines.
// It returns false for a line that is to be skipped: inside a comment, or
// nothing but one.
func (r *mdReader) uncomment(line string) (string, bool) {
	if r.inComment {
		_, after, ok := strings.Cut(line, "-->")
		if !ok || strings.TrimSpace(after) == "" {
			r.inComment = !ok
			return "", false
		}
		r.inComment = false
		line = after
	}
	hadText := strings.TrimSpace(line) != ""
	line = reHTMLComment.ReplaceAllString(line, "")
	if before, _, ok := strings.Cut(line, "<!--"); ok {
		r.inComment = true
		line = before
	}
	if hadText && strings.TrimSpace(line) == "" {
		return "", false
	}
	return line, true
}

// setextLevel is the level of the setext heading whose underline is next
// (=== for 1, --- for 2), 0 when next is none.
func setextLevel(next string) int {
	switch {
	case reSetext1.MatchString(next):
		return 1
	case reSetext2.MatchString(next):
		return 2
	}
	return 0
}

// tableLine reads a row of a table as one line of text, its cells joined;
// the separator row under the header is skipped.
func (r *mdReader) tableLine(line string) {
	if reTableSep.MatchString(line) {
		return
	}
	if row := tableRow(line); row != "" {
		r.add(block{kind: blockText, text: row})
	}
}

// textLine reads a line of text, a quote's or a list item's: a bullet
// becomes "- ", an ordered item keeps its number.
func (r *mdReader) textLine(line string) {
	line = reQuote.ReplaceAllString(line, "")
	prefix := ""
	if m := reBullet.FindString(line); m != "" {
		prefix, line = "- ", line[len(m):]
	} else if m := reOrdered.FindStringSubmatch(line); m != nil {
		prefix, line = m[1]+" ", line[len(m[0]):]
	}
	if t := inlineText(line); t != "" {
		r.add(block{kind: blockText, text: prefix + t})
	}
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
