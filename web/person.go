package web

import (
	"strconv"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/staff"
)

type personData struct {
	Key, Name, Email, Role, Job, Team, Manager, Schedule, HireDate, Status, LeftOn string
	Left                                                                           bool
	Month                                                                          []string
	Balances                                                                       []balanceRow
	Skills                                                                         []skillCellNamed
	// Contracts is the person's contracts, for those who may see them.
	Contracts *personContracts
	// Manage is set for those who may edit and offboard; Edit is the form.
	Manage  bool
	Edit    formData
	Today   string
	Audited bool // the audit log page is there to link to
	// Onboarding is their checklist while they have one.
	Onboarding *onboardingSection
	// File is the person's file as the reader may see it (personfile.go).
	File *fileData
	// Transfer is the job history and transfer form (transfer.go); nil
	// without transfers.
	Transfer *transferPanel
	// Leaving is their resignation and HR's ending of employment
	// (leaving_person.go); nil without leaving or nothing to show.
	Leaving *leavingPanel
	// Documents are their documents with downloads, for the person and
	// HR (ShowDocuments) (documents_person.go).
	Documents     []personDoc
	ShowDocuments bool
	// Certificate links to their termination certificate (certificate.go).
	Certificate bool
	// Notes links to their one-on-one notes and goals (perf_notes.go).
	Notes bool
}

// person is one person's page: who they are, their file, their balances
// and their month so far; HR and admins edit and offboard them here. A
// manager sees their direct reports' pages; anyone else is refused (and
// audited).
func (c *Console) person(rq *request) error {
	d, err := c.personPage(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "person", "web.title.person", d)
}

// personPage is the person page's data for the person in the path.
func (c *Console) personPage(rq *request) (personData, error) {
	ctx := rq.r.Context()
	e, err := c.cfg.Directory.FindEmployee(ctx, rq.m, rq.r.PathValue("key"), signin.Channel)
	if err != nil {
		return personData{}, err
	}
	target := core.Member{Employee: e, Org: rq.m.Org}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	d := personData{Key: e.Key, Name: rq.words.Name(e.Name), Email: e.Email, Role: rq.T("web.role." + string(e.Role)),
		Job: rq.words.Job(e.Job), Team: rq.words.Name(e.TeamName), Manager: rq.words.Name(e.ManagerName),
		Schedule: e.ScheduleKey, Status: rq.T("web.status." + string(e.Status)), Left: e.Status == core.StatusLeft,
		Today: today.String(), Audited: core.Authorize(rq.m, core.ActionAuditView, nil) == nil, Notes: c.cfg.Perf != nil}
	if e.Job == "" {
		d.Job = ""
	}
	if !e.HireDate.IsZero() {
		d.HireDate = core.DateOf(e.HireDate).String()
	}
	if c.cfg.Leave != nil {
		if d.Balances, err = c.balanceRows(rq, target); err != nil {
			return d, err
		}
	}
	if c.cfg.Training != nil {
		if d.Skills, err = c.skillsOf(rq, target); err != nil {
			return d, err
		}
	}
	if c.cfg.Attendance != nil {
		sum, err := c.cfg.Attendance.Month(ctx, target, today)
		if err != nil {
			return d, err
		}
		d.Month = monthFacts(rq, sum.WorkedDays, sum.PlannedDays, sum.LateCount, sum.LateMinutes, sum.AbsentDays, sum.LeaveDays, sum.Pending)
	}
	if d.Onboarding, err = c.onboardingOf(rq, e); err != nil {
		return d, err
	}
	if c.cfg.Contracts != nil && core.Authorize(rq.m, core.ActionContractView, &e) == nil {
		if d.Contracts, err = c.contractsOf(rq, e); err != nil {
			return d, err
		}
	}
	if c.cfg.Staff != nil && core.Authorize(rq.m, core.ActionPeopleManage, nil) == nil {
		org, err := c.cfg.Staff.Desk(ctx, rq.m, signin.Channel)
		if err != nil {
			return d, err
		}
		d.Manage = true
		d.Edit = c.formData(rq, org, personFormOf(org, e.Key))
	}
	if c.cfg.Files != nil {
		if d.File, err = c.fileSection(rq, e.Key); err != nil {
			return d, err
		}
	}
	if c.cfg.Transfers != nil {
		if d.Transfer, err = c.transferPanel(rq, e); err != nil {
			return d, err
		}
	}
	if c.cfg.Leaving != nil {
		if d.Leaving, err = c.leavingPanelOf(rq, e); err != nil {
			return d, err
		}
	}
	if d.Documents, d.ShowDocuments, err = c.personDocuments(rq, e); err != nil {
		return d, err
	}
	if c.cfg.Certificates != nil {
		if d.Certificate, err = c.cfg.Certificates.Available(ctx, rq.m, e); err != nil {
			return d, err
		}
	}
	return d, nil
}

