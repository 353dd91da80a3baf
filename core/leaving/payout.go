package leaving

import (
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// PayDaysPerMonth is the month's paid days a daily wage is figured by
// (月计薪天数, implementing measures art. 10 with the 2008 notice on
// working days).
var PayDaysPerMonth = decimal.RequireFromString("21.75")

// Payout is what unused statutory annual leave pays when someone leaves.
type Payout struct {
	Worked int             // days of the year up to the last day
	Earned int             // Worked/365 × entitlement, rounded down
	Days   decimal.Decimal // earned less taken, never below 0
	Daily  decimal.Decimal // the daily wage
	Amount decimal.Decimal // 200 % of Daily for each day, on top of the normal wage
}

// LeavePayout is the payout of unused statutory annual leave (Regulations
// on Paid Annual Leave for Employees art. 5; implementing measures
// art. 10, 12): the year's entitlement pro-rated by the days worked this
// year — (days worked / 365) × entitlement, the part short of a whole day
// dropped — less the days taken, each paid at 300 % of the daily wage, of
// which the normal 100 % is paid already, so the line adds 200 %. The
// daily wage is the monthly wage / 21.75.
func LeavePayout(yearStart, lastDay core.Date, entitlementDays int, taken, monthly decimal.Decimal) Payout {
	return LeavePayoutAt(yearStart, lastDay, entitlementDays, taken, monthly.Div(PayDaysPerMonth).Round(2))
}

// LeavePayoutAt is LeavePayout at a daily wage given: an hourly worker's
// is their hourly rate for a working day.
func LeavePayoutAt(yearStart, lastDay core.Date, entitlementDays int, taken, daily decimal.Decimal) Payout {
	worked := yearStart.DaysUntil(lastDay) + 1
	if worked < 0 {
		worked = 0
	}
	earned := worked * entitlementDays / 365
	days := decimal.NewFromInt(int64(earned)).Sub(taken)
	if days.IsNegative() {
		days = decimal.Zero
	}
	return Payout{Worked: worked, Earned: earned, Days: days, Daily: daily, Amount: days.Mul(daily).Mul(decimal.NewFromInt(2)).Round(2)}
}
