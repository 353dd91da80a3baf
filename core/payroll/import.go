package payroll

import (
	"bytes"
	"context"
	"sort"

	"github.com/hrbot/hrbot/core"
)

// ProfilePerson is one person of an org and whether payroll can pay them.
type ProfilePerson struct {
	Key, Name  string
	HasProfile bool
}

// ProfileCoverage is who of an org has a pay profile and who lacks one.
type ProfileCoverage struct {
	With    []ProfilePerson // active people with a profile, by key
	Without []ProfilePerson // active people a draft leaves out, by key
	// CanSeal: bank accounts can be saved (HRBOT_ENCRYPTION_KEY is set).
	CanSeal bool
}

// ProfileCoverage says who of the org's active people has a pay profile
// and who lacks one. Errors: EForbidden (audited on channel) for anyone
// but HR and admins.
func (s *Service) ProfileCoverage(ctx context.Context, m core.Member, channel string) (ProfileCoverage, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return ProfileCoverage{}, err
	}
	return s.coverage(ctx, m.Org)
}

func (s *Service) coverage(ctx context.Context, org core.Org) (ProfileCoverage, error) {
	people, err := s.store.PayPeople(ctx, org.ID)
	if err != nil {
		return ProfileCoverage{}, err
	}
	cov := ProfileCoverage{CanSeal: s.store.CanSeal()}
	sort.Slice(people, func(i, j int) bool { return people[i].Key < people[j].Key })
	for _, p := range people {
		if p.HasProfile {
			cov.With = append(cov.With, p)
		} else {
			cov.Without = append(cov.Without, p)
		}
	}
	return cov, nil
}

// ImportProfiles creates or replaces pay profiles from a file (.xlsx or
// CSV, see ReadProfiles) for HR on channel: every problem of the file is
// returned and nothing saved when there is any; else all of them are
// saved in one transaction, each with an audit row. Bank accounts are a
// problem when they cannot be sealed. Errors: EForbidden (audited) for
// anyone but HR and admins; store errors.
func (s *Service) ImportProfiles(ctx context.Context, actor core.Member, file string, data []byte, channel string) (int, Problems, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionPayrollManage, nil, channel); err != nil {
		return 0, nil, err
	}
	people, err := s.store.PayPeople(ctx, actor.Org.ID)
	if err != nil {
		return 0, nil, err
	}
	keys := make(map[string]bool, len(people))
	for _, p := range people {
		keys[p.Key] = true
	}
	in, probs := ReadProfiles(file, bytes.NewReader(data), keys, s.store.CanSeal())
	if len(probs) > 0 {
		return 0, probs.Sorted(), nil
	}
	n, err := s.store.SaveProfilesAs(ctx, actor.Org.ID, in, actor, channel, s.clock.Now())
	if err != nil {
		return 0, nil, err
	}
	return n, nil, nil
}
