package attendance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Audit actions of rota changes.
const (
	AuditRotaSetDay   = "rota.set_day"
	AuditRotaClearDay = "rota.clear_day"
	AuditRotaSwap     = "rota.swap"
	AuditRotaAssign   = "rota.assign_rotation"
)

// rotaTries bounds how often an edit is worked out again when the plan
// changed under it (another edit, an apply) before it could be saved.
const rotaTries = 3

// SetDay plans the person with personKey to work shiftKey on day ("" is a
// day off), replacing any override of that day; when that is what their
// schedule plans anyway, the override is removed instead. Chat's /today,
// check-in judgments and reminders follow at once. Errors: EForbidden
// (audited: not the actor's to change), ENotFound (no such person),
// EInvalid (rota.shift_unknown, rota.day_past, rota.inactive), EConflict
// (rota.day_punched: they already checked in that day).
func (s *Service) SetDay(ctx context.Context, actor core.Member, personKey string, day core.Date, shiftKey, channel string) error {
	return s.editRota(ctx, actor, channel, []string{personKey}, func(setup *Setup, people []core.Employee) (RotaChange, error) {
		e := people[0]
		if shiftKey != "" {
			if _, ok := setup.Shifts[shiftKey]; !ok {
				return RotaChange{}, core.Errorf(core.EInvalid, "rota.shift_unknown", "no shift %q", shiftKey).With("shift", shiftKey)
			}
		}
		if err := s.editableDay(ctx, setup, e, day); err != nil {
			return RotaChange{}, err
		}
		var ch RotaChange
		ch.add(setup, actor, e, day, shiftKey, false, AuditRotaSetDay, channel, s.clock.Now(), nil)
		return ch, nil
	})
}

// ClearDay removes the person's override of day, so their schedule (or
// the standard hours) plans it again. Errors as SetDay's.
func (s *Service) ClearDay(ctx context.Context, actor core.Member, personKey string, day core.Date, channel string) error {
	return s.editRota(ctx, actor, channel, []string{personKey}, func(setup *Setup, people []core.Employee) (RotaChange, error) {
		if err := s.editableDay(ctx, setup, people[0], day); err != nil {
			return RotaChange{}, err
		}
		var ch RotaChange
		ch.add(setup, actor, people[0], day, "", true, AuditRotaClearDay, channel, s.clock.Now(), nil)
		return ch, nil
	})
}

// SwapDays gives a and b each other's plan for day. Errors as SetDay's,
// and EInvalid rota.swap_same (one person twice) and rota.standard_hours
// (one of them works the standard hours that day, which only a schedule,
// not a day's change, can plan).
func (s *Service) SwapDays(ctx context.Context, actor core.Member, a, b string, day core.Date, channel string) error {
	return s.editRota(ctx, actor, channel, []string{a, b}, func(setup *Setup, people []core.Employee) (RotaChange, error) {
		pa, pb := people[0], people[1]
		if pa.ID == pb.ID {
			return RotaChange{}, core.Errorf(core.EInvalid, "rota.swap_same", "pick two different people or days to swap")
		}
		return s.swap(ctx, setup, actor, channel, [2]core.Employee{pa, pb}, [2]core.Date{day, day})
	})
}

// SwapOwnDays swaps one person's plans of two days (a day off for a
// working day, an early shift for a late one). Errors as SwapDays's.
func (s *Service) SwapOwnDays(ctx context.Context, actor core.Member, personKey string, day1, day2 core.Date, channel string) error {
	return s.editRota(ctx, actor, channel, []string{personKey}, func(setup *Setup, people []core.Employee) (RotaChange, error) {
		if day1 == day2 {
			return RotaChange{}, core.Errorf(core.EInvalid, "rota.swap_same", "pick two different people or days to swap")
		}
		return s.swap(ctx, setup, actor, channel, [2]core.Employee{people[0], people[0]}, [2]core.Date{day1, day2})
	})
}

