package recruiting

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// Reschedule moves an interview time: a new start, length, place or
// interviewer (what ask leaves empty stays). A candidate who picked it
// is told the new time, one who did not sees it as one of the times to
// pick; its interviewer is told (the one it no longer is, too); its
// reminders are due again. The opening's hiring manager, HR and admins
// may. Errors: as OfferSlots, ENotFound "recruiting.no_slot", EInvalid
// "recruiting.slot_gone" (cancelled).
func (s *Service) Reschedule(ctx context.Context, m core.Member, slotID int64, ask SlotAsk, channel string) (Slot, error) {
	h, sl, a, err := s.managedSlot(ctx, m, slotID, channel)
	if err != nil {
		return Slot{}, err
	}
	switch {
	case !sl.CancelledAt.IsZero():
		return sl, slotGone(sl)
	case a.Stage != Interview:
		return sl, moved(a)
	}
	now := s.clock.Now()
	before := sl
	if err := s.applyAsk(ctx, &sl, ask, now); err != nil {
		return Slot{}, err
	}
	if sl.Picked() {
		armReminders(&sl, now)
	}
	org, err := s.store.OrgByID(ctx, a.OrgID)
	if err != nil {
		return Slot{}, err
	}
	id, appID := strconv.FormatInt(sl.ID, 10), strconv.FormatInt(a.ID, 10)
	var ns []core.Notification
	if sl.Picked() {
		ns = s.toInterviewers(m, a, before, sl, now)
	}
	audit := core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditReschedule, EntityType: "interview_slot",
		EntityID: id, Before: slotSnapshots([]Slot{before}, org)[0], After: slotSnapshots([]Slot{sl}, org)[0], Channel: channel,
		Outcome: core.OutcomeOK, At: now}
	changed := !sl.Start.Equal(before.Start) || sl.Minutes != before.Minutes || sl.Place != before.Place
	err = s.store.InTurn(ctx, func(ctx context.Context) error {
		if err := h.SaveSlot(ctx, sl, audit, ns); err != nil {
			return err
		}
		if !changed {
			return nil
		}
		p := s.candidateParams(a)
		p["slot"], p["start"], p["minutes"], p["place"] = id, sl.Start.In(org.Location()).Format(time.RFC3339), strconv.Itoa(sl.Minutes), sl.Place
		if sl.Picked() {
			p["picked"] = "1"
		}
		return s.sendCandidate(ctx, a, TellRescheduled, p, fmt.Sprintf("slot:%d:moved:%d", sl.ID, now.UnixMilli()))
	})
	if err != nil {
		return Slot{}, fmt.Errorf("reschedule interview time %d of application %s: %w", sl.ID, appID, err)
	}
	return sl, nil
}

// toInterviewers are the notifications of a picked slot moved from
// before to after: its interviewer hears of the new time, the one it no
// longer is of it being off — neither when they made the change.
func (s *Service) toInterviewers(m core.Member, a Application, before, after Slot, now time.Time) []core.Notification {
	params := func(sl Slot) map[string]string {
		return map[string]string{"application": strconv.FormatInt(a.ID, 10), "slot": strconv.FormatInt(sl.ID, 10)}
	}
	var ns []core.Notification
	if after.InterviewerID != m.Employee.ID {
		p := params(after)
		p["rescheduled"] = "1"
		ns = append(ns, core.Notification{OrgID: a.OrgID, RecipientID: after.InterviewerID, Kind: NotifyInterview, Params: p, CreatedAt: now})
	}
	if before.InterviewerID != after.InterviewerID && before.InterviewerID != m.Employee.ID {
		ns = append(ns, core.Notification{OrgID: a.OrgID, RecipientID: before.InterviewerID, Kind: NotifyInterviewCancelled,
			Params: params(before), CreatedAt: now})
	}
	return ns
}

// Cancel takes an interview time back. A candidate who had picked it is
// told it is off (offer them other times with OfferSlots), and so is its
// interviewer; cancelling it again changes nothing. The opening's hiring
// manager, HR and admins may. Errors: ENotFound "recruiting.no_slot",
// EForbidden (audited).
func (s *Service) Cancel(ctx context.Context, m core.Member, slotID int64, channel string) (Slot, error) {
	h, sl, a, err := s.managedSlot(ctx, m, slotID, channel)
	if err != nil || !sl.CancelledAt.IsZero() {
		return sl, err
	}
	now := s.clock.Now()
	picked := sl.Picked()
	sl.CancelledAt = now
	id := strconv.FormatInt(sl.ID, 10)
	var ns []core.Notification
	if picked && sl.InterviewerID != m.Employee.ID {
		ns = append(ns, core.Notification{OrgID: a.OrgID, RecipientID: sl.InterviewerID, Kind: NotifyInterviewCancelled,
			Params: map[string]string{"application": strconv.FormatInt(a.ID, 10), "slot": id}, CreatedAt: now})
	}
	audit := core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditCancelSlot, EntityType: "interview_slot",
		EntityID: id, Before: map[string]any{"picked": picked}, After: map[string]any{"cancelled": true}, Channel: channel,
		Outcome: core.OutcomeOK, At: now}
	err = s.store.InTurn(ctx, func(ctx context.Context) error {
		if err := h.SaveSlot(ctx, sl, audit, ns); err != nil || !picked {
			return err
		}
		org, err := s.store.OrgByID(ctx, a.OrgID)
		if err != nil {
			return err
		}
		p := s.candidateParams(a)
		p["slot"], p["start"] = id, sl.Start.In(org.Location()).Format(time.RFC3339)
		return s.sendCandidate(ctx, a, TellSlotCancelled, p, "slot:"+id+":cancelled")
	})
	if err != nil {
		return Slot{}, fmt.Errorf("cancel interview time %d: %w", sl.ID, err)
	}
	return sl, nil
}

