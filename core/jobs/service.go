package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// AuditDescribe is the audit action of a description changed outside
// org files (on the console); an org-file apply writes job.update.
const AuditDescribe = "job.describe"

// Job is one of an org's jobs with its description and its people.
type Job struct {
	core.Job
	Description Description
	// Filled counts the active people whose job it is.
	Filled int
}

// Store is what the service reads and writes (store.Jobs).
type Store interface {
	// Jobs lists an org's jobs by key, as core.ResolveJob knows them: those
	// its org file declares, with their descriptions, or else those in use.
	Jobs(ctx context.Context, orgID int64) ([]Job, error)
	// Skills returns the skill levels a person holds at a time: the org
	// file's and quiz certificates valid then, the higher of each.
	Skills(ctx context.Context, employeeID int64, at time.Time) (map[string]int, error)
	// Shifts returns the org's shifts.
	Shifts(ctx context.Context, orgID int64) ([]attendance.Shift, error)
	// Describe stores a declared job's description and writes the audit
	// row; ENotFound when the org declares no job key.
	Describe(ctx context.Context, orgID int64, key string, d Description, audit core.AuditEntry) error
}

// Authorizer applies the permission rules and audits refusals
// (core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service reads and edits job descriptions.
type Service struct {
	store   Store
	auth    Authorizer
	clock   core.Clock
	builtin core.Jobs
}

// NewService returns a Service.
func NewService(store Store, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock}
}

// WithBuiltinJobs lets job words hrbot knows for common jobs (客服,
// finance) name an org's job of the same key.
func (s *Service) WithBuiltinJobs(jobs core.Jobs) *Service {
	s.builtin = jobs
	return s
}

// SkillCheck is one skill a job needs and the level the reader holds.
type SkillCheck struct {
	Need core.SkillLevel
	Has  int // 0: not held
}

// Met reports whether the reader holds the skill at the level needed.
func (c SkillCheck) Met() bool { return c.Has >= c.Need.Level }

// View is a job's description as one member reads it.
type View struct {
	Job Job
	// Shifts are the description's shifts, in its order.
	Shifts []attendance.Shift
	// Skills compare the reader's skills with each the job needs, so an
	// internal candidate sees what they have and what they lack.
	Skills []SkillCheck
	// Mine is set when the job is the reader's own.
	Mine bool
	// Known are the org's jobs, to name them and skills named after them.
	Known core.Jobs
}

// Lacking counts the skills the reader lacks or holds below the level.
func (v View) Lacking() int {
	n := 0
	for _, c := range v.Skills {
		if !c.Met() {
			n++
		}
	}
	return n
}

// Known is jobs as core.Jobs, for resolving and naming them.
func Known(js []Job) core.Jobs {
	out := make(core.Jobs, len(js))
	for i, j := range js {
		out[i] = j.Job
	}
	return out
}

// List returns m's org's jobs by key, with their descriptions and how
// many people do each. Everyone in the org may read them.
func (s *Service) List(ctx context.Context, m core.Member) ([]Job, error) {
	js, err := s.store.Jobs(ctx, m.Org.ID)
	if err != nil {
		return nil, fmt.Errorf("jobs of org %d: %w", m.Org.ID, err)
	}
	return js, nil
}

// Describe finds the job word names — its key, a name in either language
// or an alias — and returns its description for m, with m's skills
// against those it needs. Everyone in the org may read every job's
// description, pay range included: it is what an opening advertises.
// Errors: EInvalid "jobs.unknown" (core.UnknownJob) for a word naming
// none of the org's jobs.
func (s *Service) Describe(ctx context.Context, m core.Member, word string) (View, error) {
	js, err := s.List(ctx, m)
	if err != nil {
		return View{}, err
	}
	known := Known(js)
	key, err := core.ResolveJob(word, known, s.builtin)
	if err != nil {
		return View{}, err
	}
	v := View{Known: known}
	for _, j := range js {
		if j.Key == key {
			v.Job = j
		}
	}
	v.Mine = m.Employee.Job == key
	d := v.Job.Description
	if len(d.Skills) > 0 {
		held, err := s.store.Skills(ctx, m.Employee.ID, s.clock.Now())
		if err != nil {
			return View{}, fmt.Errorf("skills of %s: %w", m.Employee.Key, err)
		}
		for _, need := range d.Skills {
			v.Skills = append(v.Skills, SkillCheck{Need: need, Has: held[need.Skill]})
		}
	}
	if v.Shifts, err = s.shiftsOf(ctx, m.Org.ID, d.Shifts); err != nil {
		return View{}, err
	}
	return v, nil
}

// shiftsOf returns the org's shifts of keys, in their order; none and no
// query when keys is empty.
func (s *Service) shiftsOf(ctx context.Context, orgID int64, keys []string) ([]attendance.Shift, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	shifts, err := s.store.Shifts(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("shifts of org %d: %w", orgID, err)
	}
	var out []attendance.Shift
	for _, key := range keys {
		for _, sh := range shifts {
			if sh.Key == key {
				out = append(out, sh)
			}
		}
	}
	return out, nil
}

// SetDescription replaces the description of one of the org's declared
// jobs, checked as the org file checks it (Check), with an audit row the
// org file's preview knows as an edit outside it. HR and admins only
// (job.edit). Errors: EForbidden (audited), ENotFound when the org
// declares no job key, EInvalid "jobs.invalid_description".
func (s *Service) SetDescription(ctx context.Context, m core.Member, key string, d Description, channel string) error {
	if err := s.auth.Authorize(ctx, m, core.ActionJobEdit, nil, channel); err != nil {
		return err
	}
	js, err := s.List(ctx, m)
	if err != nil {
		return err
	}
	var before *Job
	for i := range js {
		if js[i].Key == key && len(js[i].Names) > 0 {
			before = &js[i]
		}
	}
	if before == nil {
		return core.Errorf(core.ENotFound, "jobs.not_declared", "org %d declares no job %q", m.Org.ID, key).With("job", key)
	}
	staffs, err := s.ShiftJobs(ctx, m)
	if err != nil {
		return err
	}
	if err := Check(key, d, staffs); err != nil {
		return err
	}
	audit := core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditDescribe, EntityType: "job", EntityID: key,
		Before: Snapshot(before.Description), After: Snapshot(d), Channel: channel, Outcome: core.OutcomeOK, At: s.clock.Now()}
	if err := s.store.Describe(ctx, m.Org.ID, key, d, audit); err != nil {
		return fmt.Errorf("describe job %s: %w", key, err)
	}
	return nil
}

// ShiftJobs maps m's org's shift keys to the job each staffs ("" for
// any): what a description's shifts are checked against.
func (s *Service) ShiftJobs(ctx context.Context, m core.Member) (map[string]string, error) {
	shifts, err := s.store.Shifts(ctx, m.Org.ID)
	if err != nil {
		return nil, fmt.Errorf("shifts of org %d: %w", m.Org.ID, err)
	}
	out := make(map[string]string, len(shifts))
	for _, sh := range shifts {
		out[sh.Key] = sh.Job
	}
	return out, nil
}
