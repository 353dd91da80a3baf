package knowledgebase

import "strings"

// stem is a light Porter-like stemmer for lower-case ASCII words: plurals,
// -ed, -ing, -ly, -ment and a final silent e, so that the forms of a word
// meet ("leaves", "leaving" → "leave"; "reimburse", "reimbursed",
// "reimbursement" → "reimburs"; "schedule", "scheduling" → "schedul").
// Other words are returned as they are.
func stem(w string) string {
	if base, ok := irregular[w]; ok {
		return base
	}
	if len(w) <= 3 {
		return w
	}
	w = americanSpelling(w)
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	// Plurals.
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "zzes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "oes") && len(w) > 6:
		// mangoes, potatoes (shoes and toes keep their e).
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	// -ed, -ing.
	switch {
	case strings.HasSuffix(w, "eed"):
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ed"):
		w = stripSuffix(w, 2)
	case strings.HasSuffix(w, "ing"):
		w = stripSuffix(w, 3)
	}
	// -ly, -ment.
	if len(w) >= 6 && strings.HasSuffix(w, "ly") {
		s := w[:len(w)-2]
		if l := s[len(s)-1]; l != 'i' && !(s[len(s)-2] == l && l != 'l') {
			w = s
		}
	}
	if len(w) >= 9 && strings.HasSuffix(w, "ment") {
		w = w[:len(w)-4]
	}
	// -al after v, s, w: approval → approve, refusal → refuse, renewal → renew.
	if len(w) >= 7 && strings.HasSuffix(w, "al") && strings.IndexByte("vsw", w[len(w)-3]) >= 0 {
		w = w[:len(w)-2]
		if w[len(w)-1] == 'v' {
			w += "e"
		}
	}
	// A final silent e, except after v or u (leave, issue) and in ee.
	if n := len(w); n >= 5 && w[n-1] == 'e' && !isVowel(w[n-2]) && w[n-2] != 'v' {
		w = w[:n-1]
	}
	return w
}

// stripSuffix removes an -ed or -ing of n letters when enough of a word is
// left, and mends the stem Porter's way: a doubled consonant is undoubled
// (submitt → submit), an e is put back after v and u and on short
// consonant-vowel-consonant stems (leav → leave, dat → date).
func stripSuffix(w string, n int) string {
	s := w[:len(w)-n]
	if len(s) < 3 || !hasVowel(s) {
		if len(s) == 2 && hasVowel(s) && !isVowel(s[1]) {
			return s + "e" // used, using → use
		}
		return w
	}
	l := s[len(s)-1]
	switch {
	case len(s) > 3 && s[len(s)-2] == l && !isVowel(l) && l != 'l' && l != 's' && l != 'z':
		return s[:len(s)-1]
	case l == 'v' || l == 'u':
		return s + "e"
	case len(s) == 3 && !isVowel(s[0]) && isVowel(s[1]) && !isVowel(l) && l != 'w' && l != 'x' && l != 'y':
		return s + "e"
	}
	return s
}

// irregular is the base form of common irregular verb forms, so that
// "forgot" meets "forget" and "paid" meets "pay". Forms that are also other
// words ("left", "found"; "broken" is damaged, not a break) are not in it.
var irregular = map[string]string{
	"paid": "pay", "goes": "go", "forgot": "forget", "forgotten": "forget", "took": "take", "taken": "take",
	"gave": "give", "given": "give", "made": "make", "sent": "send", "spent": "spend", "bought": "buy",
	"lost": "lose", "kept": "keep", "told": "tell", "went": "go", "gone": "go", "came": "come",
	"chose": "choose", "chosen": "choose", "wrote": "write",
	"written": "write", "held": "hold", "began": "begin", "begun": "begin", "brought": "bring",
	"thought": "think", "felt": "feel", "sat": "sit", "understood": "understand", "won": "win",
	"stole": "steal", "stolen": "steal", "fell": "fall", "fallen": "fall", "knew": "know", "known": "know",
	"ate": "eat", "eaten": "eat", "drove": "drive", "driven": "drive", "rode": "ride", "ridden": "ride",
	"wore": "wear", "worn": "wear", "hid": "hide", "hidden": "hide", "sold": "sell", "hurt": "hurt",
	"children": "child", "men": "man", "women": "woman", "people": "person", "feet": "foot",
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

func hasVowel(s string) bool {
	for i := 0; i < len(s); i++ {
		if isVowel(s[i]) || (i > 0 && s[i] == 'y') {
			return true
		}
	}
	return false
}

// americanSpelling folds the British spellings a question may use onto the
// American ones (the bilingual word list's): "labour" → "labor",
// "diarrhoea" → "diarrhea", "organise" → "organize". Both sides of a match
// are folded alike, so a word folded wrongly still meets itself.
func americanSpelling(w string) string {
	switch {
	case len(w) >= 6 && strings.HasSuffix(w, "our"):
		w = w[:len(w)-2] + "r"
	case len(w) >= 7 && strings.HasSuffix(w, "ours"):
		w = w[:len(w)-3] + "rs"
	}
	w = strings.Replace(w, "oea", "ea", 1)
	for _, s := range []string{"ise", "ised", "ises", "ising", "isation"} {
		if len(w) >= len(s)+4 && strings.HasSuffix(w, s) {
			return w[:len(w)-len(s)] + "iz" + s[2:]
		}
	}
	return w
}
