package bot_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/delivery"
)

// candidateReplies renders the messages of one kind queued for a
// candidate's chat, buttons and all.
func (h *recruitingHarness) candidateReplies(chat, kind string) []bot.Reply {
	h.t.Helper()
	rows, err := h.db.Pool().Query(context.Background(), `SELECT platform, message FROM deliveries
		WHERE external_id = $1 AND message->>'kind' = $2 ORDER BY created_at, key`, chat, kind)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []bot.Reply
	for rows.Next() {
		var p core.Platform
		var m delivery.Message
		if err := rows.Scan(&p, &m); err != nil {
			h.t.Fatal(err)
		}
		rs, err := h.bot.Render(context.Background(), p, chat, m)
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, rs...)
	}
	return out
}

// queued counts the messages of a kind queued for a chat.
func (h *recruitingHarness) queued(chat, kind string) int {
	h.t.Helper()
	return h.count(`SELECT count(*) FROM deliveries WHERE external_id = $1 AND message->>'kind' = $2`, chat, kind)
}

// tick runs the interview reminders' pass, as hrbot serve does.
func (h *recruitingHarness) tick() {
	h.t.Helper()
	if err := h.recruit.InterviewTick(context.Background()); err != nil {
		h.t.Fatal(err)
	}
}

// applyAsBo opens a customer-service position and has Bo, in English on
// Telegram 9002, apply to it; it returns the opening's id.
func (h *recruitingHarness) applyAsBo(t *testing.T) string {
	opened := h.console("boss", "/hire customer-service 2")
	code := regexp.MustCompile(`start=apply-([a-z0-9]+)`).FindStringSubmatch(opened)[1]
	rs := h.candidate("9002", "en", "/start apply-"+code, nil)
	rs = h.candidate("9002", "en", "", pressLabel(t, rs, "I agree"))
	rs = h.candidate("9002", "en", "", pressLabel(t, rs, "Yes"))
	rs = h.candidate("9002", "en", "2", nil)
	rs = h.candidate("9002", "en", "", pressLabel(t, rs, ">60"))
	rs = h.candidate("9002", "en", "", pressLabel(t, rs, "I have no CV"))
	mustContain(t, texts(rs), "your name and a phone number or e-mail")
	mustContain(t, texts(h.candidate("9002", "en", "Bo Wang 138 0013 8000", nil)), "Your application for customer service is sent")
	return strconv.Itoa(h.count(`SELECT max(id) FROM openings`))
}

