package bot_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const testOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    locale: zh-CN
    teams:
      - {key: cs, name: Customer service}
    employees:
      - {key: boss, name: Boss Wang, role: manager, job: ops}
      - {key: hr, name: Helen HR, role: hr, manager: boss}
      - {key: alice, name: Alice Li, role: employee, job: customer-service, team: cs, manager: boss, locale: en, telegram: "111"}
      - {key: bob, name: Bob Chen, role: employee, job: finance, manager: boss}
      - {key: carol, name: Carol Wu, role: employee}
      - {key: gone, name: Gone Guy, status: left}
  - key: other
    name: Other Shop
    employees:
      - {key: olga, name: Olga Other, role: hr}
`

// harness is a bot on a fresh database with testOrg applied.
type harness struct {
	t     *testing.T
	db    *store.DB
	clock *testClock
	bot   *bot.Bot
	seq   int
	// ungrouped turns typed /checkin turns into ordinary turns only.
	ungrouped bool
}

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, testOrg)
}

func newHarnessWith(t *testing.T, orgYAML string) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	spec, err := orgfile.Parse("test.yaml", []byte(orgYAML))
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	if _, err := orgfile.NewSetup(store.NewSetup(db), clock).Apply(ctx, spec, "test.yaml"); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, clock: clock}
	h.restart()
	return h
}

// restart replaces the bot with a new one on the same database, as a
// process restart would.
func (h *harness) restart() {
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	lv := leave.NewService(store.NewLeaves(h.db), att, dir, h.clock)
	var groups bot.CheckInGroups = store.NewCheckInGroups(h.db)
	if h.ungrouped {
		groups = nil
	}
	h.bot = bot.New(bot.Config{
		Directory: dir, Attendance: att, Leave: lv, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), CheckInGroups: groups, Clock: h.clock, TelegramBot: "hrbot_test_bot",
		Desks: bot.Desks{Reports: reports.NewService(store.NewReports(h.db), att, lv, dir), Render: chartRenderer(h.t)},
	})
}

// console sends text as org/person on the console.
func (h *harness) console(person, text string) string {
	h.t.Helper()
	return h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person, Text: text})
}

// telegram sends text from a Telegram account.
func (h *harness) telegram(userID, text string) string {
	h.t.Helper()
	h.seq++
	return h.send(bot.Incoming{Platform: core.PlatformTelegram, ChatID: userID, UserID: userID, Private: true, Text: text,
		DeliveryID: "u" + strings.Repeat("0", 3) + string(rune('a'+h.seq%26)) + time.Now().Format("150405.000000000")})
}

func (h *harness) send(in bot.Incoming) string {
	h.t.Helper()
	replies, err := h.bot.Handle(context.Background(), in)
	if err != nil {
		h.t.Fatalf("handle %q: %v", in.Text, err)
	}
	var texts []string
	for _, r := range replies {
		texts = append(texts, r.Text)
	}
	return strings.Join(texts, "\n")
}

func (h *harness) audit(org string) []core.AuditEntry {
	h.t.Helper()
	var orgID int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT id FROM orgs WHERE key = $1`, org).Scan(&orgID); err != nil {
		h.t.Fatal(err)
	}
	entries, err := h.db.ListAudit(context.Background(), orgID, 100)
	if err != nil {
		h.t.Fatal(err)
	}
	return entries
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply %q does not contain %q", got, w)
		}
	}
}

func TestWhoamiInBothLanguages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mustContain(t, h.console("alice", "/whoami"), "You are Alice Li (alice), employee at Test Shop.", "Team: Customer service", "Manager: Boss Wang", "Job: customer service")
	mustContain(t, h.console("bob", "我是谁"), "你是 Bob Chen（bob），Test Shop 的员工。", "岗位：财务", "上级：Boss Wang")
	// Telegram's "/cmd@botname" form works.
	mustContain(t, h.telegram("111", "/whoami@hrbot_test_bot"), "You are Alice Li")
	// Asked in words: "who is my manager" was answered from the handbook.
	mustContain(t, h.console("alice", "who is my manager?"), "Manager: Boss Wang")
	mustContain(t, h.console("bob", "我的上级是谁"), "上级：Boss Wang")
}

func TestHelpAndUnknownInput(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	got := h.console("bob", "帮助")
	mustContain(t, got, "/whoami 我是谁", "/lang 语言")
	if strings.Contains(got, "/invite") {
		t.Errorf("employee help lists HR commands: %q", got)
	}
	mustContain(t, h.console("hr", "/help"), "/invite")
	mustContain(t, h.console("alice", "/frobnicate"), "I don't know the command /frobnicate")
	mustContain(t, h.console("bob", "今天天气怎么样"), "抱歉，我没看懂")
	// Someone the bot does not know is told how to get linked, in both languages.
	mustContain(t, h.telegram("999", "/whoami"), "我还不认识你", "I don't know you yet")
}

