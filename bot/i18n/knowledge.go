package i18n

func englishKnowledge() map[string]string {
	return map[string]string{
		"help.cmd.ask":          "/ask QUESTION — ask about company policy (or just type your question)",
		"help.cmd.kb":           "/kb gaps | wrong | answer ID TEXT — questions the handbook did not answer, answers marked wrong, and answering them",
		"kb.ask_usage":          "Ask me anything about company policy, e.g. /ask how many days of sick leave do I get? — or just type the question.",
		"kb.from_handbook":      "📖 From the handbook:",
		"kb.cite":               "— {doc} › {section}",
		"kb.source":             "[{n}] {doc} › {section}",
		"kb.unknown":            "🤔 I don't know — the handbook doesn't seem to cover that. I can pass your question to HR.",
		"kb.ask_hr":             "Ask HR",
		"kb.thanks_up":          "Thanks for the feedback!",
		"kb.thanks_down":        "Thanks — HR will see that this answer did not help. Want to ask HR directly?",
		"kb.forwarded":          "📨 Sent to HR. Their answer will come to you here.",
		"kb.already_forwarded":  "HR already has this question.",
		"kb.usage":              "Knowledge base: /kb gaps (questions the handbook did not answer), /kb wrong (answers marked 👎), /kb answer ID TEXT (answer someone's question). Import the handbook with hrbot kb import DIR.",
		"kb.answer_usage":       "Answer a question: /kb answer ID YOUR ANSWER, e.g. /kb answer 12 The Wi-Fi password is on the kitchen board.",
		"kb.answer_sent":        "✅ Sent your answer to {name}.",
		"kb.gaps_title":         "❓ {count} questions the handbook did not answer (newest first):",
		"kb.gaps_none":          "No unanswered questions. 🎉",
		"kb.wrong_title":        "👎 {count} answers marked wrong (newest first):",
		"kb.wrong_none":         "No answers marked wrong.",
		"kb.question_line":      "#{id} {date} {name}: {question}",
		"kb.question_forwarded": "(asked for HR)",
		"kb.question_answer":    "answered: {answer}",
		"kb.notice.forwarded":   "❓ {name} asked: “{question}” — the handbook has no answer. Reply with /kb answer {id} YOUR ANSWER",
		"kb.notice.answered":    "💬 HR answered your question “{question}”:\n{answer}",
	}
}

func chineseKnowledge() map[string]string {
	return map[string]string{
		"help.cmd.ask":          "问 问题 — 咨询公司制度（也可以直接输入问题）",
		"help.cmd.kb":           "知识库 缺口 | 差评 | 回答 编号 内容 — 手册没答上的问题、被点踩的回答，并直接答复",
		"kb.ask_usage":          "有关公司制度的问题都可以问我，例如：问 病假有几天？——也可以直接输入问题。",
		"kb.from_handbook":      "📖 员工手册中的相关内容：",
		"kb.cite":               "——{doc} › {section}",
		"kb.source":             "[{n}] {doc} › {section}",
		"kb.unknown":            "🤔 这个问题我不知道，员工手册里似乎没有相关内容。我可以帮你转给 HR。",
		"kb.ask_hr":             "转给 HR",
		"kb.thanks_up":          "谢谢反馈！",
		"kb.thanks_down":        "谢谢，HR 会看到这个回答没有帮上忙。要直接问 HR 吗？",
		"kb.forwarded":          "📨 已转给 HR，答复会发到这里。",
		"kb.already_forwarded":  "这个问题已经转给 HR 了。",
		"kb.usage":              "知识库：知识库 缺口（手册没答上的问题）、知识库 差评（被点踩的回答）、知识库 回答 编号 内容（答复员工的问题）。用 hrbot kb import 目录 导入员工手册。",
		"kb.answer_usage":       "答复问题：知识库 回答 编号 内容，例如：知识库 回答 12 Wi-Fi 密码贴在茶水间白板上。",
		"kb.answer_sent":        "✅ 已把你的答复发给 {name}。",
		"kb.gaps_title":         "❓ 手册没答上的问题 {count} 个（最新的在前）：",
		"kb.gaps_none":          "没有未答复的问题。🎉",
		"kb.wrong_title":        "👎 被点踩的回答 {count} 个（最新的在前）：",
		"kb.wrong_none":         "没有被点踩的回答。",
		"kb.question_line":      "#{id} {date} {name}：{question}",
		"kb.question_forwarded": "（已转 HR）",
		"kb.question_answer":    "回答：{answer}",
		"kb.notice.forwarded":   "❓ {name} 问：“{question}”——员工手册里没有答案。请回复：知识库 回答 {id} 你的答复",
		"kb.notice.answered":    "💬 HR 答复了你的问题“{question}”：\n{answer}",
	}
}
