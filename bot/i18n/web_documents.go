package i18n

// The console's links to documents: on Today, beside a leave request
// waiting for the reader, one link per document they may open.

func englishWebDocuments() map[string]string {
	return map[string]string{
		"web.documents.download": "Download the {kind}",
	}
}

func chineseWebDocuments() map[string]string {
	return map[string]string{
		"web.documents.download": "下载{kind}",
	}
}
