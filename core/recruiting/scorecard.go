package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// AuditScore is an interviewer's scorecard written or changed.
const AuditScore = "recruiting.score"

// maxComment is the longest scorecard comment, in characters.
const maxComment = 2000

// Scorecard is an interviewer's verdict on a candidate: 1 (no) to 5
// (strong yes) and why.
type Scorecard struct {
	ID            int64
	OrgID         int64
	ApplicationID int64
	InterviewerID int64
	Interviewer   string // their name
	Score         int
	Comment       string
	At            time.Time
}

// Average is the mean score of cards rounded to a tenth; zero without.
func Average(cards []Scorecard) decimal.Decimal {
	if len(cards) == 0 {
		return decimal.Zero
	}
	sum := 0
	for _, c := range cards {
		sum += c.Score
	}
	return decimal.NewFromInt(int64(sum)).DivRound(decimal.NewFromInt(int64(len(cards))), 1)
}

// Score records m's scorecard for an application, once their interview
// (a picked time of theirs, not cancelled, the candidate came) has
// started: 1–5 and a comment. Scoring again replaces their card, audited
// with what it said before. Errors: EInvalid recruiting.score_range,
// recruiting.comment_long, recruiting.too_early (their interview is
// ahead), recruiting.not_interviewer (the hiring manager or HR who did
// not interview); EForbidden (anyone else, audited).
func (s *Service) Score(ctx context.Context, m core.Member, appID int64, score int, comment, channel string) (Scorecard, error) {
	h, err := s.hiringStore()
	if err != nil {
		return Scorecard{}, err
	}
	slots, err := h.Slots(ctx, m.Org.ID, appID)
	if err != nil {
		return Scorecard{}, err
	}
	now := s.clock.Now()
	interviewed, ahead := false, false
	for _, sl := range slots {
		if sl.InterviewerID != m.Employee.ID || !sl.Picked() || sl.NoShow {
			continue
		}
		if now.Before(sl.Start) {
			ahead = true
		} else {
			interviewed = true
		}
	}
	var a Application
	if interviewed {
		a, err = s.store.Application(ctx, m.Org.ID, appID)
	} else {
		a, err = s.applicationFor(ctx, m, appID, channel)
	}
	if err != nil {
		return Scorecard{}, err
	}
	switch {
	case !interviewed && ahead:
		return Scorecard{}, core.Errorf(core.EInvalid, "recruiting.too_early", "the interview of application %d has not started", a.ID)
	case !interviewed:
		return Scorecard{}, core.Errorf(core.EInvalid, "recruiting.not_interviewer", "%s did not interview for application %d",
			m.Employee.Key, a.ID)
	case score < 1 || score > 5:
		return Scorecard{}, core.Errorf(core.EInvalid, "recruiting.score_range", "a score of 1 to 5, not %d", score).
			With("score", strconv.Itoa(score))
	}
	comment = strings.TrimSpace(comment)
	if len([]rune(comment)) > maxComment {
		return Scorecard{}, core.Errorf(core.EInvalid, "recruiting.comment_long", "a comment of at most %d characters", maxComment)
	}
	cards, err := h.Scorecards(ctx, a.OrgID, a.ID)
	if err != nil {
		return Scorecard{}, err
	}
	c := Scorecard{OrgID: a.OrgID, ApplicationID: a.ID, InterviewerID: m.Employee.ID, Interviewer: m.Employee.Name, Score: score,
		Comment: comment, At: now}
	audit := core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditScore, EntityType: "application",
		EntityID: strconv.FormatInt(a.ID, 10), After: map[string]any{"score": score, "comment": comment}, Channel: channel,
		Outcome: core.OutcomeOK, At: now}
	for _, old := range cards {
		if old.InterviewerID == m.Employee.ID {
			if old.Score == score && old.Comment == comment {
				return old, nil
			}
			audit.Before = map[string]any{"score": old.Score, "comment": old.Comment}
		}
	}
	if err := h.SaveScorecard(ctx, c, audit); err != nil {
		return Scorecard{}, fmt.Errorf("scorecard for application %d: %w", a.ID, err)
	}
	return c, nil
}
