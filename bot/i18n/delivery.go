package i18n

func englishDelivery() map[string]string {
	return map[string]string{
		"help.cmd.broadcast": "/broadcast [everyone|team:KEY|job:NAME|on_shift] TEXT — send a message to many people (HR)",
		"weekday.mon":        "Mon", "weekday.tue": "Tue", "weekday.wed": "Wed", "weekday.thu": "Thu",
		"weekday.fri": "Fri", "weekday.sat": "Sat", "weekday.sun": "Sun",
		"remind.checkin":          "⏰ Your shift starts at {time}. Check in when you arrive.",
		"remind.nudge":            "🔔 Your shift started at {time} and you have not checked in yet.",
		"remind.checkout":         "🏁 Your shift ended at {time}. Don't forget to check out.",
		"remind.week.title":       "📅 Your schedule for the next 7 days:",
		"remind.week.day":         "{date} {weekday}: {hours}",
		"remind.week.off":         "off",
		"remind.week.leave":       "on leave",
		"remind.button.checkin":   "Check in",
		"remind.button.checkout":  "Check out",
		"broadcast.message":       "📣 {from}:\n{text}",
		"broadcast.usage":         "Send /broadcast AUDIENCE TEXT, e.g. /broadcast everyone The shop opens at 10:00 tomorrow. AUDIENCE: everyone, team:KEY, job:NAME, on_shift.",
		"broadcast.bad_audience":  "I don't know the audience \"{audience}\". Use everyone, team:KEY, job:NAME or on_shift.",
		"broadcast.nobody":        "Nobody in \"{audience}\" can be reached in chat.",
		"broadcast.preview":       "Preview — to {count} people ({audience}):\n\n{text}",
		"broadcast.confirm":       "Send",
		"broadcast.queued":        "📣 Sending to {count} people. /broadcasts shows progress.",
		"broadcast.already":       "This broadcast was sent already.",
		"broadcast.gone":          "This preview has expired; send /broadcast again.",
		"broadcast.progress":      "#{id} {at} to {audience}: {sent}/{total} sent{rest}",
		"broadcast.progress_rest": " · {waiting} waiting · {failed} failed",
		"broadcast.none":          "No broadcasts yet.",
	}
}

func chineseDelivery() map[string]string {
	return map[string]string{
		"help.cmd.broadcast": "/群发 [everyone|team:组|job:岗位|on_shift] 内容 — 给多人发消息（HR）",
		"weekday.mon":        "周一", "weekday.tue": "周二", "weekday.wed": "周三", "weekday.thu": "周四",
		"weekday.fri": "周五", "weekday.sat": "周六", "weekday.sun": "周日",
		"remind.checkin":          "⏰ 你的班次 {time} 开始，到岗后请打卡。",
		"remind.nudge":            "🔔 你的班次 {time} 已开始，你还没有打卡。",
		"remind.checkout":         "🏁 你的班次 {time} 已结束，别忘了签退。",
		"remind.week.title":       "📅 你未来 7 天的排班：",
		"remind.week.day":         "{date} {weekday}：{hours}",
		"remind.week.off":         "休息",
		"remind.week.leave":       "请假",
		"remind.button.checkin":   "打卡",
		"remind.button.checkout":  "签退",
		"broadcast.message":       "📣 {from}：\n{text}",
		"broadcast.usage":         "发送 /群发 对象 内容，例如：/群发 everyone 明天 10 点开门。对象：everyone（全员）、team:组、job:岗位、on_shift（今天上班的人）。",
		"broadcast.bad_audience":  "不认识发送对象“{audience}”。可用：everyone、team:组、job:岗位、on_shift。",
		"broadcast.nobody":        "“{audience}”里没有能在聊天中联系到的人。",
		"broadcast.preview":       "预览 — 发给 {count} 人（{audience}）：\n\n{text}",
		"broadcast.confirm":       "发送",
		"broadcast.queued":        "📣 正在发给 {count} 人。/broadcasts 查看进度。",
		"broadcast.already":       "这条群发已经发出。",
		"broadcast.gone":          "预览已过期，请重新发送 /群发。",
		"broadcast.progress":      "#{id} {at} 发给 {audience}：已发 {sent}/{total}{rest}",
		"broadcast.progress_rest": " · 等待 {waiting} · 失败 {failed}",
		"broadcast.none":          "还没有群发记录。",
	}
}
