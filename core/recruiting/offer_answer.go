package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Hire is an accepted offer as the store makes it a person, in one
// transaction: the employee (Key made unique with -2, -3… when taken;
// name, the opening's job, the offer's team and manager, hire date the
// start date, role employee, Locale), employee.hired as the staff desk
// publishes it (so onboarding makes the checklist), the invite with
// InviteHash, the offer accepted with the person, the application's
// hired_employee_id, the opening filled once as many are hired as it
// wanted; the audit rows, and Notify.
type Hire struct {
	Offer         JobOffer
	Application   Application
	Key           string
	Name          string
	Locale        core.Locale
	InviteHash    []byte
	InviteExpires time.Time
	Channel       string
	At            time.Time
	// The audit rows: the hire and the invite (EntityID and the key in
	// After filled by the store), the offer's answer, and the opening
	// filled (written only when it is).
	HireAudit, InviteAudit, AnswerAudit, FilledAudit core.AuditEntry
	// Notify are written with it, Params "employee" set to the key.
	Notify []core.Notification
}

// HireResult is who an accepted offer made.
type HireResult struct {
	EmployeeID int64
	Key        string
	// Filled is set when this hire filled the opening.
	Filled bool
}

// OfferAnswer is what answering an offer did.
type OfferAnswer struct {
	Offer       JobOffer
	Application Application
	// On acceptance: the new person's key, their one-time invite code
	// (shown to nobody else; also in the TellHired message), and whether
	// the opening is now filled.
	Employee string
	Code     string
	Filled   bool
}

// AnswerOffer is the candidate accepting or declining their offer. A
// declined offer withdraws the application (reason DeclinedReason). An
// accepted one hires them (see Hire) and sends them TellHired with the
// invite code. Either way the offer's sender and the hiring manager are
// told. Errors: ENotFound "recruiting.no_offer" (not theirs), EConflict
// "recruiting.offer_answered" (answered before; Args status),
// "recruiting.moved_meanwhile"; EInvalid "recruiting.internal_offer".
func (s *Service) AnswerOffer(ctx context.Context, acc Account, offerID int64, accept bool) (OfferAnswer, error) {
	h, err := s.hiringStore()
	if err != nil {
		return OfferAnswer{}, err
	}
	o, a, err := h.OfferOf(ctx, acc, offerID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return OfferAnswer{}, core.Errorf(core.ENotFound, "recruiting.no_offer", "no offer %d of yours", offerID)
	}
	if err != nil {
		return OfferAnswer{}, err
	}
	switch {
	case o.Status != OfferSent:
		return OfferAnswer{Offer: o, Application: a}, answered(o)
	case a.Stage != Offer:
		return OfferAnswer{Offer: o, Application: a}, moved(a)
	case accept && a.Candidate.EmployeeID != 0:
		return OfferAnswer{Offer: o, Application: a}, internalOffer(a)
	}
	channel := string(acc.Platform)
	if accept {
		return s.acceptOffer(ctx, h, o, a, channel)
	}
	return s.declineOffer(ctx, h, o, a, channel)
}

// answeredNotes tell the offer's sender and the hiring manager.
func answeredNotes(o JobOffer, a Application, answer string, now time.Time) []core.Notification {
	params := func() map[string]string {
		return map[string]string{"application": strconv.FormatInt(a.ID, 10), "offer": strconv.FormatInt(o.ID, 10), "answer": answer}
	}
	ns := []core.Notification{{OrgID: a.OrgID, RecipientID: o.SentBy, Kind: NotifyOfferAnswered, Params: params(), CreatedAt: now}}
	if a.HiringManagerID != o.SentBy {
		ns = append(ns, core.Notification{OrgID: a.OrgID, RecipientID: a.HiringManagerID, Kind: NotifyOfferAnswered, Params: params(),
			CreatedAt: now})
	}
	return ns
}

func (s *Service) declineOffer(ctx context.Context, h HiringStore, o JobOffer, a Application, channel string) (OfferAnswer, error) {
	now := s.clock.Now()
	id := strconv.FormatInt(a.ID, 10)
	a.Stage, a.StageSince, a.Reason = Withdrawn, now, DeclinedReason
	o.Status, o.AnsweredAt = OfferDeclined, now
	err := s.store.InTurn(ctx, func(ctx context.Context) error {
		err := s.store.Move(ctx, a, Offer, Move{ApplicationID: a.ID, From: Offer, To: Withdrawn, Reason: DeclinedReason, At: now},
			core.AuditEntry{OrgID: a.OrgID, ActorID: a.Candidate.EmployeeID, ActorLabel: "candidate", Action: AuditMove,
				EntityType: "application", EntityID: id, Before: map[string]any{"stage": Offer}, After: map[string]any{"stage": Withdrawn},
				Channel: channel, Outcome: core.OutcomeOK, Reason: DeclinedReason, At: now},
			answeredNotes(o, a, OfferDeclined, now))
		if err != nil {
			return err
		}
		return h.DeclineOffer(ctx, o, s.answerAudit(o, a, channel, now))
	})
	if err != nil {
		return OfferAnswer{}, fmt.Errorf("decline offer %d: %w", o.ID, err)
	}
	return OfferAnswer{Offer: o, Application: a}, nil
}

