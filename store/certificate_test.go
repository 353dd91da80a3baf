package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/leaving/certificate"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

const certificateOrg = `
orgs:
  - key: shop
    name: 示例商店 Sample Shop
    time_zone: Asia/Shanghai
    locale: zh-CN
    jobs:
      - {key: cs, name: {zh-CN: 客服专员, en: Customer service}}
      - {key: ops, name: {zh-CN: 运营, en: Operations}}
    employees:
      - {key: boss, name: Boss, role: manager, job: ops}
      - {key: hr, name: 惠 Hui, role: hr, job: ops}
      - {key: li, name: 李雷 Li Lei, manager: boss, job: ops, hire_date: 2020-01-01}
      - {key: wang, name: 王芳 Wang Fang, manager: boss, job: cs, hire_date: 2024-03-01}
      - {key: old, name: 老周 Old Zhou, status: left, job: cs, hire_date: 2015-01-01, left_on: 2022-06-30}
`

// certificateWorld is certificateOrg on 15 October 2026 in Shanghai,
// with a key to seal files with and the services a certificate needs.
type certificateWorld struct {
	db    *store.DB
	clock *movableClock
	dir   *core.Directory
	svc   *certificate.Service
}

func newCertificateWorld(t *testing.T) *certificateWorld {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, certificateOrg); err != nil {
		t.Fatal(err)
	}
	key, err := sealed.NewKey(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealKey(key)
	w := &certificateWorld{db: db, clock: &movableClock{now: time.Date(2026, 10, 15, 10, 0, 0, 0, shanghai)}}
	w.dir = core.NewDirectory(store.NewDirectory(db), w.clock)
	w.svc = certificate.NewService(store.NewCertificates(db), w.dir, w.clock)
	return w
}

func (w *certificateWorld) contract(t *testing.T, key string, terms contracts.Terms) {
	t.Helper()
	svc := contracts.NewService(store.NewContracts(w.db), w.dir, w.clock)
	if _, err := svc.Create(context.Background(), memberIn(t, w.db, "shop", "hr"), key, terms, "test"); err != nil {
		t.Fatal(err)
	}
}

