// Package dirsync is bringing another system's staff directory and time
// clock into hrbot — WeCom's (企业微信) today: what a directory sync shows
// and applies through the staff desk (core/staff), what an import of
// punches did, and the daily job HR switches on for an org on the
// console. Reading the other system is its adapter's part
// (adapters/wecom/wecomsync); the switches, when the job is due and what
// it tells HR know no platform and live here.
package dirsync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/staff"
)

// ErrSource marks a failure to read the other system (unreachable, or
// refusing: an untrusted IP, a wrong secret, a visible range too small).
// Callers show it as such instead of as hrbot's own failure.
var ErrSource = errors.New("the directory could not be read")

// Report is a directory sync previewed, or applied: the staff desk's
// preview of the directory as a staff list, and what that preview does
// not show.
type Report struct {
	// Departments and Members are what the directory holds (as teams and
	// rows of the staff list); SkippedGone are members gone from it whom
	// hrbot never had, left out.
	Departments, Members, SkippedGone int
	Preview                           staff.ImportPreview
	// Missing are the active people hrbot has that the directory does not
	// name, by key: reported, never offboarded (the app may simply not
	// see them).
	Missing []staff.Person
	Applied bool
	// TeamNames and PersonNames name the teams and people the preview
	// writes by key: the org's, and those the directory adds.
	TeamNames, PersonNames map[string]string
	// Digest names what applying the preview would write (Fingerprint):
	// the console applies a preview only while the directory still gives
	// the same.
	Digest string
}

// Changes counts the writes applying the report makes: people created
// and changed, teams created.
func (r Report) Changes() int {
	return len(r.Preview.Creates) + r.Preview.Changed + len(r.Preview.NewTeams)
}

// Fingerprint names what applying pv would write — new teams, people
// created, every field changed — and what stops it: two previews with the
// same fingerprint apply the same.
func Fingerprint(pv staff.ImportPreview) string {
	b, err := json.Marshal([]any{pv.NewTeams, pv.Creates, pv.Changes, pv.Problems})
	if err != nil {
		// Plain structs of strings and numbers always marshal.
		panic("dirsync: fingerprint: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// MissingFrom lists the active people of people whose key is not among
// inDirectory's values, by key.
func MissingFrom(people []staff.Person, inDirectory map[string]string) []staff.Person {
	in := map[string]bool{}
	for _, k := range inDirectory {
		in[k] = true
	}
	var out []staff.Person
	for _, p := range people {
		if p.Status == core.StatusActive && !in[p.Key] {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key+" "+out[i].Name < out[j].Key+" "+out[j].Name })
	return out
}

// Punches is what an import of punches did: imported, there already (an
// earlier import's), skipped as made by accounts linked to no one, and
// skipped as neither a check-in nor a check-out (field punches, missed
// ones).
type Punches struct {
	From, To                           core.Date
	Imported, Already, Unlinked, Other int
}

// SourceError marks err as a failure to read the other system: it reads
// as err and matches ErrSource.
func SourceError(err error) error {
	if err == nil {
		return nil
	}
	return sourceError{err}
}

type sourceError struct{ err error }

func (e sourceError) Error() string        { return e.err.Error() }
func (e sourceError) Unwrap() error        { return e.err }
func (e sourceError) Is(target error) bool { return target == ErrSource }
