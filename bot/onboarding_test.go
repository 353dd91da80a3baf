package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/staff"
	"github.com/hrbot/hrbot/store"
)

const onboardingOrg = `
orgs:
  - key: shop
    name: 鲜果小铺 Fresh Fruit
    time_zone: Asia/Shanghai
    locale: zh-CN
    teams: [{key: cs, name: 客服组 Customer service}]
    shifts:
      - {key: cs-early, name: 客服早班 CS early, start: "09:00", end: "18:00", job: customer-service}
    schedules:
      - key: cs-week
        start: 2026-11-02
        weeks: [{mon: cs-early, tue: cs-early, wed: cs-early, thu: cs-early, fri: cs-early}]
    employees:
      - {key: boss, name: 王磊 Wang Lei, role: manager, job: ops, locale: en}
      - {key: hr, name: 赵敏 Zhao Min, role: hr, manager: boss}
      - {key: mei, name: 梅 Mei, job: customer-service, team: cs, manager: boss, hire_date: 2019-03-01, locale: en}
      - {key: li, name: 李 Li, job: customer-service, manager: boss, hire_date: 2022-03-01, locale: en}
    onboarding:
      checklists:
        - job: customer-service
          buddy: most_tenured
          tasks:
            - {title: {zh-CN: 准备工位和电脑, en: Prepare a desk and a laptop}, owner: hr, day: -2}
            - {title: {zh-CN: 介绍团队, en: Introduce the team}, owner: manager, day: 0}
            - {title: {zh-CN: 一起值第一个班, en: Work the first shift together}, owner: buddy, day: 0}
`

// onboardingHarness is the harness with onboarding on, and Neo hired at
// the staff desk (customer service, day one Tuesday 2026-12-01, on the
// early shift).
type onboardingHarness struct {
	*harness
	svc *onboarding.Service
	neo core.Employee
}

func newOnboardingHarness(t *testing.T) *onboardingHarness {
	t.Helper()
	h := &onboardingHarness{harness: newHarnessWith(t, onboardingOrg)}
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	h.svc = onboarding.NewService(store.NewOnboarding(h.db), store.NewEvents(h.db), nil, dir, h.clock)
	h.bot = bot.New(bot.Config{Directory: dir, Attendance: att, Leave: leave.NewService(store.NewLeaves(h.db), att, dir, h.clock),
		Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Onboarding: h.svc}})
	ctx := context.Background()
	hr, err := dir.Identify(ctx, core.PlatformConsole, "shop/hr")
	if err != nil {
		t.Fatal(err)
	}
	h.neo, _, err = staff.NewService(store.NewStaff(h.db), dir, h.clock).Hire(ctx, hr, staff.NewPerson{Key: "neo", Name: "倪奥 Neo",
		Job: "customer-service", Team: "cs", Manager: "boss", HireDate: core.NewDate(2026, 12, 1), Locale: core.LocaleEN,
		Schedule: "cs-week"}, "web")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	return h
}

// press presses a button as person.
func (h *onboardingHarness) press(person, action, value string) string {
	h.t.Helper()
	return h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person,
		Action: &bot.Action{ID: action, Value: value}})
}

// latest renders person's latest notification of kind as the delivery
// queue would: its text and its buttons' actions.
func (h *onboardingHarness) latest(person, kind string) (string, []bot.Button) {
	h.t.Helper()
	var id int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT n.id FROM notifications n JOIN employees e ON e.id = n.recipient_id
		WHERE e.key = $1 AND n.kind = $2 ORDER BY n.id DESC LIMIT 1`, person, kind).Scan(&id); err != nil {
		h.t.Fatalf("no %s for %s: %v", kind, person, err)
	}
	replies, err := h.bot.Render(context.Background(), core.PlatformConsole, "shop/"+person,
		bot.Notice{Kind: bot.NoticeNotification, Params: map[string]string{"id": strconv.FormatInt(id, 10)}})
	if err != nil {
		h.t.Fatal(err)
	}
	var text []string
	var buttons []bot.Button
	for _, r := range replies {
		text = append(text, r.Text)
		for _, row := range r.Buttons {
			buttons = append(buttons, row...)
		}
	}
	return strings.Join(text, "\n"), buttons
}

func (h *onboardingHarness) taskID(title string) string {
	h.t.Helper()
	var id int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT id FROM checklist_tasks WHERE title->>'en' = $1`, title).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

