// Package telegram connects hrbot to Telegram with github.com/go-telegram/bot:
// updates arrive by webhook or long polling and become the bot's neutral
// messages; replies go out as messages with inline keyboards, their files
// as photos and documents, button presses are answered and their message
// edited, and everything sent keeps to Telegram's rate limits.
package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	_ "image/jpeg" // to read the size of photos
	_ "image/png"
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
	// PublicURL, when set in webhook mode, is registered with setWebhook;
	// in either mode the chat menu button opens the console's Mini App
	// under it (WebAppPath).
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

// Run keeps the connection: it registers the webhook (and the menu button
// of the Mini App) or polls for updates until ctx ends.
func (a *Adapter) Run(ctx context.Context) error {
	if a.cfg.Mode == "webhook" && a.cfg.PublicURL != "" {
		if err := a.RegisterWebhook(ctx); err != nil {
			a.log.Error("telegram setWebhook", "err", err)
		}
	}
	if (a.cfg.Mode == "webhook" || a.cfg.Mode == "polling") && a.cfg.PublicURL != "" {
		// The console's Mini App entrance; chat works without it.
		if err := a.SetMenuButton(ctx); err != nil {
			a.log.Warn("telegram menu button not set", "err", err)
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
		answer, err := a.process(r.Context(), &upd, true)
		if err != nil {
			a.log.Error("telegram update", "update", upd.ID, "err", err)
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		if answer == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(answer)
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
			if _, err := a.process(ctx, &u, false); err != nil {
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

// process turns one update into a bot message and sends the answers. In
// webhook mode (hook) it may return a method call for the webhook's HTTP
// answer instead of making it.
func (a *Adapter) process(ctx context.Context, u *models.Update, hook bool) (webhookAnswer, error) {
	switch {
	case u.Message != nil:
		return a.message(ctx, u.ID, u.Message, hook)
	case u.CallbackQuery != nil:
		return a.callback(ctx, u.ID, u.CallbackQuery, hook)
	}
	return nil, nil // edits, channel posts, live-location updates: nothing to do
}

func (a *Adapter) message(ctx context.Context, updateID int64, m *models.Message, hook bool) (webhookAnswer, error) {
	if m.From == nil || m.From.IsBot || m.From.ID == 0 || m.Chat.ID == 0 {
		return nil, nil // not from a person, or nowhere to answer
	}
	private := m.Chat.Type == models.ChatTypePrivate
	text := strings.TrimSpace(m.Text)
	files := a.inboundFiles(m)
	if len(files) > 0 {
		text = strings.TrimSpace(m.Caption) // a photo's words are its caption
	}
	var loc *bot.Location
	if m.Location != nil {
		loc = &bot.Location{Latitude: m.Location.Latitude, Longitude: m.Location.Longitude, AccuracyMeters: m.Location.HorizontalAccuracy}
		if text == "" {
			text = "/checkin" // sharing a location is how people check in on Telegram
		}
	}
	// In groups only commands are for the bot; the rest is conversation.
	if !private && !strings.HasPrefix(text, "/") {
		return nil, nil
	}
	if text == "" && len(files) == 0 {
		return nil, nil
	}
	user := strconv.FormatInt(m.From.ID, 10)
	if private {
		// Writing to the bot is the way back after blocking it.
		_ = a.cfg.Accounts.SetBlocked(ctx, core.PlatformTelegram, user, false, time.Now())
	}
	in := bot.Incoming{
		Platform: core.PlatformTelegram, ChatID: strconv.FormatInt(m.Chat.ID, 10), UserID: user, Private: private,
		Text: text, LanguageHint: m.From.LanguageCode, Location: loc, DeliveryID: strconv.FormatInt(updateID, 10),
		SentAt: unixTime(int64(m.Date)), Files: files,
	}
	var split func([]bot.Reply) (now, later []bot.Reply)
	if hook && private {
		split = a.textNow(m.Chat.ID)
	}
	now, send, err := a.handle(ctx, in, address{Chat: m.Chat.ID, User: m.From.ID, Private: private}, split)
	if err != nil {
		return nil, err
	}
	if err := a.respond(ctx, m.Chat.ID, m.From.ID, private, pressed{}, send); err != nil {
		return nil, err
	}
	if len(now) == 1 {
		return sendMessageAnswer(m.Chat.ID, now[0]), nil
	}
	return nil, nil
}

// unixTime is a platform's Unix seconds as a time, zero for none. A button
// press has none: the date of the message it was pressed on is not when
// it was pressed.
func unixTime(sec int64) time.Time {
	if sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0)
}

// callbackData packs a button: action id and value, within Telegram's 64 bytes.
func callbackData(b bot.Button) string { return b.ActionID + "|" + b.Value }

func (a *Adapter) callback(ctx context.Context, updateID int64, q *models.CallbackQuery, hook bool) (webhookAnswer, error) {
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
		return nil, nil
	}
	in := bot.Incoming{
		Platform: core.PlatformTelegram, ChatID: strconv.FormatInt(chatID, 10), UserID: strconv.FormatInt(q.From.ID, 10),
		Private: private, Action: &bot.Action{ID: id, Value: value}, LanguageHint: q.From.LanguageCode,
		MessageRef: strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(msgID), DeliveryID: strconv.FormatInt(updateID, 10),
	}
	now, send, err := a.handle(ctx, in, address{Chat: chatID, User: q.From.ID, Private: private, Pressed: msgID, Media: media}, refusalNow)
	if err != nil {
		return nil, err
	}
	// The press is answered at once; a refusal ("already approved by Li")
	// shows as a notice and leaves the message as it was.
	refusal, rest := refusalNow(append(now, send...))
	answer := answerCallbackAnswer(q.ID, "")
	if len(refusal) > 0 {
		answer = answerCallbackAnswer(q.ID, refusal[0].Text)
	}
	if !hook {
		params := &tgbot.AnswerCallbackQueryParams{CallbackQueryID: q.ID}
		if len(refusal) > 0 {
			params.Text = truncate(refusal[0].Text, 200)
		}
		if _, err := a.api.AnswerCallbackQuery(ctx, params); err != nil {
			a.log.Warn("telegram answerCallbackQuery", "err", err)
		}
		answer = nil
	}
	return answer, a.respond(ctx, chatID, q.From.ID, private, pressed{id: msgID, media: media}, rest)
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
