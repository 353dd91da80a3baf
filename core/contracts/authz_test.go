package contracts_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
)

// The permission rules of contracts, as core.Authorize has them: HR and
// admins manage; a manager sees their direct reports' contracts; everyone
// sees their own.
func TestContractPermissions(t *testing.T) {
	t.Parallel()
	org := core.Org{ID: 1}
	person := func(id int64, role core.Role, manager int64) core.Employee {
		return core.Employee{ID: id, OrgID: 1, Role: role, ManagerID: manager, Status: core.StatusActive}
	}
	boss, hr := person(1, core.RoleManager, 0), person(2, core.RoleHR, 1)
	alice, carol := person(3, core.RoleEmployee, 1), person(4, core.RoleEmployee, 0)
	cases := []struct {
		name   string
		actor  core.Employee
		action core.Action
		target *core.Employee
		key    string
	}{
		{"HRManages", hr, core.ActionContractManage, &alice, ""},
		{"HRManagesWithoutTarget", hr, core.ActionContractManage, nil, ""},
		{"ManagerDoesNotManage", boss, core.ActionContractManage, &alice, "forbidden.hr_only"},
		{"EmployeeDoesNotManageOwn", alice, core.ActionContractManage, &alice, "forbidden.hr_only"},
		{"ManagerSeesReport", boss, core.ActionContractView, &alice, ""},
		{"ManagerSeesOverview", boss, core.ActionContractView, nil, ""},
		{"ManagerNotOthers", boss, core.ActionContractView, &carol, "forbidden.view_employee"},
		{"EmployeeOwn", alice, core.ActionContractView, &alice, ""},
		{"EmployeeNotColleague", alice, core.ActionContractView, &carol, "forbidden.view_employee"},
		{"EmployeeNoOverview", alice, core.ActionContractView, nil, "forbidden.managers_only"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := core.Authorize(core.Member{Employee: c.actor, Org: org}, c.action, c.target)
			if c.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if e, ok := core.AsError(err); !ok || e.Code != core.EForbidden || e.Key != c.key {
				t.Fatalf("got %v, want %s", err, c.key)
			}
		})
	}
}
