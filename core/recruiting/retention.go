package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// OrgRetention is an org with how long it keeps candidates' data.
type OrgRetention struct {
	Org  core.Org
	Days int
}

// Erasable is a candidate whose personal data the retention rule
// erases, with what of theirs it erases. Their name is not here: what
// lists them (a dry run, the audit log) must not show it.
type Erasable struct {
	CandidateID  int64
	Applications int
	Files        int
	Contact      bool
	// ClosedAt is when their last application closed (or, left
	// unfinished, when they were last seen).
	ClosedAt time.Time
}

// Erasure is one candidate the retention rule erased, or would erase.
type Erasure struct {
	OrgKey string
	Erasable
	// Done is false in a dry run, and when another pass erased them
	// first (or they applied again meanwhile).
	Done bool
}

// RetentionStore is the store's side of the retention pass
// (store.Recruiting has it beside Store).
type RetentionStore interface {
	// Retentions lists every org with its candidates' retention days
	// (defaultDays without a recruiting policy).
	Retentions(ctx context.Context, defaultDays int) ([]OrgRetention, error)
	// Erasable lists the org's candidates due for erasure as of cutoff:
	// not erased, not in the talent pool, not an employee applying
	// internally who is still with the org, and every application of
	// theirs closed before cutoff — or left unfinished, the candidate
	// last seen before it.
	Erasable(ctx context.Context, orgID int64, cutoff time.Time) ([]Erasable, error)
	// Erase erases one candidate if they are still due as of cutoff
	// (checked under lock): name, contact and chat account emptied,
	// their applications' answers and interviewers' comments emptied,
	// their files deleted, erased_at set, with audit — in one
	// transaction. Applications, their moves and scores stay for the
	// funnel. done is false when they were no longer due.
	Erase(ctx context.Context, orgID, candidateID int64, cutoff time.Time, audit core.AuditEntry) (done bool, err error)
}

// Purge applies every org's candidate retention (only orgKey's when not
// ""): the personal data of candidates whose applications all closed more
// than the org's retention_days ago, who did not join the talent pool, is
// erased, each with an audit row recruiting.erase by actor on channel
// that holds no personal data. A hired candidate's data went into their
// employee file; their candidate row is erased like any other. A dry run
// erases nothing and lists who would go.
func (s *Service) Purge(ctx context.Context, orgKey string, dryRun bool, actor, channel string) ([]Erasure, error) {
	st, ok := s.store.(RetentionStore)
	if !ok {
		return nil, fmt.Errorf("candidate retention: the recruiting store %T erases nobody", s.store)
	}
	orgs, err := st.Retentions(ctx, DefaultRetentionDays)
	if err != nil {
		return nil, fmt.Errorf("candidate retention: %w", err)
	}
	var out []Erasure
	found := orgKey == ""
	for _, o := range orgs {
		if orgKey != "" && o.Org.Key != orgKey {
			continue
		}
		found = true
		now := s.clock.Now()
		cutoff := now.AddDate(0, 0, -o.Days)
		due, err := st.Erasable(ctx, o.Org.ID, cutoff)
		if err != nil {
			return out, fmt.Errorf("candidate retention of %s: %w", o.Org.Key, err)
		}
		for _, c := range due {
			e := Erasure{OrgKey: o.Org.Key, Erasable: c}
			if !dryRun {
				closed := core.DateOf(c.ClosedAt.In(o.Org.Location()))
				e.Done, err = st.Erase(ctx, o.Org.ID, c.CandidateID, cutoff, core.AuditEntry{OrgID: o.Org.ID, ActorLabel: actor,
					Action: AuditErase, EntityType: "candidate", EntityID: strconv.FormatInt(c.CandidateID, 10), Channel: channel,
					Outcome: core.OutcomeOK, At: now, Reason: fmt.Sprintf("retention: %d days after %s", o.Days, closed),
					After: map[string]any{"applications": c.Applications, "files": c.Files, "contact": c.Contact}})
				if err != nil {
					return out, fmt.Errorf("candidate retention of %s, candidate %d: %w", o.Org.Key, c.CandidateID, err)
				}
			}
			out = append(out, e)
		}
	}
	if !found {
		return nil, core.Errorf(core.ENotFound, "org.not_found", "no org %q", orgKey).With("key", orgKey)
	}
	return out, nil
}
