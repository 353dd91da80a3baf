package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
)

// reviewCmd is /review (/绩效): one's own reviews with the buttons to go
// on, and the reviews one has to do; /review ID opens one.
func (b *Bot) reviewCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if id, ok := parseID(args); ok {
		return b.reviewOpen(ctx, t, id)
	}
	mine, err := b.cfg.Perf.Mine(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	todo, err := b.cfg.Perf.ToReview(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	var out []Reply
	if len(mine) == 0 && len(todo) == 0 {
		out = append(out, Reply{Text: b.T(t, "perf.mine_none")})
	}
	if len(mine) > 0 {
		lines := []string{b.T(t, "perf.mine_title")}
		var rows [][]Button
		cycles := map[int64]perf.Cycle{} // a person's reviews share few cycles: one read each
		for i, r := range mine {
			line, button := b.mineLine(ctx, t, r, cycles)
			if line == "" {
				continue
			}
			lines = append(lines, line)
			if button != nil && i < 6 {
				rows = append(rows, []Button{*button})
			}
		}
		out = append(out, Reply{Text: strings.Join(lines, "\n"), Buttons: rows})
	}
	if len(todo) > 0 {
		var rows [][]Button
		for _, r := range todo {
			rows = append(rows, []Button{{Label: b.T(t, "perf.button.rev", "name", core.NameIn(r.EmployeeName, t.locale)),
				ActionID: "perf.m.start", Value: strconv.FormatInt(r.ID, 10)}})
		}
		out = append(out, Reply{Text: b.T(t, "perf.todo_title", "count", strconv.Itoa(len(todo))), Buttons: rows})
	}
	return out, nil
}

func (b *Bot) mineLine(ctx context.Context, t *turn, r perf.Review, cycles map[int64]perf.Cycle) (string, *Button) {
	c, ok := cycles[r.CycleID]
	if !ok {
		_, found, err := b.cfg.Perf.Find(ctx, *t.member, r.ID, t.channel())
		if err != nil {
			return "", nil
		}
		c, cycles[r.CycleID] = found, found
	}
	id := strconv.FormatInt(r.ID, 10)
	switch {
	case !r.PublishedAt.IsZero():
		return b.T(t, "perf.mine_result", "cycle", c.Name, "score", scoreText(r.Final()), "band", b.bandText(t, r)),
			&Button{Label: b.T(t, "perf.button.see", "cycle", c.Name), ActionID: "perf.result", Value: id}
	case c.Status != perf.Open:
		return "", nil
	case !r.SelfDoneAt.IsZero():
		return b.T(t, "perf.mine_sent", "cycle", c.Name), nil
	case b.localDay(t).After(c.SelfDue) || !r.ManagerDoneAt.IsZero():
		return b.T(t, "perf.mine_missed", "cycle", c.Name), nil
	}
	label := "perf.button.start"
	if len(r.Self) > 0 {
		label = "perf.button.go_on"
	}
	return b.T(t, "perf.mine_self", "cycle", c.Name, "date", b.dayText(t, c.SelfDue), "done", strconv.Itoa(len(r.Self)),
			"total", strconv.Itoa(len(r.Items))),
		&Button{Label: b.T(t, label), ActionID: "perf.s.start", Value: id}
}

func (b *Bot) bandText(t *turn, r perf.Review) string {
	if r.Band == "" {
		return ""
	}
	return b.T(t, "perf.result_band", "band", r.Band)
}

// reviewOpen is /review ID: one's own (the self-review to go on, or the
// result), or one to do as reviewer.
func (b *Bot) reviewOpen(ctx context.Context, t *turn, id int64) ([]Reply, error) {
	r, c, err := b.cfg.Perf.Find(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if r.EmployeeID == t.member.Employee.ID {
		if !r.PublishedAt.IsZero() {
			return []Reply{b.resultCard(t, r, c)}, nil
		}
		return b.selfSide().start(ctx, t, strconv.FormatInt(id, 10))
	}
	if c.Status == perf.Open && r.ManagerDoneAt.IsZero() {
		return b.managerSide().start(ctx, t, strconv.FormatInt(id, 10))
	}
	return []Reply{b.resultCard(t, r, c)}, nil
}

// resultCard is a result as its reader may see it, with Appeal for the
// person while they may.
func (b *Bot) resultCard(t *turn, r perf.Review, c perf.Cycle) Reply {
	lines := []string{b.T(t, "perf.result", "cycle", c.Name, "score", scoreText(r.Final()), "band", b.bandText(t, r))}
	if !r.Calibrated.IsZero() || r.EmployeeID == t.member.Employee.ID && !r.Final().Equal(perf.Weighted(r.Items, r.Manager)) {
		lines = append(lines, b.T(t, "perf.result_adjusted"))
	}
	for _, it := range r.Items {
		self, mgr := "–", "–"
		if sc, ok := r.Self[it.Key]; ok {
			self = strconv.Itoa(sc.Score)
		}
		sc, ok := r.Manager[it.Key]
		if ok {
			mgr = strconv.Itoa(sc.Score)
		}
		lines = append(lines, b.T(t, "perf.result_line", "item", itemName(it, t.locale), "self", self, "manager", mgr,
			"comment", quoted(sc.Comment)))
	}
	if r.ManagerNote != "" {
		lines = append(lines, b.T(t, "perf.result_comment", "comment", r.ManagerNote))
	}
	if r.Outcome != perf.OutcomeNone {
		lines = append(lines, b.T(t, "perf.outcome_line", "outcome", b.T(t, "perf.outcome."+string(r.Outcome))))
	}
	if r.Appeal != "" {
		lines = append(lines, b.T(t, "perf.appeal_line", "text", r.Appeal))
	}
	if r.AppealAnswer != "" {
		lines = append(lines, b.T(t, "perf.appeal_answer_ln", "text", r.AppealAnswer))
	}
	out := Reply{Text: strings.Join(lines, "\n")}
	if r.EmployeeID == t.member.Employee.ID && r.AppealedAt.IsZero() && !r.PublishedAt.IsZero() &&
		t.now.Sub(r.PublishedAt) <= perf.AppealDays*24*time.Hour {
		out.Buttons = [][]Button{{{Label: b.T(t, "perf.button.appeal"), ActionID: "perf.appeal", Value: strconv.FormatInt(r.ID, 10)}}}
	}
	return out
}

func (b *Bot) perfResultAction(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, ok := parseID(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, c, err := b.cfg.Perf.Find(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{b.resultCard(t, r, c)}, nil
}

// perfAsk begins the dialog a button asks a text for: the person's
// appeal, HR's answer.
func (b *Bot) perfAsk(step string) func(ctx context.Context, t *turn, value string) ([]Reply, error) {
	return func(ctx context.Context, t *turn, value string) ([]Reply, error) {
		id, ok := parseID(value)
		if !ok {
			return []Reply{{Text: b.T(t, "button.stale")}}, nil
		}
		r, _, err := b.cfg.Perf.Find(ctx, *t.member, id, t.channel())
		if err != nil {
			return nil, err
		}
		if err := b.beginDialog(ctx, t, "perf", step, map[string]string{"id": value}); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "perf.ask_"+step, "name", core.NameIn(r.EmployeeName, t.locale)), Buttons: b.cancelButton(t)}}, nil
	}
}

func (b *Bot) perfAppeal(ctx context.Context, t *turn, value, text string) ([]Reply, error) {
	id, ok := parseID(value)
	if !ok {
		return nil, errNotAnswer
	}
	if _, err := b.cfg.Perf.Appeal(ctx, *t.member, id, text, t.channel()); err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "perf.appealed")}}, nil
}

