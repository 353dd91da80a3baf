package i18n

// The console's handbook page: documents, uploads, questions nobody could
// answer and answers marked wrong.

func englishWebHandbook() map[string]string {
	return map[string]string{
		"web.nav.handbook":            "Handbook",
		"web.title.handbook":          "Handbook",
		"web.handbook.docs":           "Documents",
		"web.handbook.col.title":      "Title",
		"web.handbook.col.file":       "File",
		"web.handbook.col.updated":    "Updated",
		"web.handbook.col.chunks":     "Sections",
		"web.handbook.no_docs":        "The handbook is empty: upload its first document.",
		"web.handbook.file":           "Markdown, text or HTML file (at most {max})",
		"web.handbook.upload":         "Upload",
		"web.handbook.upload_hint":    "A file with the same name replaces the one in the handbook; the same file again changes nothing. hrbot kb import DIR makes a whole directory the handbook and removes files not in it.",
		"web.handbook.gaps":           "Questions the handbook did not answer",
		"web.handbook.no_gaps":        "No unanswered questions.",
		"web.handbook.forwarded":      "asked for HR",
		"web.handbook.answered":       "Answered: {answer}",
		"web.handbook.answer_label":   "Your answer (sent to the person in chat)",
		"web.handbook.answer":         "Send the answer",
		"web.handbook.wrong":          "Answers marked wrong",
		"web.handbook.no_wrong":       "No answers marked wrong.",
		"web.handbook.bot_said":       "hrbot answered: {answer}",
		"web.handbook.no_file":        "Choose a file to upload.",
		"web.handbook.answer_empty":   "Write an answer first.",
		"web.done.handbook_uploaded":  "The document is in the handbook: questions in chat find it now.",
		"web.done.handbook_unchanged": "The handbook already has this very file: nothing changed.",
		"web.done.handbook_answered":  "Your answer was sent.",
	}
}

func chineseWebHandbook() map[string]string {
	return map[string]string{
		"web.nav.handbook":            "员工手册",
		"web.title.handbook":          "员工手册",
		"web.handbook.docs":           "文档",
		"web.handbook.col.title":      "标题",
		"web.handbook.col.file":       "文件",
		"web.handbook.col.updated":    "更新时间",
		"web.handbook.col.chunks":     "段落数",
		"web.handbook.no_docs":        "员工手册还是空的：请上传第一份文档。",
		"web.handbook.file":           "Markdown、纯文本或 HTML 文件（最大 {max}）",
		"web.handbook.upload":         "上传",
		"web.handbook.upload_hint":    "同名文件会替换手册中的旧文件；重复上传同一文件不会有任何变化。hrbot kb import 目录 会把整个目录作为手册，并删除目录中没有的文件。",
		"web.handbook.gaps":           "手册没答上的问题",
		"web.handbook.no_gaps":        "没有未答复的问题。",
		"web.handbook.forwarded":      "已转 HR",
		"web.handbook.answered":       "已答复：{answer}",
		"web.handbook.answer_label":   "你的答复（会在聊天中发给提问人）",
		"web.handbook.answer":         "发送答复",
		"web.handbook.wrong":          "被点踩的回答",
		"web.handbook.no_wrong":       "没有被点踩的回答。",
		"web.handbook.bot_said":       "hrbot 的回答：{answer}",
		"web.handbook.no_file":        "请先选择要上传的文件。",
		"web.handbook.answer_empty":   "请先填写答复。",
		"web.done.handbook_uploaded":  "文档已加入员工手册，聊天中的提问现在可以找到它。",
		"web.done.handbook_unchanged": "手册中已有完全相同的文件，没有变化。",
		"web.done.handbook_answered":  "答复已发送。",
	}
}
