package i18n

// The texts of a person's home in a chat app (Slack's Home tab).

func englishHome() map[string]string {
	return map[string]string{
		"home.title":          "👋 Hello, {name}",
		"home.title_unlinked": "👋 Welcome to hrbot",
		"home.today":          "Today",
		"home.today.shift":    "{date}: {shift}",
		"home.today.off":      "{date}: day off ({day})",
		"home.today.on_leave": "{date}: on leave 🌴",
		"home.today.not_yet":  "Not checked in yet.",
		"home.today.absent":   "❌ No check-in yet, past the absence limit: check in now or ask for a correction (/fix).",
		"home.today.in":       "✅ Checked in at {time}.",
		"home.today.late":     "⏰ Checked in at {time}, {minutes} min late.",
		"home.today.out":      "👋 Checked in at {in}, out at {out}.",
		"home.today.extra":    "➕ Checked in at {time}, on a day off.",
		"home.balances":       "Leave",
		"home.approvals":      "Waiting for you",
		"home.approvals_more": "…and {count} more: send /pending to see them all.",
		"home.console":        "The web console: people, rota, leave, payroll and reports, in your browser.",
		"home.console_button": "Open the console",
		"home.refreshed":      "Updated {time}.",
	}
}

func chineseHome() map[string]string {
	return map[string]string{
		"home.title":          "👋 你好，{name}",
		"home.title_unlinked": "👋 欢迎使用 hrbot",
		"home.today":          "今天",
		"home.today.shift":    "{date}：{shift}",
		"home.today.off":      "{date}：休息（{day}）",
		"home.today.on_leave": "{date}：请假中 🌴",
		"home.today.not_yet":  "还没有打卡。",
		"home.today.absent":   "❌ 已过缺勤时限仍未打卡：现在打卡，或申请补卡（/fix）。",
		"home.today.in":       "✅ {time} 已打卡。",
		"home.today.late":     "⏰ {time} 打卡，迟到 {minutes} 分钟。",
		"home.today.out":      "👋 {in} 上班，{out} 下班。",
		"home.today.extra":    "➕ {time} 打卡（休息日）。",
		"home.balances":       "假期",
		"home.approvals":      "等你处理",
		"home.approvals_more": "……还有 {count} 个：发送 /pending 查看全部。",
		"home.console":        "网页后台：人员、排班、请假、工资和报表，在浏览器里处理。",
		"home.console_button": "打开后台",
		"home.refreshed":      "更新于 {time}。",
	}
}
