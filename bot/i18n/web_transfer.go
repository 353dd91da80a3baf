package i18n

// The console's words for transfers (调岗): the list and the person page.
// They are part of the transfer catalogue (transfer.go).

func englishWebTransfer() map[string]string {
	return map[string]string{
		"web.nav.transfers":           "Transfers",
		"web.title.transfers":         "Transfers",
		"web.transfer.sub":            "Transfers waiting for approval or for their day. Each takes effect on its day: the days before keep the old job, team, schedule and pay.",
		"web.transfer.from_day":       "from {date}",
		"web.transfer.history":        "Job history",
		"web.transfer.col.from":       "From",
		"web.transfer.col.to":         "Until",
		"web.transfer.now":            "now",
		"web.transfer.coming":         "approved, to come",
		"web.transfer.form":           "Transfer",
		"web.transfer.form_help":      "Choose only what changes. It goes to the current manager, the new manager and HR for approval, and takes effect on the day you choose.",
		"web.transfer.effective":      "Takes effect on",
		"web.transfer.unchanged":      "(unchanged)",
		"web.transfer.pay_kind":       "New pay",
		"web.transfer.pay_amount":     "Amount (monthly salary or hourly rate)",
		"web.transfer.monthly":        "Monthly salary",
		"web.transfer.hourly":         "Hourly rate",
		"web.transfer.reason":         "Reason",
		"web.transfer.submit":         "Ask for the transfer",
		"web.done.transfer_requested": "The transfer was sent for approval.",
		"web.done.transfer_approve":   "Approved.",
		"web.done.transfer_reject":    "Rejected.",
		"web.done.transfer_cancel":    "Withdrawn.",
	}
}

func chineseWebTransfer() map[string]string {
	return map[string]string{
		"web.nav.transfers":           "调岗",
		"web.title.transfers":         "调岗",
		"web.transfer.sub":            "待审批或待生效的调岗。调岗在生效日生效：此前的日子仍按原岗位、团队、排班和薪资计算。",
		"web.transfer.from_day":       "{date} 起",
		"web.transfer.history":        "岗位履历",
		"web.transfer.col.from":       "起",
		"web.transfer.col.to":         "止",
		"web.transfer.now":            "至今",
		"web.transfer.coming":         "已批准，待生效",
		"web.transfer.form":           "调岗",
		"web.transfer.form_help":      "只选需要调整的项。提交后由现任上级、新上级和 HR 审批，在所选日期生效。",
		"web.transfer.effective":      "生效日期",
		"web.transfer.unchanged":      "（不变）",
		"web.transfer.pay_kind":       "新薪资",
		"web.transfer.pay_amount":     "金额（月薪或时薪）",
		"web.transfer.monthly":        "月薪",
		"web.transfer.hourly":         "时薪",
		"web.transfer.reason":         "原因",
		"web.transfer.submit":         "提交调岗申请",
		"web.done.transfer_requested": "调岗申请已提交审批。",
		"web.done.transfer_approve":   "已批准。",
		"web.done.transfer_reject":    "已驳回。",
		"web.done.transfer_cancel":    "已撤回。",
	}
}
