package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/store"
)

// perfJobs gives transferOrg's customer service three KPIs: one from
// attendance, one imported, one a judgement.
const perfJobs = `
    jobs:
      - key: customer-service
        name: {zh-CN: 客服, en: customer service}
        description:
          kpis:
            - {key: punctuality, name: {zh-CN: 准时上班, en: Punctuality}, measure: attendance.late_count, target: 2, weight: 40}
            - {key: satisfaction, name: {zh-CN: 顾客满意度, en: Customer satisfaction}, measure: import, target: 4.8, weight: 40}
            - {key: teamwork, name: {zh-CN: 团队协作, en: Teamwork}, measure: judgement, weight: 20}
      - {key: ops, name: {zh-CN: 运营, en: operations}}
`

type perfHarness struct {
	*transferHarness
	perf *perf.Service
}

func newPerfHarness(t *testing.T, facts map[string]perf.Facts) *perfHarness {
	t.Helper()
	th := &transferHarness{harness: newHarnessWith(t, transferOrg+perfJobs)}
	th.restart()
	h := &perfHarness{transferHarness: th}
	h.at("2026-12-01 10:00")
	byID := map[int64]perf.Facts{}
	for key, f := range facts {
		byID[h.member(key).Employee.ID] = f
	}
	st := store.NewPerf(h.db)
	h.perf = perf.NewService(st, store.NewJobs(h.db), factsByID(byID), st, h.dir, nil, h.clock)
	h.bot = bot.New(bot.Config{Directory: h.dir, Attendance: h.att, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), Clock: h.clock, Desks: bot.Desks{Perf: h.perf}})
	return h
}

type factsByID map[int64]perf.Facts

func (f factsByID) Facts(context.Context, core.Org, []int64, perf.Period) (map[int64]perf.Facts, error) {
	return f, nil
}

// scoreButton finds the button giving score on the card among rs.
func scoreButton(t *testing.T, rs []bot.Reply, action string, score int) bot.Button {
	t.Helper()
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.ActionID == action && strings.HasSuffix(b.Value, ":"+strconv.Itoa(score)) {
					return b
				}
			}
		}
	}
	t.Fatalf("no %s %d button in %q", action, score, texts(rs))
	return bot.Button{}
}

func (h *perfHarness) tick(local string) {
	h.t.Helper()
	h.at(local)
	if err := h.perf.Tick(context.Background(), h.clock.Now()); err != nil {
		h.t.Fatal(err)
	}
}

