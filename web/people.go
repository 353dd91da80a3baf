package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/staff"
)

func (c *Console) routePeople() {
	if c.cfg.Staff == nil {
		return
	}
	c.addNav("/people", "web.nav.people", core.ActionPeopleManage, false)
	c.mux.HandleFunc("GET /people", c.staffPage(core.ActionPeopleManage, c.people))
	c.mux.HandleFunc("GET /people/new", c.staffPage(core.ActionPeopleManage, c.hireForm))
	c.mux.HandleFunc("POST /people/new", c.staffPage(core.ActionPeopleManage, c.hire))
	c.mux.HandleFunc("GET /people/import", c.staffPage(core.ActionPeopleManage, c.importForm))
	c.mux.HandleFunc("POST /people/import", c.staffPage(core.ActionPeopleManage, c.importRoster))
	c.mux.HandleFunc("GET /people/{key}", c.page(c.person))
	c.mux.HandleFunc("POST /people/{key}", c.staffPage(core.ActionPeopleManage, c.editPerson))
	c.mux.HandleFunc("POST /people/{key}/offboard", c.staffPage(core.ActionPeopleManage, c.offboard))
}

// staffRow is one person in the list.
type staffRow struct {
	Key, Name, Team, Job, Role, Manager, Status string
	Left                                        bool
}

type peopleData struct {
	Query  string
	Left   bool // showing those who left
	People []staffRow
	Total  int
	WeCom  bool // the WeCom sync's page is served
}

// people lists the org's people, searched by name, key, team or job.
func (c *Console) people(rq *request) error {
	org, err := c.cfg.Staff.Desk(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(rq.r.URL.Query().Get("q"))
	left := rq.r.URL.Query().Get("status") == "left"
	names := personNames(org)
	teams := teamNames(rq, org)
	data := peopleData{Query: q, Left: left, WeCom: c.cfg.WeComSync != nil && c.cfg.WeComDaily != nil}
	for _, p := range org.People {
		if (p.Status == core.StatusLeft) != left {
			continue
		}
		data.Total++
		row := staffRow{Key: p.Key, Name: rq.words.Name(p.Name), Team: teams[p.Team], Job: jobName(rq, org, p.Job),
			Role: rq.T("web.role." + string(p.Role)), Manager: rq.words.Name(names[p.Manager]),
			Status: rq.T("web.status." + string(p.Status)), Left: p.Status == core.StatusLeft}
		if q != "" && !matches(q, p.Key, p.Name, row.Team, row.Job, p.Email) {
			continue
		}
		data.People = append(data.People, row)
	}
	sort.Slice(data.People, func(i, j int) bool { return data.People[i].Key < data.People[j].Key })
	return c.render(rq, "people", "web.title.people", data)
}

func matches(q string, fields ...string) bool {
	q = strings.ToLower(q)
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}

func personNames(org staff.Org) map[string]string {
	out := map[string]string{}
	for _, p := range org.People {
		out[p.Key] = p.Name
	}
	return out
}

func teamNames(rq *request, org staff.Org) map[string]string {
	out := map[string]string{}
	for _, t := range org.Teams {
		out[t.Key] = rq.words.Name(t.Name)
	}
	return out
}

func jobName(rq *request, org staff.Org, job string) string {
	if job == "" {
		return ""
	}
	return rq.words.Job(job)
}

// personForm is the hire and edit form, as typed.
type personForm struct {
	Key, Name, Email, Role, Job, Team, Manager, HireDate, Locale, Schedule string
}

func readPersonForm(r *http.Request) personForm {
	f := r.PostForm
	g := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	return personForm{Key: g("key"), Name: g("name"), Email: g("email"), Role: g("role"), Job: g("job"), Team: g("team"),
		Manager: g("manager"), HireDate: g("hire_date"), Locale: g("locale"), Schedule: g("schedule")}
}

// formData is what the hire and edit forms offer.
type formData struct {
	Form      personForm
	Roles     []option
	Teams     []option
	Managers  []option
	Schedules []option
	Jobs      []option
	Locales   []option
}

func (c *Console) formData(rq *request, org staff.Org, form personForm) formData {
	d := formData{Form: form}
	for _, r := range core.Roles() {
		d.Roles = append(d.Roles, option{Value: string(r), Label: rq.T("web.role." + string(r))})
	}
	for _, t := range org.Teams {
		d.Teams = append(d.Teams, option{Value: t.Key, Label: rq.words.Name(t.Name)})
	}
	for _, p := range org.People {
		if p.Status == core.StatusActive && p.Key != form.Key {
			d.Managers = append(d.Managers, option{Value: p.Key, Label: rq.words.Name(p.Name)})
		}
	}
	sort.Slice(d.Managers, func(i, j int) bool { return d.Managers[i].Label < d.Managers[j].Label })
	for _, s := range org.Schedules {
		d.Schedules = append(d.Schedules, option{Value: s.Key, Label: rq.words.Name(s.Name)})
	}
	for _, j := range org.Jobs {
		d.Jobs = append(d.Jobs, option{Value: j.Key, Label: rq.words.Job(j.Key)})
	}
	d.Locales = []option{{Value: string(core.LocaleZH), Label: "中文"}, {Value: string(core.LocaleEN), Label: "English"}}
	return d
}

func (c *Console) hireForm(rq *request) error {
	org, err := c.cfg.Staff.Desk(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return err
	}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	return c.render(rq, "hire", "web.title.hire", c.formData(rq, org, personForm{Role: string(core.RoleEmployee), HireDate: today.String()}))
}

type hiredData struct {
	Name, Key, Code string
}

// hire creates the person and shows their invite code, once.
func (c *Console) hire(rq *request) error {
	form := readPersonForm(rq.r)
	p := staff.NewPerson{Key: form.Key, Name: form.Name, Email: form.Email, Role: core.Role(form.Role), Job: form.Job,
		Team: form.Team, Manager: form.Manager, Locale: core.Locale(form.Locale), Schedule: form.Schedule}
	var err error
	if form.HireDate != "" {
		if p.HireDate, err = core.ParseDate(form.HireDate); err != nil {
			err = core.Errorf(core.EInvalid, "web.bad_date", "bad date").With("date", form.HireDate)
		}
	}
	var e core.Employee
	var code string
	if err == nil {
		e, code, err = c.cfg.Staff.Hire(rq.r.Context(), rq.m, p, signin.Channel)
	}
	if err != nil {
		if core.ErrorCodeOf(err) == core.EInternal || core.ErrorCodeOf(err) == core.EForbidden {
			return err
		}
		org, derr := c.cfg.Staff.Desk(rq.r.Context(), rq.m, signin.Channel)
		if derr != nil {
			return derr
		}
		return c.renderStatus(rq, http.StatusBadRequest, "hire", "web.title.hire", c.formData(rq, org, form), rq.words.Error(err))
	}
	return c.render(rq, "hired", "web.title.hired", hiredData{Name: rq.words.Name(e.Name), Key: e.Key, Code: code})
}
