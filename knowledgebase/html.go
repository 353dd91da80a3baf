package knowledgebase

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
