package core

// Action is something a member may or may not do. Authorize is the one place
// that decides.
type Action string

// Actions known to the permission rules.
const (
	ActionEmployeeView Action = "employee.view"
	ActionInviteCreate Action = "invite.create"
	ActionLocaleSet    Action = "employee.set_locale"
	// ActionAttendanceTeam is seeing a team's attendance (/today, reports).
	ActionAttendanceTeam Action = "attendance.view_team"
	// ActionCorrectionDecide is approving or rejecting someone's correction.
	ActionCorrectionDecide Action = "attendance.decide_correction"
	// ActionLeaveDecide is approving or rejecting someone's leave request.
	ActionLeaveDecide Action = "leave.decide"
	// ActionLeaveCancelOther is cancelling someone else's leave request.
	ActionLeaveCancelOther Action = "leave.cancel_other"
	// ActionBroadcast is sending a message to many people at once.
	ActionBroadcast Action = "delivery.broadcast"
	// ActionCoverRequest is asking for cover and seeing who can give it.
	ActionCoverRequest Action = "cover.request"
	// ActionTrainingAssign is assigning quizzes to people.
	ActionTrainingAssign Action = "training.assign"
	// ActionKnowledgeManage is reading the questions people asked (gaps,
	// answers marked wrong) and answering them.
	ActionKnowledgeManage Action = "knowledge.manage"
	// ActionPayrollManage is reviewing and approving payroll runs.
	ActionPayrollManage Action = "payroll.manage"
	// ActionReportOrg is reading an org's reports (its managers, HR, admins).
	ActionReportOrg Action = "report.org"
	// ActionReportGroup is reading every org of a group side by side: the
	// group's admins, that is admins of an org that belongs to a group.
	ActionReportGroup Action = "report.group"
	// ActionPeopleManage is hiring, editing and offboarding people and
	// importing the staff list.
	ActionPeopleManage Action = "people.manage"
	// ActionRotaEdit is changing who works which shift on which day: a
	// manager for their direct reports, HR and admins for everyone.
	ActionRotaEdit Action = "rota.edit"
	// ActionLeaveAdjust is adjusting someone's leave balance by hand.
	ActionLeaveAdjust Action = "leave.adjust"
	// ActionAuditView is reading the org's audit log.
	ActionAuditView Action = "audit.view"
	// ActionOrgSetup is exporting the org as an org file and importing one.
	ActionOrgSetup Action = "org.setup"
	// ActionDocumentAdd is adding a document (a doctor's note, an ID
	// copy) to a person's file: the person themselves, HR and admins.
	ActionDocumentAdd Action = "document.add"
	// ActionDocumentRead is opening a person's document: the person, HR
	// and admins. The approver of a leave request the document is attached
	// to may open it too; core/documents decides that, since it depends on
	// the request, not on the people alone.
	ActionDocumentRead Action = "document.read"
	// ActionOnboardingTick is ticking off a checklist task: the target is
	// the task's owner (nil for HR's tasks); the owner and HR may.
	ActionOnboardingTick Action = "onboarding.tick"
	// ActionFileView is seeing a person's file (员工档案): their own, HR
	// and admins anyone's, a manager their reports' (sensitive fields
	// masked, decided in core/personfile).
	ActionFileView Action = "personfile.view"
	// ActionFileManage is editing people's files and getting their data.
	ActionFileManage Action = "personfile.manage"
	// ActionFileDecide is approving a correction someone asked for in
	// their file: HR and admins, never their own.
	ActionFileDecide Action = "personfile.decide"
	// ActionContractManage is entering and editing contracts and deciding
	// probations and renewals.
	ActionContractManage Action = "contract.manage"
	// ActionContractView is seeing someone's contracts: their own, a
	// manager their direct reports' (without a target: whether the actor
	// sees anyone's, as the overview asks), HR and admins everyone's.
	ActionContractView Action = "contract.view"
	// ActionTransferRequest is asking for someone's transfer (调岗): the
	// person themselves, their manager, HR and admins.
	ActionTransferRequest Action = "transfer.request"
	// ActionTransferDecide is deciding a transfer one is not the current
	// approver of: HR and admins, never for their own.
	ActionTransferDecide Action = "transfer.decide"
	// ActionResignationDecide is deciding a resignation one is not the
	// current approver of: HR and admins.
	ActionResignationDecide Action = "resignation.decide"
	// ActionRecruitingManage is opening positions and following their
	// candidates: HR, admins and managers.
	ActionRecruitingManage Action = "recruiting.manage"
	// ActionRecruitingDecide is moving an application of an opening one
	// is not the hiring manager of: HR and admins.
	ActionRecruitingDecide Action = "recruiting.decide"
	// ActionJobEdit is editing a job's description on the console (in the
	// org file it is part of the org's setup). Everyone may read them.
	ActionJobEdit Action = "job.edit"
	// ActionPerfManage is running performance reviews: opening cycles,
	// calibrating, publishing, importing numbers: HR and admins.
	ActionPerfManage Action = "perf.manage"
	// ActionPerfReview is reviewing someone and seeing their reviews and
	// notes: their manager, HR and admins — never one's own (one's own
	// self-review and results are not this action).
	ActionPerfReview Action = "perf.review"
)