// The whole way in chat: Bo applies on Telegram, Boss moves him to
// interview and offers two times, Bo picks one; the day-before and
// hour-before reminders go once each; after the start Boss scores him 4
// and makes the offer (Lead, another manager, is refused); Bo accepts on
// the button — twice, hired once — gets his invite code, sends /start
// CODE from the same chat and is the new employee, who checks in on his
// first day.
func TestInterviewAndOfferInChat(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	opening := h.applyAsBo(t)

	card := h.toInterview(t, opening)
	mustContain(t, h.pressAs("boss", *pressLabel(t, card, "Offer times")), "Which interview times can you offer Bo Wang?")
	mustContain(t, h.console("boss", "12-08 14:00 xx, 12-09 9:30 pm 14:00"), "could not read a date and a time")
	sent := h.console("boss", "12-08 14:00, 12-09 10:30 @ 杭州办公室")
	mustContain(t, sent, "Bo Wang can pick one of these times:", "Tue 2026-12-08 14:00 (30 min) at 杭州办公室", "Wed 2026-12-09 10:30 (30 min) at 杭州办公室")

	offered := h.candidateReplies("9002", "recruiting.slots")
	mustContain(t, texts(offered), "Interview for the customer service position: please pick the time that suits you.",
		"• Wed 2026-12-09 10:30 (30 min) at 杭州办公室")
	// A press carries no language (Telegram's callbacks may not, the
	// console's never do): the answer is in the one they applied in.
	picked := h.candidate("9002", "", "", pressLabel(t, offered, "Tue 2026-12-08 14:00"))
	mustContain(t, texts(picked), "Booked: your interview is Tue 2026-12-08 14:00 (30 min) at 杭州办公室")
	if strings.Contains(texts(picked), "已预约") {
		t.Errorf("the candidate answered in both languages: %q", texts(picked))
	}
	mustContain(t, h.console("boss", "/whoami"), "Bo Wang (customer service) picked an interview time with you: Tue 2026-12-08 14:00")

	h.remindersOnce(t)
	soon := h.replies("boss", "/whoami")
	mustContain(t, texts(soon), "In about an hour, at 14:00: interview with Bo Wang")
	mustContain(t, h.pressAs("boss", *pressLabel(t, soon, "Score")), "The interview has not started yet.")

	// After the start: Boss scores 4 from the card.
	h.at("2026-12-08 14:40")
	card = h.replies("boss", "/candidates "+opening)
	mustContain(t, texts(card), "Tue 2026-12-08 14:00 (30 min) at 杭州办公室 · Boss Wang — picked ✅")
	ask := sendPress(h, "boss", *pressLabel(t, card, "Score"))
	mustContain(t, texts(ask), "How was the interview with Bo Wang?")
	mustContain(t, texts(sendPress(h, "boss", *pressLabel(t, ask, "4"))), "4/5 for Bo Wang. A comment")
	mustContain(t, h.console("boss", "Calm, types fast"), "Scorecard saved: Bo Wang 4/5.")
	card = h.replies("boss", "/candidates "+opening)
	mustContain(t, texts(card), "Scorecards: 4.0 on average, 1 card(s)", "• Boss Wang: 4/5 — Calm, types fast")
	if labelled(card, "Score") {
		t.Error("Score offered again after scoring")
	}

	// Lead is no hiring manager of this opening: refused and audited.
	offer := *pressLabel(t, card, "Make offer")
	mustContain(t, h.pressAs("lead", offer), "Only the opening's hiring manager or HR can do that.")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'recruiting.decide' AND outcome = 'denied'`); n != 1 {
		t.Errorf("the refusal audited %d times", n)
	}
	mustContain(t, h.pressAs("boss", offer), "The offer for Bo Wang: pay and start date")
	mustContain(t, h.console("boss", "月薪 5500 1月4日 cs boss"),
		"Offer sent to Bo Wang: 5500 yuan a month, starting 2027-01-04, team Customer service, manager Boss Wang.")

	offers := h.candidateReplies("9002", "recruiting.offer")
	mustContain(t, texts(offers), "we would like to offer you the customer service position", "• Pay: 5500 yuan a month",
		"• First day: 2027-01-04", "• Team: Customer service", "• Your manager: Boss Wang")
	accept := pressLabel(t, offers, "Accept")
	mustContain(t, texts(h.candidate("9002", "en", "", accept)), "Welcome aboard!")
	mustContain(t, texts(h.candidate("9002", "en", "", accept)), "This offer has already been answered.")
	if n := h.count(`SELECT count(*) FROM employees WHERE name = 'Bo Wang'`); n != 1 {
		t.Errorf("%d employees made of Bo", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'recruiting.hire'`); n != 1 {
		t.Errorf("%d hires audited", n)
	}
	if n := h.queued("9002", "recruiting.hired"); n != 1 {
		t.Errorf("%d invite codes sent", n)
	}
	mustContain(t, h.console("boss", "/whoami"), "Bo Wang accepted the offer for customer service: first day 2027-01-04, employee bo-wang.")

	hired := texts(h.candidateReplies("9002", "recruiting.hired"))
	mustContain(t, hired, "Welcome to the team!", "From your first day, 2027-01-04, check in with /checkin.")
	code := regexp.MustCompile(`/start (\S+)`).FindStringSubmatch(hired)
	if code == nil {
		t.Fatalf("no invite code in %q", hired)
	}
	mustContain(t, texts(h.candidate("9002", "en", "/start "+code[1], nil)), "Welcome, Bo Wang! This account is now linked to Test Shop.")
	mustContain(t, texts(h.candidate("9002", "en", "/whoami", nil)), "You are Bo Wang (bo-wang), employee at Test Shop.",
		"Team: Customer service", "Manager: Boss Wang")
	h.at("2027-01-04 09:02")
	mustContain(t, texts(h.candidate("9002", "en", "/checkin", nil)), "09:02")
}

