package staff

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
)

// testOrg is a small shop like examples/org.yaml's.
func testOrg() Org {
	return Org{
		People: []Person{
			{Key: "wang", Name: "王磊 Wang Lei", Email: "wang.lei@xianguo.example", Role: core.RoleManager, Job: "ops", Team: "ops",
				HireDate: core.NewDate(2016, 4, 1), Status: core.StatusActive},
			{Key: "zhao", Name: "赵敏 Zhao Min", Email: "zhao.min@xianguo.example", Role: core.RoleHR, Job: "hr", Manager: "wang",
				Status: core.StatusActive},
			{Key: "alice", Name: "李爱丽 Alice Li", Email: "alice@xianguo.example", Role: core.RoleEmployee, Job: "customer-service",
				Team: "cs", Manager: "wang", Schedule: "cs-ab", Locale: core.LocaleEN, Status: core.StatusActive},
		},
		Teams:     []core.Team{{Key: "cs", Name: "客服组 Customer service"}, {Key: "ops", Name: "运营组 Operations"}},
		Schedules: []Schedule{{Key: "cs-ab", Name: "客服 A/B 轮班"}},
		Jobs: core.Jobs{{Key: "customer-service", Names: map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "customer service"}},
			{Key: "ops", Names: map[core.Locale]string{core.LocaleZH: "运营"}}},
	}
}

var today = core.NewDate(2026, 1, 10)

func rosterOfCSV(t *testing.T, csv string) Roster {
	t.Helper()
	ro, err := ParseRoster("staff.csv", bytes.NewReader([]byte(csv)), 0)
	if err != nil {
		t.Fatal(err)
	}
	return ro
}

func planCSV(t *testing.T, csv string) ImportPreview {
	t.Helper()
	pv, _ := plan(testOrg(), core.Employee{Key: "zhao"}, today, rosterOfCSV(t, csv))
	return pv
}

// problems lists "row/column/key" of each problem.
func problems(pv ImportPreview) []string {
	var out []string
	for _, p := range pv.Problems {
		out = append(out, fmt.Sprintf("%d/%s/%s", p.Row, p.Column, p.Key))
	}
	return out
}

