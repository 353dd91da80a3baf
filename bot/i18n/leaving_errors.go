package i18n

// Refusals core/leaving gives (resignations, 离职), in chat and on the
// console alike.

func englishLeavingErrors() map[string]string {
	return map[string]string{
		"leaving.already_decided":        "{by} has already dealt with this resignation: nothing was changed.",
		"leaving.before_hire":            "The last day cannot be before the hire date, {date}.",
		"leaving.cancel_reason":          "Cancelling needs a reason: what was agreed with the person.",
		"leaving.changed":                "The resignation changed meanwhile: look at it again.",
		"leaving.inactive":               "{name} has already left.",
		"leaving.no_date":                "A resignation needs a last day: with {days} days' notice, {date} at the earliest.",
		"leaving.no_hr":                  "There is no HR person to approve it.",
		"leaving.no_reason":              "Ending someone's employment needs a reason.",
		"leaving.not_found":              "There is no resignation #{id} for you to see.",
		"leaving.open_exists":            "{name} already has a resignation open: withdraw it or wait for its decision first.",
		"leaving.past_date":              "{date} has gone by: the last day is today or later.",
		"leaving.reject_reason":          "A rejection needs a reason.",
		"leaving.short_notice":           "Resigning needs {days} days' notice: the last day can be {date} at the earliest. An earlier day only by agreement, when your manager or HR approves.",
		"leaving.short_notice_probation": "In probation, resigning needs {days} days' notice: the last day can be {date} at the earliest.",
	}
}

func chineseLeavingErrors() map[string]string {
	return map[string]string{
		"leaving.already_decided":        "{by} 已处理过这份离职申请，本次未作更改。",
		"leaving.before_hire":            "最后工作日不能早于入职日期 {date}。",
		"leaving.cancel_reason":          "取消需要填写原因：与本人协商的结果。",
		"leaving.changed":                "离职申请刚刚有了变化，请重新查看。",
		"leaving.inactive":               "{name} 已经离职。",
		"leaving.no_date":                "离职申请需要最后工作日：提前 {days} 天通知，最早为 {date}。",
		"leaving.no_hr":                  "没有可以审批的 HR。",
		"leaving.no_reason":              "解除劳动关系需要填写原因。",
		"leaving.not_found":              "没有你可查看的离职申请 #{id}。",
		"leaving.open_exists":            "{name} 已有进行中的离职申请：请先撤回或等待审批结果。",
		"leaving.past_date":              "{date} 已经过去：最后工作日只能是今天或以后。",
		"leaving.reject_reason":          "驳回需要填写原因。",
		"leaving.short_notice":           "辞职需提前 {days} 天通知：最后工作日最早为 {date}。更早的日期须经协商，由上级或 HR 审批时同意。",
		"leaving.short_notice_probation": "试用期内辞职需提前 {days} 天通知：最后工作日最早为 {date}。",
	}
}
