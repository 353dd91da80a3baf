package onboarding

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// owner is the target core.Authorize checks a tick against: the task's
// owner, nil for HR's tasks.
func owner(actor core.Member, t Task) *core.Employee {
	if t.OwnerID == 0 {
		return nil
	}
	return &core.Employee{ID: t.OwnerID, OrgID: actor.Org.ID, Name: t.OwnerName}
}

// CanTick reports whether actor may tick t off: its owner or HR.
func CanTick(actor core.Member, t Task) bool {
	return core.Authorize(actor, core.ActionOnboardingTick, owner(actor, t)) == nil
}

// SetDone ticks task id off (done) or takes the tick back, as actor — the
// task's owner, or HR — with an audit row; asking for what is already so
// changes nothing. Errors: ENotFound "onboarding.no_task" (Args: id),
// EForbidden "forbidden.onboarding_task" (audited), EConflict
// "onboarding.changed" when someone else changed it meanwhile.
func (s *Service) SetDone(ctx context.Context, actor core.Member, id int64, done bool, channel string) (Task, error) {
	t, err := s.task(ctx, actor, id)
	if err != nil {
		return Task{}, err
	}
	if err := s.auth.Authorize(ctx, actor, core.ActionOnboardingTick, owner(actor, t), channel); err != nil {
		return Task{}, err
	}
	if t.Done() == done {
		return t, nil
	}
	now := s.clock.Now()
	action := AuditTick
	if !done {
		action = AuditUntick
	}
	snap := func(done bool) map[string]any {
		return map[string]any{"person": t.PersonKey, "task": t.Title.In(""), "done": done}
	}
	audit := core.AuditEntry{OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: action, EntityType: EntityTask,
		EntityID: strconv.FormatInt(t.ID, 10), Before: snap(t.Done()), After: snap(done), Channel: channel,
		Outcome: core.OutcomeOK, At: now}
	out, err := s.store.SetDone(ctx, t, done, actor.Employee.ID, now, audit)
	if err != nil {
		return Task{}, fmt.Errorf("tick task %d: %w", id, err)
	}
	return out, nil
}

// Task returns a task of actor's org, for showing it (a reminder being
// written): ENotFound "onboarding.no_task".
func (s *Service) Task(ctx context.Context, actor core.Member, id int64) (Task, error) {
	return s.task(ctx, actor, id)
}

func (s *Service) task(ctx context.Context, actor core.Member, id int64) (Task, error) {
	t, err := s.store.FindTask(ctx, actor.Org.ID, id)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Task{}, core.Errorf(core.ENotFound, "onboarding.no_task", "no checklist task %d", id).With("id", strconv.FormatInt(id, 10))
	}
	return t, err
}

// Checklist returns a checklist of actor's org, for writing its welcome
// and its buddy's note: ENotFound "onboarding.none".
func (s *Service) Checklist(ctx context.Context, actor core.Member, id int64) (Checklist, error) {
	c, err := s.store.ChecklistByID(ctx, actor.Org.ID, id)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Checklist{}, core.Errorf(core.ENotFound, "onboarding.none", "no checklist %d", id).With("name", "")
	}
	return c, err
}

// Mine is what a person sees of onboarding: the open tasks they do (HR's
// too, for HR) and their own checklist while they are being onboarded.
type Mine struct {
	Tasks []Task
	Own   *Checklist
}

// Mine lists actor's tasks and own checklist.
func (s *Service) Mine(ctx context.Context, actor core.Member) (Mine, error) {
	hr := core.Authorize(actor, core.ActionPeopleManage, nil) == nil
	tasks, err := s.store.OwnedTasks(ctx, actor.Org.ID, actor.Employee.ID, hr)
	if err != nil {
		return Mine{}, fmt.Errorf("tasks of %s: %w", actor.Employee.Key, err)
	}
	out := Mine{Tasks: tasks}
	c, err := s.store.FindChecklist(ctx, actor.Org.ID, actor.Employee.ID, KindOnboarding)
	switch {
	case err == nil:
		out.Own = &c
	case core.ErrorCodeOf(err) != core.ENotFound:
		return Mine{}, fmt.Errorf("checklist of %s: %w", actor.Employee.Key, err)
	}
	return out, nil
}

// Progress is person's onboarding checklist, for them, their manager and
// HR. Errors: EForbidden (audited), ENotFound "onboarding.none" (Args:
// name) when they have none.
func (s *Service) Progress(ctx context.Context, actor core.Member, person core.Employee, channel string) (Checklist, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionEmployeeView, &person, channel); err != nil {
		return Checklist{}, err
	}
	c, err := s.store.FindChecklist(ctx, actor.Org.ID, person.ID, KindOnboarding)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Checklist{}, core.Errorf(core.ENotFound, "onboarding.none", "%s has no onboarding checklist", person.Key).
			With("name", person.Name)
	}
	return c, err
}

// Current lists everyone being onboarded — a task left, still there —
// with their tasks, for HR. Errors: EForbidden (audited).
func (s *Service) Current(ctx context.Context, actor core.Member, channel string) ([]Checklist, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionPeopleManage, nil, channel); err != nil {
		return nil, err
	}
	cs, err := s.store.Open(ctx, actor.Org.ID, KindOnboarding)
	if err != nil {
		return nil, fmt.Errorf("onboarding of %s: %w", actor.Org.Key, err)
	}
	return cs, nil
}
