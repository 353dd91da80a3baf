package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// Recruiting keeps openings, candidates and their applications.
type Recruiting struct {
	People
	db *DB
}

// NewRecruiting returns recruiting's storage over db.
func NewRecruiting(db *DB) Recruiting { return Recruiting{People: People{db: db}, db: db} }

var _ recruiting.Store = Recruiting{}

// InTurn runs fn in one transaction, joining the turn's.
func (s Recruiting) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.InTurn(ctx, fn)
}

// OrgByID reads an org.
func (s Recruiting) OrgByID(ctx context.Context, id int64) (core.Org, error) {
	return NewOrgs(s.db).FindByID(ctx, id)
}

// Policy returns the org's recruiting rules, the defaults without any.
func (s Recruiting) Policy(ctx context.Context, orgID int64) (recruiting.Policy, error) {
	p := recruiting.Policy{RetentionDays: recruiting.DefaultRetentionDays, StaleDays: recruiting.DefaultStaleDays}
	var raw []byte
	err := s.db.q(ctx).QueryRow(ctx, `SELECT retention_days, stale_days, questions FROM recruiting_policies WHERE org_id = $1`, orgID).
		Scan(&p.RetentionDays, &p.StaleDays, &raw)
	if err == pgx.ErrNoRows {
		return p, nil
	}
	if err != nil {
		return p, interpret(err)
	}
	if err := json.Unmarshal(raw, &p.Questions); err != nil {
		return p, fmt.Errorf("recruiting questions of org %d: %w", orgID, err)
	}
	return p, nil
}

// openingCode is a fresh code for an apply link: 10 characters of a–z
// and 0–9, about 51 bits, so links cannot be guessed.
func openingCode() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	buf := make([]byte, 10)
	_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
	for i, b := range buf {
		buf[i] = alphabet[int(b)%len(alphabet)]
	}
	return string(buf)
}

// CreateOpening stores an opening with a fresh code and its audit row.
func (s Recruiting) CreateOpening(ctx context.Context, o recruiting.Opening, audit core.AuditEntry) (recruiting.Opening, error) {
	qs, err := json.Marshal(o.Questions)
	if err != nil {
		return o, fmt.Errorf("opening questions: %w", err)
	}
	if o.Questions == nil {
		qs = []byte("[]")
	}
	o.Code = openingCode()
	err = s.db.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `
			INSERT INTO openings (org_id, job, headcount, hiring_manager_id, questions, code, status, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			o.OrgID, o.Job, o.Headcount, o.HiringManagerID, qs, o.Code, o.Status, o.CreatedBy, o.CreatedAt).Scan(&o.ID); err != nil {
			return interpret(err)
		}
		audit.EntityID = strconv.FormatInt(o.ID, 10)
		return recordAudit(ctx, tx, audit)
	})
	return o, err
}

const openingSelect = `SELECT o.id, o.org_id, o.job, o.headcount, o.hiring_manager_id, hm.name, o.questions, o.code, o.status,
	o.created_by, o.created_at FROM openings o JOIN employees hm ON hm.id = o.hiring_manager_id`

func scanOpening(r pgx.Row) (recruiting.Opening, error) {
	var o recruiting.Opening
	var qs []byte
	if err := r.Scan(&o.ID, &o.OrgID, &o.Job, &o.Headcount, &o.HiringManagerID, &o.HiringManagerName, &qs, &o.Code, &o.Status,
		&o.CreatedBy, &o.CreatedAt); err != nil {
		return o, interpret(err)
	}
	if err := json.Unmarshal(qs, &o.Questions); err != nil {
		return o, fmt.Errorf("questions of opening %d: %w", o.ID, err)
	}
	return o, nil
}

// Opening returns one opening of an org.
func (s Recruiting) Opening(ctx context.Context, orgID, id int64) (recruiting.Opening, error) {
	o, err := scanOpening(s.db.q(ctx).QueryRow(ctx, openingSelect+` WHERE o.org_id = $1 AND o.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return o, core.Errorf(core.ENotFound, "recruiting.no_opening_id", "no opening %d", id).With("id", strconv.FormatInt(id, 10))
	}
	return o, err
}

// OpeningByCode finds an opening of any org by its link's code.
func (s Recruiting) OpeningByCode(ctx context.Context, code string) (recruiting.Opening, error) {
	return scanOpening(s.db.q(ctx).QueryRow(ctx, openingSelect+` WHERE o.code = $1`, code))
}

// Openings lists an org's openings with their counts per stage.
func (s Recruiting) Openings(ctx context.Context, orgID int64, open bool) ([]recruiting.Opening, error) {
	os, err := readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (recruiting.Opening, error) { return scanOpening(r) },
		openingSelect+` WHERE o.org_id = $1 AND (NOT $2 OR o.status = 'open') ORDER BY o.created_at DESC, o.id DESC`, orgID, open)
	if err != nil || len(os) == 0 {
		return os, err
	}
	byID := map[int64]*recruiting.Opening{}
	ids := make([]int64, len(os))
	for i := range os {
		os[i].Counts = map[recruiting.Stage]int{}
		byID[os[i].ID], ids[i] = &os[i], os[i].ID
	}
	rows, err := s.db.q(ctx).Query(ctx, `SELECT opening_id, stage, count(*) FROM applications WHERE org_id = $1 AND opening_id = ANY($2)
		GROUP BY opening_id, stage`, orgID, ids)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var stage recruiting.Stage
		var n int
		if err := rows.Scan(&id, &stage, &n); err != nil {
			return nil, interpret(err)
		}
		byID[id].Counts[stage] = n
	}
	return os, interpret(rows.Err())
}

// SetOpeningStatus closes or fills an opening.
func (s Recruiting) SetOpeningStatus(ctx context.Context, orgID, id int64, status string, audit core.AuditEntry) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE openings SET status = $3, closed_at = $4 WHERE org_id = $1 AND id = $2`,
			orgID, id, status, audit.At); err != nil {
			return interpret(err)
		}
		return recordAudit(ctx, tx, audit)
	})
}

// FindEmployee returns the person with key, as the directory reads them.
func (s Recruiting) FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	return Directory{db: s.db, People: s.People}.FindEmployee(ctx, orgID, key)
}

// RecordAudit writes an audit row: a CV read.
func (s Recruiting) RecordAudit(ctx context.Context, e core.AuditEntry) error {
	return s.db.RecordAudit(ctx, e)
}

// Sealing is nil when the DB has a key to seal candidates' contacts and
// files with.
func (s Recruiting) Sealing() error {
	if s.db.seal == nil {
		return core.Errorf(core.EInvalid, "recruiting.no_key",
			"candidates' contacts and CVs are sealed with HRBOT_ENCRYPTION_KEY, which is not set")
	}
	return nil
}