// toInterview moves Bo's application to interview from Boss's cards and
// returns the card there: Offer times and Make offer, no → offer.
func (h *recruitingHarness) toInterview(t *testing.T, opening string) []bot.Reply {
	card := h.replies("boss", "/whoami")
	h.pressAs("boss", *pressLabel(t, card, "→ screened"))
	card = h.replies("boss", "/candidates "+opening)
	mustContain(t, h.pressAs("boss", *pressLabel(t, card, "→ interview")), "Bo Wang moved to interview")
	card = h.replies("boss", "/candidates "+opening)
	if strings.Contains(texts(card), "→ offer") || labelled(card, "→ offer") {
		t.Errorf("the card at interview still advances to offer: %+v", card)
	}
	return card
}

// remindersOnce runs the reminders' pass around the day-before and the
// hour-before moments of Bo's interview (Tuesday 8 December, 14:00):
// each is queued once, at its time, and read as such.
func (h *recruitingHarness) remindersOnce(t *testing.T) {
	// The day before: once at 14:00, not before, not twice.
	h.at("2026-12-07 13:59")
	h.tick()
	if n := h.queued("9002", "recruiting.remind"); n != 0 {
		t.Errorf("%d reminders before the day before", n)
	}
	h.at("2026-12-07 14:00")
	h.tick()
	h.tick()
	if n := h.queued("9002", "recruiting.remind"); n != 1 {
		t.Errorf("%d reminders the day before, want 1", n)
	}
	mustContain(t, texts(h.candidateReplies("9002", "recruiting.remind")),
		"Reminder: your interview for customer service is tomorrow at 14:00 at 杭州办公室 (30 min).")
	mustContain(t, h.console("boss", "/whoami"), "Tomorrow at 14:00: interview with Bo Wang (customer service) at 杭州办公室.")
	// The hour before: once at 13:00.
	h.at("2026-12-08 12:59")
	h.tick()
	if n := h.queued("9002", "recruiting.remind"); n != 1 {
		t.Errorf("%d reminders before the hour before, want 1", n)
	}
	h.at("2026-12-08 13:00")
	h.tick()
	h.tick()
	if n := h.queued("9002", "recruiting.remind"); n != 2 {
		t.Errorf("%d reminders after the hour before, want 2", n)
	}
	mustContain(t, texts(h.candidateReplies("9002", "recruiting.remind")), "starts in about an hour, at 14:00 at 杭州办公室")
}

// applyAsWang has Boss, reading Chinese, open a customer-service
// position and 王芳 apply to it in Chinese from Telegram 9001; it returns
// the application's and the opening's ids.
func (h *recruitingHarness) applyAsWang(t *testing.T) (string, string) {
	h.console("boss", "/lang zh-CN")
	opened := h.console("boss", "/hire customer-service")
	code := regexp.MustCompile(`start=apply-([a-z0-9]+)`).FindStringSubmatch(opened)[1]
	rs := h.candidate("9001", "zh-hans", "/start apply-"+code, nil)
	rs = h.candidate("9001", "zh-hans", "", pressLabel(t, rs, "同意"))
	rs = h.candidate("9001", "zh-hans", "", pressLabel(t, rs, "是"))
	rs = h.candidate("9001", "zh-hans", "3", nil)
	rs = h.candidate("9001", "zh-hans", "", pressLabel(t, rs, ">60"))
	h.candidate("9001", "zh-hans", "", pressLabel(t, rs, "我没有简历"))
	mustContain(t, texts(h.candidate("9001", "zh-hans", "王芳 138 0013 8000", nil)), "申请已提交")
	app := strconv.Itoa(h.count(`SELECT max(id) FROM applications`))
	opening := strconv.Itoa(h.count(`SELECT max(id) FROM openings`))
	return app, opening
}

