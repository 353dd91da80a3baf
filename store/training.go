package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/training/quiz"
)

// Training is quizzes' storage: each org's certificate rules, quiz banks
// and their versions, attempts, assignments and the certifications a pass
// earns. It is core/training's Store.
type Training struct{ db *DB }

// NewTraining returns quizzes' storage over db.
func NewTraining(db *DB) Training { return Training{db: db} }

var _ training.Store = Training{}

// Policy reads an org's certificate rules; the defaults when none.
func (s Training) Policy(ctx context.Context, orgID int64) (training.Policy, error) {
	var p training.Policy
	err := s.db.q(ctx).QueryRow(ctx, `SELECT certificate_months, retake_hours FROM training_policies WHERE org_id = $1`, orgID).
		Scan(&p.CertificateMonths, &p.RetakeHours)
	if errors.Is(err, pgx.ErrNoRows) {
		return training.DefaultPolicy(), nil
	}
	return p, interpret(err)
}

// SaveBank stores a bank, as a new version when it changed (audited as
// by's); it reports whether it did.
func (s Training) SaveBank(ctx context.Context, orgID int64, b quiz.Bank, at time.Time, by training.Importer) (training.StoredBank, bool, error) {
	raw, err := json.Marshal(b)
	if err != nil {
		return training.StoredBank{}, false, fmt.Errorf("save quiz %s: %w", b.Code, err)
	}
	var sb training.StoredBank
	var changed bool
	err = s.db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var version int
		var old []byte
		importedAt := at
		err := tx.QueryRow(ctx, `SELECT id, version, bank, imported_at FROM quiz_banks WHERE org_id = $1 AND code = $2 FOR UPDATE`, orgID, b.Code).
			Scan(&id, &version, &old, &importedAt)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			changed, version = true, 1
			err = tx.QueryRow(ctx, `
				INSERT INTO quiz_banks (org_id, code, skill, level, bank, imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
				orgID, b.Code, b.Skill, b.Level, raw, at).Scan(&id)
		case err == nil:
			changed = canonicalJSON(string(old)) != canonicalJSON(string(raw))
			if changed {
				version, importedAt = version+1, at
				_, err = tx.Exec(ctx, `UPDATE quiz_banks SET skill = $2, level = $3, bank = $4, version = $5, imported_at = $6 WHERE id = $1`,
					id, b.Skill, b.Level, raw, version, at)
			}
		}
		if err != nil {
			return err
		}
		sb = training.StoredBank{ID: id, OrgID: orgID, Version: version, Bank: b, ImportedAt: importedAt}
		if !changed {
			return nil
		}
		label := ""
		if by.EmployeeID == 0 {
			label = "quiz import"
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorID: by.EmployeeID, ActorLabel: label, Action: core.AuditQuizImport,
			EntityType: "quiz", EntityID: b.Code, After: map[string]any{"version": version, "questions": len(b.Questions)},
			Channel: by.Channel, Outcome: "ok"})
	})
	if err != nil {
		return sb, false, fmt.Errorf("save quiz %s: %w", b.Code, interpret(err))
	}
	return sb, changed, nil
}

func scanBank(row pgx.Row) (training.StoredBank, error) {
	var sb training.StoredBank
	var raw []byte
	if err := row.Scan(&sb.ID, &sb.OrgID, &sb.Version, &raw, &sb.ImportedAt); err != nil {
		return sb, interpret(err)
	}
	return sb, json.Unmarshal(raw, &sb.Bank)
}

// BankByCode reads an org's quiz. Errors: ENotFound.
func (s Training) BankByCode(ctx context.Context, orgID int64, code string) (training.StoredBank, error) {
	sb, err := scanBank(s.db.q(ctx).QueryRow(ctx, `SELECT id, org_id, version, bank, imported_at FROM quiz_banks WHERE org_id = $1 AND code = $2`, orgID, code))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return sb, core.Errorf(core.ENotFound, "quiz.not_found", "no quiz %q", code).With("code", code)
	}
	return sb, err
}

// Banks lists an org's quizzes by code.
func (s Training) Banks(ctx context.Context, orgID int64) ([]training.StoredBank, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT id, org_id, version, bank, imported_at FROM quiz_banks WHERE org_id = $1 ORDER BY code`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (training.StoredBank, error) { return scanBank(r) })
}

