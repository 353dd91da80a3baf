package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/store/sealed"
	"github.com/hrbot/hrbot/web"
)

// withSealKey gives the fixture's database the key candidates' contacts
// are sealed with.
func withSealKey(t *testing.T, f *fixture) {
	t.Helper()
	key, err := sealed.NewKey(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f.db.SetSealKey(key)
}

// openPosition opens customer service × 2 with Wang as hiring manager,
// as HR, through the service chat's /hire uses.
func (f *fixture) openPosition() recruiting.Opening {
	f.t.Helper()
	o, err := f.recruit.Open(context.Background(), f.member("zhao"),
		recruiting.OpenAsk{Job: "customer-service", Headcount: 2, Manager: "wang"}, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

// applyTo has a candidate on a Telegram account apply to the opening with
// code as chat takes them through it: consent, no CV, name and phone.
func (f *fixture) applyTo(code, user, contact string) recruiting.Application {
	f.t.Helper()
	ctx := context.Background()
	acc := recruiting.Account{Platform: core.PlatformTelegram, UserID: user, ChatID: user}
	if _, _, err := f.recruit.Start(ctx, recruiting.StartAsk{Code: code, Account: acc, Locale: core.LocaleZH}); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.recruit.Consent(ctx, acc); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.recruit.SkipCV(ctx, acc); err != nil {
		f.t.Fatal(err)
	}
	p, err := f.recruit.Contact(ctx, acc, contact)
	if err != nil || !p.Done {
		f.t.Fatalf("contact: %+v %v", p, err)
	}
	return p.Application
}

// HR opens a position on the page at phone width; a candidate applies
// through the service chat uses and shows on the board; HR advances them,
// and the same Advance form sent twice at once moves them once.
func TestRecruitingBoardInTheBrowser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withSealKey(t, f)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/recruiting")
	b.mustSee("发布职位", "目前没有在招职位")
	b.run(chromedp.SetValue(chromedp.CSS(`#open-form select[name="job"]`), "customer-service"))
	b.set(`#open-form input[name="count"]`, "2")
	b.run(chromedp.SetValue(chromedp.CSS(`#open-form select[name="manager"]`), "wang"))
	b.click(`#open-form button[type="submit"]`, ".notice")
	b.mustSee("职位已发布", "× 2", "招聘负责人 王磊", "/start apply-")
	var code string
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT code FROM openings`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	board := b.location()
	if board != "/recruiting/"+strconv.Itoa(f.count(`SELECT id FROM openings`)) {
		t.Fatalf("after opening: %s", board)
	}

	a := f.applyTo(code, "7001", "王芳 138 0013 8000")
	b.open(f.srv.URL + board)
	if card := b.text(`section[data-stage="applied"]`); !strings.Contains(card, "王芳") || !strings.Contains(card, "无简历") {
		t.Fatalf("the applied column: %q", card)
	}
	// A double click that got through: the same form twice at once.
	statuses, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](`(() => {
		const f = document.querySelector('section[data-stage="applied"] form.advance');
		const send = () => fetch(f.action, {method: 'POST', body: new URLSearchParams(new FormData(f))}).then(r => r.status);
		return Promise.all([send(), send()]);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(statuses)
	if !slices.Equal(statuses, []int{http.StatusOK, http.StatusConflict}) {
		t.Errorf("the same Advance twice: %v, want one 200 (the board) and one 409", statuses)
	}
	if n := f.count(`SELECT count(*) FROM application_moves WHERE application_id = $1 AND to_stage = 'screened'`, a.ID); n != 1 {
		t.Errorf("moved to screened %d times", n)
	}
	b.open(f.srv.URL + board)
	if card := b.text(`section[data-stage="screened"]`); !strings.Contains(card, "王芳") || !strings.Contains(card, "→ 面试") {
		t.Errorf("the screened column: %q", card)
	}
	if funnel := b.text("#funnel"); !strings.Contains(funnel, "已初筛") {
		t.Errorf("the funnel: %q", funnel)
	}
	if n := f.audited("recruiting.move", "ok"); n != 1 {
		t.Errorf("moves audited on the web: %d", n)
	}
	b.screenshot("recruiting-board-phone")
}

// An employee is refused the recruiting pages and someone else's board,
// each refusal audited; the menu offers them neither.
func TestRecruitingRefusesEmployees(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withSealKey(t, f)
	o := f.openPosition()
	alice := f.client("alice")
	if status, _ := f.open(alice, "/recruiting"); status != http.StatusForbidden {
		t.Errorf("Alice opening /recruiting: %d", status)
	}
	if n := f.audited("recruiting.manage", "denied"); n != 1 {
		t.Errorf("refusals of recruiting.manage audited: %d", n)
	}
	board := "/recruiting/" + strconv.FormatInt(o.ID, 10)
	if status, _ := f.open(alice, board); status != http.StatusForbidden {
		t.Errorf("Alice opening the board: %d", status)
	}
	if n := f.audited("recruiting.decide", "denied"); n != 1 {
		t.Errorf("refusals of recruiting.decide audited: %d", n)
	}
	if status, _ := f.post(alice, "/me", board+"/close", nil); status != http.StatusForbidden {
		t.Errorf("Alice closing the opening: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM openings WHERE status = 'open'`); n != 1 {
		t.Error("the opening was closed by an employee")
	}
	if _, page := f.open(alice, "/me"); strings.Contains(page, `href="/recruiting"`) {
		t.Error("Alice's menu offers recruiting")
	}
	// Wang, the hiring manager, sees the board; Zhao (HR) the list too.
	if status, page := f.open(f.client("wang"), board); status != http.StatusOK || !strings.Contains(page, "招聘漏斗") {
		t.Errorf("Wang's board: %d", status)
	}
}

// A form without the session's token is refused and audited, and opens
// nothing; a bad count is said in the reader's words with the form kept.
func TestRecruitingFormsCSRFAndErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withSealKey(t, f)
	zhao := f.client("zhao")
	resp, err := zhao.PostForm(f.srv.URL+"/recruiting", url.Values{"job": {"customer-service"}, "count": {"1"}, "manager": {"zhao"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || f.count(`SELECT count(*) FROM openings`) != 0 {
		t.Errorf("without the token: %d, openings %d", resp.StatusCode, f.count(`SELECT count(*) FROM openings`))
	}
	if n := f.audited("console.csrf", "denied"); n != 1 {
		t.Errorf("CSRF refusals audited: %d", n)
	}
	status, body := f.post(zhao, "/recruiting", "/recruiting", url.Values{"job": {"customer-service"}, "count": {"300"}, "manager": {"wang"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "1 到 100") || !strings.Contains(body, `value="300"`) {
		t.Errorf("300 people: %d %s", status, body)
	}
	status, body = f.post(zhao, "/recruiting", "/recruiting", url.Values{"job": {"astronaut"}, "count": {"1"}, "manager": {"wang"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "astronaut") {
		t.Errorf("a job the org does not have: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM openings`); n != 0 {
		t.Errorf("refused openings stored: %d", n)
	}
	status, body = f.post(zhao, "/recruiting", "/recruiting", url.Values{"job": {"customer-service"}, "count": {"1"}, "manager": {"wang"}})
	if status != http.StatusOK || !strings.Contains(body, "职位已发布") {
		t.Fatalf("open: %d", status)
	}
}

// On the board over plain HTTP: the second press of the same Advance says
// where the candidate is now; Not taken needs a reason and keeps it; the
// opening closes. Then the funnel report: the page's numbers and the CSV
// chat's /report recruiting sends, with the Telegram link on the list
// where the bot's username is known.
func TestRecruitingBoardReportAndCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withSealKey(t, f)
	o := f.openPosition()
	ann := f.applyTo(o.Code, "8001", "Ann 138 0013 8001")
	bo := f.applyTo(o.Code, "8002", "Bo 138 0013 8002")
	zhao := f.client("zhao")
	board := "/recruiting/" + strconv.FormatInt(o.ID, 10)
	advance := board + "/applications/" + strconv.FormatInt(ann.ID, 10) + "/advance"
	if status, _ := f.post(zhao, board, advance, url.Values{"from": {"applied"}}); status != http.StatusOK {
		t.Fatalf("advance: %d", status)
	}
	status, body := f.post(zhao, board, advance, url.Values{"from": {"applied"}})
	if status != http.StatusConflict || !strings.Contains(body, "已初筛") {
		t.Errorf("the same advance again: %d", status)
	}
	reject := board + "/applications/" + strconv.FormatInt(bo.ID, 10) + "/reject"
	if status, _ := f.post(zhao, board, reject, url.Values{"reason": {"  "}}); status != http.StatusBadRequest {
		t.Errorf("not taken without a reason: %d", status)
	}
	if status, body := f.post(zhao, board, reject, url.Values{"reason": {"只能做周末"}}); status != http.StatusOK || !strings.Contains(body, "只能做周末") {
		t.Errorf("not taken: %d", status)
	}
	// Another opening's application is not this board's to move.
	other := "/recruiting/" + strconv.FormatInt(o.ID+1, 10) + "/applications/" + strconv.FormatInt(ann.ID, 10) + "/advance"
	if status, _ := f.post(zhao, board, other, url.Values{"from": {"screened"}}); status != http.StatusNotFound {
		t.Errorf("through another opening's path: %d", status)
	}

	status, page := f.open(zhao, "/recruiting/report?period=month")
	if status != http.StatusOK {
		t.Fatalf("report page: %d", status)
	}
	for _, want := range []string{"2026-11 的招聘漏斗", "50.0%", `src="/reports/chart?`, "/reports/csv?", "期内入职"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	if _, page := f.open(zhao, "/reports?kind=recruiting&preset=month"); !strings.Contains(page, "各阶段流失率（止步于该阶段）：投递 50.0%") {
		t.Error("the reports page lacks the drop-off under the recruiting table")
	}
	resp, err := zhao.Get(f.srv.URL + "/reports/csv?kind=recruiting&from=2026-11-01&to=2026-11-30")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "recruiting-2026-11-01_2026-11-30.csv") {
		t.Fatalf("csv: %d %v", resp.StatusCode, resp.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("csv rows %q: %v (want the header, customer service, and the people without a job: Gone left)", rows, err)
	}
	if got := strings.Join(rows[0][:7], ","); got != "岗位,新开名额,投递,初筛通过,面试,录用通知,入职" {
		t.Errorf("csv header %q", got)
	}
	if got := strings.Join(rows[1], ","); got != "客服,2,2,1,0,0,0,0,0,1,0,0,–,–" {
		t.Errorf("csv row %q: customer service, 2 positions, 2 applied, 1 screened, 1 not taken, no hire yet", got)
	}
	if got := strings.Join(rows[2], ","); got != "未设岗位,0,0,0,0,0,0,0,0,0,0,1,–,–" {
		t.Errorf("csv row %q: one who left, without a job", got)
	}

	// Closing: the board says so and the link takes no one.
	if status, body := f.post(zhao, board, board+"/close", nil); status != http.StatusOK || !strings.Contains(body, "职位已关闭") {
		t.Errorf("close: %d", status)
	}
	if _, _, err := f.recruit.Start(context.Background(), recruiting.StartAsk{Code: o.Code,
		Account: recruiting.Account{Platform: core.PlatformTelegram, UserID: "8003"}}); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("applying to a closed opening: %v", err)
	}

	// Where the bot's Telegram username is known, the list gives the link.
	tg := bot.New(bot.Config{Directory: f.dir, Clock: f.clock, TelegramBot: "freshfruit_hr_bot"})
	console, err := web.New(f.consoleConfig(func(c *web.Config) { c.Words = tg }))
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = console
	f.openPosition()
	if _, page := f.open(zhao, "/recruiting"); !strings.Contains(page, `href="https://t.me/freshfruit_hr_bot?start=apply-`) {
		t.Error("the list has no Telegram link")
	}
}
