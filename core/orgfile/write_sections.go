package orgfile

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/reminder"
	"github.com/hrbot/hrbot/core/training"
)

// The sections of an org as Marshal writes them: policies, calendar,
// rotas, leave types, reminders.

type attendanceOut struct {
	Workweek            []string `yaml:"workweek"`
	Hours               hoursOut `yaml:"hours"`
	Grace               int      `yaml:"grace_minutes"`
	EarlyGrace          int      `yaml:"early_grace_minutes"`
	AbsentAfter         int      `yaml:"absent_after_minutes"`
	OvertimeMin         int      `yaml:"overtime_min_minutes"`
	AutoCheckoutAfter   int      `yaml:"auto_checkout_after_minutes"`
	CheckinOpen         int      `yaml:"checkin_open_minutes"`
	Geofence            string   `yaml:"geofence"`
	CorrectionDays      int      `yaml:"correction_days"`
	CorrectionsPerMonth int      `yaml:"corrections_per_month"`
}

type hoursOut struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
	Break int    `yaml:"break_minutes"`
}

func attendanceYAML(p attendance.Policy) attendanceOut {
	out := attendanceOut{Hours: hoursOut{attendance.ClockTime(p.DayStart), attendance.ClockTime(p.DayEnd), p.DayBreak},
		Grace: p.Grace, EarlyGrace: p.EarlyGrace, AbsentAfter: p.AbsentAfter, OvertimeMin: p.OvertimeMin,
		AutoCheckoutAfter: p.AutoCheckoutAfter, CheckinOpen: p.CheckinOpen, Geofence: string(p.Geofence),
		CorrectionDays: p.CorrectionDays, CorrectionsPerMonth: p.CorrectionsPerMonth}
	for _, d := range p.Workweek {
		out.Workweek = append(out.Workweek, weekdayKeys[(int(d)+6)%7])
	}
	return out
}

type siteOut struct {
	Key     string  `yaml:"key"`
	Name    string  `yaml:"name"`
	Lat     float64 `yaml:"lat"`
	Lon     float64 `yaml:"lon"`
	RadiusM int     `yaml:"radius_m"`
}

type calendarOut struct {
	Holidays []dayOut `yaml:"holidays,omitempty"`
	Workdays []dayOut `yaml:"workdays,omitempty"`
}

type dayOut struct {
	Date      plain  `yaml:"date,omitempty"`
	From      plain  `yaml:"from,omitempty"`
	To        plain  `yaml:"to,omitempty"`
	Name      string `yaml:"name,omitempty"`
	Statutory *bool  `yaml:"statutory,omitempty"`
}

// calendarYAML writes each day once, the last entry for a day winning as
// it does when applied, runs of alike days as one range.
func calendarYAML(entries []calendar.Entry) *calendarOut {
	if len(entries) == 0 {
		return nil
	}
	byDay := map[core.Date]calendar.Entry{}
	for _, e := range entries {
		byDay[e.Date] = e
	}
	days := make([]calendar.Entry, 0, len(byDay))
	for _, e := range byDay {
		days = append(days, e)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })
	out := &calendarOut{}
	for i := 0; i < len(days); {
		first, j := days[i], i+1
		for j < len(days) && j-i < 60 && days[j].Date == days[j-1].Date.AddDays(1) &&
			days[j].Holiday == first.Holiday && days[j].Name == first.Name && days[j].Statutory == first.Statutory {
			j++
		}
		d := dayOut{Name: first.Name}
		if j-i == 1 {
			d.Date = plain(first.Date.String())
		} else {
			d.From, d.To = plain(first.Date.String()), plain(days[j-1].Date.String())
		}
		if first.Statutory != first.Holiday { // holidays are statutory, workdays not, unless told
			d.Statutory = &first.Statutory
		}
		if first.Holiday {
			out.Holidays = append(out.Holidays, d)
		} else {
			out.Workdays = append(out.Workdays, d)
		}
		i = j
	}
	return out
}

type jobOut struct {
	Key         string          `yaml:"key"`
	Name        any             `yaml:"name"`
	Aliases     []string        `yaml:"aliases,omitempty"`
	Description *descriptionOut `yaml:"description,omitempty"`
}

func jobYAML(j core.Job, d jobs.Description) jobOut {
	out := jobOut{Key: j.Key, Aliases: j.Aliases, Name: descriptionText(j.Names)}
	if !d.Empty() {
		desc := descriptionYAML(d)
		out.Description = &desc
	}
	return out
}

type shiftOut struct {
	Key          string `yaml:"key"`
	Name         string `yaml:"name"`
	Start        string `yaml:"start"`
	End          string `yaml:"end"`
	BreakMinutes int    `yaml:"break_minutes,omitempty"`
	Job          string `yaml:"job,omitempty"`
}

type scheduleOut struct {
	Key      string    `yaml:"key"`
	Name     string    `yaml:"name,omitempty"`
	Start    plain     `yaml:"start"`
	Holidays string    `yaml:"holidays,omitempty"`
	Weeks    []weekOut `yaml:"weeks,omitempty"`
	Cycle    []string  `yaml:"cycle,omitempty"`
}

