package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/personfile"
)

// exportArea is one area of a person's data: a query whose columns all
// read as text. Its SQL takes $1 the org, $2 the person's id, $3 their key.
type exportArea struct {
	name    string
	columns []string // name, SQL expression pairs
	from    string
}

// asText writes any SQL value as text: times in RFC 3339, NULL as "".
func asText(expr string) string { return `coalesce(to_json(` + expr + `) #>> '{}', '')` }

// exportAreas are what MyData reads besides the file, one query each. No
// area reads another person's data: rows are the person's own, and the
// audit rows about them or by them name others by key at most.
var exportAreas = []exportArea{
	{"employee", []string{"key", "e.key", "name", "e.name", "email", "e.email", "role", "e.role", "job", "e.job", "team", "t.key",
		"manager", "m.key", "hire_date", "e.hire_date", "status", "e.status", "left_on", "e.left_on", "locale", "e.locale",
		"gender", "e.gender", "career_start", "e.career_start", "created_at", "e.created_at"},
		`FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN employees m ON m.id = e.manager_id
		 WHERE e.org_id = $1 AND e.id = $2`},
	{"chat_accounts", []string{"platform", "platform", "account", "external_id", "linked_via", "linked_via", "linked_at", "linked_at"},
		`FROM chat_identities WHERE org_id = $1 AND employee_id = $2 ORDER BY platform`},
	{"leave_requests", []string{"id", "id", "type", "type_key", "from", "from_date", "to", "to_date", "from_part", "from_part",
		"to_part", "to_part", "minutes", "minutes", "reason", "reason", "status", "status", "reject_reason", "reject_reason",
		"created_at", "created_at", "decided_at", "decided_at"},
		`FROM leave_requests WHERE org_id = $1 AND employee_id = $2 ORDER BY from_date, id`},
	{"leave_adjustments", []string{"type", "type_key", "year", "year", "minutes", "minutes", "note", "note", "created_at", "created_at"},
		`FROM leave_adjustments WHERE org_id = $1 AND employee_id = $2 ORDER BY created_at, id`},
	{"attendance", []string{"date", "work_date", "shift", "shift_key", "day_kind", "day_kind", "check_in", "check_in",
		"check_out", "check_out", "late_minutes", "late_minutes", "early_minutes", "early_minutes", "worked_minutes", "worked_minutes",
		"overtime_minutes", "overtime_minutes", "overtime_kind", "overtime_kind", "flags", "array_to_string(flags, ' ')",
		"latitude", "checkin_lat", "longitude", "checkin_lon"},
		`FROM attendance_records WHERE org_id = $1 AND employee_id = $2 ORDER BY work_date`},
	{"attendance_corrections", []string{"date", "work_date", "kind", "kind", "requested_at", "requested_at", "reason", "reason",
		"status", "status", "decided_at", "decided_at"},
		`FROM attendance_corrections WHERE org_id = $1 AND employee_id = $2 ORDER BY work_date, id`},
	{"cover_given", []string{"request", "request_id", "job", "job", "starts_at", "starts_at", "ends_at", "ends_at",
		"accepted_at", "accepted_at", "rating", "rating", "rating_comment", "rating_comment"},
		`FROM cover_assignments WHERE employee_org_id = $1 AND employee_id = $2 ORDER BY starts_at`},
	{"quiz_attempts", []string{"quiz", "b.code", "version", "a.bank_version", "started_at", "a.started_at", "submitted_at", "a.submitted_at",
		"status", "a.status", "correct", "a.correct", "total", "a.total", "percent", "a.percent", "passed", "a.passed"},
		`FROM quiz_attempts a JOIN quiz_banks b ON b.id = a.bank_id WHERE a.org_id = $1 AND a.employee_id = $2 ORDER BY a.started_at`},
	{"certifications", []string{"skill", "skill", "level", "level", "certified_at", "certified_at", "expires_at", "expires_at"},
		`FROM certifications WHERE org_id = $1 AND employee_id = $2 ORDER BY certified_at`},
	{"payslips", []string{"period", "r.period", "gross", "l.gross", "social", "l.social", "tax", "l.tax", "net", "l.net", "lines", "l.lines::text"},
		`FROM payroll_lines l JOIN payroll_runs r ON r.id = l.run_id
		 WHERE l.org_id = $1 AND l.employee_id = $2 AND r.status = 'approved' ORDER BY r.period`},
	{"pay_profile", []string{"kind", "kind", "salary", "salary", "hourly_rate", "hourly_rate", "cover_rate", "cover_rate",
		"social_base", "social_base", "housing_base", "housing_base", "bank_name", "bank_name", "bank_account_last4", "bank_last4"},
		`FROM pay_profiles WHERE org_id = $1 AND employee_id = $2`},
	{"questions", []string{"asked_at", "asked_at", "question", "question", "outcome", "outcome", "answer", "answer",
		"hr_answer", "hr_answer"},
		`FROM kb_questions WHERE org_id = $1 AND employee_id = $2 ORDER BY asked_at`},
	// The audit log's own snapshots (before, after) are left out: a row
	// by this person may hold a snapshot of someone else.
	{"audit", []string{"at", "a.at", "action", "a.action", "about", "a.entity_type || ':' || a.entity_id", "by",
		"coalesce(x.key, a.actor_label)", "channel", "a.channel", "outcome", "a.outcome", "reason", "a.reason"},
		`FROM audit_log a LEFT JOIN employees x ON x.id = a.actor_id
		 WHERE a.org_id = $1 AND (a.actor_id = $2 OR a.entity_type = 'employee' AND a.entity_id = $3) ORDER BY a.at, a.id`},
}

