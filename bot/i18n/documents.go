package i18n

// Documents: files people send the bot (a doctor's note for a sick leave),
// kept sealed and attached to the request they are for, and the buttons
// that send them to whoever may open them.

func englishDocuments() map[string]string {
	return map[string]string{
		"documents.kind.doctor_note": "doctor's note",
		"documents.kind.certificate": "certificate",
		"documents.kind.id_copy":     "ID copy",
		"documents.kind.diploma":     "diploma",
		"documents.kind.contract":    "contract",
		"documents.kind.other":       "document",

		"documents.preview_ask":        "📎 {type} needs a {kind}: send it here as a photo or a PDF, now or after you submit.",
		"documents.ask":                "📎 {type} needs a {kind}: send it here as a photo or a PDF, and it is attached to this request.",
		"documents.held":               "📎 Got the {kind}: it goes with the request when you press Submit.",
		"documents.attached":           "📎 The {kind} is attached to your {type} ({span}); your approver can open it.",
		"documents.attached_on_submit": "📎 The {kind} is attached.",
		"documents.nothing_pending":    "📎 I keep documents for leave that needs one — a doctor's note for sick leave, say — and you have no such request waiting, so I did not keep this file. Ask for the leave first (for example \"leave sick today\"), then send the photo.",
		"documents.finish_request":     "Finish your request first (answer the question above), then send the file again.",
		"documents.line":               "📎 {kind} attached: {file} ({size})",
		"documents.none_yet":           "📎 No {kind} yet: {name} was asked to send one here.",
		"documents.button":             "📎 {kind}",
		"documents.sent":               "📎 {name} — {kind}: {file}",
		"documents.came":               "📎 {name} sent the {kind} for this request.",
		"documents.came_decided":       "📎 {name} sent the {kind} for {type} ({span}).",

		"documents.no_key":         "Documents are kept encrypted, and this hrbot has no encryption key: nothing was kept. Ask whoever runs hrbot to set HRBOT_ENCRYPTION_KEY.",
		"documents.empty":          "That file is empty: nothing was kept.",
		"documents.bad_type":       "I take photos (JPEG, PNG, HEIC) and PDF files only, and that file is none of them: nothing was kept.",
		"documents.too_big":        "That file is too big: I take files up to {max}. Nothing was kept; send a smaller photo or PDF.",
		"documents.quota":          "Your documents already take {used} of the {max} a person may keep: nothing was kept. Ask HR to tidy your file.",
		"documents.kind":           "I do not know that kind of document.",
		"documents.request_closed": "That request was decided or cancelled, so it takes no document now.",
		"documents.fetch_failed":   "I could not download that file from the chat app: please send it again.",
		"documents.off":            "I cannot take files here.",
		"documents.private_only":   "Send documents to me in a private chat, not in a group: they are personal.",
		"forbidden.documents":      "Only the person, HR and whoever approves the request it is for can open that document.",
	}
}

func chineseDocuments() map[string]string {
	return map[string]string{
		"documents.kind.doctor_note": "病假条",
		"documents.kind.certificate": "证明材料",
		"documents.kind.id_copy":     "身份证复印件",
		"documents.kind.diploma":     "学历证书",
		"documents.kind.contract":    "合同",
		"documents.kind.other":       "文件",

		"documents.preview_ask":        "📎 {type}需要{kind}：请直接发在这里（照片或 PDF），提交前后都可以。",
		"documents.ask":                "📎 {type}需要{kind}：请直接发在这里（照片或 PDF），会附在这条申请上。",
		"documents.held":               "📎 已收到{kind}：点“提交”时会随申请一起提交。",
		"documents.attached":           "📎 {kind}已附在你的{type}（{span}）申请上，审批人可以查看。",
		"documents.attached_on_submit": "📎 {kind}已附上。",
		"documents.nothing_pending":    "📎 我只为需要证明材料的请假保存文件（例如病假的病假条），你现在没有这样的申请在等待，所以没有保存这个文件。请先申请请假（例如“请假 病假 今天”），再发照片。",
		"documents.finish_request":     "请先完成申请（回答上面的问题），再重新发送文件。",
		"documents.line":               "📎 已附{kind}：{file}（{size}）",
		"documents.none_yet":           "📎 还没有{kind}：已请{name}在这里发送。",
		"documents.button":             "📎 {kind}",
		"documents.sent":               "📎 {name}的{kind}：{file}",
		"documents.came":               "📎 {name}为这条申请发来了{kind}。",
		"documents.came_decided":       "📎 {name}为{type}（{span}）发来了{kind}。",

		"documents.no_key":         "文件需要加密保存，但这个 hrbot 没有设置加密密钥：什么也没有保存。请让维护 hrbot 的人设置 HRBOT_ENCRYPTION_KEY。",
		"documents.empty":          "这个文件是空的：没有保存。",
		"documents.bad_type":       "我只接收照片（JPEG、PNG、HEIC）和 PDF 文件，这个文件都不是：没有保存。",
		"documents.too_big":        "文件太大了：最大 {max}。没有保存，请发送小一些的照片或 PDF。",
		"documents.quota":          "你的文件已占用 {used}，每人上限 {max}：没有保存。请联系 HR 整理你的档案。",
		"documents.kind":           "不认识这种文件类型。",
		"documents.request_closed": "这条申请已审批或已撤销，不能再附文件。",
		"documents.fetch_failed":   "没能从聊天软件下载这个文件，请重新发送。",
		"documents.off":            "这里不能接收文件。",
		"documents.private_only":   "证明材料属于个人信息，请私聊发给我，不要发在群里。",
		"forbidden.documents":      "只有本人、HR 和这条申请的审批人可以查看这个文件。",
	}
}
