package i18n

// The web console's reports and audit log.

func englishWebReports() map[string]string {
	return map[string]string{
		"web.nav.reports":         "Reports",
		"web.title.reports":       "Reports",
		"web.reports.kind":        "Report",
		"web.reports.preset":      "Period",
		"web.reports.month":       "Or a month",
		"web.reports.from":        "From",
		"web.reports.to":          "To",
		"web.reports.period_hint": "Days from–to win over a month, and a month over the period above (at most a year).",
		"web.reports.group":       "Every org of the group, side by side",
		"web.reports.no_chart":    "No chart: this server has no font with Chinese glyphs to draw it with. The numbers are all in the table.",

		"web.nav.audit":            "Audit log",
		"web.title.audit":          "Audit log",
		"web.audit.person":         "Who",
		"web.audit.anyone":         "Anyone",
		"web.audit.action":         "Action",
		"web.audit.channel":        "Channel",
		"web.audit.any_channel":    "Any",
		"web.audit.hint":           "An action such as payroll.approve, or payroll for all of payroll's. Newest first, 50 a page.",
		"web.audit.none":           "Nothing recorded matches.",
		"web.audit.when":           "When",
		"web.audit.who":            "Who",
		"web.audit.entity":         "What",
		"web.audit.outcome":        "Outcome",
		"web.audit.outcome.ok":     "done",
		"web.audit.outcome.denied": "refused",
		"web.audit.reason":         "Reason",
		"web.audit.change":         "Before and after",
		"web.audit.before":         "Before",
		"web.audit.after":          "After",
		"web.audit.newest":         "Newest",
		"web.audit.older":          "Older",
		"web.audit.bad_cursor":     "That page of the audit log no longer exists: start from the newest.",
	}
}

func chineseWebReports() map[string]string {
	return map[string]string{
		"web.nav.reports":         "报表",
		"web.title.reports":       "报表",
		"web.reports.kind":        "报表",
		"web.reports.preset":      "时间段",
		"web.reports.month":       "或某个月",
		"web.reports.from":        "开始日期",
		"web.reports.to":          "结束日期",
		"web.reports.period_hint": "填了起止日期就按日期，其次按月份，最后按上面的时间段（最长一年）。",
		"web.reports.group":       "集团所有门店并列",
		"web.reports.no_chart":    "没有图表：服务器上没有中文字体，画不了图。数字都在表格里。",

		"web.nav.audit":            "审计日志",
		"web.title.audit":          "审计日志",
		"web.audit.person":         "操作人",
		"web.audit.anyone":         "全部",
		"web.audit.action":         "操作",
		"web.audit.channel":        "渠道",
		"web.audit.any_channel":    "全部",
		"web.audit.hint":           "操作可写 payroll.approve，或写 payroll 查看所有工资相关操作。最新的在前，每页 50 条。",
		"web.audit.none":           "没有符合条件的记录。",
		"web.audit.when":           "时间",
		"web.audit.who":            "操作人",
		"web.audit.entity":         "对象",
		"web.audit.outcome":        "结果",
		"web.audit.outcome.ok":     "完成",
		"web.audit.outcome.denied": "被拒绝",
		"web.audit.reason":         "原因",
		"web.audit.change":         "变更前后",
		"web.audit.before":         "变更前",
		"web.audit.after":          "变更后",
		"web.audit.newest":         "最新",
		"web.audit.older":          "更早",
		"web.audit.bad_cursor":     "审计日志的这一页已不存在：请从最新一页开始。",
	}
}
