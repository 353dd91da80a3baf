package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/signin"
)

// routeContracts serves HR's contract pages: what needs attention
// (/contracts), the form that enters or edits a contract, and the
// decisions chat's reminders offer. A person's contracts are also shown
// on their own page (person.go), to whoever may see them.
func (c *Console) routeContracts() {
	if c.cfg.Contracts == nil {
		return
	}
	manage := func(h handler) http.HandlerFunc { return c.staffPage(core.ActionContractManage, h) }
	c.addNav("/contracts", "web.nav.contracts", core.ActionContractManage, false)
	c.mux.HandleFunc("GET /contracts", manage(c.contractsPage))
	c.mux.HandleFunc("GET /people/{key}/contracts/new", manage(c.contractNew))
	c.mux.HandleFunc("POST /people/{key}/contracts/new", manage(c.contractCreate))
	c.mux.HandleFunc("GET /contracts/{id}", manage(c.contractEdit))
	c.mux.HandleFunc("POST /contracts/{id}", manage(c.contractUpdate))
	c.mux.HandleFunc("POST /contracts/{id}/decide", manage(c.contractDecide))
	if c.cfg.Documents != nil {
		c.mux.HandleFunc("POST /contracts/{id}/scan", c.boundedUpload(documents.MaxFileBytes, "documents.too_big",
			documents.HumanSize(documents.MaxFileBytes), manage(c.contractScan)))
	}
}

// contractRow is a contract as a table shows it.
type contractRow struct {
	ID                                   int64
	Person, Key                          string
	Kind, Start, End, Probation, Signed  string
	Status, Days, Hired                  string
	Current, Unsigned, InProbation, Open bool
}

// personContracts is the Contracts section of a person's page.
type personContracts struct {
	Key    string
	Rows   []contractRow
	Manage bool
}

// contractsOf is the Contracts section of e's page, for a reader who may
// see e's contracts.
func (c *Console) contractsOf(rq *request, e core.Employee) (*personContracts, error) {
	_, cs, err := c.cfg.Contracts.OfID(rq.r.Context(), rq.m, e.ID, signin.Channel)
	if err != nil {
		return nil, err
	}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	cur, _ := contracts.Current(cs, today)
	out := &personContracts{Key: e.Key, Manage: core.Authorize(rq.m, core.ActionContractManage, &e) == nil}
	for i := len(cs) - 1; i >= 0; i-- { // the latest first
		r := contractRowOf(rq, cs[i], today)
		r.Current = cs[i].ID == cur.ID
		out.Rows = append(out.Rows, r)
	}
	return out, nil
}

func contractRowOf(rq *request, k contracts.Contract, today core.Date) contractRow {
	r := contractRow{ID: k.ID, Person: rq.words.Name(k.EmployeeName), Key: k.EmployeeKey, Kind: rq.T("contract.kind." + string(k.Kind)),
		Start: k.Start.String(), End: rq.T("contract.no_end"), Probation: "—", Signed: rq.T("contract.line.unsigned"),
		Unsigned: k.Signed.IsZero(), InProbation: !k.ProbationEnd.IsZero() && k.Probation.Outcome == "" && !k.ProbationEnd.Before(today)}
	if !k.End.IsZero() {
		r.End = k.End.String()
	}
	if !k.ProbationEnd.IsZero() {
		key := "contract.line.probation"
		if k.Probation.Outcome != "" {
			key += "_" + string(k.Probation.Outcome)
		}
		r.Probation = rq.T(key, "date", k.ProbationEnd.String())
	}
	if !k.Signed.IsZero() {
		r.Signed = k.Signed.String()
	}
	if k.Renewal.Outcome != "" {
		r.Status = rq.T("contract.line.renewal_" + string(k.Renewal.Outcome))
	}
	return r
}

// contractsData is the list page: what needs HR's attention.
type contractsData struct {
	Today                         string
	Days                          int
	Expiring, Unsigned, Probation []contractRow
}

func (c *Console) contractsPage(rq *request) error {
	d, err := c.contractsData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "contracts", "web.title.contracts", d)
}