func (b *Bot) perfAnswer(ctx context.Context, t *turn, value, text string) ([]Reply, error) {
	id, ok := parseID(value)
	if !ok {
		return nil, errNotAnswer
	}
	r, err := b.cfg.Perf.AnswerAppeal(ctx, *t.member, id, text, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "perf.answered", "name", core.NameIn(r.EmployeeName, t.locale))}}, nil
}

// cycleView is /cycle ID: progress, and for HR the calibration view with
// Publish and Cancel.
func (b *Bot) cycleView(ctx context.Context, t *turn, id int64) ([]Reply, error) {
	p, err := b.cfg.Perf.CycleProgress(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	c := p.Cycle
	n := strconv.Itoa(len(p.Reviews))
	phase := b.T(t, "perf.phase."+string(p.Phase))
	if c.Status != perf.Open {
		phase = b.T(t, "perf.status."+string(c.Status))
	}
	lines := []string{b.T(t, "perf.progress", "id", strconv.FormatInt(c.ID, 10), "name", c.Name, "kind", b.T(t, "perf.kind."+string(c.Kind)),
		"scope", b.scopeText(t, c), "from", c.Period.From.String(), "to", c.Period.To.String(), "phase", phase,
		"self", strconv.Itoa(p.SelfDone), "manager", strconv.Itoa(p.ManagerDone), "n", n,
		"selfdue", b.dayText(t, c.SelfDue), "mdue", b.dayText(t, c.ManagerDue), "cdue", b.dayText(t, c.CalibrationDue))}
	for _, r := range p.Reviews {
		lines = append(lines, b.T(t, "perf.progress_line", "name", "#"+strconv.FormatInt(r.ID, 10)+" "+core.NameIn(r.EmployeeName, t.locale),
			"state", b.reviewState(t, r, c)))
	}
	out := []Reply{{Text: strings.Join(lines, "\n")}}
	if core.Authorize(*t.member, core.ActionPerfManage, nil) != nil {
		return out, nil
	}
	cal, err := b.cfg.Perf.Calibration(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if text := b.calibrationText(t, cal); text != "" {
		out = append(out, Reply{Text: text})
	}
	if c.Status == perf.Open {
		out[len(out)-1].Buttons = [][]Button{{
			{Label: b.T(t, "perf.button.publish"), ActionID: "perf.publish", Value: strconv.FormatInt(c.ID, 10)},
			{Label: b.T(t, "perf.button.cancel_cycle"), ActionID: "perf.cancel", Value: strconv.FormatInt(c.ID, 10)},
		}}
	}
	return out, nil
}

func (b *Bot) reviewState(t *turn, r perf.Review, c perf.Cycle) string {
	switch {
	case r.Band != "":
		return b.T(t, "perf.state.band", "score", scoreText(r.Final()), "band", r.Band)
	case !r.Calibrated.IsZero():
		return b.T(t, "perf.state.adjusted", "score", scoreOrDash(r.Score), "calibrated", scoreText(r.Calibrated))
	case !r.ManagerDoneAt.IsZero():
		return b.T(t, "perf.state.scored", "score", scoreText(r.Score))
	case !r.SelfDoneAt.IsZero():
		return b.T(t, "perf.state.self")
	case b.localDay(t).After(c.SelfDue):
		return b.T(t, "perf.state.missed")
	}
	return b.T(t, "perf.state.waiting")
}

func (b *Bot) calibrationText(t *turn, cal perf.Calibration) string {
	var lines []string
	for _, gs := range []struct {
		by     perf.Scope
		groups []perf.Group
	}{{perf.ScopeTeam, cal.Teams}, {perf.ScopeJob, cal.Jobs}} {
		if len(gs.groups) == 0 {
			continue
		}
		lines = append(lines, b.T(t, "perf.dist_title", "by", b.T(t, "perf.by."+string(gs.by))))
		for _, g := range gs.groups {
			name := g.Name
			if gs.by == perf.ScopeJob {
				name = b.jobName(t, g.Key)
			}
			if name == "" {
				name = "–"
			}
			lines = append(lines, b.T(t, "perf.dist_line", "name", name, "count", strconv.Itoa(g.Count), "mean", scoreText(g.Mean),
				"s1", strconv.Itoa(g.Buckets[1]), "s2", strconv.Itoa(g.Buckets[2]), "s3", strconv.Itoa(g.Buckets[3]),
				"s4", strconv.Itoa(g.Buckets[4]), "s5", strconv.Itoa(g.Buckets[5])))
		}
	}
	if len(cal.Flags) > 0 {
		byID := map[int64]perf.Review{}
		for _, r := range cal.Reviews {
			byID[r.ID] = r
		}
		lines = append(lines, b.T(t, "perf.flags_title"))
		for _, f := range cal.Flags {
			args := []string{}
			for k, v := range f.Args {
				switch k {
				case "name":
					v = core.NameIn(v, t.locale)
				case "item": // named, not keyed
					for _, it := range byID[f.ReviewID].Items {
						if it.Key == v {
							v = itemName(it, t.locale)
						}
					}
				}
				args = append(args, k, v)
			}
			lines = append(lines, b.T(t, "perf.flag_line", "id", strconv.FormatInt(f.ReviewID, 10), "text", b.T(t, f.Reason, args...)))
		}
	}
	return strings.Join(lines, "\n")
}

// perfNotification writes a review's notification from its state now:
// a review done meanwhile is not asked for again.
func (b *Bot) perfNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, ok := parseID(n.Params["id"])
	if !ok {
		return nil
	}
	r, c, err := b.cfg.Perf.Find(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil
	}
	value, name := strconv.FormatInt(r.ID, 10), core.NameIn(r.EmployeeName, t.locale)
	switch n.Kind {
	case core.NotifyPerfSelfOpen, core.NotifyPerfSelfRemind:
		if c.Status != perf.Open || !r.SelfDoneAt.IsZero() || !r.ManagerDoneAt.IsZero() {
			return nil
		}
		key := "perf.self_open"
		if n.Kind == core.NotifyPerfSelfRemind {
			key = "perf.self_remind"
		}
		return []Reply{{Text: b.T(t, key, "cycle", c.Name, "date", b.dayText(t, c.SelfDue), "done", strconv.Itoa(len(r.Self)),
			"total", strconv.Itoa(len(r.Items))),
			Buttons: [][]Button{{{Label: b.T(t, "perf.button.start"), ActionID: "perf.s.start", Value: value}}}}}
	case core.NotifyPerfManagerOpen, core.NotifyPerfManagerRemind, core.NotifyPerfManagerLate:
		if c.Status != perf.Open || !r.ManagerDoneAt.IsZero() {
			return nil
		}
		button := [][]Button{{{Label: b.T(t, "perf.button.review", "name", name), ActionID: "perf.m.start", Value: value}}}
		switch n.Kind {
		case core.NotifyPerfManagerRemind:
			return []Reply{{Text: b.T(t, "perf.manager_remind", "name", name, "cycle", c.Name, "date", b.dayText(t, c.ManagerDue)),
				Buttons: button}}
		case core.NotifyPerfManagerLate:
			manager := "–"
			if r.ManagerName != "" {
				manager = core.NameIn(r.ManagerName, t.locale)
			}
			return []Reply{{Text: b.T(t, "perf.manager_late", "manager", manager, "name", name, "cycle", c.Name,
				"date", b.dayText(t, c.ManagerDue)), Buttons: button}}
		}
		self := b.T(t, "perf.self_none_line")
		if !r.SelfDoneAt.IsZero() {
			self = b.T(t, "perf.self_done_line")
		}
		return []Reply{{Text: b.T(t, "perf.manager_open", "name", name, "cycle", c.Name, "date", b.dayText(t, c.ManagerDue),
			"self", self), Buttons: button}}
	case core.NotifyPerfResult:
		return []Reply{b.resultCard(t, r, c)}
	case core.NotifyPerfAppeal:
		if r.Appeal == "" || !r.AppealClosedAt.IsZero() {
			return nil
		}
		return []Reply{{Text: b.T(t, "perf.appeal_note", "name", name, "cycle", c.Name, "score", scoreText(r.Final()), "text", r.Appeal),
			Buttons: [][]Button{{{Label: b.T(t, "perf.button.answer"), ActionID: "perf.answer", Value: value}}}}}
	case core.NotifyPerfAppealAnswer:
		return []Reply{{Text: b.T(t, "perf.appeal_answer", "cycle", c.Name, "text", r.AppealAnswer)}}
	}
	return nil
}

// perfNoteNotification is a note shared with its person.
func (b *Bot) perfNoteNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, ok := parseID(n.Params["note"])
	if !ok {
		return nil
	}
	_, notes, err := b.cfg.Perf.Notes(ctx, *t.member, t.member.Employee.Key, t.channel())
	if err != nil {
		return nil
	}
	for _, x := range notes {
		if x.ID == id {
			return []Reply{{Text: b.T(t, "perf.note_to_you", "author", core.NameIn(x.AuthorName, t.locale), "text", x.Body)}}
		}
	}
	return nil
}
