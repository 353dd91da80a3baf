package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/render"
)

// routePayrollTax adds HR's pages for China's tax rules beyond the wage —
// a month's year-end bonuses, the 60,000 rule and the first-wages marks of
// a year — and a run's
// cost of labour. Called by routePayroll.
func (c *Console) routePayrollTax(staff func(h handler) http.HandlerFunc) {
	c.mux.HandleFunc("GET /payroll/{period}/bonus", staff(c.bonusPage))
	c.mux.HandleFunc("POST /payroll/{period}/bonus", staff(c.saveBonus))
	c.mux.HandleFunc("POST /payroll/{period}/bonus/{person}/remove", staff(c.removeBonus))
	c.mux.HandleFunc("GET /payroll/sixty", staff(c.sixtyPage))
	c.mux.HandleFunc("POST /payroll/sixty", staff(c.setSixty))
	c.mux.HandleFunc("GET /payroll/first-wages", staff(c.firstWagesPage))
	c.mux.HandleFunc("POST /payroll/first-wages", staff(c.setFirstWages))
	c.mux.HandleFunc("GET /payroll/{period}/cost", staff(c.costPage))
}

// bonusRow is one recorded bonus, described as chat describes it.
type bonusRow struct {
	Key, Name, Amount string
	Lines             []string
	DeadZone          bool
}

type bonusData struct {
	Period, Status string
	Approved       bool
	Year           string
	People         []option
	Methods        []option
	Amount         string
	Bonuses        []bonusRow
}

// bonusPage is a month's year-end bonuses, each worked out both ways, and
// the form that records one — chat's /bonus.
func (c *Console) bonusPage(rq *request) error {
	data, err := c.bonusData(rq, rq.r.PathValue("period"), "", "", pay.BonusAuto)
	if err != nil {
		return err
	}
	return c.render(rq, "payroll_bonus", "web.title.payroll_bonus", data)
}

func (c *Console) bonusData(rq *request, period, person, amount, method string) (bonusData, error) {
	ctx := rq.r.Context()
	views, err := c.cfg.Payroll.YearEndBonuses(ctx, rq.m, period, signin.Channel)
	if err != nil {
		return bonusData{}, err
	}
	data := bonusData{Period: period, Amount: amount, Year: period[:4]}
	if run, err := c.cfg.Payroll.Review(ctx, rq.m, period); err == nil {
		data.Status, data.Approved = rq.T("payroll.status."+run.Status), run.Status == payroll.StatusApproved
	} else if core.ErrorCodeOf(err) != core.ENotFound {
		return bonusData{}, err
	}
	cov, err := c.cfg.Payroll.ProfileCoverage(ctx, rq.m, signin.Channel)
	if err != nil {
		return bonusData{}, err
	}
	for _, p := range cov.With {
		data.People = append(data.People, option{Value: p.Key, Label: rq.words.Name(p.Name) + " (" + p.Key + ")", Selected: p.Key == person})
	}
	for _, m := range []string{pay.BonusAuto, pay.BonusSeparate, pay.BonusCombined} {
		data.Methods = append(data.Methods, option{Value: m, Label: rq.T("payroll.bonus_method." + m), Selected: m == method})
	}
	for _, v := range views {
		v.Name = rq.words.Name(v.Name)
		data.Bonuses = append(data.Bonuses, bonusRow{Key: v.Key, Name: v.Name, Amount: payroll.Amount(v.Bonus.Amount),
			Lines: bot.BonusLines(rq.T, v), DeadZone: v.DeadZone != nil})
	}
	return data, nil
}

// saveBonus records (or replaces) a bonus with the service chat's /bonus
// uses, then shows the month's bonuses worked out.
func (c *Console) saveBonus(rq *request) error {
	period := rq.r.PathValue("period")
	person := strings.TrimSpace(rq.r.PostFormValue("person"))
	amount := strings.TrimSpace(rq.r.PostFormValue("amount"))
	method := rq.r.PostFormValue("method")
	n, err := decimal.NewFromString(strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "").Replace(amount))
	if err != nil {
		err = core.Errorf(core.EInvalid, "web.payroll.bonus_amount", "%q is not an amount", amount).With("amount", amount)
	} else {
		_, err = c.cfg.Payroll.SetYearEndBonus(rq.r.Context(), rq.m, person, period, pay.YearEndBonus{Amount: n, Method: method}, signin.Channel)
	}
	if err == nil {
		return rq.back("/payroll/"+url.PathEscape(period)+"/bonus", "web.done.bonus_saved")
	}
	return c.bonusFormError(rq, period, person, amount, method, err)
}

