package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/store"
)

const hiringOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    teams: [{key: front, name: Front desk}]
    employees:
      - {key: boss, name: Boss, role: manager, job: cs}
      - {key: hr, name: Hui, role: hr}
      - {key: li, name: Li, manager: boss, job: cs}
      - {key: amy, name: Amy, role: manager, job: ops}
`

// tableOutbox is the delivery queue as far as these tests need it: what
// is sent goes into a table in the caller's turn — so it is kept only if
// the turn commits — once per key, as the queue keeps it.
type tableOutbox struct {
	t    *testing.T
	db   *store.DB
	mu   sync.Mutex
	fail bool // the next Send fails
}

func newTableOutbox(t *testing.T, db *store.DB) *tableOutbox {
	if _, err := db.Pool().Exec(context.Background(), `CREATE TABLE test_outgoing (key text PRIMARY KEY, kind text NOT NULL,
		chat_id text NOT NULL, to_ids bigint[], params jsonb NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return &tableOutbox{t: t, db: db}
}

func (o *tableOutbox) Send(ctx context.Context, m core.Outgoing) (core.Reach, error) {
	o.mu.Lock()
	fail := o.fail
	o.fail = false
	o.mu.Unlock()
	if fail {
		return core.Reach{}, errors.New("queue down")
	}
	tx, ok := store.TurnTx(ctx)
	if !ok {
		o.t.Errorf("%s sent outside a turn: it would go even if the change were undone", m.Kind)
		return core.Reach{}, errors.New("no turn")
	}
	params, err := json.Marshal(m.Params)
	if err != nil {
		return core.Reach{}, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO test_outgoing (key, kind, chat_id, to_ids, params) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING`, m.Key(0), m.Kind, m.ChatID, m.To, params)
	return core.Reach{}, err
}

// sent returns the params of the messages of kind sent, in key order.
func (o *tableOutbox) sent(kind string) []map[string]string {
	o.t.Helper()
	rows, err := o.db.Pool().Query(context.Background(), `SELECT params FROM test_outgoing WHERE kind = $1 ORDER BY key`, kind)
	if err != nil {
		o.t.Fatal(err)
	}
	defer rows.Close()
	var out []map[string]string
	for rows.Next() {
		var p map[string]string
		if err := rows.Scan(&p); err != nil {
			o.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// hiring is an org with an opening of boss's, candidates put at a stage,
// and the recruiting service over it on a clock the test moves.
type hiring struct {
	t       *testing.T
	db      *store.DB
	clock   *movableClock
	dir     *core.Directory
	outbox  *tableOutbox
	svc     *recruiting.Service
	opening recruiting.Opening
	boss    core.Member
	hr      core.Member
	li      core.Member
	amy     core.Member
}

func newHiring(t *testing.T, headcount int) *hiring {
	t.Helper()
	db := openSealedDB(t)
	if _, err := apply(t, db, hiringOrg); err != nil {
		t.Fatal(err)
	}
	h := &hiring{t: t, db: db, clock: &movableClock{now: time.Date(2026, 12, 3, 10, 0, 0, 0, shanghai)}}
	h.dir = core.NewDirectory(store.NewDirectory(db), h.clock)
	h.outbox = newTableOutbox(t, db)
	h.restart()
	h.boss, h.hr, h.li, h.amy = memberIn(t, db, "shop", "boss"), memberIn(t, db, "shop", "hr"), memberIn(t, db, "shop", "li"),
		memberIn(t, db, "shop", "amy")
	var err error
	if h.opening, err = h.svc.Open(context.Background(), h.boss, recruiting.OpenAsk{Job: "cs", Headcount: headcount}, "test"); err != nil {
		t.Fatal(err)
	}
	return h
}

// restart is a new process: a new service over the same database.
func (h *hiring) restart() {
	st := store.NewRecruiting(h.db)
	h.svc = recruiting.NewService(st, h.dir, h.outbox, h.clock).WithHiring(st)
}

// at sets the clock to a day and time of December 2026 in Shanghai.
func (h *hiring) at(day, hour, minute int) {
	h.clock.Set(time.Date(2026, 12, day, hour, minute, 0, 0, shanghai))
}

// candidate puts someone on a Telegram account with an application to
// the opening at stage; employeeID makes them an internal candidate.
func (h *hiring) candidate(name, account string, stage recruiting.Stage, employeeID int64) recruiting.Account {
	h.t.Helper()
	ctx := context.Background()
	now := h.clock.Now()
	var emp *int64
	if employeeID != 0 {
		emp = &employeeID
	}
	var cid int64
	if err := h.db.Pool().QueryRow(ctx, `INSERT INTO candidates (org_id, platform, user_id, chat_id, name, locale, employee_id,
		consent_at, created_at, last_seen_at) VALUES ($1, 'telegram', $2, $2, $3, 'en', $4, $5, $5, $5) RETURNING id`,
		h.boss.Org.ID, account, name, emp, now).Scan(&cid); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.db.Pool().Exec(ctx, `INSERT INTO applications (org_id, opening_id, candidate_id, source, stage, created_at,
		submitted_at, stage_since) VALUES ($1, $2, $3, 'link', $4, $5, $5, $5)`, h.boss.Org.ID, h.opening.ID, cid, stage, now); err != nil {
		h.t.Fatal(err)
	}
	return recruiting.Account{Platform: core.PlatformTelegram, UserID: account, ChatID: account}
}

// application is the id of the application on an account.
func (h *hiring) application(acc recruiting.Account) int64 {
	h.t.Helper()
	return int64(count(h.t, h.db, `SELECT a.id FROM applications a JOIN candidates c ON c.id = a.candidate_id WHERE c.user_id = $1`,
		acc.UserID))
}

// denied counts the refusals audited of someone.
func (h *hiring) denied(m core.Member) int {
	return count(h.t, h.db, `SELECT count(*) FROM audit_log WHERE actor_id = $1 AND outcome = 'denied'`, m.Employee.ID)
}

func (h *hiring) notified(kind string, to core.Member) int {
	return count(h.t, h.db, `SELECT count(*) FROM notifications WHERE kind = $1 AND recipient_id = $2`, kind, to.Employee.ID)
}
