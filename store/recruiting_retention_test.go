package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// The shop keeps candidates 30 days; the mall has no recruiting section
// (180 days).
const retentionOrgs = `
orgs:
  - key: shop
    name: Shop
    recruiting: {retention_days: 30}
    employees:
      - {key: boss, name: Boss, role: manager}
      - {key: li, name: Li, manager: boss}
  - key: mall
    name: Mall
    employees:
      - {key: boss, name: Mall Boss, role: manager}
`

// Candidates whose every application closed more than the org's
// retention_days ago lose their name, contact, chat account, answers,
// interviewers' comments and files — the raw tables show none of it —
// while their applications and moves stay; a talent-pool candidate, one
// with an application still open or closed lately, an employee applying
// internally who is still here and another org's candidates within its
// own period stay as they are. A dry run changes nothing.
func TestPurgeErasesClosedCandidates(t *testing.T) {
	t.Parallel()
	f := newRecruitingFixture(t, retentionOrgs)
	ctx := context.Background()
	boss, mallBoss, li := memberIn(t, f.db, "shop", "boss"), memberIn(t, f.db, "mall", "boss"), memberIn(t, f.db, "shop", "li")
	one, two, mall := f.open(t, boss, "cs"), f.open(t, boss, "ops"), f.open(t, mallBoss, "sales")
	reject := func(a recruiting.Application, m core.Member) {
		t.Helper()
		if _, err := f.svc.Reject(ctx, m, a.ID, "not now", "test"); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := f.db.Pool().Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	ann := f.submit(t, one, "9301", "Ann")
	reject(ann, boss)
	exec(`INSERT INTO scorecards (org_id, application_id, interviewer_id, score, comment, at) VALUES ($1, $2, $3, 2, 'Ann was late', now())`,
		boss.Org.ID, ann.ID, boss.Employee.ID)
	bo := f.submit(t, one, "9302", "Bo")
	reject(bo, boss)
	exec(`UPDATE candidates SET talent_pool = true WHERE id = $1`, bo.Candidate.ID)
	cy := f.submit(t, one, "9303", "Cy")
	reject(cy, boss)
	f.submit(t, two, "9303", "Cy") // still open
	eve := recruiting.Account{Platform: core.PlatformTelegram, UserID: "9305", ChatID: "9305"}
	if _, _, err := f.svc.Start(ctx, recruiting.StartAsk{Code: one.Code, Account: eve, Name: "Eve"}); err != nil {
		t.Fatal(err) // and never comes back
	}
	hal := f.submit(t, one, "9306", "Hal")
	exec(`UPDATE applications SET stage = 'hired', hired_employee_id = $2 WHERE id = $1`, hal.ID, li.Employee.ID)
	internal := f.submitAs(t, recruiting.StartAsk{Code: two.Code, Employee: &li.Employee, Name: "Li",
		Account: recruiting.Account{Platform: core.PlatformTelegram, UserID: "9307", ChatID: "9307"}})
	reject(internal, boss)
	mo := f.submit(t, mall, "9308", "Mo")
	reject(mo, mallBoss)
	dee := f.submit(t, one, "9304", "Dee")
	if _, err := f.svc.Withdraw(ctx, recruiting.Account{Platform: core.PlatformTelegram, UserID: "9304"}, dee.ID); err != nil {
		t.Fatal(err)
	}
	f.advance(20 * 24 * time.Hour)
	deeAgain := f.submit(t, two, "9304", "Dee")
	f.advance(5 * 24 * time.Hour)
	reject(deeAgain, boss)
	moves := count(t, f.db, `SELECT count(*) FROM application_moves`)

	f.advance(5*24*time.Hour + time.Hour) // 30 days and an hour after the first closed
	dry, err := f.svc.Purge(ctx, "", true, "test", "cli")
	if err != nil {
		t.Fatal(err)
	}
	ids := func(es []recruiting.Erasure) map[int64]bool {
		out := map[int64]bool{}
		for _, e := range es {
			out[e.CandidateID] = true
		}
		return out
	}
	eveID := candidateOf(t, f, "9305")
	if got := ids(dry); len(got) != 3 || !got[ann.Candidate.ID] || !got[hal.Candidate.ID] || !got[eveID] {
		t.Fatalf("a dry run lists %+v, want Ann (%d), Hal (%d) and Eve (%d)", dry, ann.Candidate.ID, hal.Candidate.ID, eveID)
	}
	for _, e := range dry {
		if e.Done || e.OrgKey != "shop" || (e.CandidateID == ann.Candidate.ID && (e.Files != 1 || !e.Contact || e.Applications != 1)) {
			t.Errorf("dry run: %+v", e)
		}
	}
	if n := count(t, f.db, `SELECT count(*) FROM candidates WHERE erased_at IS NOT NULL OR name = ''`); n != 0 {
		t.Fatalf("a dry run erased %d candidates", n)
	}

	done, err := f.svc.Purge(ctx, "", false, "retention", "system")
	if err != nil || len(done) != 3 || !done[0].Done || !done[1].Done || !done[2].Done {
		t.Fatalf("purge: %+v %v", done, err)
	}
	// What is left of Ann, read straight from the tables.
	if n := count(t, f.db, `SELECT count(*) FROM candidates WHERE id = $1 AND name = '' AND user_id = '' AND chat_id = ''
		AND contact_sealed IS NULL AND erased_at IS NOT NULL`, ann.Candidate.ID); n != 1 {
		t.Error("Ann's name, account or contact is still there")
	}
	if n := count(t, f.db, `SELECT count(*) FROM applications WHERE candidate_id = $1 AND answers = '{}' AND stage = 'rejected'`,
		ann.Candidate.ID); n != 1 {
		t.Error("Ann's application is gone, or its answers are still there")
	}
	if n := count(t, f.db, `SELECT count(*) FROM candidate_files WHERE candidate_id = ANY($1)`,
		[]int64{ann.Candidate.ID, hal.Candidate.ID}); n != 0 {
		t.Errorf("%d files of erased candidates remain", n)
	}
	if n := count(t, f.db, `SELECT count(*) FROM scorecards WHERE application_id = $1 AND comment = '' AND score = 2`, ann.ID); n != 1 {
		t.Error("the interviewer's comment on Ann remains (or the score went)")
	}
	if n := count(t, f.db, `SELECT count(*) FROM application_moves`); n != moves {
		t.Errorf("moves: %d, were %d", n, moves)
	}
	if n := count(t, f.db, `SELECT count(*) FROM candidates WHERE name IN ('Ann', 'Eve', 'Hal') OR user_id IN ('9301', '9305', '9306')`); n != 0 {
		t.Errorf("%d erased candidates still named", n)
	}
	if n := count(t, f.db, `SELECT count(*) FROM candidates WHERE erased_at IS NULL AND name IN ('Bo', 'Cy', 'Li', 'Mo', 'Dee')`); n != 5 {
		t.Errorf("%d of the candidates to keep are kept, want 5", n)
	}
	if n := count(t, f.db, `SELECT count(*) FROM candidate_files WHERE candidate_id = $1`, bo.Candidate.ID); n != 1 {
		t.Error("the talent-pool candidate's CV went")
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'recruiting.erase' AND entity_type = 'candidate'
		AND actor_label = 'retention' AND after::text NOT LIKE '%Ann%' AND reason LIKE 'retention: 30 days after 2026-12-01%'`); n != 3 {
		t.Errorf("%d erasures audited as such, want 3", n)
	}
	if again, err := f.svc.Purge(ctx, "", false, "retention", "system"); err != nil || len(again) != 0 {
		t.Errorf("a second pass: %+v %v", again, err)
	}

	// Ann applies again: a new candidate, not the erased one.
	again := f.submit(t, two, "9301", "Ann")
	if again.Candidate.ID == ann.Candidate.ID || again.Candidate.Name != "Ann" {
		t.Errorf("Ann again: candidate %d (was %d) %q", again.Candidate.ID, ann.Candidate.ID, again.Candidate.Name)
	}

	// 30 days after Dee's second application closed, and once Li left,
	// they go too; the mall's Mo only after its 180 days.
	f.advance(25 * 24 * time.Hour)
	exec(`UPDATE employees SET status = 'left', left_on = '2027-01-20' WHERE id = $1`, li.Employee.ID)
	if done, err = f.svc.Purge(ctx, "shop", false, "retention", "system"); err != nil || len(done) != 2 {
		t.Fatalf("after 55 days: %+v %v", done, err)
	}
	if got := ids(done); !got[dee.Candidate.ID] || !got[internal.Candidate.ID] {
		t.Errorf("after 55 days erased %+v, want Dee and Li", done)
	}
	if done, err = f.svc.Purge(ctx, "mall", false, "retention", "system"); err != nil || len(done) != 0 {
		t.Fatalf("the mall after 55 days: %+v %v", done, err)
	}
	f.advance(130 * 24 * time.Hour)
	if done, err = f.svc.Purge(ctx, "mall", false, "retention", "system"); err != nil || len(done) != 1 || done[0].CandidateID != mo.Candidate.ID {
		t.Fatalf("the mall after 185 days: %+v %v", done, err)
	}
	if _, err := f.svc.Purge(ctx, "nowhere", true, "test", "cli"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("an unknown org: %v", err)
	}
}

// candidateOf returns the id of the candidate on a Telegram account.
func candidateOf(t *testing.T, f recruitingFixture, user string) int64 {
	t.Helper()
	var id int64
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT id FROM candidates WHERE user_id = $1`, user).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
