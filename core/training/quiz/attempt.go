package quiz

import (
	"math/rand/v2"
	"slices"
)

// Paper is the questions of one attempt, in the order shown, each with its
// choices in the order shown.
type Paper struct{ Items []Item }

// Item is one question on a paper.
type Item struct {
	QuestionID string
	ChoiceIDs  []string
}

// pcgStream is the second half of the PCG seed; the attempt's seed is the first.
const pcgStream = 0x9e3779b97f4a7c15

// Draw makes the paper of one attempt: b.Draw questions picked at random
// (all when 0), in random order, each with its choices in random order. The
// same bank and seed always give the same paper.
func Draw(b Bank, seed int64) Paper {
	r := rand.New(rand.NewPCG(uint64(seed), pcgStream))
	n := len(b.Questions)
	if b.Draw > 0 && b.Draw < n {
		n = b.Draw
	}
	var p Paper
	for _, qi := range r.Perm(len(b.Questions))[:n] {
		q := b.Questions[qi]
		it := Item{QuestionID: q.ID, ChoiceIDs: make([]string, len(q.Choices))}
		for k, ci := range r.Perm(len(q.Choices)) {
			it.ChoiceIDs[k] = q.Choices[ci].ID
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// Result is how an attempt went.
type Result struct {
	Correct, Total int
	Percent        int      // Correct of Total, rounded down
	Passed         bool     // Percent >= the bank's PassMark
	Wrong          []string // question IDs answered wrong or not at all, in paper order
}

// Score marks an attempt. answers maps a question ID to the IDs of the
// choices picked. A question is right only when the picked choices are
// exactly its correct ones: picking one of two right choices is wrong, and
// so is picking every choice. Answers to questions not on the paper, choice
// IDs the question does not have and paper items the bank no longer has
// are ignored.
func Score(b Bank, p Paper, answers map[string][]string) Result {
	var res Result
	seen := map[string]bool{}
	for _, it := range p.Items {
		q, ok := b.Question(it.QuestionID)
		if !ok || seen[q.ID] {
			continue
		}
		seen[q.ID] = true
		res.Total++
		if right(q, answers[q.ID]) {
			res.Correct++
		} else {
			res.Wrong = append(res.Wrong, q.ID)
		}
	}
	if res.Total > 0 {
		res.Percent = res.Correct * 100 / res.Total
	}
	res.Passed = res.Total > 0 && res.Percent >= b.PassMark
	return res
}

// right reports whether picked holds exactly q's correct choices.
func right(q Question, picked []string) bool {
	if len(picked) == 0 {
		return false
	}
	for _, c := range q.Choices {
		if c.Correct != slices.Contains(picked, c.ID) {
			return false
		}
	}
	return true
}
