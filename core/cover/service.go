package cover

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Store is what the cover service keeps in the database.
type Store interface {
	Policy(ctx context.Context, orgID int64) (Policy, error)
	OpenRequest(ctx context.Context, r Request) (Request, bool, error)
	FindRequest(ctx context.Context, id int64) (Request, error)
	ListOpenRequests(ctx context.Context, now time.Time) ([]Request, error)
	// ListRecentRequests lists an org's requests ending after since,
	// latest first.
	ListRecentRequests(ctx context.Context, orgID int64, since time.Time, limit int) ([]Request, error)
	RecordWave(ctx context.Context, id int64, n int, at time.Time) error
	MarkEscalated(ctx context.Context, id int64, at time.Time) (bool, error)
	Candidates(ctx context.Context, orgIDs []int64, from, to, weekStart time.Time) ([]Person, error)
	GroupOrgs(ctx context.Context, orgID int64) ([]int64, error)
	OrgByID(ctx context.Context, id int64) (core.Org, error)
	Offers(ctx context.Context, requestID int64) (map[int64]string, error)
	FirstOfferAt(ctx context.Context, requestID int64) (time.Time, bool, error)
	Jobs(ctx context.Context, orgID int64) (core.Jobs, error)
	// Shifts is the org's shifts, in the order they were declared.
	Shifts(ctx context.Context, orgID int64) ([]attendance.Shift, error)
	RecordOffers(ctx context.Context, requestID int64, wave int, people map[int64]int64, at time.Time) error
	Claim(ctx context.Context, requestID int64, who core.Employee, at time.Time) (Request, Assignment, error)
	Decline(ctx context.Context, requestID, employeeID int64, at time.Time) (string, error)
	Assignments(ctx context.Context, requestID int64) ([]Assignment, error)
	FindAssignment(ctx context.Context, id int64) (Assignment, error)
	AssignmentsToRate(ctx context.Context, before, at time.Time) ([]Assignment, error)
	Rate(ctx context.Context, id int64, rater core.Employee, rating int, comment string, at time.Time) error
	ManagerOf(ctx context.Context, employeeID int64) (int64, error)
	CancelForCancelledLeave(ctx context.Context, at time.Time) ([]Request, error)
}

// Roster is what the service reads from attendance: who works when.
type Roster interface {
	Roster(ctx context.Context, org core.Org, d core.Date) ([]attendance.RosterEntry, error)
}

// Authorizer decides and audits who may do what.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service runs the cover pool: requests, candidates, offers, claims and
// ratings.
type Service struct {
	store  Store
	roster Roster
	auth   Authorizer
	clock  core.Clock
}

// NewService returns a Service.
func NewService(store Store, roster Roster, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, roster: roster, auth: auth, clock: clock}
}

// Manual is a manager's request for cover.
type Manual struct {
	Job        string // the job's key, or a name or alias of one of the org's jobs
	Start, End time.Time
	Needed     int
	Reason     string
}

// Open records a manager's request, for one of the org's jobs (see
// core.ResolveJob): a word naming none is refused, never stored.
// Errors: EForbidden, EInvalid ("jobs.unknown" among others).
func (s *Service) Open(ctx context.Context, m core.Member, in Manual, channel string) (Request, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionCoverRequest, nil, channel); err != nil {
		return Request{}, err
	}
	now := s.clock.Now()
	switch {
	case in.Job == "":
		return Request{}, core.Errorf(core.EInvalid, "cover.no_job", "no job")
	case !in.End.After(in.Start):
		return Request{}, core.Errorf(core.EInvalid, "cover.bad_hours", "end before start")
	case !in.End.After(now):
		return Request{}, core.Errorf(core.EInvalid, "cover.past", "cover in the past")
	case in.Needed < 1 || in.Needed > 50:
		return Request{}, core.Errorf(core.EInvalid, "cover.bad_needed", "needed %d", in.Needed)
	}
	jobs, err := s.store.Jobs(ctx, m.Org.ID)
	if err != nil {
		return Request{}, fmt.Errorf("open cover: %w", err)
	}
	if in.Job, err = core.ResolveJob(in.Job, jobs, nil); err != nil {
		return Request{}, err
	}
	r, _, err := s.store.OpenRequest(ctx, Request{OrgID: m.Org.ID, Job: in.Job, Start: in.Start, End: in.End,
		Needed: in.Needed, Reason: in.Reason, Source: "manual", RequestedBy: m.Employee.ID, CreatedAt: now})
	if err != nil {
		return r, fmt.Errorf("open cover: %w", err)
	}
	return r, nil
}

