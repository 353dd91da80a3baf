package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// MaxRequestBytes bounds the body of a request to the HTTP intake (events,
// commands, interactive): real ones are a few kilobytes.
const MaxRequestBytes = 1 << 20

// verified reads the body of a POST signed with the signing secret, doing
// the cheap checks first. Another method gets 405. A body declared or found
// larger than MaxRequestBytes gets 413, and is not read past the limit nor
// hashed. Missing signature headers or a timestamp more than five minutes
// off (a replay) get 401 before the body is read; a body that cannot be
// read gets 400; a bad signature gets 401. Nothing is looked at further.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	if r.ContentLength > MaxRequestBytes {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return nil, false
	}
	refuse := func(err error) ([]byte, bool) {
		a.log.Warn("slack request refused", "path", r.URL.Path, "reason", err.Error(), "remote", r.RemoteAddr)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return nil, false
	}
	v, err := slackapi.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
	if err != nil {
		return refuse(err)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequestBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "cannot read the request", http.StatusBadRequest)
		}
		return nil, false
	}
	_, _ = v.Write(body)
	if err := v.Ensure(); err != nil {
		return refuse(err)
	}
	return body, true
}

// accept keeps a job in the intake and only then acknowledges it (Slack's
// three-second rule: the work follows), so an acknowledged job survives
// the process. When it cannot be kept (the database is down or too slow)
// the answer is 500 and Slack sends it again.
func (a *Adapter) accept(w http.ResponseWriter, r *http.Request, j job) {
	if err := a.keep(r.Context(), j); err != nil {
		a.log.Error("slack intake: not kept, not acknowledged", "path", r.URL.Path, "delivery", j.in.DeliveryID, "err", err)
		http.Error(w, "could not keep the request; send it again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// Events is the handler for POST /slack/events (Events API): the URL
// check, direct messages and mentions. A retried event (X-Slack-Retry-Num)
// has the same event_id and is processed once; when it was processed
// before it is not answered again (Incoming.QuietRepeat).
func (a *Adapter) Events() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := a.verified(w, r)
		if !ok {
			return
		}
		outer, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			http.Error(w, "not a Slack event", http.StatusBadRequest)
			return
		}
		if outer.Type == slackevents.URLVerification {
			var c struct {
				Challenge string `json:"challenge"`
			}
			_ = json.Unmarshal(body, &c)
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, c.Challenge)
			return
		}
		j, ok := a.eventJob(outer)
		if !ok {
			w.WriteHeader(http.StatusOK) // not for us: edits, other bots, channel chatter
			return
		}
		// A retry of an event handled before: our acknowledgement was lost
		// (it goes before the work), and the first handling answered. A
		// retry of an event still in the intake is not kept twice.
		j.in.QuietRepeat = r.Header.Get("X-Slack-Retry-Num") != ""
		a.accept(w, r, j)
	})
}

// Commands is the handler for POST /slack/commands: "/hr leave annual
// dec 1-3" runs the bot's /leave. Answers come through the response_url.
func (a *Adapter) Commands() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := a.verified(w, r)
		if !ok {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		cmd, err := slackapi.SlashCommandParse(r)
		if err != nil || cmd.UserID == "" || cmd.ChannelID == "" {
			http.Error(w, "not a Slack command", http.StatusBadRequest)
			return
		}
		a.accept(w, r, a.commandJob(cmd))
	})
}

// Interactive is the handler for POST /slack/interactive: button presses.
func (a *Adapter) Interactive() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := a.verified(w, r)
		if !ok {
			return
		}
		form, err := url.ParseQuery(string(body))
		var cb slackapi.InteractionCallback
		if err == nil {
			err = json.Unmarshal([]byte(form.Get("payload")), &cb)
		}
		if err != nil {
			http.Error(w, "not a Slack interaction", http.StatusBadRequest)
			return
		}
		j, ok := a.actionJob(cb)
		if !ok {
			w.WriteHeader(http.StatusOK)
			return
		}
		a.accept(w, r, j)
	})
}

// socketMode keeps a Socket Mode connection (no public URL needed) and
// treats what comes over it as the HTTP handlers do.
func (a *Adapter) socketMode(ctx context.Context) {
	smc := socketmode.New(a.api)
	go func() {
		if err := smc.RunContext(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("slack socket mode", "err", err)
		}
	}()
	for {
		var evt socketmode.Event
		select {
		case <-ctx.Done():
			return
		case evt = <-smc.Events:
		}
		switch evt.Type {
		case socketmode.EventTypeConnected:
			a.log.Info("slack socket mode connected")
		case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
			a.log.Warn("slack socket mode", "event", string(evt.Type), "data", evt.Data)
		}
		req := evt.Request
		if req == nil || req.EnvelopeID == "" {
			continue
		}
		j, ok := a.socketJob(evt.Type, req.Payload)
		if ok {
			if err := a.keep(ctx, j); err != nil {
				// Not acknowledged: Slack sends the envelope again.
				a.log.Error("slack intake: not kept, not acknowledged", "delivery", j.in.DeliveryID, "err", err)
				continue
			}
		}
		if err := smc.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
			a.log.Warn("slack socket mode ack", "err", err)
		}
	}
}

// socketJob reads a Socket Mode envelope's payload as the HTTP handlers
// read their requests; false when it is nothing to handle.
func (a *Adapter) socketJob(typ socketmode.EventType, payload json.RawMessage) (job, bool) {
	switch typ {
	case socketmode.EventTypeEventsAPI:
		outer, err := slackevents.ParseEvent(payload, slackevents.OptionNoVerifyToken())
		if err == nil {
			return a.eventJob(outer)
		}
	case socketmode.EventTypeSlashCommand:
		var cmd slackapi.SlashCommand
		if err := json.Unmarshal(payload, &cmd); err == nil && cmd.UserID != "" {
			return a.commandJob(cmd), true
		}
	case socketmode.EventTypeInteractive:
		var cb slackapi.InteractionCallback
		if err := json.Unmarshal(payload, &cb); err == nil {
			return a.actionJob(cb)
		}
	}
	return job{}, false
}

