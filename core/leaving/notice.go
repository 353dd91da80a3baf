package leaving

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// Mine returns m's own resignation still to take effect, if any.
func (s *Service) Mine(ctx context.Context, m core.Member) (Resignation, bool, error) {
	rs, err := s.store.OfPerson(ctx, m.Org.ID, m.Employee.ID)
	if err != nil {
		return Resignation{}, false, fmt.Errorf("resignations of %s: %w", m.Employee.Key, err)
	}
	for _, r := range rs {
		if r.Status.Open() {
			return r, true, nil
		}
	}
	return Resignation{}, false, nil
}
