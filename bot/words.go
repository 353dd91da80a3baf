package bot

import (
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/leaving/certificate"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/core/reports"
)

// Words writes the bot's phrases for one person outside a conversation, so
// that the web console names leave, shifts, amounts and refusals in exactly
// the words chat uses.
type Words struct {
	b *Bot
	t *turn
}

// WordsFor returns the words for m read in loc.
func (b *Bot) WordsFor(m core.Member, loc core.Locale) Words {
	return Words{b: b, t: &turn{member: &m, locale: loc, now: b.cfg.Clock.Now()}}
}

// Locale is the language the words are in.
func (w Words) Locale() core.Locale { return w.t.locale }

// T translates key with its placeholders filled from name, value pairs.
func (w Words) T(key string, args ...string) string { return w.b.T(w.t, key, args...) }

// Error is the translated refusal or failure err stands for; an internal
// error is logged with a reference and only the reference is shown.
func (w Words) Error(err error) string { return w.b.errorReply(w.t, "web", err).Text }

// Name is a bilingual name ("年假 Annual leave") in the reader's language.
func (w Words) Name(name string) string { return core.NameIn(name, w.t.locale) }

// DirectorySynced writes a run of the daily WeCom sync (its outcome's
// params) as the notification HR got says it.
func (w Words) DirectorySynced(params map[string]string) string {
	return w.b.directorySynced(w.t, params)
}

// LeaveType names a leave type.
func (w Words) LeaveType(lt leave.Type) string { return w.b.typeName(w.t, lt) }

// LeaveAmount is an amount of leave with its unit: "5 days", "3.5 小时".
func (w Words) LeaveAmount(lt leave.Type, minutes, dayMinutes int) string {
	return w.b.leaveNumber(lt, minutes, dayMinutes) + " " + w.b.leaveUnit(w.t, lt)
}

// LeaveCost is what a request takes, as chat says it.
func (w Words) LeaveCost(lt leave.Type, minutes, dayMinutes int) string {
	return w.b.leaveCost(w.t, lt, minutes, dayMinutes)
}

// LeaveSpan is a span of days with its half days.
func (w Words) LeaveSpan(s leave.Span) string { return w.b.spanLabel(w.t, s) }

// LeaveRequest is a request's dates, with its hours when it covers part of
// a day.
func (w Words) LeaveRequest(r leave.Request) string { return w.b.requestLabel(w.t, r) }

// Shift names a plan's shift with its hours.
func (w Words) Shift(p attendance.Plan) string { return w.b.shiftLabel(w.t, p) }

// Job names a job.
func (w Words) Job(key string) string { return w.b.jobName(w.t, key) }

// Duration is minutes as hours and minutes.
func (w Words) Duration(minutes int) string { return w.b.duration(w.t, minutes) }

// PayrollWarning is one warning of a payroll draft, as chat lists it.
func (w Words) PayrollWarning(wa payroll.Warning) string { return w.b.describeWarning(w.t, wa) }

// PayslipLine is one line of a payslip with the numbers behind it.
func (w Words) PayslipLine(l pay.Line) string { return DescribeLine(w.b.cat, w.t.locale, l) }

// ReportTitle is a report's title: which report, period and orgs.
func (w Words) ReportTitle(res reports.Result) string { return w.b.reportTitle(w.t, res) }

// ReportTable is a report's table as chat's files have it.
func (w Words) ReportTable(res reports.Result) (header []string, rows [][]string) {
	return w.b.reportTable(w.t, res)
}

// ReportSheet is a report's table with its further tables under it, as
// chat's CSV and XLSX files have them.
func (w Words) ReportSheet(res reports.Result) (header []string, rows [][]string) {
	header, rows = w.b.reportTable(w.t, res)
	return header, append(rows, w.b.partRows(w.t, res)...)
}

// ReportChart is a report's chart as chat draws it; false when there is
// nothing to draw.
func (w Words) ReportChart(res reports.Result) (Chart, bool) {
	return w.b.chartOf(w.t, res, w.b.reportTitle(w.t, res))
}

// ReportNotes are the lines a report adds under its table (the
// recruiting report's drop-off and sources), as chat writes them.
func (w Words) ReportNotes(res reports.Result) []string {
	out := make([]string, 0, len(res.Notes))
	for _, n := range res.Notes {
		out = append(out, w.T(n.Key, n.Args...))
	}
	return out
}

// ApplyLink is where candidates apply to the opening with code, as /hire
// says it: the Telegram deep link when the bot has a username ("" when
// not), and the words to send the bot anywhere.
func (w Words) ApplyLink(code string) (link, words string) {
	if w.b.cfg.TelegramBot != "" {
		link = "https://t.me/" + w.b.cfg.TelegramBot + "?start=" + applyPrefix + code
	}
	return link, "/start " + applyPrefix + code
}

// FileValue is a value of a person's file as chat writes it.
func (w Words) FileValue(f personfile.Field, v string) string { return w.b.fileValue(w.t, f, v) }

// FileError is a problem with a file, its field named in the reader's words.
func (w Words) FileError(err error) string { return w.Error(w.b.fileErr(w.t, err)) }

// DataReadme is the README of a person's data (my data) in the reader's language.
func (w Words) DataReadme(b personfile.Bundle) string { return w.b.dataReadme(w.t, b) }

// Certificate is a termination certificate worded as chat sends it, in
// its own language (the org's), whoever reads it.
func (w Words) Certificate(c certificate.Certificate) Letter { return w.b.certificateLetter(c) }
