// Package documents keeps people's documents: a doctor's note sent for a
// sick leave, an ID copy, a diploma, a signed contract. It checks what a
// file is by its bytes (JPEG, PNG, PDF and HEIC only) and its size, keeps
// it sealed with a checksum (the store encrypts it), attaches it to the
// leave request it was sent for, and decides who may open it: the person,
// HR and admins, and the approver of the request it is attached to. Every
// document added, attached or opened is audited.
package documents

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
)

// Kind is what a document is.
type Kind string

// Kinds of document.
const (
	KindIDCopy      Kind = "id_copy"
	KindDiploma     Kind = "diploma"
	KindContract    Kind = "contract"
	KindCertificate Kind = "certificate"
	KindDoctorNote  Kind = "doctor_note"
	KindOther       Kind = "other"
)

// Kinds lists every kind, in the order people are shown them.
func Kinds() []Kind {
	return []Kind{KindDoctorNote, KindCertificate, KindIDCopy, KindDiploma, KindContract, KindOther}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if k == x {
			return true
		}
	}
	return false
}

// Limits. A phone photo of a note is 1–5 MB and a scanned contract a few
// MB; a person's whole file (ID, diplomas, contracts, years of notes) stays
// well under 200 MB.
const (
	MaxFileBytes   = 10 << 20
	MaxPersonBytes = 200 << 20
	// MaxNameRunes bounds the file name kept with a document.
	MaxNameRunes = 120
)

// Types of file taken, by what their bytes say they are.
const (
	MIMEJPEG = "image/jpeg"
	MIMEPNG  = "image/png"
	MIMEPDF  = "application/pdf"
	MIMEHEIC = "image/heic"
)

// Document describes one stored file; its bytes are read with
// Service.Read.
type Document struct {
	ID           int64
	OrgID        int64
	EmployeeID   int64
	EmployeeKey  string
	EmployeeName string
	Kind         Kind
	Name         string // as sent, cleaned (see CleanName)
	MIME         string // what the bytes are (Sniff), not what the sender said
	Size         int64
	SHA256       []byte // of the plain file
	// LeaveRequestID is the leave request it is attached to, 0 for none.
	LeaveRequestID int64
	AddedBy        int64 // who added it
	Channel        string
	CreatedAt      time.Time
}

// Sniff says what a file is from its first bytes: JPEG, PNG, PDF or
// HEIC. Anything else — an executable renamed .jpg, a Word file, a
// video — is EInvalid (documents.bad_type), and so is an empty file
// (documents.empty). The name a file was sent under says nothing here.
func Sniff(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", core.Errorf(core.EInvalid, "documents.empty", "the file is empty")
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return MIMEJPEG, nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return MIMEPNG, nil
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return MIMEPDF, nil
	case isHEIC(data):
		return MIMEHEIC, nil
	}
	return "", core.Errorf(core.EInvalid, "documents.bad_type", "not a JPEG, PNG, PDF or HEIC file")
}

// isHEIC recognises an ISO-BMFF file whose first box is "ftyp" with a
// HEIF image brand: what iPhones save photos as.
func isHEIC(data []byte) bool {
	if len(data) < 12 || string(data[4:8]) != "ftyp" {
		return false
	}
	switch string(data[8:12]) {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
		return true
	}
	return false
}

// CheckSize refuses a file of n bytes over MaxFileBytes (documents.too_big),
// before anything else is done with it: adapters and the bot call it with
// the size a platform declares, so a huge upload is never read.
func CheckSize(n int64) error {
	if n > MaxFileBytes {
		return core.Errorf(core.EInvalid, "documents.too_big", "the file is %d bytes, over %d", n, MaxFileBytes).
			With("max", HumanSize(MaxFileBytes)).With("size", HumanSize(n))
	}
	return nil
}

// extensions are the file name endings each type is saved under.
var extensions = map[string]string{MIMEJPEG: ".jpg", MIMEPNG: ".png", MIMEPDF: ".pdf", MIMEHEIC: ".heic"}

// Extension is the file name ending for a type, ".bin" for another.
func Extension(mime string) string {
	if e, ok := extensions[mime]; ok {
		return e
	}
	return ".bin"
}

// CleanName makes a sent file's name safe to keep and to offer for
// download: no folders, no control characters, at most MaxNameRunes, and
// ending as its type does ("IMG_2041.jpg"; "note" sent as a PDF becomes
// "note.pdf"). Without a name it is the kind's key and the extension.
func CleanName(name, mime string, kind Kind) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, strings.TrimSpace(path.Base("/"+name)))
	if name == "/" || name == "." || name == ".." {
		name = ""
	}
	ext := Extension(mime)
	base := name
	if e := strings.ToLower(path.Ext(name)); e == ext || e == ".jpeg" && ext == ".jpg" {
		base, ext = strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	}
	if base == "" {
		base = string(kind)
	}
	if utf8.RuneCountInString(base) > MaxNameRunes {
		base = string([]rune(base)[:MaxNameRunes])
	}
	return base + ext
}

// HumanSize writes a size for people: "512 B", "23.4 KB", "1.2 MB".
func HumanSize(n int64) string {
	one := func(x float64, unit string) string {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", x), ".0") + " " + unit
	}
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return one(float64(n)/1024, "KB")
	}
	return one(float64(n)/(1024*1024), "MB")
}
