package i18n

import "maps"

// Onboarding: new people's checklists in chat (/onboarding, reminders,
// day one's welcome, the buddy's note) and on the console.

func englishOnboarding() map[string]string {
	m := map[string]string{
		"help.cmd.onboarding":       "/onboarding — onboarding tasks I do, and my own checklist; /onboarding PERSON — someone's checklist (their manager, HR)",
		"onboarding.my_tasks":       "Onboarding tasks for you:",
		"onboarding.for":            "for {name}",
		"onboarding.my_checklist":   "Your onboarding — day one {day}, buddy {buddy}: {done} of {total} done",
		"onboarding.progress_of":    "Onboarding of {name} — day one {day}, buddy {buddy}: {done} of {total} done",
		"onboarding.no_buddy":       "none",
		"onboarding.nothing":        "You have no onboarding tasks.",
		"onboarding.overdue":        "(overdue)",
		"onboarding.owner.hr":       "HR",
		"onboarding.done_button":    "✓ Done: {task}",
		"onboarding.ticked":         "✓ {task} ({name}) — done, by {by}.",
		"onboarding.remind":         "Onboarding of {name}: “{task}” is due {date}.",
		"onboarding.welcome":        "Welcome to {org}, {name}! 🎉",
		"onboarding.welcome_shift":  "Today: {shift}.",
		"onboarding.welcome_buddy":  "Your buddy is {buddy}: ask them anything.",
		"onboarding.welcome_list":   "Send /onboarding to see your checklist.",
		"onboarding.buddy_note":     "{name} ({job}) starts today — {shift}. You are their buddy from {since}: show them the ropes.",
		"forbidden.onboarding_task": "Only whoever does that task, or HR, can tick it off.",
		"onboarding.no_task":        "There is no checklist task {id}.",
		"onboarding.none":           "{name} has no onboarding checklist.",
		"onboarding.changed":        "Someone changed that task meanwhile: look again.",
		"onboarding.exists":         "That person has a checklist already.",
	}
	maps.Copy(m, englishWebOnboarding())
	return m
}

func chineseOnboarding() map[string]string {
	m := map[string]string{
		"help.cmd.onboarding":       "/入职 — 我负责的入职任务和我自己的入职清单；/入职 人 — 某人的入职清单（其上级、HR）",
		"onboarding.my_tasks":       "你负责的入职任务：",
		"onboarding.for":            "新人：{name}",
		"onboarding.my_checklist":   "你的入职清单 — 入职日 {day}，带教导师 {buddy}：已完成 {done}/{total}",
		"onboarding.progress_of":    "{name} 的入职清单 — 入职日 {day}，带教导师 {buddy}：已完成 {done}/{total}",
		"onboarding.no_buddy":       "无",
		"onboarding.nothing":        "你没有入职任务。",
		"onboarding.overdue":        "（已逾期）",
		"onboarding.owner.hr":       "HR",
		"onboarding.done_button":    "✓ 完成：{task}",
		"onboarding.ticked":         "✓ {task}（{name}）— 已由 {by} 完成。",
		"onboarding.remind":         "{name} 的入职任务“{task}”到期日：{date}。",
		"onboarding.welcome":        "欢迎加入{org}，{name}！🎉",
		"onboarding.welcome_shift":  "今天：{shift}。",
		"onboarding.welcome_buddy":  "你的带教导师是 {buddy}，有问题随时问。",
		"onboarding.welcome_list":   "发送 /入职 查看你的入职清单。",
		"onboarding.buddy_note":     "{name}（{job}）今天入职 — {shift}。你从 {since} 起是其带教导师（资深员工带教），请多带带。",
		"forbidden.onboarding_task": "只有该任务的负责人或 HR 可以勾选完成。",
		"onboarding.no_task":        "没有编号为 {id} 的清单任务。",
		"onboarding.none":           "{name} 没有入职清单。",
		"onboarding.changed":        "该任务刚被别人改过，请重新查看。",
		"onboarding.exists":         "此人已有清单。",
	}
	maps.Copy(m, chineseWebOnboarding())
	return m
}
