package staff

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// deriveKeys gives a key to each new person the list names without one.
func (c *checker) deriveKeys(entries []*entry) {
	taken := map[string]bool{}
	for k := range c.people {
		taken[k] = true
	}
	for _, e := range entries {
		if e.after.Key != "" {
			taken[e.after.Key] = true
		}
	}
	for _, e := range entries {
		if e.after.Key == "" && e.before == nil {
			e.after.Key = DeriveKey(e.after.Email, func(k string) bool { return taken[k] })
			taken[e.after.Key] = true
		}
	}
}

// duplicates finds two rows about one person, and an e-mail address
// given to two people (in the list, or one of the list and someone else).
func (c *checker) duplicates(entries []*entry) {
	keys := map[string]*entry{}
	emails := map[string]*entry{}
	for _, e := range entries {
		if e.after.Key == "" {
			continue
		}
		if first, ok := keys[e.after.Key]; ok {
			f := FieldKey
			if _, ok := e.cols[FieldKey]; !ok {
				f = FieldName
			}
			c.problem(e, f, "staff.duplicate_key", "key", e.after.Key, "row", fmt.Sprint(first.row))
			continue
		}
		keys[e.after.Key] = e
		email := strings.ToLower(e.after.Email)
		if email == "" {
			continue
		}
		if first, ok := emails[email]; ok {
			c.problem(e, FieldEmail, "staff.duplicate_email", "email", e.after.Email, "row", fmt.Sprint(first.row))
			continue
		}
		emails[email] = e
	}
	for _, p := range c.org.People {
		e, ok := emails[strings.ToLower(p.Email)]
		// Taken by someone the list does not also give another address.
		if ok && p.Email != "" && e.after.Key != p.Key && !c.readdressed(keys[p.Key], p) {
			c.problem(e, FieldEmail, "staff.email_taken", "email", e.after.Email, "name", p.Name, "key", p.Key)
		}
	}
}

// readdressed reports whether the list moves p to another address.
func (c *checker) readdressed(e *entry, p Person) bool {
	return e != nil && !strings.EqualFold(e.after.Email, p.Email)
}

// final is everyone after the change: the org's people with the entries'
// versions of them, by key.
func (c *checker) final(entries []*entry) map[string]Person {
	out := make(map[string]Person, len(c.people)+len(entries))
	for k, p := range c.people {
		out[k] = p
	}
	for _, e := range entries {
		if e.after.Key != "" {
			out[e.after.Key] = e.after
		}
	}
	return out
}

// managers resolves each manager given, by key or else by name, among
// everyone after the change.
func (c *checker) managers(entries []*entry) {
	everyone := c.final(entries)
	var byName nameIndex // built on the first name given: most lists give keys or none
	for _, e := range entries {
		if e.manager == nil {
			continue
		}
		q := *e.manager
		if q == "" {
			e.after.Manager = ""
			continue
		}
		if byName == nil {
			byName = indexNames(everyone)
		}
		key, ok := c.managerKey(e, q, everyone, byName)
		if !ok {
			continue
		}
		if key == e.after.Key {
			c.problem(e, FieldManager, "staff.own_manager")
			continue
		}
		e.after.Manager = key
	}
}

func (c *checker) managerKey(e *entry, q string, everyone map[string]Person, byName nameIndex) (string, bool) {
	if p, ok := everyone[strings.ToLower(q)]; ok {
		return p.Key, true
	}
	found := byName.find(q)
	switch len(found) {
	case 1:
		return found[0], true
	case 0:
		c.problem(e, FieldManager, "staff.unknown_manager", "manager", q)
	default:
		c.problem(e, FieldManager, "staff.manager_ambiguous", "manager", q, "people", strings.Join(found, ", "))
	}
	return "", false
}

// nameIndex finds people by name as core.Employee.AnswersTo does — the
// whole name in any case and spacing, its Chinese or English part, the
// English first name — without trying everyone for every row: 5,000 rows
// naming managers would otherwise be 25 million comparisons.
type nameIndex map[string][]string // folded name → keys

// spaceless marks the variant compared without spaces.
const spaceless = "\x00"

func indexNames(everyone map[string]Person) nameIndex {
	idx := nameIndex{}
	for key, p := range everyone {
		norm := strings.ToLower(strings.Join(strings.Fields(p.Name), " "))
		if norm == "" {
			continue
		}
		vs := []string{norm, spaceless + strings.ReplaceAll(norm, " ", "")}
		var zh, en []string
		for _, f := range strings.Fields(norm) {
			if isASCII(f) {
				en = append(en, f)
			} else {
				zh = append(zh, f)
			}
		}
		if len(zh) > 0 {
			vs = append(vs, strings.Join(zh, ""))
		}
		if len(en) > 0 {
			vs = append(vs, strings.Join(en, " "))
		}
		if len(en) > 1 {
			vs = append(vs, en[0])
		}
		seen := map[string]bool{}
		for _, v := range vs {
			if !seen[v] {
				seen[v] = true
				idx[v] = append(idx[v], key)
			}
		}
	}
	return idx
}

// find returns the keys of the people q names, sorted.
func (idx nameIndex) find(q string) []string {
	norm := strings.ToLower(strings.Join(strings.Fields(q), " "))
	if norm == "" {
		return nil
	}
	var out []string
	for _, k := range append(idx[norm], idx[spaceless+strings.ReplaceAll(norm, " ", "")]...) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// cycles finds managers that manage each other (a over b over a): such a
// chain has no top. Each cycle is reported once, at the first row in it.
func (c *checker) cycles(entries []*entry) {
	everyone := c.final(entries)
	reported := map[string]bool{}
	for _, e := range entries {
		if e.after.Manager == "" || reported[e.after.Key] {
			continue
		}
		seen := map[string]bool{e.after.Key: true}
		for m := everyone[e.after.Key].Manager; m != ""; m = everyone[m].Manager {
			if seen[m] {
				if m == e.after.Key {
					c.problem(e, FieldManager, "staff.manager_cycle", "people", cycleText(everyone, e.after.Key))
					for k := range seen {
						reported[k] = true
					}
				}
				break
			}
			seen[m] = true
		}
	}
}

// cycleText names a cycle's people in order: "a → b → a".
func cycleText(everyone map[string]Person, start string) string {
	names := []string{start}
	for m := everyone[start].Manager; m != start && len(names) < 50; m = everyone[m].Manager {
		names = append(names, m)
	}
	return strings.Join(append(names, start), " → ")
}
