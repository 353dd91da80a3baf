package wecom

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/staff"
)

// Department is a WeCom department (department/list).
type Department struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	ParentID int64    `json:"parentid"`
	Leaders  []string `json:"department_leader"`
}

// Member is a WeCom member as user/list gives one. Status is 1 active,
// 2 disabled, 4 not yet activated, 5 left the corp.
type Member struct {
	UserID         string   `json:"userid"`
	Name           string   `json:"name"`
	Email          string   `json:"email"`
	BizMail        string   `json:"biz_mail"`
	Mobile         string   `json:"mobile"`
	Departments    []int64  `json:"department"`
	IsLeaderInDept []int    `json:"is_leader_in_dept"`
	DirectLeader   []string `json:"direct_leader"`
	MainDepartment int64    `json:"main_department"`
	Status         int      `json:"status"`
}

// Gone reports whether the member no longer works at the corp: disabled
// or left.
func (m Member) Gone() bool { return m.Status == 2 || m.Status == 5 }

// Directory is a corp's departments and members, as the app sees them.
type Directory struct {
	Departments []Department
	Members     []Member // each once, in the order first listed
}

// Directory reads every department the app sees and each department's
// own members (a member of two departments is listed once): the directory
// sync's source. The app's visible range decides what it sees.
func (a *API) Directory(ctx context.Context) (Directory, error) {
	var deps struct {
		Department []Department `json:"department"`
	}
	if err := a.Do(ctx, http.MethodGet, "/cgi-bin/department/list", nil, &deps); err != nil {
		return Directory{}, err
	}
	d := Directory{Departments: deps.Department}
	seen := map[string]bool{}
	for _, dep := range d.Departments {
		var users struct {
			UserList []Member `json:"userlist"`
		}
		q := url.Values{"department_id": {strconv.FormatInt(dep.ID, 10)}, "fetch_child": {"0"}}
		if err := a.Do(ctx, http.MethodGet, "/cgi-bin/user/list?"+q.Encode(), nil, &users); err != nil {
			return Directory{}, fmt.Errorf("members of department %d: %w", dep.ID, err)
		}
		for _, m := range users.UserList {
			if m.UserID != "" && !seen[m.UserID] {
				seen[m.UserID] = true
				d.Members = append(d.Members, m)
			}
		}
	}
	return d, nil
}

// TeamKey is the hrbot team a WeCom department becomes.
func TeamKey(departmentID int64) string { return "wecom-" + strconv.FormatInt(departmentID, 10) }

// RosterName is the name a directory sync's staff list goes by in the
// preview and the audit log ("import WeCom directory row 3").
const RosterName = "WeCom directory"

// SyncPlan is a directory as hrbot's staff list, and what it leaves out.
type SyncPlan struct {
	Roster staff.Roster
	// Keys are the hrbot keys of the members in the roster, by userid.
	Keys map[string]string
	// SkippedGone are members gone from WeCom whom hrbot never had:
	// nothing to import.
	SkippedGone int
}

