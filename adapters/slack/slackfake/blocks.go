package slackfake

import "strings"

// Block is the part of a Block Kit block the tests look at.
type Block struct {
	Type     string    `json:"type"`
	BlockID  string    `json:"block_id"`
	Text     *Text     `json:"text"`
	Elements []Element `json:"elements"`
}

// Text is a text object.
type Text struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// Element is a block element (a button).
type Element struct {
	Type     string `json:"type"`
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
	Text     *Text  `json:"text"`
}

// Buttons lists the buttons of a message.
func (c Call) Buttons() []Element {
	var out []Element
	for _, b := range c.Blocks {
		if b.Type == "actions" {
			out = append(out, b.Elements...)
		}
	}
	return out
}

// BlockText is the words of a message's or a view's blocks, their own
// and their elements', one a line.
func (c Call) BlockText() string {
	var parts []string
	for _, b := range c.Blocks {
		if b.Text != nil {
			parts = append(parts, b.Text.Text)
		}
		for _, e := range b.Elements {
			if e.Text != nil {
				parts = append(parts, e.Text.Text)
			}
		}
	}
	return strings.Join(parts, "\n")
}