// Authorize decides whether actor may do action to target (nil when the
// action has no target person). It returns nil or an EForbidden *Error
// whose key explains the refusal.
//
// The rules, in brief: nobody acts across orgs; everyone may act on
// themselves except approve their own requests; managers may view and
// decide for their direct reports; HR and admins may do everything here
// within their own org. Only active employees act at all.
func Authorize(actor Member, action Action, target *Employee) error {
	a := actor.Employee
	if a.Status != StatusActive {
		return deny(action, "forbidden.inactive")
	}
	if target != nil && target.OrgID != a.OrgID {
		return deny(action, "forbidden.other_org")
	}
	self := target != nil && target.ID == a.ID
	staff := a.Role == RoleHR || a.Role == RoleAdmin
	switch action {
	case ActionEmployeeView, ActionFileView, ActionTransferRequest:
		if self || staff {
			return nil
		}
		if a.Role == RoleManager && target != nil && target.ManagerID == a.ID {
			return nil
		}
		if action == ActionTransferRequest {
			return deny(action, "forbidden.transfer_request")
		}
		return deny(action, "forbidden.view_employee")
	case ActionInviteCreate, ActionBroadcast, ActionTrainingAssign, ActionKnowledgeManage, ActionPayrollManage,
		ActionPeopleManage, ActionLeaveAdjust, ActionAuditView, ActionOrgSetup, ActionFileManage,
		ActionContractManage, ActionJobEdit, ActionPerfManage:
		if staff {
			return nil
		}
		return deny(action, "forbidden.hr_only")
	case ActionContractView:
		switch {
		case self || staff:
			return nil
		case a.Role == RoleManager && (target == nil || target.ManagerID == a.ID):
			return nil
		case target == nil:
			return deny(action, "forbidden.managers_only")
		}
		return deny(action, "forbidden.view_employee")
	case ActionLocaleSet:
		if self || staff {
			return nil
		}
		return deny(action, "forbidden.hr_only")
	case ActionDocumentAdd, ActionDocumentRead:
		if self || staff {
			return nil
		}
		return deny(action, "forbidden.documents")
	case ActionOnboardingTick:
		if self || staff {
			return nil
		}
		return deny(action, "forbidden.onboarding_task")
	case ActionReportGroup:
		if a.Role == RoleAdmin && actor.Org.GroupID != 0 {
			return nil
		}
		return deny(action, "forbidden.group_admin_only")
	case ActionAttendanceTeam, ActionCoverRequest, ActionReportOrg, ActionRecruitingManage:
		if staff || a.Role == RoleManager {
			return nil
		}
		return deny(action, "forbidden.managers_only")
	case ActionPerfReview:
		switch {
		case self:
			return deny(action, "forbidden.perf_own")
		case staff:
			return nil
		case a.Role == RoleManager && target != nil && target.ManagerID == a.ID:
			return nil
		}
		return deny(action, "forbidden.perf_review")
	case ActionLeaveCancelOther, ActionFileDecide:
		if self && action == ActionFileDecide {
			return deny(action, "forbidden.own_request")
		}
		if staff && !self {
			return nil
		}
		return deny(action, "forbidden.hr_only")
	case ActionRotaEdit:
		// Without a target it asks whether the actor edits anyone's days
		// at all (the rota page's buttons).
		switch {
		case staff:
			return nil
		case a.Role == RoleManager && (target == nil || target.ManagerID == a.ID):
			return nil
		}
		return deny(action, "forbidden.managers_only")
	case ActionTransferDecide, ActionResignationDecide:
		switch {
		case self:
			return deny(action, "forbidden.own_request")
		case staff:
			return nil
		}
		return deny(action, "forbidden.not_approver")
	case ActionRecruitingDecide:
		if staff {
			return nil
		}
		return deny(action, "forbidden.not_hiring_manager")
	case ActionCorrectionDecide, ActionLeaveDecide:
		switch {
		case self:
			return deny(action, "forbidden.own_request")
		case staff, target != nil && target.ManagerID == a.ID:
			return nil
		}
		return deny(action, "forbidden.not_approver")
	}
	return deny(action, "forbidden.unknown_action")
}

func deny(action Action, key string) *Error {
	return Errorf(EForbidden, key, "not allowed: %s", action)
}
