package store

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

const applicationSelect = `SELECT a.id, a.org_id, a.opening_id, o.job, o.hiring_manager_id, a.source, coalesce(a.referrer_id, 0),
	coalesce(r.name, ''), a.stage, a.step, a.answers, a.score, a.reject_reason, a.created_at, a.submitted_at, a.stage_since,
	EXISTS (SELECT 1 FROM candidate_files f WHERE f.application_id = a.id) OR a.answers ? '_no_cv',
	c.id, c.platform, c.user_id, c.chat_id, c.name, c.locale, coalesce(c.employee_id, 0), c.consent_at, c.talent_pool, c.created_at
	FROM applications a JOIN openings o ON o.id = a.opening_id JOIN candidates c ON c.id = a.candidate_id
	LEFT JOIN employees r ON r.id = a.referrer_id`

func scanApplication(r pgx.Row) (recruiting.Application, error) {
	var a recruiting.Application
	var answers []byte
	var submitted, consent *time.Time
	var score decimal.Decimal
	c := &a.Candidate
	if err := r.Scan(&a.ID, &a.OrgID, &a.OpeningID, &a.Job, &a.HiringManagerID, &a.Source, &a.ReferrerID, &a.Referrer, &a.Stage,
		&a.Step, &answers, &score, &a.Reason, &a.CreatedAt, &submitted, &a.StageSince, &a.HasCV,
		&c.ID, &c.Platform, &c.UserID, &c.ChatID, &c.Name, &c.Locale, &c.EmployeeID, &consent, &c.TalentPool, &c.CreatedAt); err != nil {
		return a, interpret(err)
	}
	c.OrgID, a.Score = a.OrgID, score
	if submitted != nil {
		a.SubmittedAt = *submitted
	}
	if consent != nil {
		c.ConsentAt = *consent
	}
	if err := json.Unmarshal(answers, &a.Answers); err != nil {
		return a, fmt.Errorf("answers of application %d: %w", a.ID, err)
	}
	if a.Answers == nil {
		a.Answers = map[string]string{}
	}
	return a, nil
}

// Applying returns the application an account is answering.
func (s Recruiting) Applying(ctx context.Context, acc recruiting.Account) (recruiting.Application, error) {
	return scanApplication(s.db.q(ctx).QueryRow(ctx, applicationSelect+`
		WHERE c.platform = $1 AND c.user_id = $2 AND c.erased_at IS NULL AND a.stage = 'applying'
		ORDER BY a.created_at DESC LIMIT 1`, acc.Platform, acc.UserID))
}

// ApplicationOf returns the application id of the candidate on acc.
func (s Recruiting) ApplicationOf(ctx context.Context, acc recruiting.Account, id int64) (recruiting.Application, error) {
	return scanApplication(s.db.q(ctx).QueryRow(ctx, applicationSelect+`
		WHERE a.id = $3 AND c.platform = $1 AND c.user_id = $2 AND c.erased_at IS NULL`, acc.Platform, acc.UserID, id))
}