// Export reads everything the org holds about a person besides the file,
// one query per area, in one snapshot.
func (s PersonFiles) Export(ctx context.Context, orgID, employeeID int64) ([]personfile.Section, error) {
	var out []personfile.Section
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var key string
		if err := tx.QueryRow(ctx, `SELECT key FROM employees WHERE org_id = $1 AND id = $2`, orgID, employeeID).Scan(&key); err != nil {
			return err
		}
		for _, a := range exportAreas {
			sec, err := exportSection(ctx, tx, a, orgID, employeeID, key)
			if err != nil {
				return fmt.Errorf("%s: %w", a.name, err)
			}
			out = append(out, sec)
		}
		corrections, err := s.corrections(ctx, tx, `c.org_id = $1 AND c.employee_id = $2`, orgID, employeeID)
		if err != nil {
			return fmt.Errorf("file corrections: %w", err)
		}
		sec := personfile.Section{Name: "file_corrections", Columns: []string{"id", "field", "value", "reason", "status", "created_at", "decided_at"}}
		for _, c := range corrections {
			decided := ""
			if !c.DecidedAt.IsZero() {
				decided = c.DecidedAt.Format("2006-01-02T15:04:05Z07:00")
			}
			sec.Rows = append(sec.Rows, []string{fmt.Sprint(c.ID), string(c.Field), c.Value, c.Reason, string(c.Status),
				c.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), decided})
		}
		out = append(out, sec)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export %d: %w", employeeID, interpret(err))
	}
	return out, nil
}

func exportSection(ctx context.Context, q dbtx, a exportArea, orgID, employeeID int64, key string) (personfile.Section, error) {
	sec := personfile.Section{Name: a.name}
	exprs := make([]string, 0, len(a.columns)/2)
	for i := 0; i+1 < len(a.columns); i += 2 {
		sec.Columns = append(sec.Columns, a.columns[i])
		exprs = append(exprs, asText(a.columns[i+1]))
	}
	args := []any{orgID, employeeID}
	if strings.Contains(a.from, "$3") {
		args = append(args, key)
	}
	rows, err := q.Query(ctx, `SELECT `+strings.Join(exprs, ", ")+` `+a.from, args...)
	if err != nil {
		return sec, err
	}
	defer rows.Close()
	for rows.Next() {
		row := make([]string, len(exprs))
		dest := make([]any, len(row))
		for i := range row {
			dest[i] = &row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return sec, err
		}
		sec.Rows = append(sec.Rows, row)
	}
	return sec, rows.Err()
}