// bonusFormError shows the bonus page again with what was typed and why
// it was refused; other errors go to the error page.
func (c *Console) bonusFormError(rq *request, period, person, amount, method string, err error) error {
	status := http.StatusBadRequest
	switch core.ErrorCodeOf(err) {
	case core.EInvalid:
	case core.EConflict, core.ENotFound:
		status = http.StatusConflict
	default:
		return err
	}
	data, derr := c.bonusData(rq, period, person, amount, method)
	if derr != nil {
		return derr
	}
	return c.renderStatus(rq, status, "payroll_bonus", "web.title.payroll_bonus", data, rq.words.Error(err))
}

func (c *Console) removeBonus(rq *request) error {
	period, person := rq.r.PathValue("period"), rq.r.PathValue("person")
	if _, err := c.cfg.Payroll.RemoveYearEndBonus(rq.r.Context(), rq.m, person, period, signin.Channel); err != nil {
		return c.bonusFormError(rq, period, "", "", pay.BonusAuto, err)
	}
	return rq.back("/payroll/"+url.PathEscape(period)+"/bonus", "web.done.bonus_removed")
}

// sixtyRow is a person's 60,000 rule in a year.
type sixtyRow struct {
	Key, Name, Line string
	Applies, Set    bool
}

// yearMarks is a page of a tax year's marks, one row per person, with
// links to the years either side.
type yearMarks[R any] struct {
	Year, Prev, Next int
	People           []R
}

func newYearMarks[R any](year int) yearMarks[R] {
	return yearMarks[R]{Year: year, Prev: year - 1, Next: year + 1}
}

// sixtyPage lists whether the 60,000 rule applies to each person in a
// year (?year=, this year unless told), with buttons to set it — chat's
// /sixty.
func (c *Console) sixtyPage(rq *request) error {
	year, err := c.yearOf(rq)
	if err != nil {
		return err
	}
	vs, err := c.cfg.Payroll.SixtyRule(rq.r.Context(), rq.m, year, "", signin.Channel)
	if err != nil {
		return err
	}
	data := newYearMarks[sixtyRow](year)
	for _, v := range vs {
		v.Name = rq.words.Name(v.Name)
		data.People = append(data.People, sixtyRow{Key: v.Key, Name: v.Name, Applies: v.Applies, Set: v.Set != nil,
			Line: strings.TrimPrefix(bot.SixtyLine(rq.T, v), "• ")})
	}
	return c.render(rq, "payroll_sixty", "web.title.payroll_sixty", data)
}

// setSixty sets a person's rule on, off or back to hrbot's records.
func (c *Console) setSixty(rq *request) error {
	year, err := parseYear(rq.r.PostFormValue("year"))
	if err != nil {
		return err
	}
	var applies *bool
	switch rq.r.PostFormValue("set") {
	case "on", "off":
		v := rq.r.PostFormValue("set") == "on"
		applies = &v
	case "auto":
	default:
		return core.Errorf(core.EInvalid, "payroll.sixty_usage", "set on, off or auto")
	}
	if _, err := c.cfg.Payroll.SetSixtyRule(rq.r.Context(), rq.m, rq.r.PostFormValue("person"), year, applies, signin.Channel); err != nil {
		return err
	}
	return rq.back("/payroll/sixty?year="+strconv.Itoa(year), "web.done.sixty_set")
}

// yearOf reads ?year=, this year in the org's zone unless told.
func (c *Console) yearOf(rq *request) (int, error) {
	y := rq.r.URL.Query().Get("year")
	if y == "" {
		return c.cfg.Clock.Now().In(rq.m.Org.Location()).Year(), nil
	}
	return parseYear(y)
}

// parseYear reads a year of a form or a query; the service says whether
// it is one payroll keeps. Errors: EInvalid.
func parseYear(y string) (int, error) {
	n, err := strconv.Atoi(y)
	if err != nil {
		return 0, core.Errorf(core.EInvalid, "payroll.year_bad", "%q is not a year", y).With("year", y)
	}
	return n, nil
}

