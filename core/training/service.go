// Package training runs quizzes: banks imported from files, attempts in
// chat one question at a time, scoring on the server against the attempt's
// own paper, and the skill levels a pass certifies — which the cover pool
// checks.
package training

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training/quiz"
)

// StoredBank is a bank as kept in the database.
type StoredBank struct {
	ID      int64
	OrgID   int64
	Version int
	Bank    quiz.Bank
	// ImportedAt is when this version was imported.
	ImportedAt time.Time
}

// Importer is who imports a bank, for the audit log: an employee (0 for
// an operator at the terminal) and the channel.
type Importer struct {
	EmployeeID int64
	Channel    string
}

// Attempt statuses.
const (
	AttemptOpen      = "open"
	AttemptSubmitted = "submitted"
)

// Attempt is one person taking one quiz.
type Attempt struct {
	ID          int64
	OrgID       int64
	BankID      int64
	BankVersion int
	EmployeeID  int64
	Bank        quiz.Bank // as drawn from
	Paper       quiz.Paper
	Answers     map[string][]string
	Selected    []string // toggled so far on the current multiple-choice question
	Position    int      // the question being asked, 0-based
	StartedAt   time.Time
	Deadline    time.Time // zero: no time limit
	Status      string
	SubmittedAt time.Time
	Result      quiz.Result
	TimedOut    bool
	// EmployeeName is set by reports only.
	EmployeeName string
}

// Current returns the question being asked and its choices in paper order.
func (a Attempt) Current() (quiz.Question, []quiz.Choice, bool) {
	if a.Position >= len(a.Paper.Items) {
		return quiz.Question{}, nil, false
	}
	item := a.Paper.Items[a.Position]
	for _, q := range a.Bank.Questions {
		if q.ID != item.QuestionID {
			continue
		}
		choices := make([]quiz.Choice, 0, len(item.ChoiceIDs))
		for _, id := range item.ChoiceIDs {
			for _, c := range q.Choices {
				if c.ID == id {
					choices = append(choices, c)
				}
			}
		}
		return q, choices, true
	}
	return quiz.Question{}, nil, false
}

// Certification is a skill level a pass earned.
type Certification struct {
	OrgID, EmployeeID int64
	Skill             string
	Level             int
	BankID, AttemptID int64
	CertifiedAt       time.Time
	ExpiresAt         time.Time // zero: does not expire
}

// Store keeps banks, attempts and certifications.
type Store interface {
	Policy(ctx context.Context, orgID int64) (Policy, error)
	SaveBank(ctx context.Context, orgID int64, b quiz.Bank, at time.Time, by Importer) (StoredBank, bool, error)
	BankByCode(ctx context.Context, orgID int64, code string) (StoredBank, error)
	Banks(ctx context.Context, orgID int64) ([]StoredBank, error)
	// OpenAttempt returns the person's attempt in progress, ENotFound when none.
	OpenAttempt(ctx context.Context, bankID, employeeID int64) (Attempt, error)
	// LastSubmitted returns the person's latest finished attempt, ENotFound when none.
	LastSubmitted(ctx context.Context, bankID, employeeID int64) (Attempt, error)
	CreateAttempt(ctx context.Context, a Attempt) (Attempt, error)
	// LockAttempt reads an attempt and locks it for the caller's transaction.
	LockAttempt(ctx context.Context, id int64) (Attempt, error)
	SaveAttempt(ctx context.Context, a Attempt) error
	Certify(ctx context.Context, c Certification) error
	CompleteAssignment(ctx context.Context, bankID, employeeID int64, at time.Time) error
	AssignQuiz(ctx context.Context, orgID, bankID int64, employeeIDs []int64, by int64, deadline, at time.Time) (int, error)
	AssignedQuizzes(ctx context.Context, employeeID int64) (map[int64]time.Time, error) // bank id → deadline (zero: none)
	Skills(ctx context.Context, employeeID int64, now time.Time) ([]Skill, error)
	// SubmittedAttempts lists a quiz's finished attempts, EmployeeName set.
	SubmittedAttempts(ctx context.Context, bankID int64) ([]Attempt, error)
	// SkillMatrix lists an org's active people with their skills, by name.
	SkillMatrix(ctx context.Context, orgID int64) ([]PersonSkills, error)
	// RecentAttempts lists an org's latest finished attempts, newest
	// first, EmployeeName set.
	RecentAttempts(ctx context.Context, orgID int64, limit int) ([]Attempt, error)
}

// Skill is a skill level a person holds, and where it comes from.
type Skill struct {
	Skill     string
	Level     int
	Source    string    // "orgfile" or the quiz code
	ExpiresAt time.Time // zero: does not expire
}

