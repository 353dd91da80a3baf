package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/perf"
)

// PerfDesk runs performance reviews (绩效) for the bot (perf.Service).
type PerfDesk interface {
	Preview(ctx context.Context, m core.Member, ask perf.Ask, channel string) (perf.Plan, error)
	Open(ctx context.Context, m core.Member, ask perf.Ask, channel string) (perf.Plan, error)
	Cycles(ctx context.Context, m core.Member, channel string) ([]perf.Cycle, error)
	CycleProgress(ctx context.Context, m core.Member, id int64, channel string) (perf.Progress, error)
	Calibration(ctx context.Context, m core.Member, id int64, channel string) (perf.Calibration, error)
	Adjust(ctx context.Context, m core.Member, id int64, score decimal.Decimal, reason, channel string) (perf.Review, error)
	Publish(ctx context.Context, m core.Member, id int64, channel string) (perf.Cycle, error)
	Cancel(ctx context.Context, m core.Member, id int64, channel string) (perf.Cycle, error)

	Mine(ctx context.Context, m core.Member) ([]perf.Review, error)
	ToReview(ctx context.Context, m core.Member) ([]perf.Review, error)
	Find(ctx context.Context, m core.Member, id int64, channel string) (perf.Review, perf.Cycle, error)
	Begin(ctx context.Context, m core.Member, id int64) (perf.Review, perf.Cycle, error)
	ScoreSelf(ctx context.Context, m core.Member, id int64, mk perf.Mark) (perf.Review, error)
	FinishSelf(ctx context.Context, m core.Member, id int64, comment, channel string) (perf.Review, error)
	BeginManager(ctx context.Context, m core.Member, id int64, channel string) (perf.Review, perf.Cycle, error)
	ScoreManager(ctx context.Context, m core.Member, id int64, mk perf.Mark, channel string) (perf.Review, error)
	FinishManager(ctx context.Context, m core.Member, id int64, comment string, o perf.Outcome, channel string) (perf.Review, error)
	Appeal(ctx context.Context, m core.Member, id int64, text, channel string) (perf.Review, error)
	AnswerAppeal(ctx context.Context, m core.Member, id int64, answer, channel string) (perf.Review, error)

	AddNote(ctx context.Context, m core.Member, person, body string, shared bool, channel string) (perf.Note, error)
	Notes(ctx context.Context, m core.Member, person, channel string) (core.Employee, []perf.Note, error)
}

func (b *Bot) perfFeature() feature {
	if b.cfg.Perf == nil {
		return feature{}
	}
	self, mgr := b.selfSide(), b.managerSide()
	return feature{
		commands: []command{
			{name: "review", aliases: []string{"绩效", "考核", "评估", "reviews", "performance"}, helpKey: "help.cmd.review", run: b.reviewCmd},
			{name: "cycle", aliases: []string{"考核周期", "cycles"}, helpKey: "help.cmd.cycle", run: b.cycleCmd},
			{name: "calibrate", aliases: []string{"校准"}, helpKey: "help.cmd.calibrate", run: b.calibrateCmd},
			{name: "note", aliases: []string{"记录", "面谈"}, helpKey: "help.cmd.note", run: b.noteCmd},
			{name: "notes", aliases: []string{"面谈记录"}, run: b.notesCmd},
		},
		actions: map[string]actionHandler{
			"perf.s.start": {run: self.start}, "perf.s.score": {run: self.press}, "perf.s.next": {run: self.next},
			"perf.s.submit": {run: self.submit},
			"perf.m.start":  {run: mgr.start}, "perf.m.score": {run: mgr.press}, "perf.m.next": {run: mgr.next},
			"perf.m.submit": {run: mgr.submit}, "perf.m.outcome": {run: b.perfOutcome},
			"perf.result":  {run: b.perfResultAction},
			"perf.appeal":  {run: b.perfAsk("appeal")},
			"perf.answer":  {run: b.perfAsk("answer")},
			"perf.open":    {run: b.cycleOpen},
			"perf.cycle":   {run: b.cycleShow},
			"perf.publish": {run: b.cyclePublish},
			"perf.cancel":  {run: b.cycleCancel},
			"perf.note":    {run: b.noteSave},
		},
		dialogs: b.perfDialogs(self, mgr),
		notifications: map[string]notificationRenderer{
			core.NotifyPerfSelfOpen: b.perfNotification, core.NotifyPerfSelfRemind: b.perfNotification,
			core.NotifyPerfManagerOpen: b.perfNotification, core.NotifyPerfManagerRemind: b.perfNotification,
			core.NotifyPerfManagerLate: b.perfNotification, core.NotifyPerfResult: b.perfNotification,
			core.NotifyPerfAppeal: b.perfNotification, core.NotifyPerfAppealAnswer: b.perfNotification,
			core.NotifyPerfNote: b.perfNoteNotification,
		},
	}
}