// personFormOf is the edit form filled with the person as stored.
func personFormOf(org staff.Org, key string) personForm {
	for _, p := range org.People {
		if p.Key == key {
			f := personForm{Key: p.Key, Name: p.Name, Email: p.Email, Role: string(p.Role), Job: p.Job, Team: p.Team,
				Manager: p.Manager, Locale: string(p.Locale), Schedule: p.Schedule}
			if !p.HireDate.IsZero() {
				f.HireDate = p.HireDate.String()
			}
			return f
		}
	}
	return personForm{Key: key}
}

func monthFacts(rq *request, worked, planned, late, lateMin, absent, leaveDays, pending int) []string {
	n := strconv.Itoa
	return []string{
		rq.T("web.month.worked", "worked", n(worked), "planned", n(planned)),
		rq.T("web.month.late", "count", n(late), "minutes", n(lateMin)),
		rq.T("web.month.absent", "count", n(absent)),
		rq.T("web.month.leave", "count", n(leaveDays)),
		rq.T("web.month.pending", "count", n(pending)),
	}
}

// editPerson saves the edit form: every field as the form shows it, so a
// field emptied is cleared.
func (c *Console) editPerson(rq *request) error {
	key := rq.r.PathValue("key")
	form := readPersonForm(rq.r)
	role, loc := core.Role(form.Role), core.Locale(form.Locale)
	ch := staff.Change{Name: &form.Name, Email: &form.Email, Role: &role, Job: &form.Job, Team: &form.Team,
		Manager: &form.Manager, Locale: &loc, Schedule: &form.Schedule}
	var err error
	hire := core.Date{}
	if form.HireDate != "" {
		if hire, err = core.ParseDate(form.HireDate); err != nil {
			return core.Errorf(core.EInvalid, "web.bad_date", "bad date").With("date", form.HireDate)
		}
	}
	ch.HireDate = &hire
	if _, err := c.cfg.Staff.Edit(rq.r.Context(), rq.m, key, ch, signin.Channel); err != nil {
		return err
	}
	return rq.back("/people/"+key, "web.done.saved")
}

// offboard records someone's last day: from then on they can do nothing,
// in chat or here, and their sessions end.
func (c *Console) offboard(rq *request) error {
	key := rq.r.PathValue("key")
	day, err := core.ParseDate(rq.r.PostFormValue("last_day"))
	if err != nil {
		return core.Errorf(core.EInvalid, "web.bad_date", "bad date").With("date", rq.r.PostFormValue("last_day"))
	}
	if _, err := c.cfg.Staff.Offboard(rq.r.Context(), rq.m, key, day, signin.Channel); err != nil {
		return err
	}
	return rq.back("/people/"+key, "web.done.offboarded")
}

// balanceRows are m's leave balances as the page shows them.
func (c *Console) balanceRows(rq *request, m core.Member) ([]balanceRow, error) {
	ctx := rq.r.Context()
	setup, err := c.cfg.Leave.Setup(ctx, m.Org)
	if err != nil {
		return nil, err
	}
	bs, err := c.cfg.Leave.Balances(ctx, m)
	if err != nil {
		return nil, err
	}
	return balanceRowsOf(rq, bs, setup.Policy.DayMinutes), nil
}

// balanceRowsOf are balances as a page shows them, in the reader's words;
// dayMinutes is the org's length of a day of leave.
func balanceRowsOf(rq *request, bs []leave.Balance, dayMinutes int) []balanceRow {
	var out []balanceRow
	for _, b := range bs {
		row := balanceRow{Type: rq.words.LeaveType(b.Type), Used: rq.words.LeaveAmount(b.Type, b.Used, dayMinutes),
			Pending: rq.words.LeaveAmount(b.Type, b.Pending, dayMinutes), Available: rq.T("web.unlimited")}
		if !b.Unlimited {
			row.Available = rq.words.LeaveAmount(b.Type, b.Available, dayMinutes)
		}
		out = append(out, row)
	}
	return out
}
