package telegram

// Sending: replies as messages with inline keyboards, files as photos or
// documents, edits after a press, pushes to a private chat, all within
// the rate limits.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // to read the size of photos
	_ "image/png"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

func keyboard(r bot.Reply) models.ReplyMarkup {
	if len(r.Buttons) == 0 {
		return nil
	}
	kb := models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	for _, row := range r.Buttons {
		var out []models.InlineKeyboardButton
		for _, b := range row {
			out = append(out, models.InlineKeyboardButton{Text: b.Label, CallbackData: callbackData(b)})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, out)
	}
	return kb
}

// ErrBlocked means the chat refuses messages: the person blocked the bot or
// never started a private chat with it, or the chat is gone.
var ErrBlocked = errors.New("telegram: chat refuses messages")

// Limits on what the Bot API takes.
const (
	maxText    = 4096     // bytes we send as a message's text (Telegram counts characters)
	maxCaption = 1024     // characters of a caption, in UTF-16 code units as Telegram counts
	maxPhoto   = 10 << 20 // bytes of a photo; bigger pictures go as documents
)

// Send sends one reply to a chat within the rate limits, honouring 429's
// retry_after. It returns the id of the last message sent.
//
// A reply with attachments sends each as a message of its own: a PNG or
// JPEG picture as a photo (sendPhoto) when Telegram takes it as one,
// anything else as a document (sendDocument), uploaded from its bytes. The reply's text is the first
// file's caption when it fits a caption; a longer text goes first as a
// message of its own. The buttons are on the last message sent. Each
// message counts against the chat's rate limits; empty files are left out.
func (a *Adapter) Send(ctx context.Context, chatID int64, r bot.Reply) (int, error) {
	m, err := a.send(ctx, chatID, r)
	return m.id, err
}

// sentMessage is the last message a reply became.
type sentMessage struct {
	id    int
	media bool
}

func (a *Adapter) send(ctx context.Context, chatID int64, r bot.Reply) (sentMessage, error) {
	files := r.Files()
	if len(files) == 0 {
		id, err := a.sendText(ctx, chatID, r.Text, keyboard(r))
		return sentMessage{id: id}, err
	}
	caption := r.Text
	if captionLength(caption) > maxCaption {
		if _, err := a.sendText(ctx, chatID, r.Text, nil); err != nil {
			return sentMessage{}, err
		}
		caption = ""
	}
	var last sentMessage
	for i, f := range files {
		var kb models.ReplyMarkup
		if i == len(files)-1 {
			kb = keyboard(r)
		}
		id, err := a.sendFile(ctx, chatID, f, caption, kb)
		if err != nil {
			return sentMessage{}, err
		}
		caption = ""
		last = sentMessage{id: id, media: true}
	}
	return last, nil
}

func (a *Adapter) sendText(ctx context.Context, chatID int64, text string, kb models.ReplyMarkup) (int, error) {
	var msgID int
	err := a.call(ctx, chatID, func() error {
		m, err := a.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chatID, Text: truncate(text, maxText), ReplyMarkup: kb})
		if err == nil {
			msgID = m.ID
		}
		return err
	})
	return msgID, err
}

// sendFile uploads one file as a photo or a document.
func (a *Adapter) sendFile(ctx context.Context, chatID int64, f bot.Attachment, caption string, kb models.ReplyMarkup) (int, error) {
	name := f.FileName()
	var msgID int
	err := a.call(ctx, chatID, func() error {
		// A fresh reader each attempt: a 429 is retried with the whole file.
		upload := &models.InputFileUpload{Filename: name, Data: bytes.NewReader(f.Data)}
		var m *models.Message
		var err error
		if photo(f) {
			m, err = a.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chatID, Photo: upload, Caption: caption, ReplyMarkup: kb})
		} else {
			m, err = a.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chatID, Document: upload, Caption: caption, ReplyMarkup: kb})
		}
		if err == nil {
			msgID = m.ID
		}
		return err
	})
	return msgID, err
}

// photo reports whether f goes as a photo: a PNG or JPEG picture within
// Telegram's limits for photos (10 MB; width and height at most 10,000
// together, neither more than 20 times the other). Other pictures go as
// documents, which keep them whole.
func photo(f bot.Attachment) bool {
	if !f.Image() || len(f.Data) > maxPhoto {
		return false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return false
	}
	return cfg.Width+cfg.Height <= 10000 && max(cfg.Width, cfg.Height) <= 20*min(cfg.Width, cfg.Height)
}

