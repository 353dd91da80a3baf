package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/perf"
)

// reviewSide is one side of a review filled in chat, one item at a time:
// the person's self-review ("s") or their reviewer's ("m"). Each score
// is kept as it is pressed, so a review left halfway resumes where it
// stopped.
type reviewSide struct {
	b      *Bot
	p      string // "s" or "m": the prefix of its actions and steps
	begin  func(ctx context.Context, t *turn, id int64) (perf.Review, perf.Cycle, error)
	keep   func(ctx context.Context, t *turn, id int64, mk perf.Mark) (perf.Review, error)
	finish func(ctx context.Context, t *turn, id int64, comment string, o perf.Outcome) (perf.Review, error)
	scores func(perf.Review) perf.Scores
}

func (b *Bot) selfSide() *reviewSide {
	return &reviewSide{b: b, p: "s",
		begin: func(ctx context.Context, t *turn, id int64) (perf.Review, perf.Cycle, error) {
			return b.cfg.Perf.Begin(ctx, *t.member, id)
		},
		keep: func(ctx context.Context, t *turn, id int64, mk perf.Mark) (perf.Review, error) {
			return b.cfg.Perf.ScoreSelf(ctx, *t.member, id, mk)
		},
		finish: func(ctx context.Context, t *turn, id int64, comment string, _ perf.Outcome) (perf.Review, error) {
			return b.cfg.Perf.FinishSelf(ctx, *t.member, id, comment, t.channel())
		},
		scores: func(r perf.Review) perf.Scores { return r.Self },
	}
}

func (b *Bot) managerSide() *reviewSide {
	return &reviewSide{b: b, p: "m",
		begin: func(ctx context.Context, t *turn, id int64) (perf.Review, perf.Cycle, error) {
			return b.cfg.Perf.BeginManager(ctx, *t.member, id, t.channel())
		},
		keep: func(ctx context.Context, t *turn, id int64, mk perf.Mark) (perf.Review, error) {
			return b.cfg.Perf.ScoreManager(ctx, *t.member, id, mk, t.channel())
		},
		finish: func(ctx context.Context, t *turn, id int64, comment string, o perf.Outcome) (perf.Review, error) {
			return b.cfg.Perf.FinishManager(ctx, *t.member, id, comment, o, t.channel())
		},
		scores: func(r perf.Review) perf.Scores { return r.Manager },
	}
}

func (s *reviewSide) action(name string) string { return "perf." + s.p + "." + name }

// start is the Start/Review button: the first item not scored yet.
func (s *reviewSide) start(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, ok := parseID(value)
	if !ok {
		return []Reply{{Text: s.b.T(t, "button.stale")}}, nil
	}
	r, c, err := s.begin(ctx, t, id)
	if err != nil {
		return nil, err
	}
	return s.nextItem(ctx, t, r, c, true)
}

// nextItem shows the first unscored item (with the period's facts when
// the review starts), or asks for the overall comment once all are.
func (s *reviewSide) nextItem(ctx context.Context, t *turn, r perf.Review, c perf.Cycle, first bool) ([]Reply, error) {
	b := s.b
	it, missing := perf.Unscored(r, s.scores(r))
	if !missing {
		if err := b.beginDialog(ctx, t, "perf", s.p+"_overall", map[string]string{"id": strconv.FormatInt(r.ID, 10)}); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "perf.ask_overall", "total", strconv.Itoa(len(r.Items))), Buttons: [][]Button{{
			{Label: b.T(t, "perf.button.skip"), ActionID: s.action("next"), Value: strconv.FormatInt(r.ID, 10) + ":summary"}}}}}, nil
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	idx := 0
	for i, x := range r.Items {
		if x.Key == it.Key {
			idx = i
		}
	}
	var out []Reply
	if first || len(s.scores(r)) == 0 {
		out = append(out, Reply{Text: b.factsText(t, r.Facts, c.Period)})
	}
	return append(out, s.itemCard(t, r, c, idx)), nil
}

