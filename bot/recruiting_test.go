package bot_test

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/knowledgebase"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

// recruitingHarness is transferOrg's bot with recruiting on: Boss hires
// for customer service; candidates write from Telegram accounts nobody
// of the org has.
type recruitingHarness struct {
	*transferHarness
	recruit *recruiting.Service
}

const csQuestions = `{"customer-service": [
  {"key": "evenings", "text": {"zh-CN": "能接受晚班吗？", "en": "Can you work evening shifts?"}, "kind": "yesno", "knock_out": "no", "score": "10"},
  {"key": "years", "text": {"zh-CN": "做过几年电商客服？", "en": "Years of e-commerce customer service?"}, "kind": "number", "score": "5", "max_score": "15"},
  {"key": "typing", "text": {"zh-CN": "打字速度（每分钟）？", "en": "Typing speed (per minute)?"}, "kind": "choice",
   "options": [{"text": {"": "<40"}, "score": "0"}, {"text": {"": "40–60"}, "score": "5"}, {"text": {"": ">60"}, "score": "10"}]}]}`

func newRecruitingHarness(t *testing.T) *recruitingHarness {
	t.Helper()
	th := newTransferHarness(t)
	key, err := sealed.NewKey(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		t.Fatal(err)
	}
	th.db.SetSealKey(key)
	if _, err := th.db.Pool().Exec(context.Background(), `INSERT INTO recruiting_policies (org_id, retention_days, stale_days, questions)
		SELECT id, 180, 3, $1 FROM orgs WHERE key = 'shop'`, csQuestions); err != nil {
		t.Fatal(err)
	}
	h := &recruitingHarness{transferHarness: th}
	// Messages to candidates are queued for delivery as in hrbot serve
	// (nothing sends them here; the test renders what was queued).
	queue, err := delivery.New(delivery.Config{Pool: h.db.Pool(), Ledger: store.NewDeliveries(h.db),
		Renderer: renderWith(func() *bot.Bot { return h.bot })})
	if err != nil {
		t.Fatal(err)
	}
	h.recruit = recruiting.NewService(store.NewRecruiting(h.db), h.dir, delivery.Outbox{Queue: queue}, h.clock).
		WithHiring(store.NewRecruiting(h.db))
	h.build(nil)
	return h
}

// build makes the bot, with a handbook when kb is set.
func (h *recruitingHarness) build(kb *knowledgebase.Service) {
	lv := leave.NewService(store.NewLeaves(h.db), h.att, h.dir, h.clock)
	desks := bot.Desks{Recruiting: h.recruit, Documents: documents.NewService(store.NewDocuments(h.db), lv, h.dir, h.clock)}
	if kb != nil {
		desks.Knowledge = kb
	}
	h.bot = bot.New(bot.Config{Directory: h.dir, Attendance: h.att, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), Clock: h.clock, TelegramBot: "hrbot_test_bot", Desks: desks})
}

// handbook is the example shop's handbook, public page included.
func (h *recruitingHarness) handbook(t *testing.T) *knowledgebase.Service {
	kb := knowledgebase.New(knowledgebase.Config{Store: store.NewKnowledge(h.db), Clock: h.clock, RecheckEvery: time.Nanosecond})
	if _, err := kb.Import(context.Background(), h.member("hr").Org.ID, "../examples/handbook", "test"); err != nil {
		t.Fatal(err)
	}
	return kb
}

// candidate sends text (or presses a button) from a Telegram account in
// a language.
func (h *recruitingHarness) candidate(user, lang, text string, press *bot.Button) []bot.Reply {
	h.t.Helper()
	in := bot.Incoming{Platform: core.PlatformTelegram, ChatID: user, UserID: user, Private: true, Text: text, LanguageHint: lang}
	if press != nil {
		in.Action = &bot.Action{ID: press.ActionID, Value: press.Value}
	}
	rs, err := h.bot.Handle(context.Background(), in)
	if err != nil {
		h.t.Fatalf("%s %q: %v", user, text, err)
	}
	return rs
}

// renderWith renders queued messages with the bot the harness has now.
type renderWith func() *bot.Bot

func (r renderWith) Render(ctx context.Context, p core.Platform, id string, m delivery.Message) ([]bot.Reply, error) {
	return r().Render(ctx, p, id, m)
}

// candidateMessages renders what was queued for a candidate's chat.
func (h *recruitingHarness) candidateMessages(chat string) string {
	h.t.Helper()
	rows, err := h.db.Pool().Query(context.Background(), `SELECT platform, message FROM deliveries WHERE external_id = $1 ORDER BY created_at, key`, chat)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
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
		out = append(out, texts(rs))
	}
	return strings.Join(out, "\n")
}

