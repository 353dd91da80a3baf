package i18n

import "maps"

// People's files (员工档案): /myfile, /file, /mydata, corrections and
// their notifications, the problems a value can have, the my-data
// README; and the web console's words for them (web_personfile.go).

func englishPersonFile() map[string]string {
	m := map[string]string{
		"help.cmd.myfile": "/myfile — my personal file; /myfile fix FIELD VALUE [reason] asks HR to correct it",
		"help.cmd.mydata": "/mydata — everything hrbot holds about me, as a ZIP file, privately",
		"help.cmd.file":   "/file PERSON — a person's file (HR; managers see their reports' masked); /file PERSON set FIELD VALUE reason WHY (HR); /file PERSON data",

		"personfile.title":       "Personal file of {name} ({key})",
		"personfile.line":        "{field}: {value}",
		"personfile.none":        "—",
		"personfile.list_sep":    ", ",
		"personfile.masked_note": "Sensitive details are masked: only HR and the person see them in full.",
		"personfile.erased":      "Erased on {date} under the org's retention rule.",
		"personfile.documents":   "Documents: {count}",
		"personfile.pending":     "Corrections waiting for HR:",
		"personfile.fix_line":    "{field} → {value}",
		"personfile.fix_reason":  " ({reason})",
		"personfile.self_hint":   "Something wrong or missing? Press the button, or write e.g. /myfile fix phone 13912345678 reason new number. /mydata sends you everything hrbot holds about you.",
		"personfile.hr_hint":     "To change a field: /file {key} set FIELD VALUE reason WHY. Their data as a file: /file {key} data",
		"personfile.file_usage":  "Write /file PERSON to see someone's file, or /file PERSON set FIELD VALUE reason WHY to change it (HR).",
		"personfile.unchanged":   "Nothing changed: the file already says that.",
		"personfile.saved":       "Saved: {fields}.",
		"personfile.fix_which":   "Which detail should HR correct?",
		"personfile.fix_ask":     "Send the correct {field}; to say why, add “reason …” after it (e.g. “13912345678 reason new number”). Or /cancel.",
		"personfile.fix_sent":    "Sent to HR: they will correct your {field} or tell you why not.",
		"personfile.fix_request": "{name} ({key}) asks HR to correct their file: {line}",
		"personfile.data_sent":   "Everything hrbot holds about {name}, as a ZIP file (README.txt says what is in it). Keep it safe: it holds ID and contact details.",

		"personfile.fix_done.approved":        "Approved: {name}'s {field} is corrected.",
		"personfile.fix_done.rejected":        "Rejected: {name}'s {field} stays as it was.",
		"personfile.fix_decided.approved":     "{by} corrected your {field} as you asked.",
		"personfile.fix_decided.rejected":     "{by} did not correct your {field}. Ask HR if you want to know why.",
		"personfile.button.fix":               "Request a correction",
		"personfile.button.approve":           "Approve {field}",
		"personfile.button.reject":            "Reject {field}",
		"personfile.field.legal_name":         "Legal name",
		"personfile.field.id_type":            "ID type",
		"personfile.field.id_number":          "ID number",
		"personfile.field.birth_date":         "Birth date",
		"personfile.field.gender":             "Gender",
		"personfile.field.phone":              "Phone",
		"personfile.field.address":            "Address",
		"personfile.field.emergency_name":     "Emergency contact",
		"personfile.field.emergency_relation": "Emergency contact's relation",
		"personfile.field.emergency_phone":    "Emergency contact's phone",
		"personfile.field.education":          "Highest education",
		"personfile.field.school":             "School",
		"personfile.field.major":              "Major",
		"personfile.field.graduation_year":    "Graduation year",
		"personfile.field.insurance_city":     "Social-insurance city",

		"personfile.id_type.resident_id":           "Resident ID card (居民身份证)",
		"personfile.id_type.passport":              "Passport",
		"personfile.id_type.hk_macau_permit":       "Mainland travel permit for Hong Kong and Macao residents",
		"personfile.id_type.taiwan_permit":         "Mainland travel permit for Taiwan residents",
		"personfile.id_type.foreign_pr":            "Foreigner's permanent residence ID card",
		"personfile.id_type.other":                 "Other",
		"personfile.gender.female":                 "Female",
		"personfile.gender.male":                   "Male",
		"personfile.education.below_high_school":   "Middle school or below",
		"personfile.education.high_school":         "High school",
		"personfile.education.technical_secondary": "Technical secondary school",
		"personfile.education.junior_college":      "Junior college (大专)",
		"personfile.education.bachelor":            "Bachelor's degree",
		"personfile.education.master":              "Master's degree",
		"personfile.education.doctorate":           "Doctorate",
	}
	maps.Copy(m, englishPersonFileProblems())
	maps.Copy(m, englishWebPersonFile())
	return m
}