// Report is how a quiz goes: attempts, pass rate, hardest questions.
type Report struct {
	Attempts, Passed int
	// Hardest lists questions by how often they were answered wrong.
	Hardest []QuestionStat
	People  []PersonResult
}

// QuestionStat is how often a question was asked and answered wrong.
type QuestionStat struct {
	QuestionID   string
	Asked, Wrong int
}

// PersonResult is a person's best result on a quiz.
type PersonResult struct {
	Name   string
	Best   int
	Passed bool
}

// Authorizer decides and audits who may do what.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service runs quizzes.
type Service struct {
	store Store
	auth  Authorizer
	clock core.Clock
	seed  func() int64
}

// NewService returns a Service.
func NewService(store Store, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock, seed: func() int64 { return rand.Int64() }}
}

// Import saves a parsed bank for an org, as `hrbot quiz import` does; it
// reports whether anything changed (a new version).
func (s *Service) Import(ctx context.Context, orgID int64, b quiz.Bank) (StoredBank, bool, error) {
	return s.store.SaveBank(ctx, orgID, b, s.clock.Now(), Importer{Channel: "cli"})
}

// QuizFile is a quiz file as uploaded: its name (whose extension says
// the format) and its bytes.
type QuizFile struct {
	Name string
	Data []byte
}

// Upload is what importing quiz files did: every problem of every file
// (then nothing was imported), else each bank and whether it changed.
type Upload struct {
	Problems quiz.Problems
	Banks    []StoredBank
	Changed  []bool
}

// ImportFiles imports quiz files for m, as `hrbot quiz import` does: each
// file is checked first, and a file with any problem imports nothing
// (the problems are in the result, not an error); a bank that did not
// change keeps its version. Only HR and admins (ActionTrainingAssign).
// Errors: EForbidden, EInvalid ("quiz.no_files").
func (s *Service) ImportFiles(ctx context.Context, m core.Member, files []QuizFile, channel string) (Upload, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionTrainingAssign, nil, channel); err != nil {
		return Upload{}, err
	}
	if len(files) == 0 {
		return Upload{}, core.Errorf(core.EInvalid, "quiz.no_files", "no quiz files")
	}
	var out Upload
	banks := make([]quiz.Bank, 0, len(files))
	for _, f := range files {
		b, err := quiz.Parse(f.Name, f.Data)
		var ps quiz.Problems
		switch {
		case errors.As(err, &ps):
			out.Problems = append(out.Problems, ps...)
		case err != nil:
			return Upload{}, fmt.Errorf("read quiz %s: %w", f.Name, err)
		default:
			banks = append(banks, b)
		}
	}
	if len(out.Problems) > 0 {
		return out, nil
	}
	now := s.clock.Now()
	for _, b := range banks {
		sb, changed, err := s.store.SaveBank(ctx, m.Org.ID, b, now, Importer{EmployeeID: m.Employee.ID, Channel: channel})
		if err != nil {
			return out, err
		}
		out.Banks, out.Changed = append(out.Banks, sb), append(out.Changed, changed)
	}
	return out, nil
}

// Banks lists the org's quizzes by code, for HR and admins
// (ActionTrainingAssign). Errors: EForbidden.
func (s *Service) Banks(ctx context.Context, m core.Member, channel string) ([]StoredBank, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionTrainingAssign, nil, channel); err != nil {
		return nil, err
	}
	return s.store.Banks(ctx, m.Org.ID)
}

// Listing is a quiz as one person sees it in /quiz.
type Listing struct {
	Bank       StoredBank
	Assigned   bool
	Deadline   time.Time
	InProgress bool
	Passed     bool
	Best       int
	RetakeAt   time.Time // zero: may take it now
}

