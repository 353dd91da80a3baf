package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/store/sealed"
)

// PersonFiles is the storage of people's files (core/personfile's Store):
// the files with their sensitive fields sealed, the corrections people
// ask for, what a person's data export reads, and the retention rule's
// erasure.
type PersonFiles struct{ db *DB }

// NewPersonFiles returns the files' storage over db.
func NewPersonFiles(db *DB) PersonFiles { return PersonFiles{db: db} }

var _ personfile.Store = PersonFiles{}

const fileColumns = `legal_name, id_type, id_number, birth_date, gender, phone, address, emergency_name, emergency_relation,
	emergency_phone, education, school, major, coalesce(graduation_year, 0), insurance_city, updated_at, erased_at`

// sealedContext binds a sealed value to its column and row, so a value
// copied to another row or column does not open there.
func sealedContext(column string, id int64) []byte {
	return []byte(column + ":" + strconv.FormatInt(id, 10))
}

func noKey() error {
	return core.Errorf(core.EInvalid, "personfile.no_key",
		"personal details are sealed with HRBOT_ENCRYPTION_KEY, which is not set: nothing was read or saved")
}

// seal seals v for column of row id; "" is stored as NULL.
func (s PersonFiles) seal(v, column string, id int64) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	b, err := s.db.seal.Seal(v, sealedContext(column, id))
	if errors.Is(err, sealed.ErrNoKey) {
		return nil, noKey()
	}
	return b, err
}

// open opens a sealed value of column of row id; NULL is "".
func (s PersonFiles) open(raw []byte, column string, id int64) (string, error) {
	if raw == nil {
		return "", nil
	}
	v, err := s.db.seal.Open(raw, sealedContext(column, id))
	if errors.Is(err, sealed.ErrNoKey) {
		return "", noKey()
	}
	if err != nil {
		return "", core.Errorf(core.EInvalid, "personfile.wrong_key",
			"personal details cannot be opened with this HRBOT_ENCRYPTION_KEY: it is not the key they were saved with (%v)", err)
	}
	return v, nil
}

// Read returns a person's file and pending corrections, with audit.
func (s PersonFiles) Read(ctx context.Context, orgID, employeeID int64, audit *core.AuditEntry) (personfile.Record, error) {
	var rec personfile.Record
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if rec, err = s.read(ctx, tx, orgID, employeeID); err != nil {
			return err
		}
		if rec.Pending, err = s.corrections(ctx, tx, `c.org_id = $1 AND c.employee_id = $2 AND c.status = 'pending'`, orgID, employeeID); err != nil {
			return err
		}
		if audit != nil {
			return recordAudit(ctx, tx, *audit)
		}
		return nil
	})
	if err != nil {
		return personfile.Record{}, fmt.Errorf("read file of %d: %w", employeeID, interpret(err))
	}
	return rec, nil
}

// read reads a person's file, its sealed fields opened.
func (s PersonFiles) read(ctx context.Context, q dbtx, orgID, employeeID int64) (personfile.Record, error) {
	var rec personfile.Record
	f := &rec.File
	var idNumber, phone, address, emergencyPhone []byte
	var erased *time.Time
	err := q.QueryRow(ctx, `SELECT `+fileColumns+` FROM person_files WHERE org_id = $1 AND employee_id = $2`, orgID, employeeID).Scan(
		&f.LegalName, &f.IDType, &idNumber, dateDest{&f.BirthDate}, &f.Gender, &phone, &address, &f.EmergencyName,
		&f.EmergencyRelation, &emergencyPhone, &f.Education, &f.School, &f.Major, &f.GraduationYear, &f.InsuranceCity,
		&f.UpdatedAt, &erased)
	if errors.Is(err, pgx.ErrNoRows) {
		return rec, nil
	}
	if err != nil {
		return rec, err
	}
	rec.Exists = true
	if erased != nil {
		f.ErasedAt = *erased
	}
	for _, x := range []struct {
		raw    []byte
		column string
		into   *string
	}{{idNumber, "id_number", &f.IDNumber}, {phone, "phone", &f.Phone}, {address, "address", &f.Address},
		{emergencyPhone, "emergency_phone", &f.EmergencyPhone}} {
		if *x.into, err = s.open(x.raw, "person_files."+x.column, employeeID); err != nil {
			return rec, err
		}
	}
	return rec, nil
}

