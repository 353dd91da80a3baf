package perf

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// MaxComment is the longest comment kept, in characters.
const MaxComment = 1000

// Mine returns the person's own reviews, newest first, as they may see
// them: their manager's part only once the result is published.
func (s *Service) Mine(ctx context.Context, m core.Member) ([]Review, error) {
	rs, err := s.store.ReviewsOf(ctx, m.Org.ID, m.Employee.ID)
	if err != nil {
		return nil, fmt.Errorf("my reviews: %w", err)
	}
	for i := range rs {
		rs[i] = ownView(rs[i])
	}
	return rs, nil
}

// ownView is a review as its person sees it: before the result, their
// own part only; after, the manager's scores and comments and the final
// score, never calibration's reasoning (HR's).
func ownView(r Review) Review {
	r.CalibrationReason, r.CalibratedByID = "", 0
	if r.PublishedAt.IsZero() {
		r.Manager, r.ManagerNote, r.Score, r.Calibrated, r.Outcome = nil, "", decimal.Decimal{}, decimal.Decimal{}, OutcomeNone
	}
	return r
}

// Find returns a review and its cycle as m may see it: the person (see
// ownView), whoever reviews them, HR. Others are refused, audited.
func (s *Service) Find(ctx context.Context, m core.Member, id int64, channel string) (Review, Cycle, error) {
	r, err := s.store.Review(ctx, m.Org.ID, id)
	if err != nil {
		return Review{}, Cycle{}, err
	}
	c, err := s.store.Cycle(ctx, m.Org.ID, r.CycleID)
	if err != nil {
		return Review{}, Cycle{}, err
	}
	if r.EmployeeID == m.Employee.ID {
		return ownView(r), c, nil
	}
	if err := s.mayReview(ctx, m, r, channel); err != nil {
		return Review{}, Cycle{}, err
	}
	return r, c, nil
}

// mayReview lets the review's manager, HR and admins on; others are
// refused, audited.
func (s *Service) mayReview(ctx context.Context, m core.Member, r Review, channel string) error {
	if r.ManagerID == m.Employee.ID && r.EmployeeID != m.Employee.ID && m.Employee.Status == core.StatusActive {
		return nil
	}
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
	if err != nil {
		return err
	}
	return s.auth.Authorize(ctx, m, core.ActionPerfReview, &target, channel)
}

// ToReview returns the reviews m was given to do, unfinished.
func (s *Service) ToReview(ctx context.Context, m core.Member) ([]Review, error) {
	return s.store.ReviewsFor(ctx, m.Org.ID, m.Employee.ID)
}

// Begin returns the person's own review to fill in, its facts brought up
// to date. Errors: ENotFound, EForbidden (not theirs), EConflict (done,
// or the cycle closed).
func (s *Service) Begin(ctx context.Context, m core.Member, id int64) (Review, Cycle, error) {
	r, c, err := s.own(ctx, m, id)
	if err != nil {
		return Review{}, Cycle{}, err
	}
	if err := selfOpen(r, c); err != nil {
		return ownView(r), c, err
	}
	r, err = s.refresh(ctx, m.Org, c, r)
	return ownView(r), c, err
}

func (s *Service) own(ctx context.Context, m core.Member, id int64) (Review, Cycle, error) {
	r, err := s.store.Review(ctx, m.Org.ID, id)
	if err != nil {
		return Review{}, Cycle{}, err
	}
	if r.EmployeeID != m.Employee.ID {
		return Review{}, Cycle{}, core.Errorf(core.EForbidden, "perf.not_yours", "review %d is someone else's", id)
	}
	c, err := s.store.Cycle(ctx, m.Org.ID, r.CycleID)
	return r, c, err
}

func selfOpen(r Review, c Cycle) error {
	switch {
	case c.Status != Open:
		return core.Errorf(core.EConflict, "perf.cycle_closed", "the cycle is %s", c.Status).With("cycle", c.Name)
	case !r.SelfDoneAt.IsZero():
		return core.Errorf(core.EConflict, "perf.self_done", "self-review already sent").With("cycle", c.Name)
	case !r.ManagerDoneAt.IsZero():
		return core.Errorf(core.EConflict, "perf.self_late", "the manager has reviewed already").With("cycle", c.Name)
	}
	return nil
}

// refresh recomputes r's facts while its cycle is open, so a review
// started late sees the whole period.
func (s *Service) refresh(ctx context.Context, org core.Org, c Cycle, r Review) (Review, error) {
	if c.Status != Open || s.clock.Now().Sub(r.FactsAt) < 10*time.Minute {
		return r, nil
	}
	facts, err := s.facts.Facts(ctx, org, []int64{r.EmployeeID}, c.Period)
	if err != nil {
		return r, fmt.Errorf("facts of review %d: %w", r.ID, err)
	}
	r.Facts, r.FactsAt = facts[r.EmployeeID], s.clock.Now()
	if err := s.store.SaveReview(ctx, r, GuardUnpublished, nil, nil); err != nil {
		return r, fmt.Errorf("save facts of review %d: %w", r.ID, err)
	}
	return r, nil
}

