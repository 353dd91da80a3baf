package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
)

// An amount past its column's digits (a salary typed with too many zeros)
// is an invalid input with a translated key, not an internal error, and
// nothing is saved.
func TestNumberTooLargeForItsColumn(t *testing.T) {
	ctx := context.Background()
	db, st, _, org, _ := payrollDB(t, time.Date(2026, 8, 3, 3, 0, 0, 0, time.UTC))
	_, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "tom", Profile: monthlyProfile(99_999_999_999_999)}}, "test", time.Now())
	var ce *core.Error
	if !errors.As(err, &ce) || ce.Code != core.EInvalid || ce.Key != "error.too_large" {
		t.Fatalf("error %v, want EInvalid error.too_large", err)
	}
	var n int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM pay_profiles`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d profiles saved (%v)", n, err)
	}
}
