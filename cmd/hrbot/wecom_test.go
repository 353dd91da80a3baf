package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

const wecomSyncOrg = `
orgs:
  - key: shop
    name: Fruit Shop
    time_zone: Asia/Shanghai
    shifts:
      - {key: day, name: Day, start: "09:00", end: "18:00", break_minutes: 60}
    schedules:
      - key: daily
        start: 2026-01-05
        weeks:
          - {mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day}
    employees:
      - {key: helen, name: Helen HR, role: hr, locale: en}
`

// wecomVars is the environment of hrbot commands that reach fake WeCom f.
func wecomVars(t *testing.T, f *wecomfake.Server) map[string]string {
	return wecomOrgVars(t, f, wecomSyncOrg)
}

// wecomOrgVars is wecomVars with org file orgYAML applied.
func wecomOrgVars(t *testing.T, f *wecomfake.Server, orgYAML string) map[string]string {
	vars := applyOrg(t, pgtest.URL(t), orgYAML)
	vars["HRBOT_WECOM_CORP_ID"], vars["HRBOT_WECOM_SECRET"], vars["HRBOT_WECOM_API_URL"] = f.App.CorpID, f.App.Secret, f.URL
	vars["HRBOT_WECOM_AGENT_ID"], vars["HRBOT_WECOM_TOKEN"] = strconv.FormatInt(f.App.AgentID, 10), f.App.Token
	vars["HRBOT_WECOM_AES_KEY"] = f.App.AESKey
	return vars
}

func fiveMembers() ([]wecomfake.Department, []wecomfake.Member) {
	deps := []wecomfake.Department{{ID: 1, Name: "鲜果小铺"}, {ID: 2, Name: "客服部", ParentID: 1}}
	members := []wecomfake.Member{
		{UserID: "Boss", Name: "王老板", Departments: []int64{1}, IsLeaderInDept: []int{1}, MainDepartment: 1, Status: 1},
		{UserID: "ZhangSan", Name: "张三", Email: "zhang@shop.cn", Departments: []int64{2}, MainDepartment: 2, DirectLeader: []string{"LiSi"}, Status: 1},
		{UserID: "LiSi", Name: "李四", Departments: []int64{2}, IsLeaderInDept: []int{1}, MainDepartment: 2, Status: 1},
		{UserID: "wang.wu", Name: "王五", BizMail: "wangwu@shop.cn", Departments: []int64{2}, MainDepartment: 2, Status: 1},
		{UserID: "赵六", Name: "赵六", Departments: []int64{1}, Status: 4},
	}
	return deps, members
}

// A directory of two departments and five members is previewed, then
// applied; a second sync after one moved and one left shows exactly those
// two changes and applies them, and the one who left can no longer act.
func TestWeComSyncMovedAndDeparted(t *testing.T) {
	t.Parallel()
	f := wecomfake.New(t, wecomfake.TestApp())
	deps, members := fiveMembers()
	f.SetDirectory(deps, members)
	vars := wecomVars(t, f)

	r := hrbot(t, vars, "", "wecom", "sync", "--as", "helen")
	if r.code != 0 || !strings.Contains(r.stdout, "5 to create, 0 to change") || !strings.Contains(r.stdout, "new team wecom-2 客服部") ||
		!strings.Contains(r.stdout, "not in WeCom (left as they are): helen Helen HR") {
		t.Fatalf("preview: %+v", r)
	}
	for _, want := range []string{
		"create boss 王老板 team=wecom-1 manager= ",
		"create zhangsan 张三 team=wecom-2 manager=lisi email=zhang@shop.cn",
		"create lisi 李四 team=wecom-2 manager=boss ",   // the department's leader's manager is the parent's leader
		"create wang.wu 王五 team=wecom-2 manager=lisi", // no direct leader: the department's leader
		"create wecom-1 赵六 team=wecom-1 manager=boss",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("preview lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := hrbot(t, vars, "", "wecom", "sync", "--as", "helen"); !strings.Contains(r.stdout, "5 to create") {
		t.Fatalf("a preview wrote something: %+v", r)
	}
	if r := hrbot(t, vars, "", "wecom", "sync", "--as", "helen", "--apply"); r.code != 0 || !strings.Contains(r.stdout, "applied.") {
		t.Fatalf("apply: %+v", r)
	}
	if r := hrbot(t, vars, "", "wecom", "sync", "--as", "helen"); r.code != 0 || !strings.Contains(r.stdout, "0 to create, 0 to change, 5 unchanged") {
		t.Fatalf("a sync of the same directory: %+v", r)
	}

	members[2].Departments, members[2].MainDepartment, members[2].IsLeaderInDept = []int64{1}, 1, nil // LiSi moves
	members[3].Status = 5                                                                             // wang.wu leaves
	f.SetDirectory(deps, members)
	r = hrbot(t, vars, "", "wecom", "sync", "--as", "helen")
	if r.code != 0 || !strings.Contains(r.stdout, "0 to create, 2 to change, 3 unchanged") ||
		!strings.Contains(r.stdout, `change lisi 李四: team "wecom-2" → "wecom-1"`) ||
		!strings.Contains(r.stdout, `change wang.wu 王五: status "active" → "left"`) {
		t.Fatalf("second preview: %+v", r)
	}
	if n := strings.Count(r.stdout, "change "); n != 3 { // lisi's team; wang.wu's status and last day
		t.Errorf("%d changed fields, want 3:\n%s", n, r.stdout)
	}
	if r := hrbot(t, vars, "", "wecom", "sync", "--as", "helen", "--apply"); r.code != 0 {
		t.Fatalf("second apply: %+v", r)
	}

	ctx := context.Background()
	db, err := store.Open(ctx, vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	left, err := dir.Identify(ctx, core.PlatformWeCom, "wang.wu")
	if err != nil {
		t.Fatal(err)
	}
	if left.Employee.Status != core.StatusLeft {
		t.Errorf("wang.wu after leaving WeCom: %+v", left.Employee)
	}
	if err := core.Authorize(left, core.ActionEmployeeView, &left.Employee); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("wang.wu may still act: %v", err)
	}
	lisi, err := dir.Identify(ctx, core.PlatformWeCom, "LiSi")
	if err != nil || lisi.Employee.Key != "lisi" || lisi.Employee.Status != core.StatusActive || lisi.Employee.TeamKey != "wecom-1" {
		t.Errorf("LiSi: %+v %v", lisi.Employee, err)
	}
}
