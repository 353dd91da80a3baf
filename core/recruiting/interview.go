package recruiting

// Interviews: the hiring manager (or HR) offers an application at stage
// interview one to five times; the candidate picks one in chat; both are
// reminded the day and the hour before; the interviewers score it after.
//
// Service methods (wired with Service.WithHiring):
//
//   - OfferSlots(ctx, m, appID, []SlotAsk, channel) — hiring manager or
//     HR; the candidate gets Kind TellSlots.
//   - CandidateSlots(ctx, acc, appID) — the slots a candidate may pick
//     now, to draw fresh buttons.
//   - PickSlot(ctx, acc, slotID) — the candidate; picking another of the
//     same application moves the interview there (a reschedule,
//     audited). The interviewer gets NotifyInterview.
//   - Reschedule(ctx, m, slotID, SlotAsk, channel), Cancel(ctx, m,
//     slotID, channel) — hiring manager or HR; NoShow(ctx, m, slotID,
//     channel) — they or the slot's interviewer, after its start.
//   - Interviews(ctx, m, appID, channel) — slots, scorecards, their
//     average and the offer, for the application's card.
//   - Score(ctx, m, appID, score, comment, channel) — see scorecard.go.
//   - InterviewTick(ctx) — the reminders, see interview_tick.go.
//
// Messages to the candidate (core.Outgoing to their chat; every one has
// Params "application", "job" (the opening's job key) and "locale" (the
// candidate's language, "" unknown)):
//
//   - TellSlots "recruiting.slots": "slots" the ids, space-separated, in
//     order of start; for each id N "start.N" (RFC 3339 in the org's
//     zone), "minutes.N", "place.N". One button per slot: PickSlot(N).
//   - TellRescheduled "recruiting.rescheduled": "slot", "start",
//     "minutes", "place", "picked" ("1" when it was their interview;
//     otherwise one of the times offered moved: a button to pick it).
//   - TellSlotCancelled "recruiting.interview_off": "slot", "start"
//     — the interview they had picked is off.
//   - TellRemind "recruiting.remind": "slot", "when" ("day" or "hour"),
//     "start", "minutes", "place".
//
// Notifications to employees (core.Notification, Params "application"
// and "slot"):
//
//   - NotifyInterview "recruiting.interview" to the interviewer: a
//     candidate picked their slot; "rescheduled" "1" when it replaces
//     another time (the candidate's or the manager's change).
//   - NotifyInterviewCancelled "recruiting.interview_cancelled" to an
//     interviewer whose picked slot is off (cancelled, moved to another
//     interviewer, or the candidate picked another time).
//   - NotifyInterviewRemind "recruiting.interview_remind" to the
//     interviewer: "when" ("day" or "hour").

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Messages to candidates about interviews.
const (
	TellSlots         = "recruiting.slots"
	TellRescheduled   = "recruiting.rescheduled"
	TellSlotCancelled = "recruiting.interview_off"
	TellRemind        = "recruiting.remind"
)

// Notifications to interviewers.
const (
	NotifyInterview          = "recruiting.interview"
	NotifyInterviewCancelled = "recruiting.interview_cancelled"
	NotifyInterviewRemind    = "recruiting.interview_remind"
)

// Audit actions of interviews.
const (
	AuditSlots      = "recruiting.slots"
	AuditPick       = "recruiting.interview_pick"
	AuditReschedule = "recruiting.interview_reschedule"
	AuditCancelSlot = "recruiting.interview_cancel"
	AuditNoShow     = "recruiting.no_show"
)

// Limits of what is offered.
const (
	MaxSlots       = 5
	DefaultMinutes = 30
	maxPlace       = 200
)

// SlotAsk is one interview time as the hiring manager offers it.
type SlotAsk struct {
	// Start is when it starts: the bot reads what was typed in the org's
	// time zone (org.Location()).
	Start time.Time
	// Minutes it lasts, 5–480; 0 is DefaultMinutes (Reschedule: as it
	// was).
	Minutes int
	// Place is a room, an address or a video link.
	Place string
	// Interviewer is an employee's key; "" is the opening's hiring
	// manager (Reschedule: as it was).
	Interviewer string
}

// Slot is an interview time offered for an application.
type Slot struct {
	ID            int64
	OrgID         int64
	ApplicationID int64
	Start         time.Time
	Minutes       int
	Place         string
	InterviewerID int64
	Interviewer   string    // the interviewer's name
	PickedAt      time.Time // zero: not the candidate's pick
	CancelledAt   time.Time
	NoShow        bool
	// RemindedDayAt and RemindedHourAt mark the reminders sent, or no
	// longer owed (the slot was picked or moved after their time came).
	RemindedDayAt, RemindedHourAt time.Time
}