const attemptColumns = `a.id, a.org_id, a.bank_id, a.bank_version, a.employee_id, a.bank, a.paper, a.answers, a.selected, a.position,
	a.started_at, coalesce(a.deadline, 'epoch'), a.status, coalesce(a.submitted_at, 'epoch'), coalesce(a.correct, 0), coalesce(a.total, 0),
	coalesce(a.percent, 0), coalesce(a.passed, false), a.timed_out`

func scanAttempt(row pgx.Row, extra ...any) (training.Attempt, error) {
	var a training.Attempt
	var bank, paper, answers []byte
	dest := []any{&a.ID, &a.OrgID, &a.BankID, &a.BankVersion, &a.EmployeeID, &bank, &paper, &answers, &a.Selected, &a.Position,
		&a.StartedAt, &a.Deadline, &a.Status, &a.SubmittedAt, &a.Result.Correct, &a.Result.Total, &a.Result.Percent, &a.Result.Passed, &a.TimedOut}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return a, interpret(err)
	}
	if a.Deadline.Unix() == 0 {
		a.Deadline = time.Time{}
	}
	if a.SubmittedAt.Unix() == 0 {
		a.SubmittedAt = time.Time{}
	}
	for _, part := range []struct {
		raw []byte
		to  any
	}{{bank, &a.Bank}, {paper, &a.Paper}, {answers, &a.Answers}} {
		if err := json.Unmarshal(part.raw, part.to); err != nil {
			return a, fmt.Errorf("attempt %d: %w", a.ID, err)
		}
	}
	if a.Status == training.AttemptSubmitted {
		a.Result = quiz.Score(a.Bank, a.Paper, a.Answers)
	}
	return a, nil
}

// OpenAttempt returns a person's attempt in progress. Errors: ENotFound.
func (s Training) OpenAttempt(ctx context.Context, bankID, employeeID int64) (training.Attempt, error) {
	return scanAttempt(s.db.q(ctx).QueryRow(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts a
		WHERE a.bank_id = $1 AND a.employee_id = $2 AND a.status = 'open'`, bankID, employeeID))
}

// LastSubmitted returns a person's latest finished attempt. Errors: ENotFound.
func (s Training) LastSubmitted(ctx context.Context, bankID, employeeID int64) (training.Attempt, error) {
	return scanAttempt(s.db.q(ctx).QueryRow(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts a
		WHERE a.bank_id = $1 AND a.employee_id = $2 AND a.status = 'submitted' ORDER BY a.submitted_at DESC LIMIT 1`, bankID, employeeID))
}

// CreateAttempt stores a new attempt; when one is already in progress (a
// second device started at the same moment) it returns that one.
func (s Training) CreateAttempt(ctx context.Context, a training.Attempt) (training.Attempt, error) {
	bank, _ := json.Marshal(a.Bank)
	paper, _ := json.Marshal(a.Paper)
	answers, _ := json.Marshal(a.Answers)
	var deadline *time.Time
	if !a.Deadline.IsZero() {
		deadline = &a.Deadline
	}
	err := s.db.q(ctx).QueryRow(ctx, `
		INSERT INTO quiz_attempts (org_id, bank_id, bank_version, employee_id, bank, paper, answers, started_at, deadline)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (bank_id, employee_id) WHERE status = 'open' DO NOTHING
		RETURNING id`, a.OrgID, a.BankID, a.BankVersion, a.EmployeeID, bank, paper, answers, a.StartedAt, deadline).Scan(&a.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return s.OpenAttempt(ctx, a.BankID, a.EmployeeID)
	}
	return a, interpret(err)
}