type weekOut struct {
	Mon string `yaml:"mon,omitempty"`
	Tue string `yaml:"tue,omitempty"`
	Wed string `yaml:"wed,omitempty"`
	Thu string `yaml:"thu,omitempty"`
	Fri string `yaml:"fri,omitempty"`
	Sat string `yaml:"sat,omitempty"`
	Sun string `yaml:"sun,omitempty"`
}

func scheduleYAML(s attendance.Schedule) scheduleOut {
	out := scheduleOut{Key: s.Key, Start: plain(s.Start.String())}
	if s.Name != s.Key {
		out.Name = s.Name
	}
	if s.WorkHolidays {
		out.Holidays = "work"
	}
	if s.Kind == attendance.ScheduleWeekly {
		for w := 0; w+7 <= len(s.Pattern); w += 7 {
			p := s.Pattern[w : w+7]
			out.Weeks = append(out.Weeks, weekOut{p[0], p[1], p[2], p[3], p[4], p[5], p[6]})
		}
		return out
	}
	for _, k := range s.Pattern {
		if k == "" {
			k = "off"
		}
		out.Cycle = append(out.Cycle, k)
	}
	return out
}

type overrideOut struct {
	Employee string `yaml:"employee"`
	Date     plain  `yaml:"date"`
	Shift    string `yaml:"shift"`
}

type leaveOut struct {
	DayHours           int `yaml:"day_hours"`
	HRApprovalOverDays int `yaml:"hr_approval_over_days"`
	ResendAfterHours   int `yaml:"resend_after_hours"`
}

func leaveYAML(p leave.Policy) leaveOut {
	return leaveOut{p.DayMinutes / 60, p.HRApprovalOverDays, p.ResendAfterHours}
}

type leaveTypeOut struct {
	Key                string   `yaml:"key"`
	Name               string   `yaml:"name"`
	Aliases            []string `yaml:"aliases,omitempty"`
	Paid               *bool    `yaml:"paid,omitempty"`
	Unit               string   `yaml:"unit,omitempty"`
	Accrual            string   `yaml:"accrual,omitempty"`
	EntitlementDays    *int     `yaml:"entitlement_days,omitempty"`
	CarryOverDays      int      `yaml:"carry_over_days,omitempty"`
	CarryOverExpires   string   `yaml:"carry_over_expires,omitempty"`
	NoticeDays         int      `yaml:"notice_days,omitempty"`
	ReasonRequired     bool     `yaml:"reason_required,omitempty"`
	AttachmentRequired bool     `yaml:"attachment_required,omitempty"`
	AllowNegative      bool     `yaml:"allow_negative,omitempty"`
	AppliesTo          []string `yaml:"applies_to,omitempty"`
	Prorate            *bool    `yaml:"prorate,omitempty"`
}

func leaveTypeYAML(t leave.Type) leaveTypeOut {
	no := false
	out := leaveTypeOut{Key: t.Key, Name: t.Name, Aliases: t.Aliases, CarryOverDays: t.CarryOverDays,
		CarryOverExpires: t.CarryOverExpiry, NoticeDays: t.NoticeDays, ReasonRequired: t.ReasonRequired,
		AttachmentRequired: t.AttachmentRequired, AllowNegative: t.AllowNegative, AppliesTo: t.AppliesTo}
	if !t.Paid {
		out.Paid = &no
	}
	if t.NoProration {
		out.Prorate = &no
	}
	if t.Unit != leave.UnitDay {
		out.Unit = string(t.Unit)
	}
	if t.Accrual != leave.AccrualNone {
		out.Accrual = string(t.Accrual)
	}
	if t.EntitlementDays != 0 || t.Accrual == leave.AccrualFixed {
		days := t.EntitlementDays
		out.EntitlementDays = &days
	}
	return out
}

type remindersOut struct {
	LateAfter string    `yaml:"late_after,omitempty"`
	Rules     []ruleOut `yaml:"rules,omitempty"`
}

type ruleOut struct {
	Key             string            `yaml:"key"`
	Kind            string            `yaml:"kind,omitempty"`
	Cron            string            `yaml:"cron,omitempty"`
	MinutesBefore   *int              `yaml:"minutes_before,omitempty"`
	MinutesAfter    *int              `yaml:"minutes_after,omitempty"`
	Audience        string            `yaml:"audience,omitempty"`
	WorkingDaysOnly *bool             `yaml:"working_days_only,omitempty"`
	Text            map[string]string `yaml:"text,omitempty"`
}

func remindersYAML(p reminder.Policy) *remindersOut {
	if len(p.Rules) == 0 && (p.LateAfter == time.Hour || p.LateAfter == 0) {
		return nil
	}
	out := &remindersOut{}
	if p.LateAfter != time.Hour && p.LateAfter != 0 {
		out.LateAfter = durationOut(p.LateAfter)
	}
	for _, r := range p.Rules {
		out.Rules = append(out.Rules, ruleYAML(r))
	}
	return out
}

