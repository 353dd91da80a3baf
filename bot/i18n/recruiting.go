package i18n

// Recruiting (招聘): openings, candidates' conversations, the pipeline.

func englishRecruiting() map[string]string {
	return merged(englishRecruitingErrors(), map[string]string{})
}

func englishRecruitingErrors() map[string]string {
	return map[string]string{
		"recruiting.answer_empty":      "Please type your answer.",
		"recruiting.answer_yesno":      "Please answer yes or no.",
		"recruiting.answer_choice":     "Please pick one of the choices (press it, or type its number).",
		"recruiting.answer_number":     "Please answer with a number, e.g. 3.",
		"recruiting.answer_long":       "That is a long answer: at most 1,000 characters, please.",
		"recruiting.bad_contact":       "That does not look like a phone number or an e-mail address: please type one, e.g. 138 0013 8000.",
		"recruiting.bad_headcount":     "How many people? 1 to 100, not {count}.",
		"recruiting.no_job":            "For which job? e.g. /hire customer-service 2",
		"recruiting.manager_left":      "{name} has left and cannot be the hiring manager.",
		"recruiting.no_opening":        "This link does not lead to an open position any more.",
		"recruiting.no_opening_id":     "There is no opening #{id}.",
		"recruiting.closed":            "This position is no longer open. Thank you for your interest!",
		"recruiting.applied_before":    "You applied to this position already: let us go on where you were.",
		"recruiting.no_application":    "There is no such application of yours.",
		"recruiting.moved_meanwhile":   "That application has moved on meanwhile (now: {stage}): look again.",
		"recruiting.reject_reason":     "A rejection needs a reason (it is kept for HR, not shown to the candidate).",
		"forbidden.not_hiring_manager": "Only the opening's hiring manager or HR can do that.",
	}
}

func chineseRecruiting() map[string]string {
	return merged(chineseRecruitingErrors(), map[string]string{})
}

func chineseRecruitingErrors() map[string]string {
	return map[string]string{
		"recruiting.answer_empty":      "请输入你的回答。",
		"recruiting.answer_yesno":      "请回答“是”或“否”。",
		"recruiting.answer_choice":     "请选择其中一项（点按钮，或输入序号）。",
		"recruiting.answer_number":     "请用数字回答，例如 3。",
		"recruiting.answer_long":       "回答太长了：请不超过 1000 字。",
		"recruiting.bad_contact":       "这不像手机号或邮箱：请输入一个，例如 138 0013 8000。",
		"recruiting.bad_headcount":     "招几个人？请填 1 到 100，而不是 {count}。",
		"recruiting.no_job":            "招聘哪个岗位？例如 /招聘 客服 2",
		"recruiting.manager_left":      "{name} 已离职，不能担任招聘负责人。",
		"recruiting.no_opening":        "该链接对应的职位已不再开放。",
		"recruiting.no_opening_id":     "没有职位 #{id}。",
		"recruiting.closed":            "该职位已停止招聘，感谢你的关注！",
		"recruiting.applied_before":    "你已申请过这个职位：我们从上次的地方继续。",
		"recruiting.no_application":    "没有你的这份申请。",
		"recruiting.moved_meanwhile":   "这份申请刚刚有了变化（当前：{stage}），请重新查看。",
		"recruiting.reject_reason":     "不录用需要写明原因（仅 HR 可见，不会告诉候选人）。",
		"forbidden.not_hiring_manager": "只有该职位的招聘负责人或 HR 可以操作。",
	}
}