// Uncovered is the "shift uncovered" event approved leave publishes.
type Uncovered = core.ShiftUncovered

// OpenFromLeave records the request a leave's uncovered shift needs, once.
func (s *Service) OpenFromLeave(ctx context.Context, u Uncovered) (Request, bool, error) {
	if u.ManagerID == 0 {
		var err error
		if u.ManagerID, err = s.store.ManagerOf(ctx, u.EmployeeID); err != nil {
			return Request{}, false, fmt.Errorf("open cover for leave %d: %w", u.LeaveRequest, err)
		}
	}
	r, created, err := s.store.OpenRequest(ctx, Request{OrgID: u.OrgID, Job: u.Job, Start: u.Start, End: u.End,
		Needed: 1, Reason: "leave", Source: "leave", LeaveRequestID: u.LeaveRequest, AbsentID: u.EmployeeID, ShiftKey: u.Shift,
		RequestedBy: u.ManagerID, CreatedAt: s.clock.Now()})
	if err != nil {
		return r, false, fmt.Errorf("open cover for leave %d: %w", u.LeaveRequest, err)
	}
	return r, created, nil
}

// Judge evaluates everyone who could cover r — the org's people and, when
// the org is in a group, its sister orgs' — best candidates first, then
// the rest with their reasons.
func (s *Service) Judge(ctx context.Context, r Request) ([]Verdict, error) {
	org, err := s.store.OrgByID(ctx, r.OrgID)
	if err != nil {
		return nil, err
	}
	pol, err := s.store.Policy(ctx, r.OrgID)
	if err != nil {
		return nil, err
	}
	orgIDs, err := s.store.GroupOrgs(ctx, r.OrgID)
	if err != nil {
		return nil, err
	}
	loc := org.Location()
	people, err := s.store.Candidates(ctx, orgIDs, r.Start, r.End, WeekStart(r.Start.In(loc)))
	if err != nil {
		return nil, fmt.Errorf("cover %d candidates: %w", r.ID, err)
	}
	// Planned shifts and leave, from each org's plans around the window;
	// and each person's job on the request's day (a transfer may change
	// it before or after today).
	busy := map[int64][]Interval{}
	jobOn := map[int64]string{}
	for _, id := range orgIDs {
		o := org
		if id != org.ID {
			if o, err = s.store.OrgByID(ctx, id); err != nil {
				return nil, err
			}
		}
		first := core.DateOf(r.Start.In(o.Location())).AddDays(-1)
		last := core.DateOf(r.End.In(o.Location())).AddDays(1)
		for d := first; !d.After(last); d = d.AddDays(1) {
			entries, err := s.roster.Roster(ctx, o, d)
			if err != nil {
				return nil, fmt.Errorf("cover %d candidates: %w", r.ID, err)
			}
			for _, e := range entries {
				if d == first.AddDays(1) {
					jobOn[e.Employee.ID] = e.Employee.Job
				}
				switch {
				case e.OnLeave:
					dayStart := d.At(0, o.Location())
					busy[e.Employee.ID] = append(busy[e.Employee.ID], Interval{Start: dayStart, End: d.AddDays(1).At(0, o.Location()), Kind: KindLeave})
				case e.Plan.Working:
					busy[e.Employee.ID] = append(busy[e.Employee.ID], Interval{Start: e.Plan.Start, End: e.Plan.End, Kind: KindShift})
				}
			}
		}
	}
	// In the org's zone: the times reasons quote are read by its people.
	req := Need{ID: r.ID, OrgID: r.OrgID, GroupID: org.GroupID, Job: r.Job, Start: r.Start.In(loc), End: r.End.In(loc),
		Needed: r.Needed, Absent: r.AbsentID}
	verdicts := make([]Verdict, 0, len(people))
	for _, p := range people {
		p.Busy = append(p.Busy, busy[p.ID]...)
		if job, ok := jobOn[p.ID]; ok {
			p.Job = job
		}
		verdicts = append(verdicts, Evaluate(req, p, pol))
	}
	ranked := Rank(req, verdicts)
	for _, v := range verdicts {
		if !v.Eligible {
			ranked = append(ranked, v)
		}
	}
	return ranked, nil
}