// captionLength counts as Telegram does: UTF-16 code units.
func captionLength(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// replace edits the pressed message to say r. A reply with files cannot
// become the pressed message: its text replaces the old one (buttons
// gone) and its files follow as new messages, the buttons on the last.
func (a *Adapter) replace(ctx context.Context, chatID int64, on pressed, r bot.Reply) error {
	if len(r.Files()) == 0 {
		return a.edit(ctx, chatID, on.id, on.media, r)
	}
	if err := a.edit(ctx, chatID, on.id, on.media, bot.Reply{Text: r.Text}); err != nil {
		return err
	}
	_, err := a.send(ctx, chatID, bot.Reply{Buttons: r.Buttons, Attachments: r.Attachments})
	return err
}

// edit replaces a message's text, or its caption when it is a photo or
// document, and its buttons.
func (a *Adapter) edit(ctx context.Context, chatID int64, msgID int, media bool, r bot.Reply) error {
	kb := keyboard(r)
	if kb == nil {
		// The outcome replaces the buttons: an empty keyboard removes them.
		kb = models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	}
	return a.call(ctx, chatID, func() error {
		var err error
		if media {
			_, err = a.api.EditMessageCaption(ctx, &tgbot.EditMessageCaptionParams{ChatID: chatID, MessageID: msgID,
				Caption: truncateCaption(r.Text), ReplyMarkup: kb})
		} else {
			_, err = a.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: msgID,
				Text: truncate(r.Text, maxText), ReplyMarkup: kb})
		}
		return err
	})
}

// truncateCaption cuts s to what a caption takes.
func truncateCaption(s string) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > maxCaption {
			return s[:i]
		}
	}
	return s
}

// call runs one API call for a chat: waiting for the rate limits, retrying
// after 429 as long as Telegram asks, and recording chats that refuse.
func (a *Adapter) call(ctx context.Context, chatID int64, fn func() error) error {
	for attempt := 0; ; attempt++ {
		if err := a.limiter.wait(ctx, chatID); err != nil {
			return err
		}
		err := fn()
		var tooMany *tgbot.TooManyRequestsError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &tooMany) && attempt < 10:
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			a.limiter.pause(chatID, wait)
			continue
		case errors.Is(err, tgbot.ErrorForbidden), errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "chat not found"):
			if chatID > 0 {
				if berr := a.cfg.Accounts.SetBlocked(ctx, core.PlatformTelegram, strconv.FormatInt(chatID, 10), true, time.Now()); berr != nil {
					a.log.Error("record blocked chat", "err", berr)
				}
			}
			return fmt.Errorf("%w (%v)", ErrBlocked, err)
		}
		return fmt.Errorf("telegram: %w", err)
	}
}

// Push sends replies to a person's private chat (their user id): what the
// delivery queue calls for approval requests, reminders and broadcasts.
// Replies with attachments go as Send sends them. A chat that refuses is
// recorded and ErrBlocked returned.
//
// key, the delivery's key, is ignored: the Bot API has no way to look a
// sent message up again, so there is no Delivered here and a push
// interrupted by a crash is sent again by the delivery queue.
//
// It returns a reference to the last message, for EditPushed: its id, with
// ":media" added when it is a photo or document.
func (a *Adapter) Push(ctx context.Context, userID, key string, replies []bot.Reply) (string, error) {
	chatID, err := strconv.ParseInt(userID, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: chat id %q", ErrBlocked, userID)
	}
	var ref string
	for _, r := range replies {
		m, err := a.send(ctx, chatID, r)
		if err != nil {
			return "", err
		}
		ref = strconv.Itoa(m.id)
		if m.media {
			ref += mediaRef
		}
	}
	return ref, nil
}

// mediaRef marks a reference to a photo or document, whose caption is
// what an edit replaces.
const mediaRef = ":media"

// EditPushed replaces a pushed message (ref from Push) with r, buttons and
// all: an offer someone else took becomes "taken, thanks". A photo or
// document keeps its file and gets r's text as its caption; r's own
// attachments are not sent.
func (a *Adapter) EditPushed(ctx context.Context, userID, ref string, r bot.Reply) error {
	id, media := strings.CutSuffix(ref, mediaRef)
	chatID, err1 := strconv.ParseInt(userID, 10, 64)
	msgID, err2 := strconv.Atoi(id)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("telegram: bad message reference %s/%s", userID, ref)
	}
	return a.edit(ctx, chatID, msgID, media, r)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}
