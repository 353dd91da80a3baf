package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Broadcaster drafts, sends and reports broadcasts (broadcast.Service).
type Broadcaster interface {
	Draft(ctx context.Context, m core.Member, aud core.Audience, text string) (id int64, recipients int, unreached []Unreached, err error)
	DraftToChat(ctx context.Context, m core.Member, platform core.Platform, chatID, text string) (id int64, err error)
	Send(ctx context.Context, m core.Member, id int64, channel string) (queued int, toChat bool, err error)
	Recent(ctx context.Context, m core.Member, limit int) ([]core.BroadcastStatus, error)
}

func (b *Bot) broadcastFeature() feature {
	f := feature{notices: map[string]noticeRenderer{NoticeBroadcast: b.renderBroadcast}}
	if b.cfg.Broadcasts != nil {
		f.commands, f.actions = b.broadcastCommands(), b.broadcastActions()
	}
	return f
}

// renderBroadcast writes a broadcast for one person.
func (b *Bot) renderBroadcast(_ context.Context, t *turn, n Notice) ([]Reply, error) {
	return []Reply{{Text: b.T(t, "broadcast.message", "from", n.Params["from"], "text", n.Params["text"])}}, nil
}

func (b *Bot) broadcastCommands() []command {
	return []command{
		{name: "broadcast", aliases: []string{"群发", "广播"}, helpKey: "help.cmd.broadcast", staff: true, run: b.broadcast},
		{name: "broadcasts", aliases: []string{"群发记录"}, staff: true, run: b.broadcasts},
	}
}

func (b *Bot) broadcastActions() map[string]actionHandler {
	return map[string]actionHandler{"broadcast.send": {run: b.sendBroadcast}}
}

// broadcast previews "/broadcast AUDIENCE TEXT" with a Send button; the
// message goes out only when it is pressed.
func (b *Bot) broadcast(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if err := b.cfg.Directory.Authorize(ctx, *t.member, core.ActionBroadcast, nil, t.channel()); err != nil {
		return nil, err
	}
	first, text, _ := strings.Cut(strings.TrimSpace(args), " ")
	text = strings.TrimSpace(text)
	if first == "" || text == "" {
		return []Reply{{Text: b.T(t, "broadcast.usage")}}, nil
	}
	if here[strings.ToLower(first)] {
		return b.broadcastHere(ctx, t, text)
	}
	aud, ok := core.ParseAudience(first)
	if !ok {
		return []Reply{{Text: b.T(t, "broadcast.bad_audience", "audience", first), Error: true}}, nil
	}
	if aud.Kind == core.AudienceJob {
		// job:客服 means the job people call 客服.
		key, refusal, err := b.resolveJob(ctx, t, aud.Value)
		if err != nil || refusal != nil {
			return refusal, err
		}
		aud.Value = key
	}
	id, n, unreached, err := b.cfg.Broadcasts.Draft(ctx, *t.member, aud, text)
	if err != nil {
		return nil, err
	}
	reach, invites := b.reachReply(t, unreached)
	if n == 0 {
		nobody := b.T(t, "broadcast.nobody", "audience", aud.String())
		if reach != "" {
			nobody += "\n" + reach
		}
		return []Reply{{Text: nobody, Buttons: invites}}, nil
	}
	preview := b.T(t, "broadcast.preview", "count", strconv.Itoa(n), "audience", aud.String(), "text", text)
	if reach != "" {
		preview += "\n\n" + reach
	}
	buttons := append([][]Button{{{Label: b.T(t, "broadcast.confirm"), ActionID: "broadcast.send", Value: strconv.FormatInt(id, 10)}}}, invites...)
	return []Reply{{Text: preview, Buttons: buttons}}, nil
}

// here names the chat the command is given in, as a broadcast target.
var here = map[string]bool{"here": true, "这里": true, "本群": true}

// broadcastHere previews a message to the group or channel the command
// came from; in a private chat there is no "here" to send to.
func (b *Bot) broadcastHere(ctx context.Context, t *turn, text string) ([]Reply, error) {
	if t.in.Private || t.in.ChatID == "" || t.in.Platform == core.PlatformConsole {
		return []Reply{{Text: b.T(t, "broadcast.here_private"), Error: true}}, nil
	}
	id, err := b.cfg.Broadcasts.DraftToChat(ctx, *t.member, t.in.Platform, t.in.ChatID, text)
	if err != nil {
		return nil, err
	}
	return []Reply{{
		Text:      b.T(t, "broadcast.preview_here", "text", text),
		Buttons:   [][]Button{{{Label: b.T(t, "broadcast.confirm"), ActionID: "broadcast.send", Value: strconv.FormatInt(id, 10)}}},
		Ephemeral: true,
	}}, nil
}

func (b *Bot) sendBroadcast(ctx context.Context, t *turn, value string) ([]Reply, error) {
	if err := b.cfg.Directory.Authorize(ctx, *t.member, core.ActionBroadcast, nil, t.channel()); err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "broadcast.gone"), Error: true}}, nil
	}
	n, toChat, err := b.cfg.Broadcasts.Send(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	if toChat {
		return []Reply{{Text: b.T(t, "broadcast.queued_here"), ReplaceMessage: true}}, nil
	}
	return []Reply{{Text: b.T(t, "broadcast.queued", "count", strconv.Itoa(n)), ReplaceMessage: true}}, nil
}

// broadcasts shows the last broadcasts and how far each got.
func (b *Bot) broadcasts(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	if err := b.cfg.Directory.Authorize(ctx, *t.member, core.ActionBroadcast, nil, t.channel()); err != nil {
		return nil, err
	}
	list, err := b.cfg.Broadcasts.Recent(ctx, *t.member, 5)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return []Reply{{Text: b.T(t, "broadcast.none")}}, nil
	}
	lines := make([]string, len(list))
	for i, s := range list {
		rest := ""
		if s.Waiting > 0 || s.Failed > 0 {
			rest = b.T(t, "broadcast.progress_rest", "waiting", thousands(s.Waiting), "failed", thousands(s.Failed))
		}
		lines[i] = b.T(t, "broadcast.progress", "id", strconv.FormatInt(s.ID, 10),
			"at", s.SentAt.In(t.member.Org.Location()).Format("01-02 15:04"), "audience", s.Audience,
			"sent", thousands(s.Sent), "total", thousands(s.Total), "rest", rest)
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

// thousands writes 5000 as "5,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