func (b *Bot) perfDialogs(self, mgr *reviewSide) map[string]dialogStep {
	text := func(fn func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error)) dialogStep {
		return func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			if s = strings.TrimSpace(s); s == "" {
				return nil, errNotAnswer
			}
			return fn(ctx, t, d, s)
		}
	}
	waitButton := func(context.Context, *turn, conversation.Dialog, string) ([]Reply, error) { return nil, errNotAnswer }
	return map[string]dialogStep{
		"perf/s_comment": text(self.comment),
		"perf/s_overall": text(self.overall),
		"perf/m_comment": text(mgr.comment),
		"perf/m_overall": text(mgr.overall),
		"perf/s_confirm": waitButton,
		"perf/m_confirm": waitButton,
		"perf/appeal": text(func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			return b.perfAppeal(ctx, t, d.Data["id"], s)
		}),
		"perf/answer": text(func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			return b.perfAnswer(ctx, t, d.Data["id"], s)
		}),
		"perf/open": waitButton,
		"perf/note": waitButton,
	}
}

func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	return id, err == nil && id > 0
}

// cycleCmd is HR's /cycle: the list; /cycle ID, one cycle's progress and
// calibration; /cycle open KIND [SCOPE KEY] [PERIOD], a preview to open.
func (b *Bot) cycleCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	fields := strings.Fields(args)
	if len(fields) > 0 {
		if id, ok := parseID(fields[0]); ok {
			return b.cycleView(ctx, t, id)
		}
		if w := strings.ToLower(fields[0]); w == "open" || w == "开启" || w == "new" || w == "新建" {
			return b.cyclePreview(ctx, t, fields[1:])
		}
		return []Reply{{Text: b.T(t, "perf.cycle_usage")}}, nil
	}
	cs, err := b.cfg.Perf.Cycles(ctx, *t.member, t.channel())
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return []Reply{{Text: b.T(t, "perf.cycles_none") + "\n" + b.T(t, "perf.cycle_usage")}}, nil
	}
	lines := []string{b.T(t, "perf.cycles_title")}
	var rows [][]Button
	// The newest ten, each with its progress (a read of its reviews).
	for i, c := range cs[:min(len(cs), 10)] {
		p, err := b.cfg.Perf.CycleProgress(ctx, *t.member, c.ID, t.channel())
		if err != nil {
			return nil, err
		}
		lines = append(lines, b.cycleLine(t, p))
		if i < 5 {
			rows = append(rows, []Button{{Label: "#" + strconv.FormatInt(c.ID, 10) + " " + c.Name, ActionID: "perf.cycle",
				Value: strconv.FormatInt(c.ID, 10)}})
		}
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: rows}}, nil
}

// readAsk reads "KIND [team|job|person KEY] [PERIOD]" in either language.
func readAsk(fields []string) (perf.Ask, error) {
	var ask perf.Ask
	for i := 0; i < len(fields); i++ {
		w := strings.ToLower(fields[i])
		if k, ok := cycleKinds[w]; ok && ask.Kind == "" {
			ask.Kind = k
			continue
		}
		if sc, ok := cycleScopes[w]; ok {
			ask.Scope = sc
			if i+1 < len(fields) {
				ask.ScopeKey = fields[i+1]
				i++
			}
			continue
		}
		p, ok := readPeriod(w)
		if !ok && ask.Kind == perf.Probation && ask.ScopeKey == "" {
			// "/cycle open probation alice": of whom.
			ask.Scope, ask.ScopeKey = perf.ScopePerson, fields[i]
			continue
		}
		if !ok {
			if ask.Kind == "" {
				return ask, core.Errorf(core.EInvalid, "perf.bad_kind", "unknown kind %q", w).With("kind", fields[i])
			}
			return ask, core.Errorf(core.EInvalid, "perf.bad_period", "bad period %q", w)
		}
		ask.Period = p
	}
	if ask.Kind == "" {
		ask.Kind = perf.Monthly
	}
	if ask.Kind == perf.Probation && ask.Scope == "" && ask.ScopeKey == "" {
		ask.Scope = perf.ScopePerson
	}
	return ask, nil
}

var cycleKinds = map[string]perf.Kind{
	"monthly": perf.Monthly, "month": perf.Monthly, "月度": perf.Monthly, "月": perf.Monthly, "每月": perf.Monthly,
	"quarterly": perf.Quarterly, "quarter": perf.Quarterly, "季度": perf.Quarterly,
	"annual": perf.Annual, "yearly": perf.Annual, "year": perf.Annual, "年度": perf.Annual, "年终": perf.Annual,
	"probation": perf.Probation, "试用期": perf.Probation, "转正": perf.Probation,
}