func (c *Console) contractsData(rq *request) (contractsData, error) {
	o, err := c.cfg.Contracts.Overview(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return contractsData{}, err
	}
	d := contractsData{Today: o.Today.String(), Days: contracts.ExpiringDays}
	row := func(r contracts.Row) contractRow {
		cr := contractRowOf(rq, r.Contract, o.Today)
		cr.Person, cr.Key, cr.Days = rq.words.Name(r.Employee.Name), r.Employee.Key, strconv.Itoa(r.Days)
		if !r.Employee.HireDate.IsZero() {
			cr.Hired = core.DateOf(r.Employee.HireDate).String()
		}
		return cr
	}
	for _, r := range o.Expiring {
		d.Expiring = append(d.Expiring, row(r))
	}
	for _, r := range o.Unsigned {
		d.Unsigned = append(d.Unsigned, row(r))
	}
	for _, r := range o.Probation {
		cr := row(r)
		cr.Open = contracts.Extendable(r.Contract.Terms) == nil
		d.Probation = append(d.Probation, cr)
	}
	return d, nil
}

// contractForm is the add/edit form as typed, kept across errors.
type contractForm struct {
	Kind, Start, End, Probation, Signed string
}

type contractFormData struct {
	Action, Person, Key string
	Form                contractForm
	Kinds               []option
	// Scan is the signed copy's section of an existing contract, when
	// documents are kept (contracts_scan.go).
	Scan *scanSection
}

func (c *Console) formOf(rq *request, action, person, key string, f contractForm) contractFormData {
	d := contractFormData{Action: action, Person: rq.words.Name(person), Key: key, Form: f}
	for _, k := range contracts.Kinds() {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: rq.T("contract.kind." + string(k)), Selected: string(k) == f.Kind})
	}
	return d
}

// contractNew is the form for a person's new contract.
func (c *Console) contractNew(rq *request) error {
	e, err := c.cfg.Contracts.Manageable(rq.r.Context(), rq.m, rq.r.PathValue("key"), signin.Channel)
	if err != nil {
		return err
	}
	f := contractForm{Kind: string(contracts.FixedTerm)}
	return c.render(rq, "contract_form", "web.title.contract_new", c.formOf(rq, "/people/"+e.Key+"/contracts/new", e.Name, e.Key, f))
}

// contractCreate enters the contract; a refused one is shown again with
// the reason, as chat gives it.
func (c *Console) contractCreate(rq *request) error {
	e, err := c.cfg.Contracts.Manageable(rq.r.Context(), rq.m, rq.r.PathValue("key"), signin.Channel)
	if err != nil {
		return err
	}
	f := readContractForm(rq.r)
	t, err := f.terms()
	if err == nil {
		_, err = c.cfg.Contracts.Create(rq.r.Context(), rq.m, e.Key, t, signin.Channel)
	}
	if err != nil {
		return c.contractFormError(rq, c.formOf(rq, "/people/"+e.Key+"/contracts/new", e.Name, e.Key, f), "web.title.contract_new", err)
	}
	return rq.back("/people/"+e.Key, "web.done.contract_saved")
}

func (c *Console) contractEdit(rq *request) error {
	v, err := c.contractView(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "contract_form", "web.title.contract_edit", c.editFormOf(rq, v))
}

// editFormOf is the edit page of a contract as stored, with its scan.
func (c *Console) editFormOf(rq *request, v contracts.View) contractFormData {
	k := v.Contract
	f := contractForm{Kind: string(k.Kind), Start: k.Start.String()}
	for _, p := range []struct {
		d  core.Date
		to *string
	}{{k.End, &f.End}, {k.ProbationEnd, &f.Probation}, {k.Signed, &f.Signed}} {
		if !p.d.IsZero() {
			*p.to = p.d.String()
		}
	}
	d := c.formOf(rq, "/contracts/"+strconv.FormatInt(k.ID, 10), v.Employee.Name, v.Employee.Key, f)
	d.Scan = c.scanSectionOf(rq, k)
	return d
}

