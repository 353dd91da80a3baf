package staff

import (
	"context"

	"github.com/hrbot/hrbot/core"
)

// Desk is the org as the people desk shows it: everyone (those who left
// too), its teams, schedules and jobs, for the lists and the forms that
// hire and edit. Errors: EForbidden (audited).
func (s *Service) Desk(ctx context.Context, actor core.Member, channel string) (Org, error) {
	org, _, err := s.prepare(ctx, actor, channel)
	return org, err
}
