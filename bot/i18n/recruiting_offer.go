package i18n

// Recruiting's interviews, scorecards and offers (core/recruiting
// interview*.go, scorecard.go, offer*.go): what their errors say.

func englishRecruitingOffer() map[string]string {
	return map[string]string{
		"recruiting.slots_stage":      "Interview times are offered at the interview stage (this application is at {stage}).",
		"recruiting.slots_count":      "Offer 1 to 5 interview times, not {count}.",
		"recruiting.slot_past":        "That time has already passed: pick one ahead.",
		"recruiting.slot_minutes":     "An interview lasts 5 to 480 minutes, not {minutes}.",
		"recruiting.slot_place":       "The place is too long: at most 200 characters (a room, an address or a link).",
		"recruiting.interviewer_left": "{name} has left and cannot interview.",
		"recruiting.no_slot":          "There is no such interview time.",
		"recruiting.slot_gone":        "That interview time is no longer available: please pick another one.",
		"recruiting.slot_changed":     "That interview time has just changed: please look again.",
		"recruiting.not_picked":       "Nobody picked that interview time.",
		"recruiting.too_early":        "The interview has not started yet.",
		"recruiting.not_interviewer":  "Only those who interviewed the candidate can score them.",
		"recruiting.score_range":      "A score from 1 to 5, not {score}.",
		"recruiting.comment_long":     "The comment is too long: at most 2,000 characters.",
		"recruiting.offer_stage":      "An offer is made at the interview stage (this application is at {stage}).",
		"recruiting.internal_offer":   "This candidate already works here: move them with a transfer (/transfer), not an offer.",
		"recruiting.offer_salary":     "The pay must be a number above 0, not {salary}.",
		"recruiting.offer_pay_kind":   "Pay is monthly or hourly.",
		"recruiting.offer_start_past": "The start date cannot be before {date}.",
		"recruiting.offer_start_far":  "The start date must be within a year, not {date}.",
		"recruiting.offer_no_team":    "There is no team {team}.",
		"recruiting.offer_exists":     "This application already has an offer.",
		"recruiting.no_offer":         "There is no such offer for you.",
		"recruiting.offer_answered":   "This offer has already been answered.",
	}
}

func chineseRecruitingOffer() map[string]string {
	return map[string]string{
		"recruiting.slots_stage":      "面试阶段才能安排面试时间（这份申请当前：{stage}）。",
		"recruiting.slots_count":      "请提供 1 到 5 个面试时间，而不是 {count} 个。",
		"recruiting.slot_past":        "这个时间已经过去了，请选之后的时间。",
		"recruiting.slot_minutes":     "面试时长应为 5 到 480 分钟，而不是 {minutes}。",
		"recruiting.slot_place":       "地点太长了：最多 200 字（会议室、地址或链接）。",
		"recruiting.interviewer_left": "{name} 已离职，不能担任面试官。",
		"recruiting.no_slot":          "没有这个面试时间。",
		"recruiting.slot_gone":        "这个面试时间已不可选，请另选一个。",
		"recruiting.slot_changed":     "这个面试时间刚刚有变动，请重新查看。",
		"recruiting.not_picked":       "没有人选这个面试时间。",
		"recruiting.too_early":        "面试还没开始。",
		"recruiting.not_interviewer":  "只有面试过该候选人的面试官才能评分。",
		"recruiting.score_range":      "评分为 1 到 5，而不是 {score}。",
		"recruiting.comment_long":     "评语太长了：最多 2000 字。",
		"recruiting.offer_stage":      "面试阶段才能发录用通知（这份申请当前：{stage}）。",
		"recruiting.internal_offer":   "该候选人已是本公司员工：请走调岗（/transfer），而不是发录用通知。",
		"recruiting.offer_salary":     "薪资须为大于 0 的数字，而不是 {salary}。",
		"recruiting.offer_pay_kind":   "薪资按月或按小时计。",
		"recruiting.offer_start_past": "入职日期不能早于 {date}。",
		"recruiting.offer_start_far":  "入职日期须在一年以内，而不是 {date}。",
		"recruiting.offer_no_team":    "没有 {team} 这个团队。",
		"recruiting.offer_exists":     "这份申请已经发过录用通知。",
		"recruiting.no_offer":         "没有发给你的这份录用通知。",
		"recruiting.offer_answered":   "这份录用通知已经答复过了。",
	}
}
