package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

const filesOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    retention: {years_after_leaving: 3}
    employees:
      - {key: hr, name: Helen HR, role: hr}
      - {key: li, name: Li Lei, hire_date: 2020-01-01}
      - {key: old, name: Old Timer, status: left, hire_date: 2015-01-01, left_on: 2022-06-30}
      - {key: recent, name: Recent Leaver, status: left, hire_date: 2019-01-01, left_on: 2024-06-30}
`

// fileWorld is a database with filesOrg applied and a key to seal with.
type fileWorld struct {
	db    *store.DB
	files store.PersonFiles
	svc   *personfile.Service
	org   core.Org
	ids   map[string]int64
}

func newFileWorld(t *testing.T) *fileWorld {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, filesOrg); err != nil {
		t.Fatal(err)
	}
	key, err := sealed.NewKey(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealKey(key)
	w := &fileWorld{db: db, files: store.NewPersonFiles(db), ids: map[string]int64{}}
	clock := core.ClockFunc(func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) })
	w.svc = personfile.NewService(w.files, core.NewDirectory(store.NewDirectory(db), clock), clock)
	ctx := context.Background()
	if err := db.Pool().QueryRow(ctx, `SELECT id, key, time_zone FROM orgs WHERE key = 'shop'`).Scan(&w.org.ID, &w.org.Key, &w.org.TimeZone); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Pool().Query(ctx, `SELECT key, id FROM employees WHERE org_id = $1`, w.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			t.Fatal(err)
		}
		w.ids[k] = id
	}
	return w
}

// put writes a file for person as the store's Update would for HR.
func (w *fileWorld) put(t *testing.T, person string, f personfile.File) error {
	t.Helper()
	_, err := w.files.Update(context.Background(), w.org.ID, w.ids[person], func(personfile.File) (personfile.File, *core.AuditEntry, error) {
		return f, &core.AuditEntry{OrgID: w.org.ID, ActorLabel: "test", Action: personfile.AuditUpdate, EntityType: "employee",
			EntityID: person, Channel: "cli", Outcome: core.OutcomeOK, At: time.Now()}, nil
	})
	return err
}

var liFile = personfile.File{LegalName: "李雷", IDType: personfile.IDResident, IDNumber: "11010119950307123X",
	Phone: "13812345678", Address: "北京市朝阳区建国路88号", EmergencyName: "韩梅梅", EmergencyPhone: "13900001111", School: "北京大学"}

// The sensitive fields are sealed in the table, bound to their row, and
// open again with the key; without it they are neither read nor written.
func TestPersonFileSealedAtRest(t *testing.T) {
	t.Parallel()
	w := newFileWorld(t)
	ctx := context.Background()
	if err := w.put(t, "li", liFile); err != nil {
		t.Fatal(err)
	}
	var id, phone, address, emergency []byte
	var name string
	if err := w.db.Pool().QueryRow(ctx, `SELECT id_number, phone, address, emergency_phone, legal_name FROM person_files WHERE employee_id = $1`,
		w.ids["li"]).Scan(&id, &phone, &address, &emergency, &name); err != nil {
		t.Fatal(err)
	}
	for plain, raw := range map[string][]byte{liFile.IDNumber: id, liFile.Phone: phone, liFile.Address: address, liFile.EmergencyPhone: emergency} {
		if len(raw) == 0 || bytes.Contains(raw, []byte(plain)) || bytes.Contains(raw, []byte(plain[len(plain)-4:])) {
			t.Errorf("%q stored as %q", plain, raw)
		}
	}
	if name != "李雷" {
		t.Errorf("legal name stored as %q", name)
	}
	rec, err := w.files.Read(ctx, w.org.ID, w.ids["li"], nil)
	if err != nil || !rec.Exists || rec.File.IDNumber != liFile.IDNumber || rec.File.Phone != liFile.Phone || rec.File.Address != liFile.Address {
		t.Fatalf("read back %+v, %v", rec, err)
	}
	// A sealed value copied to another person's row does not open there.
	if _, err := w.db.Pool().Exec(ctx, `INSERT INTO person_files (employee_id, org_id, phone, updated_at) VALUES ($1, $2, $3, now())`,
		w.ids["hr"], w.org.ID, phone); err != nil {
		t.Fatal(err)
	}
	if _, err := w.files.Read(ctx, w.org.ID, w.ids["hr"], nil); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("a copied phone opened: %v", err)
	}

	// Without the key: a clear error, and nothing is written.
	bare, err := store.Open(ctx, w.db.Pool().Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	noKey := store.NewPersonFiles(bare)
	if _, err := noKey.Read(ctx, w.org.ID, w.ids["li"], nil); keyOf(err) != "personfile.no_key" {
		t.Errorf("read without a key: %v", err)
	}
	_, err = noKey.Update(ctx, w.org.ID, w.ids["recent"], func(personfile.File) (personfile.File, *core.AuditEntry, error) {
		return personfile.File{Phone: "13700000000"}, &core.AuditEntry{OrgID: w.org.ID, ActorLabel: "test", Action: "x", EntityType: "employee",
			Channel: "cli", Outcome: core.OutcomeOK, At: time.Now()}, nil
	})
	if keyOf(err) != "personfile.no_key" {
		t.Errorf("write without a key: %v", err)
	}
	if n := count(t, w.db, `SELECT count(*) FROM person_files WHERE employee_id = $1`, w.ids["recent"]); n != 0 {
		t.Errorf("a refused write stored %d rows", n)
	}
}

func keyOf(err error) string {
	if e, ok := core.AsError(err); ok {
		return e.Key
	}
	return ""
}

// The retention rule erases the files of those who left more than the
// org's years ago — their details, bank account and corrections' values
// — and leaves their attendance, payroll and audit rows as they were.
func TestPurgeAfterRetention(t *testing.T) {
	t.Parallel()
	w := newFileWorld(t)
	ctx := context.Background()
	for _, p := range []string{"old", "recent", "li"} {
		if err := w.put(t, p, liFile); err != nil {
			t.Fatal(err)
		}
	}
	pool := w.db.Pool()
	if _, err := pool.Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, worked_minutes)
		SELECT org_id, id, '2021-03-01', 'workday', '2021-03-01 01:00Z', 480 FROM employees WHERE key IN ('old', 'li');
		INSERT INTO pay_profiles (employee_id, org_id, kind, salary, pension_rate, medical_rate, unemployment_rate, housing_rate, bank_name, bank_account, bank_last4, updated_at)
		SELECT id, org_id, 'monthly', 5000, 0.08, 0.02, 0.005, 0.07, 'ICBC', '\x0102'::bytea, '7890', now() FROM employees WHERE key = 'old';
		INSERT INTO person_file_corrections (org_id, employee_id, field, value, reason, created_at)
		SELECT org_id, id, 'school', '清华大学', 'wrong school', now() FROM employees WHERE key = 'old'`); err != nil {
		t.Fatal(err)
	}
	auditBefore := count(t, w.db, `SELECT count(*) FROM audit_log`)

	dry, err := w.svc.Purge(ctx, "", true, "test", "cli")
	if err != nil {
		t.Fatal(err)
	}
	if len(dry) != 1 || dry[0].Key != "old" || dry[0].Done || !dry[0].HasFile || !dry[0].BankAccount || dry[0].Corrections != 1 {
		t.Fatalf("dry run: %+v (only old left more than 3 years ago)", dry)
	}
	if n := count(t, w.db, `SELECT count(*) FROM person_files WHERE phone IS NOT NULL`); n != 3 {
		t.Fatalf("the dry run erased something: %d files with a phone", n)
	}

	done, err := w.svc.Purge(ctx, "", false, "test", "cli")
	if err != nil || len(done) != 1 || !done[0].Done {
		t.Fatalf("purge: %+v %v", done, err)
	}
	// The raw rows of who left: no sensitive field, no personal detail.
	if n := count(t, w.db, `
		SELECT count(*) FROM person_files WHERE employee_id = $1 AND erased_at IS NOT NULL
		  AND id_number IS NULL AND phone IS NULL AND address IS NULL AND emergency_phone IS NULL
		  AND legal_name = '' AND emergency_name = '' AND school = '' AND birth_date IS NULL`, w.ids["old"]); n != 1 {
		t.Error("the erased file still holds personal details")
	}
	if n := count(t, w.db, `SELECT count(*) FROM pay_profiles WHERE employee_id = $1 AND bank_account IS NULL AND bank_last4 = '' AND salary = 5000`,
		w.ids["old"]); n != 1 {
		t.Error("the bank account is still there (or the profile went with it)")
	}
	if n := count(t, w.db, `SELECT count(*) FROM person_file_corrections WHERE employee_id = $1 AND value = '' AND reason = ''`, w.ids["old"]); n != 1 {
		t.Error("a correction's value is still there")
	}
	// What stays: the others' files, attendance, the audit trail plus one row.
	if n := count(t, w.db, `SELECT count(*) FROM person_files WHERE phone IS NOT NULL`); n != 2 {
		t.Errorf("%d other files left, want 2", n)
	}
	if n := count(t, w.db, `SELECT count(*) FROM attendance_records WHERE employee_id = $1 AND worked_minutes = 480`, w.ids["old"]); n != 1 {
		t.Error("attendance went with the file")
	}
	if n := count(t, w.db, `SELECT count(*) FROM audit_log`); n != auditBefore+1 {
		t.Errorf("audit rows %d, want %d", n, auditBefore+1)
	}
	if n := count(t, w.db, `SELECT count(*) FROM audit_log WHERE action = 'personfile.erase' AND entity_id = 'old' AND actor_label = 'test'`); n != 1 {
		t.Error("the erasure is not audited")
	}
	// A second pass finds nothing to do.
	if again, err := w.svc.Purge(ctx, "", false, "test", "cli"); err != nil || len(again) != 0 {
		t.Errorf("second pass: %+v %v", again, err)
	}
}

// The retention rule round-trips through export and apply, and is what
// the purge reads.
func TestRetentionInTheOrgFile(t *testing.T) {
	t.Parallel()
	w := newFileWorld(t)
	ctx := context.Background()
	setup := setupOf(w.db)
	out, err := setup.Export(ctx, "shop")
	if err != nil || !bytes.Contains(out, []byte("retention:\n      years_after_leaving: 3")) {
		t.Fatalf("export (%v):\n%s", err, out)
	}
	res, err := apply(t, w.db, filesOrg)
	if err != nil || res.Changed() {
		t.Errorf("applying again changed something: %+v %v", res, err)
	}
	rs, err := w.files.Retentions(ctx)
	if err != nil || len(rs) != 1 || rs[0].Retention.YearsAfterLeaving != 3 {
		t.Errorf("retentions %+v %v", rs, err)
	}
	if _, err := apply(t, w.db, strings.Replace(filesOrg, "    retention: {years_after_leaving: 3}\n", "", 1)); err != nil {
		t.Fatal(err)
	}
	if rs, _ := w.files.Retentions(ctx); rs[0].Retention.YearsAfterLeaving != personfile.MinRetentionYears {
		t.Errorf("without the section: %+v", rs)
	}
}
