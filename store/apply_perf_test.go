package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/store"
)

const perfPolicySection = `    performance:
      bands:
        - {band: A, min: 4.5, coefficient: 1.2, name: {zh-CN: 优秀, en: Excellent}}
        - {band: B, min: 3.5, coefficient: 1.0}
        - {band: C, min: 2.5, coefficient: 0.8}
        - {band: D, min: 1, coefficient: 0.5}
      bonus: {base: 1000}
      pay_offset: 1
`

// The performance section lands in perf_policies as one audited record,
// reads back as perf.Policy, previews a change field by field, exports
// as it was written, and goes with the section.
func TestApplyPerfPolicy(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	file := perfShop + perfPolicySection
	if _, err := apply(t, db, file); err != nil {
		t.Fatal(err)
	}
	org, err := store.NewOrgs(db).Find(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	pol, err := store.NewPayroll(db).PerfPolicy(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pol.Bands) != 4 || pol.Bands[0].Name[core.LocaleEN] != "Excellent" || pol.Bands[3].Coefficient.String() != "0.5" ||
		pol.BonusBase.String() != "1000" || !pol.BonusPercent.IsZero() || pol.PayOffset != 1 {
		t.Fatalf("policy read back: %+v", pol)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE org_id = $1 AND action = 'perf_policy.create' AND entity_id = 'performance'
		AND after->>'bands' LIKE 'A ≥ 4.5 × 1.2 (en Excellent, zh-CN 优秀); B ≥ 3.5 × 1; %'`, org.ID); n != 1 {
		t.Errorf("the creation audited %d times, want 1", n)
	}
	if again, err := apply(t, db, file); err != nil || again.Changed() {
		t.Fatalf("the same file again: %+v %v", again, err)
	}

	setup := setupOf(db)
	out, err := setup.Export(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\n        - {band: A, min: 4.5, coefficient: 1.2, name: {en: Excellent, zh-CN: 优秀}}\n") ||
		!strings.Contains(string(out), "\n      bonus: {base: 1000}\n      pay_offset: 1\n") {
		t.Errorf("export:\n%s", out)
	}

	changed, err := orgfile.Parse("org.yaml", []byte(strings.Replace(strings.Replace(file, "coefficient: 0.5", "coefficient: 0.6", 1),
		"{base: 1000}", "{percent: 10}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	preview, err := setup.Preview(ctx, changed, "org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(preview.Records) != 1 || preview.Records[0].Entity != "perf_policy" || preview.Records[0].Action != "perf_policy.update" {
		t.Fatalf("preview: %+v", preview.Records)
	}
	fields := map[string]orgfile.FieldChange{}
	for _, f := range preview.Records[0].Fields {
		fields[f.Field] = f
	}
	if f := fields["bonus_percent"]; f.Before != "0.00" || f.After != "10.00" || !strings.Contains(fields["bands"].After, "D ≥ 1 × 0.6") {
		t.Errorf("preview fields: %+v", preview.Records[0].Fields)
	}
	if p, _ := store.NewPayroll(db).PerfPolicy(ctx, org.ID); !p.BonusPercent.IsZero() {
		t.Error("the preview changed the policy")
	}

	if res, err := apply(t, db, perfShop); err != nil || res.Updated != 1 {
		t.Fatalf("without the section: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT count(*) FROM perf_policies`); n != 0 {
		t.Error("the row outlived the section")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE org_id = $1 AND action = 'perf_policy.delete'`, org.ID); n != 1 {
		t.Errorf("the removal audited %d times, want 1", n)
	}
	if p, err := store.NewPayroll(db).PerfPolicy(ctx, org.ID); err != nil || len(p.Bands) != 0 || p.PayOffset != 1 {
		t.Errorf("defaults without the section: %+v %v", p, err)
	}
}