// Li resigns with notice, his manager and HR approve, and a transfer to
// customer service takes effect before his last day: HR's certificate
// states his legal name and ID number from his sealed file, the hire
// date, the last day, the job he holds on it (not today's), the
// contract covering it and 6 years 11 months of service — and the
// issuance is audited without any of it.
func TestCertificateOfResignation(t *testing.T) {
	t.Parallel()
	w := newCertificateWorld(t)
	ctx := context.Background()
	li, boss, hr := memberIn(t, w.db, "shop", "li"), memberIn(t, w.db, "shop", "boss"), memberIn(t, w.db, "shop", "hr")
	w.contract(t, "li", contracts.Terms{Kind: contracts.FixedTerm, Start: core.NewDate(2023, 1, 1), End: core.NewDate(2026, 12, 31),
		Signed: core.NewDate(2023, 1, 1)})
	files := personfile.NewService(store.NewPersonFiles(w.db), w.dir, w.clock)
	if _, err := files.Set(ctx, hr, "li", map[personfile.Field]string{personfile.FieldLegalName: "李雷",
		personfile.FieldIDNumber: "11010519491231002X"}, "入职登记", "test"); err != nil {
		t.Fatal(err)
	}

	if _, err := w.svc.Issue(ctx, hr, "li", "test"); !isKey(err, "certificate.still_employed") {
		t.Fatalf("before resigning: %v, want certificate.still_employed", err)
	}
	lv := leaving.NewService(store.NewLeavings(w.db), nil, store.NewLeavings(w.db), w.dir, w.clock)
	r, err := lv.Request(ctx, li, leaving.Ask{LastDay: core.NewDate(2026, 11, 30), Reason: "回老家"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Issue(ctx, hr, "li", "test"); !isKey(err, "certificate.still_employed") {
		t.Fatalf("while pending: %v, want certificate.still_employed", err)
	}
	for _, who := range []core.Member{boss, hr} {
		if _, err := lv.Decide(ctx, who, r.ID, leaving.Decision{Approve: true}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.db.Pool().Exec(ctx, `INSERT INTO transfers (org_id, employee_id, requested_by, effective_date, reason, status, step, job,
		from_job, created_at, sent_at) VALUES ($1, $2, $3, '2026-11-01', '转岗', 'approved', 'hr', 'cs', 'ops', now(), now())`,
		li.Org.ID, li.Employee.ID, hr.Employee.ID); err != nil {
		t.Fatal(err)
	}

	c, err := w.svc.Issue(ctx, hr, "li", "web")
	if err != nil {
		t.Fatal(err)
	}
	want := certificate.Certificate{LegalName: "李雷", IDType: personfile.IDResident, IDNumber: "11010519491231002X",
		Hired: core.NewDate(2020, 1, 1), LastDay: core.NewDate(2026, 11, 30), Locale: core.LocaleZH,
		Service: certificate.Span{Years: 6, Months: 11}, Issued: core.NewDate(2026, 10, 15)}
	if c.LegalName != want.LegalName || c.IDType != want.IDType || c.IDNumber != want.IDNumber || c.Hired != want.Hired ||
		c.LastDay != want.LastDay || c.Locale != want.Locale || c.Service != want.Service || c.Issued != want.Issued {
		t.Errorf("certificate:\n got %+v\nwant %+v", c, want)
	}
	if c.Job.Key != "cs" || c.Job.NameIn(core.LocaleZH) != "客服专员" {
		t.Errorf("job on the last day: %+v, want cs (客服专员), not today's ops", c.Job)
	}
	if c.Contract.Kind != contracts.FixedTerm || c.Contract.End != core.NewDate(2026, 12, 31) || c.Expired {
		t.Errorf("contract %+v expired %v", c.Contract, c.Expired)
	}
	if n := count(t, w.db, `SELECT count(*) FROM audit_log WHERE action = 'leaving.certificate' AND entity_id = 'li'
		AND outcome = 'ok' AND channel = 'web' AND actor_id = $1 AND reason = ''`, hr.Employee.ID); n != 1 {
		t.Errorf("%d audit rows of the issuance, want 1", n)
	}
	if n := count(t, w.db, `SELECT count(*) FROM audit_log WHERE action = 'leaving.certificate'
		AND concat(before::text, after::text, reason) ~ '110105|李雷'`); n != 0 {
		t.Errorf("the issuance's audit row carries the name or ID number")
	}
}

// Someone who left on a recorded day gets a certificate once their
// contract is on record; their fixed term ended on their last day, so
// it says the contract expired.
func TestCertificateOfLeaver(t *testing.T) {
	t.Parallel()
	w := newCertificateWorld(t)
	ctx := context.Background()
	hr := memberIn(t, w.db, "shop", "hr")
	if _, err := w.svc.Issue(ctx, hr, "old", "test"); !isKey(err, "certificate.no_contract") {
		t.Fatalf("without a contract: %v, want certificate.no_contract", err)
	}
	if _, err := w.db.Pool().Exec(ctx, `INSERT INTO contracts (org_id, employee_id, kind, start_on, end_on, created_at, updated_at)
		SELECT org_id, id, 'fixed_term', '2019-07-01', '2022-06-30', now(), now() FROM employees WHERE key = 'old'`); err != nil {
		t.Fatal(err)
	}
	c, err := w.svc.Issue(ctx, hr, "old", "test")
	if err != nil {
		t.Fatal(err)
	}
	if c.LegalName != "老周" || c.IDNumber != "" || c.LastDay != core.NewDate(2022, 6, 30) || c.Job.Key != "cs" ||
		c.Service != (certificate.Span{Years: 7, Months: 6}) || !c.Expired {
		t.Errorf("certificate of a leaver: %+v", c)
	}
	e, err := w.dir.FindEmployee(ctx, hr, "old", "test")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := w.svc.Available(ctx, hr, e); !ok || err != nil {
		t.Errorf("available for someone who left: %v, %v", ok, err)
	}
}

// An employee cannot have anyone's certificate, their own included: the
// refusal comes before anyone is looked up and is audited. HR asking for
// someone still employed is told so.
func TestCertificateRefused(t *testing.T) {
	t.Parallel()
	w := newCertificateWorld(t)
	ctx := context.Background()
	wang, hr := memberIn(t, w.db, "shop", "wang"), memberIn(t, w.db, "shop", "hr")
	for _, who := range []string{"old", "wang", "nobody"} {
		if _, err := w.svc.Issue(ctx, wang, who, "telegram"); core.ErrorCodeOf(err) != core.EForbidden {
			t.Errorf("wang asking for %s: %v, want forbidden", who, err)
		}
	}
	if n := count(t, w.db, `SELECT count(*) FROM audit_log WHERE action = 'people.manage' AND outcome = 'denied'
		AND actor_id = $1 AND channel = 'telegram'`, wang.Employee.ID); n != 3 {
		t.Errorf("%d refusals audited, want 3", n)
	}
	if n := count(t, w.db, `SELECT count(*) FROM audit_log WHERE action = 'leaving.certificate'`); n != 0 {
		t.Errorf("%d issuances audited, want none", n)
	}
	_, err := w.svc.Issue(ctx, hr, "wang", "test")
	if !isKey(err, "certificate.still_employed") {
		t.Fatalf("HR for someone employed: %v, want certificate.still_employed", err)
	}
	if e, _ := core.AsError(err); e.Args["name"] != "王芳 Wang Fang" {
		t.Errorf("the refusal names %q", e.Args["name"])
	}
	if ok, err := w.svc.Available(ctx, hr, wang.Employee); ok || err != nil {
		t.Errorf("available for someone employed: %v, %v", ok, err)
	}
}

// The org file's certificate section gives the org's own text, which a
// certificate in the org's language uses, an export writes back, and a
// file without the section takes away again.
func TestCertificateText(t *testing.T) {
	t.Parallel()
	w := newCertificateWorld(t)
	ctx := context.Background()
	own := "    certificate:\n      body:\n        zh-CN: \"兹证明{name}自{hire_date}至{last_day}在本店担任{job}。\"\n        en: \"{name} worked here.\"\n"
	withText := strings.Replace(certificateOrg, "    jobs:\n", own+"    jobs:\n", 1)
	if _, err := apply(t, w.db, withText); err != nil {
		t.Fatal(err)
	}
	certs := store.NewCertificates(w.db)
	org := memberIn(t, w.db, "shop", "hr").Org
	for loc, want := range map[core.Locale]string{core.LocaleZH: "兹证明{name}自{hire_date}至{last_day}在本店担任{job}。", core.LocaleEN: "{name} worked here."} {
		if got, err := certs.Body(ctx, org.ID, loc); got != want || err != nil {
			t.Errorf("%s: %q, %v; want %q", loc, got, err, want)
		}
	}
	f, err := store.NewSetup(w.db).ExportOrgFile(ctx, []string{"shop"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Orgs[0].Certificate[core.LocaleEN]; got != "{name} worked here." {
		t.Errorf("exported: %#v", f.Orgs[0].Certificate)
	}
	if _, err := apply(t, w.db, certificateOrg); err != nil {
		t.Fatal(err)
	}
	if got, err := certs.Body(ctx, org.ID, core.LocaleZH); got != "" || err != nil {
		t.Errorf("after a file without the section: %q, %v", got, err)
	}
	if n := count(t, w.db, `SELECT count(*) FROM audit_log WHERE entity_type = 'certificate_text' AND action IN
		('certificate_text.create', 'certificate_text.delete')`); n != 4 {
		t.Errorf("%d audit rows of the texts, want 4 (two created, two deleted)", n)
	}
}
