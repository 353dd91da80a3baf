package web_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/web"
)

// TestSetUpANewShop starts from an empty hrbot: the owner opens the setup
// link, names the shop and themselves, and lands signed in as its admin.
func TestSetUpANewShop(t *testing.T) {
	t.Parallel()
	f := newEmptyFixture(t, "s3cret-setup-token")
	b := newBrowser(t)
	b.open(f.srv.URL + "/")
	b.mustSee("no shop yet")
	b.open(f.srv.URL + "/setup/wrong-token")
	b.mustSee("no such page")
	b.open(f.srv.URL + "/setup/s3cret-setup-token")
	b.set(`#setup-form input[name="shop"]`, "小鱼电商 Fish Shop")
	b.set(`#setup-form input[name="owner"]`, "余老板 Boss Yu")
	b.click(`#setup-form button`, "header.top")
	b.mustSee("Your shop is ready")
	b.click(`ol.steps form button`, "#my-code")
	code := b.text("#my-code")
	if got := f.chatAs("telegram", "4242", "/start "+code); !strings.Contains(got, "余老板") {
		t.Errorf("the owner's invite: %q", got)
	}
	// The shop is ready to use: leave types, shifts, holidays.
	if n := f.count(`SELECT count(*) FROM leave_types`); n < 5 {
		t.Errorf("%d leave types", n)
	}
	if n := f.count(`SELECT count(*) FROM shifts`); n != 3 {
		t.Errorf("%d shifts", n)
	}
	// The example staff list goes in as it is: a shop from nothing, set up
	// from Excel.
	roster, err := filepath.Abs("../examples/staff.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	b.open(f.srv.URL + "/people/import")
	b.run(chromedp.SetUploadFiles(chromedp.CSS(`input[name="roster"]`), []string{roster}))
	b.click(`#import-form button[type="submit"]`, "p.error, .preview")
	b.mustSee("9 row(s)")
	b.click("#apply-import", ".code")
	if n := f.count(`SELECT count(*) FROM employees WHERE status = 'active'`); n != 10 {
		t.Errorf("%d people active after the import, want the owner and 9", n)
	}

	// Once there is a shop, the setup link is dead.
	other := newBrowser(t)
	other.open(f.srv.URL + "/setup/s3cret-setup-token")
	other.mustSee("no such page")
	other.run(chromedp.Navigate(f.srv.URL + "/"))
	other.mustSee("not signed in")
}

// newEmptyFixture is a console over a database with no org yet, offering
// setup with token.
func newEmptyFixture(t *testing.T, token string) *fixture {
	t.Helper()
	f := newFixtureWith(t, testOrg)
	if _, err := f.db.Pool().Exec(context.Background(), `
		TRUNCATE orgs, org_groups, employees, teams, audit_log, leave_types, shifts, schedules RESTART IDENTITY CASCADE`); err != nil {
		t.Fatal(err)
	}
	console, err := web.New(f.consoleConfig(func(c *web.Config) {
		c.SetupToken = token
		c.HasOrgs = func(ctx context.Context) (bool, error) {
			keys, err := store.NewOrgs(f.db).Keys(ctx)
			return len(keys) > 0, err
		}
		c.Setup = orgfile.NewSetup(store.NewSetup(f.db), f.clock).WithAuthorizer(f.dir)
	}))
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = console
	return f
}