// Why explains whether person (a key in the request's org or group) can
// cover request id. Errors: ENotFound, EForbidden.
func (s *Service) Why(ctx context.Context, m core.Member, id int64, person, channel string) (Request, Verdict, error) {
	r, err := s.viewable(ctx, m, id, channel)
	if err != nil {
		return r, Verdict{}, err
	}
	verdicts, err := s.Judge(ctx, r)
	if err != nil {
		return r, Verdict{}, err
	}
	for _, v := range verdicts {
		if v.Person.Key == person {
			return r, v, nil
		}
	}
	return r, Verdict{}, core.Errorf(core.ENotFound, "employee.not_found", "no %s", person).With("key", person)
}

// Request reads a request for a manager of its org. Errors: ENotFound, EForbidden.
func (s *Service) Request(ctx context.Context, m core.Member, id int64, channel string) (Request, error) {
	return s.viewable(ctx, m, id, channel)
}

func (s *Service) viewable(ctx context.Context, m core.Member, id int64, channel string) (Request, error) {
	r, err := s.store.FindRequest(ctx, id)
	if err != nil {
		return r, err
	}
	if r.OrgID != m.Org.ID {
		return r, core.Errorf(core.ENotFound, "cover.not_found", "cover %d not in org", id).With("id", strconv.FormatInt(id, 10))
	}
	if err := s.auth.Authorize(ctx, m, core.ActionCoverRequest, nil, channel); err != nil {
		return r, err
	}
	return r, nil
}

// Offer is one person to send an offer to.
type Offer struct {
	EmployeeID int64
	OrgID      int64
}

// NextWave decides who is offered r next, records the offers and returns
// them: everyone eligible at once, or the next WaveSize best when the
// last wave is older than WaveMinutes. Nothing when it is not time yet,
// the request is closed, or nobody is left.
func (s *Service) NextWave(ctx context.Context, r Request) ([]Offer, error) {
	now := s.clock.Now()
	pol, err := s.store.Policy(ctx, r.OrgID)
	if err != nil {
		return nil, err
	}
	if r.Status != StatusOpen || !now.Before(r.End) {
		return nil, nil
	}
	if r.Wave > 0 && (pol.WaveSize == 0 || now.Sub(r.WaveAt) < time.Duration(pol.WaveMinutes)*time.Minute) {
		return nil, nil
	}
	verdicts, err := s.Judge(ctx, r)
	if err != nil {
		return nil, err
	}
	answered, err := s.store.Offers(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	offered := map[int64]bool{}
	for id := range answered {
		offered[id] = true
	}
	var eligible []Verdict
	for _, v := range verdicts {
		if v.Eligible {
			eligible = append(eligible, v)
		}
	}
	wave := NextWave(eligible, offered, pol)
	if len(wave) == 0 {
		if r.Wave == 0 {
			// Nobody at all: remember the attempt so escalation can say so.
			return nil, s.store.RecordWave(ctx, r.ID, 1, now)
		}
		return nil, nil
	}
	people := map[int64]int64{}
	out := make([]Offer, len(wave))
	for i, v := range wave {
		people[v.Person.ID] = v.Person.OrgID
		out[i] = Offer{EmployeeID: v.Person.ID, OrgID: v.Person.OrgID}
	}
	if err := s.store.RecordOffers(ctx, r.ID, r.Wave+1, people, now); err != nil {
		return nil, err
	}
	if err := s.store.RecordWave(ctx, r.ID, r.Wave+1, now); err != nil {
		return nil, err
	}
	return out, nil
}

// Escalate reports whether the requester should now be told r is not
// filled: once, at EscalateAt — EscalateMinutes before it starts, but
// never before the first offers had time to be answered.
func (s *Service) Escalate(ctx context.Context, r Request) (bool, error) {
	if r.Status != StatusOpen || !r.EscalatedAt.IsZero() || r.RequestedBy == 0 {
		return false, nil
	}
	pol, err := s.store.Policy(ctx, r.OrgID)
	if err != nil {
		return false, err
	}
	asked, offered, err := s.store.FirstOfferAt(ctx, r.ID)
	if err != nil {
		return false, err
	}
	if !offered {
		asked = r.CreatedAt // nobody to wait for, but the requester heard so when asking
	}
	now := s.clock.Now()
	if now.Before(EscalateAt(r.Start, r.End, asked, pol)) {
		return false, nil
	}
	return s.store.MarkEscalated(ctx, r.ID, now)
}

// Accept claims one of r's places for m. Errors: ENotFound, EConflict
// (taken, cancelled, already yours, not offered).
func (s *Service) Accept(ctx context.Context, m core.Member, id int64) (Request, Assignment, error) {
	return s.store.Claim(ctx, id, m.Employee, s.clock.Now())
}

// Decline records m's no to an offer made to them and still open.
// Errors: ENotFound, EConflict — "cover.not_offered" (it was never theirs),
// "cover.answered" (they declined already), "cover.already_yours",
// "cover.closed" (taken, cancelled or over).
func (s *Service) Decline(ctx context.Context, m core.Member, id int64) error {
	state, err := s.store.Decline(ctx, id, m.Employee.ID, s.clock.Now())
	if err != nil {
		return err
	}
	switch state {
	case "offered":
		return nil
	case "":
		return core.Errorf(core.EConflict, "cover.not_offered", "cover %d was not offered to %s", id, m.Employee.Key)
	case "accepted":
		return core.Errorf(core.EConflict, "cover.already_yours", "%s already covers %d", m.Employee.Key, id)
	case "declined":
		return core.Errorf(core.EConflict, "cover.answered", "offer %d declined already", id)
	}
	return core.Errorf(core.EConflict, "cover.closed", "offer %d is %s", id, state)
}

// WithdrawForCancelledLeave cancels the requests of leave cancelled since
// they were opened, and returns them.
func (s *Service) WithdrawForCancelledLeave(ctx context.Context) ([]Request, error) {
	return s.store.CancelForCancelledLeave(ctx, s.clock.Now())
}

// OpenRequests lists requests open now.
func (s *Service) OpenRequests(ctx context.Context) ([]Request, error) {
	return s.store.ListOpenRequests(ctx, s.clock.Now())
}

// Recent lists the requests of m's org that are open or ended within the
// last days, latest first, for its managers and HR. Errors: EForbidden
// (audited).
func (s *Service) Recent(ctx context.Context, m core.Member, days int, channel string) ([]Request, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionCoverRequest, nil, channel); err != nil {
		return nil, err
	}
	rs, err := s.store.ListRecentRequests(ctx, m.Org.ID, s.clock.Now().AddDate(0, 0, -days), 50)
	if err != nil {
		return nil, fmt.Errorf("recent cover requests: %w", err)
	}
	return rs, nil
}

