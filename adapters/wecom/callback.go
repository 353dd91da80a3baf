package wecom

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// MaxCallbackBytes bounds a callback body: real ones are a few kilobytes.
const MaxCallbackBytes = 256 << 10

// envelope is what WeCom posts: the encrypted message.
type envelope struct {
	ToUserName string `xml:"ToUserName"`
	AgentID    string `xml:"AgentID"`
	Encrypt    string `xml:"Encrypt"`
}

// message is a decrypted callback: a message or an event.
type message struct {
	ToUserName   string  `xml:"ToUserName"`
	FromUserName string  `xml:"FromUserName"`
	CreateTime   int64   `xml:"CreateTime"`
	MsgType      string  `xml:"MsgType"`
	MsgID        string  `xml:"MsgId"`
	Content      string  `xml:"Content"`
	LocationX    float64 `xml:"Location_X"`
	LocationY    float64 `xml:"Location_Y"`
	Label        string  `xml:"Label"`
	MediaID      string  `xml:"MediaId"`
	FileName     string  `xml:"FileName"`
	Event        string  `xml:"Event"`
	EventKey     string  `xml:"EventKey"`
	TaskID       string  `xml:"TaskId"`
	ResponseCode string  `xml:"ResponseCode"`
}

// Callback is the handler for GET and POST /wecom/callback. GET is the URL
// handshake: a signed, encrypted echostr answered in plain. POST is a
// message or event: a missing or wrong signature, or a signed time more
// than maxSkew away (a replay), gets 401, a body that is
// not WeCom's envelope or does not decrypt 400, and neither reaches the
// bot. A callback kept in the intake (or kept before: WeCom's retry) is
// answered 200 with an empty body at once, and handled from the intake;
// one that could not be kept gets 500, so WeCom sends it again.
func (a *Adapter) Callback() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		sig, ts, nonce := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")
		switch r.Method {
		case http.MethodGet:
			echo := q.Get("echostr")
			if sig == "" || !a.crypt.verify(sig, ts, nonce, echo) {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			plain, err := a.crypt.decrypt(echo)
			if err != nil {
				http.Error(w, "bad echostr", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write(plain)
		case http.MethodPost:
			status := a.receive(r, sig, ts, nonce)
			if status != http.StatusOK {
				http.Error(w, http.StatusText(status), status)
				return
			}
			w.WriteHeader(http.StatusOK)
		default:
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
}

// receive checks, opens and keeps one posted callback; it returns the
// HTTP status to answer.
func (a *Adapter) receive(r *http.Request, sig, ts, nonce string) int {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxCallbackBytes))
	if err != nil {
		return http.StatusRequestEntityTooLarge
	}
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		return http.StatusBadRequest
	}
	if sig == "" || !a.crypt.verify(sig, ts, nonce, env.Encrypt) {
		return http.StatusUnauthorized
	}
	if !a.fresh(ts) {
		return http.StatusUnauthorized
	}
	plain, err := a.crypt.decrypt(env.Encrypt)
	if err != nil {
		return http.StatusBadRequest
	}
	var m message
	if err := xml.Unmarshal(plain, &m); err != nil {
		return http.StatusBadRequest
	}
	j, ok := toJob(m)
	if !ok {
		return http.StatusOK // a kind of callback hrbot has nothing to do with
	}
	if err := a.keep(r.Context(), j); err != nil {
		a.log.Error("wecom keep callback", "delivery", j.In.DeliveryID, "err", err)
		return http.StatusInternalServerError
	}
	return http.StatusOK
}

// maxSkew is how far a callback's signed timestamp may be from our clock.
// WeCom's retries come within a minute; an older callback is a replay from
// after the intake has forgotten its id, and would be handled again.
const maxSkew = 30 * time.Minute

// fresh reports whether a signed timestamp is recent.
func (a *Adapter) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	skew := time.Since(time.Unix(sec, 0))
	if skew > maxSkew || skew < -maxSkew {
		a.log.Warn("wecom callback refused: its time is too far from ours (a replay, or our clock is off)", "skew", skew.Round(time.Second))
		return false
	}
	return true
}

// putTimeout bounds keeping a callback: WeCom waits five seconds for the
// answer and then sends the callback again (three times in all).
const putTimeout = 4 * time.Second

func (a *Adapter) keep(ctx context.Context, j job) error {
	ctx, cancel := context.WithTimeout(ctx, putTimeout)
	defer cancel()
	err := a.intake.Put(ctx, j.In.UserID, j.In.DeliveryID, j)
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("intake too slow")
	}
	return err
}

// toJob reads a callback as a message for the bot and where its answers
// go; false for callbacks hrbot ignores.
func toJob(m message) (job, bool) {
	user := strings.TrimSpace(m.FromUserName)
	if user == "" {
		return job{}, false
	}
	in := bot.Incoming{Platform: core.PlatformWeCom, ChatID: user, UserID: user, Private: true, QuietRepeat: true,
		DeliveryID: "m:" + m.MsgID}
	if m.CreateTime > 0 {
		in.SentAt = time.Unix(m.CreateTime, 0)
	}
	to := destination{User: user}
	switch m.MsgType {
	case "text":
		in.Text = strings.TrimSpace(m.Content)
	case "location":
		// Sharing a location is how people check in, as on Telegram.
		in.Text, in.Location = "/checkin", &bot.Location{Latitude: m.LocationX, Longitude: m.LocationY}
	case "event":
		return eventJob(m, in, to)
	case "image", "file":
		return mediaJob(m, in, to) // a doctor's note, say
	default:
		// Voice, video, links: nothing the bot reads.
		return job{}, false
	}
	if m.MsgID == "" || in.Text == "" {
		return job{}, false
	}
	return job{In: in, To: to}, true
}

// eventJob reads an event. Events have no MsgId: a retry is known by its
// sender, time and what it is.
func eventJob(m message, in bot.Incoming, to destination) (job, bool) {
	in.DeliveryID = "e:" + strings.Join([]string{in.UserID, strconv.FormatInt(m.CreateTime, 10), m.Event, m.TaskID, m.EventKey}, ":")
	switch m.Event {
	case "enter_agent":
		// Opening the app greets a linked member and asks the others for
		// their invite code, as Telegram's /start; once an hour at most.
		in.Text = "/start"
		in.DeliveryID = "enter:" + in.UserID + ":" + strconv.FormatInt(m.CreateTime/3600, 10)
	case "click":
		// A menu item's key is the command it runs, e.g. "/balance".
		in.Text = strings.TrimSpace(m.EventKey)
	case "template_card_event":
		id, value, _ := strings.Cut(m.EventKey, "|")
		if id == "" {
			return job{}, false
		}
		in.Action, in.MessageRef, in.SentAt = &bot.Action{ID: id, Value: value}, m.TaskID, time.Time{}
		to.Task, to.Code = m.TaskID, m.ResponseCode
		return job{In: in, To: to}, true
	}
	if in.Text == "" {
		return job{}, false
	}
	return job{In: in, To: to}, true
}
