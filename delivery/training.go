package delivery

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training"
)

// Trainings is the quiz service wired to delivery: assigning a quiz tells
// the people assigned, and Tick reminds them a day before the deadline.
type Trainings struct {
	Service   *training.Service
	Store     training.Store
	Queue     *Queue
	Clock     core.Clock
	Platforms []core.Platform
}

// List shows m the quizzes.
func (t *Trainings) List(ctx context.Context, m core.Member) ([]training.Listing, error) {
	return t.Service.List(ctx, m)
}

// Start begins or resumes an attempt.
func (t *Trainings) Start(ctx context.Context, m core.Member, code string) (training.Attempt, error) {
	return t.Service.Start(ctx, m, code)
}

// Press applies an answer.
func (t *Trainings) Press(ctx context.Context, m core.Member, in training.Answer) (training.Attempt, error) {
	return t.Service.Press(ctx, m, in)
}

// Skills lists m's skills.
func (t *Trainings) Skills(ctx context.Context, m core.Member) ([]training.Skill, error) {
	return t.Service.Skills(ctx, m)
}

// QuizReport reports on a quiz.
func (t *Trainings) QuizReport(ctx context.Context, m core.Member, code, channel string) (training.StoredBank, training.Report, error) {
	return t.Service.QuizReport(ctx, m, code, channel)
}

// Bank reads a quiz of an org.
func (t *Trainings) Bank(ctx context.Context, orgID int64, code string) (training.StoredBank, error) {
	return t.Store.BankByCode(ctx, orgID, code)
}

// Assign gives quiz code to who — a person's key, team:KEY, job:NAME or
// everyone — and tells each new assignee.
func (t *Trainings) Assign(ctx context.Context, m core.Member, code, who string, deadline time.Time, channel string) (training.StoredBank, int, error) {
	ids, err := t.people(ctx, m.Org.ID, who)
	if err != nil {
		return training.StoredBank{}, 0, err
	}
	bank, n, err := t.Service.Assign(ctx, m, code, ids, deadline, channel)
	if err != nil || n == 0 {
		return bank, n, err
	}
	params := map[string]string{"code": bank.Bank.Code}
	if !deadline.IsZero() {
		params["deadline"] = deadline.Format(time.RFC3339)
	}
	err = t.notify(ctx, m.Org.ID, bank.ID, ids, "assigned", bot.Notice{Kind: bot.NoticeQuizAssigned, Params: params})
	return bank, n, err
}

func (t *Trainings) people(ctx context.Context, orgID int64, who string) ([]int64, error) {
	var ids []int64
	var err error
	switch aud, ok := core.ParseAudience(who); {
	case ok && aud.Kind == core.AudienceEveryone:
		ids, err = employees(ctx, t.Queue.cfg.Pool, orgID, `true`)
	case ok && aud.Kind == core.AudienceTeam:
		ids, err = employees(ctx, t.Queue.cfg.Pool, orgID, `team_id = (SELECT id FROM teams WHERE org_id = $1 AND key = $2)`, aud.Value)
	case ok && aud.Kind == core.AudienceJob:
		ids, err = employees(ctx, t.Queue.cfg.Pool, orgID, `job = $2`, aud.Value)
	default:
		ids, err = employees(ctx, t.Queue.cfg.Pool, orgID, `key = $2`, who)
	}
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, core.Errorf(core.ENotFound, "quiz.bad_who", "nobody is %q", who).With("who", who)
	}
	return ids, nil
}

// notify queues a quiz notice to people, keyed per bank, person and what.
func (t *Trainings) notify(ctx context.Context, orgID, bankID int64, people []int64, what string, msg bot.Notice) error {
	return t.Queue.inTx(ctx, func(tx pgx.Tx) error {
		accounts, err := reachable(ctx, tx, Preference(t.Platforms), people)
		if err != nil {
			return err
		}
		stamp := strconv.FormatInt(t.Clock.Now().Unix(), 10) // a quiz may be assigned again after it was done
		items := make([]Item, 0, len(accounts))
		for _, a := range accounts {
			items = append(items, Item{Key: "quiz:" + strconv.FormatInt(bankID, 10) + ":" + strconv.FormatInt(a.employeeID, 10) + ":" + what + ":" + stamp,
				OrgID: orgID, EmployeeID: a.employeeID, Platform: a.platform, ExternalID: a.externalID,
				Source: "reminder", SourceID: bankID, Message: msg})
		}
		_, err = t.Queue.Enqueue(ctx, tx, items)
		return err
	})
}

// Tick reminds people of quizzes due within a day that they have not
// passed, once per assignment.
func (t *Trainings) Tick(ctx context.Context) error {
	now := t.Clock.Now()
	rows, err := t.Queue.cfg.Pool.Query(ctx, `
		UPDATE quiz_assignments a SET reminded_at = $1
		FROM quiz_banks b
		WHERE b.id = a.bank_id AND a.completed_at IS NULL AND a.reminded_at IS NULL
		  AND a.deadline IS NOT NULL AND a.deadline > $1 AND a.deadline <= $1 + interval '1 day'
		RETURNING a.org_id, a.bank_id, a.employee_id, b.code, a.deadline`, now)
	if err != nil {
		return fmt.Errorf("quiz reminders: %w", err)
	}
	type due struct {
		org, bank, emp int64
		code           string
		deadline       time.Time
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
		var d due
		return d, r.Scan(&d.org, &d.bank, &d.emp, &d.code, &d.deadline)
	})
	if err != nil {
		return fmt.Errorf("quiz reminders: %w", err)
	}
	var errs []error
	for _, d := range list {
		msg := bot.Notice{Kind: bot.NoticeQuizReminder, Params: map[string]string{"code": d.code, "deadline": d.deadline.Format(time.RFC3339)}}
		if err := t.notify(ctx, d.org, d.bank, []int64{d.emp}, "reminder", msg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Run ticks every interval until ctx ends.
func (t *Trainings) Run(ctx context.Context, every time.Duration) {
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		if err := t.Tick(ctx); err != nil && ctx.Err() == nil {
			t.Queue.log.Error("quiz reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
		}
	}
}
