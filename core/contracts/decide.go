package contracts

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// ConfirmProbation records that the person passed probation (转正).
// Errors: those of decideProbation.
func (s *Service) ConfirmProbation(ctx context.Context, actor core.Member, id int64, channel string) (Contract, error) {
	return s.decideProbation(ctx, actor, id, Confirmed, core.Date{}, channel)
}

// EndInProbation records that employment ends in probation (不予录用).
// It does not offboard the person: HR does so on their last day (the
// staff desk), after telling them why in writing (art. 21). Errors: those
// of decideProbation.
func (s *Service) EndInProbation(ctx context.Context, actor core.Member, id int64, channel string) (Contract, error) {
	return s.decideProbation(ctx, actor, id, Ended, core.Date{}, channel)
}

// ExtendProbation moves the probation's end to until, within what art. 19
// allows for the contract's term. Errors: those of decideProbation, and
// EInvalid contract.extend_earlier (until is not later than the current
// end), contract.extend_at_max (it already ends on the latest day
// allowed; Args months, latest, term), contract.probation_too_long,
// contract.probation_after_end.
func (s *Service) ExtendProbation(ctx context.Context, actor core.Member, id int64, until core.Date, channel string) (Contract, error) {
	return s.decideProbation(ctx, actor, id, "", until, channel)
}

// decideProbation takes a decision on contract id's probation: an outcome,
// or (outcome "") a new end. Errors: ENotFound contract.not_found,
// EForbidden (audited), EInvalid contract.no_probation, EConflict
// contract.decided.OUTCOME (Args by, date) when someone decided first,
// contract.probation_moved when the probation's end changed meanwhile.
func (s *Service) decideProbation(ctx context.Context, actor core.Member, id int64, outcome Outcome, until core.Date, channel string) (Contract, error) {
	c, e, err := s.contract(ctx, actor, id, core.ActionContractManage, channel)
	if err != nil {
		return Contract{}, err
	}
	if c.ProbationEnd.IsZero() {
		return Contract{}, core.Errorf(core.EInvalid, "contract.no_probation", "this contract has no probation")
	}
	if c.Probation.Outcome != "" {
		return c, decidedError(c.Probation, actor.Org)
	}
	action := map[Outcome]string{Confirmed: AuditProbationConfirm, Ended: AuditProbationEnd, "": AuditProbationExtend}[outcome]
	before := map[string]any{"probation_end": c.ProbationEnd.String()}
	after := map[string]any{"probation": string(outcome)}
	if outcome == "" {
		if err := checkExtension(c.Terms, until); err != nil {
			return Contract{}, err
		}
		after = map[string]any{"probation_end": until.String()}
	}
	d := Decide{OrgID: actor.Org.ID, ContractID: c.ID, Outcome: outcome, ProbationEnd: c.ProbationEnd, Extend: until,
		ByID: actor.Employee.ID, At: s.clock.Now()}
	return s.decide(ctx, actor, c, e, d, action, before, after, channel)
}

// Extendable reports whether terms t's probation may be extended at all:
// EInvalid contract.extend_at_max (Args months, latest, term) when it
// already runs to the latest day art. 19 allows, contract.no_probation
// when there is none.
func Extendable(t Terms) error {
	if t.ProbationEnd.IsZero() {
		return core.Errorf(core.EInvalid, "contract.no_probation", "this contract has no probation")
	}
	max := MaxProbation(t)
	if max.Months == 0 || !t.ProbationEnd.Before(max.Latest) {
		return core.Errorf(core.EInvalid, "contract.extend_at_max", "the probation already lasts the longest allowed").
			With("months", strconv.Itoa(max.Months)).With("latest", max.Latest.String()).With("term", termNames[max.Term])
	}
	return nil
}

// checkExtension applies art. 19 to moving terms t's probation to until.
func checkExtension(t Terms, until core.Date) error {
	if err := Extendable(t); err != nil {
		return err
	}
	if until.IsZero() || !until.After(t.ProbationEnd) {
		return core.Errorf(core.EInvalid, "contract.extend_earlier", "the new end must be after %s", t.ProbationEnd).
			With("date", t.ProbationEnd.String())
	}
	longer := t
	longer.ProbationEnd = until
	return checkProbation(longer)
}

// Renew records that a fixed-term contract is to be renewed (续签); the
// new contract is entered as any other. Errors: those of decideRenewal.
func (s *Service) Renew(ctx context.Context, actor core.Member, id int64, channel string) (Contract, error) {
	return s.decideRenewal(ctx, actor, id, Renew, channel)
}

// NotRenew records that a fixed-term contract ends without renewal.
// Errors: those of decideRenewal.
func (s *Service) NotRenew(ctx context.Context, actor core.Member, id int64, channel string) (Contract, error) {
	return s.decideRenewal(ctx, actor, id, NotRenew, channel)
}

// decideRenewal records whether fixed-term contract id is renewed.
// Errors: ENotFound contract.not_found, EForbidden (audited), EInvalid
// contract.not_fixed_term, EConflict contract.decided.OUTCOME.
func (s *Service) decideRenewal(ctx context.Context, actor core.Member, id int64, outcome Outcome, channel string) (Contract, error) {
	c, e, err := s.contract(ctx, actor, id, core.ActionContractManage, channel)
	if err != nil {
		return Contract{}, err
	}
	if c.Kind != FixedTerm {
		return Contract{}, core.Errorf(core.EInvalid, "contract.not_fixed_term", "only a fixed-term contract is renewed")
	}
	if c.Renewal.Outcome != "" {
		return c, decidedError(c.Renewal, actor.Org)
	}
	action := map[Outcome]string{Renew: AuditRenew, NotRenew: AuditNotRenew}[outcome]
	d := Decide{OrgID: actor.Org.ID, ContractID: c.ID, Renewal: true, Outcome: outcome, ProbationEnd: c.ProbationEnd,
		ByID: actor.Employee.ID, At: s.clock.Now()}
	return s.decide(ctx, actor, c, e, d, action, nil, map[string]any{"renewal": string(outcome)}, channel)
}

func (s *Service) decide(ctx context.Context, actor core.Member, c Contract, e core.Employee, d Decide, action string,
	before, after map[string]any, channel string) (Contract, error) {
	out, ok, err := s.store.Decide(ctx, d, s.audit(actor, action, e, c.ID, before, after, channel))
	if err != nil {
		return Contract{}, fmt.Errorf("%s %d: %w", action, c.ID, err)
	}
	if ok {
		return out, nil
	}
	// Someone else was first: say what they did.
	dec := out.Probation
	if d.Renewal {
		dec = out.Renewal
	}
	if dec.Outcome == "" {
		return out, core.Errorf(core.EConflict, "contract.probation_moved", "the probation's end changed meanwhile").
			With("date", out.ProbationEnd.String())
	}
	return out, decidedError(dec, actor.Org)
}

func decidedError(d Decision, org core.Org) error {
	return core.Errorf(core.EConflict, "contract.decided."+string(d.Outcome), "already decided: %s", d.Outcome).
		With("by", d.ByName).With("date", core.DateOf(d.At.In(org.Location())).String())
}