// Update changes a person's file under a lock on the person, with the
// audit row change returns.
func (s PersonFiles) Update(ctx context.Context, orgID, employeeID int64, change func(cur personfile.File) (personfile.File, *core.AuditEntry, error)) (personfile.File, error) {
	var out personfile.File
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		// NO KEY UPDATE leaves the person's check-ins (which only share
		// the key) free while the file is written.
		if err := tx.QueryRow(ctx, `SELECT id FROM employees WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`, orgID, employeeID).Scan(new(int64)); err != nil {
			return err
		}
		rec, err := s.read(ctx, tx, orgID, employeeID)
		if err != nil {
			return err
		}
		next, audit, err := change(rec.File)
		if err != nil || audit == nil {
			out = rec.File
			return err
		}
		if err := s.write(ctx, tx, orgID, employeeID, next, audit.At); err != nil {
			return err
		}
		out = next
		return recordAudit(ctx, tx, *audit)
	})
	if err != nil {
		return personfile.File{}, fmt.Errorf("update file of %d: %w", employeeID, interpret(err))
	}
	return out, nil
}

// write stores a whole file, sealing its sensitive fields; a file written
// again is no longer erased.
func (s PersonFiles) write(ctx context.Context, q dbtx, orgID, employeeID int64, f personfile.File, at time.Time) error {
	var sealedValues [4][]byte
	for i, x := range []struct{ v, column string }{{f.IDNumber, "id_number"}, {f.Phone, "phone"}, {f.Address, "address"},
		{f.EmergencyPhone, "emergency_phone"}} {
		var err error
		if sealedValues[i], err = s.seal(x.v, "person_files."+x.column, employeeID); err != nil {
			return err
		}
	}
	var year *int
	if f.GraduationYear != 0 {
		year = &f.GraduationYear
	}
	_, err := q.Exec(ctx, `
		INSERT INTO person_files (employee_id, org_id, legal_name, id_type, id_number, birth_date, gender, phone, address, emergency_name,
		                          emergency_relation, emergency_phone, education, school, major, graduation_year, insurance_city, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (employee_id) DO UPDATE SET legal_name = $3, id_type = $4, id_number = $5, birth_date = $6, gender = $7, phone = $8,
		    address = $9, emergency_name = $10, emergency_relation = $11, emergency_phone = $12, education = $13, school = $14,
		    major = $15, graduation_year = $16, insurance_city = $17, updated_at = $18, erased_at = NULL`,
		employeeID, orgID, f.LegalName, string(f.IDType), sealedValues[0], dateArg(f.BirthDate), string(f.Gender), sealedValues[1],
		sealedValues[2], f.EmergencyName, f.EmergencyRelation, sealedValues[3], string(f.Education), f.School, f.Major, year,
		f.InsuranceCity, at)
	return err
}

// correctionQuery reads corrections with their person and who decided.
const correctionQuery = `
	SELECT c.id, c.org_id, c.employee_id, c.field, c.value, c.sealed_value, c.reason, c.status, coalesce(c.decided_by, 0),
	       coalesce(d.name, ''), c.created_at, c.decided_at, ` + employeeColumns + `
	FROM person_file_corrections c
	JOIN employees e ON e.id = c.employee_id
	LEFT JOIN teams t ON t.id = e.team_id
	LEFT JOIN employees m ON m.id = e.manager_id
	LEFT JOIN schedules sc ON sc.id = e.schedule_id
	LEFT JOIN employees d ON d.id = c.decided_by
	WHERE `

// corrections reads the corrections where says, oldest first, their
// sealed values opened.
func (s PersonFiles) corrections(ctx context.Context, q dbtx, where string, args ...any) ([]personfile.Correction, error) {
	rows, err := q.Query(ctx, correctionQuery+where+` ORDER BY c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []personfile.Correction
	for rows.Next() {
		var c personfile.Correction
		var raw []byte
		var decided *time.Time
		var d employeeDates
		dest := append([]any{&c.ID, &c.OrgID, &c.EmployeeID, &c.Field, &c.Value, &raw, &c.Reason, &c.Status, &c.DecidedBy,
			&c.DecidedByName, &c.CreatedAt, &decided}, employeeDest(&c.Person, &d)...)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		d.set(&c.Person)
		if decided != nil {
			c.DecidedAt = *decided
		}
		if raw != nil {
			if c.Value, err = s.open(raw, "person_file_corrections.value", c.ID); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddCorrection stores a pending correction, tells hr and audits it.
func (s PersonFiles) AddCorrection(ctx context.Context, c personfile.Correction, hr []int64, audit core.AuditEntry) (personfile.Correction, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		plain := c.Value
		if c.Field.Sensitive() {
			plain = ""
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO person_file_corrections (org_id, employee_id, field, value, reason, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.OrgID, c.EmployeeID, string(c.Field), plain, c.Reason, c.CreatedAt).Scan(&c.ID); err != nil {
			return err
		}
		if c.Field.Sensitive() {
			// Sealed once the row has its id, to bind the value to it.
			v, err := s.seal(c.Value, "person_file_corrections.value", c.ID)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE person_file_corrections SET sealed_value = $2 WHERE id = $1`, c.ID, v); err != nil {
				return err
			}
		}
		for _, r := range hr {
			if err := notify(ctx, tx, core.Notification{OrgID: c.OrgID, RecipientID: r, Kind: core.NotifyFileFixRequest,
				Params: map[string]string{"id": strconv.FormatInt(c.ID, 10)}, CreatedAt: c.CreatedAt}); err != nil {
				return err
			}
		}
		audit.After = map[string]any{"id": c.ID, "field": string(c.Field)}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return personfile.Correction{}, fmt.Errorf("add file correction: %w", interpret(err))
	}
	return c, nil
}

