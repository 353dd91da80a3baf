package store

import (
	"context"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

func (a *applier) leavePolicy(ctx context.Context, orgID int64, p leave.Policy) error {
	current := map[string]any{}
	var cur leave.Policy
	err := a.tx.QueryRow(ctx, `SELECT day_minutes, hr_approval_over_days, resend_after_hours FROM leave_policies WHERE org_id = $1`, orgID).
		Scan(&cur.DayMinutes, &cur.HRApprovalOverDays, &cur.ResendAfterHours)
	if err == nil {
		current["leave"] = cur
	} else if core.ErrorCodeOf(interpret(err)) != core.ENotFound {
		return interpret(err)
	}
	return a.syncSet(ctx, orgID, "leave_policy", current, []setItem{{"leave", p}}, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO leave_policies (org_id, day_minutes, hr_approval_over_days, resend_after_hours) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id) DO UPDATE SET day_minutes = EXCLUDED.day_minutes,
			    hr_approval_over_days = EXCLUDED.hr_approval_over_days, resend_after_hours = EXCLUDED.resend_after_hours`,
			orgID, p.DayMinutes, p.HRApprovalOverDays, p.ResendAfterHours)
		return err
	}, nil)
}

// leaveTypeSnap is a leave type as compared and audited: aliases joined so
// it stays comparable.
type leaveTypeSnap struct {
	Name, Aliases, Unit, Accrual, CarryOverExpiry   string
	Paid, ReasonRequired, AllowNegative, Attachment bool
	EntitlementDays, CarryOverDays                  int
	NoticeDays                                      int    `json:",omitempty"`
	AppliesTo                                       string `json:",omitempty"`
	NoProration                                     bool   `json:",omitempty"`
}

func snapLeaveType(t leave.Type) leaveTypeSnap {
	return leaveTypeSnap{t.Name, strings.Join(t.Aliases, ","), string(t.Unit), string(t.Accrual), t.CarryOverExpiry,
		t.Paid, t.ReasonRequired, t.AllowNegative, t.AttachmentRequired, t.EntitlementDays, t.CarryOverDays,
		t.NoticeDays, strings.Join(t.AppliesTo, ","), t.NoProration}
}

// leaveTypes upserts the file's leave types. Types the file drops stay:
// past requests refer to them.
func (a *applier) leaveTypes(ctx context.Context, orgID int64, types []leave.Type) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `SELECT key, name, aliases, paid, unit, accrual, entitlement_days, carry_over_days,
		carry_over_expiry, reason_required, allow_negative, attachment_required, notice_days, applies_to, NOT prorate
		FROM leave_types WHERE org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var t leave.Type
		if err := rows.Scan(&t.Key, &t.Name, &t.Aliases, &t.Paid, &t.Unit, &t.Accrual, &t.EntitlementDays, &t.CarryOverDays,
			&t.CarryOverExpiry, &t.ReasonRequired, &t.AllowNegative, &t.AttachmentRequired, &t.NoticeDays, &t.AppliesTo, &t.NoProration); err != nil {
			rows.Close()
			return interpret(err)
		}
		current[t.Key] = snapLeaveType(t)
	}
	rows.Close()
	byKey := map[string]leave.Type{}
	var want []setItem
	for _, t := range types {
		byKey[t.Key] = t
		want = append(want, setItem{t.Key, snapLeaveType(t)})
	}
	return a.syncSet(ctx, orgID, "leave_type", current, want, func(key string) error {
		t := byKey[key]
		aliases, appliesTo := t.Aliases, t.AppliesTo
		if aliases == nil {
			aliases = []string{}
		}
		if appliesTo == nil {
			appliesTo = []string{}
		}
		_, err := a.tx.Exec(ctx, `
			INSERT INTO leave_types (org_id, key, name, aliases, paid, unit, accrual, entitlement_days, carry_over_days,
			    carry_over_expiry, reason_required, allow_negative, attachment_required, notice_days, applies_to, prorate)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
			ON CONFLICT (org_id, key) DO UPDATE SET name = EXCLUDED.name, aliases = EXCLUDED.aliases, paid = EXCLUDED.paid,
			    unit = EXCLUDED.unit, accrual = EXCLUDED.accrual, entitlement_days = EXCLUDED.entitlement_days,
			    carry_over_days = EXCLUDED.carry_over_days, carry_over_expiry = EXCLUDED.carry_over_expiry,
			    reason_required = EXCLUDED.reason_required, allow_negative = EXCLUDED.allow_negative,
			    attachment_required = EXCLUDED.attachment_required, notice_days = EXCLUDED.notice_days,
			    applies_to = EXCLUDED.applies_to, prorate = EXCLUDED.prorate`,
			orgID, t.Key, t.Name, aliases, t.Paid, t.Unit, t.Accrual, t.EntitlementDays, t.CarryOverDays,
			t.CarryOverExpiry, t.ReasonRequired, t.AllowNegative, t.AttachmentRequired, t.NoticeDays, appliesTo, !t.NoProration)
		return err
	}, nil)
}
