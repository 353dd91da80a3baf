package i18n

// The termination certificate (离职证明): its built-in text, which is
// written in the org's language whoever asks for it, and what chat and
// the console say around it.

func englishCertificate() map[string]string {
	return map[string]string{
		"help.cmd.certificate": "/certificate PERSON — the termination certificate of someone who left or whose resignation is approved, as a PDF, privately (HR)",

		"certificate.title": "Certificate of Termination of Employment",
		"certificate.body": "This is to certify that {name}{id} was employed by {org} from {hire_date}, under an employment contract of {contract}. " +
			"Before leaving, {name} held the position of {job}. Length of service with {org}: {years}. " +
			"The employment relationship ended on {last_day}, and all leaving formalities have been completed.",
		"certificate.body_expired": "This is to certify that {name}{id} was employed by {org} from {hire_date}, under an employment contract of {contract}. " +
			"Before leaving, {name} held the position of {job}. Length of service with {org}: {years}. " +
			"The employment relationship ended on {last_day}, when the contract's term expired, and all leaving formalities have been completed.",
		"certificate.closing": "Hereby certified.",
		"certificate.seal":    "{org} (company seal)",
		"certificate.issued":  "Date: {date}",
		"certificate.id":      " ({id_type} no. {id_number})",
		"certificate.date":    "{day} {month} {year}",

		"certificate.id_type.resident_id":     "resident ID card",
		"certificate.id_type.passport":        "passport",
		"certificate.id_type.hk_macau_permit": "Mainland travel permit for Hong Kong and Macao residents",
		"certificate.id_type.taiwan_permit":   "Mainland travel permit for Taiwan residents",
		"certificate.id_type.foreign_pr":      "foreigner's permanent residence ID card",
		"certificate.id_type.other":           "ID",

		"certificate.kind.fixed_term":     "fixed term",
		"certificate.kind.open_ended":     "open-ended term",
		"certificate.kind.task":           "the term of a task",
		"certificate.kind.part_time":      "part-time work",
		"certificate.kind.internship":     "internship",
		"certificate.kind.labour_service": "labour service",
		"certificate.contract":            "{kind}, from {start}",
		"certificate.contract_until":      "{kind}, {start} to {end}",

		"certificate.span.year":   "{n} year",
		"certificate.span.years":  "{n} years",
		"certificate.span.month":  "{n} month",
		"certificate.span.months": "{n} months",
		"certificate.span.day":    "{n} day",
		"certificate.span.days":   "{n} days",
		"certificate.span.and":    " and ",

		"certificate.sent":           "{name}'s termination certificate is attached: print it, stamp it with the company seal and hand it to them. It shows their ID number in full: keep it private.",
		"certificate.usage":          "Whose termination certificate? Write /certificate PERSON, e.g. /certificate alice.",
		"certificate.no_font":        "This server has no font with Chinese glyphs to draw the PDF (install fonts-wqy-microhei or set HRBOT_FONT). The console's printable page works without one.",
		"certificate.still_employed": "{name} is still employed, with no approved resignation: a termination certificate is issued once a resignation is approved or they have left.",
		"certificate.no_contract":    "{name} has no contract on record, and a termination certificate states the contract's term (Labour Contract Law art. 50): enter it first (/contract {key} …).",
		"certificate.no_job":         "{name} has no job on record, and a termination certificate states the job held: set it on their page first.",
		"certificate.no_last_day":    "{name} left, but on no recorded day: record their last day on their page first.",

		"web.title.certificate":   "Termination certificate",
		"web.certificate.link":    "Termination certificate (离职证明)",
		"web.certificate.print":   "Print",
		"web.certificate.pdf":     "Download PDF",
		"web.certificate.hint":    "Written in the org's language. Print it, stamp it with the company seal and hand it to the person; opening it is recorded in the audit log.",
		"web.certificate.back":    "Back to {name}",
		"web.certificate.no_font": "This server has no font with Chinese glyphs, so no PDF: print this page instead.",
	}
}