// FindCorrection returns one correction of an org.
func (s PersonFiles) FindCorrection(ctx context.Context, orgID, id int64) (personfile.Correction, error) {
	cs, err := s.corrections(ctx, s.db.q(ctx), `c.org_id = $1 AND c.id = $2`, orgID, id)
	if err == nil && len(cs) == 0 {
		err = core.Errorf(core.ENotFound, "personfile.fix_not_found", "no correction %d", id)
	}
	if err != nil {
		return personfile.Correction{}, fmt.Errorf("file correction %d: %w", id, interpret(err))
	}
	return cs[0], nil
}

// DecideCorrection writes what decide makes of a correction, under locks
// on the correction and its person.
func (s PersonFiles) DecideCorrection(ctx context.Context, orgID, id int64, decide func(c personfile.Correction, cur personfile.File) (personfile.Decision, error)) (personfile.Correction, error) {
	var out personfile.Correction
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var employeeID int64
		if err := tx.QueryRow(ctx, `SELECT employee_id FROM person_file_corrections WHERE org_id = $1 AND id = $2 FOR UPDATE`, orgID, id).Scan(&employeeID); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT id FROM employees WHERE id = $1 FOR NO KEY UPDATE`, employeeID).Scan(new(int64)); err != nil {
			return err
		}
		cs, err := s.corrections(ctx, tx, `c.org_id = $1 AND c.id = $2`, orgID, id)
		if err != nil {
			return err
		}
		rec, err := s.read(ctx, tx, orgID, employeeID)
		if err != nil {
			return err
		}
		d, err := decide(cs[0], rec.File)
		if err != nil {
			return err
		}
		return s.writeDecision(ctx, tx, cs[0], d, &out)
	})
	if err != nil {
		return personfile.Correction{}, fmt.Errorf("decide file correction %d: %w", id, interpret(err))
	}
	return out, nil
}

// writeDecision writes a correction's decision: its status, the file
// when approved, the audit rows and the notification.
func (s PersonFiles) writeDecision(ctx context.Context, tx pgx.Tx, c personfile.Correction, d personfile.Decision, out *personfile.Correction) error {
	at := time.Now()
	by := int64(0)
	if len(d.Audit) > 0 {
		at, by = d.Audit[0].At, d.Audit[0].ActorID
	}
	if d.File != nil {
		if err := s.write(ctx, tx, c.OrgID, c.EmployeeID, *d.File, at); err != nil {
			return err
		}
	}
	if err := tx.QueryRow(ctx, `
		UPDATE person_file_corrections SET status = $3, decided_by = $4, decided_at = $5 WHERE org_id = $1 AND id = $2
		RETURNING (SELECT name FROM employees WHERE id = $4)`, c.OrgID, c.ID, string(d.Status), by, at).Scan(&c.DecidedByName); err != nil {
		return err
	}
	for _, a := range d.Audit {
		if err := recordAudit(ctx, tx, a); err != nil {
			return err
		}
	}
	c.Status, c.DecidedBy, c.DecidedAt = d.Status, by, at
	*out = c
	return notify(ctx, tx, core.Notification{OrgID: c.OrgID, RecipientID: d.Notify, Kind: core.NotifyFileFixDecided,
		Params: map[string]string{"id": strconv.FormatInt(c.ID, 10)}, CreatedAt: at})
}

// HR returns the ids of the org's active HR people and admins, HR first.
func (s PersonFiles) HR(ctx context.Context, orgID int64) ([]int64, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT id FROM employees WHERE org_id = $1 AND status = 'active' AND role IN ('hr', 'admin') ORDER BY role = 'hr' DESC, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("hr of org %d: %w", orgID, interpret(err))
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("hr of org %d: %w", orgID, interpret(err))
	}
	return ids, nil
}

// RecordAudit writes an audit row on its own.
func (s PersonFiles) RecordAudit(ctx context.Context, e core.AuditEntry) error {
	return s.db.RecordAudit(ctx, e)
}
