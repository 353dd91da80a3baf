// Package wecomsync brings WeCom's (企业微信) directory and check-ins into
// hrbot: the directory previewed and applied as a staff list through the
// staff desk (core/staff), WeCom's punches imported into attendance once
// each, and the daily job HR switches on on the console
// (core/dirsync), run by `hrbot serve`. `hrbot wecom sync|checkins`, the
// console's WeCom page and the daily job all go through it, so they act
// alike: as an HR person, authorised and audited by core.
package wecomsync

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/core/staff"
)

// Source is WeCom's side: its directory and punch records (*wecom.API).
type Source interface {
	Directory(ctx context.Context) (wecom.Directory, error)
	Punches(ctx context.Context, userIDs []string, from, to time.Time) ([]wecom.Punch, error)
}

// Staff is the staff desk (*staff.Service): the org as it is, and a staff
// list previewed and applied.
type Staff interface {
	Desk(ctx context.Context, actor core.Member, channel string) (staff.Org, error)
	PreviewImport(ctx context.Context, actor core.Member, ro staff.Roster, channel string) (staff.ImportPreview, error)
	ApplyImport(ctx context.Context, actor core.Member, ro staff.Roster, channel string) (staff.ImportResult, error)
}

// Accounts are the chat accounts linked in an org, external id → person
// key (store.Directory).
type Accounts interface {
	Accounts(ctx context.Context, orgID int64, platform core.Platform) (map[string]string, error)
}

// Attendance records punches (*attendance.Service).
type Attendance interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
	ImportPunch(ctx context.Context, m core.Member, out bool, at time.Time, outside bool, source, key string) (attendance.PunchResult, bool, error)
}

// Members finds people (store.Directory): by key, and an org's active
// people.
type Members interface {
	FindMembersByKey(ctx context.Context, key string) ([]core.Member, error)
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
}

// Authorizer decides and audits who may do what (*core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Jobs are the orgs' daily jobs (store.WeComDaily).
type Jobs interface {
	// DueDaily lists the jobs switched on, with the person each acts as.
	DueDaily(ctx context.Context) ([]dirsync.Job, error)
	// ClaimDaily takes org's job for day: true for one caller a day.
	ClaimDaily(ctx context.Context, orgID int64, day core.Date) (bool, error)
	// FinishDaily records a run's outcome, the day its punches reached
	// (zero: unchanged) and its notifications, in one transaction.
	FinishDaily(ctx context.Context, orgID int64, o dirsync.Outcome, checkinsThrough core.Date, notes []core.Notification) error
}

// Config is what the service works with. Jobs may be nil where no daily
// job runs (the CLI).
type Config struct {
	Source     Source
	Staff      Staff
	Accounts   Accounts
	Attendance Attendance
	Members    Members
	Auth       Authorizer
	Jobs       Jobs
	Clock      core.Clock
	Logger     *slog.Logger
}

// Service syncs one WeCom app's directory and check-ins into hrbot.
type Service struct {
	cfg Config
	log *slog.Logger
}

// New returns the service; Source, Staff, Accounts, Attendance, Members
// and Auth are required.
func New(cfg Config) (*Service, error) {
	if cfg.Source == nil || cfg.Staff == nil || cfg.Accounts == nil || cfg.Attendance == nil || cfg.Members == nil || cfg.Auth == nil {
		return nil, errors.New("wecomsync: source, staff, accounts, attendance, members and auth are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{cfg: cfg, log: log}, nil
}

// PunchSource is what imported punches are recorded under, and the
// channel of their audit rows.
const PunchSource = "wecom"