func (h *perfHarness) reviewID(person string) string {
	h.t.Helper()
	var id int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT r.id FROM perf_reviews r JOIN employees e ON e.id = r.employee_id
		WHERE e.key = $1 ORDER BY r.id DESC LIMIT 1`, person).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// A monthly cycle for the customer-service team, in chat from opening to
// the appeal's answer: Alice self-reviews over two sittings with the
// facts beside each item, Bob (中文) forgets and is reminded once, Boss
// reviews Alice beside her self-scores, is reminded about Bob and, late,
// escalated to HR; HR cannot publish with scores missing, calibrates
// with reasons (the originals kept), publishes; Alice sees her result
// and appeals; HR answers.
func TestMonthlyReviewInChat(t *testing.T) {
	t.Parallel()
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	h := newPerfHarness(t, map[string]perf.Facts{
		"alice": {Late: 1, OvertimeHours: d("6.5"), CoverGiven: 3, CoverGivenHours: d("24"), CoverRating: d("4.67"), CoverRated: 3,
			Imported: map[string]decimal.Decimal{"satisfaction": d("4.9")}},
		"bob": {Late: 4, AbsentDays: 2},
	})

	preview := h.replies("hr", "/cycle open monthly team cs 2026-11")
	mustContain(t, texts(preview), "Open the monthly review 2026-11 cs for team cs: 3 people, period 2026-11-01 – 2026-11-30.",
		"Self-reviews until 2026-12-03 (Thu)", "People: Alice Li, Bob Chen, Boss Wang")
	mustContain(t, h.pressAs("hr", button(t, preview, "perf.open")), "Cycle 2026-11 cs is open: 3 people")
	if n := h.count(`SELECT count(*) FROM perf_reviews`); n != 3 {
		t.Fatalf("reviews: %d", n)
	}

	aliceSelfReviews(t, h)

	// Bob forgets: reminded the day before the window closes, once.
	h.tick("2026-12-02 09:00")
	h.tick("2026-12-02 15:00")
	if n := h.count(`SELECT count(*) FROM notifications WHERE kind = 'perf.self_remind'`); n != 2 { // Bob and Boss
		t.Fatalf("self reminders: %d, want 2", n)
	}
	mustContain(t, h.console("bob", "/whoami"), "2026-11 cs 自评将于 2026-12-03（周四） 截止，目前已评 0/3 项。")

	// Boss was given Alice's review when she sent it: her self-scores
	// beside each item.
	card := h.replies("boss", "/whoami")
	mustContain(t, texts(card), "Please review Alice Li for 2026-11 cs by 2026-12-06 (Sun). Their self-review is in.")
	items := h.press("boss", button(t, card, "perf.m.start"))
	mustContain(t, texts(items), "Alice Li · 1/3", "Alice Li's self-score: 4 “never late in the 11.11 rush”")
	for _, score := range []int{5, 4, 4} {
		scored := h.press("boss", scoreButton(t, items, "perf.m.score", score))
		items = h.press("boss", button(t, scored, "perf.m.next"))
	}
	msum := h.press("boss", button(t, items, "perf.m.next"))
	mustContain(t, texts(msum), "Weighted score: 4.4")
	mustContain(t, h.pressAs("boss", button(t, msum, "perf.m.submit")), "Your review of Alice Li for 2026-11 cs is sent: 4.4.")

	// The self-review window closes: Bob's review goes to Boss without
	// one, Boss's own to HR; reminded the day before it is due; past it,
	// escalated to HR.
	h.tick("2026-12-04 09:00")
	mustContain(t, h.console("boss", "/whoami"), "Please review Bob Chen", "They sent no self-review.")
	h.tick("2026-12-05 09:00")
	mustContain(t, h.console("boss", "/whoami"), "Your review of Bob Chen for 2026-11 cs is due 2026-12-06 (Sun).")
	h.tick("2026-12-07 09:00")
	h.tick("2026-12-07 09:30")
	mustContain(t, h.console("hr", "/whoami"), "Boss Wang has not reviewed Bob Chen for 2026-11 cs; it was due 2026-12-06 (Sun).")
	if n := h.count(`SELECT count(*) FROM notifications WHERE kind = 'perf.manager_late'`); n != 2 { // Bob's and Boss's own
		t.Fatalf("escalations: %d, want 2", n)
	}

	// Calibration: missing scores stop publishing; HR sets them with
	// reasons and adjusts Alice's; the originals stay.
	cycle := h.replies("hr", "/cycle 1")
	mustContain(t, texts(cycle), "Self-reviews 1/3", "manager reviews 1/3", "Alice Li: 4.4",
		"Bob Chen: no self-review; manager review pending", "Bob Chen: no manager review yet.")
	mustContain(t, h.pressAs("hr", button(t, cycle, "perf.publish")), "2 reviews have no score yet: Bob Chen, Boss Wang")
	mustContain(t, h.console("hr", "/calibrate "+h.reviewID("bob")), "Write /calibrate REVIEW-ID SCORE REASON")
	mustContain(t, h.console("hr", "/calibrate "+h.reviewID("bob")+" 2.5 four late days and two absences"),
		"Bob Chen: – → 2.5, reason kept: four late days and two absences")
	h.console("hr", "/calibrate "+h.reviewID("boss")+" 3.5 reviewed with the owner")
	mustContain(t, h.console("hr", "/calibrate "+h.reviewID("alice")+" 4.2 in line with the team"), "Alice Li: 4.4 → 4.2")
	if n := h.count(`SELECT count(*) FROM perf_reviews WHERE score = 4.4 AND calibrated_score = 4.2 AND calibration_reason <> ''`); n != 1 {
		t.Fatal("the original score or the reason was not kept")
	}
	mustContain(t, h.pressAs("hr", button(t, h.replies("hr", "/cycle 1"), "perf.publish")), "2026-11 cs is published: 3 people")

	// Alice's result, her appeal, HR's answer.
	result := h.replies("alice", "/whoami")
	mustContain(t, texts(result), "Your result for 2026-11 cs: 4.2.", "The score was adjusted in calibration.",
		"Punctuality: you 4 · manager 5")
	mustContain(t, h.pressAs("alice", button(t, result, "perf.appeal")), "What do you disagree with?")
	mustContain(t, h.console("alice", "I covered three shifts in the rush"), "Your appeal went to HR.")
	appeal := h.replies("hr", "/whoami")
	mustContain(t, texts(appeal), "Alice Li appeals their result for 2026-11 cs (4.2): I covered three shifts in the rush")
	h.pressAs("hr", button(t, appeal, "perf.answer"))
	mustContain(t, h.console("hr", "The cover is counted in your facts; the team's scores were evened out."), "Your answer was sent to Alice Li.")
	mustContain(t, h.console("alice", "/whoami"), "HR answered your appeal on 2026-11 cs: The cover is counted")
}

// Who sees what: a person never another's review; a manager only his
// team's; the refusals audited. Notes stay private unless shared.
func TestPerfPrivacy(t *testing.T) {
	t.Parallel()
	h := newPerfHarness(t, nil)
	h.pressAs("hr", button(t, h.replies("hr", "/cycle open monthly team cs 2026-11"), "perf.open"))
	alice := h.reviewID("alice")

	mustContain(t, h.console("bob", "/review "+alice), "只有对方的上级或 HR 可以查看或评估其绩效。")
	mustContain(t, h.console("lead", "/review "+alice), "Only their manager or HR")
	mustContain(t, h.console("bob", "/cycle"), "只有 HR")
	mustContain(t, h.console("bob", "/calibrate "+alice+" 5 I like her"), "只有 HR")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'perf.review' AND outcome = 'denied'`); n != 2 {
		t.Errorf("denied review audits: %d, want 2", n)
	}
	if n := h.count(`SELECT count(*) FROM perf_reviews WHERE calibrated_score IS NOT NULL`); n != 0 {
		t.Fatal("an employee calibrated a score")
	}

	preview := h.replies("boss", "/note alice handled the rush calmly")
	mustContain(t, texts(preview), "Keep it between you and HR, or share it with Alice Li?")
	h.pressAs("boss", button(t, preview, "perf.note"))
	shared := h.replies("boss", "/note alice please update the FAQ replies")
	h.pressAs("boss", bot.Button{ActionID: "perf.note", Value: "s" + button(t, shared, "perf.note").Value[1:]})
	mustContain(t, h.console("alice", "/whoami"), "Boss Wang shared feedback with you: please update the FAQ replies")
	mine := h.console("alice", "/notes")
	mustContain(t, mine, "Boss Wang (shared): please update the FAQ replies")
	if strings.Contains(mine, "calmly") {
		t.Errorf("a private note reached its person: %q", mine)
	}
	mustContain(t, h.console("hr", "/notes alice"), "handled the rush calmly", "please update the FAQ replies")
	mustContain(t, h.console("bob", "/notes alice"), "只有对方的上级或 HR")
	mustContain(t, h.console("bob", "/note bob I am great"), "不能评估自己。")
}

