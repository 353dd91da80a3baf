package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// An offer from the hiring manager (not from another opening's manager,
// whose refusal is audited) moves the application to offer and reaches
// the candidate; accepting it makes them an active employee with the job,
// team, manager and start date, publishes employee.hired for onboarding,
// leaves an invite their chat account redeems, and marks the application
// hired; the opening is filled once its two people are hired — the
// second named Li, whose key is taken.
func TestOfferAcceptedHires(t *testing.T) {
	t.Parallel()
	h := newHiring(t, 2)
	ctx := context.Background()
	bo := h.candidate("Bo Chen", "9002", recruiting.Interview, 0)
	ann := h.candidate("Ann", "9001", recruiting.Interview, 0)
	app := h.application(bo)
	ask := recruiting.OfferAsk{Salary: decimal.RequireFromString("6500"), PayKind: recruiting.PayMonthly,
		StartDate: core.NewDate(2026, 12, 14), Team: "front"}

	if _, err := h.svc.MakeOffer(ctx, h.amy, app, ask, "test"); core.ErrorCodeOf(err) != core.EForbidden || h.denied(h.amy) != 1 {
		t.Fatalf("another opening's manager making an offer: %v, %d refusals audited", err, h.denied(h.amy))
	}
	for key, bad := range map[string]recruiting.OfferAsk{
		"recruiting.offer_start_past": {Salary: ask.Salary, PayKind: recruiting.PayMonthly, StartDate: core.NewDate(2026, 12, 2)},
		"recruiting.offer_no_team":    {Salary: ask.Salary, PayKind: recruiting.PayMonthly, StartDate: ask.StartDate, Team: "nope"},
		"recruiting.offer_salary":     {PayKind: recruiting.PayMonthly, StartDate: ask.StartDate},
		"recruiting.offer_pay_kind":   {Salary: ask.Salary, PayKind: "weekly", StartDate: ask.StartDate},
	} {
		if _, err := h.svc.MakeOffer(ctx, h.boss, app, bad, "test"); !isKey(err, key) {
			t.Errorf("%s: %v", key, err)
		}
	}
	o, err := h.svc.MakeOffer(ctx, h.boss, app, ask, "test")
	if err != nil || o.TeamName != "Front desk" || o.ManagerID != h.boss.Employee.ID || o.Status != recruiting.OfferSent {
		t.Fatalf("offer: %+v %v", o, err)
	}
	if _, err := h.svc.MakeOffer(ctx, h.boss, app, ask, "test"); !isKey(err, "recruiting.offer_exists") {
		t.Fatalf("a second offer: %v", err)
	}
	msgs := h.outbox.sent(recruiting.TellOffer)
	if len(msgs) != 1 || msgs[0]["salary"] != "6500" || msgs[0]["start_date"] != "2026-12-14" || msgs[0]["team"] != "Front desk" ||
		msgs[0]["manager"] != "Boss" || msgs[0]["offer"] != strconv.FormatInt(o.ID, 10) {
		t.Fatalf("the offer sent: %v", msgs)
	}
	if got := h.outbox.sent(recruiting.TellAdvanced); len(got) != 0 {
		t.Errorf("the move to offer told as well: %v", got)
	}
	if _, err := h.svc.AnswerOffer(ctx, ann, o.ID, true); !isKey(err, "recruiting.no_offer") {
		t.Fatalf("Ann accepting Bo's offer: %v", err)
	}

	h.at(4, 9, 0)
	got, err := h.svc.AnswerOffer(ctx, bo, o.ID, true)
	if err != nil || got.Employee != "bo-chen" || got.Code == "" || got.Filled {
		t.Fatalf("accept: %+v %v", got, err)
	}
	checkHired(t, h, bo, app, o.ID, got)
	if _, err := h.svc.AnswerOffer(ctx, bo, o.ID, false); !isKey(err, "recruiting.offer_answered") {
		t.Fatalf("declining an accepted offer: %v", err)
	}

	li := h.candidate("Li", "9003", recruiting.Interview, 0)
	o2, err := h.svc.MakeOffer(ctx, h.hr, h.application(li), recruiting.OfferAsk{Salary: decimal.RequireFromString("32.5"),
		PayKind: recruiting.PayHourly, StartDate: core.NewDate(2026, 12, 20), Manager: "li"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if got, err = h.svc.AnswerOffer(ctx, li, o2.ID, true); err != nil || got.Employee != "li-2" || !got.Filled {
		t.Fatalf("the second hire: %+v %v", got, err)
	}
	if n := count(t, h.db, `SELECT count(*) FROM openings WHERE id = $1 AND status = 'filled'`, h.opening.ID); n != 1 {
		t.Error("the opening is not filled with two of two hired")
	}
	if n := count(t, h.db, `SELECT count(*) FROM audit_log WHERE action = 'recruiting.filled'`); n != 1 {
		t.Errorf("filled audited %d times", n)
	}
}

// A declined offer withdraws the application with the reason and hires
// nobody; an employee applying gets no offer: a transfer moves them.
func TestOfferDeclinedAndInternal(t *testing.T) {
	t.Parallel()
	h := newHiring(t, 1)
	ctx := context.Background()
	cy := h.candidate("Cy", "9004", recruiting.Interview, 0)
	app := h.application(cy)
	ask := recruiting.OfferAsk{Salary: decimal.RequireFromString("6000"), PayKind: recruiting.PayMonthly, StartDate: core.NewDate(2026, 12, 14)}
	o, err := h.svc.MakeOffer(ctx, h.boss, app, ask, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.AnswerOffer(ctx, cy, o.ID, false); err != nil {
		t.Fatal(err)
	}
	if n := count(t, h.db, `SELECT count(*) FROM applications WHERE id = $1 AND stage = 'withdrawn' AND reject_reason = 'declined offer'`, app); n != 1 {
		t.Error("a declined offer does not withdraw the application with its reason")
	}
	if n := count(t, h.db, `SELECT count(*) FROM offers WHERE id = $1 AND status = 'declined' AND answered_at IS NOT NULL`, o.ID); n != 1 {
		t.Error("the offer is not declined")
	}
	if n := count(t, h.db, `SELECT count(*) FROM employees`); n != 4 {
		t.Errorf("%d people after a declined offer", n)
	}
	if n := count(t, h.db, `SELECT count(*) FROM notifications WHERE kind = 'recruiting.offer_answered' AND params->>'answer' = 'declined'`); n != 1 {
		t.Errorf("told of the decline %d times", n)
	}
	if _, err := h.svc.AnswerOffer(ctx, cy, o.ID, true); !isKey(err, "recruiting.offer_answered") {
		t.Fatalf("accepting a declined offer: %v", err)
	}

	li := h.candidate("Li", "9005", recruiting.Interview, h.li.Employee.ID)
	liApp := h.application(li)
	if _, err := h.svc.MakeOffer(ctx, h.boss, liApp, ask, "test"); !isKey(err, "recruiting.internal_offer") {
		t.Fatalf("an offer to an employee: %v", err)
	}
	// An offer that reached them anyway (made before they were linked to
	// their employee) is not accepted as a hire either.
	var id int64
	if err := h.db.Pool().QueryRow(ctx, `UPDATE applications SET stage = 'offer' WHERE id = $1 RETURNING id`, liApp).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := h.db.Pool().QueryRow(ctx, `INSERT INTO offers (org_id, application_id, salary, pay_kind, start_date, status, sent_by, sent_at)
		VALUES ($1, $2, 6000, 'monthly', '2026-12-14', 'sent', $3, now()) RETURNING id`, h.boss.Org.ID, liApp, h.boss.Employee.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.AnswerOffer(ctx, li, id, true); !isKey(err, "recruiting.internal_offer") {
		t.Fatalf("an employee accepting an offer: %v", err)
	}
}

// checkHired checks what Bo's accepted offer made: the person, the event
// onboarding takes, the application and offer with the person, the
// opening still open (one of two), the code that links Bo's chat, the
// hiring manager told, the audit rows.
func checkHired(t *testing.T, h *hiring, bo recruiting.Account, app, offerID int64, got recruiting.OfferAnswer) {
	t.Helper()
	ctx := context.Background()
	var job, team, manager, status, role, locale, hireDate string
	if err := h.db.Pool().QueryRow(ctx, `SELECT e.job, t.key, m.key, e.status, e.role, e.locale, e.hire_date::text
		FROM employees e JOIN teams t ON t.id = e.team_id JOIN employees m ON m.id = e.manager_id WHERE e.key = 'bo-chen'`).
		Scan(&job, &team, &manager, &status, &role, &locale, &hireDate); err != nil {
		t.Fatal(err)
	}
	if job != "cs" || team != "front" || manager != "boss" || status != "active" || role != "employee" || locale != "en" ||
		hireDate != "2026-12-14" {
		t.Errorf("the new person: %s %s %s %s %s %s %s", job, team, manager, status, role, locale, hireDate)
	}
	if n := count(t, h.db, `SELECT count(*) FROM domain_events d JOIN employees e ON e.id = (d.payload->>'employee_id')::bigint
		WHERE d.kind = 'employee.hired' AND e.key = 'bo-chen' AND d.payload->>'via' = 'staff'`); n != 1 {
		t.Errorf("employee.hired published %d times", n)
	}
	if n := count(t, h.db, `SELECT count(*) FROM applications a JOIN employees e ON e.id = a.hired_employee_id
		WHERE a.id = $1 AND a.stage = 'hired' AND e.key = 'bo-chen'`, app); n != 1 {
		t.Error("the application is not hired with its person")
	}
	if n := count(t, h.db, `SELECT count(*) FROM offers WHERE id = $1 AND status = 'accepted' AND employee_id IS NOT NULL`, offerID); n != 1 {
		t.Error("the offer is not accepted with its person")
	}
	if n := count(t, h.db, `SELECT count(*) FROM openings WHERE id = $1 AND status = 'open'`, h.opening.ID); n != 1 {
		t.Error("the opening is filled with one of two hired")
	}
	hired := h.outbox.sent(recruiting.TellHired)
	if len(hired) != 1 || hired[0]["code"] != got.Code || hired[0]["employee"] != "bo-chen" {
		t.Fatalf("the candidate's code: %v", hired)
	}
	m, err := h.dir.RedeemInvite(ctx, core.PlatformTelegram, bo.UserID, got.Code)
	if err != nil || m.Employee.Key != "bo-chen" {
		t.Fatalf("the candidate's chat redeeming the code: %+v %v", m.Employee, err)
	}
	if h.notified(recruiting.NotifyOfferAnswered, h.boss) != 1 {
		t.Error("the hiring manager was not told")
	}
	for _, action := range []string{"recruiting.offer", "recruiting.hire", "invite.create", "recruiting.offer_answer"} {
		if n := count(t, h.db, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'ok'`, action); n != 1 {
			t.Errorf("%s audited %d times", action, n)
		}
	}
}
