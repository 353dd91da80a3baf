package i18n

// The web console's people's files: the file on a person's page (HR's
// edit form, corrections to decide, their data) and the reader's own
// (/me/file: asking for a correction, downloading my data).

func englishWebPersonFile() map[string]string {
	return map[string]string{
		"web.nav.my_file":          "My file",
		"web.title.my_file":        "My personal file",
		"web.file.h":               "Personal file",
		"web.file.masked":          "Sensitive details are masked: only HR and the person see them in full.",
		"web.file.pending":         "Corrections waiting for HR",
		"web.file.approve":         "Approve",
		"web.file.reject":          "Reject",
		"web.file.edit":            "Edit the file",
		"web.file.edit_help":       "Every change is written to the audit log with your reason. An empty field is cleared.",
		"web.file.reason":          "Reason",
		"web.file.reason_hint":     "why the file changes, e.g. new phone number",
		"web.file.choose":          "—",
		"web.file.save":            "Save the file",
		"web.file.their_data":      "Download their data (ZIP)",
		"web.file.their_data_help": "Everything hrbot holds about this person, for a request under the Personal Information Protection Law. The download is audited.",
		"web.file.fix_h":           "Request a correction",
		"web.file.fix_help":        "Something wrong or missing? HR is asked to correct it and you are told what they decide.",
		"web.file.field":           "Detail",
		"web.file.value":           "Correct value",
		"web.file.fix_reason":      "Reason (optional)",
		"web.file.send_fix":        "Send to HR",
		"web.file.data_h":          "My data",
		"web.file.data_help":       "Everything hrbot holds about you — this file, your leave, attendance, cover, quizzes, payslips and the audit log's rows about you — as one ZIP file of CSV and JSON (个人信息保护法 art. 45).",
		"web.file.download":        "Download my data",
		"web.done.file_saved":      "The file is saved.",
		"web.done.file_unchanged":  "Nothing changed: the file already says that.",
		"web.done.file_fix_sent":   "Sent to HR: you will be told what they decide.",
		"web.done.fix_approved":    "Correction approved: the file is updated.",
		"web.done.fix_rejected":    "Correction rejected: the file stays as it was.",
	}
}

func chineseWebPersonFile() map[string]string {
	return map[string]string{
		"web.nav.my_file":          "我的档案",
		"web.title.my_file":        "我的个人档案",
		"web.file.h":               "个人档案",
		"web.file.masked":          "敏感信息已脱敏：只有 HR 和本人可以看到完整内容。",
		"web.file.pending":         "等待 HR 处理的更正",
		"web.file.approve":         "批准",
		"web.file.reject":          "拒绝",
		"web.file.edit":            "修改档案",
		"web.file.edit_help":       "每次修改都会连同原因记入审计日志。清空的项目会被删除。",
		"web.file.reason":          "原因",
		"web.file.reason_hint":     "修改原因，例如：更换手机号",
		"web.file.choose":          "—",
		"web.file.save":            "保存档案",
		"web.file.their_data":      "下载其个人数据（ZIP）",
		"web.file.their_data_help": "hrbot 保存的关于此人的全部信息，用于答复依据《个人信息保护法》提出的查阅请求。下载会记入审计日志。",
		"web.file.fix_h":           "申请更正",
		"web.file.fix_help":        "有错误或缺漏？会请 HR 更正，并把结果告诉你。",
		"web.file.field":           "项目",
		"web.file.value":           "正确的值",
		"web.file.fix_reason":      "原因（可不填）",
		"web.file.send_fix":        "发给 HR",
		"web.file.data_h":          "我的数据",
		"web.file.data_help":       "hrbot 保存的关于你的全部信息——本档案、请假、考勤、顶班、考试、工资条以及审计日志中与你有关的记录——打包为一个含 CSV 和 JSON 的 ZIP 文件（《个人信息保护法》第四十五条）。",
		"web.file.download":        "下载我的数据",
		"web.done.file_saved":      "档案已保存。",
		"web.done.file_unchanged":  "没有变化：档案里已经是这些值。",
		"web.done.file_fix_sent":   "已发给 HR：处理结果会通知你。",
		"web.done.fix_approved":    "已批准更正：档案已更新。",
		"web.done.fix_rejected":    "已拒绝更正：档案保持不变。",
	}
}
