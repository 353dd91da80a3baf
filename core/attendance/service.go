package attendance

import (
	"context"
	"fmt"
	"sync"

	"github.com/hrbot/hrbot/core"
)

// Authorizer applies core's permission rules and audits refusals.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service runs attendance for every org.
type Service struct {
	store Store
	auth  Authorizer
	clock core.Clock

	mu     sync.Mutex
	setups map[int64]*Setup // by org, replaced when its config version changes
}

// NewService returns a Service.
func NewService(store Store, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock, setups: map[int64]*Setup{}}
}

// Setup returns the org's attendance configuration, cached until an apply
// changes the org's config version.
func (s *Service) Setup(ctx context.Context, org core.Org) (*Setup, error) {
	s.mu.Lock()
	cached := s.setups[org.ID]
	s.mu.Unlock()
	if cached != nil && cached.Version == org.ConfigVersion {
		return cached, nil
	}
	setup, err := s.store.Setup(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("load attendance setup of %s: %w", org.Key, err)
	}
	s.mu.Lock()
	s.setups[org.ID] = setup
	s.mu.Unlock()
	return setup, nil
}

// CloseMissingCheckouts applies every org's auto check-out rule.
func (s *Service) CloseMissingCheckouts(ctx context.Context) (int, error) {
	n, err := s.store.CloseMissingCheckouts(ctx, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("close missing check-outs: %w", err)
	}
	return n, nil
}
