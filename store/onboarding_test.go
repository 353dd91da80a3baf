package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core/orgfile"
)

const onboardingOrg = `
orgs:
  - key: shop
    name: Shop
    teams: [{key: kf, name: 客服组}]
    employees:
      - {key: mei, name: Mei, job: cs, team: kf, hire_date: 2020-01-01}
      - {key: old, name: Old, job: cs}
      - {key: new, name: New, job: cs, hire_date: 2026-12-01}
      - {key: gone, name: Gone, job: cs, status: left, left_on: 2025-01-31, hire_date: 2024-01-01}
    onboarding:
      remind_at: "10:15"
      team_buddies: {kf: mei}
      checklists:
        - job: cs
          buddy: most_tenured
          tasks:
            - {title: {zh-CN: 准备工位, en: Prepare a desk}, owner: hr, day: -2}
            - {title: 客服测验 CS quiz, owner: person, day: 3, quiz: cs-1}
        - job: default
          tasks: [{title: Hello, owner: manager, day: 0}]
`

// TestOnboardingApplyAndExport: the section is applied once, exported as
// it was written, and export → apply changes nothing; a file without it
// removes the templates.
func TestOnboardingApplyAndExport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	if _, err := apply(t, db, onboardingOrg); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM checklist_templates`); n != 2 {
		t.Errorf("%d templates, want 2", n)
	}
	// Every active person the file adds is a hire for onboarding to
	// judge (who left is not); it decides who gets a checklist.
	if n := count(t, db, `SELECT count(*) FROM domain_events WHERE kind = 'employee.hired' AND payload->>'via' = 'orgfile'`); n != 3 {
		t.Errorf("%d hires published, want 3 (mei, old, new)", n)
	}
	res, err := apply(t, db, onboardingOrg)
	if err != nil || res.Changed() {
		t.Errorf("applying again changed something: %+v, %v", res, err)
	}
	if n := count(t, db, `SELECT count(*) FROM domain_events WHERE kind = 'employee.hired'`); n != 3 {
		t.Errorf("applying again published hires: %d", n)
	}

	setup := setupOf(db)
	out, err := setup.Export(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"onboarding:\n", `remind_at: "10:15"`, "kf: mei", "- job: cs\n", "buddy: most_tenured",
		"- {title: {en: Prepare a desk, zh-CN: 准备工位}, owner: hr, day: -2}", "quiz: cs-1}", "- job: default\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the export lacks %q:\n%s", want, out)
		}
	}
	exported, err := orgfile.Parse("exported.yaml", out)
	if err != nil {
		t.Fatalf("the export does not parse: %v\n%s", err, out)
	}
	original, err := orgfile.Parse("org.yaml", []byte(onboardingOrg))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := exported.Orgs[0].Onboarding, original.Orgs[0].Onboarding; !reflect.DeepEqual(got, want) {
		t.Errorf("exported onboarding\n got %#v\nwant %#v", got, want)
	}
	audits := count(t, db, `SELECT count(*) FROM audit_log`)
	if res, err := setup.Apply(ctx, exported, "exported.yaml"); err != nil || res.Changed() {
		t.Errorf("applying the export changed something: %+v, %v\n%s", res, err, out)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != audits {
		t.Errorf("export → apply wrote %d audit rows", n-audits)
	}

	without := onboardingOrg[:strings.Index(onboardingOrg, "    onboarding:")]
	if _, err := apply(t, db, without); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM checklist_templates`) + count(t, db, `SELECT count(*) FROM onboarding_policies`); n != 0 {
		t.Errorf("%d onboarding rows left after the section was removed", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action IN ('checklist.delete', 'onboarding_policy.delete')`); n != 3 {
		t.Errorf("%d removals audited, want 3", n)
	}
}
