package contracts

import (
	"slices"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// PeriodEnd is the last day of a period of n months starting on d: the
// day before the day with d's number n months later, or the last day of
// that month when it has no such day (Civil Code art. 203, as labour
// practice counts a contract's term: 2026-01-01 + 1 month ends on
// 2026-01-31, 2026-01-31 + 1 month on 2026-02-28).
func PeriodEnd(d core.Date, n int) core.Date {
	first := core.NewDate(d.Year, d.Month+time.Month(n), 1)
	last := first.MonthEnd()
	if d.Day > last.Day {
		return last
	}
	return core.NewDate(first.Year, first.Month, d.Day).AddDays(-1)
}

// Term is the length class of a contract's term that art. 19 sets the
// longest probation by.
type Term string

// Terms of a contract, as art. 19 groups them.
const (
	TermUnder3Months Term = "under_3m" // no probation
	Term3To12Months  Term = "3m_1y"    // at most 1 month
	Term1To3Years    Term = "1y_3y"    // at most 2 months
	Term3YearsOrMore Term = "3y"       // at most 6 months, as open-ended
	TermOpen         Term = "open"     // open-ended: at most 6 months
)

// TermOf classes a fixed term from start to end (both days included): a
// term of exactly 3 months, 1 year or 3 years is in the longer class
// ("三个月以上" includes three months).
func TermOf(start, end core.Date) Term {
	switch {
	case end.Before(PeriodEnd(start, 3)):
		return TermUnder3Months
	case end.Before(PeriodEnd(start, 12)):
		return Term3To12Months
	case end.Before(PeriodEnd(start, 36)):
		return Term1To3Years
	}
	return Term3YearsOrMore
}

// Probation is what the law allows as probation for some terms.
type Probation struct {
	// Months is the longest probation; 0 when none is allowed.
	Months int
	// Latest is the last day the probation may run to; zero when none.
	Latest core.Date
	// Term is the term's class (art. 19), for fixed and open-ended terms.
	Term Term
	// Why is the error key that refuses any probation for this kind or
	// term ("contract.probation_task"), when none is allowed.
	Why string
}

// MaxProbation is the longest probation a contract with terms t may have,
// by Labour Contract Law art. 19 (and art. 70 for part-time work). It
// needs t's kind, start and (for a fixed term) end.
func MaxProbation(t Terms) Probation {
	switch t.Kind {
	case Task:
		return Probation{Why: "contract.probation_task"}
	case PartTime:
		return Probation{Why: "contract.probation_part_time"}
	case Internship, LabourService:
		return Probation{Why: "contract.probation_not_labour"}
	case OpenEnded:
		return Probation{Months: 6, Latest: PeriodEnd(t.Start, 6), Term: TermOpen}
	}
	if t.End.IsZero() || t.Start.IsZero() {
		return Probation{}
	}
	term := TermOf(t.Start, t.End)
	months := map[Term]int{TermUnder3Months: 0, Term3To12Months: 1, Term1To3Years: 2, Term3YearsOrMore: 6}[term]
	if months == 0 {
		return Probation{Term: term, Why: "contract.probation_short_term"}
	}
	return Probation{Months: months, Latest: PeriodEnd(t.Start, months), Term: term}
}

// termNames are the term classes as errors name them, bilingual so that a
// reader gets their language (core.NameIn).
var termNames = map[Term]string{
	Term3To12Months:  "期限三个月以上不满一年 a term of 3 months to under 1 year",
	Term1To3Years:    "期限一年以上不满三年 a term of 1 to under 3 years",
	Term3YearsOrMore: "期限三年以上 a term of 3 years or more",
	TermOpen:         "无固定期限 an open-ended contract",
}

// Check applies the rules to terms t of a person's contract, against
// their other contracts (without the one being edited) and today. Errors
// (EInvalid, each with its catalogue key): contract.bad_kind,
// contract.start_required, contract.end_required (a fixed term without an
// end), contract.end_open_ended, contract.end_before_start,
// contract.signed_future, contract.probation_before_start,
// contract.probation_after_end, contract.probation_task,
// contract.probation_part_time, contract.probation_not_labour,
// contract.probation_short_term, contract.probation_too_long (Args months,
// latest, term), contract.probation_twice (Args start); and EConflict
// contract.overlap (Args start, end).
func Check(t Terms, others []Contract, today core.Date) error {
	if err := checkDates(t, today); err != nil {
		return err
	}
	if err := checkProbation(t); err != nil {
		return err
	}
	for _, o := range others {
		if !t.ProbationEnd.IsZero() && !o.ProbationEnd.IsZero() {
			// Art. 19: one probation per employer and employee.
			return core.Errorf(core.EInvalid, "contract.probation_twice", "a probation was agreed before, in the contract from %s", o.Start).
				With("start", o.Start.String())
		}
	}
	return checkOverlap(t, others)
}

func checkDates(t Terms, today core.Date) error {
	switch {
	case !t.Kind.Valid():
		return core.Errorf(core.EInvalid, "contract.bad_kind", "unknown kind of contract %q", t.Kind).With("kind", string(t.Kind))
	case t.Start.IsZero():
		return core.Errorf(core.EInvalid, "contract.start_required", "a contract needs its first day")
	case t.Kind == FixedTerm && t.End.IsZero():
		return core.Errorf(core.EInvalid, "contract.end_required", "a fixed-term contract needs its last day")
	case t.Kind == OpenEnded && !t.End.IsZero():
		return core.Errorf(core.EInvalid, "contract.end_open_ended", "an open-ended contract has no last day")
	case !t.End.IsZero() && t.End.Before(t.Start):
		return core.Errorf(core.EInvalid, "contract.end_before_start", "the contract ends %s, before it starts %s", t.End, t.Start).
			With("start", t.Start.String()).With("end", t.End.String())
	case !t.Signed.IsZero() && t.Signed.After(today):
		return core.Errorf(core.EInvalid, "contract.signed_future", "signed %s, which is after today", t.Signed).
			With("date", t.Signed.String())
	}
	return nil
}

func checkProbation(t Terms) error {
	p := t.ProbationEnd
	switch {
	case p.IsZero():
		return nil
	case p.Before(t.Start):
		return core.Errorf(core.EInvalid, "contract.probation_before_start", "the probation ends %s, before the contract starts %s", p, t.Start).
			With("date", p.String()).With("start", t.Start.String())
	case !t.End.IsZero() && p.After(t.End):
		return core.Errorf(core.EInvalid, "contract.probation_after_end", "the probation ends %s, after the contract ends %s", p, t.End).
			With("date", p.String()).With("end", t.End.String())
	}
	max := MaxProbation(t)
	if max.Months == 0 {
		return core.Errorf(core.EInvalid, max.Why, "no probation is allowed for this contract")
	}
	if p.After(max.Latest) {
		return core.Errorf(core.EInvalid, "contract.probation_too_long", "the probation may last at most %d months, to %s", max.Months, max.Latest).
			With("months", strconv.Itoa(max.Months)).With("latest", max.Latest.String()).With("term", termNames[max.Term])
	}
	return nil
}

// checkOverlap refuses a contract whose days another one covers too. A
// contract without an end is taken to run until the next one starts, so
// a new contract may follow an open-ended one; two may not start on the
// same day.
func checkOverlap(t Terms, others []Contract) error {
	for _, o := range others {
		a, b := t, o.Terms // a starts first
		if a.Start.After(b.Start) {
			a, b = b, a
		}
		if a.Start != b.Start && (a.End.IsZero() || a.End.Before(b.Start)) {
			continue
		}
		end := "—"
		if !o.End.IsZero() {
			end = o.End.String()
		}
		return core.Errorf(core.EConflict, "contract.overlap", "overlaps the contract from %s to %s", o.Start, end).
			With("start", o.Start.String()).With("end", end)
	}
	return nil
}

// Renewals is what art. 14 says about renewing a fixed-term contract c:
// how many consecutive fixed-term contracts end with it, and the day the
// person completes ten years of service (zero when the hire date is not
// known).
type Renewals struct {
	Consecutive int
	TenYears    core.Date
}

// Entitled reports whether renewing c means an open-ended contract if the
// person asks for one (art. 14: after two consecutive fixed terms, or ten
// years of service by the time the fixed term ends).
func (r Renewals) Entitled(c Contract) bool {
	return r.Consecutive >= 2 || !r.TenYears.IsZero() && !c.End.Before(r.TenYears.AddDays(-1))
}

// RenewalsOf counts the fixed-term contracts among a person's contracts
// (history) that run without another kind between them up to and
// including c. Internships and the like break the run too: they are not
// labour contracts.
func RenewalsOf(history []Contract, c Contract, hire core.Date) Renewals {
	var r Renewals
	if !hire.IsZero() {
		r.TenYears = core.NewDate(hire.Year+10, hire.Month, hire.Day)
	}
	for _, h := range sortedByStart(history) {
		if h.Start.After(c.Start) {
			break
		}
		if h.Kind == FixedTerm {
			r.Consecutive++
		} else {
			r.Consecutive = 0
		}
	}
	return r
}

// sortedByStart returns a copy of cs, earliest first.
func sortedByStart(cs []Contract) []Contract {
	out := slices.Clone(cs)
	slices.SortFunc(out, func(a, b Contract) int { return a.Start.Compare(b.Start) })
	return out
}
