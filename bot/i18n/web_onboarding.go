package i18n

// The console's onboarding: the section of the person page and HR's list
// of everyone being onboarded.

func englishWebOnboarding() map[string]string {
	return map[string]string{
		"web.nav.onboarding":          "Onboarding",
		"web.title.onboarding":        "Onboarding",
		"web.onboarding.section":      "Onboarding",
		"web.onboarding.summary":      "Day one {day} · buddy {buddy} · {done} of {total} done",
		"web.onboarding.hint":         "Tick what is done and save: a task is ticked by whoever does it, or by HR.",
		"web.onboarding.col.task":     "Task",
		"web.onboarding.col.owner":    "Who",
		"web.onboarding.col.due":      "Due",
		"web.onboarding.col.person":   "Person",
		"web.onboarding.col.job":      "Job",
		"web.onboarding.col.day":      "Day one",
		"web.onboarding.col.buddy":    "Buddy",
		"web.onboarding.col.progress": "Progress",
		"web.onboarding.col.overdue":  "Overdue",
		"web.onboarding.done_by":      "done by {name}, {when}",
		"web.onboarding.overdue":      "overdue",
		"web.onboarding.save":         "Save ticks",
		"web.onboarding.empty":        "Nobody is being onboarded now. A checklist is made when someone is hired, from the onboarding section of the org file.",
		"web.done.onboarding":         "Checklist saved.",
	}
}

func chineseWebOnboarding() map[string]string {
	return map[string]string{
		"web.nav.onboarding":          "入职",
		"web.title.onboarding":        "入职",
		"web.onboarding.section":      "入职清单",
		"web.onboarding.summary":      "入职日 {day} · 带教导师 {buddy} · 已完成 {done}/{total}",
		"web.onboarding.hint":         "勾选已完成的任务后保存：任务由其负责人或 HR 勾选。",
		"web.onboarding.col.task":     "任务",
		"web.onboarding.col.owner":    "负责人",
		"web.onboarding.col.due":      "截止",
		"web.onboarding.col.person":   "员工",
		"web.onboarding.col.job":      "岗位",
		"web.onboarding.col.day":      "入职日",
		"web.onboarding.col.buddy":    "带教导师",
		"web.onboarding.col.progress": "进度",
		"web.onboarding.col.overdue":  "逾期",
		"web.onboarding.done_by":      "{name} 于 {when} 完成",
		"web.onboarding.overdue":      "已逾期",
		"web.onboarding.save":         "保存勾选",
		"web.onboarding.empty":        "目前没有正在入职的员工。员工被录用时，按组织文件的 onboarding 部分生成入职清单。",
		"web.done.onboarding":         "清单已保存。",
	}
}
