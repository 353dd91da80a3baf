package core

import (
	"sort"
	"strings"
	"unicode"
)

// Job is a kind of work people do and cover is asked for: customer
// service, finance, operations. People type it however they call it — the
// key, its name in either language, a nickname — and it is stored by key.
type Job struct {
	Key string
	// Names are the job's names by language. A name given for no
	// particular language is stored under "" and shown to everyone.
	Names   map[Locale]string
	Aliases []string // other words for it: 客服专员, CS, 售后
}

// NameIn returns the job's name for a reader of locale loc: the name in
// that language, else the one for every language, else the other
// language's, else the key.
func (j Job) NameIn(loc Locale) string {
	if n := j.Names[loc]; n != "" {
		return n
	}
	if n := j.Names[""]; n != "" {
		return n
	}
	for _, l := range []Locale{LocaleZH, LocaleEN} {
		if n := j.Names[l]; n != "" {
			return n
		}
	}
	return j.Key
}

// words lists everything that names the job, folded (see FoldJobWord).
// A name given for every language ("客服 Customer service") also counts
// by its parts in each script, so 客服 and "customer service" both find it.
func (j Job) words() []string {
	out := []string{FoldJobWord(j.Key)}
	for _, n := range j.Names {
		out = append(out, FoldJobWord(n))
		out = append(out, scriptParts(n)...)
	}
	for _, a := range j.Aliases {
		out = append(out, FoldJobWord(a))
	}
	return out
}

// Jobs is an org's jobs.
type Jobs []Job

// Find returns the job with key.
func (js Jobs) Find(key string) (Job, bool) {
	for _, j := range js {
		if j.Key == key {
			return j, true
		}
	}
	return Job{}, false
}

// Keys lists the jobs' keys, sorted.
func (js Jobs) Keys() []string {
	out := make([]string, 0, len(js))
	for _, j := range js {
		out = append(out, j.Key)
	}
	sort.Strings(out)
	return out
}

// Resolve finds the job word names: its key, a name in either language or
// an alias, ignoring case, full-width letters and whether words are
// joined by spaces, '-' or '_'.
func (js Jobs) Resolve(word string) (Job, bool) {
	w := FoldJobWord(word)
	if w == "" {
		return Job{}, false
	}
	for _, j := range js {
		for _, x := range j.words() {
			if x == w {
				return j, true
			}
		}
	}
	return Job{}, false
}

// ResolveJob maps what someone typed for a job to the key of one of the
// org's jobs. builtin holds the names hrbot knows for common jobs (客服,
// customer service, 财务 …): they name an org's job of the same key, so an
// org without a jobs section still understands them. A word naming no job
// of the org is refused with EInvalid "jobs.unknown" (Args: job, jobs — the
// org's job keys); nothing is made up.
func ResolveJob(word string, org, builtin Jobs) (string, error) {
	if j, ok := org.Resolve(word); ok {
		return j.Key, nil
	}
	if j, ok := builtin.Resolve(word); ok {
		if _, known := org.Find(j.Key); known {
			return j.Key, nil
		}
	}
	return "", UnknownJob(word, org)
}

// UnknownJob is the error for a word that names none of the org's jobs.
func UnknownJob(word string, org Jobs) *Error {
	return Errorf(EInvalid, "jobs.unknown", "no job %q", word).
		With("job", strings.TrimSpace(word)).With("jobs", strings.Join(org.Keys(), ", "))
}

// FoldJobWord reduces a typed job word to the form words are compared in:
// lower case, full-width letters and digits made ordinary (ｃｓ → cs), and
// runs of spaces, '-' and '_' made one space.
func FoldJobWord(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0x3000: // ideographic space
			r = ' '
		}
		if unicode.IsSpace(r) || r == '-' || r == '_' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// scriptParts splits a name written in both scripts ("客服 Customer
// service") into its Chinese and its Latin part, folded; nil when the name
// is in one script only.
func scriptParts(name string) []string {
	var han, other []rune
	for _, r := range name {
		if unicode.Is(unicode.Han, r) {
			han = append(han, r)
			other = append(other, ' ')
		} else {
			other = append(other, r)
		}
	}
	h, o := FoldJobWord(string(han)), FoldJobWord(string(other))
	if h == "" || o == "" {
		return nil
	}
	return []string{h, o}
}
