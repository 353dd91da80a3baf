package wecomsync_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/adapters/wecom/wecomsync"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/staff"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const shopOrg = `
orgs:
  - key: shop
    name: Fruit Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: helen, name: Helen HR, role: hr, locale: en}
      - {key: hugo, name: Hugo HR, role: hr, locale: en}
`

var shanghai = time.FixedZone("CST", 8*3600)

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time       { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Set(t time.Time)      { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func at(d, hh, mm int) time.Time          { return time.Date(2026, 3, d, hh, mm, 0, 0, shanghai) }
func unixAt(d, hh, mm int) int64          { return at(d, hh, mm).Unix() }
func (r *rig) calls(path string) int      { return len(r.fake.Calls("/cgi-bin/" + path)) }
func (r *rig) notes(kind string) []string { return r.notesTo(kind, "") }

// rig is one org on a fresh database, a fake WeCom with its directory,
// and two replicas of hrbot's sync over the real client, each with its
// own services, sharing tokens and the daily jobs through PostgreSQL.
type rig struct {
	t        *testing.T
	db       *store.DB
	clock    *testClock
	fake     *wecomfake.Server
	replicas [2]*wecomsync.Service
	daily    *dirsync.Service
	dir      *core.Directory
	staff    *staff.Service
	deps     []wecomfake.Department
	members  []wecomfake.Member
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	r := &rig{t: t, db: db, clock: &testClock{now: at(2, 10, 0)}, fake: wecomfake.New(t, wecomfake.TestApp())}
	spec, err := orgfile.Parse("shop.yaml", []byte(shopOrg))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgfile.NewSetup(store.NewSetup(db), r.clock).Apply(ctx, spec, "shop.yaml"); err != nil {
		t.Fatal(err)
	}
	for i := range r.replicas {
		dir := core.NewDirectory(store.NewDirectory(db), r.clock)
		api := wecom.NewAPI(r.fake.URL, r.fake.App.CorpID, r.fake.App.Secret, nil)
		api.ShareTokens(store.NewTokens(db))
		st := staff.NewService(store.NewStaff(db), dir, r.clock)
		r.replicas[i], err = wecomsync.New(wecomsync.Config{Source: api, Staff: st, Accounts: store.NewDirectory(db),
			Attendance: attendance.NewService(store.NewAttendance(db), dir, r.clock), Members: store.NewDirectory(db), Auth: dir,
			Jobs: store.NewWeComDaily(db), Clock: r.clock})
		if err != nil {
			t.Fatal(err)
		}
		r.dir, r.staff = dir, st
	}
	r.daily = dirsync.NewService(store.NewWeComDaily(db), r.dir, r.clock)
	r.deps = []wecomfake.Department{{ID: 1, Name: "鲜果小铺"}, {ID: 2, Name: "客服部", ParentID: 1}}
	r.members = []wecomfake.Member{
		{UserID: "Boss", Name: "王老板", Departments: []int64{1}, IsLeaderInDept: []int{1}, MainDepartment: 1, Status: 1},
		{UserID: "ZhangSan", Name: "张三", Departments: []int64{2}, MainDepartment: 2, DirectLeader: []string{"LiSi"}, Status: 1},
		{UserID: "LiSi", Name: "李四", Departments: []int64{2}, IsLeaderInDept: []int{1}, MainDepartment: 2, Status: 1},
		{UserID: "wang.wu", Name: "王五", Departments: []int64{2}, MainDepartment: 2, Status: 1},
	}
	r.fake.SetDirectory(r.deps, r.members)
	return r
}

func (r *rig) member(key string) core.Member {
	r.t.Helper()
	m, err := r.dir.Identify(context.Background(), core.PlatformConsole, "shop/"+key)
	if err != nil {
		r.t.Fatal(err)
	}
	return m
}

// notesTo lists the params of the notifications of kind written for
// person ("" for anyone).
func (r *rig) notesTo(kind, person string) []string {
	r.t.Helper()
	rows, err := r.db.Pool().Query(context.Background(), `
		SELECT e.key || ' ' || n.params::text FROM notifications n JOIN employees e ON e.id = n.recipient_id
		WHERE n.kind = $1 AND ($2 = '' OR e.key = $2) ORDER BY n.id`, kind, person)
	if err != nil {
		r.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			r.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// runDaily runs the daily pass on every replica at once at t.
func (r *rig) runDaily(t time.Time) {
	r.t.Helper()
	r.clock.Set(t)
	var wg sync.WaitGroup
	for _, s := range r.replicas {
		wg.Go(func() {
			if err := s.Daily(context.Background()); err != nil {
				r.t.Error(err)
			}
		})
	}
	wg.Wait()
}

func (r *rig) count(sql string, args ...any) int {
	r.t.Helper()
	var n int
	if err := r.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		r.t.Fatal(err)
	}
	return n
}

// TestDailyRunsOncePerDay: HR switches the daily sync on; before 06:00
// nothing happens; at 06:30 two replicas run the pass at once and the
// job runs once: it applies a member who moved and one who left, imports
// yesterday's and this morning's punches, and tells HR once. Later that
// day nothing runs again; the next day runs, finds nothing to change and
// tells no one.
func TestDailyRunsOncePerDay(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	ctx := context.Background()
	helen := r.member("helen")
	if rep, err := r.replicas[0].Apply(ctx, helen, "web"); err != nil || len(rep.Preview.Creates) != 4 {
		t.Fatalf("first sync: %+v %v", rep.Preview, err)
	}
	if _, err := r.daily.SetDaily(ctx, helen, true, true, "web"); err != nil {
		t.Fatal(err)
	}
	r.members[2].Departments, r.members[2].MainDepartment, r.members[2].IsLeaderInDept = []int64{1}, 1, nil // LiSi moves
	r.members[3].Status = 5                                                                                 // wang.wu leaves
	r.fake.SetDirectory(r.deps, r.members)
	r.fake.SetPunches([]wecomfake.Punch{
		{UserID: "ZhangSan", CheckinType: "上班打卡", CheckinTime: unixAt(2, 8, 55)},
		{UserID: "ZhangSan", CheckinType: "下班打卡", CheckinTime: unixAt(2, 18, 5)},
		{UserID: "LiSi", CheckinType: "上班打卡", CheckinTime: unixAt(3, 6, 10)},
		{UserID: "LiSi", CheckinType: "下班打卡", CheckinTime: unixAt(3, 17, 0)}, // after the run: the next day's
	})
	dirCalls := r.calls("department/list")

	r.runDaily(at(3, 5, 30))
	if n := r.calls("department/list"); n != dirCalls {
		t.Fatalf("the job ran before 06:00 (%d directory reads)", n-dirCalls)
	}
	r.runDaily(at(3, 6, 30))
	if n := r.calls("department/list") - dirCalls; n != 1 {
		t.Errorf("two replicas read the directory %d times at 06:30, want once", n)
	}
	if n := r.calls("checkin/getcheckindata"); n != 1 {
		t.Errorf("two replicas read the punches %d times, want once", n)
	}
	notes := r.notesTo(core.NotifyDirectorySynced, "")
	if len(notes) != 1 {
		t.Fatalf("notifications: %q, want one to helen", notes)
	}
	for _, want := range []string{`helen {`, `"directory": "applied"`, `"changed": "2"`, `"imported": "3"`, `"day": "2026-03-03"`} {
		if !contains(notes[0], want) {
			t.Errorf("notification %s lacks %s", notes[0], want)
		}
	}
	lisi, err := r.dir.Identify(ctx, core.PlatformWeCom, "LiSi")
	if err != nil || lisi.Employee.TeamKey != "wecom-1" {
		t.Errorf("LiSi after the daily sync: %+v %v", lisi.Employee, err)
	}
	if ww, err := r.dir.Identify(ctx, core.PlatformWeCom, "wang.wu"); err != nil || ww.Employee.Status != core.StatusLeft {
		t.Errorf("wang.wu after the daily sync: %+v %v", ww.Employee, err)
	}
	if n := r.count(`SELECT count(*) FROM audit_log a JOIN employees e ON e.id = a.actor_id
		WHERE e.key = 'helen' AND a.channel = 'daily' AND a.action IN ('employee.update', 'employee.offboard')`); n != 2 {
		t.Errorf("%d changes audited as helen on channel daily, want 2", n)
	}
	if n := r.count(`SELECT count(*) FROM attendance_records WHERE check_in IS NOT NULL`); n != 2 {
		t.Errorf("%d days with a check-in, want 2 (ZhangSan yesterday, LiSi today)", n)
	}
	if n := r.count(`SELECT count(*) FROM imported_punches`); n != 3 {
		t.Errorf("%d punches imported, want 3", n)
	}

	r.runDaily(at(3, 23, 0))
	if n := r.calls("department/list") - dirCalls; n != 1 || r.calls("checkin/getcheckindata") != 1 {
		t.Errorf("the job ran again the same day: %d directory reads", n)
	}
	r.runDaily(at(4, 6, 10))
	if n := r.calls("department/list") - dirCalls; n != 2 {
		t.Errorf("the next day: %d directory reads in all, want 2", n)
	}
	if notes := r.notesTo(core.NotifyDirectorySynced, ""); len(notes) != 1 {
		t.Errorf("a quiet day told HR: %q", notes)
	}
	if n := r.count(`SELECT count(*) FROM imported_punches`); n != 4 {
		t.Errorf("%d punches imported after the next day, want 4 (LiSi's check-out)", n)
	}
	d, err := r.daily.Daily(ctx, helen, "web")
	if err != nil || d.RanOn != core.NewDate(2026, 3, 4) || d.Last.Directory != dirsync.Unchanged || d.Last.Imported != 1 {
		t.Errorf("the job after two days: %+v %v", d, err)
	}
}

// TestDailyNotAsWhoLeft: the HR person who switched the job on leaves;
// the job changes nothing in their name (WeCom is not even asked) and
// tells the HR who remain, once.
func TestDailyNotAsWhoLeft(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	ctx := context.Background()
	helen, hugo := r.member("helen"), r.member("hugo")
	if _, err := r.daily.SetDaily(ctx, helen, true, true, "web"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.staff.Offboard(ctx, hugo, "helen", core.NewDate(2026, 3, 2), "web"); err != nil {
		t.Fatal(err)
	}
	r.runDaily(at(3, 7, 0))
	if n := r.calls("department/list") + r.calls("checkin/getcheckindata"); n != 0 {
		t.Errorf("WeCom was asked %d times for a job of someone who left", n)
	}
	if n := r.count(`SELECT count(*) FROM employees WHERE key <> 'helen' AND key <> 'hugo'`); n != 0 {
		t.Errorf("%d people created in the name of someone who left", n)
	}
	notes := r.notesTo(core.NotifyDirectorySynced, "")
	if len(notes) != 1 || !contains(notes[0], "hugo {") || !contains(notes[0], `"directory": "not_allowed"`) ||
		!contains(notes[0], `"as": "Helen HR"`) {
		t.Errorf("notifications: %q, want one to hugo saying Helen may no longer act", notes)
	}
	r.runDaily(at(4, 7, 0))
	if notes := r.notesTo(core.NotifyDirectorySynced, ""); len(notes) != 1 {
		t.Errorf("the same refusal told again the next day: %q", notes)
	}
	// Hugo switches it on as himself: it runs the same day.
	if _, err := r.daily.SetDaily(ctx, hugo, true, false, "web"); err != nil {
		t.Fatal(err)
	}
	r.runDaily(at(4, 9, 0))
	if n := r.count(`SELECT count(*) FROM employees WHERE key = 'lisi' AND status = 'active'`); n != 0 {
		t.Error("the job switched on again ran the same day as the one it replaced")
	}
	r.runDaily(at(5, 6, 5))
	if n := r.count(`SELECT count(*) FROM employees WHERE key = 'lisi' AND status = 'active'`); n != 1 {
		t.Error("the job switched on again by Hugo did not apply the directory the next day")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