// itemCard is one item to score: its fact against its target, the
// person's own score beside it for the reviewer, buttons 1–5.
func (s *reviewSide) itemCard(t *turn, r perf.Review, c perf.Cycle, idx int) Reply {
	b, it := s.b, r.Items[idx]
	who := b.T(t, "perf.item_self")
	if s.p == "m" {
		who = core.NameIn(r.EmployeeName, t.locale)
	}
	lines := []string{b.T(t, "perf.item_head", "cycle", c.Name, "who", who, "n", strconv.Itoa(idx+1), "total", strconv.Itoa(len(r.Items))),
		b.itemTitle(t, it)}
	lines = append(lines, b.itemFact(t, it, r.Facts))
	if s.p == "m" {
		lines = append(lines, b.theirSelf(t, r, it))
	}
	lines = append(lines, b.T(t, "perf.item_ask"))
	row := make([]Button, 0, perf.Highest)
	for sc := perf.Lowest; sc <= perf.Highest; sc++ {
		row = append(row, Button{Label: strconv.Itoa(sc), ActionID: s.action("score"),
			Value: strconv.FormatInt(r.ID, 10) + ":" + strconv.Itoa(idx) + ":" + strconv.Itoa(sc)})
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: [][]Button{row}}
}

// press is a 1–5 button: kept at once; a line on why may follow.
func (s *reviewSide) press(ctx context.Context, t *turn, value string) ([]Reply, error) {
	b := s.b
	parts := strings.Split(value, ":")
	if len(parts) != 3 {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	id, ok := parseID(parts[0])
	idx, err1 := strconv.Atoi(parts[1])
	sc, err2 := strconv.Atoi(parts[2])
	if !ok || err1 != nil || err2 != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, _, err := s.begin(ctx, t, id)
	if err != nil {
		return nil, err
	}
	if idx < 0 || idx >= len(r.Items) {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	it := r.Items[idx]
	if _, err := s.keep(ctx, t, id, perf.Mark{Item: it.Key, Score: sc}); err != nil {
		return nil, err
	}
	data := map[string]string{"id": parts[0], "item": it.Key, "score": parts[2]}
	if err := b.beginDialog(ctx, t, "perf", s.p+"_comment", data); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "perf.scored", "item", itemName(it, t.locale), "score", parts[2]), ReplaceMessage: true,
		Buttons: [][]Button{{{Label: b.T(t, "perf.button.next"), ActionID: s.action("next"), Value: parts[0]}}}}}, nil
}

// comment is the line typed after a score.
func (s *reviewSide) comment(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
	id, ok := parseID(d.Data["id"])
	sc, err := strconv.Atoi(d.Data["score"])
	if !ok || err != nil {
		return nil, errNotAnswer
	}
	r, err := s.keep(ctx, t, id, perf.Mark{Item: d.Data["item"], Score: sc, Comment: text})
	if err != nil {
		return nil, err
	}
	_, c, err := s.begin(ctx, t, id)
	if err != nil {
		return nil, err
	}
	return s.nextItem(ctx, t, r, c, false)
}

// next is the Next (or Skip) button: the next item, or the summary.
func (s *reviewSide) next(ctx context.Context, t *turn, value string) ([]Reply, error) {
	idText, what, _ := strings.Cut(value, ":")
	id, ok := parseID(idText)
	if !ok {
		return []Reply{{Text: s.b.T(t, "button.stale")}}, nil
	}
	r, c, err := s.begin(ctx, t, id)
	if err != nil {
		return nil, err
	}
	if what == "summary" {
		return s.summary(ctx, t, r, c, "")
	}
	// "ID:N": the summary's button to score item N again.
	if n, err := strconv.Atoi(what); err == nil && n >= 0 && n < len(r.Items) {
		if err := s.b.endDialog(ctx, t); err != nil {
			return nil, err
		}
		return []Reply{s.itemCard(t, r, c, n)}, nil
	}
	return s.nextItem(ctx, t, r, c, false)
}

// overall is the comment on the period as a whole.
func (s *reviewSide) overall(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
	id, ok := parseID(d.Data["id"])
	if !ok {
		return nil, errNotAnswer
	}
	r, c, err := s.begin(ctx, t, id)
	if err != nil {
		return nil, err
	}
	return s.summary(ctx, t, r, c, text)
}

