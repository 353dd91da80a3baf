package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// StartAsk is someone opening an apply link.
type StartAsk struct {
	Code    string
	Account Account
	Name    string      // the name their chat account shows
	Locale  core.Locale // their chat's language, "" unknown
	// ReferrerID is the employee whose referral link it was; 0 for none.
	ReferrerID int64
	// Employee is set when an employee of the org applies from their own
	// chat (an internal candidate).
	Employee *core.Employee
}

// Start opens an application to the opening of an apply link: the
// candidate (known on their account, or new) at stage applying, without
// consent yet. Applying twice to one opening returns the first
// application (resumed where it stands) with EConflict
// "recruiting.applied_before". Errors: ENotFound "recruiting.no_opening"
// for an unknown code, EInvalid "recruiting.closed" for a closed one.
func (s *Service) Start(ctx context.Context, ask StartAsk) (Application, Opening, error) {
	o, err := s.store.OpeningByCode(ctx, strings.ToLower(strings.TrimSpace(ask.Code)))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Application{}, Opening{}, core.Errorf(core.ENotFound, "recruiting.no_opening", "no opening %q", ask.Code)
	}
	if err != nil {
		return Application{}, Opening{}, err
	}
	if o.Status != OpeningOpen {
		return Application{}, o, core.Errorf(core.EInvalid, "recruiting.closed", "opening %d is %s", o.ID, o.Status)
	}
	now := s.clock.Now()
	c := Candidate{OrgID: o.OrgID, Platform: ask.Account.Platform, UserID: ask.Account.UserID, ChatID: ask.Account.ChatID,
		Name: strings.TrimSpace(ask.Name), Locale: ask.Locale, CreatedAt: now}
	a := Application{OrgID: o.OrgID, OpeningID: o.ID, Job: o.Job, Source: FromLink, Stage: Applying, Answers: map[string]string{},
		CreatedAt: now, StageSince: now, HiringManagerID: o.HiringManagerID}
	switch {
	case ask.Employee != nil:
		if ask.Employee.OrgID != o.OrgID {
			return Application{}, Opening{}, core.Errorf(core.ENotFound, "recruiting.no_opening", "no opening %q", ask.Code)
		}
		c.EmployeeID, c.Name, c.Locale = ask.Employee.ID, ask.Employee.Name, ask.Employee.Locale
		a.Source = FromInternal
	case ask.ReferrerID != 0:
		if ref, err := s.store.FindEmployeeByID(ctx, o.OrgID, ask.ReferrerID); err == nil && ref.Status == core.StatusActive {
			a.Source, a.ReferrerID = FromReferral, ref.ID
		}
	case ask.Account.Platform == "":
		a.Source = FromWeb
	}
	a.Candidate = c
	a, err = s.store.StartApplication(ctx, c, a, core.AuditEntry{OrgID: o.OrgID, ActorID: c.EmployeeID, ActorLabel: "candidate",
		Action: AuditApply, EntityType: "opening", EntityID: strconv.FormatInt(o.ID, 10),
		After: map[string]any{"source": a.Source, "referrer": a.ReferrerID}, Channel: string(ask.Account.Platform),
		Outcome: core.OutcomeOK, At: now})
	return a, o, err
}

// Progress is where a candidate's application stands after an answer:
// the next question, or what is still missing.
type Progress struct {
	Application Application
	Opening     Opening
	// Next is the next question; nil when all are answered.
	Next *Question
	// NeedCV and NeedContact say what is still to send after the
	// questions; Done is set once submitted (stage applied).
	NeedCV, NeedContact, Done bool
	// KnockedOut is set when the answer just given ended it.
	KnockedOut bool
}

// Applying returns the application an account is answering, with where
// it stands; ENotFound when there is none.
func (s *Service) Applying(ctx context.Context, acc Account) (Progress, error) {
	a, err := s.store.Applying(ctx, acc)
	if err != nil {
		return Progress{}, err
	}
	return s.progress(ctx, a)
}

