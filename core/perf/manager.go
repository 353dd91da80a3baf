package perf

import (
	"context"
	"fmt"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// reviewable loads a review its reviewer may score now: the cycle open,
// the result not out, the self-review sent or its window over.
func (s *Service) reviewable(ctx context.Context, m core.Member, id int64, channel string) (Review, Cycle, error) {
	r, err := s.store.Review(ctx, m.Org.ID, id)
	if err != nil {
		return Review{}, Cycle{}, err
	}
	if err := s.mayReview(ctx, m, r, channel); err != nil {
		return Review{}, Cycle{}, err
	}
	c, err := s.store.Cycle(ctx, m.Org.ID, r.CycleID)
	if err != nil {
		return Review{}, Cycle{}, err
	}
	switch {
	case c.Status != Open:
		return r, c, core.Errorf(core.EConflict, "perf.cycle_closed", "the cycle is %s", c.Status).With("cycle", c.Name)
	case !r.ManagerDoneAt.IsZero():
		return r, c, core.Errorf(core.EConflict, "perf.manager_done", "already reviewed").
			With("name", r.EmployeeName).With("cycle", c.Name)
	case r.SelfDoneAt.IsZero() && !s.today(m.Org).After(c.SelfDue):
		return r, c, core.Errorf(core.EConflict, "perf.self_pending", "the self-review is open until %s", c.SelfDue).
			With("name", r.EmployeeName).With("date", c.SelfDue.String())
	}
	return r, c, nil
}

// BeginManager returns a review for its reviewer to score, facts brought
// up to date. Errors: ENotFound, EForbidden (audited), EConflict.
func (s *Service) BeginManager(ctx context.Context, m core.Member, id int64, channel string) (Review, Cycle, error) {
	r, c, err := s.reviewable(ctx, m, id, channel)
	if err != nil {
		return r, c, err
	}
	r, err = s.refresh(ctx, m.Org, c, r)
	return r, c, err
}

// ScoreManager keeps one of the reviewer's scores.
func (s *Service) ScoreManager(ctx context.Context, m core.Member, id int64, mk Mark, channel string) (Review, error) {
	r, _, err := s.reviewable(ctx, m, id, channel)
	if err != nil {
		return r, err
	}
	if err := checkMark(r, mk); err != nil {
		return Review{}, err
	}
	r.Manager = withMark(r.Manager, mk)
	return r, s.store.SaveReview(ctx, r, GuardManagerOpen, nil, nil)
}

// FinishManager sends the manager review: every item scored, the
// weighted score computed; a probation review needs its outcome.
func (s *Service) FinishManager(ctx context.Context, m core.Member, id int64, comment string, o Outcome, channel string) (Review, error) {
	r, c, err := s.reviewable(ctx, m, id, channel)
	if err != nil {
		return r, err
	}
	if it, missing := Unscored(r, r.Manager); missing {
		return Review{}, core.Errorf(core.EInvalid, "perf.unscored", "item %s unscored", it.Key).With("item", it.Key)
	}
	if c.Kind == Probation && o == OutcomeNone {
		return Review{}, core.Errorf(core.EInvalid, "perf.outcome_needed", "a probation review ends in an outcome")
	}
	if len([]rune(comment)) > MaxComment {
		return Review{}, core.Errorf(core.EInvalid, "perf.comment_long", "comment too long").With("max", fmt.Sprint(MaxComment))
	}
	r.ManagerNote, r.ManagerDoneAt, r.Outcome = strings.TrimSpace(comment), s.clock.Now(), o
	r.Score = Weighted(r.Items, r.Manager)
	audit := s.entry(m, AuditManagerScore, "perf_review", r.ID, nil,
		map[string]any{"cycle": c.Name, "employee": r.EmployeeKey, "scores": r.Manager, "score": r.Score.String(), "outcome": o}, channel)
	return r, s.store.SaveReview(ctx, r, GuardManagerOpen, &audit, nil)
}
