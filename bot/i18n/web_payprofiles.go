package i18n

// The web console's pay profiles (on the payroll page): who has one, the
// template and the upload.

func englishWebPayProfiles() map[string]string {
	return map[string]string{
		"web.payprofiles.h":            "Pay profiles",
		"web.payprofiles.help":         "Each person's salary or hourly rate, allowances, social-insurance base and rates, and bank account. A draft pays only the people who have one.",
		"web.payprofiles.without":      "{count} without a pay profile, left out of a draft: {people}",
		"web.payprofiles.all":          "Everyone has a pay profile.",
		"web.payprofiles.with":         "{count} with a pay profile",
		"web.payprofiles.no_key":       "Bank accounts cannot be saved: this hrbot has no encryption key (HRBOT_ENCRYPTION_KEY). Leave the bank columns empty, or ask whoever runs hrbot to set the key.",
		"web.payprofiles.template":     "Download the template (CSV)",
		"web.payprofiles.file":         "Pay-profile file (.xlsx or .csv)",
		"web.payprofiles.upload":       "Upload and save",
		"web.payprofiles.upload_hint":  "Columns in Chinese or English, as in the template. kind is monthly or hourly (月薪 or 时薪); allowances read name:amount;name:amount; rates are fractions (0.08) or percentages (8%), China's usual shares when left empty. Uploading again replaces a person's profile. A file with any problem saves nothing; every problem is listed.",
		"web.payprofiles.refused":      "Nothing saved: the file has {count} problems. Fix them and upload it again.",
		"web.payprofiles.kind_monthly": "monthly",
		"web.payprofiles.missing":      "Not in this draft, no pay profile: {people}.",
		"web.done.payprofiles_saved":   "The pay profiles are saved.",
	}
}

func chineseWebPayProfiles() map[string]string {
	return map[string]string{
		"web.payprofiles.h":            "薪资档案",
		"web.payprofiles.help":         "每个人的月薪或时薪、补贴、社保基数和比例，以及银行账号。起草工资时只计算有薪资档案的人。",
		"web.payprofiles.without":      "{count} 人没有薪资档案，起草工资时不计入：{people}",
		"web.payprofiles.all":          "每个人都有薪资档案。",
		"web.payprofiles.with":         "{count} 人有薪资档案",
		"web.payprofiles.no_key":       "无法保存银行账号：这个 hrbot 没有设置加密密钥（HRBOT_ENCRYPTION_KEY）。请把银行列留空，或请维护 hrbot 的人设置密钥。",
		"web.payprofiles.template":     "下载模板（CSV）",
		"web.payprofiles.file":         "薪资档案文件（.xlsx 或 .csv）",
		"web.payprofiles.upload":       "上传并保存",
		"web.payprofiles.upload_hint":  "列名可用中文或英文，与模板相同。计薪方式填 月薪 或 时薪（monthly 或 hourly）；补贴写成 名称:金额;名称:金额；比例写小数（0.08）或百分比（8%），留空则按国内常用比例。再次上传会替换此人的档案。文件有任何问题都不会保存，所有问题会一并列出。",
		"web.payprofiles.refused":      "没有保存：文件有 {count} 个问题。请改正后重新上传。",
		"web.payprofiles.kind_monthly": "月薪",
		"web.payprofiles.missing":      "没有薪资档案、未计入本次草稿：{people}。",
		"web.done.payprofiles_saved":   "薪资档案已保存。",
	}
}
