// Package telegram connects hrbot to Telegram with github.com/go-telegram/bot:
// updates arrive by webhook or long polling and become the bot's neutral
// messages; replies go out as messages with inline keyboards, their files
// as photos and documents, button presses are answered and their message
// edited, and everything sent keeps to Telegram's rate limits.
package telegram

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // to read the size of photos
	_ "image/png"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Handler is the part of the bot the adapter needs.
type Handler interface {
	Handle(ctx context.Context, in bot.Incoming) ([]bot.Reply, error)
}

// Accounts is what the adapter records about chat accounts.
type Accounts interface {
	// SetBlocked records that an account refuses messages, or takes them again.
	SetBlocked(ctx context.Context, platform core.Platform, externalID string, blocked bool, at time.Time) error
}

// Config sets the adapter up.
type Config struct {
	Token         string
	APIURL        string // any Bot-API-compatible server
	Mode          string // "webhook" or "polling"
	WebhookSecret string
	// PublicURL, when set in webhook mode, is registered with setWebhook.
	PublicURL  string
	Handler    Handler
	Accounts   Accounts
	Logger     *slog.Logger
	Limits     Limits
	HTTPClient *http.Client
}

// Adapter is a running Telegram connection.
type Adapter struct {
	cfg      Config
	api      *tgbot.Bot
	log      *slog.Logger
	limiter  *limiter
	username string
	http     *http.Client
}

// New connects to the Bot API. It asks getMe for the bot's username (used in
// invite links and to recognise "/cmd@bot" in groups) but does not fail if
// the API cannot be reached yet.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 70 * time.Second}
	}
	cfg.Limits = cfg.Limits.withDefaults()
	api, err := tgbot.New(cfg.Token, tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(time.Minute, cfg.HTTPClient))
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	a := &Adapter{cfg: cfg, api: api, log: cfg.Logger, limiter: newLimiter(cfg.Limits), http: cfg.HTTPClient}
	if me, err := api.GetMe(ctx); err != nil {
		a.log.Warn("telegram getMe failed; continuing", "err", err)
	} else {
		a.username = me.Username
	}
	return a, nil
}

// SetHandler sets the bot, for wiring that needs the adapter's username
// before the bot exists.
func (a *Adapter) SetHandler(h Handler) { a.cfg.Handler = h }

// Username is the bot's @username, "" until known.
func (a *Adapter) Username() string { return a.username }

// Run keeps the connection: it registers the webhook or polls for updates
// until ctx ends.
func (a *Adapter) Run(ctx context.Context) error {
	if a.cfg.Mode == "webhook" && a.cfg.PublicURL != "" {
		if err := a.RegisterWebhook(ctx); err != nil {
			a.log.Error("telegram setWebhook", "err", err)
		}
	}
	if a.cfg.Mode == "polling" {
		return a.poll(ctx)
	}
	<-ctx.Done()
	return nil
}

// RegisterWebhook tells Telegram where to send updates, with the secret.
func (a *Adapter) RegisterWebhook(ctx context.Context) error {
	_, err := a.api.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:            strings.TrimRight(a.cfg.PublicURL, "/") + "/telegram/webhook",
		SecretToken:    a.cfg.WebhookSecret,
		AllowedUpdates: []string{"message", "callback_query"},
	})
	return err
}

// MaxUpdateBytes bounds a webhook body: real updates are a few kilobytes.
const MaxUpdateBytes = 1 << 20