var cycleScopes = map[string]perf.Scope{
	"team": perf.ScopeTeam, "团队": perf.ScopeTeam, "组": perf.ScopeTeam,
	"job": perf.ScopeJob, "岗位": perf.ScopeJob,
	"person": perf.ScopePerson, "员工": perf.ScopePerson, "人": perf.ScopePerson,
}

// readPeriod reads 2026-11, 2026-Q4 or 2026: the period of "/cycle open
// KIND [scope KEY] [PERIOD]", one word of it.
//
// It is not perf.ParsePeriod, which reads a metrics file's cells, and
// differs on purpose: that one takes a spreadsheet's day number (46327 is
// November 2026), and here a word that is not a period may be a person's
// key, which can be all digits ("/cycle open probation 46327" is key
// 46327's probation). ParsePeriod's other forms (2026/11, 2026年11月,
// 2026Q4, two days) are not read here either: /cycle's usage and its
// error (perf.bad_period) name these three, in both languages.
func readPeriod(s string) (perf.Period, bool) {
	s = strings.ToUpper(s)
	if y, q, ok := strings.Cut(s, "-Q"); ok {
		year, err1 := strconv.Atoi(y)
		n, err2 := strconv.Atoi(q)
		if err1 != nil || err2 != nil || n < 1 || n > 4 || year < 2000 || year > 2100 {
			return perf.Period{}, false
		}
		from := core.NewDate(year, monthOf(3*(n-1)+1), 1)
		return perf.Period{From: from, To: core.NewDate(year, monthOf(3*n+1), 0)}, true
	}
	if y, m, ok := strings.Cut(s, "-"); ok {
		year, err1 := strconv.Atoi(y)
		month, err2 := strconv.Atoi(m)
		if err1 != nil || err2 != nil || month < 1 || month > 12 || year < 2000 || year > 2100 {
			return perf.Period{}, false
		}
		from := core.NewDate(year, monthOf(month), 1)
		return perf.Period{From: from, To: from.MonthEnd()}, true
	}
	year, err := strconv.Atoi(s)
	if err != nil || year < 2000 || year > 2100 {
		return perf.Period{}, false
	}
	return perf.Period{From: core.NewDate(year, 1, 1), To: core.NewDate(year, 12, 31)}, true
}

func (b *Bot) cyclePreview(ctx context.Context, t *turn, fields []string) ([]Reply, error) {
	ask, err := readAsk(fields)
	if err != nil {
		return nil, err
	}
	p, err := b.cfg.Perf.Preview(ctx, *t.member, ask, t.channel())
	if err != nil {
		return nil, err
	}
	c := p.Cycle
	data := map[string]string{"kind": string(c.Kind), "scope": string(c.Scope), "key": c.ScopeKey,
		"from": c.Period.From.String(), "to": c.Period.To.String(), "nonce": newNonce()}
	if err := b.beginDialog(ctx, t, "perf", "open", data); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(p.Reviews))
	for _, r := range p.Reviews {
		names = append(names, core.NameIn(r.EmployeeName, t.locale))
	}
	lines := []string{b.T(t, "perf.cycle_preview", "kind", b.T(t, "perf.kind."+string(c.Kind)), "name", c.Name,
		"scope", b.scopeText(t, c), "n", strconv.Itoa(len(p.Reviews)), "from", c.Period.From.String(), "to", c.Period.To.String(),
		"self", b.dayText(t, c.SelfDue), "manager", b.dayText(t, c.ManagerDue), "calibration", b.dayText(t, c.CalibrationDue))}
	if c.PayMonth.IsZero() {
		lines = append(lines, b.T(t, "perf.cycle_no_pay"))
	} else {
		lines = append(lines, b.T(t, "perf.cycle_pay", "month", c.PayMonth.String()[:7]))
	}
	lines = append(lines, b.T(t, "perf.cycle_people", "names", strings.Join(names, ", ")))
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: b.T(t, "perf.button.open"), ActionID: "perf.open", Value: data["nonce"]},
		{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"},
	}}}}, nil
}

func (b *Bot) cycleOpen(ctx context.Context, t *turn, nonce string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open || d.Name != "perf" || d.Step != "open" || d.Data["nonce"] != nonce {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	from, err1 := core.ParseDate(d.Data["from"])
	to, err2 := core.ParseDate(d.Data["to"])
	if err1 != nil || err2 != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	ask := perf.Ask{Kind: perf.Kind(d.Data["kind"]), Scope: perf.Scope(d.Data["scope"]), ScopeKey: d.Data["key"],
		Period: perf.Period{From: from, To: to}}
	p, err := b.cfg.Perf.Open(ctx, *t.member, ask, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "perf.cycle_opened", "name", p.Cycle.Name, "n", strconv.Itoa(len(p.Reviews))),
		ReplaceMessage: true}}, nil
}

