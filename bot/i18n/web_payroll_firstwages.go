package i18n

// The console's page of a year's first-wages marks (国家税务总局公告2020年
// 第13号), HR's.

func englishWebPayrollFirstWages() map[string]string {
	return map[string]string{
		"web.title.payroll_first_wages": "First wages of the year",
		"web.done.first_wages_set":      "The mark is set; the next draft of the year applies it.",
		"web.first_wages.link":          "First wages of {year}",
		"web.first_wages.help":          "Mark someone only on their word that they had no wages (nor labour remuneration withheld cumulatively) from anyone earlier that year — a graduate starting work, say. hrbot cannot know other employers. The 60,000 rule, when it applies, wins.",
		"web.first_wages.on":            "Mark as first wages of the year",
		"web.first_wages.off":           "Remove the mark",
	}
}

func chineseWebPayrollFirstWages() map[string]string {
	return map[string]string{
		"web.title.payroll_first_wages": "年度首次取薪",
		"web.done.first_wages_set":      "已设置；当年下一次计算工资表起生效。",
		"web.first_wages.link":          "{year} 年首次取薪",
		"web.first_wages.help":          "仅在本人申明当年此前未从任何单位取得工资薪金（也未按累计预扣法预扣劳务报酬，如应届毕业生）时标记。hrbot 无法得知其他单位的情况。适用6万元规定时，以6万元规定为准。",
		"web.first_wages.on":            "标记为当年首次取薪",
		"web.first_wages.off":           "取消标记",
	}
}
