package recruiting

import (
	"context"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// AuditPool is a candidate joining (or leaving) the talent pool.
const AuditPool = "recruiting.talent_pool"

// JoinPool records that the candidate of application id on acc agrees
// to be kept for future openings: their data is then not erased when
// the retention period ends (PIPL: a consent of its own, given by
// pressing its button, audited). leave takes it back.
func (s *Service) JoinPool(ctx context.Context, acc Account, id int64, join bool) (Application, error) {
	a, err := s.candidateApplication(ctx, acc, id)
	if err != nil {
		return Application{}, err
	}
	err = s.store.SetTalentPool(ctx, a.OrgID, a.Candidate.ID, join, core.AuditEntry{OrgID: a.OrgID, ActorID: a.Candidate.EmployeeID,
		ActorLabel: "candidate", Action: AuditPool, EntityType: "candidate", EntityID: strconv.FormatInt(a.Candidate.ID, 10),
		After: map[string]any{"talent_pool": join}, Channel: string(acc.Platform), Outcome: core.OutcomeOK, At: s.clock.Now()})
	a.Candidate.TalentPool = join
	return a, err
}
