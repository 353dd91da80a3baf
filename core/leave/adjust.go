package leave

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Adjustment is a correction HR makes to someone's balance by hand: an
// extra day negotiated, a day taken back, a balance brought over from
// paper. Balances add it to the year's entitlement.
type Adjustment struct {
	OrgID      int64
	EmployeeID int64
	Type       string
	Year       int
	Minutes    int // negative takes time away
	Reason     string
	CreatedBy  int64
}

// maxAdjustDays bounds one adjustment: a year of days is a typo.
const maxAdjustDays = 366

// Adjust adds minutes (negative: takes them away) to the balance of
// leave type typeKey that employeeKey has in year, for reason. Only HR and
// admins; the change, its audit row and the person's notification are
// written together. Amounts in a type's unit are the caller's to convert
// (days × the policy's DayMinutes, hours × 60).
// Errors: EForbidden (audited), ENotFound ("employee.not_found"),
// EInvalid ("leave.adjust_reason" without a reason, "leave.unknown_type",
// "leave.adjust_amount" for zero or an absurd amount, "leave.adjust_unlimited"
// for a type that keeps no balance).
func (s *Service) Adjust(ctx context.Context, actor core.Member, employeeKey, typeKey string, year int, minutes int, reason, channel string) error {
	if err := s.auth.Authorize(ctx, actor, core.ActionLeaveAdjust, nil, channel); err != nil {
		return err
	}
	target, err := s.findPerson(ctx, actor.Org.ID, employeeKey)
	if err != nil {
		return err
	}
	setup, err := s.Setup(ctx, actor.Org)
	if err != nil {
		return err
	}
	t, ok := setup.TypeByWord(typeKey)
	if !ok {
		return core.Errorf(core.EInvalid, "leave.unknown_type", "no leave type %q", typeKey).With("type", typeKey)
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return core.Errorf(core.EInvalid, "leave.adjust_reason", "an adjustment needs a reason")
	case t.Accrual == AccrualNone:
		return core.Errorf(core.EInvalid, "leave.adjust_unlimited", "%s keeps no balance", t.Key).With("type", core.NameIn(t.Name, actor.Locale()))
	case minutes == 0 || abs(minutes) > maxAdjustDays*setup.Policy.DayMinutes:
		return core.Errorf(core.EInvalid, "leave.adjust_amount", "adjust by %d minutes", minutes)
	case year < 2000 || year > 2100:
		return core.Errorf(core.EInvalid, "leave.adjust_amount", "adjust year %d", year)
	}
	now := s.clock.Now()
	a := Adjustment{OrgID: actor.Org.ID, EmployeeID: target.ID, Type: t.Key, Year: year, Minutes: minutes, Reason: reason,
		CreatedBy: actor.Employee.ID}
	audit := core.AuditEntry{OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: core.AuditLeaveAdjust,
		EntityType: "employee", EntityID: target.Key, After: map[string]any{"type": t.Key, "year": year, "minutes": minutes},
		Channel: channel, Outcome: core.OutcomeOK, Reason: reason, At: now}
	n := core.Notification{OrgID: actor.Org.ID, RecipientID: target.ID, Kind: core.NotifyLeaveAdjusted, CreatedAt: now,
		Params: map[string]string{"type": t.Key, "year": strconv.Itoa(year), "minutes": strconv.Itoa(minutes), "reason": reason,
			"by": actor.Employee.Name}}
	err = s.store.InTurn(ctx, func(ctx context.Context) error {
		// Under the person's lock, like a request: the balance a request
		// checks and the adjustment do not interleave.
		if err := s.store.LockPerson(ctx, target.ID); err != nil {
			return err
		}
		return s.store.AddAdjustment(ctx, a, audit, n)
	})
	if err != nil {
		return fmt.Errorf("adjust leave of %s: %w", target.Key, err)
	}
	return nil
}

// findPerson finds an active person of the org by key.
func (s *Service) findPerson(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	key = strings.ToLower(strings.TrimSpace(key))
	emps, err := s.store.ListEmployees(ctx, orgID, 0)
	if err != nil {
		return core.Employee{}, fmt.Errorf("find %s: %w", key, err)
	}
	for _, e := range emps {
		if e.Key == key {
			return e, nil
		}
	}
	return core.Employee{}, core.Errorf(core.ENotFound, "employee.not_found", "no %s", key).With("key", key)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