func (c *Console) contractUpdate(rq *request) error {
	v, err := c.contractView(rq)
	if err != nil {
		return err
	}
	f := readContractForm(rq.r)
	t, err := f.terms()
	if err == nil {
		_, err = c.cfg.Contracts.Update(rq.r.Context(), rq.m, v.Contract.ID, t, signin.Channel)
	}
	if err != nil {
		d := c.formOf(rq, rq.r.URL.Path, v.Employee.Name, v.Employee.Key, f)
		d.Scan = c.scanSectionOf(rq, v.Contract)
		return c.contractFormError(rq, d, "web.title.contract_edit", err)
	}
	return rq.back("/people/"+v.Employee.Key, "web.done.contract_saved")
}

func (c *Console) contractFormError(rq *request, d contractFormData, titleKey string, err error) error {
	if code := core.ErrorCodeOf(err); code == core.EInternal || code == core.EForbidden || code == core.ENotFound {
		return err
	}
	return c.renderStatus(rq, http.StatusBadRequest, "contract_form", titleKey, d, rq.words.Error(err))
}

// contractView reads the contract the path names.
func (c *Console) contractView(rq *request) (contracts.View, error) {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return contracts.View{}, core.Errorf(core.ENotFound, "contract.not_found", "no contract %q", rq.r.PathValue("id"))
	}
	return c.cfg.Contracts.Find(rq.r.Context(), rq.m, id, signin.Channel)
}

func readContractForm(r *http.Request) contractForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return contractForm{Kind: g("kind"), Start: g("start"), End: g("end"), Probation: g("probation"), Signed: g("signed")}
}

// terms reads the form's dates. Errors: EInvalid contract.bad_date.
func (f contractForm) terms() (contracts.Terms, error) {
	t := contracts.Terms{Kind: contracts.Kind(f.Kind)}
	for _, p := range []struct {
		s  string
		to *core.Date
	}{{f.Start, &t.Start}, {f.End, &t.End}, {f.Probation, &t.ProbationEnd}, {f.Signed, &t.Signed}} {
		if p.s == "" {
			continue
		}
		d, err := core.ParseDate(p.s)
		if err != nil {
			return t, core.Errorf(core.EInvalid, "contract.bad_date", "%q is not a date", p.s).With("value", p.s)
		}
		*p.to = d
	}
	return t, nil
}

// contractDecide takes a decision from the list: confirm, extend or end a
// probation; renew or not a fixed term. A refused one (an extension past
// the legal maximum) is shown on the list with the reason.
func (c *Console) contractDecide(rq *request) error {
	ctx := rq.r.Context()
	id, _ := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	var err error
	switch rq.r.PostFormValue("what") {
	case "confirm":
		_, err = c.cfg.Contracts.ConfirmProbation(ctx, rq.m, id, signin.Channel)
	case "end":
		_, err = c.cfg.Contracts.EndInProbation(ctx, rq.m, id, signin.Channel)
	case "extend":
		var until core.Date
		if until, err = core.ParseDate(rq.r.PostFormValue("until")); err != nil {
			err = core.Errorf(core.EInvalid, "contract.bad_date", "bad date").With("value", rq.r.PostFormValue("until"))
		} else {
			_, err = c.cfg.Contracts.ExtendProbation(ctx, rq.m, id, until, signin.Channel)
		}
	case "renew":
		_, err = c.cfg.Contracts.Renew(ctx, rq.m, id, signin.Channel)
	case "not_renew":
		_, err = c.cfg.Contracts.NotRenew(ctx, rq.m, id, signin.Channel)
	default:
		err = core.Errorf(core.EInvalid, "error.invalid", "unknown decision")
	}
	if err == nil {
		return rq.back("/contracts", "web.done.contract_decided")
	}
	if code := core.ErrorCodeOf(err); code == core.EInternal || code == core.EForbidden || code == core.ENotFound {
		return err
	}
	d, derr := c.contractsData(rq)
	if derr != nil {
		return derr
	}
	status := http.StatusBadRequest
	if core.ErrorCodeOf(err) == core.EConflict {
		status = http.StatusConflict
	}
	return c.renderStatus(rq, status, "contracts", "web.title.contracts", d, rq.words.Error(err))
}
