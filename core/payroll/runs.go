package payroll

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// RunSummary is a run as a list of runs shows it: its period, state and
// totals, without its payslips.
type RunSummary struct {
	Period     string
	Status     string
	DraftedAt  time.Time
	ApprovedAt time.Time // zero while a draft
	People     int
	Gross      decimal.Decimal
	Social     decimal.Decimal
	Tax        decimal.Decimal
	Net        decimal.Decimal
}

// Runs lists the org's runs for HR, newest period first. Errors:
// EForbidden (audited on channel) for anyone but HR and admins.
func (s *Service) Runs(ctx context.Context, m core.Member, channel string) ([]RunSummary, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return nil, err
	}
	return s.store.ListRuns(ctx, m.Org.ID)
}

// Payslips lists the periods m has a payslip of: approved runs only, as
// drafts are HR's. Each person sees only their own, so nothing is
// authorized beyond being m.
func (s *Service) Payslips(ctx context.Context, m core.Member) ([]string, error) {
	return s.store.PayslipPeriods(ctx, m.Org.ID, m.Employee.ID)
}
