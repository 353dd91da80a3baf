package chart

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// systemFonts are the CJK fonts LoadFont looks for when none of the paths it
// was given works, best first: the Debian/Ubuntu package paths, then the
// same fonts where Alpine, Fedora and Arch put them, then macOS.
var systemFonts = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",                 // Debian fonts-wqy-microhei
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",                   // Debian fonts-wqy-zenhei
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",         // Debian fonts-noto-cjk
	"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",       // older fonts-noto-cjk
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",      // Debian fonts-droid-fallback
	"/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",          // older Debian
	"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",                 // Alpine font-wqy-microhei, old Fedora
	"/usr/share/fonts/wqy-microhei-fonts/wqy-microhei.ttc",           // Fedora wqy-microhei-fonts
	"/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",                     // Alpine font-wqy-zenhei, Arch
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",              // Arch noto-fonts-cjk
	"/usr/share/fonts/noto/NotoSansCJK-Regular.ttc",                  // Alpine font-noto-cjk
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",       // Fedora google-noto-cjk-fonts
	"/usr/share/fonts/google-droid-sans-fonts/DroidSansFallback.ttf", // Fedora google-droid-sans-fonts
	"/System/Library/Fonts/STHeiti Light.ttc",                        // macOS
	"/Library/Fonts/Arial Unicode.ttf",                               // macOS with Office
}

// cjkProbe is what a system font must be able to draw to be used.
const cjkProbe = "考勤0"

// Font is a parsed font that charts draw their text with. Load it once and
// share it: it is safe for concurrent use, as every PNG call keeps its own
// buffers.
type Font struct {
	sf   *sfnt.Font
	path string
	// file is the font file as read, until SFNT makes sfnt of it.
	file     []byte
	sfntOnce sync.Once
	sfnt     []byte
	sfntErr  error
}

// LoadFont loads the first of paths that exists and parses as a TrueType or
// OpenType font or collection (of a collection, the first font); failing
// that, the first well-known CJK system font that parses and can draw
// Chinese (WenQuanYi Micro Hei, WenQuanYi Zen Hei, Noto Sans CJK, Droid
// Sans Fallback, at their Debian, Alpine, Fedora, Arch and macOS paths).
// Paths given by the caller are not checked for Chinese glyphs: use
// HasGlyphs. The error names every file tried and why each failed.
func LoadFont(paths ...string) (*Font, error) {
	return loadFont(paths, systemFonts)
}

// LoadFontFile loads the font at path and nothing else: a font the operator
// named (HRBOT_FONT) is the one they want, so a wrong path is reported,
// not covered up by a system font. Like LoadFont's paths, it is not checked
// for Chinese glyphs. The error is short: the one file and why.
func LoadFontFile(path string) (*Font, error) {
	return loadFile(path, "0")
}

func loadFont(paths, system []string) (*Font, error) {
	var errs []error
	for _, p := range paths {
		f, err := loadFile(p, "0")
		if err == nil {
			return f, nil
		}
		errs = append(errs, err)
	}
	for _, p := range system {
		f, err := loadFile(p, cjkProbe)
		if err == nil {
			return f, nil
		}
		errs = append(errs, err)
	}
	return nil, &loadError{errs: errs}
}

// loadFile parses the first font of the file at path and checks that it can
// draw probe.
func loadFile(path, probe string) (*Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err // an *fs.PathError, which names the path
	}
	sf, err := parseFirst(data)
	if err != nil {
		// Some fonts, WenQuanYi Micro Hei among them, do not start their
		// tables on 4-byte boundaries, which x/image/font/sfnt insists on.
		packed, perr := repack(data, 0)
		if perr != nil {
			return nil, fmt.Errorf("%s: parse font: %w", path, err)
		}
		if sf, perr = sfnt.Parse(packed); perr != nil {
			return nil, fmt.Errorf("%s: parse font: %w", path, err)
		}
	}
	f := &Font{sf: sf, path: path, file: data}
	if !f.HasGlyphs(probe) {
		return nil, fmt.Errorf("%s: cannot draw %q", path, probe)
	}
	return f, nil
}