func TestLanguageButtons(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, UserID: "shop/bob", ChatID: "c", Text: "/lang"})
	if err != nil || len(replies) != 1 || len(replies[0].Buttons) != 1 || len(replies[0].Buttons[0]) != 2 {
		t.Fatalf("lang replies %+v, %v", replies, err)
	}
	en := replies[0].Buttons[0][1]
	got := h.send(bot.Incoming{Platform: core.PlatformConsole, UserID: "shop/bob", ChatID: "c", Action: &bot.Action{ID: en.ActionID, Value: en.Value}})
	mustContain(t, got, "I will speak English")
	mustContain(t, h.console("bob", "/whoami"), "You are Bob Chen")
	// A forged button value changes nothing.
	mustContain(t, h.send(bot.Incoming{Platform: core.PlatformConsole, UserID: "shop/bob", ChatID: "c", Action: &bot.Action{ID: "lang.set", Value: "klingon"}}), "no longer valid")
	a := h.audit("shop")
	if a[0].Action != "employee.set_locale" || a[0].Outcome != core.OutcomeOK || a[0].Channel != "console" {
		t.Errorf("latest audit %+v", a[0])
	}
}

func TestPermissionDenialsAreAudited(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cases := []struct {
		name, person, text, want, action string
	}{
		{"EmployeeCannotInvite", "bob", "/invite alice", "只有 HR 或管理员可以执行此操作", "invite.create"},
		{"EmployeeCannotInviteWithoutTarget", "bob", "邀请", "只有 HR 或管理员", "invite.create"},
		{"EmployeeCannotViewColleague", "alice", "/whois bob", "Only their manager or HR", "employee.view"},
		{"ManagerCannotViewNonReport", "boss", "/whois carol", "只有对方的上级或 HR", "employee.view"},
		{"NoOneSeesAcrossOrgs", "hr", "/whois olga", "这里没有叫 olga 的人", ""},
		{"InactivePersonCannotAct", "gone", "/whois alice", "你的账号已停用", "chat.inactive"},
	}
	for _, c := range cases {
		before := len(h.audit("shop"))
		got := h.console(c.person, c.text)
		if c.want != "" {
			mustContain(t, got, c.want)
		}
		after := h.audit("shop")
		switch {
		case c.action == "" && len(after) != before:
			t.Errorf("%s: audit grew from %d to %d", c.name, before, len(after))
		case c.action != "":
			if len(after) != before+1 {
				t.Fatalf("%s: want one new audit row, have %d -> %d", c.name, before, len(after))
			}
			e := after[0]
			if e.Action != c.action || e.Outcome != core.OutcomeDenied || e.ActorID == 0 || e.Reason == "" {
				t.Errorf("%s: audit row %+v", c.name, e)
			}
		}
	}
	// What each may see.
	mustContain(t, h.console("boss", "/whois hr"), "Helen HR（hr），Test Shop 的人事（HR）")
	mustContain(t, h.console("boss", "/whois alice"), "Alice Li")
	mustContain(t, h.console("hr", "/whois bob"), "Bob Chen（bob）")
}

var codePattern = regexp.MustCompile(`/start ([A-Z0-9]{10})`)

func (h *harness) invite(person string) string {
	h.t.Helper()
	got := h.console("hr", "/invite "+person)
	m := codePattern.FindStringSubmatch(got)
	if m == nil {
		h.t.Fatalf("no invite code in %q", got)
	}
	mustContain(h.t, got, "https://t.me/hrbot_test_bot?start="+m[1])
	return m[1]
}

func TestInviteCodeLinking(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	code := h.invite("bob")

	mustContain(t, h.telegram("222", "/whoami"), "I don't know you yet")
	// Typed sloppily: lower case with a dash still works.
	sloppy := strings.ToLower(code[:5]) + "-" + code[5:]
	mustContain(t, h.telegram("222", "/start "+sloppy), "欢迎，Bob Chen！此账号已绑定到 Test Shop")
	mustContain(t, h.telegram("222", "/whoami"), "你是 Bob Chen")
	// Sending it again from the same account is harmless.
	mustContain(t, h.telegram("222", "/start "+code), "欢迎，Bob Chen")
	// Nobody else can use it.
	mustContain(t, h.telegram("333", "/start "+code), "邀请码已被使用", "That invite code was already used")
	mustContain(t, h.telegram("333", "/start NOTACODE99"), "邀请码无效")
	// An account already linked cannot be taken over with someone else's code.
	mustContain(t, h.telegram("111", "/start "+h.invite("bob")), "already linked to someone else")

	// Codes expire.
	late := h.invite("boss")
	h.clock.Add(core.InviteTTL + time.Minute)
	mustContain(t, h.telegram("444", "/start "+late), "邀请码已过期")

	var links int
	for _, e := range h.audit("shop") {
		if e.Action == "identity.link" && e.Channel == "telegram" {
			links++
		}
	}
	if links != 1 {
		t.Errorf("identity.link audit rows from telegram: %d, want 1", links)
	}
}

