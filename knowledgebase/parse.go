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
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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
// bilingual heading written "English｜中文" (also "|" and " / ", or with
// only a space between the two languages: "年假 Annual leave"); a heading
// of one part gives just itself.
func HeadingParts(section string) []string {
	s := strings.ReplaceAll(section, "｜", "|")
	s = strings.ReplaceAll(s, " / ", "|")
	if !strings.Contains(s, "|") {
		if zh, en, ok := splitScripts(section); ok {
			return []string{section, zh, en}
		}
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

// splitScripts splits a heading that is a Chinese half and an English half
// side by side with only a space between them, in either order, and returns
// them in the heading's order. A heading that mixes the two
// ("使用 hrbot 打卡", "Wi-Fi 密码") is not split: the English half must be
// capitalised when it comes second ("打卡 FAQ" but not "使用 hrbot") and be
// at least two words when it comes first.
func splitScripts(heading string) (first, second string, ok bool) {
	const neither, chinese, english = 0, 1, 2
	words := strings.Fields(heading)
	script := make([]int, len(words))
	last := neither
	for i, w := range words {
		for _, r := range w {
			if unicode.Is(unicode.Han, r) {
				script[i] = chinese
				break
			}
			if r < unicode.MaxASCII && unicode.IsLetter(r) {
				script[i] = english
			}
		}
		// A number or a dash goes with the half it follows.
		if script[i] == neither {
			script[i] = last
		}
		last = script[i]
	}
	cut := 0 // the first word of the second half
	for i := 1; i < len(words); i++ {
		if script[i] != script[i-1] && script[i-1] != neither {
			if cut > 0 {
				return "", "", false
			}
			cut = i
		}
	}
	if cut == 0 {
		return "", "", false
	}
	first, second = strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")
	if script[cut] == english && !unicode.IsUpper([]rune(second)[0]) {
		return "", "", false
	}
	if script[0] == english && cut < 2 {
		return "", "", false
	}
	return first, second, true
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
