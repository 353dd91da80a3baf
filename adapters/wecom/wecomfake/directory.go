package wecomfake

import (
	"net/http"
	"slices"
	"strconv"
)

// The directory (通讯录) and check-in (打卡) parts of the fake: what a test
// sets with SetDirectory and SetPunches is served by department/list,
// user/list and checkin/getcheckindata, behind the token check, in WeCom's
// wire format. The types are the fake's own, written from WeCom's
// documentation, so the adapter's cannot hide a mistake by being shared.

// Department is a department as department/list answers it.
type Department struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	ParentID int64    `json:"parentid"`
	Leaders  []string `json:"department_leader,omitempty"`
}

// Member is a member as user/list answers it. Status is 1 active,
// 2 disabled, 4 not yet activated, 5 left.
type Member struct {
	UserID         string   `json:"userid"`
	Name           string   `json:"name"`
	Email          string   `json:"email,omitempty"`
	BizMail        string   `json:"biz_mail,omitempty"`
	Mobile         string   `json:"mobile,omitempty"`
	Departments    []int64  `json:"department"`
	IsLeaderInDept []int    `json:"is_leader_in_dept,omitempty"`
	DirectLeader   []string `json:"direct_leader,omitempty"`
	MainDepartment int64    `json:"main_department,omitempty"`
	Status         int      `json:"status"`
}

// Punch is a check-in record as checkin/getcheckindata answers it:
// CheckinType 上班打卡, 下班打卡 or 外出打卡; ExceptionType what WeCom found
// wrong, separated by ';'; CheckinTime in Unix seconds.
type Punch struct {
	UserID        string `json:"userid"`
	GroupName     string `json:"groupname"`
	CheckinType   string `json:"checkin_type"`
	ExceptionType string `json:"exception_type"`
	CheckinTime   int64  `json:"checkin_time"`
	LocationTitle string `json:"location_title"`
}

// ErrCheckinRequest is the answer to a getcheckindata call WeCom would
// refuse: not type 3, more than 100 members, more than 30 days, the end
// before the start.
const ErrCheckinRequest = 301023

// directory is what SetDirectory and SetPunches set.
type directory struct {
	deps    []Department
	members []Member
	punches []Punch
}

// SetDirectory makes the app see these departments and members (copied:
// change them and call it again to change the directory).
func (s *Server) SetDirectory(deps []Department, members []Member) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dir.deps = slices.Clone(deps)
	s.dir.members = make([]Member, len(members))
	for i, m := range members {
		m.Departments, m.IsLeaderInDept, m.DirectLeader = slices.Clone(m.Departments), slices.Clone(m.IsLeaderInDept), slices.Clone(m.DirectLeader)
		s.dir.members[i] = m
	}
}

// SetPunches makes WeCom's check-in hold these records.
func (s *Server) SetPunches(punches []Punch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dir.punches = slices.Clone(punches)
}

func (s *Server) routeDirectory() {
	s.Route("GET /cgi-bin/department/list", s.departmentList)
	s.Route("GET /cgi-bin/user/list", s.userList)
	s.Route("POST /cgi-bin/checkin/getcheckindata", s.checkinData)
}

func (s *Server) departmentList(_ *http.Request, _ *Call) (map[string]any, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]any{"department": slices.Clone(s.dir.deps)}, 0
}

// userList lists a department's own members (fetch_child=0), as WeCom
// does with user/list.
func (s *Server) userList(r *http.Request, _ *Call) (map[string]any, int) {
	dep, err := strconv.ParseInt(r.URL.Query().Get("department_id"), 10, 64)
	if err != nil {
		return nil, 60123 // invalid party id
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Member{}
	for _, m := range s.dir.members {
		if slices.Contains(m.Departments, dep) {
			out = append(out, m)
		}
	}
	return map[string]any{"userlist": out}, 0
}

// checkinData answers the punches of the members asked for made from
// starttime to endtime (inclusive), within WeCom's limits of one call.
func (s *Server) checkinData(_ *http.Request, c *Call) (map[string]any, int) {
	num := func(k string) int64 { f, _ := c.Body[k].(float64); return int64(f) }
	users, _ := c.Body["useridlist"].([]any)
	start, end := num("starttime"), num("endtime")
	if num("opencheckindatatype") != 3 || len(users) == 0 || len(users) > 100 || end < start || end-start > 30*86400 {
		return nil, ErrCheckinRequest
	}
	want := map[string]bool{}
	for _, u := range users {
		if id, ok := u.(string); ok {
			want[id] = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Punch{}
	for _, p := range s.dir.punches {
		if want[p.UserID] && p.CheckinTime >= start && p.CheckinTime <= end {
			out = append(out, p)
		}
	}
	return map[string]any{"checkindata": out}, 0
}