// NoShow records that the candidate did not come to their interview.
// Its interviewer, the opening's hiring manager, HR and admins may, once
// it has started. Errors: ENotFound "recruiting.no_slot", EForbidden
// (audited), EInvalid "recruiting.not_picked", "recruiting.too_early".
func (s *Service) NoShow(ctx context.Context, m core.Member, slotID int64, channel string) (Slot, error) {
	h, err := s.hiringStore()
	if err != nil {
		return Slot{}, err
	}
	sl, err := s.slot(ctx, h, m.Org.ID, slotID)
	if err != nil {
		return Slot{}, err
	}
	a, err := s.applicationFor(ctx, m, sl.ApplicationID, channel, sl.InterviewerID)
	if err != nil {
		return Slot{}, err
	}
	now := s.clock.Now()
	switch {
	case !sl.Picked():
		return sl, core.Errorf(core.EInvalid, "recruiting.not_picked", "interview time %d is nobody's interview", sl.ID)
	case now.Before(sl.Start):
		return sl, core.Errorf(core.EInvalid, "recruiting.too_early", "interview %d has not started", sl.ID)
	case sl.NoShow:
		return sl, nil
	}
	sl.NoShow = true
	err = h.SaveSlot(ctx, sl, core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditNoShow, EntityType: "interview_slot",
		EntityID: strconv.FormatInt(sl.ID, 10), After: map[string]any{"no_show": true, "application": a.ID}, Channel: channel,
		Outcome: core.OutcomeOK, At: now}, nil)
	if err != nil {
		return Slot{}, fmt.Errorf("no-show at interview time %d: %w", sl.ID, err)
	}
	return sl, nil
}

// Interviews is what an application's card shows of its interviews.
type Interviews struct {
	Application Application
	Slots       []Slot // every time offered, by start
	Cards       []Scorecard
	// Average is the cards' mean score, rounded to a tenth; zero
	// without cards.
	Average decimal.Decimal
	Offer   *JobOffer // nil until one is made
}

// Interviews returns an application's interview times, scorecards,
// their average and its offer, for its hiring manager, its interviewers,
// HR and admins. Errors: ENotFound, EForbidden (audited).
func (s *Service) Interviews(ctx context.Context, m core.Member, appID int64, channel string) (Interviews, error) {
	h, err := s.hiringStore()
	if err != nil {
		return Interviews{}, err
	}
	slots, err := h.Slots(ctx, m.Org.ID, appID)
	if err != nil {
		return Interviews{}, err
	}
	var interviewers []int64
	for _, sl := range slots {
		interviewers = append(interviewers, sl.InterviewerID)
	}
	a, err := s.applicationFor(ctx, m, appID, channel, interviewers...)
	if err != nil {
		return Interviews{}, err
	}
	out := Interviews{Application: a, Slots: slots}
	if out.Cards, err = h.Scorecards(ctx, a.OrgID, a.ID); err != nil {
		return Interviews{}, err
	}
	out.Average = Average(out.Cards)
	o, err := h.OfferOfApplication(ctx, a.OrgID, a.ID)
	switch {
	case err == nil:
		out.Offer = &o
	case core.ErrorCodeOf(err) != core.ENotFound:
		return Interviews{}, err
	}
	return out, nil
}

// managedSlot reads slot id and its application for m, who must be the
// opening's hiring manager, HR or an admin.
func (s *Service) managedSlot(ctx context.Context, m core.Member, id int64, channel string) (HiringStore, Slot, Application, error) {
	h, err := s.hiringStore()
	if err != nil {
		return nil, Slot{}, Application{}, err
	}
	sl, err := s.slot(ctx, h, m.Org.ID, id)
	if err != nil {
		return nil, Slot{}, Application{}, err
	}
	a, err := s.Application(ctx, m, sl.ApplicationID, channel)
	if err != nil {
		return nil, Slot{}, Application{}, err
	}
	return h, sl, a, nil
}

// slot reads a slot of an org, ENotFound "recruiting.no_slot".
func (s *Service) slot(ctx context.Context, h HiringStore, orgID, id int64) (Slot, error) {
	sl, err := h.Slot(ctx, orgID, id)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Slot{}, core.Errorf(core.ENotFound, "recruiting.no_slot", "no interview time %d", id)
	}
	return sl, err
}

// applicationFor reads application id for m: its hiring manager, anyone
// among also (its interviewers), or HR and admins — a refusal audited.
func (s *Service) applicationFor(ctx context.Context, m core.Member, id int64, channel string, also ...int64) (Application, error) {
	a, err := s.store.Application(ctx, m.Org.ID, id)
	if err != nil {
		return Application{}, err
	}
	if a.HiringManagerID == m.Employee.ID || slices.Contains(also, m.Employee.ID) {
		return a, nil
	}
	if err := s.auth.Authorize(ctx, m, core.ActionRecruitingDecide, nil, channel); err != nil {
		return Application{}, err
	}
	return a, nil
}
