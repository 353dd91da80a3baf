// Package telegram connects hrbot to Telegram with github.com/go-telegram/bot:
// updates arrive by webhook or long polling and become the bot's neutral
// messages; replies go out as messages with inline keyboards, button
// presses are answered and their message edited, and everything sent
// keeps to Telegram's rate limits.
package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

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

// maxUpdateBytes bounds a webhook body: real updates are a few kilobytes.
const maxUpdateBytes = 1 << 20

// Webhook is the handler for POST /telegram/webhook. A wrong or missing
// secret gets 401 and nothing is processed. An update we failed to process
// gets 500, so Telegram sends it again; a repeat is recognised by its
// update_id and processed once.
func (a *Adapter) Webhook() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if a.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
		if err != nil {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		var upd models.Update
		if err := json.Unmarshal(body, &upd); err != nil || upd.ID == 0 {
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
	if m.From == nil || m.From.IsBot {
		return nil
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
	return a.respond(ctx, m.Chat.ID, m.From.ID, private, 0, replies)
}

// callbackData packs a button: action id and value, within Telegram's 64 bytes.
func callbackData(b bot.Button) string { return b.ActionID + "|" + b.Value }

func (a *Adapter) callback(ctx context.Context, updateID int64, q *models.CallbackQuery) error {
	id, value, _ := strings.Cut(q.Data, "|")
	var chatID int64
	var msgID int
	private := true
	if q.Message.Message != nil {
		chatID, msgID = q.Message.Message.Chat.ID, q.Message.Message.ID
		private = q.Message.Message.Chat.Type == models.ChatTypePrivate
	} else if q.Message.InaccessibleMessage != nil {
		chatID, msgID = q.Message.InaccessibleMessage.Chat.ID, q.Message.InaccessibleMessage.MessageID
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
	return a.respond(ctx, chatID, q.From.ID, private, msgID, rest)
}

// respond sends replies to a chat. A reply that replaces the pressed
// message edits it; private replies to a group command go to the person's
// private chat with a pointer in the group.
func (a *Adapter) respond(ctx context.Context, chatID, userID int64, private bool, pressed int, replies []bot.Reply) error {
	pointed := false
	for _, r := range replies {
		target := chatID
		if r.Ephemeral && !private {
			target = userID
		}
		var err error
		if r.ReplaceMessage && pressed != 0 && target == chatID {
			err = a.edit(ctx, chatID, pressed, r)
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

// Send sends one reply to a chat within the rate limits, honouring 429's
// retry_after. It returns the message id.
func (a *Adapter) Send(ctx context.Context, chatID int64, r bot.Reply) (int, error) {
	var msgID int
	err := a.call(ctx, chatID, func() error {
		m, err := a.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chatID, Text: truncate(r.Text, 4096), ReplyMarkup: keyboard(r)})
		if err == nil {
			msgID = m.ID
		}
		return err
	})
	return msgID, err
}

func (a *Adapter) edit(ctx context.Context, chatID int64, msgID int, r bot.Reply) error {
	params := &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: msgID, Text: truncate(r.Text, 4096)}
	if kb := keyboard(r); kb != nil {
		params.ReplyMarkup = kb
	} else {
		// The outcome replaces the buttons: an empty keyboard removes them.
		params.ReplyMarkup = models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	}
	return a.call(ctx, chatID, func() error {
		_, err := a.api.EditMessageText(ctx, params)
		return err
	})
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
// A chat that refuses is recorded and ErrBlocked returned.
//
// key, the delivery's key, is ignored: the Bot API has no way to look a
// sent message up again, so there is no Delivered here and a push
// interrupted by a crash is sent again by the delivery queue.
//
// It returns the last message's id, for EditPushed.
func (a *Adapter) Push(ctx context.Context, userID, key string, replies []bot.Reply) (string, error) {
	chatID, err := strconv.ParseInt(userID, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: chat id %q", ErrBlocked, userID)
	}
	var ref string
	for _, r := range replies {
		id, err := a.Send(ctx, chatID, r)
		if err != nil {
			return "", err
		}
		ref = strconv.Itoa(id)
	}
	return ref, nil
}

// EditPushed replaces a pushed message (ref from Push) with r, buttons and
// all: an offer someone else took becomes "taken, thanks".
func (a *Adapter) EditPushed(ctx context.Context, userID, ref string, r bot.Reply) error {
	chatID, err1 := strconv.ParseInt(userID, 10, 64)
	msgID, err2 := strconv.Atoi(ref)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("telegram: bad message reference %s/%s", userID, ref)
	}
	return a.edit(ctx, chatID, msgID, r)
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