func TestPlanProblems(t *testing.T) {
	const head = "工号,姓名,邮箱,角色,部门,上级,入职日期,班次,状态,离职日期\n"
	tests := []struct {
		name, rows string
		want       []string
	}{
		{"OK", "zhou,周平,zhou@x.example,员工,客服组,王磊,2026/1/5,客服 A/B 轮班,在职,\n", nil},
		{"missing name", "zhou,,,,,,,,,\n", []string{"2/姓名/staff.missing_name"}},
		{"bad date", "zhou,周平,,,,,2026-02-30,,,\n", []string{"2/入职日期/staff.bad_date"}},
		{"unknown role", "zhou,周平,,老大,,,,,,\n", []string{"2/角色/staff.unknown_role"}},
		{"unknown manager", "zhou,周平,,,,孙悟空,,,,\n", []string{"2/上级/staff.unknown_manager"}},
		{"unknown schedule", "zhou,周平,,,,,,夜班,,\n", []string{"2/班次/staff.unknown_schedule"}},
		{"bad key", "Zhou Ping,周平,,,,,,,,\n", []string{"2/工号/staff.bad_key"}},
		{"bad email", "zhou,周平,zhou at x,,,,,,,\n", []string{"2/邮箱/staff.bad_email"}},
		{"duplicate key", "zhou,周平,,,,,,,,\nzhou,周平二,,,,,,,,\n", []string{"3/工号/staff.duplicate_key"}},
		{"duplicate email", "zhou,周平,z@x.example,,,,,,,\nqian,钱多,Z@x.example,,,,,,,\n", []string{"3/邮箱/staff.duplicate_email"}},
		{"email of another", "zhou,周平,alice@xianguo.example,,,,,,,\n", []string{"2/邮箱/staff.email_taken"}},
		{"own manager", "zhou,周平,,,,zhou,,,,\n", []string{"2/上级/staff.own_manager"}},
		{"cycle", "a1,甲,,,,b1,,,,\nb1,乙,,,,a1,,,,\n", []string{"2/上级/staff.manager_cycle"}},
		{"cycle through existing", "wang,王磊 Wang Lei,,,,alice,,,,\n", []string{"2/上级/staff.manager_cycle"}},
		{"future last day", "alice,李爱丽 Alice Li,,,,,,,离职,2026-02-01\n", []string{"2/离职日期/staff.last_day_future"}},
		{"left before hired", "zhou,周平,,,,,2026/1/5,,离职,2026-01-01\n", []string{"2/离职日期/staff.left_before_hire"}},
		{"active with last day", "alice,李爱丽 Alice Li,,,,,,,在职,2026-01-01\n", []string{"2/离职日期/staff.left_on_active"}},
		{"own role", "zhao,赵敏 Zhao Min,,员工,,,,,,\n", []string{"2/角色/staff.own_role"}},
		{"offboard self", "zhao,赵敏 Zhao Min,,,,,,,离职,\n", []string{"2/状态/staff.offboard_self"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pv := planCSV(t, head+tt.rows)
			if got := problems(pv); !slices.Equal(got, tt.want) {
				t.Errorf("problems %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPlanCreatesAndChanges(t *testing.T) {
	pv := planCSV(t, "姓名,邮箱,岗位,部门,上级,入职日期,Notes\n"+
		"周平,Zhou.Ping@x.example,客服,客服组,李爱丽,46027,\n"+
		"钱多多,,finance,财务组,Wang Lei,,\n"+
		"李爱丽 Alice Li,alice@xianguo.example,客服,cs,王磊,,\n"+ // unchanged
		"王磊 Wang Lei,wang.lei@xianguo.example,运营,Operations,,2016-04-02,\n") // hire date changed
	if !pv.OK() {
		t.Fatalf("problems: %v", problems(pv))
	}
	if len(pv.Ignored) != 1 || pv.Ignored[0].Column != "Notes" {
		t.Errorf("ignored %+v", pv.Ignored)
	}
	if len(pv.Creates) != 2 {
		t.Fatalf("creates %+v", pv.Creates)
	}
	zhou, qian := pv.Creates[0].Person, pv.Creates[1].Person
	if zhou.Key != "zhou.ping" || zhou.Team != "cs" || zhou.Manager != "alice" || zhou.Job != "customer-service" ||
		zhou.HireDate != core.NewDate(2026, 1, 5) || zhou.Role != core.RoleEmployee || zhou.Status != core.StatusActive {
		t.Errorf("zhou = %+v", zhou)
	}
	if qian.Key != "emp-1" || qian.Manager != "wang" || qian.Team != "team-1" {
		t.Errorf("qian = %+v", qian)
	}
	if len(pv.NewTeams) != 1 || pv.NewTeams[0] != (core.Team{Key: "team-1", Name: "财务组"}) {
		t.Errorf("new teams %+v", pv.NewTeams)
	}
	want := []FieldChange{{Row: 5, Key: "wang", Name: "王磊 Wang Lei", Field: FieldHireDate, Column: "入职日期", Before: "2016-04-01", After: "2016-04-02"}}
	if pv.Unchanged != 1 || pv.Changed != 1 || !slices.Equal(pv.Changes, want) {
		t.Errorf("unchanged %d, changed %d %+v", pv.Unchanged, pv.Changed, pv.Changes)
	}
}

func TestPlanOffboardsAndMatchesByEmail(t *testing.T) {
	pv := planCSV(t, "Name,Email,Status\nAlice,alice@xianguo.example,left\n")
	if !pv.OK() || len(pv.Changes) != 3 {
		t.Fatalf("problems %v, changes %+v", problems(pv), pv.Changes)
	}
	var fields []string
	for _, c := range pv.Changes {
		fields = append(fields, string(c.Field)+"="+c.After)
	}
	// The name cell renames her: the list is what HR wants.
	if got := strings.Join(fields, " "); got != "name=Alice status=left left_on=2026-01-10" {
		t.Errorf("changes %s", got)
	}
}

func TestPlanFileProblems(t *testing.T) {
	pv := planCSV(t, "工号,部门,团队\n")
	if got := problems(pv); !slices.Equal(got, []string{"1//staff.no_name_column", "1//staff.no_rows", "1/团队/staff.column_twice"}) {
		t.Errorf("problems %v", got)
	}
}

// TestNameIndexAnswersAsAnswersTo keeps the index that finds managers by
// name in step with core.Employee.AnswersTo, which it stands in for.
func TestNameIndexAnswersAsAnswersTo(t *testing.T) {
	people := map[string]Person{}
	for _, p := range []Person{{Key: "wang", Name: "王磊 Wang Lei"}, {Key: "alice", Name: "李爱丽 Alice Li"},
		{Key: "alice2", Name: "Alice Wong"}, {Key: "sun", Name: "孙悦"}, {Key: "bob", Name: "Bob"}} {
		people[p.Key] = p
	}
	idx := indexNames(people)
	for _, q := range []string{"王磊", "wang lei", "WANG  LEI", "王磊 Wang Lei", "王磊wanglei", "wanglei", "alice", "Alice Li",
		"李爱丽", "孙悦", "孙 悦", "bob", "li", "wang", "nobody", ""} {
		var want []string
		for _, p := range people {
			if (core.Employee{Name: p.Name}).AnswersTo(q) {
				want = append(want, p.Key)
			}
		}
		slices.Sort(want)
		if got := idx.find(q); !slices.Equal(got, want) {
			t.Errorf("find(%q) = %v, AnswersTo says %v", q, got, want)
		}
	}
}
