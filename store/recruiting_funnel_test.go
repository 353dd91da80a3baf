package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/store"
)

// funnelOrg is a shop in Shanghai where one of customer service and one
// of operations left in November.
const funnelOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: boss, name: Boss, role: manager, job: cs}
      - {key: hr, name: Hui, role: hr}
      - {key: li, name: Li, manager: boss, job: cs}
      - {key: mo, name: Mo, job: cs, hire_date: 2024-01-01, status: left, left_on: 2026-11-20}
      - {key: pat, name: Pat, job: ops, hire_date: 2024-01-01, status: left, left_on: 2026-11-05}
`

// inShanghai is a time of November (or December) 2026 in Shanghai.
func inShanghai(month time.Month, day, hour int) time.Time {
	return time.Date(2026, month, day, hour, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// Candidates of one opening are moved through the stages at set times —
// one hired after 14 days, one not taken, one screened out on an answer,
// one who said no to the consent, one who began in December — and the
// funnel is read back from application_moves: the opening's, for its
// hiring manager only, and November's recruiting report per job with the
// leavers beside it.
func TestFunnelFromMovesAtSetTimes(t *testing.T) {
	t.Parallel()
	db, boss, li := openAsking(t, funnelOrg)
	ctx := context.Background()
	clock := &movableClock{now: inShanghai(11, 2, 10)}
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	st := store.NewRecruiting(db)
	svc := recruiting.NewService(st, dir, nil, clock)
	o, err := svc.Open(ctx, boss, recruiting.OpenAsk{Job: "cs", Headcount: 2}, "test")
	if err != nil {
		t.Fatal(err)
	}
	// applyAt has a candidate open the link at a time and answer.
	applyAt := func(when time.Time, user string, ref int64, answers ...string) recruiting.Application {
		t.Helper()
		clock.Set(when)
		acc := recruiting.Account{Platform: core.PlatformTelegram, UserID: user, ChatID: user}
		a, _, err := svc.Start(ctx, recruiting.StartAsk{Code: o.Code, Account: acc, Name: user, ReferrerID: ref})
		if err != nil {
			t.Fatal(err)
		}
		if len(answers) == 0 {
			return a
		}
		p, err := svc.Consent(ctx, acc)
		for _, ans := range answers {
			if err == nil {
				p, err = svc.Answer(ctx, acc, ans)
			}
		}
		if err == nil && !p.KnockedOut {
			if _, err = svc.SkipCV(ctx, acc); err == nil {
				p, err = svc.Contact(ctx, acc, "138 0013 8000")
			}
		}
		if err != nil {
			t.Fatalf("%s applying: %v", user, err)
		}
		return p.Application
	}
	advanceAt := func(when time.Time, a recruiting.Application) recruiting.Application {
		t.Helper()
		clock.Set(when)
		a, err := svc.Advance(ctx, boss, a.ID, a.Stage, "test")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}

	ann := applyAt(inShanghai(11, 2, 11), "ann", 0, "yes", "3", "I like people")
	ann = advanceAt(inShanghai(11, 3, 9), ann)
	ann = advanceAt(inShanghai(11, 5, 9), ann)
	ann = advanceAt(inShanghai(11, 9, 9), ann)
	// The hire is an accepted offer's: moved in the store as it will be.
	hiredAt := inShanghai(11, 16, 11)
	ann.Stage, ann.StageSince = recruiting.Hired, hiredAt
	if err := st.Move(ctx, ann, recruiting.Offer, recruiting.Move{ApplicationID: ann.ID, From: recruiting.Offer, To: recruiting.Hired, At: hiredAt},
		core.AuditEntry{OrgID: boss.Org.ID, ActorID: boss.Employee.ID, Action: recruiting.AuditMove, Channel: "test", EntityType: "application", Outcome: core.OutcomeOK, At: hiredAt}, nil); err != nil {
		t.Fatal(err)
	}
	bo := applyAt(inShanghai(11, 4, 15), "bo", li.Employee.ID, "yes", "1", "near home")
	clock.Set(inShanghai(11, 6, 10))
	if _, err := svc.Reject(ctx, boss, bo.ID, "no weekends", "test"); err != nil {
		t.Fatal(err)
	}
	if cy := applyAt(inShanghai(11, 5, 20), "cy", 0, "no"); cy.Stage != recruiting.KnockedOut {
		t.Fatalf("cy: %s", cy.Stage)
	}
	clock.Set(inShanghai(11, 7, 8))
	di := applyAt(inShanghai(11, 7, 8), "di", 0)
	if _, err := svc.Withdraw(ctx, recruiting.Account{Platform: core.PlatformTelegram, UserID: "di"}, di.ID); err != nil {
		t.Fatal(err)
	}
	applyAt(inShanghai(12, 1, 9), "ed", 0) // December's, still answering

	// The opening's funnel, all its time: its hiring manager's to see.
	if _, err := svc.Funnel(ctx, li, o.ID, recruiting.Span{}, "test"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Fatalf("an employee reading the opening's funnel: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'recruiting.decide' AND outcome <> 'ok'`); n != 1 {
		t.Errorf("refusals audited: %d", n)
	}
	f, err := svc.Funnel(ctx, boss, o.ID, recruiting.Span{}, "test")
	if err != nil {
		t.Fatal(err)
	}
	got := []int{f.Started, f.Stage(recruiting.Applied).Reached, f.Stage(recruiting.Screened).Reached, f.Stage(recruiting.Offer).Reached,
		f.Stage(recruiting.Hired).Reached, f.Stage(recruiting.Applied).Dropped, f.KnockedOut, f.Withdrawn, f.Rejected, f.Hires, f.Positions}
	if want := []int{5, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2}; !equalInts(got, want) {
		t.Errorf("opening's funnel: started, applied, screened, offer, hired, dropped at applied, screened out, withdrawn, not taken, hires, positions = %v, want %v", got, want)
	}
	if f.MedianDays() != 14 {
		t.Errorf("days to hire %v, want 14", f.DaysToHire)
	}
	if f.Sources[1].Source != recruiting.FromReferral || f.Sources[1].Applied != 1 {
		t.Errorf("sources %+v: Bo was referred", f.Sources)
	}

	// November's report: cs with its funnel and Mo who left; ops with
	// nothing but Pat who left.
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	reps := reports.NewService(store.NewReports(db), att, leave.NewService(store.NewLeaves(db), att, dir, clock), dir)
	res, err := reps.Report(ctx, boss, reports.Recruiting, reports.Period{From: core.NewDate(2026, 11, 1), To: core.NewDate(2026, 11, 30)}, false, "test")
	if err != nil {
		t.Fatal(err)
	}
	want := "## recruiting 2026-11 (1 orgs): report.col.job | report.col.positions | report.col.applied | report.col.screened | " +
		"report.col.interview | report.col.offer | report.col.hired | report.col.knocked_out | report.col.withdrawn | report.col.not_taken | " +
		"report.col.hires_in_period | report.col.leavers | report.col.days_to_hire_median | report.col.days_to_hire_avg\n" +
		"cs: 2 | 2 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 14 | 14\n" +
		"ops: 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0\n" +
		"TOTAL: 2 | 2 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 2 | 14 | 14\n"
	if got := renderResult(res); got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
	if len(res.Notes) != 2 || res.Notes[0].Args[1] != "50.0%" || res.Notes[1].Args[1] != "1" || res.Notes[1].Args[5] != "1" {
		t.Errorf("notes %+v: half dropped at applied, one by the link and one referred", res.Notes)
	}
	// December has Ed's application begun, nothing else.
	dec, err := reps.Report(ctx, boss, reports.Recruiting, reports.Period{From: core.NewDate(2026, 12, 1), To: core.NewDate(2026, 12, 31)}, false, "test")
	if err != nil || len(dec.Rows) != 1 || dec.Rows[0].Values[1] != 0 || math.Abs(dec.Totals[0]) != 0 {
		t.Errorf("December: %s %v", renderResult(dec), err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