// Application returns one application of an org.
func (s Recruiting) Application(ctx context.Context, orgID, id int64) (recruiting.Application, error) {
	a, err := scanApplication(s.db.q(ctx).QueryRow(ctx, applicationSelect+` WHERE a.org_id = $1 AND a.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return a, core.Errorf(core.ENotFound, "recruiting.no_application", "no application %d", id).With("id", strconv.FormatInt(id, 10))
	}
	return a, err
}

// Applications lists an opening's applications: by stage in pipeline
// order, best score first within each.
func (s Recruiting) Applications(ctx context.Context, orgID, openingID int64) ([]recruiting.Application, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (recruiting.Application, error) { return scanApplication(r) },
		applicationSelect+` WHERE a.org_id = $1 AND a.opening_id = $2
		ORDER BY array_position(ARRAY['offer','interview','screened','applied','applying','hired','rejected','withdrawn','knocked_out'], a.stage),
		         a.score DESC, a.id`, orgID, openingID)
}

// StartApplication stores the candidate and their application.
func (s Recruiting) StartApplication(ctx context.Context, c recruiting.Candidate, a recruiting.Application,
	audit core.AuditEntry) (recruiting.Application, error) {
	var id int64
	var existed bool
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		candidate, err := s.candidate(ctx, tx, c)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `SELECT id FROM applications WHERE opening_id = $1 AND candidate_id = $2`, a.OpeningID, candidate).Scan(&id)
		if err == nil {
			existed = true
			return nil
		}
		if err != pgx.ErrNoRows {
			return interpret(err)
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO applications (org_id, opening_id, candidate_id, source, referrer_id, stage, created_at, stage_since)
			VALUES ($1, $2, $3, $4, $5, 'applying', $6, $6) RETURNING id`,
			a.OrgID, a.OpeningID, candidate, a.Source, idOrNull(a.ReferrerID), a.CreatedAt).Scan(&id); err != nil {
			return interpret(err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO application_moves (org_id, application_id, from_stage, to_stage, at)
			VALUES ($1, $2, '', 'applying', $3)`, a.OrgID, id, a.CreatedAt); err != nil {
			return interpret(err)
		}
		audit.EntityType, audit.EntityID = "application", strconv.FormatInt(id, 10)
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return recruiting.Application{}, err
	}
	out, err := s.Application(ctx, a.OrgID, id)
	if err == nil && existed {
		err = core.Errorf(core.EConflict, "recruiting.applied_before", "applied to opening %d before", a.OpeningID)
	}
	return out, err
}

// candidate returns the id of the candidate on c's account (or c's
// employee), creating them.
func (s Recruiting) candidate(ctx context.Context, tx pgx.Tx, c recruiting.Candidate) (int64, error) {
	var id int64
	var err error
	switch {
	case c.EmployeeID != 0:
		err = tx.QueryRow(ctx, `SELECT id FROM candidates WHERE org_id = $1 AND employee_id = $2 AND erased_at IS NULL`,
			c.OrgID, c.EmployeeID).Scan(&id)
	case c.Platform != "":
		err = tx.QueryRow(ctx, `SELECT id FROM candidates WHERE org_id = $1 AND platform = $2 AND user_id = $3 AND erased_at IS NULL`,
			c.OrgID, c.Platform, c.UserID).Scan(&id)
	default:
		err = pgx.ErrNoRows
	}
	if err == nil {
		// Erased meanwhile by the retention pass: a new candidate then.
		tag, err := tx.Exec(ctx, `UPDATE candidates SET last_seen_at = $2, chat_id = CASE WHEN $3 = '' THEN chat_id ELSE $3 END
			WHERE id = $1 AND erased_at IS NULL`, id, c.CreatedAt, c.ChatID)
		if err != nil || tag.RowsAffected() == 1 {
			return id, interpret(err)
		}
	} else if err != pgx.ErrNoRows {
		return 0, interpret(err)
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO candidates (org_id, platform, user_id, chat_id, name, locale, employee_id, created_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		c.OrgID, c.Platform, c.UserID, c.ChatID, c.Name, c.Locale, idOrNull(c.EmployeeID), c.CreatedAt).Scan(&id)
	return id, interpret(err)
}

// SaveAnswers saves progress while the application is still applying.
func (s Recruiting) SaveAnswers(ctx context.Context, a recruiting.Application) error {
	answers, err := json.Marshal(a.Answers)
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE applications SET step = $3, answers = $4, score = $5 WHERE org_id = $1 AND id = $2 AND stage = 'applying'`,
			a.OrgID, a.ID, a.Step, answers, a.Score)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "recruiting.moved_meanwhile", "application %d is no longer being answered", a.ID)
		}
		if !a.Candidate.ConsentAt.IsZero() {
			_, err = tx.Exec(ctx, `UPDATE candidates SET consent_at = coalesce(consent_at, $2) WHERE id = $1`, a.Candidate.ID, a.Candidate.ConsentAt)
		}
		return interpret(err)
	})
}

// candidateContext binds a candidate's sealed contact to its row.
func candidateContext(id int64) []byte {
	return []byte("candidates.contact:" + strconv.FormatInt(id, 10))
}

// SetContact keeps the candidate's contact sealed.
func (s Recruiting) SetContact(ctx context.Context, orgID, candidateID int64, name, contact string) error {
	if s.db.seal == nil {
		return errNoKey()
	}
	sealed, err := s.db.seal.Seal(contact, candidateContext(candidateID))
	if err != nil {
		return fmt.Errorf("seal contact: %w", err)
	}
	_, err = s.db.q(ctx).Exec(ctx, `UPDATE candidates SET contact_sealed = $3, name = $4 WHERE org_id = $1 AND id = $2`,
		orgID, candidateID, sealed, name)
	return interpret(err)
}