// List shows m the org's quizzes: assigned ones first.
func (s *Service) List(ctx context.Context, m core.Member) ([]Listing, error) {
	banks, err := s.store.Banks(ctx, m.Org.ID)
	if err != nil {
		return nil, err
	}
	assigned, err := s.store.AssignedQuizzes(ctx, m.Employee.ID)
	if err != nil {
		return nil, err
	}
	pol, err := s.store.Policy(ctx, m.Org.ID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := make([]Listing, 0, len(banks))
	for _, b := range banks {
		l := Listing{Bank: b}
		l.Deadline, l.Assigned = assigned[b.ID]
		if _, err := s.store.OpenAttempt(ctx, b.ID, m.Employee.ID); err == nil {
			l.InProgress = true
		} else if core.ErrorCodeOf(err) != core.ENotFound {
			return nil, err
		}
		last, err := s.store.LastSubmitted(ctx, b.ID, m.Employee.ID)
		switch {
		case err == nil:
			l.Passed, l.Best = last.Result.Passed, last.Result.Percent
			if retake := last.SubmittedAt.Add(time.Duration(pol.RetakeHours) * time.Hour); !last.Result.Passed && now.Before(retake) {
				l.RetakeAt = retake
			}
		case core.ErrorCodeOf(err) != core.ENotFound:
			return nil, err
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b Listing) int {
		switch {
		case a.Assigned == b.Assigned:
			return 0
		case a.Assigned:
			return -1
		}
		return 1
	})
	return out, nil
}

// Start begins m's attempt at quiz code, or resumes the one in progress
// (from any device). Errors: ENotFound, EConflict ("quiz.cooldown").
func (s *Service) Start(ctx context.Context, m core.Member, code string) (Attempt, error) {
	b, err := s.store.BankByCode(ctx, m.Org.ID, code)
	if err != nil {
		return Attempt{}, err
	}
	if a, err := s.store.OpenAttempt(ctx, b.ID, m.Employee.ID); err == nil {
		return s.expire(ctx, a)
	} else if core.ErrorCodeOf(err) != core.ENotFound {
		return Attempt{}, err
	}
	now := s.clock.Now()
	pol, err := s.store.Policy(ctx, m.Org.ID)
	if err != nil {
		return Attempt{}, err
	}
	if last, err := s.store.LastSubmitted(ctx, b.ID, m.Employee.ID); err == nil && !last.Result.Passed {
		if retake := last.SubmittedAt.Add(time.Duration(pol.RetakeHours) * time.Hour); now.Before(retake) {
			return Attempt{}, core.Errorf(core.EConflict, "quiz.cooldown", "retake after %s", retake).
				With("at", retake.In(m.Org.Location()).Format("01-02 15:04"))
		}
	} else if err != nil && core.ErrorCodeOf(err) != core.ENotFound {
		return Attempt{}, err
	}
	a := Attempt{OrgID: m.Org.ID, BankID: b.ID, BankVersion: b.Version, EmployeeID: m.Employee.ID, Bank: b.Bank,
		Paper: quiz.Draw(b.Bank, s.seed()), Answers: map[string][]string{}, StartedAt: now, Status: AttemptOpen}
	if b.Bank.TimeLimit > 0 {
		a.Deadline = now.Add(b.Bank.TimeLimit)
	}
	return s.store.CreateAttempt(ctx, a)
}

// expire finishes an attempt whose time is up.
func (s *Service) expire(ctx context.Context, a Attempt) (Attempt, error) {
	if a.Status != AttemptOpen || a.Deadline.IsZero() || s.clock.Now().Before(a.Deadline) {
		return a, nil
	}
	locked, err := s.store.LockAttempt(ctx, a.ID)
	if err != nil {
		return a, err
	}
	if locked.Status != AttemptOpen {
		return locked, nil
	}
	locked.TimedOut = true
	return s.finish(ctx, locked)
}

// Answer is a press on a question: pick a choice (single choice: that is
// the answer), toggle one (multiple choice), or submit the toggled ones.
type Answer struct {
	AttemptID int64
	Position  int    // the question the button belongs to
	Choice    string // "" for submit
	Submit    bool
}

// Press applies an answer from m. A button of another person's attempt, of
// an earlier question or of a finished attempt changes nothing (EConflict
// "quiz.stale" / "quiz.not_yours"); time up finishes the attempt.
func (s *Service) Press(ctx context.Context, m core.Member, in Answer) (Attempt, error) {
	a, err := s.store.LockAttempt(ctx, in.AttemptID)
	if err != nil {
		return a, err
	}
	switch {
	case a.EmployeeID != m.Employee.ID:
		return a, core.Errorf(core.EForbidden, "quiz.not_yours", "attempt %d is not %s's", a.ID, m.Employee.Key)
	case a.Status != AttemptOpen:
		return a, core.Errorf(core.EConflict, "quiz.finished", "attempt %d is finished", a.ID)
	case in.Position != a.Position:
		return a, core.Errorf(core.EConflict, "quiz.stale", "question %d was answered", in.Position)
	}
	if !a.Deadline.IsZero() && !s.clock.Now().Before(a.Deadline) {
		a.TimedOut = true
		return s.finish(ctx, a)
	}
	q, choices, ok := a.Current()
	if !ok {
		return s.finish(ctx, a)
	}
	valid := in.Choice == ""
	for _, c := range choices {
		valid = valid || c.ID == in.Choice
	}
	if !valid {
		return a, core.Errorf(core.EConflict, "quiz.stale", "no choice %s", in.Choice)
	}
	switch {
	case !q.Multiple():
		a.Answers[q.ID] = []string{in.Choice}
		a.Position++
	case in.Submit:
		a.Answers[q.ID] = slices.Clone(a.Selected)
		a.Selected = nil
		a.Position++
	default:
		if i := slices.Index(a.Selected, in.Choice); i >= 0 {
			a.Selected = slices.Delete(a.Selected, i, i+1)
		} else {
			a.Selected = append(a.Selected, in.Choice)
		}
	}
	if a.Position >= len(a.Paper.Items) {
		return s.finish(ctx, a)
	}
	return a, s.store.SaveAttempt(ctx, a)
}

// finish scores an attempt, certifies a pass, and closes the person's
// assignment of the quiz.
func (s *Service) finish(ctx context.Context, a Attempt) (Attempt, error) {
	now := s.clock.Now()
	a.Status, a.SubmittedAt = AttemptSubmitted, now
	a.Result = quiz.Score(a.Bank, a.Paper, a.Answers)
	if err := s.store.SaveAttempt(ctx, a); err != nil {
		return a, fmt.Errorf("finish attempt %d: %w", a.ID, err)
	}
	if !a.Result.Passed {
		return a, nil
	}
	pol, err := s.store.Policy(ctx, a.OrgID)
	if err != nil {
		return a, err
	}
	c := Certification{OrgID: a.OrgID, EmployeeID: a.EmployeeID, Skill: a.Bank.Skill, Level: a.Bank.Level,
		BankID: a.BankID, AttemptID: a.ID, CertifiedAt: now}
	if pol.CertificateMonths > 0 {
		c.ExpiresAt = now.AddDate(0, pol.CertificateMonths, 0)
	}
	if err := s.store.Certify(ctx, c); err != nil {
		return a, fmt.Errorf("certify attempt %d: %w", a.ID, err)
	}
	return a, s.store.CompleteAssignment(ctx, a.BankID, a.EmployeeID, now)
}

// Skills lists m's skill levels, with where they come from and when they
// expire.
func (s *Service) Skills(ctx context.Context, m core.Member) ([]Skill, error) {
	return s.store.Skills(ctx, m.Employee.ID, s.clock.Now())
}

// Assign gives a quiz to people with a deadline (zero: none). Only HR and
// admins. It returns how many new assignments were made.
func (s *Service) Assign(ctx context.Context, m core.Member, code string, employeeIDs []int64, deadline time.Time, channel string) (StoredBank, int, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionTrainingAssign, nil, channel); err != nil {
		return StoredBank{}, 0, err
	}
	b, err := s.store.BankByCode(ctx, m.Org.ID, code)
	if err != nil {
		return b, 0, err
	}
	n, err := s.store.AssignQuiz(ctx, m.Org.ID, b.ID, employeeIDs, m.Employee.ID, deadline, s.clock.Now())
	return b, n, err
}