func (s *Service) progress(ctx context.Context, a Application) (Progress, error) {
	o, err := s.store.Opening(ctx, a.OrgID, a.OpeningID)
	if err != nil {
		return Progress{}, err
	}
	p := Progress{Application: a, Opening: o, KnockedOut: a.Stage == KnockedOut, Done: a.Stage != Applying && a.Stage != KnockedOut}
	if a.Stage != Applying || a.Candidate.ConsentAt.IsZero() {
		return p, nil
	}
	if a.Step < len(o.Questions) {
		p.Next = &o.Questions[a.Step]
		return p, nil
	}
	// An internal candidate is reached where they work: no contact asked.
	p.NeedCV, p.NeedContact = !a.HasCV, a.Answers[contactKey] == "" && a.Candidate.EmployeeID == 0
	return p, nil
}

// contactKey keeps, among the answers, that the contact was given (the
// contact itself is sealed on the candidate).
const contactKey = "_contact"

// Latest returns the candidate's newest application on acc, whatever its
// stage: what someone who applied is told when they write again.
func (s *Service) Latest(ctx context.Context, acc Account) (Application, error) {
	return s.store.Latest(ctx, acc)
}

// Consent records the candidate's consent to their data being kept as
// they were told, and returns the first question.
func (s *Service) Consent(ctx context.Context, acc Account) (Progress, error) {
	a, err := s.store.Applying(ctx, acc)
	if err != nil {
		return Progress{}, err
	}
	if a.Candidate.ConsentAt.IsZero() {
		a.Candidate.ConsentAt = s.clock.Now()
		if err := s.store.SaveAnswers(ctx, a); err != nil {
			return Progress{}, fmt.Errorf("consent to application %d: %w", a.ID, err)
		}
	}
	return s.progress(ctx, a)
}

// Answer reads text as the answer to the candidate's next question. A
// knock-out answer ends the application (stage knocked_out, audited);
// otherwise the score adds up and the next question comes. Errors:
// EInvalid with the key saying what answer is expected (the same
// question stays), ENotFound when the account applies to nothing.
func (s *Service) Answer(ctx context.Context, acc Account, text string) (Progress, error) {
	a, err := s.store.Applying(ctx, acc)
	if err != nil {
		return Progress{}, err
	}
	p, err := s.progress(ctx, a)
	if err != nil || p.Next == nil {
		return p, err
	}
	ans, err := p.Next.Read(text)
	if err != nil {
		return p, err
	}
	a.Answers[p.Next.Key] = ans.Value
	a.Score = a.Score.Add(ans.Score)
	a.Step++
	if ans.KnockOut {
		now := s.clock.Now()
		a.Reason = p.Next.Key
		from := a.Stage
		a.Stage, a.StageSince, a.SubmittedAt = KnockedOut, now, now
		err = s.store.Move(ctx, a, from, Move{ApplicationID: a.ID, From: from, To: KnockedOut, Reason: "knock_out:" + p.Next.Key, At: now},
			core.AuditEntry{OrgID: a.OrgID, ActorLabel: "candidate", Action: AuditMove, EntityType: "application",
				EntityID: strconv.FormatInt(a.ID, 10), After: map[string]any{"stage": KnockedOut, "question": p.Next.Key},
				Channel: string(acc.Platform), Outcome: core.OutcomeOK, At: now}, nil)
	} else {
		err = s.store.SaveAnswers(ctx, a)
	}
	if err != nil {
		return Progress{}, fmt.Errorf("answer to application %d: %w", a.ID, err)
	}
	return s.progress(ctx, a)
}

// AddCV keeps the candidate's CV (a photo or a file).
func (s *Service) AddCV(ctx context.Context, acc Account, f File) (Progress, error) {
	a, err := s.store.Applying(ctx, acc)
	if err != nil {
		return Progress{}, err
	}
	if err := s.store.AddFile(ctx, a, f, s.clock.Now()); err != nil {
		return Progress{}, fmt.Errorf("cv of application %d: %w", a.ID, err)
	}
	a.HasCV = true
	return s.submitIfComplete(ctx, a)
}

// SkipCV goes on without a CV: a customer-service candidate may have
// none, and the hiring manager sees that there is none.
func (s *Service) SkipCV(ctx context.Context, acc Account) (Progress, error) {
	a, err := s.store.Applying(ctx, acc)
	if err != nil {
		return Progress{}, err
	}
	a.Answers["_no_cv"] = "1"
	a.HasCV = true
	if err := s.store.SaveAnswers(ctx, a); err != nil {
		return Progress{}, err
	}
	return s.submitIfComplete(ctx, a)
}

