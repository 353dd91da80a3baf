package documents_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
)

func TestSniff(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data string
		mime string // "" means refused
		key  string
	}{
		{"JPEG", "\xff\xd8\xff\xe0\x00\x10JFIF", documents.MIMEJPEG, ""},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", documents.MIMEPNG, ""},
		{"PDF", "%PDF-1.7\n%âãÏÓ", documents.MIMEPDF, ""},
		{"HEIC", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", documents.MIMEHEIC, ""},
		{"HEIFGeneric", "\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1heic", documents.MIMEHEIC, ""},
		{"MP4IsNot", "\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", "", "documents.bad_type"},
		{"WindowsExecutableNamedJPG", "MZ\x90\x00\x03\x00\x00\x00", "", "documents.bad_type"},
		{"ELF", "\x7fELF\x02\x01\x01", "", "documents.bad_type"},
		{"ZipOrDocx", "PK\x03\x04\x14\x00", "", "documents.bad_type"},
		{"GIF", "GIF89a\x01\x00", "", "documents.bad_type"},
		{"Text", "hello, this is my doctor's note", "", "documents.bad_type"},
		{"HalfAJPEGMarker", "\xff\xd8", "", "documents.bad_type"},
		{"Empty", "", "", "documents.empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := documents.Sniff([]byte(c.data))
			if c.mime != "" {
				if err != nil || got != c.mime {
					t.Fatalf("got %q, %v; want %s", got, err, c.mime)
				}
				return
			}
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || e.Key != c.key || got != "" {
				t.Fatalf("got %q, %v; want refused with %s", got, err, c.key)
			}
		})
	}
}

func TestCheckSize(t *testing.T) {
	t.Parallel()
	if err := documents.CheckSize(documents.MaxFileBytes); err != nil {
		t.Errorf("a file of exactly the limit: %v", err)
	}
	err := documents.CheckSize(50 << 20)
	e, ok := core.AsError(err)
	if !ok || e.Key != "documents.too_big" || e.Args["max"] != "10 MB" || e.Args["size"] != "50 MB" {
		t.Errorf("50 MB: %v %+v", err, e)
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, mime, want string }{
		{"IMG_2041.JPG", documents.MIMEJPEG, "IMG_2041.JPG"},
		{"photo.jpeg", documents.MIMEJPEG, "photo.jpeg"},
		{"病假条.pdf", documents.MIMEPDF, "病假条.pdf"},
		{"note", documents.MIMEPDF, "note.pdf"},
		{"evil.jpg", documents.MIMEPDF, "evil.jpg.pdf"},
		{"../../etc/passwd", documents.MIMEPNG, "passwd.png"},
		{`C:\Users\amy\scan.png`, documents.MIMEPNG, "scan.png"},
		{"a\"b\r\nc.png", documents.MIMEPNG, "abc.png"},
		{"", documents.MIMEJPEG, "doctor_note.jpg"},
		{"..", documents.MIMEHEIC, "doctor_note.heic"},
	}
	for _, c := range cases {
		if got := documents.CleanName(c.name, c.mime, documents.KindDoctorNote); got != c.want {
			t.Errorf("CleanName(%q, %s) = %q, want %q", c.name, c.mime, got, c.want)
		}
	}
	long := documents.CleanName(strings.Repeat("长", 500)+".pdf", documents.MIMEPDF, documents.KindOther)
	if n := utf8.RuneCountInString(long); n != documents.MaxNameRunes+4 || !strings.HasSuffix(long, ".pdf") {
		t.Errorf("a long name is kept as %d runes: %q", n, long)
	}
}

func TestHumanSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{512: "512 B", 1536: "1.5 KB", 10 << 20: "10 MB", 1258291: "1.2 MB"} {
		if got := documents.HumanSize(n); got != want {
			t.Errorf("HumanSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzSniffAndName: whatever arrives, Sniff names one of the four types or
// refuses, and the kept name has no folder, no control character and the
// type's ending.
func FuzzSniffAndName(f *testing.F) {
	f.Add([]byte("%PDF-1.4"), "a/b.pdf")
	f.Add([]byte("\xff\xd8\xff"), "..")
	f.Add([]byte("\x00\x00\x00\x18ftypheic"), "x\x00y")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		mime, err := documents.Sniff(data)
		if err != nil {
			return
		}
		got := documents.CleanName(name, mime, documents.KindOther)
		if strings.ContainsAny(got, "/\\\"\r\n\x00") || !strings.HasSuffix(strings.ToLower(got), documents.Extension(mime)) &&
			!(mime == documents.MIMEJPEG && strings.HasSuffix(strings.ToLower(got), ".jpeg")) {
			t.Fatalf("CleanName(%q, %s) = %q", name, mime, got)
		}
	})
}
