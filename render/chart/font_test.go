package chart

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestLoadFont(t *testing.T) {
	t.Parallel()
	sys := mustFont(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.ttf")
	if err := os.WriteFile(junk, []byte("not a font at all, not even close"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.ttc")
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"System", nil, sys.Path()},
		{"Explicit", []string{sys.Path()}, sys.Path()},
		{"MissingThenSystem", []string{missing}, sys.Path()},
		{"JunkThenExplicit", []string{junk, missing, sys.Path()}, sys.Path()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := LoadFont(tc.paths...)
			if err != nil {
				t.Fatal(err)
			}
			if f.Path() != tc.want {
				t.Errorf("loaded %s, want %s", f.Path(), tc.want)
			}
			if !f.HasGlyphs("考勤") {
				t.Errorf("%s cannot draw 考勤", f.Path())
			}
		})
	}
}

func TestLoadFontNone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.ttc")
	if err := os.WriteFile(junk, []byte("ttcf but nothing else"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing, otherMissing := filepath.Join(dir, "a.ttf"), filepath.Join(dir, "b.otf")
	_, err := loadFont([]string{missing, junk}, []string{otherMissing, dir})
	if err == nil {
		t.Fatal("loaded a font from nothing")
	}
	for _, p := range []string{missing, junk, otherMissing, dir} {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not name %s", err, p)
		}
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %q is not fs.ErrNotExist", err)
	}
	if _, err := loadFont(nil, nil); err == nil || !strings.Contains(err.Error(), "no font") {
		t.Errorf("no paths: error %v", err)
	}
}

func TestHasGlyphs(t *testing.T) {
	t.Parallel()
	f := mustFont(t)
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"考勤", true},
		{"客服组 Customer service", true},
		{"11月 迟到 0-9 %", true},
		{"", true},
		{"\U0010FFFD", false},
		{"考勤\U0010FFFD", false},
	} {
		if got := f.HasGlyphs(tc.s); got != tc.want {
			t.Errorf("HasGlyphs(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	var none *Font
	if none.HasGlyphs("a") {
		t.Error("nil font has glyphs")
	}
}

func TestRepack(t *testing.T) {
	t.Parallel()
	f := mustFont(t)
	data, err := os.ReadFile(f.Path())
	if err != nil {
		t.Fatal(err)
	}
	packed, err := repack(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := sfnt.Parse(packed)
	if err != nil {
		t.Fatalf("parse repacked %s: %v", f.Path(), err)
	}
	if x, err := sf.GlyphIndex(nil, '考'); err != nil || x == 0 {
		t.Errorf("repacked font has no 考: %v, %v", x, err)
	}
	for _, bad := range [][]byte{nil, []byte("ttcf"), data[:20], data[:200]} {
		if _, err := repack(bad, 0); err == nil {
			t.Errorf("repack of %d bytes succeeded", len(bad))
		}
	}
	if _, err := repack(data, 99); err == nil {
		t.Error("repack of font 99 succeeded")
	}
}