// Webhook is the handler for POST /telegram/webhook. Another method gets
// 405; a wrong or missing secret gets 401; a body declared or found larger
// than MaxUpdateBytes gets 413 and is not read past the limit; a body that
// is not an update (not JSON, no update_id) gets 400. None of them reaches
// the bot. An update we failed to process gets 500, so Telegram sends it
// again; a repeat is recognised by its update_id and processed once.
func (a *Adapter) Webhook() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if a.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if r.ContentLength > MaxUpdateBytes {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxUpdateBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			} else {
				http.Error(w, "cannot read the request", http.StatusBadRequest)
			}
			return
		}
		var upd models.Update
		if err := json.Unmarshal(body, &upd); err != nil || upd.ID <= 0 {
			http.Error(w, "not a Telegram update", http.StatusBadRequest)
			return
		}
		if err := a.process(r.Context(), &upd); err != nil {
			a.log.Error("telegram update", "update", upd.ID, "err", err)
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// poll long-polls getUpdates. It confirms an update (by asking for the
// next offset) only after processing it, so a crash loses nothing: the
// unconfirmed updates come again and the processed ones are skipped by
// their update_id.
func (a *Adapter) poll(ctx context.Context) error {
	var offset int64
	backoff := time.Duration(0)
	for {
		if backoff > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(backoff):
			}
		}
		updates, retryAfter, err := a.getUpdates(ctx, offset)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			a.log.Warn("telegram getUpdates", "err", err)
			backoff = max(time.Duration(retryAfter)*time.Second, min(2*backoff+100*time.Millisecond, 5*time.Second))
			continue
		}
		backoff = 0
		for _, u := range updates {
			if err := a.process(ctx, &u); err != nil {
				a.log.Error("telegram update", "update", u.ID, "err", err)
				backoff = time.Second
				break
			}
			offset = u.ID + 1
		}
	}
}