// Picked reports whether it is the candidate's interview.
func (s Slot) Picked() bool { return !s.PickedAt.IsZero() && s.CancelledAt.IsZero() }

// Open reports whether the candidate may still pick it at now.
func (s Slot) Open(now time.Time) bool { return s.CancelledAt.IsZero() && now.Before(s.Start) }

// InterviewStore keeps interview slots and scorecards. Changes write
// their audit row and notifications in the same transaction; messages to
// candidates go through the Outbox in the caller's turn (Store.InTurn).
type InterviewStore interface {
	// AddSlots stores slots for an application still at stage interview
	// (EConflict "recruiting.moved_meanwhile" otherwise) with the audit
	// row, and returns them with their ids.
	AddSlots(ctx context.Context, a Application, slots []Slot, audit core.AuditEntry) ([]Slot, error)
	// Slot returns ENotFound when the org has no slot id.
	Slot(ctx context.Context, orgID, id int64) (Slot, error)
	// Slots lists an application's slots by start.
	Slots(ctx context.Context, orgID, applicationID int64) ([]Slot, error)
	// SlotOf returns slot id and its application when the application is
	// the candidate's on acc; ENotFound otherwise.
	SlotOf(ctx context.Context, acc Account, id int64) (Slot, Application, error)
	// PickSlot makes s (its reminder marks as given) the candidate's
	// pick instead of previous (0: none), only while the application is
	// at interview, s is open and previous is still the pick not started
	// at s.PickedAt (EConflict "recruiting.slot_changed" otherwise).
	PickSlot(ctx context.Context, s Slot, previous int64, audit core.AuditEntry, ns []core.Notification) error
	// SaveSlot writes a slot's start, minutes, place, interviewer,
	// cancellation, no-show and reminder marks, only if it was not
	// cancelled (EConflict "recruiting.slot_changed").
	SaveSlot(ctx context.Context, s Slot, audit core.AuditEntry, ns []core.Notification) error
	// DueReminders locks up to limit reminders due at now, of picked
	// slots not cancelled of applications at interview, skipping those
	// another pass holds (FOR UPDATE SKIP LOCKED); call it in a turn.
	DueReminders(ctx context.Context, now time.Time, limit int) ([]DueReminder, error)
	// MarkSlotReminded marks a slot's reminder sent, with notifications.
	MarkSlotReminded(ctx context.Context, slotID int64, when string, at time.Time, ns []core.Notification) error
	// SaveScorecard stores an interviewer's card, replacing theirs.
	SaveScorecard(ctx context.Context, c Scorecard, audit core.AuditEntry) error
	// Scorecards lists an application's cards, oldest first.
	Scorecards(ctx context.Context, orgID, applicationID int64) ([]Scorecard, error)
}

// HiringStore is what interviews and offers need of storage.
type HiringStore interface {
	InterviewStore
	OfferStore
}

// WithHiring gives the service the storage of interviews, scorecards and
// offers; without it their methods fail.
func (s *Service) WithHiring(st HiringStore) *Service {
	s.hiring = st
	return s
}

func (s *Service) hiringStore() (HiringStore, error) {
	if s.hiring == nil {
		return nil, core.Errorf(core.EInternal, "error.internal", "recruiting: interviews and offers are not wired")
	}
	return s.hiring, nil
}

