package personfile

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// MinRetentionYears is the shortest an org may keep the files of people
// who left: two years, the period for claims after employment ends that
// records must answer (劳动合同法实施条例 keeps dismissal records two
// years; 劳动争议调解仲裁法 art. 27).
const MinRetentionYears = 2

// Retention is how long an org keeps the personal files of people who
// left, as its org file says (retention: {years_after_leaving: N}).
type Retention struct {
	YearsAfterLeaving int
}

// DefaultRetention keeps files the minimum two years.
func DefaultRetention() Retention { return Retention{YearsAfterLeaving: MinRetentionYears} }

// OrgRetention is an org with its retention rule.
type OrgRetention struct {
	Org       core.Org
	Retention Retention
}

// Leaver is someone who left, with what of theirs the retention rule
// erases.
type Leaver struct {
	EmployeeID  int64
	Key, Name   string
	LeftOn      core.Date
	HasFile     bool // personal details are stored
	BankAccount bool // a sealed bank account is stored (pay profile)
	Corrections int  // corrections they asked for, whose values go too
}

// Erasure is one person the retention rule erased, or would erase.
type Erasure struct {
	OrgKey string
	Leaver
	Documents int
	// Done is false in a dry run, and when another pass erased them first.
	Done bool
}

// Purge applies every org's retention rule (only orgKey's when not ""):
// the files of people who left more than its years ago are emptied —
// personal details, the values of their corrections, their bank account
// and, when the documents feature is wired, their documents — each with
// an audit row by actor on channel. The audit log, attendance, leave and
// payroll records stay: reports and totals do not change. A dry run
// erases nothing and lists who would go.
func (s *Service) Purge(ctx context.Context, orgKey string, dryRun bool, actor, channel string) ([]Erasure, error) {
	orgs, err := s.store.Retentions(ctx)
	if err != nil {
		return nil, fmt.Errorf("purge: %w", err)
	}
	var out []Erasure
	found := orgKey == ""
	for _, o := range orgs {
		if orgKey != "" && o.Org.Key != orgKey {
			continue
		}
		found = true
		now := s.clock.Now()
		today := core.DateOf(now.In(o.Org.Location()))
		years := max(o.Retention.YearsAfterLeaving, MinRetentionYears)
		due, err := s.store.Due(ctx, o.Org.ID, core.NewDate(today.Year-years, today.Month, today.Day))
		if err != nil {
			return out, fmt.Errorf("purge %s: %w", o.Org.Key, err)
		}
		for _, l := range due {
			e, err := s.erase(ctx, o.Org, l, dryRun, actor, channel)
			if err != nil {
				return out, fmt.Errorf("purge %s/%s: %w", o.Org.Key, l.Key, err)
			}
			out = append(out, e)
		}
	}
	if !found {
		return nil, core.Errorf(core.ENotFound, "org.not_found", "no org %q", orgKey).With("key", orgKey)
	}
	return out, nil
}

// erase erases one leaver's file and documents (or counts them, in a dry
// run). Documents go first: when they fail, the file stays marked due and
// the next pass tries both again.
func (s *Service) erase(ctx context.Context, org core.Org, l Leaver, dryRun bool, actor, channel string) (Erasure, error) {
	e := Erasure{OrgKey: org.Key, Leaver: l}
	now := s.clock.Now()
	if s.docs != nil {
		if dryRun {
			ds, err := s.docs.Of(ctx, org.ID, l.EmployeeID)
			if err != nil {
				return e, err
			}
			e.Documents = len(ds)
		} else {
			n, err := s.docs.Erase(ctx, org.ID, l.EmployeeID, now)
			if err != nil {
				return e, err
			}
			e.Documents = n
		}
	}
	if dryRun {
		return e, nil
	}
	done, err := s.store.Erase(ctx, org.ID, l.EmployeeID, core.AuditEntry{OrgID: org.ID, ActorLabel: actor, Action: AuditErase,
		EntityType: "employee", EntityID: l.Key, Channel: channel, Outcome: core.OutcomeOK, At: now,
		After:  map[string]any{"file": l.HasFile, "bank_account": l.BankAccount, "corrections": l.Corrections, "documents": e.Documents},
		Reason: "retention: left " + l.LeftOn.String()})
	e.Done = done
	return e, err
}