func (a *Adapter) getUpdates(ctx context.Context, offset int64) ([]models.Update, int, error) {
	body, _ := json.Marshal(map[string]any{"offset": offset, "timeout": 25, "allowed_updates": []string{"message", "callback_query"}})
	url := strings.TrimRight(a.cfg.APIURL, "/") + "/bot" + a.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(string(body)))
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, 0, errors.New("getUpdates: request failed") // the URL holds the token: keep it out of logs
	}
	defer resp.Body.Close()
	var out struct {
		OK          bool            `json:"ok"`
		Result      []models.Update `json:"result"`
		Description string          `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, 0, fmt.Errorf("getUpdates: %w", err)
	}
	if !out.OK {
		return nil, out.Parameters.RetryAfter, fmt.Errorf("getUpdates: %d %s", resp.StatusCode, out.Description)
	}
	return out.Result, 0, nil
}

// process turns one update into a bot message and sends the answers.
func (a *Adapter) process(ctx context.Context, u *models.Update) error {
	switch {
	case u.Message != nil:
		return a.message(ctx, u.ID, u.Message)
	case u.CallbackQuery != nil:
		return a.callback(ctx, u.ID, u.CallbackQuery)
	}
	return nil // edits, channel posts, live-location updates: nothing to do
}

func (a *Adapter) message(ctx context.Context, updateID int64, m *models.Message) error {
	if m.From == nil || m.From.IsBot || m.From.ID == 0 || m.Chat.ID == 0 {
		return nil // not from a person, or nowhere to answer
	}
	private := m.Chat.Type == models.ChatTypePrivate
	text := strings.TrimSpace(m.Text)
	var loc *bot.Location
	if m.Location != nil {
		loc = &bot.Location{Latitude: m.Location.Latitude, Longitude: m.Location.Longitude, AccuracyMeters: m.Location.HorizontalAccuracy}
		if text == "" {
			text = "/checkin" // sharing a location is how people check in on Telegram
		}
	}
	// In groups only commands are for the bot; the rest is conversation.
	if !private && !strings.HasPrefix(text, "/") {
		return nil
	}
	if text == "" {
		return nil
	}
	user := strconv.FormatInt(m.From.ID, 10)
	if private {
		// Writing to the bot is the way back after blocking it.
		_ = a.cfg.Accounts.SetBlocked(ctx, core.PlatformTelegram, user, false, time.Now())
	}
	in := bot.Incoming{
		Platform: core.PlatformTelegram, ChatID: strconv.FormatInt(m.Chat.ID, 10), UserID: user, Private: private,
		Text: text, LanguageHint: m.From.LanguageCode, Location: loc, DeliveryID: strconv.FormatInt(updateID, 10),
	}
	replies, err := a.cfg.Handler.Handle(ctx, in)
	if err != nil {
		return err
	}
	return a.respond(ctx, m.Chat.ID, m.From.ID, private, pressed{}, replies)
}

// callbackData packs a button: action id and value, within Telegram's 64 bytes.
func callbackData(b bot.Button) string { return b.ActionID + "|" + b.Value }

func (a *Adapter) callback(ctx context.Context, updateID int64, q *models.CallbackQuery) error {
	id, value, _ := strings.Cut(q.Data, "|")
	var chatID int64
	var msgID int
	private, media := true, false
	if q.Message.Message != nil {
		chatID, msgID = q.Message.Message.Chat.ID, q.Message.Message.ID
		private = q.Message.Message.Chat.Type == models.ChatTypePrivate
		media = hasCaption(q.Message.Message)
	} else if q.Message.InaccessibleMessage != nil {
		chatID, msgID = q.Message.InaccessibleMessage.Chat.ID, q.Message.InaccessibleMessage.MessageID
	}
	if q.ID == "" || q.From.ID == 0 || chatID == 0 || id == "" {
		// Not a press we can answer: our buttons are on messages in a chat
		// (an inline-mode message has none) and carry an action id.
		return nil
	}
	in := bot.Incoming{
		Platform: core.PlatformTelegram, ChatID: strconv.FormatInt(chatID, 10), UserID: strconv.FormatInt(q.From.ID, 10),
		Private: private, Action: &bot.Action{ID: id, Value: value}, LanguageHint: q.From.LanguageCode,
		MessageRef: strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(msgID), DeliveryID: strconv.FormatInt(updateID, 10),
	}
	replies, err := a.cfg.Handler.Handle(ctx, in)
	if err != nil {
		return err
	}
	// The press is answered at once; a refusal ("already approved by Li")
	// shows as a notice and leaves the message as it was.
	answer := &tgbot.AnswerCallbackQueryParams{CallbackQueryID: q.ID}
	var rest []bot.Reply
	for _, r := range replies {
		if r.Error && answer.Text == "" {
			answer.Text = truncate(r.Text, 200)
			continue
		}
		rest = append(rest, r)
	}
	if _, err := a.api.AnswerCallbackQuery(ctx, answer); err != nil {
		a.log.Warn("telegram answerCallbackQuery", "err", err)
	}
	return a.respond(ctx, chatID, q.From.ID, private, pressed{id: msgID, media: media}, rest)
}

// pressed is the message whose button was pressed.
type pressed struct {
	id    int  // 0 when there is none
	media bool // a photo or document: its caption is edited, not its text
}

// hasCaption reports whether m is a photo, document or other media
// message, whose words are a caption.
func hasCaption(m *models.Message) bool {
	return len(m.Photo) > 0 || m.Document != nil || m.Video != nil || m.Animation != nil || m.Audio != nil || m.Voice != nil
}

// respond sends replies to a chat. A reply that replaces the pressed
// message edits it (its files, which an edit cannot add, follow as new
// messages); private replies to a group command, files and all, go to the
// person's private chat with a pointer in the group.
func (a *Adapter) respond(ctx context.Context, chatID, userID int64, private bool, on pressed, replies []bot.Reply) error {
	pointed := false
	for _, r := range replies {
		target := chatID
		if r.Ephemeral && !private {
			target = userID
		}
		var err error
		if r.ReplaceMessage && on.id != 0 && target == chatID {
			err = a.replace(ctx, chatID, on, r)
		} else {
			_, err = a.Send(ctx, target, r)
		}
		if target != chatID && !pointed {
			pointed = true
			pointer := bot.Reply{Text: "🔒 已私信你 · Sent to you privately"}
			if errors.Is(err, ErrBlocked) {
				pointer.Text = "🔒 请先私聊我（点我的头像 → 发消息）· Please start a private chat with me first"
			}
			if _, perr := a.Send(ctx, chatID, pointer); perr != nil {
				a.log.Warn("telegram group pointer", "err", perr)
			}
			continue
		}
		if err != nil && !errors.Is(err, ErrBlocked) {
			return err
		}
	}
	return nil
}

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
