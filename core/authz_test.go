package core_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestAuthorize(t *testing.T) {
	t.Parallel()
	org := core.Org{ID: 1, Key: "shop"}
	person := func(id int64, role core.Role, manager int64) core.Employee {
		return core.Employee{ID: id, OrgID: 1, Role: role, ManagerID: manager, Status: core.StatusActive}
	}
	boss := person(1, core.RoleManager, 0)
	hr := person(2, core.RoleHR, 1)
	alice := person(3, core.RoleEmployee, 1)
	carol := person(4, core.RoleEmployee, 0)
	admin := person(5, core.RoleAdmin, 0)
	stranger := core.Employee{ID: 9, OrgID: 2, Role: core.RoleEmployee, Status: core.StatusActive}
	gone := person(6, core.RoleHR, 0)
	gone.Status = core.StatusLeft

	cases := []struct {
		name   string
		actor  core.Employee
		action core.Action
		target *core.Employee
		key    string // "" means allowed
	}{
		{"SelfView", alice, core.ActionEmployeeView, &alice, ""},
		{"EmployeeViewsColleague", alice, core.ActionEmployeeView, &carol, "forbidden.view_employee"},
		{"ManagerViewsReport", boss, core.ActionEmployeeView, &alice, ""},
		{"ManagerViewsNonReport", boss, core.ActionEmployeeView, &carol, "forbidden.view_employee"},
		{"HRViewsAnyone", hr, core.ActionEmployeeView, &carol, ""},
		{"HRNotAcrossOrgs", hr, core.ActionEmployeeView, &stranger, "forbidden.other_org"},
		{"AdminInvites", admin, core.ActionInviteCreate, &alice, ""},
		{"HRInvitesWithoutTarget", hr, core.ActionInviteCreate, nil, ""},
		{"ManagerCannotInvite", boss, core.ActionInviteCreate, &alice, "forbidden.hr_only"},
		{"EmployeeCannotInvite", alice, core.ActionInviteCreate, nil, "forbidden.hr_only"},
		{"SelfLocale", alice, core.ActionLocaleSet, &alice, ""},
		{"OthersLocale", boss, core.ActionLocaleSet, &alice, "forbidden.hr_only"},
		{"OwnDocument", alice, core.ActionDocumentRead, &alice, ""},
		{"HRReadsDocument", hr, core.ActionDocumentRead, &alice, ""},
		{"ManagerAloneReadsNoDocument", boss, core.ActionDocumentRead, &alice, "forbidden.documents"},
		{"ColleagueReadsNoDocument", carol, core.ActionDocumentRead, &alice, "forbidden.documents"},
		{"AddOwnDocument", alice, core.ActionDocumentAdd, &alice, ""},
		{"AddSomeoneElsesDocument", carol, core.ActionDocumentAdd, &alice, "forbidden.documents"},
		{"OwnerTicksOwnTask", boss, core.ActionOnboardingTick, &boss, ""},
		{"HRTicksAnyTask", hr, core.ActionOnboardingTick, &boss, ""},
		{"HRTicksHRTask", hr, core.ActionOnboardingTick, nil, ""},
		{"OthersTaskRefused", alice, core.ActionOnboardingTick, &boss, "forbidden.onboarding_task"},
		{"HRTaskRefusedToManager", boss, core.ActionOnboardingTick, nil, "forbidden.onboarding_task"},
		{"FormerStaffDoNothing", gone, core.ActionEmployeeView, &gone, "forbidden.inactive"},
		{"OwnFile", alice, core.ActionFileView, &alice, ""},
		{"ManagerSeesReportsFile", boss, core.ActionFileView, &alice, ""},
		{"EmployeeNotColleaguesFile", alice, core.ActionFileView, &carol, "forbidden.view_employee"},
		{"ManagerCannotEditFiles", boss, core.ActionFileManage, &alice, "forbidden.hr_only"},
		{"HRDecidesFileCorrection", hr, core.ActionFileDecide, &alice, ""},
		{"HRNotOwnFileCorrection", hr, core.ActionFileDecide, &hr, "forbidden.own_request"},
		{"ManagerCannotDecideFileCorrection", boss, core.ActionFileDecide, &alice, "forbidden.hr_only"},
		{"UnknownAction", admin, core.Action("payroll.delete_everything"), nil, "forbidden.unknown_action"},
		{"TransferSelf", alice, core.ActionTransferRequest, &alice, ""},
		{"TransferReport", boss, core.ActionTransferRequest, &alice, ""},
		{"TransferColleague", alice, core.ActionTransferRequest, &carol, "forbidden.transfer_request"},
		{"TransferNonReport", boss, core.ActionTransferRequest, &carol, "forbidden.transfer_request"},
		{"HRDecidesTransfer", hr, core.ActionTransferDecide, &alice, ""},
		{"NoOwnTransfer", hr, core.ActionTransferDecide, &hr, "forbidden.own_request"},
		{"ManagerStepsNotIn", boss, core.ActionTransferDecide, &alice, "forbidden.not_approver"},
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
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EForbidden || e.Key != c.key {
				t.Fatalf("got %v, want forbidden %s", err, c.key)
			}
		})
	}
}
