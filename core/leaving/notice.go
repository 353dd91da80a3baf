package leaving

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// NoticeTerms is the notice a person would owe if they resigned today.
type NoticeTerms struct {
	Days      int
	Probation bool
	// Earliest is the earliest last day the notice allows.
	Earliest core.Date
}

// NoticeOf tells m the notice they owe today (art. 37): what a
// resignation dialog offers before asking for the last day.
func (s *Service) NoticeOf(ctx context.Context, m core.Member) (NoticeTerms, error) {
	today := s.today(m.Org)
	probation, err := s.store.OnProbation(ctx, m.Org.ID, m.Employee.ID, today)
	if err != nil {
		return NoticeTerms{}, fmt.Errorf("notice of %s: %w", m.Employee.Key, err)
	}
	days := Notice(probation)
	return NoticeTerms{Days: days, Probation: probation, Earliest: Earliest(today, days)}, nil
}

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
