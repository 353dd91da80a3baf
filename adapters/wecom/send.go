package wecom

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// respond sends a turn's replies to the member. A reply that replaces the
// pressed card updates it, once (a response code updates one time); a
// refusal after a press goes as a text, since WeCom has no notice for a
// press. A member the app cannot reach is recorded, not an error.
func (a *Adapter) respond(ctx context.Context, d destination, replies []bot.Reply) error {
	for _, r := range replies {
		var err error
		if r.ReplaceMessage && !r.Error && d.Code != "" {
			err = a.updateCard(ctx, d.User, d.Code, d.Task, r)
			d.Code = ""
			if refused(err) {
				// The code ran out (72 hours) or was used: say it anew.
				a.log.Warn("wecom card update refused; sending anew", "err", err)
				_, err = a.send(ctx, d.User, "", r)
			}
		} else {
			_, err = a.send(ctx, d.User, "", r)
		}
		if errors.Is(err, ErrBlocked) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Push sends replies to a member: what the delivery queue calls for
// approval requests, reminders and broadcasts. key, the delivery's key,
// names its cards and turns on WeCom's duplicate check, so a push sent
// again after a crash within DuplicateWindow reaches nobody twice. It returns
// a reference to the last message for EditPushed.
func (a *Adapter) Push(ctx context.Context, userID, key string, replies []bot.Reply) (string, error) {
	var ref string
	for i, r := range replies {
		var err error
		if ref, err = a.send(ctx, userID, fmt.Sprintf("%s#%d", key, i), r); err != nil {
			return "", err
		}
	}
	return ref, nil
}

// EditPushed replaces a pushed card (ref from Push) with r: an offer
// someone else took becomes "taken, thanks". A text cannot be edited in
// WeCom, nor a card twice (its response code updates once), so r is then
// sent as a new message.
func (a *Adapter) EditPushed(ctx context.Context, userID, ref string, r bot.Reply) error {
	if task, code, ok := parseCardRef(ref); ok {
		err := a.updateCard(ctx, userID, code, task, r)
		if !refused(err) {
			return err
		}
		a.log.Info("wecom card update refused; sending anew", "err", err)
	}
	_, err := a.send(ctx, userID, "", r)
	return err
}

// refused reports whether WeCom refused a card update for the card's
// sake (its response code used or run out), not for the member's or the
// rate's: saying it anew is then the way.
func refused(err error) bool {
	var we *Error
	return errors.As(err, &we) && !errors.Is(err, ErrRateLimited) && !errors.Is(err, ErrBlocked) && !tokenCodes[we.Code]
}

// DuplicateWindow is the duplicate check's window for pushes (WeCom's
// default, 1800 s; it allows up to 4 hours). It must outlast the retries
// of a send that may have arrived: a dead replica's sends are taken over
// within seconds, and River's backoff (attempt⁴ s) puts the fifth attempt
// of one that timed out about 16 minutes after the first; later ones are
// past it and the delivery queue treats them as it treats Telegram's. It
// must not be longer than need be either: WeCom compares the words, not
// hrbot's key, so the same text to the same member within it is
// swallowed (a card carries its own task id and never is).
const DuplicateWindow = 30 * time.Minute

// send sends one reply: a template card when it has buttons, else text in
// pieces WeCom takes, then its files. key, when set, is a push's: it names
// the card and asks for WeCom's duplicate check.
func (a *Adapter) send(ctx context.Context, user, key string, r bot.Reply) (string, error) {
	var ref string
	if groups := buttonGroups(r); len(groups) > 0 {
		// More buttons than a card takes go on cards of their own.
		text := r.Text
		for i, g := range groups {
			k := key
			if key != "" && i > 0 {
				k = fmt.Sprintf("%s+%d", key, i)
			}
			task := taskID(k)
			var out struct {
				ResponseCode string `json:"response_code"`
			}
			if err := a.message(ctx, user, k, "template_card", card(text, g, task), &out); err != nil {
				return "", err
			}
			ref, text = cardRef(task, out.ResponseCode), "…"
		}
	} else {
		parts := pieces(r.Text, maxText)
		for i, part := range parts {
			if len(parts) > 1 {
				// Numbered: WeCom's duplicate check would swallow a
				// piece that repeats an earlier one word for word.
				part = fmt.Sprintf("(%d/%d) %s", i+1, len(parts), part)
			}
			var out struct {
				MsgID string `json:"msgid"`
			}
			if err := a.message(ctx, user, key, "text", map[string]any{"content": part}, &out); err != nil {
				return "", err
			}
			ref = "msg:" + out.MsgID
		}
	}
	for _, f := range r.Files() {
		kind := "file"
		if f.Image() && len(f.Data) <= 2<<20 {
			kind = "image"
		}
		id, err := a.api.Upload(ctx, kind, f.FileName(), f.Data)
		if err != nil {
			return "", a.failed(ctx, user, err)
		}
		if err := a.message(ctx, user, key, kind, map[string]any{"media_id": id}, nil); err != nil {
			return "", err
		}
	}
	return ref, nil
}

// message calls message/send within the limits, waiting out WeCom's "too
// frequent" a few times before giving the error to the delivery queue.
func (a *Adapter) message(ctx context.Context, user, key, msgType string, content map[string]any, out any) error {
	body := map[string]any{"touser": user, "msgtype": msgType, "agentid": a.cfg.AgentID, msgType: content}
	if key != "" {
		body["enable_duplicate_check"], body["duplicate_check_interval"] = 1, int(DuplicateWindow/time.Second)
	}
	return a.call(ctx, user, "/cgi-bin/message/send", body, out)
}

// updateCard replaces the card of task with r, by its response code.
func (a *Adapter) updateCard(ctx context.Context, user, code, task string, r bot.Reply) error {
	var buttons []bot.Button
	if g := buttonGroups(r); len(g) > 0 {
		buttons = g[0] // an update is one card: the first of its buttons
	}
	body := map[string]any{"userids": []string{user}, "agentid": a.cfg.AgentID, "response_code": code,
		"template_card": card(r.Text, buttons, task)}
	return a.call(ctx, user, "/cgi-bin/message/update_template_card", body, nil)
}

func (a *Adapter) call(ctx context.Context, user, path string, body, out any) error {
	wait := time.Second
	for attempt := 0; ; attempt++ {
		if err := a.limiter.wait(ctx, user); err != nil {
			return err
		}
		err := a.api.Do(ctx, "POST", path, body, out)
		if !errors.Is(err, ErrRateLimited) || attempt == 3 {
			return a.failed(ctx, user, err)
		}
		a.limiter.members.Pause(user, wait)
		wait *= 2
	}
}

// failed records a member the app cannot reach.
func (a *Adapter) failed(ctx context.Context, user string, err error) error {
	if errors.Is(err, ErrBlocked) {
		if berr := a.cfg.Accounts.SetBlocked(ctx, core.PlatformWeCom, user, true, time.Now()); berr != nil {
			a.log.Error("wecom record unreachable member", "err", berr)
		}
	}
	return err
}

// taskID names a card: derived from a push's key, so the same push makes
// the same card; random for a reply. WeCom takes 128 of [A-Za-z0-9_-@].
func taskID(key string) string {
	if key != "" {
		sum := sha256.Sum256([]byte(key))
		return "p" + hex.EncodeToString(sum[:20])
	}
	return "r" + strings.ToLower(rand.Text())
}

func cardRef(task, code string) string { return "card:" + task + ":" + code }

func parseCardRef(ref string) (task, code string, ok bool) {
	rest, ok := strings.CutPrefix(ref, "card:")
	if !ok {
		return "", "", false
	}
	task, code, ok = strings.Cut(rest, ":")
	return task, code, ok && task != "" && code != ""
}