// TestInviteLockout: an account that sent five wrong codes is locked out
// for a quarter of an hour, its right code refused too and each refusal
// audited; other accounts are not; after the lockout the code works.
func TestInviteLockout(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	code := h.invite("bob")
	for i := range core.InviteMaxFailures {
		mustContain(t, h.telegram("888", fmt.Sprintf("/start WRONGCODE%d", i)), "邀请码无效")
	}
	mustContain(t, h.telegram("888", "/start WRONGCODE9"), "15 分钟后再试", "Try again in 15 minutes")
	mustContain(t, h.telegram("888", "/start "+code), "15 分钟后再试", "Try again in 15 minutes")
	mustContain(t, h.telegram("999", "/start WRONGCODE9"), "邀请码无效") // another account is not locked

	h.clock.Add(core.InviteLockout - time.Minute)
	mustContain(t, h.telegram("888", "/start "+code), "1 分钟后再试")
	h.clock.Add(time.Minute)
	mustContain(t, h.telegram("888", "/start "+code), "欢迎，Bob Chen")

	entries, err := h.db.ListAudit(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var locked int
	for _, e := range entries {
		if e.Action == core.AuditInviteLocked && e.Outcome == core.OutcomeDenied && e.EntityID == "telegram:888" {
			locked++
		}
	}
	if locked != 3 {
		t.Errorf("%s audit rows: %d, want 3", core.AuditInviteLocked, locked)
	}
}

func TestDialogSurvivesRestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	code := h.invite("bob")
	mustContain(t, h.telegram("555", "/start"), "请发送 HR 给你的邀请码")
	h.restart()
	mustContain(t, h.telegram("555", code), "欢迎，Bob Chen")
	// The dialog is over: the next free text is not taken as a code.
	mustContain(t, h.telegram("555", code), "抱歉，我没看懂")

	// HR's invite dialog too, and /cancel ends one.
	mustContain(t, h.console("hr", "/invite"), "要邀请谁")
	h.restart()
	got := h.console("hr", "boss")
	if !codePattern.MatchString(got) {
		t.Errorf("dialog answer did not make an invite: %q", got)
	}
	mustContain(t, h.console("hr", "邀请"), "要邀请谁")
	mustContain(t, h.console("hr", "取消"), "已取消")
	mustContain(t, h.console("hr", "boss"), "抱歉，我没看懂")

	// A dialog left for longer than its lifetime is dropped.
	mustContain(t, h.telegram("666", "/start"), "邀请码")
	h.clock.Add(time.Hour)
	mustContain(t, h.telegram("666", h.invite("boss")), "我还不认识你")
}

func TestDuplicateDeliveryProcessedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	code := h.invite("bob")
	in := bot.Incoming{Platform: core.PlatformTelegram, ChatID: "777", UserID: "777", Text: "/start " + code, DeliveryID: "update-1"}
	first := h.send(in)
	mustContain(t, first, "欢迎，Bob Chen")
	// The platform retries, twice at once and once after a restart: each
	// retry is told the same, and nothing runs again.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies, err := h.bot.Handle(context.Background(), in)
			if err != nil || len(replies) != 1 || replies[0].Text != first {
				t.Errorf("retry: replies %v, err %v; want %q", replies, err, first)
			}
		}()
	}
	wg.Wait()
	h.restart()
	if got := h.send(in); got != first {
		t.Errorf("retry after restart answered %q, want %q", got, first)
	}
	// The same delivery id on another platform is another delivery.
	mustContain(t, h.send(bot.Incoming{Platform: core.PlatformSlack, ChatID: "D1", UserID: "U1", Text: "/help", DeliveryID: "update-1"}), "/help")

	var links int
	for _, e := range h.audit("shop") {
		if e.Action == "identity.link" && e.Channel == "telegram" {
			links++
		}
	}
	if links != 1 {
		t.Errorf("identity.link audit rows: %d, want exactly 1", links)
	}
}

func TestInterruptedDeliveryIsRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	// A process claimed the delivery and died before committing its turn.
	err := h.db.InTurn(ctx, func(ctx context.Context) error {
		if ok, _, err := store.NewConversations(h.db).ClaimDelivery(ctx, core.PlatformTelegram, "update-9", h.clock.Now()); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		return errors.New("killed")
	})
	if err == nil {
		t.Fatal("the turn did not fail")
	}
	in := bot.Incoming{Platform: core.PlatformTelegram, ChatID: "111", UserID: "111", Text: "/whoami", DeliveryID: "update-9"}
	first := h.send(in)
	mustContain(t, first, "You are Alice Li")
	if got := h.send(in); got != first {
		t.Errorf("the retry was answered %q, want %q", got, first)
	}
}

func TestInternalErrorIsNotSwallowed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := bot.Incoming{Platform: core.PlatformTelegram, ChatID: "111", UserID: "111", Text: "/whoami", DeliveryID: "update-x"}
	if _, err := h.bot.Handle(ctx, in); err == nil {
		t.Fatal("a cancelled request succeeded")
	}
	// The platform's retry is processed, not dropped as a duplicate.
	mustContain(t, h.send(in), "You are Alice Li")
}
