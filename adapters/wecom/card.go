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
	maxButtonText = 20   // characters of a button's label (WeCom suggests 10 and shows what fits)
)

// buttonGroups are a reply's buttons, maxButtons to a card, without those
// whose key WeCom would not take.
func buttonGroups(r bot.Reply) [][]bot.Button {
	var all []bot.Button
	for _, row := range r.Buttons {
		for _, b := range row {
			if len(b.ActionID)+1+len(b.Value) <= maxKey {
				all = append(all, b)
			}
		}
	}
	var out [][]bot.Button
	for len(all) > maxButtons {
		out, all = append(out, all[:maxButtons]), all[maxButtons:]
	}
	if len(all) > 0 {
		out = append(out, all)
	}
	return out
}

// card is a button_interaction template card (按钮交互型): the text's
// first line its title, the rest its text, buttons keyed "actionID|value",
// which a press gives back. A card without buttons (one updated after a
// press) keeps one grey, unpressable button saying so.
func card(text string, buttons []bot.Button, task string) map[string]any {
	text = strings.TrimSpace(text)
	title, rest, _ := strings.Cut(text, "\n")
	if utf8.RuneCountInString(title) > maxTitle {
		// A title WeCom would cut: shortened, and the card's text says
		// it all, so that no word is split between the two.
		title, rest = truncateRunes(title, maxTitle-1)+"…", text
	}
	if title == "" {
		title = "hrbot"
	}
	c := map[string]any{"card_type": "button_interaction", "task_id": task, "main_title": map[string]any{"title": title}}
	if rest = strings.TrimSpace(rest); rest != "" {
		c["sub_title_text"] = truncateRunes(rest, maxSubTitle)
	}
	var list []map[string]any
	for i, b := range buttons {
		style := 1 // the first button stands out, as the default choice
		if i > 0 {
			style = 2
		}
		list = append(list, map[string]any{"text": truncateRunes(b.Label, maxButtonText), "style": style, "key": b.ActionID + "|" + b.Value})
	}
	if len(list) == 0 {
		list = []map[string]any{{"text": "✓", "style": 2, "key": "done|"}}
		c["replace_text"] = "✓"
	}
	c["button_list"] = list
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