func pressLabel(t *testing.T, rs []bot.Reply, label string) *bot.Button {
	t.Helper()
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Label == label {
					return &b
				}
			}
		}
	}
	t.Fatalf("no button %q in %q", label, texts(rs))
	return nil
}

// A manager opens a customer-service position and shares its Telegram
// link. A candidate writing in Chinese agrees, answers "no" to evenings
// and is let go kindly; a referred candidate in English answers
// everything (a wrong answer asked again), has no CV, leaves a name and
// number, and reaches the manager as a card with the answers, the score
// and who referred them; the manager advances them, an employee pressing
// the same button is refused and the refusal audited.
func TestCandidateAppliesInChat(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)

	mustContain(t, h.console("alice", "/hire customer-service 2"), "Only managers, HR and administrators")
	opened := h.console("boss", "/hire customer-service 2")
	mustContain(t, opened, "Opening #", "× 2, hiring manager Boss Wang, 3 screening question(s)", "https://t.me/hrbot_test_bot?start=apply-")
	code := regexp.MustCompile(`start=apply-([a-z0-9]+)`).FindStringSubmatch(opened)[1]

	// 王芳, in Chinese: consent, then knocked out on evenings.
	rs := h.candidate("9001", "zh-hans", "/start apply-"+code, nil)
	mustContain(t, texts(rs), "感谢你关注", "申请结束 180 天后删除")
	rs = h.candidate("9001", "zh-hans", "", pressLabel(t, rs, "同意"))
	mustContain(t, texts(rs), "（1/3）能接受晚班吗？")
	rs = h.candidate("9001", "zh-hans", "", pressLabel(t, rs, "否"))
	mustContain(t, texts(rs), "这次无法继续你的申请")
	// Kept for future openings only when they say so.
	if n := h.count(`SELECT count(*) FROM candidates WHERE talent_pool`); n != 0 {
		t.Fatalf("%d candidates in the talent pool before anyone agreed", n)
	}
	mustContain(t, texts(h.candidate("9001", "zh-hans", "", pressLabel(t, rs, "保留我的信息，以后有合适职位再联系"))), "我们会保留你的信息")
	if n := h.count(`SELECT count(*) FROM candidates WHERE talent_pool AND user_id = '9001'`); n != 1 {
		t.Errorf("the candidate who agreed is not in the talent pool")
	}
	if got := texts(h.candidate("9001", "zh-hans", "我可以改吗", nil)); strings.Contains(got, "能接受晚班") {
		t.Errorf("a knocked-out candidate is asked again: %q", got)
	}

	// Bo, referred by Alice, in English.
	var alice int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT id FROM employees WHERE key = 'alice'`).Scan(&alice); err != nil {
		t.Fatal(err)
	}
	welcome := h.candidate("9002", "en", "/start apply-"+code+"-r"+strconv.FormatInt(alice, 10), nil)
	rs = h.candidate("9002", "en", "", pressLabel(t, welcome, "I agree"))
	mustContain(t, rs[0].Text, "You agreed to how your data is kept.")
	if !rs[0].ReplaceMessage {
		t.Error("the consent message keeps its buttons")
	}
	// "No, thanks" on the old message, pressed after agreeing, withdraws nothing.
	h.candidate("9002", "en", "", pressLabel(t, welcome, "No, thanks"))
	if n := h.count(`SELECT count(*) FROM applications WHERE stage = 'withdrawn'`); n != 0 {
		t.Fatalf("an old button withdrew %d applications", n)
	}
	rs = h.candidate("9002", "en", "", pressLabel(t, rs, "Yes"))
	mustContain(t, texts(rs), "(2/3) Years of e-commerce customer service?")
	// The first question's buttons, pressed now, answer nothing.
	mustContain(t, texts(h.candidate("9002", "en", "", &bot.Button{ActionID: "recruit.answer", Value: "evenings:no"})),
		"That button belongs to an earlier question", "(2/3)")
	mustContain(t, texts(h.candidate("9002", "en", "a few", nil)), "Please answer with a number", "(2/3)")
	rs = h.candidate("9002", "en", "two years", nil) // a count in words is a count
	rs = h.candidate("9002", "en", "", pressLabel(t, rs, ">60"))
	mustContain(t, texts(rs), "send your CV as a photo or a PDF")
	rs = h.candidate("9002", "en", "", pressLabel(t, rs, "I have no CV"))
	mustContain(t, texts(rs), "your name and a phone number or e-mail")
	mustContain(t, texts(h.candidate("9002", "en", "call me maybe", nil)), "does not look like a phone number", "your name and a phone number")
	mustContain(t, texts(h.candidate("9002", "en", "Bo Wang 138 0013 8000", nil)), "Your application for customer service is sent")

	card := h.replies("boss", "/whoami")
	mustContain(t, texts(card), "New candidate", "Bo Wang — customer service (applied) · score 30 · referred by Alice Li",
		"• Can you work evening shifts? — Yes", "• Typing speed (per minute)? — >60", "No CV.")
	if strings.Contains(texts(card), "王芳") || strings.Contains(texts(card), "9001") {
		t.Errorf("the knocked-out candidate reached the manager: %q", texts(card))
	}
	adv := pressLabel(t, card, "→ screened")
	mustContain(t, h.pressAs("alice", *adv), "Only the opening's hiring manager or HR can do that.")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'recruiting.decide' AND outcome = 'denied'`); n != 1 {
		t.Errorf("the refusal audited %d times", n)
	}
	mustContain(t, h.pressAs("boss", *adv), "Bo Wang moved to screened")
	mustContain(t, h.candidateMessages("9002"), "Good news: your application for customer service passed the first look.")
	mustContain(t, h.console("boss", "/openings"), "customer service × 2", "screened 1")
	// Not taken after all: told kindly, and offered the talent pool.
	card = h.replies("boss", "/candidates "+strconv.Itoa(h.count(`SELECT max(id) FROM openings`)))
	h.pressAs("boss", *pressLabel(t, card, "Not taken"))
	mustContain(t, h.console("boss", "we found someone closer to the warehouse"), "Bo Wang is told kindly")
	if got := h.candidateMessages("9002"); !strings.Contains(got, "decided not to go further") || strings.Contains(got, "warehouse") {
		t.Errorf("the rejection as the candidate reads it: %q", got)
	}
	mustContain(t, h.pressAs("boss", *adv), "has moved on meanwhile")
}

