package leave

import (
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Unit is the smallest amount of a leave type one can take.
type Unit string

// Leave units.
const (
	UnitDay     Unit = "day"
	UnitHalfDay Unit = "half_day"
	UnitHour    Unit = "hour"
)

// Accrual says where a leave type's yearly balance comes from.
type Accrual string

// Accrual rules.
const (
	// AccrualNone: no balance is kept (unpaid personal leave, sick leave on
	// a doctor's note); requests are only checked for overlap.
	AccrualNone Accrual = "none"
	// AccrualFixed: EntitlementDays every year, prorated in the year of hire.
	AccrualFixed Accrual = "fixed"
	// AccrualStatutoryCN: China's statutory annual leave by cumulative
	// working years (under 1: 0, 1–10: 5 days, 10–20: 10, 20+: 15),
	// prorated by the days of the year spent at each tier in this org.
	AccrualStatutoryCN Accrual = "statutory_cn"
	// AccrualRestDayOvertime: compensatory time off (调休) earned one for
	// one from rest-day overtime recorded by attendance.
	AccrualRestDayOvertime Accrual = "rest_day_overtime"
)

// Type is a kind of leave an org grants.
type Type struct {
	Key             string
	Name            string
	Aliases         []string // words people type: 年假, annual, vacation
	Paid            bool
	Unit            Unit
	Accrual         Accrual
	EntitlementDays int // for AccrualFixed
	// CarryOverDays of a year's unused balance move to the next year and
	// expire after CarryOverExpiry (a month and day of the next year, "03-31").
	CarryOverDays   int
	CarryOverExpiry string
	ReasonRequired  bool
	// AttachmentRequired asks for a document (a doctor's note, a marriage
	// certificate), which the employee hands to HR.
	AttachmentRequired bool
	// AllowNegative lets the balance go below zero (an advance on next year).
	AllowNegative bool
	// NoticeDays is how many working days ahead the leave must be asked
	// for (annual leave 3 days ahead); 0 for none.
	NoticeDays int
	// AppliesTo limits the type to some people: selectors such as
	// "gender:female", "team:cs", "job:customer-service", "role:manager",
	// any of which lets a person take it; empty means everyone.
	AppliesTo []string
	// NoProration grants a fixed entitlement in full in the year someone
	// joins, for leave granted per event (maternity, marriage).
	NoProration bool
}

// ForEmployee reports whether e may take leave of type t.
func (t Type) ForEmployee(e core.Employee) bool {
	if len(t.AppliesTo) == 0 {
		return true
	}
	for _, sel := range t.AppliesTo {
		kind, value, _ := strings.Cut(sel, ":")
		switch kind {
		case "gender":
			if string(e.Gender) == value {
				return true
			}
		case "team":
			if e.TeamKey == value {
				return true
			}
		case "job":
			if e.Job == value {
				return true
			}
		case "role":
			if string(e.Role) == value {
				return true
			}
		}
	}
	return false
}

// ValidSelector reports whether s is a selector Type.AppliesTo
// understands.
func ValidSelector(s string) bool {
	kind, value, ok := strings.Cut(s, ":")
	if !ok || value == "" {
		return false
	}
	switch kind {
	case "gender":
		return value == string(core.Female) || value == string(core.Male)
	case "team", "job":
		return core.ValidKey(value)
	case "role":
		return core.Role(value).Valid()
	}
	return false
}

// Policy holds an org's leave settings.
type Policy struct {
	// DayMinutes is how long a day of leave is, for hourly leave.
	DayMinutes int
	// HRApprovalOverDays: requests longer than this also need HR's approval.
	HRApprovalOverDays int
	// ResendAfterHours: a request pending this long is sent to its approver again.
	ResendAfterHours int
}

// DefaultPolicy is what an org file without a leave section gets.
func DefaultPolicy() Policy {
	return Policy{DayMinutes: 480, HRApprovalOverDays: 3, ResendAfterHours: 24}
}
