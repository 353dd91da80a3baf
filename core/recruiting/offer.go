package recruiting

// Offers and hiring: the hiring manager (or HR) makes a candidate at
// stage interview an offer — pay, start date, team, manager — which
// moves the application to stage offer; the candidate accepts or
// declines it in chat. Accepting makes them an employee in one
// transaction (the person, employee.hired so onboarding makes their
// checklist, the invite code, the application hired, the opening filled
// once its headcount is hired), and sends them the code to link their
// chat account.
//
// Service methods (wired with Service.WithHiring):
//
//   - MakeOffer(ctx, m, appID, OfferAsk, channel) — hiring manager or
//     HR; the candidate gets Kind TellOffer.
//   - AnswerOffer(ctx, acc, offerID, accept) — the candidate's buttons;
//     returns OfferAnswer (with the invite code on acceptance).
//   - Interviews(ctx, m, appID, channel) returns the offer with the
//     application's interviews.
//
// Messages to the candidate (Params "application", "job", "locale" as
// for interviews, and "offer" the offer's id):
//
//   - TellOffer "recruiting.offer": "salary" (a decimal, yuan), "pay_kind"
//     (PayMonthly or PayHourly), "start_date" (YYYY-MM-DD), "team" and
//     "manager" (names; "" none). Two buttons: AnswerOffer(offer, true)
//     and AnswerOffer(offer, false).
//   - TellHired "recruiting.hired": "code" (the invite code: "send /start
//     CODE" — on Telegram in this same chat), "employee" (their key),
//     "start_date".
//
// Notifications (Params "application", "offer"):
//
//   - NotifyOfferAnswered "recruiting.offer_answered" to the offer's
//     sender and the opening's hiring manager: "answer" ("accepted" or
//     "declined"), "employee" (the new person's key, when accepted).
//
// An internal candidate (an employee already) gets no offer: MakeOffer
// refuses with EInvalid "recruiting.internal_offer" — they move by a
// transfer (core/transfer), which keeps their contract, history and
// balances. The job description's pay range, once there is one, is not
// checked here.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// Offer status.
const (
	OfferSent      = "sent"
	OfferAccepted  = "accepted"
	OfferDeclined  = "declined"
	OfferWithdrawn = "withdrawn"
)

// How an offer's salary is paid.
const (
	PayMonthly = "monthly"
	PayHourly  = "hourly"
)

// Offer messages, notifications and audit actions.
const (
	TellOffer           = "recruiting.offer"
	TellHired           = "recruiting.hired"
	NotifyOfferAnswered = "recruiting.offer_answered"
	AuditOffer          = "recruiting.offer"
	AuditOfferAnswer    = "recruiting.offer_answer"
	AuditHire           = "recruiting.hire"
	AuditFilled         = "recruiting.filled"
)

// DeclinedReason is the reason an application withdrawn by a declined
// offer records.
const DeclinedReason = "declined offer"

// maxSalary is the most numeric(12, 2) holds.
var maxSalary = decimal.RequireFromString("9999999999.99")

// OfferAsk is an offer as the hiring manager makes it.
type OfferAsk struct {
	Salary    decimal.Decimal // yuan a month, or an hour
	PayKind   string          // PayMonthly or PayHourly
	StartDate core.Date       // the first day: today or later
	Team      string          // a team's key; "" none
	Manager   string          // an employee's key; "" the opening's hiring manager
}

// JobOffer is an offer made to a candidate and their answer.
type JobOffer struct {
	ID            int64
	OrgID         int64
	ApplicationID int64
	Salary        decimal.Decimal
	PayKind       string
	StartDate     core.Date
	TeamID        int64 // 0 none
	TeamKey       string
	TeamName      string
	ManagerID     int64
	ManagerName   string
	Status        string
	SentBy        int64
	SentAt        time.Time
	AnsweredAt    time.Time // zero while sent
	EmployeeID    int64     // the person an accepted offer made
}

// OfferStore keeps offers and makes the hire an accepted one is.
type OfferStore interface {
	// TeamByKey returns ENotFound when the org has no such team.
	TeamByKey(ctx context.Context, orgID int64, key string) (core.Team, error)
	// CreateOffer stores o with its audit row and returns it with its
	// id; EConflict "recruiting.offer_exists" when the application has one.
	CreateOffer(ctx context.Context, o JobOffer, audit core.AuditEntry) (JobOffer, error)
	// OfferOfApplication returns an application's offer; ENotFound.
	OfferOfApplication(ctx context.Context, orgID, applicationID int64) (JobOffer, error)
	// OfferOf returns offer id with its application when the application
	// is the candidate's on acc; ENotFound otherwise.
	OfferOf(ctx context.Context, acc Account, id int64) (JobOffer, Application, error)
	// DeclineOffer records o declined, only while it is sent (EConflict
	// "recruiting.offer_answered"), with its audit row.
	DeclineOffer(ctx context.Context, o JobOffer, audit core.AuditEntry) error
	// Hire makes the person an accepted offer hires, in one transaction
	// (see Hire).
	Hire(ctx context.Context, h Hire) (HireResult, error)
}

