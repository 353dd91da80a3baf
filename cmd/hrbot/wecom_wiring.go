package main

import (
	"errors"

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
