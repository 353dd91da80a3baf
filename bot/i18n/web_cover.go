package i18n

// The console's cover page: requests for cover, their offers and helpers,
// and asking for cover.

func englishWebCover() map[string]string {
	return map[string]string{
		"web.nav.cover":              "Cover",
		"web.title.cover":            "Cover",
		"web.cover.requests":         "Open and recent requests",
		"web.cover.none":             "No requests for cover in the last two weeks.",
		"web.cover.status.open":      "open",
		"web.cover.status.filled":    "filled",
		"web.cover.status.cancelled": "withdrawn",
		"web.cover.filled":           "{filled} of {needed} places taken",
		"web.cover.from_leave":       "for approved leave",
		"web.cover.offers":           "Offers: {offered} sent, {waiting} unanswered, {declined} declined",
		"web.cover.helpers":          "Covered by:",
		"web.cover.unrated":          "not rated yet",
		"web.cover.chat_hint":        "Ratings are given in chat after the shift; /cover why ID PERSON explains why someone was not asked.",
		"web.cover.ask":              "Ask for cover",
		"web.cover.job":              "Job",
		"web.cover.from":             "From",
		"web.cover.to":               "To",
		"web.cover.count":            "People needed",
		"web.cover.send":             "Ask for cover",
		"web.done.cover_opened":      "The request is open and its first offers are on their way.",
	}
}

func chineseWebCover() map[string]string {
	return map[string]string{
		"web.nav.cover":              "支援",
		"web.title.cover":            "支援",
		"web.cover.requests":         "进行中和最近的支援请求",
		"web.cover.none":             "最近两周没有支援请求。",
		"web.cover.status.open":      "进行中",
		"web.cover.status.filled":    "已满",
		"web.cover.status.cancelled": "已撤回",
		"web.cover.filled":           "已有 {filled}/{needed} 人接班",
		"web.cover.from_leave":       "因请假产生",
		"web.cover.offers":           "邀请：已发 {offered}，未回复 {waiting}，已拒绝 {declined}",
		"web.cover.helpers":          "支援人员：",
		"web.cover.unrated":          "尚未评分",
		"web.cover.chat_hint":        "班次结束后在聊天中评分；/求支援 为什么 编号 人员 可查看某人未被邀请的原因。",
		"web.cover.ask":              "发起支援请求",
		"web.cover.job":              "岗位",
		"web.cover.from":             "开始",
		"web.cover.to":               "结束",
		"web.cover.count":            "需要人数",
		"web.cover.send":             "发起请求",
		"web.done.cover_opened":      "请求已发出，第一批邀请正在发送。",
	}
}
