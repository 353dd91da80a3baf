package i18n

// The web console's page for importing business numbers (/perf/import).

func englishWebPerfImport() map[string]string {
	return map[string]string{
		"web.nav.perf_import":      "Business numbers",
		"web.title.perf_import":    "Import business numbers",
		"web.perf_import.upload":   "Upload a file",
		"web.perf_import.help":     "Numbers hrbot cannot see — CSAT, response time, orders handled — per person and period, for performance reviews. A CSV or Excel file with the columns 工号/person (or 姓名/name), 指标/metric, 期间/period (2026-11, 2026-Q4) and 数值/value; or one column per metric (csat, response_time). You see every problem by row before anything is imported; the rows without a problem are imported, the others are refused. A number for the same person, metric and period replaces the one imported before.",
		"web.perf_import.file":     "File (.xlsx or .csv)",
		"web.perf_import.check":    "Check the file",
		"web.perf_import.preview":  "{file}: {rows} rows read; {imported} numbers for {people} people can be imported; {refused} rows are refused. Nothing is imported yet.",
		"web.perf_import.applied":  "{file}: {imported} numbers imported for {people} people; {refused} rows refused.",
		"web.perf_import.what":     "Metrics: {metrics}. Period: {period}.",
		"web.perf_import.apply":    "Import the {count} good numbers",
		"web.perf_import.problems": "Rows refused",
		"web.perf_import.last":     "Last imports",
		"web.perf_import.none":     "Nothing imported yet.",
		"web.perf_import.at":       "When",
		"web.perf_import.by":       "By",
		"web.perf_import.metrics":  "Metrics",
		"web.perf_import.period":   "Period",
		"web.perf_import.values":   "Numbers",
		"web.perf_import.count":    "{values} for {people} people",
		"web.perf_import.operator": "command line",
	}
}

func chineseWebPerfImport() map[string]string {
	return map[string]string{
		"web.nav.perf_import":      "业务数据",
		"web.title.perf_import":    "导入业务数据",
		"web.perf_import.upload":   "上传文件",
		"web.perf_import.help":     "hrbot 看不到的数据——客服满意度（CSAT）、响应时长、处理订单数——按人和考核期导入，供绩效考核使用。CSV 或 Excel 文件，列为 工号/person（或 姓名/name）、指标/metric、期间/period（2026-11、2026-Q4）、数值/value；也可以每个指标一列（csat、response_time）。导入前会按行列出所有问题；没有问题的行会导入，有问题的行被拒绝。同一人、同一指标、同一考核期的数值会替换之前导入的。",
		"web.perf_import.file":     "文件（.xlsx 或 .csv）",
		"web.perf_import.check":    "检查文件",
		"web.perf_import.preview":  "{file}：读取 {rows} 行；可为 {people} 人导入 {imported} 个数值；拒绝 {refused} 行。尚未导入。",
		"web.perf_import.applied":  "{file}：已为 {people} 人导入 {imported} 个数值；拒绝 {refused} 行。",
		"web.perf_import.what":     "指标：{metrics}。考核期：{period}。",
		"web.perf_import.apply":    "导入 {count} 个无误的数值",
		"web.perf_import.problems": "被拒绝的行",
		"web.perf_import.last":     "最近的导入",
		"web.perf_import.none":     "还没有导入过数据。",
		"web.perf_import.at":       "时间",
		"web.perf_import.by":       "操作人",
		"web.perf_import.metrics":  "指标",
		"web.perf_import.period":   "考核期",
		"web.perf_import.values":   "数值",
		"web.perf_import.count":    "{people} 人 {values} 个",
		"web.perf_import.operator": "命令行",
	}
}
