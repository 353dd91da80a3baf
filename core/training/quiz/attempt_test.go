package quiz_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core/training/quiz"
)

// tenQuestions is a bank of ten questions with two to five choices each.
func tenQuestions(draw int) quiz.Bank {
	b := quiz.Bank{Code: "ten", Title: both("Ten"), Skill: "s", Level: 1, PassMark: 50, Draw: draw}
	for i := range 10 {
		q := quiz.Question{ID: fmt.Sprintf("q%d", i+1), Text: both(fmt.Sprintf("Q%d", i+1))}
		for j := range 2 + i%4 {
			q.Choices = append(q.Choices, quiz.Choice{ID: string(rune('a' + j)), Text: both(fmt.Sprint(j)), Correct: j == 0})
		}
		b.Questions = append(b.Questions, q)
	}
	return b
}

// checkPaper checks that p holds distinct questions of b, each with all its choices.
func checkPaper(t *testing.T, b quiz.Bank, p quiz.Paper, want int) {
	t.Helper()
	if len(p.Items) != want {
		t.Fatalf("paper has %d questions, want %d", len(p.Items), want)
	}
	seen := map[string]bool{}
	for _, it := range p.Items {
		q, ok := b.Question(it.QuestionID)
		if !ok || seen[it.QuestionID] {
			t.Fatalf("question %q is unknown or drawn twice: %+v", it.QuestionID, p)
		}
		seen[it.QuestionID] = true
		var ids []string
		for _, c := range q.Choices {
			ids = append(ids, c.ID)
		}
		got := slices.Clone(it.ChoiceIDs)
		slices.Sort(got)
		if !slices.Equal(got, ids) {
			t.Fatalf("question %s shows choices %v, want every one of %v", q.ID, it.ChoiceIDs, ids)
		}
	}
}

func order(p quiz.Paper) string {
	var s []string
	for _, it := range p.Items {
		s = append(s, it.QuestionID+":"+strings.Join(it.ChoiceIDs, ""))
	}
	return strings.Join(s, " ")
}

func TestDraw(t *testing.T) {
	t.Parallel()
	t.Run("SameSeedSamePaper", func(t *testing.T) {
		t.Parallel()
		b := tenQuestions(0)
		for _, seed := range []int64{0, 1, -7, 1 << 62} {
			if p, q := quiz.Draw(b, seed), quiz.Draw(b, seed); !reflect.DeepEqual(p, q) {
				t.Errorf("seed %d: %s then %s", seed, order(p), order(q))
			}
		}
	})
	t.Run("SeedsShuffleDifferently", func(t *testing.T) {
		t.Parallel()
		b := tenQuestions(0)
		questionOrders, choiceOrders := map[string]bool{}, map[string]bool{}
		inBankOrder := 0
		for seed := range int64(20) {
			p := quiz.Draw(b, seed)
			checkPaper(t, b, p, 10)
			var qs []string
			for _, it := range p.Items {
				qs = append(qs, it.QuestionID)
				if it.QuestionID == "q4" { // five choices: 120 orders
					choiceOrders[strings.Join(it.ChoiceIDs, "")] = true
				}
			}
			questionOrders[strings.Join(qs, " ")] = true
			if strings.Join(qs, " ") == "q1 q2 q3 q4 q5 q6 q7 q8 q9 q10" {
				inBankOrder++
			}
		}
		// 10! orders make a repeat among 20 seeds all but impossible.
		if len(questionOrders) != 20 || inBankOrder > 0 {
			t.Errorf("20 seeds gave %d question orders, %d in bank order", len(questionOrders), inBankOrder)
		}
		if len(choiceOrders) < 10 {
			t.Errorf("20 seeds gave only %d orders of five choices", len(choiceOrders))
		}
	})
	t.Run("DrawsExactly", func(t *testing.T) {
		t.Parallel()
		b := tenQuestions(4)
		picked := map[string]int{}
		for seed := range int64(100) {
			p := quiz.Draw(b, seed)
			checkPaper(t, b, p, 4)
			for _, it := range p.Items {
				picked[it.QuestionID]++
			}
		}
		if len(picked) != 10 {
			t.Errorf("100 draws of 4 should reach all 10 questions, reached %v", picked)
		}
	})
	t.Run("DrawAll", func(t *testing.T) {
		t.Parallel()
		for _, draw := range []int{0, 10} {
			b := tenQuestions(draw)
			checkPaper(t, b, quiz.Draw(b, 3), 10)
		}
	})
	t.Run("EmptyBank", func(t *testing.T) {
		t.Parallel()
		if p := quiz.Draw(quiz.Bank{Draw: 3}, 1); len(p.Items) != 0 {
			t.Errorf("empty bank gave %+v", p)
		}
	})
}

