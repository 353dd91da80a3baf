package sheet

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// A file as Excel saves it on Chinese Windows (GB18030, semicolons), one
// with a byte-order mark and tabs, and plain commas read to the same rows.
func TestTextAndSeparator(t *testing.T) {
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("姓名;工号\n张三;7\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"gb18030 ;": gbk,
		"bom tab":   []byte("\xef\xbb\xbf姓名\t工号\n张三\t7\n"),
		"comma":     []byte("姓名,工号\n张三,7"),
	} {
		text, err := Text(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rows, err := NewCSVReader(text).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][0] != "姓名" || rows[1][0] != "张三" || rows[1][1] != "7" {
			t.Errorf("%s: %q %v", name, rows, err)
		}
	}
}