// QuizReport is how quiz code goes, for managers and HR.
func (s *Service) QuizReport(ctx context.Context, m core.Member, code, channel string) (StoredBank, Report, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionAttendanceTeam, nil, channel); err != nil {
		return StoredBank{}, Report{}, err
	}
	b, err := s.store.BankByCode(ctx, m.Org.ID, code)
	if err != nil {
		return b, Report{}, err
	}
	attempts, err := s.store.SubmittedAttempts(ctx, b.ID)
	if err != nil {
		return b, Report{}, err
	}
	return b, report(attempts), nil
}

// report works out pass rate, hardest questions and each person's best.
func report(attempts []Attempt) Report {
	var r Report
	stats := map[string]*QuestionStat{}
	best := map[int64]*PersonResult{}
	var order []int64
	for _, a := range attempts {
		r.Attempts++
		if a.Result.Passed {
			r.Passed++
		}
		wrong := map[string]bool{}
		for _, id := range a.Result.Wrong {
			wrong[id] = true
		}
		for _, it := range a.Paper.Items {
			st := stats[it.QuestionID]
			if st == nil {
				st = &QuestionStat{QuestionID: it.QuestionID}
				stats[it.QuestionID] = st
			}
			st.Asked++
			if wrong[it.QuestionID] {
				st.Wrong++
			}
		}
		p := best[a.EmployeeID]
		if p == nil {
			p = &PersonResult{Name: a.EmployeeName}
			best[a.EmployeeID] = p
			order = append(order, a.EmployeeID)
		}
		if a.Result.Percent >= p.Best {
			p.Best = a.Result.Percent
		}
		p.Passed = p.Passed || a.Result.Passed
	}
	for _, st := range stats {
		r.Hardest = append(r.Hardest, *st)
	}
	slices.SortFunc(r.Hardest, func(a, b QuestionStat) int {
		// the larger share wrong first: a.Wrong/a.Asked > b.Wrong/b.Asked
		if d := b.Wrong*a.Asked - a.Wrong*b.Asked; d != 0 {
			return d
		}
		return strings.Compare(a.QuestionID, b.QuestionID)
	})
	for _, id := range order {
		r.People = append(r.People, *best[id])
	}
	return r
}