func chineseCertificate() map[string]string {
	return map[string]string{
		"help.cmd.certificate": "/certificate 离职证明 员工 — 私下发送已离职或离职申请已批准员工的离职证明 PDF（人事）",

		"certificate.title": "离职证明",
		"certificate.body": "兹证明{name}{id}自{hire_date}起在{org}工作，双方签订的劳动合同期限为{contract}。" +
			"{name}离职前担任{job}一职，在本单位的工作年限为{years}。" +
			"双方的劳动关系已于{last_day}解除，离职手续已办理完毕。",
		"certificate.body_expired": "兹证明{name}{id}自{hire_date}起在{org}工作，双方签订的劳动合同期限为{contract}。" +
			"{name}离职前担任{job}一职，在本单位的工作年限为{years}。" +
			"双方的劳动合同于{last_day}期满终止，离职手续已办理完毕。",
		"certificate.closing": "特此证明。",
		"certificate.seal":    "{org}（盖章）",
		"certificate.issued":  "日期：{date}",
		"certificate.id":      "（{id_type}号码：{id_number}）",
		"certificate.date":    "{year}年{month}月{day}日",

		"certificate.id_type.resident_id":     "居民身份证",
		"certificate.id_type.passport":        "护照",
		"certificate.id_type.hk_macau_permit": "港澳居民来往内地通行证",
		"certificate.id_type.taiwan_permit":   "台湾居民来往大陆通行证",
		"certificate.id_type.foreign_pr":      "外国人永久居留身份证",
		"certificate.id_type.other":           "证件",

		"certificate.kind.fixed_term":     "固定期限",
		"certificate.kind.open_ended":     "无固定期限",
		"certificate.kind.task":           "以完成一定工作任务为期限",
		"certificate.kind.part_time":      "非全日制",
		"certificate.kind.internship":     "实习",
		"certificate.kind.labour_service": "劳务",
		"certificate.contract":            "{kind}，自{start}起",
		"certificate.contract_until":      "{kind}，自{start}至{end}",

		"certificate.span.year":   "{n}年",
		"certificate.span.years":  "{n}年",
		"certificate.span.month":  "{n}个月",
		"certificate.span.months": "{n}个月",
		"certificate.span.day":    "{n}天",
		"certificate.span.days":   "{n}天",
		"certificate.span.and":    "",

		"certificate.sent":           "附上{name}的离职证明：请打印、加盖公章后交给本人。证明上有完整的证件号码，请妥善保管。",
		"certificate.usage":          "要开谁的离职证明？请写 /离职证明 员工，例如 /离职证明 alice。",
		"certificate.no_font":        "本服务器没有中文字体，无法生成 PDF（请安装 fonts-wqy-microhei 或设置 HRBOT_FONT）。后台的打印页面不需要字体，仍可使用。",
		"certificate.still_employed": "{name}仍在职，且没有已批准的离职申请：离职申请批准后或离职后才能开具离职证明。",
		"certificate.no_contract":    "{name}没有劳动合同记录，而离职证明须写明劳动合同期限（《劳动合同法》第五十条）：请先录入合同（/合同 {key} …）。",
		"certificate.no_job":         "{name}没有岗位记录，而离职证明须写明工作岗位：请先在其人员页面填写岗位。",
		"certificate.no_last_day":    "{name}已离职，但没有离职日期记录：请先在其人员页面补录离职日期。",

		"web.title.certificate":   "离职证明",
		"web.certificate.link":    "离职证明",
		"web.certificate.print":   "打印",
		"web.certificate.pdf":     "下载 PDF",
		"web.certificate.hint":    "按本组织的语言开具。请打印、加盖公章后交给本人；每次打开都会记入审计日志。",
		"web.certificate.back":    "返回{name}",
		"web.certificate.no_font": "本服务器没有中文字体，无法生成 PDF：请直接打印本页。",
	}
}
