package perf

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

// ContractLister reads a person's contracts (store.Contracts).
type ContractLister interface {
	Contracts(ctx context.Context, orgID, employeeID int64) ([]contracts.Contract, error)
}

// ContractProbations carries a probation review's outcome to the
// person's contract in probation: confirmed (转正), ended (不予录用), or
// extended to the longest art. 19 allows — HR moves that day on the
// contract if it should be sooner. The decision is the contract
// service's, audited there as the publisher's.
type ContractProbations struct {
	Contracts *contracts.Service
	Store     ContractLister
}

// DecideProbation applies o to the person's undecided probation; false
// when they have none.
func (p ContractProbations) DecideProbation(ctx context.Context, m core.Member, employeeID int64, o Outcome, channel string) (bool, error) {
	if o == OutcomeNone {
		return false, nil
	}
	cs, err := p.Store.Contracts(ctx, m.Org.ID, employeeID)
	if err != nil {
		return false, fmt.Errorf("contracts of %d: %w", employeeID, err)
	}
	for _, c := range cs {
		if c.ProbationEnd.IsZero() || c.Probation.Outcome != "" {
			continue
		}
		switch o {
		case OutcomeConfirm:
			_, err = p.Contracts.ConfirmProbation(ctx, m, c.ID, channel)
		case OutcomeEnd:
			_, err = p.Contracts.EndInProbation(ctx, m, c.ID, channel)
		case OutcomeExtend:
			_, err = p.Contracts.ExtendProbation(ctx, m, c.ID, contracts.MaxProbation(c.Terms).Latest, channel)
		}
		return err == nil, err
	}
	return false, nil
}
