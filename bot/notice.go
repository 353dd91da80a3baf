package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reminder"
)

// Notice is something hrbot says on its own — a notification, a reminder,
// a broadcast — as queued for delivery: a kind and parameters, written in
// the recipient's language only when it is sent.
type Notice struct {
	Kind   string            `json:"kind"`
	Params map[string]string `json:"params,omitempty"`
}

// Notice kinds.
const (
	NoticeNotification = core.NotifyRelayed
	NoticeReminder     = core.NotifyReminder
	NoticeBroadcast    = core.NotifyBroadcast
	// NoticeReply marks the replies to a person's own message in the
	// delivery queue: written by their turn, never rendered here.
	NoticeReply = "reply"
)

// NotificationSource reads one notification for delivery.
type NotificationSource interface {
	Notification(ctx context.Context, id int64) (n core.Notification, delivered bool, err error)
}

// Render writes a notice for the person behind a chat account. No replies
// means there is nothing to say any more: the account was unlinked, the
// request was decided, the notification was shown on the console.
func (b *Bot) Render(ctx context.Context, platform core.Platform, externalID string, n Notice) ([]Reply, error) {
	var out []Reply
	err := b.inTurn(ctx, func(ctx context.Context) error {
		m, err := b.cfg.Directory.Identify(ctx, platform, externalID)
		if core.ErrorCodeOf(err) == core.ENotFound {
			if render, ok := b.notices[n.Kind]; ok && strings.HasPrefix(n.Kind, "recruiting.") {
				// A candidate: nobody of the org, in their own language.
				t := &turn{in: Incoming{Platform: platform, ChatID: externalID, UserID: externalID, Private: true},
					locale: core.Locale(n.Params["locale"]), now: b.cfg.Clock.Now()}
				out, err = render(ctx, t, n)
				return err
			}
			if n.Kind == NoticeBroadcast && n.Params["chat"] == "1" {
				// A group or channel: nobody in particular, the org's language.
				t := &turn{locale: core.Locale(n.Params["locale"]), now: b.cfg.Clock.Now()}
				out = []Reply{{Text: b.T(t, "broadcast.message", "from", n.Params["from"], "text", n.Params["text"])}}
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("render for %s:%s: %w", platform, externalID, err)
		}
		t := &turn{in: Incoming{Platform: platform, ChatID: externalID, UserID: externalID, Private: true},
			member: &m, locale: m.Locale(), now: b.cfg.Clock.Now()}
		out, err = b.renderNotice(ctx, t, n)
		return err
	})
	return out, err
}

// renderNotice writes a notice with the renderer its feature registered.
func (b *Bot) renderNotice(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
	render, ok := b.notices[n.Kind]
	if !ok {
		return nil, fmt.Errorf("render: unknown notice kind %q", n.Kind)
	}
	return render(ctx, t, n)
}

// basicNotices are the notices of no one feature: a notification row
// (rendered by its own feature) and a reminder.
func (b *Bot) basicNotices() map[string]noticeRenderer {
	return map[string]noticeRenderer{
		NoticeNotification: b.renderNotificationNotice,
		NoticeReminder: func(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
			return b.renderReminder(ctx, t, n.Params)
		},
	}
}

// renderNotificationNotice writes the notification row a notice names,
// unless it was shown already (on the console) or is someone else's.
func (b *Bot) renderNotificationNotice(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
	src, ok := b.cfg.Inbox.(NotificationSource)
	if !ok {
		return nil, errors.New("render notification: the inbox cannot read single notifications")
	}
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	note, delivered, err := src.Notification(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("render notification %d: %w", id, err)
	}
	if delivered || note.RecipientID != t.member.Employee.ID {
		return nil, nil
	}
	return b.renderNotification(ctx, t, note), nil
}

func (b *Bot) renderReminder(ctx context.Context, t *turn, p map[string]string) ([]Reply, error) {
	custom := p["text."+string(t.locale)]
	if custom == "" { // the other language rather than nothing
		custom = p["text."+string(core.LocaleZH)] + p["text."+string(core.LocaleEN)]
	}
	clock := p["clock"]
	button := func(key, action string) [][]Button {
		return [][]Button{{{Label: b.T(t, key), ActionID: action}}}
	}
	text := func(key string) string {
		if custom != "" {
			return custom
		}
		return b.T(t, key, "time", clock)
	}
	switch reminder.Kind(p["kind"]) {
	case reminder.CheckIn:
		return []Reply{{Text: text("remind.checkin"), Buttons: button("remind.button.checkin", "att.checkin")}}, nil
	case reminder.Nudge:
		return []Reply{{Text: text("remind.nudge"), Buttons: button("remind.button.checkin", "att.checkin")}}, nil
	case reminder.CheckOut:
		return []Reply{{Text: text("remind.checkout"), Buttons: button("remind.button.checkout", "att.checkout")}}, nil
	case reminder.Digest:
		// The manager's own /pending list, with its buttons; nothing when
		// everything was decided since the audience was chosen.
		replies, err := b.pending(ctx, t, "")
		if err != nil || len(replies) < 2 {
			return nil, err
		}
		if custom != "" {
			replies[0].Text = custom + "\n" + replies[0].Text
		}
		return replies, nil
	case reminder.WeeklySchedule:
		return b.weekPlan(ctx, t, custom)
	case reminder.WeeklyReport:
		return b.weeklyReport(ctx, t, custom)
	}
	if custom == "" {
		return nil, nil
	}
	return []Reply{{Text: custom}}, nil
}

// weekPlan lists the person's shifts for the next seven days.
func (b *Bot) weekPlan(ctx context.Context, t *turn, intro string) ([]Reply, error) {
	loc := t.member.Org.Location()
	from := core.DateOf(t.now.In(loc)).AddDays(1)
	plans, leave, err := b.cfg.Attendance.Week(ctx, *t.member, from, 7)
	if err != nil {
		return nil, err
	}
	lines := []string{b.T(t, "remind.week.title")}
	if intro != "" {
		lines = []string{intro}
	}
	for _, p := range plans {
		hours := b.T(t, "remind.week.off")
		switch {
		case leave[p.Date]:
			hours = b.T(t, "remind.week.leave")
		case p.Working:
			hours = p.Hours()
		}
		lines = append(lines, b.T(t, "remind.week.day", "date", p.Date.String(),
			"weekday", b.T(t, "weekday."+strings.ToLower(p.Date.Weekday().String()[:3])), "hours", hours))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}
