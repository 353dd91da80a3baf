package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/store"
)

// The example's bank layout is kept as applied, read by key, exported
// back; a key not there is ENotFound; a file without it removes it.
func TestApplyPayrollBankFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	f := applyExample(t, db)
	var org int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&org); err != nil {
		t.Fatal(err)
	}
	got, err := store.NewPayroll(db).BankLayout(ctx, org, "icbc")
	if err != nil {
		t.Fatal(err)
	}
	want := f.Orgs[0].Payroll.BankFiles[0]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	if _, err := store.NewPayroll(db).BankLayout(ctx, org, "cmb"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("cmb: got %v, want ENotFound", err)
	}
	out, err := setupOf(db).Export(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "bank_files:") || !strings.Contains(string(out), "工商银行代发") {
		t.Errorf("export lacks the bank file:\n%s", out)
	}
	f.Orgs[0].Payroll.BankFiles = []payroll.BankLayout(nil)
	if _, err := setupOf(db).Apply(ctx, f, "org.yaml"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM payroll_bank_files`); n != 0 {
		t.Errorf("%d bank layouts left after removing them from the file", n)
	}
}
