package attendance

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// ImportedPunch identifies a punch imported from another system (WeCom's
// own check-in): its source and its identity there. It is recorded once.
type ImportedPunch struct {
	OrgID, EmployeeID int64
	WorkDate          core.Date
	Source, Key       string
}

// PunchImports is the storage of imported punches; the store behind the
// Service has it when importing is possible.
type PunchImports interface {
	// ImportRecord records imp unless its source and key are already
	// recorded, and, in the same transaction, saves r with its audit row
	// when save is set. new is false, and nothing is written, when imp was
	// recorded before; r is then the person's stored record that day if
	// any.
	ImportRecord(ctx context.Context, imp ImportedPunch, r Record, audit core.AuditEntry, save bool) (stored Record, new bool, err error)
}

// ImportPunch records a check-in (out false) or check-out m made at at in
// another system, at that time exactly: a recorded punch is a fact, not a
// message whose send time needs believing, so nothing is clamped or
// refused. It is judged against m's plan as CheckIn and CheckOut judge
// punches, flagged outside the site when outside, and recorded once per
// source and key: a repeat changes nothing and returns new false. An
// imported check-in later than one already recorded that day leaves the
// record as it is (the first check-in counts); a check-out replaces an
// earlier one (the last counts).
func (s *Service) ImportPunch(ctx context.Context, m core.Member, out bool, at time.Time, outside bool, source, key string) (PunchResult, bool, error) {
	imports, ok := s.store.(PunchImports)
	if !ok {
		return PunchResult{}, false, fmt.Errorf("import punch of %s: the store cannot import punches", m.Employee.Key)
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return PunchResult{}, false, err
	}
	at = at.In(setup.Location).Truncate(time.Microsecond)
	var rec Record
	var plan Plan
	if out {
		rec, plan, err = s.checkOutRecord(ctx, setup, m, at)
	} else {
		rec, plan, err = s.checkInRecordFor(ctx, setup, m, at)
	}
	if err != nil {
		return PunchResult{}, false, err
	}
	before := snapshot(rec)
	res := PunchResult{Plan: plan, AbsentAfter: setup.Policy.AbsentAfter}
	save := true
	action := core.AuditCheckIn
	switch {
	case out:
		action, res.Replaced = core.AuditCheckOut, !rec.CheckOut.IsZero()
		rec.CheckOut = at
	case !rec.CheckIn.IsZero() && !rec.CheckIn.After(at):
		save, res.Already = false, true
	default:
		rec.CheckIn = at
	}
	if save {
		judge(setup.Policy, plan, &rec)
		if outside {
			res.Flag = FlagOutsideSite
			rec.flag(FlagOutsideSite)
		}
	}
	after := snapshot(rec)
	after["source"], after["external_key"] = source, key
	audit := core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: action, EntityType: "attendance",
		EntityID: m.Employee.Key + "@" + rec.WorkDate.String(), Before: before, After: after,
		Channel: source, Outcome: core.OutcomeOK, At: s.clock.Now(),
	}
	imp := ImportedPunch{OrgID: m.Org.ID, EmployeeID: m.Employee.ID, WorkDate: rec.WorkDate, Source: source, Key: key}
	stored, isNew, err := imports.ImportRecord(ctx, imp, rec, audit, save)
	if err != nil {
		return PunchResult{}, false, fmt.Errorf("import punch of %s: %w", m.Employee.Key, err)
	}
	res.Record = stored
	return res, isNew, nil
}

// checkInRecordFor is the record a check-in of m at at goes on, with its
// plan: a cover m accepted, else their own plan for the punch (even when
// too early or after the shift: an imported punch was made), and the
// record already stored that day if any.
func (s *Service) checkInRecordFor(ctx context.Context, setup *Setup, m core.Member, at time.Time) (Record, Plan, error) {
	plan, _ := setup.planForPunch(m.Employee, at)
	if cover, ok, err := s.coverPlan(ctx, setup, m.Employee, plan, at); err != nil {
		return Record{}, Plan{}, err
	} else if ok {
		plan = cover
	}
	rec, err := s.store.FindRecord(ctx, m.Org.ID, m.Employee.ID, plan.Date)
	switch {
	case err == nil:
		return rec, plan, nil
	case core.ErrorCodeOf(err) != core.ENotFound:
		return Record{}, Plan{}, fmt.Errorf("import check-in of %s: %w", m.Employee.Key, err)
	}
	return Record{
		OrgID: m.Org.ID, EmployeeID: m.Employee.ID, WorkDate: plan.Date, ShiftKey: plan.Shift.Key, DayKind: plan.DayKind,
		PlannedStart: plan.Start, PlannedEnd: plan.End, BreakMinutes: plan.Shift.BreakMinutes,
	}, plan, nil
}