// PlanSync turns a directory into the staff list the staff desk imports:
// departments as teams (TeamKey, the department's name), members as
// people. A member's key is that of the person already linked to their
// userid (linked: userid → key), else their userid in lower case when
// that is a valid key, else "wecom-N" with the first N free (taken tells
// the org's keys). Their manager is their direct leader, else the leader
// of their main department (or of the nearest department above it) who
// is not themselves; those gone (disabled or left) are marked left, with
// the manager they had.
func PlanSync(d Directory, linked map[string]string, taken func(key string) bool) SyncPlan {
	p := SyncPlan{Keys: map[string]string{}}
	used := map[string]bool{}
	for _, k := range linked {
		used[k] = true
	}
	isTaken := func(k string) bool { return used[k] || taken(k) }
	var members []Member
	for _, m := range d.Members {
		key, ok := linked[m.UserID]
		if !ok {
			if low := strings.ToLower(m.UserID); core.ValidKey(low) && !used[low] {
				key = low
				ok = taken(low) // the person hrbot already has under this key
			}
		}
		if m.Gone() && !ok {
			p.SkippedGone++
			continue
		}
		if key == "" {
			for n := 1; ; n++ {
				if k := "wecom-" + strconv.Itoa(n); !isTaken(k) {
					key = k
					break
				}
			}
		}
		used[key] = true
		p.Keys[m.UserID] = key
		members = append(members, m)
	}
	p.Roster = staff.Roster{Filename: RosterName, HeaderLine: 1, Columns: []staff.Column{
		{Header: "userid", Field: staff.FieldKey}, {Header: "name", Field: staff.FieldName}, {Header: "email", Field: staff.FieldEmail},
		{Header: "department", Field: staff.FieldTeam}, {Header: "leader", Field: staff.FieldManager}, {Header: "status", Field: staff.FieldStatus},
	}}
	for _, dep := range d.Departments {
		p.Roster.Teams = append(p.Roster.Teams, core.Team{Key: TeamKey(dep.ID), Name: dep.Name})
	}
	leaders := departmentLeaders(d)
	parent := map[int64]int64{}
	for _, dep := range d.Departments {
		parent[dep.ID] = dep.ParentID
	}
	for i, m := range members {
		email := m.Email
		if email == "" {
			email = m.BizMail
		}
		status, manager := string(core.StatusActive), managerOf(m, p.Keys, linked, leaders, parent)
		if m.Gone() {
			// Who left keeps the manager they had: a department's
			// leaders changing after they left is not their change.
			status, manager = string(core.StatusLeft), ""
		}
		team := ""
		if dep := mainDepartment(m); dep != 0 {
			team = TeamKey(dep)
		}
		p.Roster.Rows = append(p.Roster.Rows, staff.Row{
			Line:  i + 2,
			Cells: []string{p.Keys[m.UserID], m.Name, email, team, manager, status},
			Link:  &core.Identity{Platform: core.PlatformWeCom, ExternalID: m.UserID, LinkedVia: "directory"},
		})
	}
	return p
}

func mainDepartment(m Member) int64 {
	if m.MainDepartment != 0 {
		return m.MainDepartment
	}
	if len(m.Departments) > 0 {
		return m.Departments[0]
	}
	return 0
}

// departmentLeaders lists each department's leaders: those the
// department names, and members marked as its leader, sorted.
func departmentLeaders(d Directory) map[int64][]string {
	out := map[int64][]string{}
	add := func(dep int64, u string) {
		for _, x := range out[dep] {
			if x == u {
				return
			}
		}
		out[dep] = append(out[dep], u)
	}
	for _, dep := range d.Departments {
		for _, u := range dep.Leaders {
			add(dep.ID, u)
		}
	}
	for _, m := range d.Members {
		for i, dep := range m.Departments {
			if i < len(m.IsLeaderInDept) && m.IsLeaderInDept[i] == 1 {
				add(dep, m.UserID)
			}
		}
	}
	for _, us := range out {
		sort.Strings(us)
	}
	return out
}

// managerOf is the key of m's manager, "" when WeCom names none hrbot
// knows (the cell is then left empty, which keeps what hrbot has).
func managerOf(m Member, keys, linked map[string]string, leaders map[int64][]string, parent map[int64]int64) string {
	keyOf := func(u string) string {
		if k, ok := keys[u]; ok {
			return k
		}
		return linked[u]
	}
	for _, u := range m.DirectLeader {
		if k := keyOf(u); k != "" && u != m.UserID {
			return k
		}
	}
	seen := map[int64]bool{}
	for dep := mainDepartment(m); dep != 0 && !seen[dep]; dep = parent[dep] {
		seen[dep] = true
		for _, u := range leaders[dep] {
			if k := keyOf(u); k != "" && u != m.UserID {
				return k
			}
		}
	}
	return ""
}
