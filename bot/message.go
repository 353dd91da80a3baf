// Package bot is hrbot's conversation layer. It reads what people send on any
// chat platform as one neutral Incoming message, runs commands, multi-step
// dialogs and button presses against core, and answers with neutral Replies
// that the platform adapters render.
package bot

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Incoming is one message or button press, whatever platform it came from.
type Incoming struct {
	Platform core.Platform
	ChatID   string
	UserID   string
	// Private is true in a one-to-one chat with the bot.
	Private bool
	Text    string
	// LanguageHint is the locale the platform reports for the sender, used
	// until we know them (Telegram's language_code, Slack's locale).
	LanguageHint string
	Location     *Location
	Action       *Action
	// MessageRef identifies the message a button was pressed on, so that it
	// can be edited.
	MessageRef string
	// DeliveryID is the platform's id for this delivery (Slack event_id,
	// Telegram update_id): a retry with the same id is processed once and
	// answered with the replies saved the first time.
	DeliveryID string
	// QuietRepeat asks for no replies when DeliveryID was processed before.
	// Slack acknowledges an event before handling it, so its retry means
	// our acknowledgement was lost, not our answer: the first handling
	// answers for itself, and saying it again would say it twice.
	QuietRepeat bool
	// SentAt is when the platform says the person sent this (Telegram's
	// message date, Slack's event time, the console's read time); zero
	// when unknown, as for a button press. core judges whether to believe it.
	SentAt time.Time
	// Files are the files sent with the message: a photo, a PDF. Text is
	// then their caption, often empty.
	Files []InboundFile `json:",omitempty"`
}

// InboundFile is a file someone sent the bot, as the platform describes
// it. Its bytes are fetched only when the bot keeps it, after Size has
// been checked, and read no further than the bot's limit: a huge upload
// is refused without being downloaded whole.
type InboundFile struct {
	Name string // the sender's file name; "" for a photo
	MIME string // what the platform says it is; the bot reads the bytes
	Size int64  // what the platform declares; 0 when it does not say
	// Ref is the platform's handle on the file (a Telegram file_id, a
	// Slack url_private, a WeCom media_id). It travels with the message
	// through the durable intake, where Fetch, a func, cannot.
	Ref string
	// Fetch opens the file's bytes; the adapter sets it.
	Fetch func(ctx context.Context) (io.ReadCloser, error) `json:"-"`
}

// Location is a point shared from the chat app.
type Location struct {
	Latitude, Longitude float64
	AccuracyMeters      float64
}

// Action is a button press.
type Action struct {
	ID    string
	Value string
}

// Button is a button under a reply. Value is an opaque reference the server
// re-checks on press; it never carries a decision.
type Button struct {
	Label    string
	ActionID string
	Value    string
}

// Reply is one message to send back.
type Reply struct {
	Text    string
	Buttons [][]Button
	// Ephemeral asks for a reply only the sender sees, where the platform can.
	Ephemeral bool
	// ReplaceMessage asks to edit the message the button was pressed on
	// instead of sending a new one.
	ReplaceMessage bool
	// Error marks a refusal or failure: after a button press platforms
	// show it as a short notice and leave the message as it was.
	Error bool
	// Attachments are files sent with the reply: a chart as an image, a
	// report as a spreadsheet. Text is their caption.
	Attachments []Attachment
}

// Attachment is a file a reply carries.
type Attachment struct {
	Name string // file name shown to people, e.g. "attendance-2026-11.png"
	MIME string // e.g. "image/png", "text/csv"
	Data []byte
	// Sealed marks a file opened from sealed storage for this reply (a
	// person's document): it is sent, and never written down on the way —
	// not queued for delivery, not kept for a platform's retry — so it is
	// in the clear only in memory and on the platform.
	Sealed bool `json:",omitempty"`
}

// Image reports whether the attachment is a picture platforms show inline.
func (a Attachment) Image() bool { return a.MIME == "image/png" || a.MIME == "image/jpeg" }

// FileName is the name to upload or save the attachment under: its own
// without any folders, or "attachment".
func (a Attachment) FileName() string {
	name := a.Name
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name = strings.TrimSpace(name); name == "" || name == "." || name == ".." {
		return "attachment"
	}
	return name
}

// Files returns the reply's attachments that have bytes: platforms refuse
// empty files.
func (r Reply) Files() []Attachment {
	var out []Attachment
	for _, f := range r.Attachments {
		if len(f.Data) > 0 {
			out = append(out, f)
		}
	}
	return out
}