// A probation review ends in a decision the contract keeps: Boss
// confirms Alice (转正) with his review, HR publishes, and her contract's
// probation is confirmed — its reminders stop.
func TestProbationReviewConfirms(t *testing.T) {
	t.Parallel()
	h := newPerfHarness(t, nil)
	ctx := context.Background()
	deals := contracts.NewService(store.NewContracts(h.db), h.dir, h.clock)
	st := store.NewPerf(h.db)
	h.perf = perf.NewService(st, store.NewJobs(h.db), factsByID{}, st, h.dir, perf.ContractProbations{Contracts: deals, Store: store.NewContracts(h.db)}, h.clock)
	h.bot = bot.New(bot.Config{Directory: h.dir, Attendance: h.att, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), Clock: h.clock, Desks: bot.Desks{Perf: h.perf, Contracts: deals}})
	mustContain(t, h.console("hr", "/contract alice fixed 2026-09-01 2029-08-31 probation 2026-12-15"), "2026-12-15")

	preview := h.replies("hr", "/cycle open 试用期 alice")
	mustContain(t, texts(preview), "Open the probation review", "People: Alice Li")
	h.pressAs("hr", button(t, preview, "perf.open"))
	id, _ := strconv.ParseInt(h.reviewID("alice"), 10, 64)
	alice := h.member("alice")
	for _, key := range []string{"punctuality", "satisfaction", "teamwork"} {
		if _, err := h.perf.ScoreSelf(ctx, alice, id, perf.Mark{Item: key, Score: 4}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.perf.FinishSelf(ctx, alice, id, "", "console"); err != nil {
		t.Fatal(err)
	}
	items := h.press("boss", button(t, h.replies("boss", "/review"), "perf.m.start"))
	for i := 0; i < 3; i++ {
		items = h.press("boss", button(t, h.press("boss", scoreButton(t, items, "perf.m.score", 4)), "perf.m.next"))
	}
	decision := h.press("boss", button(t, items, "perf.m.next"))
	mustContain(t, texts(decision), "A probation review ends in a decision: confirm Alice Li")
	mustContain(t, h.pressAs("boss", button(t, decision, "perf.m.outcome")), "Your review of Alice Li")
	if n := h.count(`SELECT count(*) FROM contracts WHERE probation_outcome <> ''`); n != 0 {
		t.Fatal("the decision reached the contract before the result was published")
	}
	mustContain(t, h.pressAs("hr", button(t, h.replies("hr", "/cycle "+strconv.FormatInt(h.cycleID(), 10)), "perf.publish")), "is published")
	if n := h.count(`SELECT count(*) FROM contracts WHERE probation_outcome = 'confirmed'`); n != 1 {
		t.Fatal("the contract's probation was not confirmed")
	}
	mustContain(t, h.console("alice", "/review"), "result 4.")
}

func (h *perfHarness) cycleID() int64 {
	h.t.Helper()
	var id int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT max(id) FROM perf_cycles`).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// HR cannot calibrate their own score nor answer their own appeal; an
// appeal is filed once, however many presses.
func TestPerfOwnScoreAndAppealOnce(t *testing.T) {
	t.Parallel()
	h := newPerfHarness(t, nil)
	ctx := context.Background()
	h.pressAs("hr", button(t, h.replies("hr", "/cycle open monthly 2026-11"), "perf.open"))
	mustContain(t, h.console("hr", "/calibrate "+h.reviewID("hr")+" 5 I was great"), "You cannot review yourself.")
	for _, p := range []string{"alice", "bob", "boss", "lead"} {
		h.console("hr", "/calibrate "+h.reviewID(p)+" 3 agreed with the owner")
	}
	id, _ := strconv.ParseInt(h.reviewID("hr"), 10, 64)
	// Helen's own score is the owner's (an admin's) to set; this org has
	// none, so the test sets it as they would.
	if _, err := h.db.Pool().Exec(ctx, `UPDATE perf_reviews SET calibrated_score = 3, calibration_reason = 'by the owner' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.pressAs("hr", button(t, h.replies("hr", "/cycle "+strconv.FormatInt(h.cycleID(), 10)), "perf.publish")), "is published")
	alice, _ := strconv.ParseInt(h.reviewID("alice"), 10, 64)
	done := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() {
			_, err := h.perf.Appeal(ctx, h.member("alice"), alice, "too low", "console")
			done <- err
		}()
	}
	errs := []error{<-done, <-done}
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two appeals at once: %v, %v; want one through", errs[0], errs[1])
	}
	if n := h.count(`SELECT count(*) FROM notifications WHERE kind = 'perf.appeal'`); n != 1 {
		t.Fatalf("HR told of %d appeals, want 1", n)
	}
	hrID, _ := strconv.ParseInt(h.reviewID("hr"), 10, 64)
	if _, err := h.perf.AnswerAppeal(ctx, h.member("hr"), hrID, "granted", "console"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Fatalf("HR answering their own review's appeal: %v", err)
	}
}

