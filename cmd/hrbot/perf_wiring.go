package main

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/perf"
)

// probations carries a probation review's outcome to the person's
// contract in probation: confirmed (转正), ended (不予录用), or extended to
// the longest art. 19 allows — HR moves that day on the contract if it
// should be sooner.
type probations struct {
	contracts *contracts.Service
	store     interface {
		Contracts(ctx context.Context, orgID, employeeID int64) ([]contracts.Contract, error)
	}
}

func (p probations) DecideProbation(ctx context.Context, m core.Member, employeeID int64, o perf.Outcome, channel string) (bool, error) {
	if o == perf.OutcomeNone {
		return false, nil
	}
	cs, err := p.store.Contracts(ctx, m.Org.ID, employeeID)
	if err != nil {
		return false, fmt.Errorf("contracts of %d: %w", employeeID, err)
	}
	for _, c := range cs {
		if c.ProbationEnd.IsZero() || c.Probation.Outcome != "" {
			continue
		}
		switch o {
		case perf.OutcomeConfirm:
			_, err = p.contracts.ConfirmProbation(ctx, m, c.ID, channel)
		case perf.OutcomeEnd:
			_, err = p.contracts.EndInProbation(ctx, m, c.ID, channel)
		case perf.OutcomeExtend:
			_, err = p.contracts.ExtendProbation(ctx, m, c.ID, contracts.MaxProbation(c.Terms).Latest, channel)
		}
		return err == nil, err
	}
	return false, nil
}
