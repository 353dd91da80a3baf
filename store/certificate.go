package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/leaving/certificate"
)

// Certificates reads what a termination certificate (离职证明) states:
// core/leaving/certificate's Store, over the features that hold each
// fact — resignations, contracts, the job history, the jobs, the
// person's file (its sealed fields opened, the issuance audited in the
// same transaction) — and the org's own certificate texts.
type Certificates struct {
	db *DB
	PersonFiles
}

// NewCertificates returns the certificates' reads over db.
func NewCertificates(db *DB) Certificates {
	return Certificates{db: db, PersonFiles: NewPersonFiles(db)}
}

var _ certificate.Store = Certificates{}

// LeftOn is the day a person left; zero when none is recorded.
func (s Certificates) LeftOn(ctx context.Context, orgID, employeeID int64) (core.Date, error) {
	var left *time.Time
	err := s.db.q(ctx).QueryRow(ctx, `SELECT left_on FROM employees WHERE org_id = $1 AND id = $2`, orgID, employeeID).Scan(&left)
	if err != nil {
		return core.Date{}, fmt.Errorf("left_on of %d: %w", employeeID, interpret(err))
	}
	if left == nil {
		return core.Date{}, nil
	}
	return core.DateOf(*left), nil
}

// OfPerson returns a person's resignations, newest first.
func (s Certificates) OfPerson(ctx context.Context, orgID, employeeID int64) ([]leaving.Resignation, error) {
	return NewLeavings(s.db).OfPerson(ctx, orgID, employeeID)
}

// Contracts lists a person's contracts, earliest first.
func (s Certificates) Contracts(ctx context.Context, orgID, employeeID int64) ([]contracts.Contract, error) {
	return NewContracts(s.db).Contracts(ctx, orgID, employeeID)
}

// Assignments returns a person's job history, oldest first, with their
// approved transfer still to take effect: an approved resignation's last
// day may come after it.
func (s Certificates) Assignments(ctx context.Context, orgID, employeeID int64) ([]core.Assignment, error) {
	rows, err := readAssignments(ctx, s.db.q(ctx), orgID, employeeID, true)
	if err != nil {
		return nil, err
	}
	out := make([]core.Assignment, len(rows))
	for i, r := range rows {
		out[i] = r.Assignment
	}
	return out, nil
}

// Jobs lists the org's jobs with their names.
func (s Certificates) Jobs(ctx context.Context, orgID int64) (core.Jobs, error) {
	return Covers{db: s.db}.Jobs(ctx, orgID)
}

// Body is the org's own certificate text in loc, else the one it gives
// for any language; "" when it has neither.
func (s Certificates) Body(ctx context.Context, orgID int64, loc core.Locale) (string, error) {
	var body string
	err := s.db.q(ctx).QueryRow(ctx, `SELECT body FROM certificate_texts WHERE org_id = $1 AND locale IN ($2, '')
		ORDER BY locale DESC LIMIT 1`, orgID, loc).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("certificate text of org %d: %w", orgID, interpret(err))
	}
	return body, nil
}
