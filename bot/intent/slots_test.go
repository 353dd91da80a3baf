package intent

import (
	"fmt"
	"testing"
)

func TestFindWord(t *testing.T) {
	cases := []struct {
		text, word string
		start      int
	}{
		{"i am homesick today", "sick", -1},
		{"sick leave tomorrow", "sick", 0},
		{"take sick-leave", "sick", 5},
		{"leave: sick", "sick", 7},
		{"sick2 and sick", "sick", 10},
		{"明天请病假", "病假", 9},
		{"ask li爱丽", "li", 4},
		{"", "li", -1},
		{"alice", "", -1},
	}
	for _, c := range cases {
		if got, _ := findWord(lowerASCII(c.text), c.word); got != c.start {
			t.Errorf("findWord(%q, %q) = %d, want %d", c.text, c.word, got, c.start)
		}
	}
	if got := lowerASCII("Sick 病假 LEAVE"); got != "sick 病假 leave" {
		t.Errorf("lowerASCII: %q", got)
	}
}

func TestFindPersonAmongMany(t *testing.T) {
	v := manyPeople(2000)
	for text, want := range map[string]string{
		"who is covering for Person 1999 tomorrow": "p1999",
		"/whois 李爱丽":                               "alice",
		"is alice li in today":                     "alice",
		"nobody":                                   "",
	} {
		if got, _ := FindPerson(text, v); got != want {
			t.Errorf("FindPerson(%q) = %q, want %q", text, got, want)
		}
	}
}

func manyPeople(n int) Vocab {
	v := Vocab{People: []Named{{Key: "alice", Names: []string{"李爱丽 Alice Li"}}}}
	for i := range n {
		v.People = append(v.People, Named{Key: fmt.Sprintf("p%04d", i), Names: []string{fmt.Sprintf("Person %d", i)}})
	}
	return v
}

// BenchmarkFindPerson reads a name in a message in an org of 10,000
// people, their names prepared once: what every free-text message that
// may name a colleague costs.
func BenchmarkFindPerson(b *testing.B) {
	v := manyPeople(10000)
	v.PeopleNames = NewNames(v.People)
	for b.Loop() {
		FindPerson("can Person 9999 cover my shift tomorrow", v)
	}
}
