package leave

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// Authorizer applies core's permission rules and audits refusals.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service runs leave for every org.
type Service struct {
	store Store
	plans Plans
	auth  Authorizer
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, plans Plans, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, plans: plans, auth: auth, clock: clock}
}

// Setup returns the org's leave configuration.
func (s *Service) Setup(ctx context.Context, org core.Org) (Setup, error) {
	setup, err := s.store.Setup(ctx, org.ID)
	if err != nil {
		return Setup{}, fmt.Errorf("load leave setup of %s: %w", org.Key, err)
	}
	return setup, nil
}

func snapshot(r Request) map[string]any {
	return map[string]any{"type": r.Type, "from": r.Span.From.String(), "to": r.Span.To.String(),
		"from_part": r.Span.FromPart, "to_part": r.Span.ToPart, "minutes": r.Minutes, "status": r.Status, "step": r.Step}
}
