package training

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// PersonSkills is one active person's skill levels, for HR's matrix.
type PersonSkills struct {
	EmployeeID int64
	Key, Name  string
	Skills     []Skill
}

// SkillMatrix lists every active person of m's org with the skill levels
// they hold: from the org file and from quizzes passed, with their expiry.
// Only HR and admins. Errors: EForbidden (audited).
func (s *Service) SkillMatrix(ctx context.Context, m core.Member, channel string) ([]PersonSkills, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionTrainingAssign, nil, channel); err != nil {
		return nil, err
	}
	out, err := s.store.SkillMatrix(ctx, m.Org.ID)
	if err != nil {
		return nil, fmt.Errorf("skill matrix: %w", err)
	}
	return out, nil
}

// RecentAttempts lists the org's latest finished quiz attempts, newest
// first, with the person's name. Only HR and admins. Errors: EForbidden
// (audited).
func (s *Service) RecentAttempts(ctx context.Context, m core.Member, limit int, channel string) ([]Attempt, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionTrainingAssign, nil, channel); err != nil {
		return nil, err
	}
	out, err := s.store.RecentAttempts(ctx, m.Org.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("recent quiz attempts: %w", err)
	}
	return out, nil
}