// AddFile keeps a candidate's file sealed.
func (s Recruiting) AddFile(ctx context.Context, a recruiting.Application, f recruiting.File, at time.Time) error {
	if s.db.seal == nil {
		return errNoKey()
	}
	sum := sha256.Sum256(f.Data)
	sealed, err := s.db.seal.SealBytes(f.Data, []byte("candidate_files:"+strconv.FormatInt(a.ID, 10)))
	if err != nil {
		return fmt.Errorf("seal cv: %w", err)
	}
	_, err = s.db.q(ctx).Exec(ctx, `
		INSERT INTO candidate_files (org_id, candidate_id, application_id, name, mime, size, sha256, sealed, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.OrgID, a.Candidate.ID, a.ID, f.Name, f.MIME, len(f.Data), sum[:], sealed, at)
	return interpret(err)
}

// Move records a move of an application still at from.
func (s Recruiting) Move(ctx context.Context, a recruiting.Application, from recruiting.Stage, mv recruiting.Move,
	audit core.AuditEntry, ns []core.Notification) error {
	answers, err := json.Marshal(a.Answers)
	if err != nil {
		return err
	}
	var submitted *time.Time
	if !a.SubmittedAt.IsZero() {
		submitted = &a.SubmittedAt
	}
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE applications SET stage = $3, stage_since = $4, submitted_at = coalesce(submitted_at, $5), reject_reason = $6,
			    step = $7, answers = $8, score = $9, reminded_at = NULL
			WHERE org_id = $1 AND id = $2 AND stage = $10`,
			a.OrgID, a.ID, a.Stage, a.StageSince, submitted, a.Reason, a.Step, answers, a.Score, from)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "recruiting.moved_meanwhile", "application %d moved meanwhile", a.ID)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO application_moves (org_id, application_id, from_stage, to_stage, by_id, reason, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.OrgID, a.ID, mv.From, mv.To, idOrNull(mv.ByID), mv.Reason, mv.At); err != nil {
			return interpret(err)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		for _, n := range ns {
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// CV opens the newest file of an application.
func (s Recruiting) CV(ctx context.Context, orgID, applicationID int64) (recruiting.File, error) {
	if s.db.seal == nil {
		return recruiting.File{}, errNoKey()
	}
	var f recruiting.File
	var sealedCV []byte
	err := s.db.q(ctx).QueryRow(ctx, `SELECT name, mime, sealed FROM candidate_files WHERE org_id = $1 AND application_id = $2
		ORDER BY id DESC LIMIT 1`, orgID, applicationID).Scan(&f.Name, &f.MIME, &sealedCV)
	if err != nil {
		err = interpret(err)
		if core.ErrorCodeOf(err) == core.ENotFound {
			return f, core.Errorf(core.ENotFound, "recruiting.cv_missing", "application %d has no CV", applicationID)
		}
		return f, err
	}
	if f.Data, err = s.db.seal.OpenBytes(sealedCV, []byte("candidate_files:"+strconv.FormatInt(applicationID, 10))); err != nil {
		return f, fmt.Errorf("open cv: %w", err)
	}
	return f, nil
}

// SetTalentPool records a candidate joining or leaving the talent pool.
func (s Recruiting) SetTalentPool(ctx context.Context, orgID, candidateID int64, join bool, audit core.AuditEntry) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE candidates SET talent_pool = $3 WHERE org_id = $1 AND id = $2 AND erased_at IS NULL`,
			orgID, candidateID, join); err != nil {
			return interpret(err)
		}
		return recordAudit(ctx, tx, audit)
	})
}

// Latest returns the newest application of the candidate on acc; ENotFound.
func (s Recruiting) Latest(ctx context.Context, acc recruiting.Account) (recruiting.Application, error) {
	return scanApplication(s.db.q(ctx).QueryRow(ctx, applicationSelect+`
		WHERE c.platform = $1 AND c.user_id = $2 AND c.erased_at IS NULL ORDER BY a.created_at DESC, a.id DESC LIMIT 1`,
		acc.Platform, acc.UserID))
}
