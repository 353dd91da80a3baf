package perf

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Publish gives every person of a cycle their result: the final score's
// band and coefficient (the org's bands), told in chat; a probation
// review's outcome goes to the person's contract. Every review needs a
// final score first (a manager review, or HR's calibrated score).
// Errors: EForbidden (audited), ENotFound, EConflict (not open),
// EInvalid perf.publish_missing (Args count, names).
func (s *Service) Publish(ctx context.Context, m core.Member, id int64, channel string) (Cycle, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return Cycle{}, err
	}
	c, err := s.store.Cycle(ctx, m.Org.ID, id)
	if err != nil {
		return Cycle{}, err
	}
	if c.Status != Open {
		return c, core.Errorf(core.EConflict, "perf.cycle_closed", "the cycle is %s", c.Status).With("cycle", c.Name)
	}
	rs, err := s.store.Reviews(ctx, m.Org.ID, id)
	if err != nil {
		return c, err
	}
	var missing []string
	for _, r := range rs {
		if r.Final().IsZero() {
			missing = append(missing, r.EmployeeName)
		}
	}
	if len(missing) > 0 {
		return c, core.Errorf(core.EInvalid, "perf.publish_missing", "%d reviews have no score", len(missing)).
			With("count", itoa(int64(len(missing)))).With("names", strings.Join(missing, ", "))
	}
	policy, err := s.store.PerfPolicy(ctx, m.Org.ID)
	if err != nil {
		return c, fmt.Errorf("perf policy: %w", err)
	}
	now := s.clock.Now()
	ns := make([]core.Notification, 0, len(rs))
	for i := range rs {
		if b, ok := BandOf(policy.Bands, rs[i].Final()); ok {
			rs[i].Band = b.Band
			if !c.PayMonth.IsZero() {
				rs[i].Coefficient = b.Coefficient
			}
		}
		rs[i].PublishedAt = now
		ns = append(ns, notice(m.Org.ID, rs[i].EmployeeID, core.NotifyPerfResult, now, map[string]string{"id": itoa(rs[i].ID)}))
	}
	c.Status, c.PublishedAt = Published, now
	audit := s.entry(m, AuditPublish, "perf_cycle", c.ID, nil, cycleSnapshot(c, len(rs)), channel)
	if err := s.store.SetCycle(ctx, c, rs, audit, ns); err != nil {
		return c, fmt.Errorf("publish cycle %d: %w", id, err)
	}
	if c.Kind == Probation && s.probations != nil {
		for _, r := range rs {
			if _, err := s.probations.DecideProbation(ctx, m, r.EmployeeID, r.Outcome, channel); err != nil {
				return c, fmt.Errorf("probation outcome of review %d: %w", r.ID, err)
			}
		}
	}
	return c, nil
}

// Cancel calls a cycle off before its results: nobody is reviewed on it
// and nothing is paid.
func (s *Service) Cancel(ctx context.Context, m core.Member, id int64, channel string) (Cycle, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return Cycle{}, err
	}
	c, err := s.store.Cycle(ctx, m.Org.ID, id)
	if err != nil {
		return Cycle{}, err
	}
	if c.Status != Open {
		return c, core.Errorf(core.EConflict, "perf.cycle_closed", "the cycle is %s", c.Status).With("cycle", c.Name)
	}
	c.Status = Cancelled
	audit := s.entry(m, AuditCycleCancel, "perf_cycle", c.ID, nil, cycleSnapshot(c, 0), channel)
	return c, s.store.SetCycle(ctx, c, nil, audit, nil)
}

// AppealDays is how long after the result a person may appeal it.
const AppealDays = 14

// Appeal sends the person's disagreement with their result to HR, once.
// Errors: EForbidden (not theirs), EConflict (not published, appealed,
// too late), EInvalid (no text).
func (s *Service) Appeal(ctx context.Context, m core.Member, id int64, text, channel string) (Review, error) {
	r, _, err := s.own(ctx, m, id)
	if err != nil {
		return Review{}, err
	}
	text = strings.TrimSpace(text)
	switch {
	case r.PublishedAt.IsZero():
		return ownView(r), core.Errorf(core.EConflict, "perf.not_published", "no result yet")
	case !r.AppealedAt.IsZero():
		return ownView(r), core.Errorf(core.EConflict, "perf.appealed_already", "already appealed")
	case s.clock.Now().Sub(r.PublishedAt) > AppealDays*24*time.Hour:
		return ownView(r), core.Errorf(core.EConflict, "perf.appeal_late", "appeals close %d days after the result", AppealDays).
			With("days", itoa(AppealDays))
	case text == "":
		return Review{}, core.Errorf(core.EInvalid, "perf.appeal_empty", "say what you disagree with")
	case len([]rune(text)) > MaxComment:
		return Review{}, core.Errorf(core.EInvalid, "perf.comment_long", "too long").With("max", itoa(MaxComment))
	}
	people, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return Review{}, err
	}
	now := s.clock.Now()
	var ns []core.Notification
	for _, hr := range hrPeople(people, r.EmployeeID) {
		ns = append(ns, notice(m.Org.ID, hr.ID, core.NotifyPerfAppeal, now, nil))
	}
	r.Appeal, r.AppealedAt = text, now
	audit := s.entry(m, AuditAppeal, "perf_review", r.ID, nil, map[string]any{"appeal": true}, channel)
	return ownView(r), s.store.SaveReview(ctx, r, GuardUnappealed, &audit, ns)
}

// AnswerAppeal is HR's answer to an appeal, told to the person. Errors:
// EForbidden (audited), EConflict (no open appeal), EInvalid (no text).
func (s *Service) AnswerAppeal(ctx context.Context, m core.Member, id int64, answer, channel string) (Review, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return Review{}, err
	}
	r, err := s.store.Review(ctx, m.Org.ID, id)
	if err != nil {
		return Review{}, err
	}
	answer = strings.TrimSpace(answer)
	switch {
	case r.EmployeeID == m.Employee.ID:
		return Review{}, core.Errorf(core.EForbidden, "forbidden.perf_own", "one's own appeal")
	case r.AppealedAt.IsZero() || !r.AppealClosedAt.IsZero():
		return r, core.Errorf(core.EConflict, "perf.no_appeal", "no open appeal")
	case answer == "":
		return r, core.Errorf(core.EInvalid, "perf.answer_empty", "an answer says something")
	case len([]rune(answer)) > MaxComment:
		return r, core.Errorf(core.EInvalid, "perf.comment_long", "too long").With("max", itoa(MaxComment))
	}
	r.AppealAnswer, r.AppealClosedAt = answer, s.clock.Now()
	audit := s.entry(m, AuditAppealAnswer, "perf_review", r.ID, nil, map[string]any{"employee": r.EmployeeKey}, channel)
	ns := []core.Notification{notice(m.Org.ID, r.EmployeeID, core.NotifyPerfAppealAnswer, s.clock.Now(), nil)}
	return r, s.store.SaveReview(ctx, r, GuardAppealOpen, &audit, ns)
}

// Appeals returns the open appeals of the org. HR and admins only.
func (s *Service) Appeals(ctx context.Context, m core.Member, channel string) ([]Review, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return nil, err
	}
	return s.store.OpenAppeals(ctx, m.Org.ID)
}