// sendPress presses a button as someone on the console and returns the
// replies with their buttons.
func sendPress(h *recruitingHarness, person string, b bot.Button) []bot.Reply {
	h.t.Helper()
	rs, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person,
		Action: &bot.Action{ID: b.ActionID, Value: b.Value}})
	if err != nil {
		h.t.Fatal(err)
	}
	return rs
}

// labelled reports whether some button of rs has the label.
func labelled(rs []bot.Reply, label string) bool {
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Label == label {
					return true
				}
			}
		}
	}
	return false
}

// In Chinese, by command: 王芳 applies, Boss (reading Chinese) presses
// an old card's button and is told the stage in his words, offers two
// times with /面试 (the place typed once serves both), 王芳 picks one and
// then the other (Boss hears of the last only); an hourly offer made with /录用 is declined — after the
// second "are you sure" — and nobody is hired.
func TestInterviewByCommandAndOfferDeclinedInChinese(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	app, opening := h.applyAsWang(t)

	card := h.replies("boss", "/候选人 "+opening)
	adv := *pressLabel(t, card, "→ 已初筛")
	h.pressAs("boss", adv)
	mustContain(t, h.pressAs("boss", adv), "这份申请刚刚有了变化（当前：已初筛）")
	mustContain(t, h.console("boss", "/面试 "+app+" 明天 15:00"), "面试阶段才能安排面试时间（这份申请当前：已初筛）")
	card = h.replies("boss", "/候选人 "+opening)
	h.pressAs("boss", *pressLabel(t, card, "→ 面试"))

	mustContain(t, h.console("boss", "/面试 "+app), "可以给 王芳 哪些面试时间？")
	mustContain(t, h.console("boss", "/面试 "+app+" 明天 15:00; 周五 10:00 视频"), "✅ 已请 王芳 从这些时间中选一个：",
		"2026-11-26（周四）15:00（30 分钟），地点：视频", "2026-11-27（周五）10:00（30 分钟），地点：视频")
	offered := h.candidateReplies("9001", "recruiting.slots")
	mustContain(t, texts(offered), "岗位面试：请选一个方便的时间。")
	mustContain(t, texts(h.candidate("9001", "zh-hans", "", pressLabel(t, offered, "2026-11-27（周五）10:00"))),
		"✅ 已预约：你的面试在 2026-11-27（周五）10:00（30 分钟），地点：视频。")
	mustContain(t, texts(h.candidate("9001", "zh-hans", "", pressLabel(t, offered, "2026-11-26（周四）15:00"))), "2026-11-26（周四）15:00")
	// Read after the change of mind: the time given up is not shown.
	notes := h.console("boss", "/whoami")
	mustContain(t, notes, "王芳（客服）和你的面试改到了：2026-11-26（周四）15:00")
	if strings.Contains(notes, "2026-11-27") {
		t.Errorf("the time given up is still shown to the interviewer: %q", notes)
	}
	if n := h.count(`SELECT count(*) FROM interview_slots WHERE picked_at IS NOT NULL`); n != 1 {
		t.Errorf("%d times picked after a change of mind, want 1", n)
	}

	mustContain(t, h.console("boss", "/录用 "+app+" 25 12月1日"), "25 是月薪还是时薪？")
	mustContain(t, h.console("boss", "/录用 "+app+" 时薪 25 12月1日"), "已向 王芳 发出录用通知：时薪 25 元，2026-12-01 入职，上级 Boss Wang")
	offers := h.candidateReplies("9001", "recruiting.offer")
	mustContain(t, texts(offers), "好消息：我们想录用你担任", "• 薪资：时薪 25 元", "• 入职日期：2026-12-01")
	sure := h.candidate("9001", "zh-hans", "", pressLabel(t, offers, "拒绝"))
	mustContain(t, texts(sure), "确定拒绝录用通知吗？")
	if n := h.count(`SELECT count(*) FROM offers WHERE status = 'declined'`); n != 0 {
		t.Error("declined before the second press")
	}
	mustContain(t, texts(h.candidate("9001", "zh-hans", "", pressLabel(t, sure, "确定拒绝"))), "谢谢告知")
	if n := h.count(`SELECT count(*) FROM employees WHERE name = '王芳'`); n != 0 {
		t.Errorf("a declined offer hired %d", n)
	}
	if n := h.count(`SELECT count(*) FROM applications WHERE stage = 'withdrawn'`); n != 1 {
		t.Errorf("%d applications withdrawn", n)
	}
	mustContain(t, h.console("boss", "/whoami"), "王芳 拒绝了客服岗位的录用通知，申请已撤回。")
}

