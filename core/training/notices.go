package training

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// DueReminder is an assignment whose deadline is near: the person has not
// passed the quiz yet.
type DueReminder struct {
	OrgID, BankID, EmployeeID int64
	Code                      string
	Deadline                  time.Time
}

// Audience resolves who a quiz is assigned to (store.Audience).
type Audience interface {
	// People lists an org's active employees in an audience (everyone,
	// team:KEY, job:NAME).
	People(ctx context.Context, orgID int64, aud core.Audience) ([]int64, error)
	// Person returns the active employee with key, or none.
	Person(ctx context.Context, orgID int64, key string) ([]int64, error)
}

// DueReminders hands out each assignment due for a reminder once
// (store.Training).
type DueReminders interface {
	TakeDueReminders(ctx context.Context, now time.Time) ([]DueReminder, error)
}

// Desk is training as the bot uses it: the Service, plus telling people
// what concerns them — a quiz assigned, a deadline a day away — through
// the outbox.
type Desk struct {
	Service   *Service
	Store     Store
	Audience  Audience
	Reminders DueReminders
	Outbox    core.Outbox
	Clock     core.Clock
}

// List shows m the quizzes.
func (d *Desk) List(ctx context.Context, m core.Member) ([]Listing, error) {
	return d.Service.List(ctx, m)
}

// Start begins or resumes an attempt.
func (d *Desk) Start(ctx context.Context, m core.Member, code string) (Attempt, error) {
	return d.Service.Start(ctx, m, code)
}

// Press applies an answer.
func (d *Desk) Press(ctx context.Context, m core.Member, in Answer) (Attempt, error) {
	return d.Service.Press(ctx, m, in)
}

// Skills lists m's skills.
func (d *Desk) Skills(ctx context.Context, m core.Member) ([]Skill, error) {
	return d.Service.Skills(ctx, m)
}

// QuizReport reports on a quiz.
func (d *Desk) QuizReport(ctx context.Context, m core.Member, code, channel string) (StoredBank, Report, error) {
	return d.Service.QuizReport(ctx, m, code, channel)
}

// Bank reads a quiz of an org.
func (d *Desk) Bank(ctx context.Context, orgID int64, code string) (StoredBank, error) {
	return d.Store.BankByCode(ctx, orgID, code)
}

// Assign gives quiz code to who — a person's key, team:KEY, job:NAME or
// everyone — and tells each new assignee. Errors: ENotFound
// ("quiz.bad_who") when who names nobody, and those of Service.Assign.
func (d *Desk) Assign(ctx context.Context, m core.Member, code, who string, deadline time.Time, channel string) (StoredBank, int, error) {
	ids, err := d.people(ctx, m.Org.ID, who)
	if err != nil {
		return StoredBank{}, 0, err
	}
	bank, n, err := d.Service.Assign(ctx, m, code, ids, deadline, channel)
	if err != nil || n == 0 {
		return bank, n, err
	}
	params := map[string]string{"code": bank.Bank.Code}
	if !deadline.IsZero() {
		params["deadline"] = deadline.Format(time.RFC3339)
	}
	err = d.notify(ctx, m.Org.ID, bank.ID, ids, "assigned", core.NotifyQuizAssigned, params)
	return bank, n, err
}

func (d *Desk) people(ctx context.Context, orgID int64, who string) ([]int64, error) {
	var ids []int64
	var err error
	switch aud, ok := core.ParseAudience(who); {
	case ok && (aud.Kind == core.AudienceEveryone || aud.Kind == core.AudienceTeam || aud.Kind == core.AudienceJob):
		ids, err = d.Audience.People(ctx, orgID, aud)
	default:
		ids, err = d.Audience.Person(ctx, orgID, who)
	}
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, core.Errorf(core.ENotFound, "quiz.bad_who", "nobody is %q", who).With("who", who)
	}
	return ids, nil
}

// notify sends a quiz notice to people, keyed per bank, person, what and
// time (a quiz may be assigned again after it was done).
func (d *Desk) notify(ctx context.Context, orgID, bankID int64, people []int64, what, kind string, params map[string]string) error {
	stamp := strconv.FormatInt(d.Clock.Now().Unix(), 10)
	prefix := "quiz:" + strconv.FormatInt(bankID, 10) + ":"
	_, err := d.Outbox.Send(ctx, core.Outgoing{OrgID: orgID, Source: core.SourceReminder, SourceID: bankID, To: people,
		Key:  func(e int64) string { return prefix + strconv.FormatInt(e, 10) + ":" + what + ":" + stamp },
		Kind: kind, Params: params, ChatOnly: true})
	return err
}

// Tick reminds people of quizzes due within a day that they have not
// passed, once per assignment.
func (d *Desk) Tick(ctx context.Context) error {
	due, err := d.Reminders.TakeDueReminders(ctx, d.Clock.Now())
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range due {
		params := map[string]string{"code": r.Code, "deadline": r.Deadline.Format(time.RFC3339)}
		if err := d.notify(ctx, r.OrgID, r.BankID, []int64{r.EmployeeID}, "reminder", core.NotifyQuizReminder, params); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