// Mark is one score given: the item, 1–5, and an optional comment.
type Mark struct {
	Item    string
	Score   int
	Comment string
}

func checkMark(r Review, mk Mark) error {
	if mk.Score < Lowest || mk.Score > Highest {
		return core.Errorf(core.EInvalid, "perf.bad_score", "scores are 1 to 5").With("value", fmt.Sprint(mk.Score))
	}
	if len([]rune(mk.Comment)) > MaxComment {
		return core.Errorf(core.EInvalid, "perf.comment_long", "comment over %d characters", MaxComment).
			With("max", fmt.Sprint(MaxComment))
	}
	for _, it := range r.Items {
		if it.Key == mk.Item {
			return nil
		}
	}
	return core.Errorf(core.ENotFound, "perf.no_item", "no item %q", mk.Item).With("item", mk.Item)
}

// ScoreSelf keeps one score of the person's self-review; scoring an item
// again replaces it. Errors: those of Begin, EInvalid.
func (s *Service) ScoreSelf(ctx context.Context, m core.Member, id int64, mk Mark) (Review, error) {
	r, c, err := s.own(ctx, m, id)
	if err != nil {
		return Review{}, err
	}
	if err := selfOpen(r, c); err != nil {
		return ownView(r), err
	}
	if err := checkMark(r, mk); err != nil {
		return Review{}, err
	}
	r.Self = withMark(r.Self, mk)
	if err := s.store.SaveReview(ctx, r, GuardSelfOpen, nil, nil); err != nil {
		return Review{}, err
	}
	return ownView(r), nil
}

func withMark(sc Scores, mk Mark) Scores {
	out := Scores{}
	for k, v := range sc {
		out[k] = v
	}
	out[mk.Item] = Score{Score: mk.Score, Comment: strings.TrimSpace(mk.Comment)}
	return out
}

// Unscored returns the first item of r that scores lacks, and false when
// every one is scored.
func Unscored(r Review, scores Scores) (Item, bool) {
	for _, it := range r.Items {
		if _, ok := scores[it.Key]; !ok {
			return it, true
		}
	}
	return Item{}, false
}

// FinishSelf sends the self-review: every item scored; the reviewer is
// given it at once. A second press changes nothing (EConflict
// perf.self_done).
func (s *Service) FinishSelf(ctx context.Context, m core.Member, id int64, comment, channel string) (Review, error) {
	r, c, err := s.own(ctx, m, id)
	if err != nil {
		return Review{}, err
	}
	if err := selfOpen(r, c); err != nil {
		return ownView(r), err
	}
	if it, missing := Unscored(r, r.Self); missing {
		return Review{}, core.Errorf(core.EInvalid, "perf.unscored", "item %s unscored", it.Key).With("item", it.Key)
	}
	if len([]rune(comment)) > MaxComment {
		return Review{}, core.Errorf(core.EInvalid, "perf.comment_long", "comment too long").With("max", fmt.Sprint(MaxComment))
	}
	now := s.clock.Now()
	r.SelfComment, r.SelfDoneAt = strings.TrimSpace(comment), now
	var ns []core.Notification
	if r.ManagerAskedAt.IsZero() {
		ns, err = s.askReviewer(ctx, m.Org.ID, &r)
		if err != nil {
			return Review{}, err
		}
	}
	audit := s.entry(m, AuditSelfReview, "perf_review", r.ID, nil, map[string]any{"cycle": c.Name, "scores": r.Self}, channel)
	if err := s.store.SaveReview(ctx, r, GuardSelfOpen, &audit, ns); err != nil {
		return Review{}, err
	}
	return ownView(r), nil
}

// askReviewer gives r to its reviewer: the person's manager, else HR.
func (s *Service) askReviewer(ctx context.Context, orgID int64, r *Review) ([]core.Notification, error) {
	now := s.clock.Now()
	r.ManagerAskedAt = now
	if r.ManagerID != 0 {
		if mgr, err := s.store.FindEmployeeByID(ctx, orgID, r.ManagerID); err == nil && mgr.Status == core.StatusActive {
			return []core.Notification{notice(orgID, r.ManagerID, core.NotifyPerfManagerOpen, now, nil)}, nil
		}
	}
	people, err := s.store.ListEmployees(ctx, orgID, 0)
	if err != nil {
		return nil, fmt.Errorf("reviewers: %w", err)
	}
	var ns []core.Notification
	for _, hr := range hrPeople(people, r.EmployeeID) {
		ns = append(ns, notice(orgID, hr.ID, core.NotifyPerfManagerOpen, now, nil))
	}
	return ns, nil
}
