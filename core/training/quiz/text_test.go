package quiz

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestReadText(t *testing.T) {
	t.Parallel()
	type m = map[core.Locale]string
	zh, en := core.LocaleZH, core.LocaleEN
	cases := []struct {
		raw  string
		want m
		err  string
	}{
		{"7 天 / 7 days", m{zh: "7 天", en: "7 days"}, ""},
		{"7 days / 7 天", m{zh: "7 天", en: "7 days"}, ""},                          // the Chinese side, wherever it is
		{"OK / Okay", m{zh: "OK", en: "Okay"}, ""},                                // neither: the left is Chinese
		{"说您好 / Say 您好", m{zh: "说您好", en: "Say 您好"}, ""},                          // both: the more Chinese one
		{"Say 您好 / 说您好", m{zh: "说您好", en: "Say 您好"}, ""},                          //
		{"好 / 好", m{zh: "好", en: "好"}, ""},                                        // a tie goes left
		{"SKU", m{zh: "SKU", en: "SKU"}, ""},                                      // no " / ": both
		{"退货/换货", m{zh: "退货/换货", en: "退货/换货"}, ""},                                // a slash without spaces is text
		{"1/2 / 一半", m{zh: "一半", en: "1/2"}, ""},                                  //
		{"a\u3000/\u3000b", m{zh: "a", en: "b"}, ""},                              // ideographic spaces count as spaces
		{"zh: 只有中文", m{zh: "只有中文"}, ""},                                           // labels
		{"EN:English only", m{en: "English only"}, ""},                            //
		{"zh-CN: 好的 / OK", m{zh: "好的", en: "OK"}, ""},                             //
		{"en: 好的 / OK", m{zh: "OK", en: "好的"}, ""},                                // a label overrides the guess
		{"OK / en: 好的", m{zh: "OK", en: "好的"}, ""},                                //
		{"en: OK / zh: 好", m{zh: "好", en: "OK"}, ""},                              //
		{`a \/ b`, m{zh: "a / b", en: "a / b"}, ""},                               // escapes
		{`en\: not a label`, m{zh: "en: not a label", en: "en: not a label"}, ""}, //
		{`C:\Users`, m{zh: `C:\Users`, en: `C:\Users`}, ""},                       // a backslash before a letter stays
		{`a \\ b`, m{zh: `a \ b`, en: `a \ b`}, ""},                               //
		{"a / b / c", nil, `has more than one " / "`},
		{"中文 /", nil, "has nothing on one side"},
		{"/ English", nil, "has nothing on one side"},
		{"/", nil, "has nothing on one side"},
		{"en:", nil, "is empty"},
		{"en: a / en: b", nil, "has both sides labelled en"},
		{"a\x00b", nil, "holds the invisible character U+0000"},
	}
	for _, c := range cases {
		got, why := readText(c.raw)
		msg := ""
		if why.key != "" {
			msg = why.String()
		}
		if !reflect.DeepEqual(got, c.want) || !strings.HasPrefix(msg, c.err) || (c.err == "") != (msg == "") {
			t.Errorf("readText(%q) = %v, %q; want %v, %q", c.raw, got, msg, c.want, c.err)
		}
	}
}

func TestWriteTextReadsBack(t *testing.T) {
	t.Parallel()
	texts := []string{"退货期限", "How many days?", "OK", "好的", "a / b", "/", "a /", "/ b", `\`, `a\`, `\/`, `\\`,
		"en: x", "ZH-cn:y", "zh", "{#x}", "# title", "- [x] no", "> quote", "<!-- c -->", "Say 您好", "\t tab"}
	for _, zh := range texts {
		for _, en := range texts {
			for _, have := range [][2]bool{{true, true}, {true, false}, {false, true}} {
				want := map[core.Locale]string{}
				if have[0] {
					want[core.LocaleZH] = strings.TrimSpace(zh)
				}
				if have[1] {
					want[core.LocaleEN] = strings.TrimSpace(en)
				}
				raw := writeMap(want)
				if got, why := readText(raw); why.key != "" || !reflect.DeepEqual(got, want) {
					t.Errorf("%v written as %q reads back as %v %s", want, raw, got, why)
				}
			}
		}
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"10m": "10m", "1h": "1h", "1h30m": "1h30m", "3h0m5s": "3h0m5s", "90s": "1m30s", "10s": "10s", "0": "0"} {
		d, ok := parseDuration(in)
		if got := formatDuration(d); !ok || got != want {
			t.Errorf("%s written as %s, want %s", in, got, want)
		}
	}
}