// Retentions returns every org with its retention rule, the default for
// those that set none.
func (s PersonFiles) Retentions(ctx context.Context) ([]personfile.OrgRetention, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT o.id, o.key, o.name, o.time_zone, coalesce(r.years_after_leaving, $1)
		FROM orgs o LEFT JOIN retention_policies r ON r.org_id = o.id ORDER BY o.key`, personfile.MinRetentionYears)
	if err != nil {
		return nil, fmt.Errorf("retention rules: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (personfile.OrgRetention, error) {
		var o personfile.OrgRetention
		return o, r.Scan(&o.Org.ID, &o.Org.Key, &o.Org.Name, &o.Org.TimeZone, &o.Retention.YearsAfterLeaving)
	})
	if err != nil {
		return nil, fmt.Errorf("retention rules: %w", interpret(err))
	}
	return out, nil
}

// Due returns the people of an org who left before leftBefore and whose
// file has not been erased since.
func (s PersonFiles) Due(ctx context.Context, orgID int64, leftBefore core.Date) ([]personfile.Leaver, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT e.id, e.key, e.name, e.left_on, f.employee_id IS NOT NULL,
		       EXISTS (SELECT 1 FROM pay_profiles p WHERE p.employee_id = e.id AND p.bank_account IS NOT NULL),
		       (SELECT count(*) FROM person_file_corrections c WHERE c.employee_id = e.id)
		FROM employees e LEFT JOIN person_files f ON f.employee_id = e.id
		WHERE e.org_id = $1 AND e.status = 'left' AND e.left_on < $2 AND f.erased_at IS NULL
		ORDER BY e.left_on, e.key`, orgID, leftBefore.UTC())
	if err != nil {
		return nil, fmt.Errorf("files due for erasure: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (personfile.Leaver, error) {
		var l personfile.Leaver
		return l, r.Scan(&l.EmployeeID, &l.Key, &l.Name, dateDest{&l.LeftOn}, &l.HasFile, &l.BankAccount, &l.Corrections)
	})
	if err != nil {
		return nil, fmt.Errorf("files due for erasure: %w", interpret(err))
	}
	return out, nil
}

// Erase empties a person's file, the values of their corrections and
// their bank account, and marks the file erased. Their employee row,
// attendance, leave, payroll lines and the audit log stay, so reports
// and totals are what they were.
func (s PersonFiles) Erase(ctx context.Context, orgID, employeeID int64, audit core.AuditEntry) (bool, error) {
	done := false
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		// The marker row first: a second pass racing this one waits on
		// it and then finds the file erased.
		tag, err := tx.Exec(ctx, `
			INSERT INTO person_files (employee_id, org_id, updated_at, erased_at) VALUES ($2, $1, $3, $3)
			ON CONFLICT (employee_id) DO UPDATE SET legal_name = '', id_type = '', id_number = NULL, birth_date = NULL, gender = '',
			    phone = NULL, address = NULL, emergency_name = '', emergency_relation = '', emergency_phone = NULL, education = '',
			    school = '', major = '', graduation_year = NULL, insurance_city = '', updated_at = $3, erased_at = $3
			WHERE person_files.erased_at IS NULL`, orgID, employeeID, audit.At)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		done = true
		if _, err := tx.Exec(ctx, `UPDATE person_file_corrections SET value = '', sealed_value = NULL, reason = ''
			WHERE org_id = $1 AND employee_id = $2`, orgID, employeeID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE pay_profiles SET bank_account = NULL, bank_last4 = '', bank_name = ''
			WHERE org_id = $1 AND employee_id = $2`, orgID, employeeID); err != nil {
			return err
		}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return false, fmt.Errorf("erase file of %d: %w", employeeID, interpret(err))
	}
	return done, nil
}
