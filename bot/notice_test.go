package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reminder"
)

func (h *harness) render(person string, n bot.Notice) []bot.Reply {
	h.t.Helper()
	replies, err := h.bot.Render(context.Background(), core.PlatformConsole, "shop/"+person, n)
	if err != nil {
		h.t.Fatalf("render %+v for %s: %v", n, person, err)
	}
	return replies
}

func texts(replies []bot.Reply) string {
	var out []string
	for _, r := range replies {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

func reminderNotice(kind reminder.Kind, params ...string) bot.Notice {
	p := map[string]string{"kind": string(kind)}
	for i := 0; i+1 < len(params); i += 2 {
		p[params[i]] = params[i+1]
	}
	return bot.Notice{Kind: bot.NoticeReminder, Params: p}
}

func TestRemindersAreWrittenForTheirReader(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 8, 45, 0, 0, shanghai)) // Wednesday

	// The check-in reminder carries a button that checks in.
	got := h.render("amy", reminderNotice(reminder.CheckIn, "clock", "09:00"))
	if len(got) != 1 || got[0].Text != "⏰ Your shift starts at 09:00. Check in when you arrive." ||
		len(got[0].Buttons) != 1 || got[0].Buttons[0][0].ActionID != "att.checkin" {
		t.Fatalf("check-in reminder %+v", got)
	}
	h.at(time.Date(2026, 11, 25, 8, 58, 0, 0, shanghai))
	press := h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:amy", UserID: "shop/amy", Location: hq,
		Action: &bot.Action{ID: "att.checkin"}})
	mustContain(t, press, "Checked in at 08:58")
	mustContain(t, texts(h.render("amy", reminderNotice(reminder.CheckOut, "clock", "18:00"))), "Your shift ended at 18:00")

	// A custom reminder speaks the reader's language, or the other one
	// rather than nothing.
	custom := reminderNotice(reminder.Custom, "text.en", "Stand-up at ten", "text.zh-CN", "十点站会")
	if got := texts(h.render("amy", custom)); got != "Stand-up at ten" {
		t.Errorf("custom reminder %q", got)
	}
	if got := texts(h.render("amy", reminderNotice(reminder.Custom, "text.zh-CN", "十点站会"))); got != "十点站会" {
		t.Errorf("custom reminder in the only language given: %q", got)
	}

	// The week ahead: Nick's nights cycle two on, two off.
	week := texts(h.render("nick", reminderNotice(reminder.WeeklySchedule)))
	mustContain(t, week, "Your schedule for the next 7 days:", "2026-11-26 Thu: 22:00–06:00", "off")
	if lines := strings.Count(week, "\n"); lines != 7 {
		t.Errorf("week plan has %d day lines:\n%s", lines, week)
	}

	// The digest is the manager's own /pending list, and nothing at all
	// when nothing waits.
	if got := h.render("boss", reminderNotice(reminder.Digest)); len(got) != 0 {
		t.Errorf("digest with nothing waiting: %+v", got)
	}
	h.punch("eve", "/fix yesterday in 8:55 forgot")
	digest := h.render("boss", reminderNotice(reminder.Digest))
	if len(digest) != 2 || len(digest[1].Buttons) == 0 || digest[1].Buttons[0][0].ActionID != "att.fix.approve" {
		t.Errorf("digest %+v", digest)
	}

	// Broadcasts name the sender; nobody unknown is written to.
	mustContain(t, texts(h.render("amy", bot.Notice{Kind: bot.NoticeBroadcast, Params: map[string]string{"from": "Helen HR", "text": "Closed on Friday"}})),
		"📣 Helen HR:\nClosed on Friday")
	if got := h.render("nobody", custom); got != nil {
		t.Errorf("rendered for an unknown account: %+v", got)
	}
}

func TestNotificationNoticesFollowTheRequest(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	h.punch("eve", "/fix yesterday in 8:55 forgot")
	var id int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT id FROM notifications WHERE kind = 'att.fix.request'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	n := bot.Notice{Kind: bot.NoticeNotification, Params: map[string]string{"id": strconvI(id)}}
	if got := h.render("boss", n); len(got) != 1 || len(got[0].Buttons) == 0 {
		t.Fatalf("request notice %+v", got)
	}
	// Written for the wrong person it says nothing.
	if got := h.render("amy", n); got != nil {
		t.Errorf("rendered another person's notification: %+v", got)
	}
	// Decided meanwhile (the boss used /pending and approved): no buttons
	// are offered any more.
	replies, _ := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:boss", UserID: "shop/boss", Text: "/pending"})
	for _, r := range replies {
		if len(r.Buttons) > 0 {
			b := r.Buttons[0][0]
			h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:boss", UserID: "shop/boss", Action: &bot.Action{ID: b.ActionID, Value: b.Value}})
		}
	}
	if got := h.render("boss", n); got != nil {
		t.Errorf("a decided request was offered again: %+v", got)
	}
}

func strconvI(n int64) string { return strconv.FormatInt(n, 10) }
