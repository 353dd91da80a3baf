package store_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/store"
)

// Two shops: one reminds after 2 days in a stage, the other has no
// recruiting section (3 days, the default).
const staleOrgs = `
orgs:
  - key: shop
    name: Shop
    recruiting: {stale_days: 2}
    employees:
      - {key: boss, name: Boss, role: manager}
      - {key: hr, name: Hui, role: hr}
  - key: mall
    name: Mall
    employees:
      - {key: boss, name: Mall Boss, role: manager}
`

// recruitingFixture is staleOrgs applied, with a seal key, and a
// recruiting service over a clock the test moves.
type recruitingFixture struct {
	db    *store.DB
	clock *movableClock
	svc   *recruiting.Service
}

func newRecruitingFixture(t *testing.T, orgs string) recruitingFixture {
	t.Helper()
	db := openSealedDB(t)
	if _, err := apply(t, db, orgs); err != nil {
		t.Fatal(err)
	}
	clock := &movableClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	return recruitingFixture{db: db, clock: clock,
		svc: recruiting.NewService(store.NewRecruiting(db), core.NewDirectory(store.NewDirectory(db), clock), nil, clock)}
}

func (f recruitingFixture) advance(d time.Duration) { f.clock.Set(f.clock.Now().Add(d)) }

// open opens a position of job (no questions) for m.
func (f recruitingFixture) open(t *testing.T, m core.Member, job string) recruiting.Opening {
	t.Helper()
	o, err := f.svc.Open(context.Background(), m, recruiting.OpenAsk{Job: job, Headcount: 1}, "test")
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// submit has a candidate on Telegram account user apply to o with a CV
// and a phone number; the application is then applied.
func (f recruitingFixture) submit(t *testing.T, o recruiting.Opening, user, name string) recruiting.Application {
	t.Helper()
	acc := recruiting.Account{Platform: core.PlatformTelegram, UserID: user, ChatID: user}
	return f.submitAs(t, recruiting.StartAsk{Code: o.Code, Account: acc, Name: name})
}

// submitAs is submit for any start (an employee applying internally).
func (f recruitingFixture) submitAs(t *testing.T, ask recruiting.StartAsk) recruiting.Application {
	t.Helper()
	ctx := context.Background()
	acc, name := ask.Account, ask.Name
	if _, _, err := f.svc.Start(ctx, ask); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Consent(ctx, acc); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.AddCV(ctx, acc, recruiting.File{Name: "cv.pdf", MIME: "application/pdf", Data: []byte("%PDF-1.4 " + name)})
	if err != nil {
		t.Fatal(err)
	}
	if ask.Employee == nil { // an internal candidate is reached where they work: no contact asked
		p, err = f.svc.Contact(ctx, acc, "138 0013 8000")
	}
	if err != nil || !p.Done {
		t.Fatalf("submit %s: %+v %v", name, p, err)
	}
	return p.Application
}

// An application waiting longer than its org's stale_days in one stage
// is reminded to its hiring manager once; a move starts the wait again;
// one still being answered, or closed, is not reminded; two replicas
// passing at once remind of each once.
func TestStaleApplicationsRemindedOnce(t *testing.T) {
	t.Parallel()
	f := newRecruitingFixture(t, staleOrgs)
	ctx := context.Background()
	boss, mallBoss := memberIn(t, f.db, "shop", "boss"), memberIn(t, f.db, "mall", "boss")
	shop, mall := f.open(t, boss, "cs"), f.open(t, mallBoss, "sales")
	ann := f.submit(t, shop, "9101", "Ann")
	bo := f.submit(t, mall, "9102", "Bo")
	cy := f.submit(t, shop, "9103", "Cy")
	if _, err := f.svc.Reject(ctx, boss, cy.ID, "no evenings", "test"); err != nil {
		t.Fatal(err)
	}
	// Dee never finishes applying.
	dee := recruiting.Account{Platform: core.PlatformTelegram, UserID: "9104", ChatID: "9104"}
	if _, _, err := f.svc.Start(ctx, recruiting.StartAsk{Code: shop.Code, Account: dee, Name: "Dee"}); err != nil {
		t.Fatal(err)
	}
	stale := func(recipient int64) int {
		return count(t, f.db, `SELECT count(*) FROM notifications WHERE kind = $1 AND recipient_id = $2`, recruiting.NotifyStale, recipient)
	}
	tick := func(want int) {
		t.Helper()
		if n, err := f.svc.RemindStale(ctx); err != nil || n != want {
			t.Fatalf("at %s: %d reminded, want %d (%v)", f.clock.Now().Format(time.DateTime), n, want, err)
		}
	}

	f.advance(2*24*time.Hour - time.Minute)
	tick(0)
	f.advance(time.Minute) // two days in applied: the shop's stale_days
	tick(1)
	if stale(boss.Employee.ID) != 1 || stale(mallBoss.Employee.ID) != 0 {
		t.Fatalf("after 2 days: shop %d, mall %d", stale(boss.Employee.ID), stale(mallBoss.Employee.ID))
	}
	if n := count(t, f.db, `SELECT count(*) FROM notifications WHERE kind = $1 AND params->>'application' = $2 AND params->>'stage' = 'applied'`,
		recruiting.NotifyStale, strconv.FormatInt(ann.ID, 10)); n != 1 {
		t.Error("the reminder does not name Ann's application")
	}
	tick(0)
	f.advance(24 * time.Hour) // the mall's three days, its default
	tick(1)
	if stale(mallBoss.Employee.ID) != 1 || count(t, f.db, `SELECT count(*) FROM notifications WHERE params->>'application' = $1
		AND kind = $2`, strconv.FormatInt(bo.ID, 10), recruiting.NotifyStale) != 1 {
		t.Error("Bo's application is not reminded to the mall's boss")
	}
	f.advance(30 * 24 * time.Hour)
	tick(0) // reminded of each stage once, however long it waits

	if _, err := f.svc.Advance(ctx, boss, ann.ID, "", "test"); err != nil {
		t.Fatal(err)
	}
	f.advance(2 * 24 * time.Hour)
	tick(1)
	if stale(boss.Employee.ID) != 2 {
		t.Errorf("screened Ann reminded %d times in all, want 2", stale(boss.Employee.ID))
	}

	// Several replicas pass at once: each application is reminded once.
	for i := range 12 {
		f.submit(t, shop, strconv.FormatInt(int64(9200+i), 10), "Many")
	}
	f.advance(3 * 24 * time.Hour)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svc := recruiting.NewService(store.NewRecruiting(f.db), core.NewDirectory(store.NewDirectory(f.db), f.clock), nil, f.clock)
			n, err := svc.RemindStale(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 12 || stale(boss.Employee.ID) != 2+12 {
		t.Errorf("replicas reminded %d (want 12; screened Ann was reminded already), %d notifications in all", total, stale(boss.Employee.ID))
	}
	if n := count(t, f.db, `SELECT count(*) FROM applications WHERE stage IN ('applying', 'rejected') AND reminded_at IS NOT NULL`); n != 0 {
		t.Errorf("%d unfinished or closed applications reminded", n)
	}
}
