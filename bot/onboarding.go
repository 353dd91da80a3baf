package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
)

// OnboardingDesk runs onboarding checklists for the bot
// (*onboarding.Service).
type OnboardingDesk interface {
	Mine(ctx context.Context, actor core.Member) (onboarding.Mine, error)
	Progress(ctx context.Context, actor core.Member, person core.Employee, channel string) (onboarding.Checklist, error)
	SetDone(ctx context.Context, actor core.Member, id int64, done bool, channel string) (onboarding.Task, error)
	Task(ctx context.Context, actor core.Member, id int64) (onboarding.Task, error)
	Checklist(ctx context.Context, actor core.Member, id int64) (onboarding.Checklist, error)
}

func (b *Bot) onboardingFeature() feature {
	if b.cfg.Onboarding == nil {
		return feature{}
	}
	return feature{
		commands: []command{{name: "onboarding", aliases: []string{"入职", "入职清单", "带教"}, helpKey: "help.cmd.onboarding",
			run: b.onboardingCmd}},
		actions: map[string]actionHandler{
			"onboarding.done": {run: b.onboardingDone},
		},
		notifications: map[string]notificationRenderer{
			core.NotifyOnboardingTask:    b.onboardingTaskNote,
			core.NotifyOnboardingWelcome: b.onboardingWelcome,
			core.NotifyOnboardingBuddy:   b.onboardingBuddyNote,
		},
	}
}

// onboardingCmd: "/onboarding" lists the tasks I do and my own checklist;
// "/onboarding PERSON" shows a person's checklist to them, their manager
// and HR.
func (b *Bot) onboardingCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if who := strings.TrimSpace(args); who != "" {
		e, err := b.cfg.Directory.FindEmployee(ctx, *t.member, who, t.channel())
		if err != nil {
			return nil, err
		}
		c, err := b.cfg.Onboarding.Progress(ctx, *t.member, e, t.channel())
		if err != nil {
			return nil, err
		}
		return []Reply{b.checklistReply(t, c, "onboarding.progress_of")}, nil
	}
	mine, err := b.cfg.Onboarding.Mine(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	var out []Reply
	if len(mine.Tasks) > 0 {
		lines := []string{b.T(t, "onboarding.my_tasks")}
		var buttons [][]Button
		for _, task := range mine.Tasks {
			lines = append(lines, b.taskLine(t, task, true))
			buttons = append(buttons, b.doneButton(t, task))
		}
		out = append(out, Reply{Text: strings.Join(lines, "\n"), Buttons: buttons})
	}
	if mine.Own != nil {
		out = append(out, b.checklistReply(t, *mine.Own, "onboarding.my_checklist"))
	}
	if len(out) == 0 {
		return []Reply{{Text: b.T(t, "onboarding.nothing")}}, nil
	}
	return out, nil
}

// checklistReply shows a checklist: day one, buddy, progress, every task,
// with a Done button for each open task the reader may tick.
func (b *Bot) checklistReply(t *turn, c onboarding.Checklist, titleKey string) Reply {
	buddy := b.T(t, "onboarding.no_buddy")
	if c.Buddy != nil {
		buddy = core.NameIn(c.Buddy.BuddyName, t.locale)
	}
	lines := []string{b.T(t, titleKey, "name", core.NameIn(c.Person.Name, t.locale), "day", c.Anchor.String(), "buddy", buddy,
		"done", strconv.Itoa(c.Done()), "total", strconv.Itoa(len(c.Tasks)))}
	var buttons [][]Button
	for _, task := range c.Tasks {
		lines = append(lines, b.taskLine(t, task, false))
		if !task.Done() && onboarding.CanTick(*t.member, task) {
			buttons = append(buttons, b.doneButton(t, task))
		}
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: buttons, Ephemeral: true}
}

// taskLine is one task: done or not, its day, title and owner; forWhom
// names the new person (in lists across checklists).
func (b *Bot) taskLine(t *turn, task onboarding.Task, forWhom bool) string {
	mark := "☐"
	if task.Done() {
		mark = "✓"
	}
	line := mark + " " + task.Due.String() + " " + b.taskTitle(t, task)
	switch {
	case forWhom && task.Kind == onboarding.KindOffboarding:
		line += " · " + b.T(t, "offboarding.for", "name", core.NameIn(task.PersonName, t.locale))
	case forWhom:
		line += " · " + b.T(t, "onboarding.for", "name", core.NameIn(task.PersonName, t.locale))
	default:
		line += " · " + b.taskOwner(t, task)
	}
	if !task.Done() && task.Due.Before(core.DateOf(t.now.In(t.member.Org.Location()))) {
		line += " " + b.T(t, "onboarding.overdue")
	}
	return line
}

func (b *Bot) taskTitle(t *turn, task onboarding.Task) string { return task.Title.In(t.locale) }