func ruleYAML(r reminder.Rule) ruleOut {
	out := ruleOut{Key: r.Key, Cron: r.Cron}
	if r.Kind != reminder.Custom {
		out.Kind = string(r.Kind)
	}
	minutes := int(r.Offset / time.Minute)
	switch r.Kind {
	case reminder.CheckIn:
		out.MinutesBefore = &minutes
	case reminder.Nudge, reminder.CheckOut:
		out.MinutesAfter = &minutes
	default:
		if !r.WorkingDaysOnly {
			no := false
			out.WorkingDaysOnly = &no
		}
	}
	if r.Kind == reminder.Custom {
		out.Audience = string(r.Audience.Kind)
		if r.Audience.Value != "" {
			out.Audience += ":" + r.Audience.Value
		}
	}
	if len(r.Text) > 0 {
		out.Text = map[string]string{}
		for loc, t := range r.Text {
			out.Text[string(loc)] = t
		}
	}
	return out
}

// durationOut writes a duration as people write it: 2h, 90m.
func durationOut(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

type coverOut struct {
	WaveSize        int               `yaml:"wave_size"`
	WaveMinutes     int               `yaml:"wave_minutes"`
	WeeklyCapHours  plain             `yaml:"weekly_cap_hours"`
	RestHours       plain             `yaml:"rest_hours"`
	SisterOrgs      bool              `yaml:"sister_orgs,omitempty"`
	EscalateMinutes int               `yaml:"escalate_minutes"`
	Requires        map[string]string `yaml:"requires,omitempty"`
}

func coverYAML(p cover.Policy) coverOut {
	hours := func(m int) plain { return plain(strconv.FormatFloat(float64(m)/60, 'f', -1, 64)) }
	out := coverOut{WaveSize: p.WaveSize, WaveMinutes: p.WaveMinutes, WeeklyCapHours: hours(p.WeeklyCapMinutes),
		RestHours: hours(p.RestMinutes), SisterOrgs: p.SisterOrgs, EscalateMinutes: p.EscalateMinutes}
	for job, s := range p.Requires {
		if out.Requires == nil {
			out.Requires = map[string]string{}
		}
		out.Requires[job] = skillOut(s)
	}
	return out
}

func skillOut(s core.SkillLevel) string { return fmt.Sprintf("%s:%d", s.Skill, s.Level) }

type trainingOut struct {
	CertificateMonths int `yaml:"certificate_months"`
	RetakeHours       int `yaml:"retake_hours"`
}

func trainingYAML(p training.Policy) trainingOut {
	return trainingOut{p.CertificateMonths, p.RetakeHours}
}

type payrollOut struct {
	DayDivisor      plain             `yaml:"day_divisor"`
	DayHours        plain             `yaml:"day_hours"`
	LatePenalty     plain             `yaml:"late_penalty,omitempty"`
	LateFree        int               `yaml:"late_free,omitempty"`
	Overtime        overtimeOut       `yaml:"overtime"`
	RestDayOvertime string            `yaml:"rest_day_overtime"`
	Tax             string            `yaml:"tax"`
	MinimumWage     plain             `yaml:"minimum_wage,omitempty"`
	SocialCity      string            `yaml:"social_city,omitempty"`
	SocialBases     []socialBaseOut   `yaml:"social_bases,omitempty"`
	EmployerRates   *employerRatesOut `yaml:"employer_rates,omitempty"`
	BankFiles       []bankOut         `yaml:"bank_files,omitempty"`
}

type overtimeOut struct {
	Workday plain `yaml:"workday"`
	RestDay plain `yaml:"rest_day"`
	Holiday plain `yaml:"holiday"`
}

// decimalOut writes a decimal with the places it was given (12.50 stays 12.50).
func decimalOut(d decimal.Decimal) plain {
	if d.Exponent() < 0 {
		return plain(d.StringFixed(-d.Exponent()))
	}
	return plain(d.String())
}

func payrollYAML(p *PayrollPolicy) *payrollOut {
	if p == nil {
		return nil
	}
	out := &payrollOut{DayDivisor: decimalOut(p.DayDivisor), DayHours: decimalOut(p.DayHours), LateFree: p.LateFree,
		Overtime:        overtimeOut{decimalOut(p.OvertimeWorkday), decimalOut(p.OvertimeRestDay), decimalOut(p.OvertimeHoliday)},
		RestDayOvertime: "pay", Tax: p.TaxRule}
	if !p.LatePenalty.IsZero() {
		out.LatePenalty = decimalOut(p.LatePenalty)
	}
	if !p.MinimumWage.IsZero() {
		out.MinimumWage = decimalOut(p.MinimumWage)
	}
	if p.RestDayAsLeave {
		out.RestDayOvertime = "leave"
	}
	socialYAML(p, out)
	out.BankFiles = bankFilesYAML(p.BankFiles)
	return out
}
