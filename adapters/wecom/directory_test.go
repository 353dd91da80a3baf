package wecom_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
)

// TestAPIDirectory: the client reads every department and each one's own
// members, a member of two departments once, with one token.
func TestAPIDirectory(t *testing.T) {
	t.Parallel()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	fake.SetDirectory([]wecomfake.Department{{ID: 1, Name: "鲜果小铺"}, {ID: 2, Name: "客服部", ParentID: 1, Leaders: []string{"LiSi"}}},
		[]wecomfake.Member{
			{UserID: "Boss", Name: "王老板", Departments: []int64{1}, IsLeaderInDept: []int{1}, Status: 1},
			{UserID: "LiSi", Name: "李四", Departments: []int64{1, 2}, MainDepartment: 2, DirectLeader: []string{"Boss"}, Status: 5},
		})
	api := wecom.NewAPI(fake.URL, app.CorpID, app.Secret, nil)
	d, err := api.Directory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Departments) != 2 || d.Departments[1].ParentID != 1 || len(d.Departments[1].Leaders) != 1 {
		t.Errorf("departments: %+v", d.Departments)
	}
	if len(d.Members) != 2 || d.Members[1].UserID != "LiSi" || !d.Members[1].Gone() || d.Members[1].MainDepartment != 2 ||
		d.Members[1].DirectLeader[0] != "Boss" || d.Members[0].IsLeaderInDept[0] != 1 {
		t.Errorf("members: %+v", d.Members)
	}
	if n := len(fake.Calls("/cgi-bin/user/list")); n != 2 {
		t.Errorf("user/list asked %d times, want once a department", n)
	}
	if n := fake.TokenRequests(); n != 1 {
		t.Errorf("gettoken asked %d times, want 1", n)
	}
	fake.Fail("/cgi-bin/department/list", 60011)
	var we *wecom.Error
	if _, err := api.Directory(context.Background()); !errors.As(err, &we) || we.Code != 60011 {
		t.Errorf("a refused department/list: %v", err)
	}
}

// TestAPIPunches: 150 members over 40 days are read in calls WeCom takes
// (at most 100 members and 30 days each), and every punch in the range
// comes back once.
func TestAPIPunches(t *testing.T) {
	t.Parallel()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	to := from.AddDate(0, 0, 40)
	var users []string
	var punches []wecomfake.Punch
	for i := range 150 {
		u := fmt.Sprintf("u%03d", i)
		users = append(users, u)
		punches = append(punches, wecomfake.Punch{UserID: u, CheckinType: "上班打卡", CheckinTime: from.Add(time.Duration(i) * 6 * time.Hour).Unix()})
	}
	punches = append(punches, wecomfake.Punch{UserID: "u000", CheckinType: "上班打卡", CheckinTime: to.Unix()}) // the end is not in the range
	fake.SetPunches(punches)
	got, err := wecom.NewAPI(fake.URL, app.CorpID, app.Secret, nil).Punches(context.Background(), users, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 150 {
		t.Errorf("%d punches, want 150", len(got))
	}
	seen := map[string]bool{}
	for _, p := range got {
		if seen[p.Key()] || p.Kind() != wecom.PunchIn {
			t.Errorf("punch %s twice or of the wrong kind", p.Key())
		}
		seen[p.Key()] = true
	}
	calls := fake.Calls("/cgi-bin/checkin/getcheckindata")
	if len(calls) != 4 { // two spans of days × two batches of members
		t.Errorf("%d getcheckindata calls, want 4", len(calls))
	}
	for _, c := range calls {
		if c.ErrCode != 0 {
			t.Errorf("a call WeCom refused: %+v", c)
		}
	}
}
