package main

import (
	"errors"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomsync"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/core/staff"
	"github.com/hrbot/hrbot/store"
)

// What the WeCom sync declares, met by hrbot's parts.
var (
	_ wecomsync.Source     = (*wecom.API)(nil)
	_ wecomsync.Staff      = (*staff.Service)(nil)
	_ wecomsync.Accounts   = store.Directory{}
	_ wecomsync.Members    = store.Directory{}
	_ wecomsync.Attendance = (*attendance.Service)(nil)
	_ wecomsync.Jobs       = store.WeComDaily{}
)

// newWeComSync is the directory sync, check-in import and daily job over
// api, with the app's services; the daily job's switches come with it.
func (s *services) newWeComSync(api *wecom.API) (*wecomsync.Service, *dirsync.Service, error) {
	jobs := store.NewWeComDaily(s.db)
	sync, err := wecomsync.New(wecomsync.Config{Source: api, Staff: s.staff, Accounts: s.store.directory,
		Attendance: s.attendance, Members: s.store.directory, Auth: s.directory, Jobs: jobs, Clock: s.clock, Logger: s.log})
	if err != nil {
		return nil, nil, err
	}
	return sync, dirsync.NewService(jobs, s.directory, s.clock), nil
}

// cliWeComSync is the sync for a command, reaching WeCom with the
// HRBOT_WECOM_* settings (checked with the others when hrbot starts) and
// sharing access tokens with the running replicas through PostgreSQL.
// Errors: WeCom not configured.
func cliWeComSync(a *app) (*wecomsync.Service, error) {
	c := a.cfg.WeCom
	if !c.Enabled() {
		return nil, errors.New("WeCom is not configured: set the HRBOT_WECOM_* settings (docs/wecom.md)")
	}
	api := wecom.NewAPI(c.APIURL, c.CorpID, c.Secret, nil)
	api.ShareTokens(a.svc.store.tokens)
	sync, _, err := a.svc.newWeComSync(api)
	return sync, err
}

const (
	// wecomDailyEvery is how often serve looks for orgs whose daily WeCom
	// sync is due (from 06:00 their time): the job runs within this of it.
	wecomDailyEvery = 5 * time.Minute
	// wecomDailyTimeout bounds one pass: reading a directory and a day of
	// punches for each due org, and shutting down waits for it.
	wecomDailyTimeout = 2 * time.Minute
)

// wecomSync is serve's WeCom sync: the console's page and the daily job.
type wecomSync struct {
	sync  *wecomsync.Service
	daily *dirsync.Service
}

// openWeComSync builds the sync over the adapter's API client (one token
// cache, shared with the other replicas), when WeCom is served.
func (s *server) openWeComSync() error {
	if s.wc == nil {
		return nil
	}
	sync, daily, err := s.a.svc.newWeComSync(s.wc.API())
	if err != nil {
		return err
	}
	s.wsync = &wecomSync{sync: sync, daily: daily}
	return nil
}