// swap gives who[0] on days[0] the plan of who[1] on days[1] and back.
func (s *Service) swap(ctx context.Context, setup *Setup, actor core.Member, channel string, who [2]core.Employee, days [2]core.Date) (RotaChange, error) {
	var keys [2]string
	for i := range who {
		if err := s.editableDay(ctx, setup, who[i], days[i]); err != nil {
			return RotaChange{}, err
		}
		p := setup.PlanFor(who[i], days[i])
		if p.Working && p.Shift.Key == "" {
			return RotaChange{}, core.Errorf(core.EInvalid, "rota.standard_hours", "%s works the standard hours on %s", who[i].Key, days[i]).
				With("name", who[i].Name).With("date", days[i].String())
		}
		if p.Working {
			keys[i] = p.Shift.Key
		}
	}
	var ch RotaChange
	now := s.clock.Now()
	for i := range who {
		other := map[string]any{"with": who[1-i].Key, "date": days[1-i].String()}
		ch.add(setup, actor, who[i], days[i], keys[1-i], false, AuditRotaSwap, channel, now, other)
	}
	return ch, nil
}

// AssignRotation puts the person on schedule scheduleKey ("" for the
// standard hours) starting offset steps (weeks of a weekly schedule, days
// of a cycle) into its pattern. It changes the plan of every day without
// an override, past days too: records already made keep the plan they were
// judged against. Errors: EForbidden (audited), ENotFound, EInvalid
// (rota.schedule_unknown, rota.offset_range, rota.inactive).
func (s *Service) AssignRotation(ctx context.Context, actor core.Member, personKey, scheduleKey string, offset int, channel string) error {
	return s.editRota(ctx, actor, channel, []string{personKey}, func(setup *Setup, people []core.Employee) (RotaChange, error) {
		e := people[0]
		steps := 1
		if scheduleKey != "" {
			sc, ok := setup.Schedules[scheduleKey]
			if !ok {
				return RotaChange{}, core.Errorf(core.EInvalid, "rota.schedule_unknown", "no schedule %q", scheduleKey).With("schedule", scheduleKey)
			}
			steps = sc.Steps()
		}
		if offset < 0 || offset >= steps {
			return RotaChange{}, core.Errorf(core.EInvalid, "rota.offset_range", "offset %d is not in 0–%d", offset, steps-1).
				With("offset", fmt.Sprint(offset)).With("max", fmt.Sprint(steps-1))
		}
		if e.ScheduleKey == scheduleKey && e.RotationOffset == offset {
			return RotaChange{}, nil
		}
		return RotaChange{
			Assign: &Assignment{EmployeeID: e.ID, Schedule: scheduleKey, Offset: offset},
			Audits: []core.AuditEntry{{
				OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: AuditRotaAssign, EntityType: "employee", EntityID: e.Key,
				Before:  map[string]any{"schedule": e.ScheduleKey, "rotation_offset": e.RotationOffset},
				After:   map[string]any{"schedule": scheduleKey, "rotation_offset": offset},
				Channel: channel, Outcome: core.OutcomeOK, At: s.clock.Now(),
			}},
		}, nil
	})
}

// Steps is how many rotation offsets the schedule has: its weeks, or the
// days of its cycle.
func (s Schedule) Steps() int {
	if s.Kind == ScheduleWeekly {
		return max(1, len(s.Pattern)/7)
	}
	return max(1, len(s.Pattern))
}