// summary shows every score before sending; a probation review's
// reviewer sends it with the outcome.
func (s *reviewSide) summary(ctx context.Context, t *turn, r perf.Review, c perf.Cycle, comment string) ([]Reply, error) {
	b := s.b
	if _, missing := perf.Unscored(r, s.scores(r)); missing {
		return s.nextItem(ctx, t, r, c, false)
	}
	if len([]rune(comment)) > perf.MaxComment {
		return nil, core.Errorf(core.EInvalid, "perf.comment_long", "too long").With("max", strconv.Itoa(perf.MaxComment))
	}
	data := map[string]string{"id": strconv.FormatInt(r.ID, 10), "comment": comment, "nonce": newNonce()}
	if err := b.beginDialog(ctx, t, "perf", s.p+"_confirm", data); err != nil {
		return nil, err
	}
	who := b.T(t, "perf.item_self")
	if s.p == "m" {
		who = core.NameIn(r.EmployeeName, t.locale)
	}
	lines := []string{b.T(t, "perf.summary", "who", who, "cycle", c.Name)}
	for _, it := range r.Items {
		sc := s.scores(r)[it.Key]
		lines = append(lines, b.T(t, "perf.summary_line", "item", itemName(it, t.locale), "score", strconv.Itoa(sc.Score),
			"comment", quoted(sc.Comment)))
	}
	if comment != "" {
		lines = append(lines, b.T(t, "perf.summary_overall", "comment", comment))
	}
	if s.p == "m" {
		lines = append(lines, b.T(t, "perf.summary_weighted", "score", scoreText(perf.Weighted(r.Items, r.Manager))))
	}
	if s.p == "m" && c.Kind == perf.Probation {
		lines = append(lines, b.T(t, "perf.ask_outcome", "name", core.NameIn(r.EmployeeName, t.locale)))
		var row []Button
		for _, o := range []perf.Outcome{perf.OutcomeConfirm, perf.OutcomeExtend, perf.OutcomeEnd} {
			row = append(row, Button{Label: b.T(t, "perf.outcome."+string(o)), ActionID: "perf.m.outcome",
				Value: data["nonce"] + ":" + string(o)})
		}
		return []Reply{{Text: strings.Join(lines, "\n"), Buttons: append([][]Button{row}, s.changeRows(t, r)...)}}, nil
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: append([][]Button{{
		{Label: b.T(t, "button.submit"), ActionID: s.action("submit"), Value: data["nonce"]},
		{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"},
	}}, s.changeRows(t, r)...)}}, nil
}

// changeRows are the summary's buttons to score an item again, two a
// row.
func (s *reviewSide) changeRows(t *turn, r perf.Review) [][]Button {
	var rows [][]Button
	for i, it := range r.Items {
		if i%2 == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], Button{Label: s.b.T(t, "perf.button.change", "item", itemName(it, t.locale)),
			ActionID: s.action("next"), Value: strconv.FormatInt(r.ID, 10) + ":" + strconv.Itoa(i)})
	}
	return rows
}

// submit sends the review; a second press finds no dialog and sends
// nothing twice.
func (s *reviewSide) submit(ctx context.Context, t *turn, nonce string) ([]Reply, error) {
	return s.send(ctx, t, nonce, perf.OutcomeNone)
}

func (b *Bot) perfOutcome(ctx context.Context, t *turn, value string) ([]Reply, error) {
	nonce, o, _ := strings.Cut(value, ":")
	switch perf.Outcome(o) {
	case perf.OutcomeConfirm, perf.OutcomeExtend, perf.OutcomeEnd:
	default:
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	return b.managerSide().send(ctx, t, nonce, perf.Outcome(o))
}

func (s *reviewSide) send(ctx context.Context, t *turn, nonce string, o perf.Outcome) ([]Reply, error) {
	b := s.b
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open || d.Name != "perf" || d.Step != s.p+"_confirm" || d.Data["nonce"] != nonce {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	id, _ := parseID(d.Data["id"])
	r, err := s.finish(ctx, t, id, d.Data["comment"], o)
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	_, c, err := b.cfg.Perf.Find(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if s.p == "m" {
		return []Reply{{Text: b.T(t, "perf.manager_sent", "name", core.NameIn(r.EmployeeName, t.locale), "cycle", c.Name,
			"score", scoreText(r.Score)), ReplaceMessage: true}}, nil
	}
	reviewer := r.ManagerName
	if reviewer == "" {
		reviewer = "HR"
	}
	return []Reply{{Text: b.T(t, "perf.self_sent", "cycle", c.Name, "reviewer", core.NameIn(reviewer, t.locale)),
		ReplaceMessage: true}}, nil
}
