package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/store"
)

// shopMember is a person of examples/org.yaml's shop as a turn reads them.
func shopMember(t *testing.T, db *store.DB, who string) core.Member {
	t.Helper()
	ctx := context.Background()
	org, err := store.NewOrgs(db).Find(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	e, err := store.NewDirectory(db).FindEmployee(ctx, org.ID, who)
	if err != nil {
		t.Fatal(err)
	}
	return core.Member{Employee: e, Org: org}
}

func jobsService(db *store.DB) *jobs.Service {
	return jobs.NewService(store.NewJobs(db), core.NewDirectory(store.NewDirectory(db), core.SystemClock{}), core.SystemClock{})
}

// TestJobDescriptions: the example's descriptions are stored, read with
// the people in each job, compared with a reader's skills, edited by HR
// only, and an edit shows up in the org file's preview as one it undoes.
func TestJobDescriptions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	applyExample(t, db)
	svc := jobsService(db)
	chen := shopMember(t, db, "chen")

	list, err := svc.List(ctx, chen)
	if err != nil {
		t.Fatal(err)
	}
	filled := map[string]int{}
	for _, j := range list {
		filled[j.Key] = j.Filled
	}
	if len(list) != 4 || filled["customer-service"] != 2 || filled["finance"] != 1 || filled["ops"] != 2 || filled["hr"] != 1 {
		t.Errorf("jobs: %+v", filled)
	}

	// Chen (finance, customer-service:1) reads customer service by its name.
	v, err := svc.Describe(ctx, chen, "客服")
	if err != nil {
		t.Fatal(err)
	}
	d := v.Job.Description
	if v.Job.Key != "customer-service" || v.Mine || d.Headcount != 3 || d.Pay == nil || d.Pay.Min.String() != "4500" ||
		len(d.KPIs) != 4 || d.KPIs[1].Target.String() != "4.8" || len(v.Shifts) != 2 || v.Shifts[1].Key != "cs-evening" {
		t.Errorf("customer service: %+v", v)
	}
	want := []jobs.SkillCheck{{Need: core.SkillLevel{Skill: "customer-service", Level: 2}, Has: 1},
		{Need: core.SkillLevel{Skill: "typing", Level: 1}, Has: 0}}
	if len(v.Skills) != 2 || v.Skills[0] != want[0] || v.Skills[1] != want[1] || v.Lacking() != 2 {
		t.Errorf("chen against customer service: %+v", v.Skills)
	}
	if v, err := svc.Describe(ctx, chen, "accounting"); err != nil || !v.Mine || v.Lacking() != 0 || v.Skills[0].Has != 3 {
		t.Errorf("chen's own job: %+v, %v", v, err)
	}
	if _, err := svc.Describe(ctx, chen, "barista"); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("an unknown job: %v", err)
	}

	// HR raises the pay on the console; an employee may not.
	d.Pay.Max = decimal.NewFromInt(7000)
	if err := svc.SetDescription(ctx, shopMember(t, db, "alice"), "customer-service", d, "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("alice edits: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'job.edit' AND outcome = 'denied'`); n != 1 {
		t.Errorf("%d refusals audited", n)
	}
	zhao := shopMember(t, db, "zhao")
	bad := d
	bad.Shifts = []string{"ops-night"}
	if err := svc.SetDescription(ctx, zhao, "customer-service", bad, "web"); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("a shift of another job: %v", err)
	}
	if err := svc.SetDescription(ctx, zhao, "customer-service", d, "web"); err != nil {
		t.Fatal(err)
	}
	if v, _ := svc.Describe(ctx, chen, "cs"); v.Job.Description.Pay.Max.String() != "7000" {
		t.Errorf("after the edit: %+v", v.Job.Description.Pay)
	}

	// Applying the example again would put the pay back: the preview says
	// which field, and that it undoes zhao's edit.
	data, err := os.ReadFile("../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := orgfile.Parse("../examples/org.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	f.Orgs[0].Handbook = ""
	changes, err := setupOf(db).Preview(ctx, f, "org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(changes.Records) != 1 {
		t.Fatalf("preview: %+v", changes.Records)
	}
	c := changes.Records[0]
	if c.Action != "job.update" || c.Key != "customer-service" || len(c.Fields) != 1 || c.Fields[0].Field != "pay" ||
		c.Fields[0].Before != "4500-7000 monthly" || c.Fields[0].After != "4500-6500 monthly" ||
		len(c.Undoes) != 1 || c.Undoes[0].Actor != "zhao" || c.Undoes[0].Action != jobs.AuditDescribe {
		t.Errorf("preview: %+v", c)
	}
}

// A reader's skills are the cover pool's: the org file's, or a quiz
// certificate valid at the time, the higher of each.
func TestJobSkillsCountValidCertificates(t *testing.T) {
	t.Parallel()
	f, tr, bank := trainingShop(t)
	ctx := context.Background()
	amy := f.people["amy"].ID
	if _, err := f.db.Pool().Exec(ctx, `INSERT INTO employee_skills (org_id, employee_id, skill, level) VALUES ($1, $2, 'customer-service', 1)`,
		f.org, amy); err != nil {
		t.Fatal(err)
	}
	pass := f.pass(t, tr, "amy", bank, "03-02")
	if err := tr.Certify(ctx, training.Certification{OrgID: f.org, EmployeeID: amy, Skill: "customer-service", Level: 2, BankID: bank.ID,
		AttemptID: pass, CertifiedAt: at(t, "03-02", 10, 5), ExpiresAt: at(t, "09-02", 10, 5)}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		md   string
		want int
	}{{"05-01", 2}, {"10-01", 1}} {
		held, err := store.NewJobs(f.db).Skills(ctx, amy, at(t, c.md, 9, 0))
		if err != nil {
			t.Fatal(err)
		}
		if held["customer-service"] != c.want || len(held) != 1 {
			t.Errorf("on %s: %v, want customer-service %d", c.md, held, c.want)
		}
	}
}