func (b *Bot) cycleShow(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, ok := parseID(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	return b.cycleView(ctx, t, id)
}

func (b *Bot) cyclePublish(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, ok := parseID(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	c, err := b.cfg.Perf.Publish(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	p, err := b.cfg.Perf.CycleProgress(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "perf.published_done", "name", c.Name, "n", strconv.Itoa(len(p.Reviews))), ReplaceMessage: true}}, nil
}

func (b *Bot) cycleCancel(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, ok := parseID(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	c, err := b.cfg.Perf.Cancel(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "perf.cancelled", "name", c.Name), ReplaceMessage: true}}, nil
}

// calibrateCmd is HR's /calibrate REVIEW-ID SCORE REASON.
func (b *Bot) calibrateCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	fields := strings.Fields(args)
	if len(fields) < 2 {
		return []Reply{{Text: b.T(t, "perf.calibrate_usage")}}, nil
	}
	id, ok := parseID(fields[0])
	score, err := decimal.NewFromString(fields[1])
	if !ok || err != nil {
		return []Reply{{Text: b.T(t, "perf.calibrate_usage")}}, nil
	}
	reason := strings.TrimSpace(strings.Join(fields[2:], " "))
	r, err := b.cfg.Perf.Adjust(ctx, *t.member, id, score, reason, t.channel())
	if err != nil {
		return nil, err
	}
	name := core.NameIn(r.EmployeeName, t.locale)
	if r.Calibrated.IsZero() {
		return []Reply{{Text: b.T(t, "perf.calibrate_cleared", "name", name, "score", scoreText(r.Score))}}, nil
	}
	return []Reply{{Text: b.T(t, "perf.calibrated", "name", name, "score", scoreOrDash(r.Score),
		"calibrated", scoreText(r.Calibrated), "reason", r.CalibrationReason)}}, nil
}

// noteCmd is /note PERSON TEXT: a preview asking whether to share it.
func (b *Bot) noteCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	who, text, _ := strings.Cut(strings.TrimSpace(args), " ")
	text = strings.TrimSpace(text)
	if who == "" || text == "" {
		return []Reply{{Text: b.T(t, "perf.note_usage")}}, nil
	}
	e, err := b.cfg.Directory.FindEmployee(ctx, *t.member, who, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.cfg.Directory.Authorize(ctx, *t.member, core.ActionPerfReview, &e, t.channel()); err != nil {
		return nil, err
	}
	data := map[string]string{"person": e.Key, "text": text, "nonce": newNonce()}
	if err := b.beginDialog(ctx, t, "perf", "note", data); err != nil {
		return nil, err
	}
	name := core.NameIn(e.Name, t.locale)
	return []Reply{{Text: b.T(t, "perf.note_preview", "name", name, "text", text), Buttons: [][]Button{{
		{Label: b.T(t, "perf.button.keep"), ActionID: "perf.note", Value: "k" + data["nonce"]},
		{Label: b.T(t, "perf.button.share", "name", name), ActionID: "perf.note", Value: "s" + data["nonce"]},
		{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"},
	}}}}, nil
}

func (b *Bot) noteSave(ctx context.Context, t *turn, value string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if len(value) < 2 || !open || d.Name != "perf" || d.Step != "note" || d.Data["nonce"] != value[1:] {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	shared := value[0] == 's'
	if _, err := b.cfg.Perf.AddNote(ctx, *t.member, d.Data["person"], d.Data["text"], shared, t.channel()); err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	e, err := b.cfg.Directory.FindEmployee(ctx, *t.member, d.Data["person"], t.channel())
	if err != nil {
		return nil, err
	}
	key := "perf.note_saved"
	if shared {
		key = "perf.note_shared"
	}
	return []Reply{{Text: b.T(t, key, "name", core.NameIn(e.Name, t.locale)), ReplaceMessage: true}}, nil
}

// notesCmd is /notes [PERSON]: the notes on someone (one's own: those
// shared with one).
func (b *Bot) notesCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	who := strings.TrimSpace(args)
	if who == "" {
		who = t.member.Employee.Key
	}
	e, ns, err := b.cfg.Perf.Notes(ctx, *t.member, who, t.channel())
	if err != nil {
		return nil, err
	}
	name := core.NameIn(e.Name, t.locale)
	if len(ns) == 0 {
		return []Reply{{Text: b.T(t, "perf.notes_none", "name", name)}}, nil
	}
	lines := []string{b.T(t, "perf.notes_title", "name", name)}
	for _, n := range ns {
		shared := ""
		if n.Shared {
			shared = b.T(t, "perf.notes_shared")
		}
		lines = append(lines, b.T(t, "perf.notes_line", "date", core.DateOf(n.CreatedAt.In(t.member.Org.Location())).String(),
			"author", core.NameIn(n.AuthorName, t.locale), "shared", shared, "text", n.Body))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}