// Assignments lists who covers r.
func (s *Service) Assignments(ctx context.Context, id int64) ([]Assignment, error) {
	return s.store.Assignments(ctx, id)
}

// Find reads a request, for rendering offers (to anyone offered it).
func (s *Service) Find(ctx context.Context, id int64) (Request, error) {
	return s.store.FindRequest(ctx, id)
}

// Offers lists who was offered r and how they answered.
func (s *Service) Offers(ctx context.Context, id int64) (map[int64]string, error) {
	return s.store.Offers(ctx, id)
}

// DueRatings lists covers that ended and whose rating was not asked for
// yet, marking them asked.
func (s *Service) DueRatings(ctx context.Context) ([]Assignment, error) {
	now := s.clock.Now()
	return s.store.AssignmentsToRate(ctx, now, now)
}

// Rate records m's rating of a cover: the manager who asked for it, or HR.
// Errors: ENotFound, EForbidden, EInvalid.
func (s *Service) Rate(ctx context.Context, m core.Member, assignmentID int64, rating int, comment, channel string) (Assignment, error) {
	a, err := s.store.FindAssignment(ctx, assignmentID)
	if err != nil {
		return a, err
	}
	r, err := s.store.FindRequest(ctx, a.RequestID)
	if err != nil {
		return a, err
	}
	if r.OrgID != m.Org.ID || (r.RequestedBy != m.Employee.ID && m.Employee.Role != core.RoleHR && m.Employee.Role != core.RoleAdmin) {
		return a, core.Errorf(core.EForbidden, "forbidden.not_approver", "%s may not rate cover %d", m.Employee.Key, assignmentID)
	}
	if rating < 1 || rating > 5 {
		return a, core.Errorf(core.EInvalid, "cover.bad_rating", "rating %d", rating)
	}
	if err := s.store.Rate(ctx, assignmentID, m.Employee, rating, comment, s.clock.Now()); err != nil {
		return a, fmt.Errorf("rate cover %d: %w", assignmentID, err)
	}
	a.Rating, a.Comment = rating, comment
	return a, nil
}

// Jobs lists an org's jobs (see core.ResolveJob).
func (s *Service) Jobs(ctx context.Context, orgID int64) (core.Jobs, error) {
	return s.store.Jobs(ctx, orgID)
}

// Shifts is the org's shifts, for a request that names one ("明天晚班缺一个
// 人") instead of its hours.
func (s *Service) Shifts(ctx context.Context, orgID int64) ([]attendance.Shift, error) {
	return s.store.Shifts(ctx, orgID)
}