// mention is "<@U123>" or "<@U123|name>" in message text.
var mention = regexp.MustCompile(`<@[A-Z0-9]+(\|[^>]*)?>`)

// unescape undoes Slack's escaping of the three characters it escapes.
var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func (a *Adapter) eventJob(outer slackevents.EventsAPIEvent) (job, bool) {
	cb, ok := outer.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || outer.Type != slackevents.CallbackEvent {
		return job{}, false
	}
	var channel, user, text, botID, ts string
	var files []bot.InboundFile
	private := false
	switch ev := outer.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		// Only new messages in the bot's DMs; edits, deletions and joins
		// have a subtype, and channel messages come as app_mention.
		if ev.ChannelType != "im" || (ev.SubType != "" && ev.SubType != "file_share") {
			return job{}, false
		}
		channel, user, text, botID, ts, private = ev.Channel, ev.User, ev.Text, ev.BotID, ev.TimeStamp, true
		files = inboundFiles(ev)
	case *slackevents.AppMentionEvent:
		channel, user, text, botID, ts = ev.Channel, ev.User, ev.Text, ev.BotID, ev.TimeStamp
	case *slackevents.AppHomeOpenedEvent:
		return a.homeJob(cb, ev)
	default:
		return job{}, false
	}
	// Without an event id a retry could not be told apart; without a
	// channel there is nowhere to answer.
	if botID != "" || user == "" || channel == "" || cb.EventID == "" || a.isSelf(user) {
		return job{}, false
	}
	// "@hrbot leave annual friday": the mention that called the bot is
	// not part of what was said.
	if loc := mention.FindStringIndex(text); loc != nil && !private {
		text = text[:loc[0]] + text[loc[1]:]
	}
	text = strings.TrimSpace(unescape.Replace(text))
	if text == "" && len(files) == 0 {
		text = "/help"
	}
	return job{
		in: bot.Incoming{
			Platform: core.PlatformSlack, ChatID: channel, UserID: user, Private: private, Text: text,
			DeliveryID: "event:" + cb.EventID, SentAt: sentAt(cb.EventTime, ts), Files: files,
		},
		to: destination{channel: channel, user: user, private: private, threadTS: threadOf(private, ts)},
	}, true
}

// sentAt is when an event's message was sent: the envelope's event_time,
// else the message's ts ("1700000000.000100"), zero when neither is there
// or it is past the year 9999, which RFC 3339 (and so the intake's JSON)
// cannot hold. Slash commands and button presses carry no send time.
func sentAt(eventTime int, ts string) time.Time {
	var n int64
	if eventTime > 0 {
		n = int64(eventTime)
	} else {
		sec, _, _ := strings.Cut(ts, ".")
		n, _ = strconv.ParseInt(sec, 10, 64)
	}
	if t := time.Unix(n, 0); n > 0 && t.Year() <= 9999 {
		return t
	}
	return time.Time{}
}

// threadOf answers a mention in a channel in a thread under it, so the
// channel is not filled with the bot's answers.
func threadOf(private bool, ts string) string {
	if private {
		return ""
	}
	return ts
}

func (a *Adapter) commandJob(cmd slackapi.SlashCommand) job {
	text := strings.TrimSpace(cmd.Text)
	switch {
	case text == "":
		text = "/help"
	case !strings.HasPrefix(text, "/"):
		text = "/" + text
	}
	private := strings.HasPrefix(cmd.ChannelID, "D")
	delivery := cmd.TriggerID
	if delivery == "" {
		delivery = cmd.ChannelID + ":" + cmd.UserID + ":" + cmd.Text
	}
	return job{
		in: bot.Incoming{
			Platform: core.PlatformSlack, ChatID: cmd.ChannelID, UserID: cmd.UserID, Private: private, Text: text,
			DeliveryID: "command:" + delivery,
		},
		to: destination{channel: cmd.ChannelID, user: cmd.UserID, private: private, responseURL: cmd.ResponseURL, command: true},
	}
}

func (a *Adapter) actionJob(cb slackapi.InteractionCallback) (job, bool) {
	if cb.Type != slackapi.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 || cb.User.ID == "" {
		return job{}, false
	}
	act := cb.ActionCallback.BlockActions[0]
	id, _, _ := strings.Cut(act.ActionID, "#")
	channel := cb.Container.ChannelID
	if channel == "" {
		channel = cb.Channel.ID
	}
	if id == "" {
		return job{}, false // not one of our buttons
	}
	if channel == "" {
		// On the Home tab; anywhere else there is no chat to answer in.
		return homeActionJob(cb, id, act.Value)
	}
	ts := cb.Container.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	private := strings.HasPrefix(channel, "D")
	delivery := cb.TriggerID
	if delivery == "" {
		delivery = channel + ":" + ts + ":" + cb.User.ID + ":" + cb.ActionTs
	}
	return job{
		in: bot.Incoming{
			Platform: core.PlatformSlack, ChatID: channel, UserID: cb.User.ID, Private: private,
			Action: &bot.Action{ID: id, Value: act.Value}, MessageRef: channel + ":" + ts,
			DeliveryID: "action:" + delivery,
		},
		to: destination{
			channel: channel, user: cb.User.ID, private: private, responseURL: cb.ResponseURL,
			pressed: true, pressedTS: ts, ephemeral: cb.Container.IsEphemeral,
		},
	}, true
}
