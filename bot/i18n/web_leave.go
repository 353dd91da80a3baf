package i18n

// The console's team leave page: the calendar, everyone's balances and
// HR's adjustments.

func englishWebLeave() map[string]string {
	return map[string]string{
		"web.leave.nobody_off":    "Nobody is off this month, and it has no public holiday.",
		"web.nav.leave":           "Leave",
		"web.title.leave":         "Leave",
		"web.leave.calendar":      "Who is off",
		"web.leave.approved":      "approved",
		"web.leave.pending":       "waiting for approval",
		"web.leave.holiday":       "public holiday",
		"web.leave.balances":      "Balances this year",
		"web.leave.balances_hint": "Each cell: available / used.",
		"web.col.person":          "Person",
		"web.leave.adjust":        "Adjust a balance",
		"web.leave.year":          "Year",
		"web.leave.amount":        "Days to add (hours for hourly types; negative takes away)",
		"web.leave.adjust_reason": "Reason (the person sees it)",
		"web.leave.adjust_save":   "Save the adjustment",
		"web.done.leave_adjusted": "The balance is adjusted, and the person has been told.",
	}
}

func chineseWebLeave() map[string]string {
	return map[string]string{
		"web.leave.nobody_off":    "本月无人请假，也没有法定节假日。",
		"web.nav.leave":           "假期",
		"web.title.leave":         "假期",
		"web.leave.calendar":      "请假日历",
		"web.leave.approved":      "已批准",
		"web.leave.pending":       "待审批",
		"web.leave.holiday":       "法定节假日",
		"web.leave.balances":      "本年假期余额",
		"web.leave.balances_hint": "每格：可用 / 已用。",
		"web.col.person":          "员工",
		"web.leave.adjust":        "调整余额",
		"web.leave.year":          "年份",
		"web.leave.amount":        "增加的天数（按小时计的假期填小时数；负数为扣减）",
		"web.leave.adjust_reason": "原因（员工会看到）",
		"web.leave.adjust_save":   "保存调整",
		"web.done.leave_adjusted": "余额已调整，并已通知本人。",
	}
}
