package i18n

// The console's words for a person's documents on their page and a
// contract's signed scan.

func englishWebScans() map[string]string {
	return map[string]string{
		"web.person.documents":       "Documents",
		"web.person.no_documents":    "No documents kept.",
		"web.contracts.scan":         "Signed copy",
		"web.contracts.no_scan":      "No signed copy kept yet.",
		"web.contracts.scan_file":    "Scan (PDF, JPEG, PNG or HEIC, up to {max})",
		"web.contracts.scan_help":    "It is kept encrypted in the person's documents; they can download it too.",
		"web.contracts.scan_replace": "A new scan takes this one's place here; this one stays in the person's documents.",
		"web.contracts.scan_upload":  "Upload the signed copy",
		"web.done.contract_scan":     "The signed copy is kept.",
	}
}

func chineseWebScans() map[string]string {
	return map[string]string{
		"web.person.documents":       "文件材料",
		"web.person.no_documents":    "没有保存的文件。",
		"web.contracts.scan":         "签署扫描件",
		"web.contracts.no_scan":      "尚未保存签署扫描件。",
		"web.contracts.scan_file":    "扫描件（PDF、JPEG、PNG 或 HEIC，最大 {max}）",
		"web.contracts.scan_help":    "加密保存在本人的文件材料中，本人也可以下载。",
		"web.contracts.scan_replace": "新的扫描件会替换这里的链接，原件仍保留在本人的文件材料中。",
		"web.contracts.scan_upload":  "上传签署扫描件",
		"web.done.contract_scan":     "签署扫描件已保存。",
	}
}
