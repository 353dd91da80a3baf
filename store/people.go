package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// People reads the employees several features share: one person, an org's
// active people or a manager's reports, and who approves for someone.
// Leaves, Attendance, Reports and Directory embed it.
type People struct{ db *DB }

// NewPeople returns the people reads over db.
func NewPeople(db *DB) People { return People{db: db} }

// memberColumns are a member's columns (employee, team, manager, schedule,
// org, unread notifications), in the order scanMember reads them.
const memberColumns = employeeColumns + `,
	` + orgColumns + `,
	(SELECT count(*) FROM notifications n WHERE n.recipient_id = e.id AND n.delivered_at IS NULL AND n.enqueued_at IS NULL)`

// employeeColumns are an employee's columns alone, in the order
// scanEmployee reads them: what lists of people need, without the org's
// columns and the unread count that memberColumns add to every row.
const employeeColumns = `
	e.id, e.org_id, e.key, e.name, e.email, e.role, e.job,
	coalesce(e.team_id, 0), coalesce(t.key, ''), coalesce(t.name, ''),
	coalesce(e.manager_id, 0), coalesce(m.key, ''), coalesce(m.name, ''),
	e.hire_date, e.status, coalesce(e.chosen_locale, e.locale, ''), coalesce(sc.key, ''), e.rotation_offset,
	coalesce(e.delegate_id, 0), e.career_start, coalesce(e.gender, '')`

// memberFrom joins what memberColumns read.
const memberFrom = `
	FROM employees e
	JOIN orgs o ON o.id = e.org_id
	LEFT JOIN teams t ON t.id = e.team_id
	LEFT JOIN employees m ON m.id = e.manager_id
	LEFT JOIN schedules sc ON sc.id = e.schedule_id`

// scanMember reads memberColumns, after any leading columns given in lead.
func scanMember(row pgx.Row, lead ...any) (core.Member, error) {
	var m core.Member
	var d employeeDates
	dest := append(append(append(lead, employeeDest(&m.Employee, &d)...), orgDest(&m.Org)...), &m.Unread)
	if err := row.Scan(dest...); err != nil {
		return core.Member{}, interpret(err)
	}
	d.set(&m.Employee)
	return m, nil
}

// scanEmployee reads employeeColumns.
func scanEmployee(row pgx.Row) (core.Employee, error) {
	var e core.Employee
	var d employeeDates
	if err := row.Scan(employeeDest(&e, &d)...); err != nil {
		return core.Employee{}, interpret(err)
	}
	d.set(&e)
	return e, nil
}

// employeeDates are an employee's nullable dates as scanned.
type employeeDates struct{ hire, career *time.Time }

func (d employeeDates) set(e *core.Employee) {
	if d.hire != nil {
		e.HireDate = *d.hire
	}
	if d.career != nil {
		e.CareerStart = *d.career
	}
}

// employeeDest returns the scan destinations of employeeColumns into e,
// its nullable dates into d.
func employeeDest(e *core.Employee, d *employeeDates) []any {
	return []any{&e.ID, &e.OrgID, &e.Key, &e.Name, &e.Email, &e.Role, &e.Job,
		&e.TeamID, &e.TeamKey, &e.TeamName, &e.ManagerID, &e.ManagerKey, &e.ManagerName, &d.hire, &e.Status, &e.Locale,
		&e.ScheduleKey, &e.RotationOffset, &e.DelegateID, &d.career, &e.Gender}
}

// ListEmployees returns an org's active people, or one manager's direct reports.
func (s People) ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+employeeColumns+`
		FROM employees e
		LEFT JOIN teams t ON t.id = e.team_id
		LEFT JOIN employees m ON m.id = e.manager_id
		LEFT JOIN schedules sc ON sc.id = e.schedule_id
		WHERE e.org_id = $1 AND e.status = 'active' AND ($2 = 0 OR e.manager_id = $2) ORDER BY e.key`, orgID, managerID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []core.Employee
	for rows.Next() {
		e, err := scanEmployee(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, interpret(rows.Err())
}

// FindEmployeeByID returns one person of an org.
func (s People) FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error) {
	m, err := scanMember(s.db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.org_id = $1 AND e.id = $2`, orgID, id))
	return m.Employee, err
}

// FindApprover returns a person's manager, else the org's first active HR
// person or admin other than them.
func (s People) FindApprover(ctx context.Context, e core.Employee) (core.Employee, error) {
	m, err := scanMember(s.db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+`
		WHERE e.org_id = $1 AND e.status = 'active' AND e.id <> $2
		  AND (e.id = $3 OR e.role IN ('hr', 'admin'))
		ORDER BY e.id = $3 DESC, e.role = 'hr' DESC, e.id LIMIT 1`, e.OrgID, e.ID, e.ManagerID))
	return m.Employee, err
}
