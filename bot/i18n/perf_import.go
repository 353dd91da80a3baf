package i18n

// Importing business numbers for performance reviews (CSAT, response
// time, orders handled): the file's and each row's problems, the CLI's
// and the console's words.

func englishPerfImport() map[string]string {
	return map[string]string{
		"perf.import.file_type":      "{file} is not an .xlsx or .csv file",
		"perf.import.too_big":        "the file is larger than {limit}",
		"perf.import.unreadable":     "the file cannot be read as a spreadsheet",
		"perf.import.csv_line":       "line {line} of the file cannot be read",
		"perf.import.no_header":      "no header row in the first 10 rows: name the columns 工号/person, 指标/metric, 期间/period, 数值/value (or one column per metric)",
		"perf.import.no_rows":        "the file has a header and no rows",
		"perf.import.too_many_rows":  "more than {max} rows in one file",
		"perf.import.missing_column": "the file has no {column} column",
		"perf.import.column_twice":   "the column appears twice",
		"perf.import.empty":          "is empty",
		"perf.import.unknown_person": "nobody of the org is “{person}”",
		"perf.import.ambiguous_name": "“{name}” is the name of several people ({keys}): write the key",
		"perf.import.bad_number":     "“{value}” is not a number",
		"perf.import.bad_period":     "“{value}” is not a period: write 2026-11, 2026-Q4, 2026, or two days like 2026-11-01~2026-11-15",
		"perf.import.bad_day":        "“{value}” is not a day: write 2026-11-01",
		"perf.import.bad_metric":     "“{metric}” is not a metric key: lower-case letters, digits, ., _ or -, at most 63 (csat, response_time)",
		"perf.import.duplicate":      "the same person, metric and period as row {row}",

		"perf.import.summary":     "{file}: {rows} rows read, {imported} numbers imported for {people} people, {refused} rows refused",
		"perf.import.summary_dry": "{file}: {rows} rows read, {imported} numbers for {people} people would be imported, {refused} rows refused (dry run: nothing written)",
		"perf.import.unread":      "no review reads {metrics}: no KPI or personal goal of measure import has that key (those read: {read}). The numbers are kept all the same.",
		"perf.import.refused":     "{count} rows refused: correct them and import the file again (the good rows are replaced, not doubled)",
	}
}

func chinesePerfImport() map[string]string {
	return map[string]string{
		"perf.import.file_type":      "{file} 不是 .xlsx 或 .csv 文件",
		"perf.import.too_big":        "文件超过 {limit}",
		"perf.import.unreadable":     "无法把文件读成表格",
		"perf.import.csv_line":       "文件第 {line} 行无法读取",
		"perf.import.no_header":      "前 10 行里没有表头：列名请写 工号/person、指标/metric、期间/period、数值/value（或每个指标一列）",
		"perf.import.no_rows":        "文件只有表头，没有数据行",
		"perf.import.too_many_rows":  "一个文件超过 {max} 行",
		"perf.import.missing_column": "文件缺少“{column}”列",
		"perf.import.column_twice":   "这一列出现了两次",
		"perf.import.empty":          "为空",
		"perf.import.unknown_person": "本组织没有“{person}”这个人",
		"perf.import.ambiguous_name": "“{name}”有多人同名（{keys}）：请写工号",
		"perf.import.bad_number":     "“{value}”不是数字",
		"perf.import.bad_period":     "“{value}”不是考核期：请写 2026-11、2026-Q4、2026，或两个日期如 2026-11-01~2026-11-15",
		"perf.import.bad_day":        "“{value}”不是日期：请写 2026-11-01",
		"perf.import.bad_metric":     "“{metric}”不是指标代码：只能用小写字母、数字、.、_ 或 -，最多 63 个字符（csat、response_time）",
		"perf.import.duplicate":      "与第 {row} 行的人员、指标和考核期相同",

		"perf.import.summary":     "{file}：读取 {rows} 行，为 {people} 人导入 {imported} 个数值，拒绝 {refused} 行",
		"perf.import.summary_dry": "{file}：读取 {rows} 行，将为 {people} 人导入 {imported} 个数值，拒绝 {refused} 行（试运行：未写入任何数据）",
		"perf.import.unread":      "没有考核会读取 {metrics}：没有哪个“导入”类 KPI 或个人目标用这个代码（会读取的：{read}）。数值仍会保存。",
		"perf.import.refused":     "拒绝了 {count} 行：改正后重新导入整个文件即可（无误的行会被替换，不会重复）",
	}
}