// LockAttempt reads an attempt and locks it for the caller's transaction:
// two presses at once are applied one after the other. Errors: ENotFound.
func (s Training) LockAttempt(ctx context.Context, id int64) (training.Attempt, error) {
	a, err := scanAttempt(s.db.q(ctx).QueryRow(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts a WHERE a.id = $1 FOR UPDATE`, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return a, core.Errorf(core.ENotFound, "quiz.stale", "no attempt %d", id)
	}
	return a, err
}

// SaveAttempt stores an attempt's progress or result.
func (s Training) SaveAttempt(ctx context.Context, a training.Attempt) error {
	answers, _ := json.Marshal(a.Answers)
	var submitted *time.Time
	if a.Status == training.AttemptSubmitted {
		submitted = &a.SubmittedAt
	}
	selected := a.Selected
	if selected == nil {
		selected = []string{}
	}
	_, err := s.db.q(ctx).Exec(ctx, `
		UPDATE quiz_attempts SET answers = $2, selected = $3, position = $4, status = $5, submitted_at = $6,
			correct = $7, total = $8, percent = $9, passed = $10, timed_out = $11
		WHERE id = $1`, a.ID, answers, selected, a.Position, a.Status, submitted,
		a.Result.Correct, a.Result.Total, a.Result.Percent, a.Result.Passed, a.TimedOut)
	return interpret(err)
}

// Certify records a skill level a pass earned (a later pass renews it).
func (s Training) Certify(ctx context.Context, c training.Certification) error {
	var expires *time.Time
	if !c.ExpiresAt.IsZero() {
		expires = &c.ExpiresAt
	}
	_, err := s.db.q(ctx).Exec(ctx, `
		INSERT INTO certifications (org_id, employee_id, skill, level, bank_id, attempt_id, certified_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (employee_id, skill, level) DO UPDATE SET bank_id = EXCLUDED.bank_id, attempt_id = EXCLUDED.attempt_id,
			certified_at = EXCLUDED.certified_at, expires_at = EXCLUDED.expires_at`,
		c.OrgID, c.EmployeeID, c.Skill, c.Level, c.BankID, c.AttemptID, c.CertifiedAt, expires)
	if err != nil {
		return interpret(err)
	}
	return recordAudit(ctx, s.db.q(ctx), core.AuditEntry{OrgID: c.OrgID, At: c.CertifiedAt, ActorID: c.EmployeeID, Action: core.AuditTrainingCertify,
		EntityType: "certification", EntityID: fmt.Sprintf("%d/%s/%d", c.EmployeeID, c.Skill, c.Level),
		After: map[string]any{"skill": c.Skill, "level": c.Level, "expires_at": expires, "attempt": c.AttemptID}, Channel: "chat", Outcome: "ok"})
}

// CompleteAssignment closes a person's open assignment of a quiz.
func (s Training) CompleteAssignment(ctx context.Context, bankID, employeeID int64, at time.Time) error {
	_, err := s.db.q(ctx).Exec(ctx, `UPDATE quiz_assignments SET completed_at = $3 WHERE bank_id = $1 AND employee_id = $2 AND completed_at IS NULL`,
		bankID, employeeID, at)
	return interpret(err)
}

// AssignQuiz gives a quiz to people; those who have it open already keep
// their first assignment. It returns how many were new.
func (s Training) AssignQuiz(ctx context.Context, orgID, bankID int64, employeeIDs []int64, by int64, deadline, at time.Time) (int, error) {
	var dl *time.Time
	if !deadline.IsZero() {
		dl = &deadline
	}
	tag, err := s.db.q(ctx).Exec(ctx, `
		INSERT INTO quiz_assignments (org_id, bank_id, employee_id, assigned_by, deadline, created_at)
		SELECT $1, $2, e, $4, $5, $6 FROM unnest($3::bigint[]) e
		ON CONFLICT (bank_id, employee_id) WHERE completed_at IS NULL DO NOTHING`, orgID, bankID, employeeIDs, by, dl, at)
	return int(tag.RowsAffected()), interpret(err)
}

// AssignedQuizzes maps the quizzes assigned to a person and not done to their deadlines.
func (s Training) AssignedQuizzes(ctx context.Context, employeeID int64) (map[int64]time.Time, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT bank_id, coalesce(deadline, 'epoch') FROM quiz_assignments WHERE employee_id = $1 AND completed_at IS NULL`, employeeID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var d time.Time
		if err := rows.Scan(&id, &d); err != nil {
			return nil, interpret(err)
		}
		if d.Unix() == 0 {
			d = time.Time{}
		}
		out[id] = d
	}
	return out, interpret(rows.Err())
}

// Skills lists a person's skill levels from the org file and from quizzes
// passed (expired certificates included, to show they expired).
func (s Training) Skills(ctx context.Context, employeeID int64, _ time.Time) ([]training.Skill, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT skill, level, 'orgfile', 'epoch'::timestamptz FROM employee_skills WHERE employee_id = $1
		UNION ALL
		SELECT c.skill, c.level, b.code, coalesce(c.expires_at, 'epoch') FROM certifications c JOIN quiz_banks b ON b.id = c.bank_id
		WHERE c.employee_id = $1
		ORDER BY 1, 2 DESC`, employeeID)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (training.Skill, error) {
		var s training.Skill
		err := r.Scan(&s.Skill, &s.Level, &s.Source, &s.ExpiresAt)
		if s.ExpiresAt.Unix() == 0 {
			s.ExpiresAt = time.Time{}
		}
		return s, err
	})
}

// SubmittedAttempts lists a quiz's finished attempts, oldest first.
func (s Training) SubmittedAttempts(ctx context.Context, bankID int64) ([]training.Attempt, error) {
	return s.namedAttempts(ctx, `WHERE a.bank_id = $1 AND a.status = 'submitted' ORDER BY a.submitted_at`, bankID)
}

// namedAttempts lists the attempts that where (a WHERE clause and what
// follows it, over quiz_attempts a) selects, each with the employee's name.
func (s Training) namedAttempts(ctx context.Context, where string, args ...any) ([]training.Attempt, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+attemptColumns+`, e.name FROM quiz_attempts a JOIN employees e ON e.id = a.employee_id
		`+where, args...)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []training.Attempt
	for rows.Next() {
		var name string
		a, err := scanAttempt(rows, &name)
		if err != nil {
			return nil, err
		}
		a.EmployeeName = name
		out = append(out, a)
	}
	return out, interpret(rows.Err())
}

// TakeDueReminders marks and returns the assignments not yet passed whose
// deadline falls within a day of now and that were not reminded yet: each
// is returned once.
func (s Training) TakeDueReminders(ctx context.Context, now time.Time) ([]training.DueReminder, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		UPDATE quiz_assignments a SET reminded_at = $1
		FROM quiz_banks b
		WHERE b.id = a.bank_id AND a.completed_at IS NULL AND a.reminded_at IS NULL
		  AND a.deadline IS NOT NULL AND a.deadline > $1 AND a.deadline <= $1 + interval '1 day'
		RETURNING a.org_id, a.bank_id, a.employee_id, b.code, a.deadline`, now)
	if err != nil {
		return nil, fmt.Errorf("quiz reminders: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (training.DueReminder, error) {
		var d training.DueReminder
		return d, r.Scan(&d.OrgID, &d.BankID, &d.EmployeeID, &d.Code, &d.Deadline)
	})
	if err != nil {
		return nil, fmt.Errorf("quiz reminders: %w", interpret(err))
	}
	return out, nil
}

// SkillMatrix lists an org's active people, by name, with the skill
// levels the org file gives them and those quizzes certified.
func (s Training) SkillMatrix(ctx context.Context, orgID int64) ([]training.PersonSkills, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT e.id, e.key, e.name, k.skill, k.level, k.source, k.expires_at
		FROM employees e
		LEFT JOIN (
		  SELECT employee_id, skill, level, 'orgfile' AS source, 'epoch'::timestamptz AS expires_at FROM employee_skills WHERE org_id = $1
		  UNION ALL
		  SELECT c.employee_id, c.skill, c.level, b.code, coalesce(c.expires_at, 'epoch') FROM certifications c
		  JOIN quiz_banks b ON b.id = c.bank_id WHERE c.org_id = $1
		) k ON k.employee_id = e.id
		WHERE e.org_id = $1 AND e.status = 'active'
		ORDER BY e.name, e.id, k.skill, k.level DESC`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []training.PersonSkills
	for rows.Next() {
		var p training.PersonSkills
		var skill, source *string
		var level *int
		var expires *time.Time
		if err := rows.Scan(&p.EmployeeID, &p.Key, &p.Name, &skill, &level, &source, &expires); err != nil {
			return nil, interpret(err)
		}
		if len(out) == 0 || out[len(out)-1].EmployeeID != p.EmployeeID {
			out = append(out, p)
		}
		if skill == nil {
			continue
		}
		sk := training.Skill{Skill: *skill, Level: *level, Source: *source}
		if expires != nil && expires.Unix() != 0 {
			sk.ExpiresAt = *expires
		}
		last := &out[len(out)-1]
		last.Skills = append(last.Skills, sk)
	}
	return out, interpret(rows.Err())
}

// RecentAttempts lists an org's latest finished attempts, newest first.
func (s Training) RecentAttempts(ctx context.Context, orgID int64, limit int) ([]training.Attempt, error) {
	return s.namedAttempts(ctx, `WHERE a.org_id = $1 AND a.status = 'submitted' ORDER BY a.submitted_at DESC, a.id DESC LIMIT $2`, orgID, limit)
}
