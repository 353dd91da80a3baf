package when

// Messages returns the package's user-facing texts in English and
// Simplified Chinese, keyed by the error keys it returns.
func Messages() (en, zh map[string]string) {
	en = map[string]string{
		"when.impossible_date": "There is no such date as {date}. Please check it.",
		"when.impossible_time": "There is no such time as {time}. Please check it.",
		"when.ambiguous_date":  "I can't tell which date {date} is. Please write it like 2026-12-01 or 12月1日.",
		"when.range_backwards": "The range ends ({to}) before it starts ({from}).",
		"when.range_too_long":  "That range is longer than a year. Please check the dates.",
		"when.parts_backwards": "On {date} that starts in the afternoon and ends in the morning. Please check it.",
		"when.ambiguous_part":  "Morning or afternoon? Please say only one.",
	}
	zh = map[string]string{
		"when.impossible_date": "没有 {date} 这个日期，请检查一下。",
		"when.impossible_time": "没有 {time} 这个时间，请检查一下。",
		"when.ambiguous_date":  "无法确定 {date} 是哪一天，请写成 2026-12-01 或 12月1日 这样的格式。",
		"when.range_backwards": "结束日期（{to}）早于开始日期（{from}）。",
		"when.range_too_long":  "时间范围超过一年，请检查日期。",
		"when.parts_backwards": "{date} 这天从下午开始、到上午结束，请检查一下。",
		"when.ambiguous_part":  "是上午还是下午？请只写一个。",
	}
	return en, zh
}