func (s *Service) answerAudit(o JobOffer, a Application, channel string, now time.Time) core.AuditEntry {
	return core.AuditEntry{OrgID: a.OrgID, ActorID: a.Candidate.EmployeeID, ActorLabel: "candidate", Action: AuditOfferAnswer,
		EntityType: "offer", EntityID: strconv.FormatInt(o.ID, 10), Before: map[string]any{"status": OfferSent},
		After: map[string]any{"status": o.Status, "application": a.ID}, Channel: channel, Outcome: core.OutcomeOK, At: now}
}

// acceptOffer hires the candidate: the move to hired, the person and
// their invite, the candidate's message with the code, all in one
// transaction.
func (s *Service) acceptOffer(ctx context.Context, h HiringStore, o JobOffer, a Application, channel string) (OfferAnswer, error) {
	now := s.clock.Now()
	id := strconv.FormatInt(a.ID, 10)
	o.Status, o.AnsweredAt = OfferAccepted, now
	a.Stage, a.StageSince = Hired, now
	code := core.NewInviteCode()
	name := strings.TrimSpace(a.Candidate.Name)
	if name == "" {
		name = fmt.Sprintf("cand%d", a.Candidate.ID)
	}
	locale := a.Candidate.Locale
	if locale != core.LocaleZH && locale != core.LocaleEN {
		locale = ""
	}
	snap := map[string]any{"name": name, "role": string(core.RoleEmployee), "status": string(core.StatusActive), "job": a.Job,
		"team": o.TeamKey, "manager": o.ManagerID, "hire_date": o.StartDate.String(), "locale": string(locale), "application": a.ID}
	hire := Hire{Offer: o, Application: a, Key: keyBase(name, a.Candidate.ID), Name: name, Locale: locale,
		InviteHash: core.HashInviteCode(code), InviteExpires: now.Add(core.InviteTTL), Channel: channel, At: now,
		HireAudit: core.AuditEntry{OrgID: a.OrgID, ActorID: o.SentBy, Action: AuditHire, EntityType: "employee", After: snap,
			Channel: channel, Outcome: core.OutcomeOK, Reason: "accepted offer " + strconv.FormatInt(o.ID, 10), At: now},
		InviteAudit: core.AuditEntry{OrgID: a.OrgID, ActorID: o.SentBy, Action: string(core.ActionInviteCreate), EntityType: "employee",
			After: map[string]any{"expires_at": now.Add(core.InviteTTL)}, Channel: channel, Outcome: core.OutcomeOK, At: now},
		AnswerAudit: s.answerAudit(o, a, channel, now),
		FilledAudit: core.AuditEntry{OrgID: a.OrgID, ActorID: o.SentBy, Action: AuditFilled, EntityType: "opening",
			EntityID: strconv.FormatInt(a.OpeningID, 10), After: map[string]any{"status": OpeningFilled}, Channel: channel,
			Outcome: core.OutcomeOK, Reason: "headcount hired", At: now},
		Notify: answeredNotes(o, a, OfferAccepted, now)}
	var hired HireResult
	err := s.store.InTurn(ctx, func(ctx context.Context) error {
		err := s.store.Move(ctx, a, Offer, Move{ApplicationID: a.ID, From: Offer, To: Hired, Reason: "accepted offer", At: now},
			core.AuditEntry{OrgID: a.OrgID, ActorID: a.Candidate.EmployeeID, ActorLabel: "candidate", Action: AuditMove,
				EntityType: "application", EntityID: id, Before: map[string]any{"stage": Offer}, After: map[string]any{"stage": Hired},
				Channel: channel, Outcome: core.OutcomeOK, At: now}, nil)
		if err != nil {
			return err
		}
		if hired, err = h.Hire(ctx, hire); err != nil {
			return err
		}
		p := s.candidateParams(a)
		p["offer"], p["code"], p["employee"], p["start_date"] = strconv.FormatInt(o.ID, 10), code, hired.Key, o.StartDate.String()
		return s.sendCandidate(ctx, a, TellHired, p, "hired")
	})
	if err != nil {
		return OfferAnswer{}, fmt.Errorf("accept offer %d: %w", o.ID, err)
	}
	o.EmployeeID = hired.EmployeeID
	return OfferAnswer{Offer: o, Application: a, Employee: hired.Key, Code: code, Filled: hired.Filled}, nil
}

// keyBase is the key wanted for a person hired under name: its Latin
// letters and digits, lower case, words joined by "-" (王芳 has none:
// pinyin is not at hand), else "cand" and the candidate's id.
func keyBase(name string, candidateID int64) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			gap = false
		case r == ' ' || r == '-' || r == '_' || r == '.' || r == '\t':
			gap = true
		}
	}
	k := b.String()
	if len(k) > 40 {
		k = strings.TrimRight(k[:40], "-")
	}
	if len(k) < 2 {
		return fmt.Sprintf("cand%d", candidateID)
	}
	return k
}

// answered is the error for answering an offer answered before.
func answered(o JobOffer) error {
	return core.Errorf(core.EConflict, "recruiting.offer_answered", "offer %d is %s", o.ID, o.Status).With("status", o.Status)
}