// OfferSlots offers an application at stage interview one to five
// interview times and sends the candidate a message to pick one. The
// opening's hiring manager, HR and admins may. Errors: EForbidden
// (audited), EInvalid (recruiting.slots_stage, recruiting.slots_count,
// recruiting.slot_past, recruiting.slot_minutes, recruiting.slot_place,
// recruiting.interviewer_left, employee.not_found), EConflict.
func (s *Service) OfferSlots(ctx context.Context, m core.Member, appID int64, asks []SlotAsk, channel string) ([]Slot, error) {
	h, err := s.hiringStore()
	if err != nil {
		return nil, err
	}
	a, err := s.Application(ctx, m, appID, channel)
	if err != nil {
		return nil, err
	}
	if a.Stage != Interview {
		return nil, core.Errorf(core.EInvalid, "recruiting.slots_stage", "application %d is %s, not at interview", a.ID, a.Stage).
			With("stage", string(a.Stage))
	}
	if len(asks) < 1 || len(asks) > MaxSlots {
		return nil, core.Errorf(core.EInvalid, "recruiting.slots_count", "1 to %d times, not %d", MaxSlots, len(asks)).
			With("count", strconv.Itoa(len(asks)))
	}
	now := s.clock.Now()
	slots := make([]Slot, 0, len(asks))
	for _, ask := range asks {
		sl := Slot{OrgID: a.OrgID, ApplicationID: a.ID, InterviewerID: a.HiringManagerID, Minutes: DefaultMinutes}
		if err := s.applyAsk(ctx, &sl, ask, now); err != nil {
			return nil, err
		}
		slots = append(slots, sl)
	}
	slices.SortFunc(slots, func(x, y Slot) int { return x.Start.Compare(y.Start) })
	org, err := s.store.OrgByID(ctx, a.OrgID)
	if err != nil {
		return nil, err
	}
	audit := core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditSlots, EntityType: "application",
		EntityID: strconv.FormatInt(a.ID, 10), After: map[string]any{"slots": slotSnapshots(slots, org)}, Channel: channel,
		Outcome: core.OutcomeOK, At: now}
	err = s.store.InTurn(ctx, func(ctx context.Context) error {
		if slots, err = h.AddSlots(ctx, a, slots, audit); err != nil {
			return err
		}
		p := s.candidateParams(a)
		var ids []string
		for _, sl := range slots {
			id := strconv.FormatInt(sl.ID, 10)
			ids = append(ids, id)
			p["start."+id], p["minutes."+id], p["place."+id] = sl.Start.In(org.Location()).Format(time.RFC3339), strconv.Itoa(sl.Minutes), sl.Place
		}
		p["slots"] = strings.Join(ids, " ")
		return s.sendCandidate(ctx, a, TellSlots, p, "slots:"+ids[0])
	})
	if err != nil {
		return nil, fmt.Errorf("offer interview times for application %d: %w", a.ID, err)
	}
	return slots, nil
}

// applyAsk sets what ask gives of a slot, checked: a start still ahead,
// its length, place and interviewer.
func (s *Service) applyAsk(ctx context.Context, sl *Slot, ask SlotAsk, now time.Time) error {
	if !ask.Start.IsZero() {
		sl.Start = ask.Start
	}
	if !sl.Start.After(now) {
		return core.Errorf(core.EInvalid, "recruiting.slot_past", "%s has passed", sl.Start.Format(time.RFC3339))
	}
	if ask.Minutes != 0 {
		sl.Minutes = ask.Minutes
	}
	if sl.Minutes < 5 || sl.Minutes > 480 {
		return core.Errorf(core.EInvalid, "recruiting.slot_minutes", "5 to 480 minutes, not %d", sl.Minutes).
			With("minutes", strconv.Itoa(sl.Minutes))
	}
	if p := strings.TrimSpace(ask.Place); p != "" {
		sl.Place = p
	}
	if len([]rune(sl.Place)) > maxPlace {
		return core.Errorf(core.EInvalid, "recruiting.slot_place", "a place of at most %d characters", maxPlace)
	}
	if ask.Interviewer == "" {
		return nil
	}
	e, err := s.store.FindEmployee(ctx, sl.OrgID, strings.ToLower(strings.TrimSpace(ask.Interviewer)))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return core.Errorf(core.EInvalid, "employee.not_found", "no employee %q", ask.Interviewer).With("key", ask.Interviewer)
	}
	if err != nil {
		return err
	}
	if e.Status != core.StatusActive {
		return core.Errorf(core.EInvalid, "recruiting.interviewer_left", "%s has left", e.Key).With("name", e.Name)
	}
	sl.InterviewerID, sl.Interviewer = e.ID, e.Name
	return nil
}

// CandidateSlots lists the times the candidate on acc may pick now for
// their application appID. Errors: ENotFound "recruiting.no_application".
func (s *Service) CandidateSlots(ctx context.Context, acc Account, appID int64) ([]Slot, error) {
	h, err := s.hiringStore()
	if err != nil {
		return nil, err
	}
	a, err := s.candidateApplication(ctx, acc, appID)
	if err != nil {
		return nil, err
	}
	all, err := h.Slots(ctx, a.OrgID, a.ID)
	if err != nil || a.Stage != Interview {
		return nil, err
	}
	now := s.clock.Now()
	return slices.DeleteFunc(all, func(sl Slot) bool { return !sl.Open(now) }), nil
}