func chinesePersonFile() map[string]string {
	m := map[string]string{
		"help.cmd.myfile": "/myfile 我的档案 — 查看我的个人档案；我的档案 更正 字段 新值 [原因] — 请 HR 更正",
		"help.cmd.mydata": "/mydata 我的数据 — 以 ZIP 文件私下发送 hrbot 保存的关于我的全部信息",
		"help.cmd.file":   "/file 员工档案 员工 — 查看员工档案（HR；经理可看下属的脱敏档案）；员工档案 员工 改 字段 新值 原因 理由（HR）；员工档案 员工 数据",

		"personfile.title":       "{name}（{key}）的个人档案",
		"personfile.line":        "{field}：{value}",
		"personfile.none":        "—",
		"personfile.list_sep":    "、",
		"personfile.masked_note": "敏感信息已脱敏：只有 HR 和本人可以看到完整内容。",
		"personfile.erased":      "已于 {date} 按公司的保存期限清除。",
		"personfile.documents":   "证件材料：{count} 份",
		"personfile.pending":     "等待 HR 处理的更正：",
		"personfile.fix_line":    "{field} → {value}",
		"personfile.fix_reason":  "（{reason}）",
		"personfile.self_hint":   "有错误或缺漏？点下面的按钮，或发送如：我的档案 更正 手机 13912345678 原因 换号了。发送“我的数据”可获取 hrbot 保存的关于你的全部信息。",
		"personfile.hr_hint":     "修改字段：员工档案 {key} 改 字段 新值 原因 理由。导出其数据：员工档案 {key} 数据",
		"personfile.file_usage":  "发送“员工档案 员工”查看档案，或“员工档案 员工 改 字段 新值 原因 理由”修改（HR）。",
		"personfile.unchanged":   "没有变化：档案里已经是这个值。",
		"personfile.saved":       "已保存：{fields}。",
		"personfile.fix_which":   "需要 HR 更正哪一项？",
		"personfile.fix_ask":     "请发送正确的{field}；如需说明原因，在后面加“原因 ……”（例如“13912345678 原因 换号了”）。发送 /cancel 取消。",
		"personfile.fix_sent":    "已发给 HR：他们会更正你的{field}，或告诉你原因。",
		"personfile.fix_request": "{name}（{key}）请 HR 更正档案：{line}",
		"personfile.data_sent":   "这是 hrbot 保存的关于 {name} 的全部信息（ZIP 文件，README.txt 说明了内容）。其中有证件和联系方式，请妥善保管。",

		"personfile.fix_done.approved":        "已批准：{name}的{field}已更正。",
		"personfile.fix_done.rejected":        "已拒绝：{name}的{field}保持不变。",
		"personfile.fix_decided.approved":     "{by} 已按你的申请更正了你的{field}。",
		"personfile.fix_decided.rejected":     "{by} 没有更正你的{field}。如需了解原因请联系 HR。",
		"personfile.button.fix":               "申请更正",
		"personfile.button.approve":           "批准更正{field}",
		"personfile.button.reject":            "拒绝更正{field}",
		"personfile.field.legal_name":         "法定姓名",
		"personfile.field.id_type":            "证件类型",
		"personfile.field.id_number":          "证件号码",
		"personfile.field.birth_date":         "出生日期",
		"personfile.field.gender":             "性别",
		"personfile.field.phone":              "手机号",
		"personfile.field.address":            "住址",
		"personfile.field.emergency_name":     "紧急联系人",
		"personfile.field.emergency_relation": "紧急联系人关系",
		"personfile.field.emergency_phone":    "紧急联系人电话",
		"personfile.field.education":          "最高学历",
		"personfile.field.school":             "毕业院校",
		"personfile.field.major":              "专业",
		"personfile.field.graduation_year":    "毕业年份",
		"personfile.field.insurance_city":     "社保缴纳城市",

		"personfile.id_type.resident_id":           "居民身份证",
		"personfile.id_type.passport":              "护照",
		"personfile.id_type.hk_macau_permit":       "港澳居民来往内地通行证",
		"personfile.id_type.taiwan_permit":         "台湾居民来往大陆通行证",
		"personfile.id_type.foreign_pr":            "外国人永久居留身份证",
		"personfile.id_type.other":                 "其他",
		"personfile.gender.female":                 "女",
		"personfile.gender.male":                   "男",
		"personfile.education.below_high_school":   "初中及以下",
		"personfile.education.high_school":         "高中",
		"personfile.education.technical_secondary": "中专",
		"personfile.education.junior_college":      "大专",
		"personfile.education.bachelor":            "本科",
		"personfile.education.master":              "硕士",
		"personfile.education.doctorate":           "博士",
	}
	maps.Copy(m, chinesePersonFileProblems())
	maps.Copy(m, chineseWebPersonFile())
	return m
}