// parseFirst parses the first font of a font file or collection.
func parseFirst(data []byte) (*sfnt.Font, error) {
	coll, err := sfnt.ParseCollection(data)
	if err != nil {
		return nil, err
	}
	if coll.NumFonts() == 0 {
		return nil, errors.New("empty font collection")
	}
	return coll.Font(0)
}

// repack copies font i of an SFNT font or collection (TTF, OTF, TTC) into a
// new single-font file whose tables start on 4-byte boundaries. Offsets
// inside tables are relative to their table, so moving tables is safe;
// checksums are left as they were, as sfnt ignores them.
func repack(data []byte, i int) ([]byte, error) {
	be := binary.BigEndian
	errShort := errors.New("truncated font file")
	off := uint64(0)
	if len(data) >= 12 && string(data[:4]) == "ttcf" {
		n := uint64(be.Uint32(data[8:]))
		if uint64(i) >= n || uint64(len(data)) < 12+4*n {
			return nil, errShort
		}
		off = uint64(be.Uint32(data[12+4*i:]))
	}
	if off+12 > uint64(len(data)) {
		return nil, errShort
	}
	numTables := uint64(be.Uint16(data[off+4:]))
	dir := off + 12
	if dir+16*numTables > uint64(len(data)) {
		return nil, errShort
	}
	size := 12 + 16*numTables
	for t := range numTables {
		rec := data[dir+16*t:]
		o, n := uint64(be.Uint32(rec[8:])), uint64(be.Uint32(rec[12:]))
		if o+n > uint64(len(data)) {
			return nil, errShort
		}
		size += (n + 3) &^ 3
	}
	out := make([]byte, 12+16*numTables, size)
	copy(out, data[off:off+12])
	for t := range numTables {
		rec := data[dir+16*t : dir+16*t+16]
		o, n := uint64(be.Uint32(rec[8:])), uint64(be.Uint32(rec[12:]))
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		newRec := out[12+16*t : 12+16*t+16]
		copy(newRec, rec[:8])
		be.PutUint32(newRec[8:], uint32(len(out)))
		be.PutUint32(newRec[12:], uint32(n))
		out = append(out, data[o:o+n]...)
	}
	return out, nil
}

// loadError is LoadFont's error: why each candidate file failed.
type loadError struct{ errs []error }

func (e *loadError) Error() string {
	if len(e.errs) == 0 {
		return "chart: no font found (no paths to try)"
	}
	msgs := make([]string, len(e.errs))
	for i, err := range e.errs {
		msgs[i] = err.Error()
	}
	return "chart: no usable font; tried " + strings.Join(msgs, "; ")
}

func (e *loadError) Unwrap() []error { return e.errs }

// Path returns the file the font was loaded from, for logs.
func (f *Font) Path() string {
	if f == nil {
		return ""
	}
	return f.path
}

// HasGlyphs reports whether the font can draw every rune of s (white space
// aside), e.g. HasGlyphs("考勤").
func (f *Font) HasGlyphs(s string) bool {
	if f == nil || f.sf == nil {
		return false
	}
	var buf sfnt.Buffer
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		x, err := f.sf.GlyphIndex(&buf, r)
		if err != nil || x == 0 {
			return false
		}
		if _, err := f.sf.LoadGlyph(&buf, x, fixed.I(16), nil); err != nil {
			return false
		}
	}
	return true
}

// SFNT returns the font as a file of its own — of a collection (.ttc),
// its first font — with its tables on 4-byte boundaries: what a PDF
// embeds (render's certificates).
func (f *Font) SFNT() ([]byte, error) {
	if f == nil {
		return nil, errors.New("chart: no font")
	}
	f.sfntOnce.Do(func() {
		if f.file == nil {
			f.sfntErr = errors.New("chart: no font file")
			return
		}
		f.sfnt, f.sfntErr = repack(f.file, 0)
		if f.sfntErr != nil {
			f.sfntErr = fmt.Errorf("%s: %w", f.path, f.sfntErr)
		}
		f.file = nil // the font is kept once, as the file it made
	})
	return f.sfnt, f.sfntErr
}