// MakeOffer makes the candidate of an application at stage interview an
// offer: the application moves to stage offer (as Advance would, one
// already there stays) and the candidate gets the offer to accept or
// decline. The opening's hiring manager, HR and admins may. Errors:
// EForbidden (audited); EInvalid recruiting.offer_stage,
// recruiting.internal_offer, recruiting.offer_salary,
// recruiting.offer_pay_kind, recruiting.offer_start_past,
// recruiting.offer_start_far, recruiting.offer_no_team,
// employee.not_found, recruiting.manager_left; EConflict
// recruiting.offer_exists, recruiting.moved_meanwhile.
func (s *Service) MakeOffer(ctx context.Context, m core.Member, appID int64, ask OfferAsk, channel string) (JobOffer, error) {
	h, err := s.hiringStore()
	if err != nil {
		return JobOffer{}, err
	}
	a, err := s.Application(ctx, m, appID, channel)
	if err != nil {
		return JobOffer{}, err
	}
	switch {
	case a.Stage != Interview && a.Stage != Offer:
		return JobOffer{}, core.Errorf(core.EInvalid, "recruiting.offer_stage", "application %d is %s, not at interview", a.ID, a.Stage).
			With("stage", string(a.Stage))
	case a.Candidate.EmployeeID != 0:
		return JobOffer{}, internalOffer(a)
	}
	org, err := s.store.OrgByID(ctx, a.OrgID)
	if err != nil {
		return JobOffer{}, err
	}
	o, err := s.offerTerms(ctx, h, org, a, ask)
	if err != nil {
		return JobOffer{}, err
	}
	now := s.clock.Now()
	o.Status, o.SentBy, o.SentAt = OfferSent, m.Employee.ID, now
	audit := core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditOffer, EntityType: "application",
		EntityID: strconv.FormatInt(a.ID, 10), After: map[string]any{"salary": o.Salary.String(), "pay_kind": o.PayKind,
			"start_date": o.StartDate.String(), "team": o.TeamKey, "manager": o.ManagerID}, Channel: channel,
		Outcome: core.OutcomeOK, At: now}
	err = s.store.InTurn(ctx, func(ctx context.Context) error {
		if a.Stage == Interview {
			if _, err := s.move(ctx, m, a, Offer, "", channel); err != nil {
				return err
			}
		}
		if o, err = h.CreateOffer(ctx, o, audit); err != nil {
			return err
		}
		p := s.candidateParams(a)
		p["offer"], p["salary"], p["pay_kind"], p["start_date"] = strconv.FormatInt(o.ID, 10), o.Salary.String(), o.PayKind, o.StartDate.String()
		p["team"], p["manager"] = o.TeamName, o.ManagerName
		return s.sendCandidate(ctx, a, TellOffer, p, "offer:"+p["offer"])
	})
	if err != nil {
		return JobOffer{}, fmt.Errorf("offer for application %d: %w", a.ID, err)
	}
	return o, nil
}

// offerTerms checks what ask offers and resolves its team and manager.
func (s *Service) offerTerms(ctx context.Context, h HiringStore, org core.Org, a Application, ask OfferAsk) (JobOffer, error) {
	o := JobOffer{OrgID: a.OrgID, ApplicationID: a.ID, Salary: ask.Salary.Round(2), PayKind: ask.PayKind, StartDate: ask.StartDate}
	today := core.DateOf(s.clock.Now().In(org.Location()))
	switch {
	case !o.Salary.IsPositive() || o.Salary.GreaterThan(maxSalary):
		return o, core.Errorf(core.EInvalid, "recruiting.offer_salary", "a salary above 0, not %s", ask.Salary).
			With("salary", ask.Salary.String())
	case o.PayKind != PayMonthly && o.PayKind != PayHourly:
		return o, core.Errorf(core.EInvalid, "recruiting.offer_pay_kind", "pay %q is neither monthly nor hourly", o.PayKind)
	case o.StartDate.IsZero() || !o.StartDate.Valid() || o.StartDate.Before(today):
		return o, core.Errorf(core.EInvalid, "recruiting.offer_start_past", "a start date from %s on", today).With("date", today.String())
	case o.StartDate.After(today.AddDays(366)):
		return o, core.Errorf(core.EInvalid, "recruiting.offer_start_far", "a start date within a year, not %s", o.StartDate).
			With("date", o.StartDate.String())
	}
	if key := strings.ToLower(strings.TrimSpace(ask.Team)); key != "" {
		t, err := h.TeamByKey(ctx, a.OrgID, key)
		if core.ErrorCodeOf(err) == core.ENotFound {
			return o, core.Errorf(core.EInvalid, "recruiting.offer_no_team", "no team %q", ask.Team).With("team", ask.Team)
		}
		if err != nil {
			return o, err
		}
		o.TeamID, o.TeamKey, o.TeamName = t.ID, t.Key, t.Name
	}
	var manager core.Employee
	var err error
	if key := strings.ToLower(strings.TrimSpace(ask.Manager)); key != "" {
		manager, err = s.store.FindEmployee(ctx, a.OrgID, key)
		if core.ErrorCodeOf(err) == core.ENotFound {
			return o, core.Errorf(core.EInvalid, "employee.not_found", "no employee %q", ask.Manager).With("key", ask.Manager)
		}
	} else {
		manager, err = s.store.FindEmployeeByID(ctx, a.OrgID, a.HiringManagerID)
	}
	if err != nil {
		return o, err
	}
	if manager.Status != core.StatusActive {
		return o, core.Errorf(core.EInvalid, "recruiting.manager_left", "%s has left", manager.Key).With("name", manager.Name)
	}
	o.ManagerID, o.ManagerName = manager.ID, manager.Name
	return o, nil
}

func internalOffer(a Application) error {
	return core.Errorf(core.EInvalid, "recruiting.internal_offer",
		"application %d is an employee's: move them by a transfer, not an offer", a.ID)
}
