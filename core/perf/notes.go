package perf

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
)

// AddNote records a one-on-one note or feedback on a person by their
// manager or HR, private to them unless shared (then the person is told).
// Errors: ENotFound, EForbidden (audited; one's own file included),
// EInvalid.
func (s *Service) AddNote(ctx context.Context, m core.Member, person, body string, shared bool, channel string) (Note, error) {
	e, err := s.store.FindEmployee(ctx, m.Org.ID, person)
	if err != nil {
		return Note{}, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionPerfReview, &e, channel); err != nil {
		return Note{}, err
	}
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return Note{}, core.Errorf(core.EInvalid, "perf.note_empty", "a note says something")
	case len([]rune(body)) > 4000:
		return Note{}, core.Errorf(core.EInvalid, "perf.comment_long", "note too long").With("max", "4000")
	}
	n := Note{OrgID: m.Org.ID, EmployeeID: e.ID, AuthorID: m.Employee.ID, AuthorName: m.Employee.Name, Body: body,
		Shared: shared, CreatedAt: s.clock.Now()}
	var ns []core.Notification
	if shared {
		ns = append(ns, notice(m.Org.ID, e.ID, core.NotifyPerfNote, n.CreatedAt, nil))
	}
	audit := s.entry(m, AuditNote, "perf_note", 0, nil, map[string]any{"employee": e.Key, "shared": shared}, channel)
	return s.store.AddNote(ctx, n, audit, ns)
}

// Notes returns the notes on a person as m may see them: the person only
// those shared with them; their manager and HR all.
func (s *Service) Notes(ctx context.Context, m core.Member, person, channel string) (core.Employee, []Note, error) {
	e, err := s.store.FindEmployee(ctx, m.Org.ID, person)
	if err != nil {
		return e, nil, err
	}
	own := e.ID == m.Employee.ID
	if !own {
		if err := s.auth.Authorize(ctx, m, core.ActionPerfReview, &e, channel); err != nil {
			return e, nil, err
		}
	}
	ns, err := s.store.Notes(ctx, m.Org.ID, e.ID)
	if err != nil {
		return e, nil, fmt.Errorf("notes: %w", err)
	}
	if own {
		shared := ns[:0]
		for _, n := range ns {
			if n.Shared {
				shared = append(shared, n)
			}
		}
		ns = shared
	}
	return e, ns, nil
}

// GoalAsk is a personal goal as a manager or HR sets it.
type GoalAsk struct {
	Person string
	Key    string
	Name   string
	// Measure is one of jobs.Measures; "" is a judgement.
	Measure jobs.Measure
	Target  *decimal.Decimal
	Weight  int
	Lower   bool // lower is better
	Period  Period
}

// AddGoal sets a personal goal for a person and period; the next cycle
// covering it reviews it beside their job's KPIs.
func (s *Service) AddGoal(ctx context.Context, m core.Member, ask GoalAsk, channel string) (Goal, error) {
	e, err := s.store.FindEmployee(ctx, m.Org.ID, ask.Person)
	if err != nil {
		return Goal{}, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionPerfReview, &e, channel); err != nil {
		return Goal{}, err
	}
	if ask.Measure == "" {
		ask.Measure = jobs.MeasureJudgement
	}
	name := strings.TrimSpace(ask.Name)
	k := jobs.KPI{Key: ask.Key, Measure: ask.Measure, Target: ask.Target, Weight: ask.Weight, HigherIsBetter: !ask.Lower,
		Name: map[core.Locale]string{core.LocaleZH: name, core.LocaleEN: name}}
	if problem := jobs.CheckKPI(k); problem != "" {
		return Goal{}, core.Errorf(core.EInvalid, "perf.bad_goal", "%s", problem).With("problem", problem)
	}
	if ask.Period.From.IsZero() || ask.Period.To.Before(ask.Period.From) {
		return Goal{}, core.Errorf(core.EInvalid, "perf.bad_period", "the period ends before it starts")
	}
	g := Goal{OrgID: m.Org.ID, EmployeeID: e.ID, Item: k, Period: ask.Period}
	audit := s.entry(m, AuditGoal, "perf_goal", 0, nil, map[string]any{"employee": e.Key, "key": k.Key,
		"from": ask.Period.From.String(), "to": ask.Period.To.String()}, channel)
	return s.store.AddGoal(ctx, g, m.Employee.ID, audit)
}

// GoalsOf returns a person's goals overlapping p: theirs to read, their
// manager's and HR's.
func (s *Service) GoalsOf(ctx context.Context, m core.Member, person string, p Period, channel string) ([]Goal, error) {
	e, err := s.store.FindEmployee(ctx, m.Org.ID, person)
	if err != nil {
		return nil, err
	}
	if e.ID != m.Employee.ID {
		if err := s.auth.Authorize(ctx, m, core.ActionPerfReview, &e, channel); err != nil {
			return nil, err
		}
	}
	return s.store.Goals(ctx, m.Org.ID, []int64{e.ID}, p)
}