func TestOnboardingInChat(t *testing.T) {
	t.Parallel()
	h := newOnboardingHarness(t)
	mustContain(t, h.console("hr", "/onboarding"), "你负责的入职任务", "2026-11-29 准备工位和电脑 · 新人：倪奥")
	mustContain(t, h.console("boss", "/onboarding neo"), "Onboarding of Neo — day one 2026-12-01, buddy Mei: 0 of 3 done",
		"☐ 2026-11-29 Prepare a desk and a laptop · HR", "☐ 2026-12-01 Introduce the team · Wang Lei",
		"☐ 2026-12-01 Work the first shift together · Mei")
	mustContain(t, h.console("li", "/onboarding neo"), "Only their manager or HR can see")
	mustContain(t, h.console("li", "/onboarding"), "You have no onboarding tasks.")

	// Li presses the Done of the manager's task: refused in Li's words, audited.
	intro := h.taskID("Introduce the team")
	mustContain(t, h.press("li", "onboarding.done", intro), "Only whoever does that task, or HR, can tick it off.")
	var denied int
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log a JOIN employees e ON e.id = a.actor_id
		WHERE a.action = 'onboarding.tick' AND a.outcome = 'denied' AND e.key = 'li'`).Scan(&denied); err != nil || denied != 1 {
		t.Errorf("%d refusals audited (%v)", denied, err)
	}
	mustContain(t, h.press("boss", "onboarding.done", intro), "✓ Introduce the team (Neo) — done, by Wang Lei.")
	mustContain(t, h.console("neo", "/onboarding"), "Your onboarding — day one 2026-12-01, buddy Mei: 1 of 3 done",
		"✓ 2026-12-01 Introduce the team")

	// HR's task is reminded on its day with a Done button.
	h.clock.now = time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	if err := h.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	text, buttons := h.latest("hr", core.NotifyOnboardingTask)
	mustContain(t, text, "倪奥 的入职任务“准备工位和电脑”到期日：2026-11-29。")
	if len(buttons) != 1 || buttons[0].ActionID != "onboarding.done" || buttons[0].Value != h.taskID("Prepare a desk and a laptop") {
		t.Errorf("reminder buttons %+v", buttons)
	}
	mustContain(t, h.press("hr", buttons[0].ActionID, buttons[0].Value), "✓ 准备工位和电脑（倪奥）— 已由 赵敏 完成。")
	if text, _ := h.latest("hr", core.NotifyOnboardingTask); text != "" {
		t.Errorf("a reminder of a task done meanwhile still says %q", text)
	}
}

// TestOnboardingWelcomeOnDayOne: day one's welcome names the shift and
// the buddy; the buddy's note names the new person and their shift.
func TestOnboardingWelcomeOnDayOne(t *testing.T) {
	t.Parallel()
	h := newOnboardingHarness(t)
	h.clock.now = time.Date(2026, 12, 1, 1, 5, 0, 0, time.UTC) // Tuesday 09:05 in Shanghai
	if err := h.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	welcome, _ := h.latest("neo", core.NotifyOnboardingWelcome)
	mustContain(t, welcome, "Welcome to Fresh Fruit, Neo!", "Today: CS early 09:00–18:00.", "Your buddy is Mei")
	note, _ := h.latest("mei", core.NotifyOnboardingBuddy)
	mustContain(t, note, "Neo (", ") starts today — CS early 09:00–18:00. You are their buddy from 2026-12-01")
	text, buttons := h.latest("mei", core.NotifyOnboardingTask)
	mustContain(t, text, "“Work the first shift together” is due 2026-12-01")
	if len(buttons) != 1 {
		t.Errorf("the buddy's reminder has buttons %+v", buttons)
	}
}