// Bob, in customer service, applies to an operations opening from his own
// chat: no contact is asked (he is reached where he works), his CV comes
// as a file and reaches the hiring manager on a button; his own manager
// hears of it only once he reaches interview.
func TestInternalApplicantAndCV(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	mustContain(t, h.console("lead", "/hire ops"), "× 1, hiring manager Lead Li")
	list := h.replies("bob", "/职位")
	mustContain(t, h.pressAs("bob", *pressLabel(t, list, "我要申请")), "感谢你关注")
	consent := bot.Button{ActionID: "recruit.consent", Value: strconv.Itoa(h.count(`SELECT max(id) FROM applications`))}
	mustContain(t, h.pressAs("bob", consent), "请发送简历")
	cv := file("简历.pdf", []byte("%PDF-1.4 bob's cv"), 0, nil)
	got, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:bob", UserID: "shop/bob",
		Private: true, Files: []bot.InboundFile{cv}})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, texts(got), "已收到简历", "申请已提交")
	if strings.Contains(h.console("boss", "/whoami"), "Bob Chen (") {
		t.Error("Bob's manager heard of it at once")
	}
	card := h.replies("lead", "/whoami")
	mustContain(t, texts(card), "Bob Chen — operations (applied)", "internal", "📎 CV attached.")
	cvReply, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:lead", UserID: "shop/lead",
		Private: true, Action: &bot.Action{ID: "recruit.cv", Value: pressLabel(t, card, "CV").Value}})
	if err != nil || len(cvReply) != 1 || len(cvReply[0].Attachments) != 1 || string(cvReply[0].Attachments[0].Data) != "%PDF-1.4 bob's cv" ||
		!cvReply[0].Attachments[0].Sealed {
		t.Fatalf("the CV: %+v %v", cvReply, err)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'recruiting.cv_read'`); n != 1 {
		t.Errorf("CV reads audited: %d", n)
	}
	h.pressAs("lead", *pressLabel(t, card, "→ screened"))
	card = h.replies("lead", "/candidates "+strconv.Itoa(h.count(`SELECT max(id) FROM openings`)))
	h.pressAs("lead", *pressLabel(t, card, "→ interview"))
	mustContain(t, h.console("boss", "/whoami"), "Bob Chen (operations) is now: interview.")
	card = h.replies("lead", "/candidates "+strconv.Itoa(h.count(`SELECT max(id) FROM openings`)))
	mustContain(t, texts(card), "An employee already: if they get the job, move them with /transfer.")
	for _, row := range card[0].Buttons {
		for _, bt := range row {
			if bt.ActionID == "recruit.offer" {
				t.Error("an internal candidate's card offers Make offer")
			}
		}
	}
	// Bob is told in his own chat; a rejection later is kind and keeps the reason from him.
	card = h.replies("lead", "/candidates "+strconv.Itoa(h.count(`SELECT max(id) FROM openings`)))
	h.pressAs("lead", *pressLabel(t, card, "Not taken"))
	mustContain(t, h.console("lead", "ops is full until spring"), "Done: Bob Chen is told kindly.")
	told := h.candidateMessages("shop/bob")
	mustContain(t, told, "好消息：我们想约你面试", "经过考虑，这次我们不再推进你的申请")
	if strings.Contains(told, "spring") {
		t.Errorf("the reason reached the candidate: %q", told)
	}
}

// A candidate pasting forty lines at once has a dozen read, is told once
// to slow down, and goes on a minute later where they were; nothing of
// the flood became their answers.
func TestCandidateFloodIsSlowed(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	opened := h.console("boss", "/hire customer-service")
	code := regexp.MustCompile(`start=apply-([a-z0-9]+)`).FindStringSubmatch(opened)[1]
	rs := h.candidate("9003", "en", "/start apply-"+code, nil)
	h.candidate("9003", "en", "", pressLabel(t, rs, "I agree"))
	told := 0
	for i := 0; i < 40; i++ {
		got := texts(h.candidate("9003", "en", "spam", nil))
		if strings.Contains(got, "a lot of messages at once") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("told to slow down %d times, want once", told)
	}
	if n := h.count(`SELECT count(*) FROM applications WHERE step > 0`); n != 0 {
		t.Errorf("the flood answered %d questions", n)
	}
	h.clock.Add(time.Minute)
	mustContain(t, texts(h.candidate("9003", "en", "yes", nil)), "(2/3)")
}

// A candidate asks about the job on the way: what the public page of the
// handbook says is answered, in their language; an internal policy
// question gets no internal text; the question they were at comes again.
func TestCandidateAsksAboutTheJob(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	h.build(h.handbook(t))
	opened := h.console("boss", "/hire customer-service")
	code := regexp.MustCompile(`start=apply-([a-z0-9]+)`).FindStringSubmatch(opened)[1]
	rs := h.candidate("9004", "zh-CN", "/start apply-"+code, nil)
	h.candidate("9004", "zh-CN", "", pressLabel(t, rs, "同意"))
	got := texts(h.candidate("9004", "zh-CN", "客服早班和晚班是几点？", nil))
	mustContain(t, got, "客服班次", "早班 09:00–18:00，晚班 14:00–23:00", "（1/3）能接受晚班吗？")
	if strings.Contains(got, "Customer service answers buyers") {
		t.Errorf("answered in both languages: %q", got)
	}
	got = texts(h.candidate("9004", "zh-CN", "迟到几次会被警告？", nil))
	mustContain(t, got, "这个问题可以在面试时", "（1/3）")
	if strings.Contains(got, "书面警告") || strings.Contains(got, "written warning") {
		t.Errorf("internal policy shown to a candidate: %q", got)
	}
	if n := h.count(`SELECT count(*) FROM applications WHERE step > 0`); n != 0 {
		t.Errorf("a question taken as an answer: %d", n)
	}
}

// A 30 MB CV is refused unread, said in the candidate's language, and
// nothing is kept; the CV is still asked for.
func TestCandidateHugeCV(t *testing.T) {
	t.Parallel()
	h := newRecruitingHarness(t)
	opened := h.console("boss", "/hire ops")
	code := regexp.MustCompile(`start=apply-([a-z0-9]+)`).FindStringSubmatch(opened)[1]
	rs := h.candidate("9005", "en", "/start apply-"+code, nil)
	mustContain(t, texts(h.candidate("9005", "en", "", pressLabel(t, rs, "I agree"))), "send your CV")
	var read atomic.Int64
	huge := make([]byte, 30<<20)
	copy(huge, "%PDF-1.4")
	got, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformTelegram, ChatID: "9005", UserID: "9005",
		Private: true, Files: []bot.InboundFile{file("cv.pdf", huge, int64(len(huge)), &read)}})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, texts(got), "That file is too big", "send your CV")
	if read.Load() != 0 {
		t.Errorf("%d bytes of a file declared 30 MB were read", read.Load())
	}
	if n := h.count(`SELECT count(*) FROM candidate_files`); n != 0 {
		t.Errorf("%d files kept", n)
	}
}