// Contact keeps the candidate's name and how to reach them (a phone
// number or an e-mail address, sealed) — "王芳 138 0013 8000" — and
// submits the application when all is there. Errors: EInvalid
// "recruiting.bad_contact".
func (s *Service) Contact(ctx context.Context, acc Account, text string) (Progress, error) {
	a, err := s.store.Applying(ctx, acc)
	if err != nil {
		return Progress{}, err
	}
	name, contact, ok := readContact(text)
	if !ok {
		// Where they are, with the error: the same question is asked again.
		p, err := s.progress(ctx, a)
		if err != nil {
			return Progress{}, err
		}
		return p, core.Errorf(core.EInvalid, "recruiting.bad_contact", "not a phone number or e-mail: %q", text)
	}
	if name == "" {
		name = a.Candidate.Name
	}
	if err := s.store.SetContact(ctx, a.OrgID, a.Candidate.ID, name, contact); err != nil {
		return Progress{}, err
	}
	a.Candidate.Name = name
	a.Answers[contactKey] = "1"
	if err := s.store.SaveAnswers(ctx, a); err != nil {
		return Progress{}, err
	}
	return s.submitIfComplete(ctx, a)
}

// readContact reads a name and a contact: an e-mail address, or a phone
// number — a mainland mobile's 11 digits, or 7–15 digits, spaces, dashes
// and +86 allowed — with the words around it the name.
func readContact(text string) (name, contact string, ok bool) {
	var words, digits []string
	for _, w := range strings.Fields(strings.TrimSpace(text)) {
		switch {
		case contact == "" && strings.Contains(w, "@"):
			at := strings.Index(w, "@")
			if at > 0 && at < len(w)-3 && strings.Contains(w[at:], ".") {
				contact = w
				continue
			}
			words = append(words, w)
		case strings.Trim(w, "+0123456789-()") == "":
			digits = append(digits, w)
		default:
			words = append(words, w)
		}
	}
	if contact == "" {
		d := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, strings.Join(digits, ""))
		if len(d) < 7 || len(d) > 15 {
			return "", "", false
		}
		contact = d
	}
	name = strings.Join(words, " ")
	if len([]rune(name)) > 60 {
		name = string([]rune(name)[:60])
	}
	return name, contact, true
}

// RetentionDays is how long an org keeps candidates' data after their
// application closes: what the consent asked for says.
func (s *Service) RetentionDays(ctx context.Context, orgID int64) (int, error) {
	p, err := s.store.Policy(ctx, orgID)
	return p.RetentionDays, err
}

// submitIfComplete submits a once every question is answered and the CV
// and contact are there: stage applied, its hiring manager told.
func (s *Service) submitIfComplete(ctx context.Context, a Application) (Progress, error) {
	p, err := s.progress(ctx, a)
	if err != nil || p.Next != nil || p.NeedCV || p.NeedContact || a.Stage != Applying {
		return p, err
	}
	now := s.clock.Now()
	a.Stage, a.StageSince, a.SubmittedAt = Applied, now, now
	id := strconv.FormatInt(a.ID, 10)
	ns := []core.Notification{{OrgID: a.OrgID, RecipientID: p.Opening.HiringManagerID, Kind: NotifyApplied, CreatedAt: now,
		Params: map[string]string{"application": id}}}
	err = s.store.Move(ctx, a, Applying, Move{ApplicationID: a.ID, From: Applying, To: Applied, At: now},
		core.AuditEntry{OrgID: a.OrgID, ActorID: a.Candidate.EmployeeID, ActorLabel: "candidate", Action: AuditMove,
			EntityType: "application", EntityID: id, After: map[string]any{"stage": Applied, "score": a.Score.String()},
			Channel: string(a.Candidate.Platform), Outcome: core.OutcomeOK, At: now}, ns)
	if err != nil {
		return Progress{}, fmt.Errorf("submit application %d: %w", a.ID, err)
	}
	return s.progress(ctx, a)
}

// scoreText writes a score for people: 20, 17.5.
func scoreText(d decimal.Decimal) string { return d.Round(1).String() }
