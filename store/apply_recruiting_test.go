package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/store"
)

const recruitingSection = `
    recruiting:
      retention_days: 90
      stale_days: 2
      questions:
        cs:
          - {key: evenings, text: {zh-CN: 能上晚班吗？, en: "Evenings?"}, kind: yesno, knock_out: "no", score: 10}
          - {key: years, text: 几年经验？, kind: number, min: 1, score: 5, max_score: 15}
          - {key: typing, text: 打字速度？, kind: choice, options: [{text: "<40", knock_out: true}, {text: ">60", score: 10}]}
        ops:
          - {key: night, text: 能上夜班吗？, kind: yesno}
`

// The recruiting section lands in the org's recruiting_policies row, its
// questions in the JSON openings copy; each change is one audited record
// (the numbers, or one job's questions), and a file without the section
// deletes the row.
func TestApplyRecruitingPolicy(t *testing.T) {
	t.Parallel()
	db := openSealedDB(t)
	ctx := context.Background()
	file := recruitingOrg + recruitingSection
	res, err := apply(t, db, file)
	if err != nil {
		t.Fatal(err)
	}
	boss := memberIn(t, db, "shop", "boss")
	rec := store.NewRecruiting(db)
	p, err := rec.Policy(ctx, boss.Org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.RetentionDays != 90 || p.StaleDays != 2 || len(p.Questions["cs"]) != 3 || len(p.Questions["ops"]) != 1 {
		t.Fatalf("policy: %+v", p)
	}
	years := p.Questions["cs"][1]
	if years.Min == nil || years.Min.String() != "1" || years.Score.String() != "5" || years.MaxScore.String() != "15" ||
		p.Questions["cs"][2].Options[0].Text.In(core.LocaleEN) != "<40" || !p.Questions["cs"][2].Options[0].KnockOut {
		t.Errorf("questions read back: %+v", p.Questions["cs"])
	}
	// The stored JSON is recruiting.Question's: its keys, decimals as strings.
	if n := count(t, db, `SELECT count(*) FROM recruiting_policies WHERE org_id = $1
		AND questions->'cs'->0->>'knock_out' = 'no' AND questions->'cs'->0->'text'->>'zh-CN' = '能上晚班吗？'
		AND questions->'cs'->0->>'score' = '10' AND questions->'ops'->0->'text'->>'' = '能上夜班吗？'`, boss.Org.ID); n != 1 {
		t.Error("the questions are not stored as recruiting.Question's JSON")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE org_id = $1 AND
		(action, entity_id) IN (('recruiting_policy.create', 'recruiting'), ('recruiting_questions.create', 'cs'),
		                        ('recruiting_questions.create', 'ops'))`, boss.Org.ID); n != 3 {
		t.Errorf("%d creations audited, want 3 (%+v)", n, res)
	}

	// An opening copies its job's questions.
	svc := recruiting.NewService(rec, core.NewDirectory(store.NewDirectory(db), core.SystemClock{}), nil, core.SystemClock{})
	o, err := svc.Open(ctx, boss, recruiting.OpenAsk{Job: "cs", Headcount: 1}, "test")
	if err != nil || len(o.Questions) != 3 || o.Questions[0].KnockOut != "no" {
		t.Fatalf("open: %+v %v", o.Questions, err)
	}

	again, err := apply(t, db, file)
	if err != nil || again.Changed() {
		t.Fatalf("the same file again: %+v %v", again, err)
	}
	audits := count(t, db, `SELECT count(*) FROM audit_log`)
	changed := strings.Replace(file, "max_score: 15", "max_score: 20", 1)
	changed = strings.Replace(changed, "        ops:\n          - {key: night, text: 能上夜班吗？, kind: yesno}\n", "", 1)
	if res, err = apply(t, db, changed); err != nil || res.Updated != 2 || res.Created != 0 {
		t.Fatalf("one job changed, one dropped: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE org_id = $1 AND (
		(action = 'recruiting_questions.update' AND entity_id = 'cs' AND after->>'questions' LIKE '%"max_score":"20"%') OR
		(action = 'recruiting_questions.delete' AND entity_id = 'ops'))`, boss.Org.ID); n != 2 {
		t.Errorf("the change and the removal audited %d times, want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != audits+2 {
		t.Errorf("%d audit rows written, want 2", n-audits)
	}
	if p, _ := rec.Policy(ctx, boss.Org.ID); p.Questions["ops"] != nil || p.Questions["cs"][1].MaxScore.String() != "20" {
		t.Errorf("after the change: %+v", p.Questions)
	}

	if res, err = apply(t, db, recruitingOrg); err != nil || res.Updated != 2 {
		t.Fatalf("without the section: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT count(*) FROM recruiting_policies`); n != 0 {
		t.Error("the row outlived the section")
	}
	if p, _ := rec.Policy(ctx, boss.Org.ID); p.RetentionDays != recruiting.DefaultRetentionDays || len(p.Questions) != 0 {
		t.Errorf("defaults without the section: %+v", p)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE org_id = $1 AND action IN ('recruiting_policy.delete', 'recruiting_questions.delete')
		AND entity_id IN ('recruiting', 'cs')`, boss.Org.ID); n != 2 {
		t.Errorf("the removal audited %d times, want 2", n)
	}
}