// firstWagesRow is whether a person is marked as having their first wages
// of a year here.
type firstWagesRow struct {
	Key, Line string
	On        bool
}

// firstWagesPage lists the first-wages marks of a year (?year=), with a
// button to mark or unmark each person — chat's /firstwages.
func (c *Console) firstWagesPage(rq *request) error {
	year, err := c.yearOf(rq)
	if err != nil {
		return err
	}
	vs, err := c.cfg.Payroll.FirstWagesOfYear(rq.r.Context(), rq.m, year, "", signin.Channel)
	if err != nil {
		return err
	}
	data := newYearMarks[firstWagesRow](year)
	for _, v := range vs {
		v.Name = rq.words.Name(v.Name)
		data.People = append(data.People, firstWagesRow{Key: v.Key, On: v.On, Line: strings.TrimPrefix(bot.FirstWagesLine(rq.T, v), "• ")})
	}
	return c.render(rq, "payroll_first_wages", "web.title.payroll_first_wages", data)
}

// setFirstWages marks or unmarks a person for a year.
func (c *Console) setFirstWages(rq *request) error {
	year, err := parseYear(rq.r.PostFormValue("year"))
	if err != nil {
		return err
	}
	set := rq.r.PostFormValue("set")
	if set != "on" && set != "off" {
		return core.Errorf(core.EInvalid, "payroll.first_wages_usage", "set on or off")
	}
	if _, err := c.cfg.Payroll.SetFirstWagesOfYear(rq.r.Context(), rq.m, rq.r.PostFormValue("person"), year, set == "on", signin.Channel); err != nil {
		return err
	}
	return rq.back("/payroll/first-wages?year="+strconv.Itoa(year), "web.done.first_wages_set")
}

// costRow is one person's (or the total's) cost of labour.
type costRow struct {
	Key, Name, Gross string
	Employer         []string // by costData.Codes
	EmployerTotal    string
	Total            string
}

type costData struct {
	Period, Status string
	Labels         []string // the employer's contributions, in their columns
	Rows           []costRow
	Total          costRow
	None           bool // no employer contributions at all
}

// costPage is a run's cost of labour — gross wage, the employer's
// contributions one by one, their total and the cost — per person and in
// total, as `hrbot payroll show --cost` prints it.
func (c *Console) costPage(rq *request) error {
	run, err := c.findRun(rq, rq.r.PathValue("period"))
	if err != nil {
		return err
	}
	codes := costCodes(run)
	data := costData{Period: run.Period, Status: rq.T("payroll.status." + run.Status)}
	for _, code := range codes {
		data.Labels = append(data.Labels, rq.T("payslip.employer."+code))
	}
	rows, total := run.Cost()
	data.None = total.Employer.IsZero()
	all := []pay.Line{}
	for _, r := range rows {
		data.Rows = append(data.Rows, costRow{Key: r.Key, Name: rq.words.Name(r.Name), Gross: payroll.Amount(r.Gross),
			Employer: sumsOf(r.Lines, codes), EmployerTotal: payroll.Amount(r.Employer), Total: payroll.Amount(r.Total)})
		all = append(all, r.Lines...)
	}
	data.Total = costRow{Gross: payroll.Amount(total.Gross), Employer: sumsOf(all, codes), EmployerTotal: payroll.Amount(total.Employer),
		Total: payroll.Amount(total.Total)}
	return c.render(rq, "payroll_cost", "web.title.payroll_cost", data)
}

// costCodes are the employer's contributions the run has, in the order of
// the run's files.
func costCodes(run payroll.Run) []string {
	seen := map[string]bool{}
	for _, s := range run.Slips {
		for _, l := range s.Employer {
			seen[l.Code] = true
		}
	}
	var out []string
	for _, code := range render.EmployerCodes {
		if seen[code] {
			out = append(out, code)
		}
	}
	return out
}

// sumsOf adds up lines by code, written for people; "" for none.
func sumsOf(lines []pay.Line, codes []string) []string {
	out := make([]string, len(codes))
	for i, code := range codes {
		if total, seen := pay.SumOf(lines, code); seen {
			out[i] = payroll.Amount(total)
		}
	}
	return out
}