// PickSlot is the candidate picking an interview time. Picking another
// time of the same application while their interview is still ahead
// moves it there (a reschedule, audited); once it has started, a new
// pick is the next round; the interviewer is told, and the one of the time
// given up when it was someone else. Errors: ENotFound
// "recruiting.no_slot" (not theirs), EInvalid "recruiting.slot_gone"
// (cancelled or passed), EConflict (moved meanwhile, or
// recruiting.slot_changed).
func (s *Service) PickSlot(ctx context.Context, acc Account, slotID int64) (Slot, error) {
	h, err := s.hiringStore()
	if err != nil {
		return Slot{}, err
	}
	sl, a, err := h.SlotOf(ctx, acc, slotID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Slot{}, core.Errorf(core.ENotFound, "recruiting.no_slot", "no interview time %d of yours", slotID)
	}
	if err != nil {
		return Slot{}, err
	}
	now := s.clock.Now()
	if a.Stage != Interview {
		return sl, moved(a)
	}
	if !sl.Open(now) {
		return sl, slotGone(sl)
	}
	if sl.Picked() {
		return sl, nil // a double tap
	}
	all, err := h.Slots(ctx, a.OrgID, a.ID)
	if err != nil {
		return Slot{}, err
	}
	// The candidate's pick still ahead is what a new pick replaces; one
	// that has started was an earlier round.
	var prev Slot
	for _, x := range all {
		if x.Picked() && x.Start.After(now) {
			prev = x
		}
	}
	sl.PickedAt = now
	armReminders(&sl, now)
	id, appID := strconv.FormatInt(sl.ID, 10), strconv.FormatInt(a.ID, 10)
	params := map[string]string{"application": appID, "slot": id}
	audit := core.AuditEntry{OrgID: a.OrgID, ActorID: a.Candidate.EmployeeID, ActorLabel: "candidate", Action: AuditPick,
		EntityType: "interview_slot", EntityID: id, After: map[string]any{"start": sl.Start, "application": a.ID},
		Channel: string(acc.Platform), Outcome: core.OutcomeOK, At: now}
	if prev.ID != 0 {
		params["rescheduled"] = "1"
		audit.Before = map[string]any{"slot": prev.ID, "start": prev.Start}
		audit.Reason = "rescheduled by the candidate"
	}
	ns := []core.Notification{{OrgID: a.OrgID, RecipientID: sl.InterviewerID, Kind: NotifyInterview, Params: params, CreatedAt: now}}
	if prev.ID != 0 && prev.InterviewerID != sl.InterviewerID {
		ns = append(ns, core.Notification{OrgID: a.OrgID, RecipientID: prev.InterviewerID, Kind: NotifyInterviewCancelled,
			Params: map[string]string{"application": appID, "slot": strconv.FormatInt(prev.ID, 10)}, CreatedAt: now})
	}
	if err := h.PickSlot(ctx, sl, prev.ID, audit, ns); err != nil {
		return Slot{}, fmt.Errorf("pick interview time %d: %w", slotID, err)
	}
	return sl, nil
}

// armReminders marks which of a slot's reminders are no longer owed when
// it is picked or moved at now: one whose time has come already (the
// candidate has just heard of it) is not sent.
func armReminders(sl *Slot, now time.Time) {
	sl.RemindedDayAt, sl.RemindedHourAt = time.Time{}, time.Time{}
	if !now.Before(sl.Start.Add(-DayBefore)) {
		sl.RemindedDayAt = now
	}
	if !now.Before(sl.Start.Add(-HourBefore)) {
		sl.RemindedHourAt = now
	}
}

// candidateParams are the Params every message to a's candidate carries.
func (s *Service) candidateParams(a Application) map[string]string {
	return map[string]string{"application": strconv.FormatInt(a.ID, 10), "job": a.Job, "locale": string(a.Candidate.Locale)}
}

// sendCandidate queues a message to a's candidate (tellCandidate's
// moves, the interview's slots and reminders): an internal candidate as the employee they are, others on their
// chat; nobody without a chat (HR reaches them). key names it (after
// "recruiting:<application>:") so a retry queues it once.
func (s *Service) sendCandidate(ctx context.Context, a Application, kind string, params map[string]string, key string) error {
	if s.outbox == nil {
		return nil
	}
	full := fmt.Sprintf("recruiting:%d:%s", a.ID, key)
	out := core.Outgoing{OrgID: a.OrgID, Source: "application", SourceID: a.ID, Kind: kind, Params: params,
		Key: func(int64) string { return full }}
	switch {
	case a.Candidate.EmployeeID != 0:
		out.To = []int64{a.Candidate.EmployeeID}
	case a.Candidate.ChatID != "":
		out.Platform, out.ChatID = a.Candidate.Platform, a.Candidate.ChatID
	default:
		return nil
	}
	_, err := s.outbox.Send(ctx, out)
	return err
}

// slotSnapshots are slots as an audit row records them.
func slotSnapshots(slots []Slot, org core.Org) []map[string]any {
	out := make([]map[string]any, 0, len(slots))
	for _, sl := range slots {
		out = append(out, map[string]any{"start": sl.Start.In(org.Location()).Format(time.RFC3339),
			"minutes": sl.Minutes, "place": sl.Place, "interviewer": sl.InterviewerID})
	}
	return out
}

func slotGone(sl Slot) error {
	return core.Errorf(core.EInvalid, "recruiting.slot_gone", "interview time %d is no longer open", sl.ID)
}
