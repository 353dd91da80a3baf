// Package contracts keeps each person's employment contracts (劳动合同)
// and the deadlines Chinese labour law attaches to them: the kinds of
// contract, the probation allowed for each term (Labour Contract Law art.
// 19 and 70), the reminders HR and the manager get before a deadline is
// missed (a contract still unsigned 20 days after hiring, a probation
// ending, a fixed term ending) and the decisions taken on them (转正,
// extending a probation, ending employment in probation, renewing).
package contracts

import (
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Kind is what sort of contract it is.
type Kind string

// Kinds of contract. The first four are labour contracts under the Labour
// Contract Law; an internship and a labour-service agreement (劳务, such as
// with a retiree) are civil agreements outside it.
const (
	FixedTerm     Kind = "fixed_term"     // 固定期限
	OpenEnded     Kind = "open_ended"     // 无固定期限
	Task          Kind = "task"           // 以完成一定工作任务为期限
	PartTime      Kind = "part_time"      // 非全日制
	Internship    Kind = "internship"     // 实习
	LabourService Kind = "labour_service" // 劳务
)

// Kinds lists the kinds, in the order forms and buttons offer them.
func Kinds() []Kind {
	return []Kind{FixedTerm, OpenEnded, Task, PartTime, Internship, LabourService}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if k == x {
			return true
		}
	}
	return false
}

// Labour reports whether a contract of kind k is a labour contract, to
// which the Labour Contract Law's probation and renewal rules apply.
func (k Kind) Labour() bool { return k != Internship && k != LabourService }

// kindWords are the words people write for each kind, in both languages.
var kindWords = map[string]Kind{
	"fixed": FixedTerm, "fixed-term": FixedTerm, "fixed_term": FixedTerm, "fixedterm": FixedTerm, "固定期限": FixedTerm, "固定": FixedTerm,
	"open": OpenEnded, "open-ended": OpenEnded, "open_ended": OpenEnded, "openended": OpenEnded, "permanent": OpenEnded,
	"无固定期限": OpenEnded, "无固定": OpenEnded,
	"task": Task, "task-based": Task, "project": Task, "以完成一定工作任务为期限": Task, "任务": Task, "项目": Task,
	"part-time": PartTime, "parttime": PartTime, "part_time": PartTime, "非全日制": PartTime, "兼职": PartTime,
	"intern": Internship, "internship": Internship, "实习": Internship,
	"labour": LabourService, "labor": LabourService, "labour-service": LabourService, "labour_service": LabourService,
	"labor-service": LabourService, "service": LabourService, "劳务": LabourService,
}

// ParseKind reads a kind as people write it: "fixed", "固定期限", "劳务"…
func ParseKind(s string) (Kind, bool) {
	k, ok := kindWords[strings.ToLower(strings.TrimSpace(s))]
	return k, ok
}

// Terms is what is agreed in a contract: the part HR enters and edits.
type Terms struct {
	Kind  Kind
	Start core.Date
	// End is the last day; zero for an open-ended contract, and for a
	// task-based, part-time or other contract whose end is not known.
	End core.Date
	// ProbationEnd is the last day of probation; zero for none.
	ProbationEnd core.Date
	// Signed is when both sides signed; zero while unsigned.
	Signed core.Date
}

// Contract is one contract of one person. A person has several over time;
// the current one is the one covering today (Current).
type Contract struct {
	Terms
	ID           int64
	OrgID        int64
	EmployeeID   int64
	EmployeeKey  string
	EmployeeName string
	// Probation is what became of the probation; its Outcome is "" while
	// undecided.
	Probation Decision
	// Renewal is what was decided about renewing a fixed term.
	Renewal Decision
	// Scan is the signed copy kept in the person's documents; its
	// DocumentID is 0 while there is none (scan.go).
	Scan      Scan
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Decision is an outcome, who took it and when.
type Decision struct {
	Outcome Outcome
	ByName  string
	At      time.Time
}

// Outcome is a decision on a probation or a renewal.
type Outcome string

// Outcomes.
const (
	Confirmed Outcome = "confirmed" // 转正: the probation was passed
	Ended     Outcome = "ended"     // employment ends in probation (不予录用)
	Renew     Outcome = "renew"     // the fixed term is to be renewed (续签)
	NotRenew  Outcome = "not_renew" // the fixed term is not renewed (不续签)
)

// Covers reports whether the contract covers day d.
func (c Contract) Covers(d core.Date) bool {
	return !d.Before(c.Start) && (c.End.IsZero() || !d.After(c.End))
}

// InProbation reports whether d falls in the contract's probation and no
// decision ended it.
func (c Contract) InProbation(d core.Date) bool {
	return !c.ProbationEnd.IsZero() && c.Probation.Outcome == "" && !d.Before(c.Start) && !d.After(c.ProbationEnd)
}

// Current is the contract of cs covering today: of several (a contract
// without an end followed by a new one), the one that started last.
func Current(cs []Contract, today core.Date) (Contract, bool) {
	var cur Contract
	found := false
	for _, c := range cs {
		if c.Covers(today) && (!found || c.Start.After(cur.Start)) {
			cur, found = c, true
		}
	}
	return cur, found
}

// Snapshot is the terms as an audit row records them.
func (t Terms) Snapshot() map[string]any {
	m := map[string]any{"kind": string(t.Kind), "start": t.Start.String()}
	for k, d := range map[string]core.Date{"end": t.End, "probation_end": t.ProbationEnd, "signed": t.Signed} {
		if !d.IsZero() {
			m[k] = d.String()
		}
	}
	return m
}
