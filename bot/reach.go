package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Unreached is someone a message could not reach in chat, and why.
type Unreached = core.Unreached

// Why a message did not reach someone.
const (
	ReachNoAccount = core.ReachNoAccount
	ReachBlocked   = core.ReachBlocked
	ReachGaveUp    = core.ReachGaveUp
)

// Notice kinds about reach, to the person a message was sent for.
const (
	// NoticeUnreached: some people of a later wave or send could not be
	// reached in chat.
	NoticeUnreached = core.NotifyUnreached
	// NoticeFailed: a message queued for someone could not be delivered.
	NoticeFailed = core.NotifyFailed
)

// EncodeUnreached writes people for a notice's Params.
func EncodeUnreached(people []Unreached) string {
	b, _ := json.Marshal(people) // plain strings and numbers: cannot fail
	return string(b)
}

func decodeUnreached(s string) []Unreached {
	var out []Unreached
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

func (b *Bot) reachFeature() feature {
	render := func(_ context.Context, t *turn, n Notice) ([]Reply, error) { return b.renderReach(t, n), nil }
	return feature{
		actions: map[string]actionHandler{"reach.invite": {run: b.inviteUnreached}},
		notices: map[string]noticeRenderer{NoticeUnreached: render, NoticeFailed: render},
	}
}

// inviteUnreached makes an invite code for someone a message could not
// reach, as /invite does (and with the same permission).
func (b *Bot) inviteUnreached(ctx context.Context, t *turn, value string) ([]Reply, error) {
	return b.invite(ctx, t, strings.TrimSpace(value))
}

// unreachedText says who could not be reached and why, one line each:
// "Not reachable in chat — they will see it only in `hrbot chat`:".
func (b *Bot) unreachedText(t *turn, people []Unreached) string {
	if len(people) == 0 {
		return ""
	}
	lines := []string{b.T(t, "reach.title", "count", strconv.Itoa(len(people)))}
	for _, p := range people {
		lines = append(lines, "• "+b.T(t, "reach.person", "name", p.Name, "why", b.T(t, "reach.why."+p.Reason)))
	}
	return strings.Join(lines, "\n")
}

// unreachedButtons offers an invite for each person of the reader's org
// without a chat account, when the reader may invite; otherwise the text
// says who can.
func (b *Bot) unreachedButtons(t *turn, people []Unreached) ([][]Button, string) {
	var row []Button
	var rows [][]Button
	may := t.member != nil && core.Authorize(*t.member, core.ActionInviteCreate, nil) == nil
	hint := ""
	for _, p := range people {
		if p.Reason != ReachNoAccount || t.member == nil || p.OrgID != t.member.Org.ID {
			continue
		}
		if !may {
			hint = b.T(t, "reach.ask_hr")
			continue
		}
		row = append(row, Button{Label: b.T(t, "reach.invite", "name", p.Name), ActionID: "reach.invite", Value: p.Key})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows, hint
}

// reachReply is the text and buttons telling the reader who was not
// reached, or nothing.
func (b *Bot) reachReply(t *turn, people []Unreached) (string, [][]Button) {
	text := b.unreachedText(t, people)
	if text == "" {
		return "", nil
	}
	buttons, hint := b.unreachedButtons(t, people)
	if hint != "" {
		text += "\n" + hint
	}
	return text, buttons
}

// renderReach writes a reach notice for the person a message was sent for.
func (b *Bot) renderReach(t *turn, n Notice) []Reply {
	people := decodeUnreached(n.Params["people"])
	if len(people) == 0 {
		return nil
	}
	what := b.T(t, "reach.what."+n.Params["what"], "id", n.Params["id"])
	var text string
	if n.Kind == NoticeFailed {
		p := people[0]
		text = b.T(t, "reach.failed", "what", what, "name", p.Name, "why", b.T(t, "reach.why."+p.Reason))
	} else {
		text = b.T(t, "reach.later", "what", what) + "\n" + b.unreachedText(t, people)
	}
	buttons, hint := b.unreachedButtons(t, people)
	if hint != "" {
		text += "\n" + hint
	}
	return []Reply{{Text: text, Buttons: buttons}}
}

// Reach is who a message was sent to (core.Reach).
type Reach = core.Reach
