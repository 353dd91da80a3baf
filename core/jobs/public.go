package jobs

import (
	"context"
	"fmt"
)

// Public returns the job key of an org as a candidate — nobody of the org
// — may read it: what an opening advertises (summary, duties, skills
// needed, pay range, shifts), without anyone's skills against it. ok is
// false when the org has no such job.
func (s *Service) Public(ctx context.Context, orgID int64, key string) (View, bool, error) {
	js, err := s.store.Jobs(ctx, orgID)
	if err != nil {
		return View{}, false, fmt.Errorf("jobs of org %d: %w", orgID, err)
	}
	v := View{Known: Known(js)}
	found := false
	for _, j := range js {
		if j.Key == key {
			v.Job, found = j, true
		}
	}
	if !found {
		return v, false, nil
	}
	if v.Shifts, err = s.shiftsOf(ctx, orgID, v.Job.Description.Shifts); err != nil {
		return View{}, false, err
	}
	return v, true, nil
}