// editRota authorises actor to change the plan of the people with keys,
// works the change out with plan against the org's current setup and
// saves it, working it out again when the plan changed meanwhile.
func (s *Service) editRota(ctx context.Context, actor core.Member, channel string, keys []string,
	plan func(*Setup, []core.Employee) (RotaChange, error)) error {
	// Refuse by role before looking anyone up: a refusal should not reveal who exists.
	if err := s.auth.Authorize(ctx, actor, core.ActionRotaEdit, nil, channel); err != nil {
		return err
	}
	for try := 1; ; try++ {
		people := make([]core.Employee, len(keys))
		for i, k := range keys {
			e, err := s.store.FindEmployeeByKey(ctx, actor.Org.ID, k)
			if err != nil {
				return fmt.Errorf("rota: find %q: %w", k, err)
			}
			if err := s.auth.Authorize(ctx, actor, core.ActionRotaEdit, &e, channel); err != nil {
				return err
			}
			if e.Status != core.StatusActive {
				return core.Errorf(core.EInvalid, "rota.inactive", "%s has left", e.Key).With("name", e.Name)
			}
			people[i] = e
		}
		version, err := s.store.ConfigVersion(ctx, actor.Org.ID)
		if err != nil {
			return fmt.Errorf("rota: %w", err)
		}
		org := actor.Org
		org.ConfigVersion = version
		setup, err := s.Setup(ctx, org)
		if err != nil {
			return err
		}
		ch, err := plan(setup, people)
		if err != nil || len(ch.Days) == 0 && ch.Assign == nil {
			return err
		}
		err = s.store.SaveRota(ctx, actor.Org.ID, setup.Version, ch)
		if errors.Is(err, ErrRotaChanged) && try < rotaTries {
			continue
		}
		if err != nil {
			return fmt.Errorf("rota: save: %w", err)
		}
		return nil
	}
}

// editableDay refuses a change of e's plan on day once the day has begun
// to count: a past day's plan is what its attendance was judged against
// (a correction fixes that), and today's once they have checked in.
func (s *Service) editableDay(ctx context.Context, setup *Setup, e core.Employee, day core.Date) error {
	today := setup.Today(s.clock.Now())
	if day.Before(today) {
		return core.Errorf(core.EInvalid, "rota.day_past", "%s is in the past", day).With("date", day.String())
	}
	if day != today {
		return nil
	}
	r, err := s.store.FindRecord(ctx, setup.OrgID, e.ID, day)
	switch {
	case core.ErrorCodeOf(err) == core.ENotFound:
		return nil
	case err != nil:
		return fmt.Errorf("rota: record of %s: %w", e.Key, err)
	case !r.CheckIn.IsZero():
		return core.Errorf(core.EConflict, "rota.day_punched", "%s already checked in on %s", e.Key, day).
			With("name", e.Name).With("date", day.String())
	}
	return nil
}

// add appends the change that plans e to work shiftKey on day ("" off),
// or, with clear, to work what their schedule plans; nothing when that is
// the plan already. An override equal to the schedule's plan is removed
// rather than written.
func (ch *RotaChange) add(setup *Setup, actor core.Member, e core.Employee, day core.Date, shiftKey string, clear bool,
	action, channel string, now time.Time, extra map[string]any) {
	base := setup.ScheduledPlan(e, day)
	cur, had := setup.Override(e.Key, day)
	asScheduled := clear || base.Working && shiftKey != "" && shiftKey == base.Shift.Key || !base.Working && shiftKey == ""
	if asScheduled && !had || !asScheduled && had && cur == shiftKey {
		return
	}
	after := dayState(base, false)
	if !asScheduled {
		after = dayState(setup.plan(e, day, shiftKey, true), true)
	}
	ch.Days = append(ch.Days, DayChange{EmployeeID: e.ID, Date: day, Remove: asScheduled, Shift: shiftKey})
	for k, v := range extra {
		after[k] = v
	}
	ch.Audits = append(ch.Audits, core.AuditEntry{
		// The record is the person's override of that day, named as the org
		// file's apply names it, so that an apply which would undo this
		// change says so (orgfile.Setup.Preview).
		OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: action, EntityType: "shift_override", EntityID: e.Key + "@" + day.String(),
		Before: dayState(setup.PlanFor(e, day), had), After: after, Channel: channel, Outcome: core.OutcomeOK, At: now,
	})
}

// dayState is a day's plan as the audit log keeps it.
func dayState(p Plan, override bool) map[string]any {
	shift := "off"
	switch {
	case p.Working && p.Shift.Key == "":
		shift = "standard"
	case p.Working:
		shift = p.Shift.Key
	}
	out := map[string]any{"shift": shift, "override": override}
	if p.Working {
		out["hours"] = p.Hours()
	}
	return out
}