// The hiring manager's changes reach 王芳 in Chinese: her interview moved
// by HR (Boss, its interviewer, is told), then called off (both told).
func TestInterviewMovedAndCancelledInChinese(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	app, opening := h.applyAsWang(t)
	for _, stage := range []string{"→ 已初筛", "→ 面试"} {
		h.pressAs("boss", *pressLabel(t, h.replies("boss", "/候选人 "+opening), stage))
	}
	h.console("boss", "/面试 "+app+" 明天 15:00 @ 3号会议室")
	h.candidate("9001", "zh-hans", "", pressLabel(t, h.candidateReplies("9001", "recruiting.slots"), "2026-11-26（周四）15:00"))
	h.console("boss", "/whoami")
	slot := int64(h.count(`SELECT id FROM interview_slots`))
	loc, _ := time.LoadLocation("Asia/Shanghai")
	if _, err := h.recruit.Reschedule(context.Background(), h.member("hr"), slot,
		recruiting.SlotAsk{Start: time.Date(2026, 11, 26, 16, 0, 0, 0, loc)}, "console"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, texts(h.candidateReplies("9001", "recruiting.rescheduled")), "🔁 你的", "面试时间已调整为：2026-11-26（周四）16:00（30 分钟），地点：3号会议室。")
	mustContain(t, h.console("boss", "/whoami"), "王芳（客服）和你的面试改到了：2026-11-26（周四）16:00")
	if _, err := h.recruit.Cancel(context.Background(), h.member("hr"), slot, "console"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, texts(h.candidateReplies("9001", "recruiting.interview_off")), "2026-11-26（周四）16:00 的", "面试取消了，我们会在这里发给你其他时间。")
	mustContain(t, h.console("boss", "/whoami"), "❌ 与 王芳（客服）2026-11-26（周四）16:00 的面试取消了。")
}

// A picked interview ahead can be called off from the card: the
// candidate is told and may pick again from the times still open.
func TestInterviewCalledOff(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	opening := h.applyAsBo(t)
	card := h.toInterview(t, opening)
	h.pressAs("boss", *pressLabel(t, card, "Offer times"))
	h.console("boss", "12-08 14:00, 12-09 10:30 @ 杭州办公室")
	offered := h.candidateReplies("9002", "recruiting.slots")
	h.candidate("9002", "en", "", pressLabel(t, offered, "Tue 2026-12-08 14:00"))
	card = h.replies("boss", "/candidates "+opening)
	mustContain(t, h.pressAs("boss", *pressLabel(t, card, "Call off the interview")), "Called off: the interview Tue 2026-12-08 14:00")
	if n := h.count(`SELECT count(*) FROM interview_slots WHERE cancelled_at IS NOT NULL`); n != 1 {
		t.Errorf("%d slots called off, want 1", n)
	}
	if n := h.queued("9002", "recruiting.interview_off"); n != 1 {
		t.Errorf("the candidate told %d times", n)
	}
}