// aliceSelfReviews: Alice is told, sees the facts with the first item,
// stops halfway and goes on from /review, changes a score from the
// summary and submits (twice: sent once).
func aliceSelfReviews(t *testing.T, h *perfHarness) {
	t.Helper()
	told := h.replies("alice", "/whoami")
	mustContain(t, texts(told), "Your self-review for 2026-11 cs is open until 2026-12-03 (Thu): 3 items")
	first := h.press("alice", button(t, told, "perf.s.start"))
	mustContain(t, texts(first), "What the records say for 2026-11-01 – 2026-11-30:",
		"Attendance: 1 days late, 0 days absent, 6.5 h overtime", "Cover given: 3 shifts, 24 h, rated 4.67 of 5 (3 ratings)",
		"Imported: satisfaction 4.9", "1/3", "Punctuality · Weight: 40%", "Fact: 1 days late — target ≤ 2 ✓")
	mustContain(t, h.pressAs("alice", scoreButton(t, first, "perf.s.score", 4)), "Punctuality: 4. Add a line on why?")
	second := h.replies("alice", "never late in the 11.11 rush")
	mustContain(t, texts(second), "2/3", "Customer satisfaction", "Fact: 4.9 — target ≥ 4.8 ✓")
	h.press("alice", scoreButton(t, second, "perf.s.score", 5))
	// She leaves; /review tells her where she stopped, and she goes on.
	mine := h.replies("alice", "/review")
	mustContain(t, texts(mine), "2026-11 cs: your self-review is open until 2026-12-03 (Thu) — 2 of 3 scored.")
	third := h.press("alice", button(t, mine, "perf.s.start"))
	mustContain(t, texts(third), "3/3", "Teamwork", "A judgement: no number from the records.")
	next := h.press("alice", scoreButton(t, third, "perf.s.score", 3))
	mustContain(t, texts(h.press("alice", button(t, next, "perf.s.next"))), "All 3 scored.")
	summary := h.replies("alice", "a good month")
	mustContain(t, texts(summary), "Punctuality: 4 “never late in the 11.11 rush”", "Customer satisfaction: 5", "Teamwork: 3", "Overall: a good month")
	// She thinks again about teamwork from the summary.
	var change bot.Button
	for _, row := range summary[0].Buttons {
		for _, bt := range row {
			if bt.Label == "✏️ Teamwork" {
				change = bt
			}
		}
	}
	again := h.press("alice", change)
	mustContain(t, texts(again), "3/3", "Teamwork")
	h.press("alice", button(t, h.press("alice", scoreButton(t, again, "perf.s.score", 4)), "perf.s.next"))
	summary = h.replies("alice", "a good month")
	mustContain(t, texts(summary), "Teamwork: 4", "Overall: a good month")
	mustContain(t, h.pressAs("alice", button(t, summary, "perf.s.submit")), "Self-review for 2026-11 cs sent. Boss Wang reviews it next")
	mustContain(t, h.pressAs("alice", button(t, summary, "perf.s.submit")), "no longer")

}

// A cycle for a team or job that does not exist is refused in the
// asker's words, the kind of scope translated too.
func TestPerfUnknownScope(t *testing.T) {
	t.Parallel()
	h := newPerfHarness(t, nil)
	mustContain(t, h.console("hr", "/cycle open monthly team nosuch"), "No team “nosuch” here.")
	if _, err := h.db.Pool().Exec(context.Background(), `UPDATE employees SET locale = 'zh-CN' WHERE key = 'hr'`); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.console("hr", "/cycle open monthly team nosuch"), "这里没有团队“nosuch”。")
	mustContain(t, h.console("hr", "/cycle open monthly job nosuch"), "这里没有岗位“nosuch”。")
}
