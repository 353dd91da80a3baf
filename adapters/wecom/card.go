package wecom

import (
	"strings"
	"unicode/utf8"

	"github.com/hrbot/hrbot/bot"
)

// WeCom's limits on what a message carries.
const (
	maxText       = 2000 // bytes of a text message (WeCom takes 2048; room for a piece's number)
	maxButtons    = 6    // buttons on a button_interaction card
	maxKey        = 1024 // bytes of a button's key
	maxTitle      = 36   // characters of a card's title shown
	maxSubTitle   = 1000 // characters of its text, kept well within what WeCom takes
	maxButtonText = 10   // characters of a button's label shown
)

// card is a reply as a button_interaction template card (按钮交互型):
// its first line the title, the rest its text, its buttons (the first
// maxButtons) keyed "actionID|value", which a press gives back. A reply
// without buttons (a card updated after a press) keeps one grey,
// unpressable button saying so.
func card(r bot.Reply, task string) map[string]any {
	title, rest, _ := strings.Cut(strings.TrimSpace(r.Text), "\n")
	if utf8.RuneCountInString(title) > maxTitle {
		cut := truncateRunes(title, maxTitle-1)
		rest = strings.TrimPrefix(title, cut) + "\n" + rest
		title = cut + "…"
	}
	if title == "" {
		title = "hrbot"
	}
	c := map[string]any{"card_type": "button_interaction", "task_id": task, "main_title": map[string]any{"title": title}}
	if rest = strings.TrimSpace(rest); rest != "" {
		c["sub_title_text"] = truncateRunes(rest, maxSubTitle)
	}
	var buttons []map[string]any
	for _, row := range r.Buttons {
		for _, b := range row {
			key := b.ActionID + "|" + b.Value
			if len(buttons) == maxButtons || len(key) > maxKey {
				continue
			}
			style := 1
			if len(buttons) > 0 {
				style = 2
			}
			buttons = append(buttons, map[string]any{"text": truncateRunes(b.Label, maxButtonText), "style": style, "key": key})
		}
	}
	if len(buttons) == 0 {
		buttons = []map[string]any{{"text": "✓", "style": 2, "key": "done|"}}
		c["replace_text"] = "✓"
	}
	c["button_list"] = buttons
	return c
}

// pieces splits text into parts of at most n bytes, at line ends where it
// can.
func pieces(text string, n int) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var out []string
	for len(text) > n {
		cut := truncateBytes(text, n)
		if i := strings.LastIndexByte(cut, '\n'); i > n/2 {
			cut = cut[:i]
		}
		out = append(out, cut)
		text = strings.TrimLeft(text[len(cut):], "\n")
	}
	return append(out, text)
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