func TestScore(t *testing.T) {
	t.Parallel()
	bank := func(pass int) quiz.Bank {
		return quiz.Bank{Code: "s", Title: both("S"), Skill: "s", Level: 1, PassMark: pass, Questions: []quiz.Question{
			{ID: "single", Choices: []quiz.Choice{{ID: "a"}, {ID: "b", Correct: true}, {ID: "c"}}},
			{ID: "multi", Choices: []quiz.Choice{{ID: "a", Correct: true}, {ID: "b"}, {ID: "c", Correct: true}}},
			{ID: "third", Choices: []quiz.Choice{{ID: "a", Correct: true}, {ID: "b"}}},
		}}
	}
	paper := quiz.Paper{Items: []quiz.Item{
		{QuestionID: "third", ChoiceIDs: []string{"b", "a"}},
		{QuestionID: "single", ChoiceIDs: []string{"c", "a", "b"}},
		{QuestionID: "multi", ChoiceIDs: []string{"b", "c", "a"}},
	}}
	allRight := map[string][]string{"single": {"b"}, "multi": {"c", "a"}, "third": {"a"}}
	with := func(q string, ids ...string) map[string][]string {
		m := map[string][]string{}
		for k, v := range allRight {
			m[k] = v
		}
		if ids == nil {
			delete(m, q)
		} else {
			m[q] = ids
		}
		return m
	}
	cases := map[string]struct {
		pass    int
		paper   quiz.Paper
		answers map[string][]string
		want    quiz.Result
	}{
		"AllRight":           {100, paper, allRight, quiz.Result{Correct: 3, Total: 3, Percent: 100, Passed: true}},
		"SingleWrong":        {50, paper, with("single", "a"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"single"}}},
		"SingleTwoPicked":    {50, paper, with("single", "a", "b"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"single"}}},
		"MultiplePartial":    {50, paper, with("multi", "a"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"multi"}}},
		"MultipleSuperset":   {50, paper, with("multi", "a", "b", "c"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"multi"}}},
		"MultipleRepeated":   {50, paper, with("multi", "a", "c", "a"), quiz.Result{Correct: 3, Total: 3, Percent: 100, Passed: true}},
		"Unanswered":         {50, paper, with("third"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"third"}}},
		"EmptyAnswer":        {50, paper, with("third", []string{}...), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"third"}}},
		"UnknownChoice":      {50, paper, with("single", "b", "z"), quiz.Result{Correct: 3, Total: 3, Percent: 100, Passed: true}},
		"OnlyUnknownChoice":  {50, paper, with("single", "z"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"single"}}},
		"UnknownQuestion":    {50, paper, with("nope", "a"), quiz.Result{Correct: 3, Total: 3, Percent: 100, Passed: true}},
		"NothingAnswered":    {1, paper, nil, quiz.Result{Total: 3, Wrong: []string{"third", "single", "multi"}}},
		"WrongInPaperOrder":  {50, paper, map[string][]string{"single": {"b"}}, quiz.Result{Correct: 1, Total: 3, Percent: 33, Wrong: []string{"third", "multi"}}},
		"RoundsDownBelow":    {67, paper, with("single", "a"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Wrong: []string{"single"}}},
		"PassMarkBoundary":   {66, paper, with("single", "a"), quiz.Result{Correct: 2, Total: 3, Percent: 66, Passed: true, Wrong: []string{"single"}}},
		"OnlyPaperQuestions": {100, quiz.Paper{Items: paper.Items[1:]}, with("third"), quiz.Result{Correct: 2, Total: 2, Percent: 100, Passed: true}},
		"UnknownPaperItem":   {100, quiz.Paper{Items: append([]quiz.Item{{QuestionID: "gone"}}, paper.Items...)}, allRight, quiz.Result{Correct: 3, Total: 3, Percent: 100, Passed: true}},
		"EmptyPaper":         {1, quiz.Paper{}, allRight, quiz.Result{}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := quiz.Score(bank(c.pass), c.paper, c.answers)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
	t.Run("FourOfFiveAtEighty", func(t *testing.T) {
		t.Parallel()
		b := tenQuestions(5)
		b.PassMark = 80
		p := quiz.Draw(b, 9)
		answers := map[string][]string{}
		for i, it := range p.Items {
			if i > 0 {
				answers[it.QuestionID] = []string{"a"}
			}
		}
		if got := quiz.Score(b, p, answers); got.Percent != 80 || !got.Passed || !slices.Equal(got.Wrong, []string{p.Items[0].QuestionID}) {
			t.Errorf("4 of 5 at pass mark 80: %+v", got)
		}
		delete(answers, p.Items[1].QuestionID)
		if got := quiz.Score(b, p, answers); got.Percent != 60 || got.Passed {
			t.Errorf("3 of 5 at pass mark 80: %+v", got)
		}
	})
}