// taskOwner names who does a task: the person, or HR.
func (b *Bot) taskOwner(t *turn, task onboarding.Task) string {
	if task.OwnerID == 0 {
		return b.T(t, "onboarding.owner.hr")
	}
	return core.NameIn(task.OwnerName, t.locale)
}

func (b *Bot) doneButton(t *turn, task onboarding.Task) []Button {
	return []Button{{Label: b.T(t, "onboarding.done_button", "task", b.taskTitle(t, task)), ActionID: "onboarding.done",
		Value: strconv.FormatInt(task.ID, 10)}}
}

// onboardingDone ticks a task off from its button; the message it was on
// becomes the confirmation.
func (b *Bot) onboardingDone(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale"), Error: true}}, nil
	}
	task, err := b.cfg.Onboarding.SetDone(ctx, *t.member, id, true, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "onboarding.ticked", "task", b.taskTitle(t, task), "name", core.NameIn(task.PersonName, t.locale),
		"by", core.NameIn(task.DoneBy, t.locale)), ReplaceMessage: true}}, nil
}

// onboardingTaskNote reminds a task's owner, with a Done button; nothing
// when it was done meanwhile.
func (b *Bot) onboardingTaskNote(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["task"], 10, 64)
	task, err := b.cfg.Onboarding.Task(ctx, *t.member, id)
	if err != nil || task.Done() {
		return nil
	}
	key := "onboarding.remind"
	if task.Kind == onboarding.KindOffboarding {
		key = "offboarding.remind"
	}
	return []Reply{{Text: b.T(t, key, "task", b.taskTitle(t, task), "name", core.NameIn(task.PersonName, t.locale),
		"date", task.Due.String()), Buttons: [][]Button{b.doneButton(t, task)}}}
}

// onboardingWelcome greets the new person on day one: their shift that
// day, as /schedule says it, and who their buddy is.
func (b *Bot) onboardingWelcome(ctx context.Context, t *turn, n core.Notification) []Reply {
	c, ok := b.noteChecklist(ctx, t, n)
	if !ok {
		return nil
	}
	lines := []string{b.T(t, "onboarding.welcome", "name", core.NameIn(c.Person.Name, t.locale),
		"org", core.NameIn(t.member.Org.Name, t.locale)), b.T(t, "onboarding.welcome_shift", "shift", b.dayShift(ctx, t, c))}
	if c.Buddy != nil {
		lines = append(lines, b.T(t, "onboarding.welcome_buddy", "buddy", core.NameIn(c.Buddy.BuddyName, t.locale)))
	}
	lines = append(lines, b.T(t, "onboarding.welcome_list"))
	return []Reply{{Text: strings.Join(lines, "\n")}}
}

// onboardingBuddyNote tells the buddy the new person starts today, and
// their shift.
func (b *Bot) onboardingBuddyNote(ctx context.Context, t *turn, n core.Notification) []Reply {
	c, ok := b.noteChecklist(ctx, t, n)
	if !ok || c.Buddy == nil || c.Buddy.BuddyID != t.member.Employee.ID {
		return nil
	}
	job := "—"
	if c.Person.Job != "" {
		job = b.jobTitle(ctx, t, c.OrgID, c.Person.Job)
	}
	return []Reply{{Text: b.T(t, "onboarding.buddy_note", "name", core.NameIn(c.Person.Name, t.locale), "job", job,
		"shift", b.dayShift(ctx, t, c), "since", c.Buddy.Since.String())}}
}

func (b *Bot) noteChecklist(ctx context.Context, t *turn, n core.Notification) (onboarding.Checklist, bool) {
	id, _ := strconv.ParseInt(n.Params["checklist"], 10, 64)
	c, err := b.cfg.Onboarding.Checklist(ctx, *t.member, id)
	if err != nil {
		if core.ErrorCodeOf(err) != core.ENotFound {
			b.log.Error("onboarding checklist", "id", id, "err", err)
		}
		return onboarding.Checklist{}, false
	}
	return c, c.Person.Status == core.StatusActive
}

// dayShift is the new person's plan on day one, as /schedule writes it.
func (b *Bot) dayShift(ctx context.Context, t *turn, c onboarding.Checklist) string {
	if b.cfg.Attendance == nil {
		return b.T(t, "att.schedule.off")
	}
	plans, leave, err := b.cfg.Attendance.Week(ctx, core.Member{Employee: c.Person, Org: t.member.Org}, c.Anchor, 1)
	if err != nil || len(plans) == 0 {
		if err != nil {
			b.log.Error("onboarding day one", "err", err)
		}
		return b.T(t, "att.schedule.off")
	}
	p := plans[0]
	switch {
	case leave[p.Date]:
		return b.T(t, "att.schedule.leave")
	case !p.Working:
		return b.T(t, "att.schedule.off")
	}
	return b.shiftLabel(t, p)
}
