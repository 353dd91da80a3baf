package orgfile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/core/orgfile"
)

// TestMarshalRoundTrip writes parsed files back and parses them again:
// the File must come back the same.
func TestMarshalRoundTrip(t *testing.T) {
	example, err := os.ReadFile("../../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	exampleName, err := filepath.Abs("../../examples/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, yaml string
	}{
		{"Example", exampleName, string(example)},
		{"Minimal", "org.yaml", "orgs:\n  - {key: shop, name: Shop}\n"},
		{"ChineseAndLeft", "org.yaml", `
orgs:
  - key: dianpu
    name: 鲜果小铺
    locale: en
    time_zone: Europe/Berlin
    go_live: 2026-01-05
    teams: [{key: kf, name: "客服组: 白班"}]
    employees:
      - {key: mei, name: "美美 \"Mei\"", role: admin, team: kf, hire_date: 2020-01-01, gender: 女, locale: zh-CN}
      - {key: old, name: 老王, status: left, left_on: 2025-12-31, hire_date: 2019-05-01, telegram: "42"}
      - {key: yes, name: "yes", email: "no@x.example", manager: mei, delegate: mei, slack: W0ABC, career_start: 2001-02-03}
`},
		{"RotasAndPolicies", "org.yaml", `
group: {key: g, name: 集团}
orgs:
  - key: a
    name: A
    attendance:
      workweek: [sun, mon, sat]
      hours: {start: "07:30", end: "24:00", break_minutes: 0}
      geofence: refuse
      correction_days: 7
    sites: [{key: s, name: 仓, lat: -33.8688, lon: 151.2093, radius_m: 50}]
    calendar:
      holidays:
        - {from: 2026-10-01, to: 2026-10-03, name: 国庆}
        - {date: 2026-10-04, name: 国庆, statutory: false}
        - {date: 2026-12-25}
      workdays: [{date: 2026-10-10, name: 补班}]
    jobs:
      - {key: cs, name: 客服}
      - {key: ops, name: {en: Ops}, aliases: [仓库]}
    shifts:
      - {key: n, name: 夜班, start: "22:00", end: "06:00", break_minutes: 30, job: ops}
      - {key: d, name: day, start: "09:00", end: "17:00"}
    schedules:
      - {key: c, start: 2026-11-01, cycle: [n, n, off, off]}
      - {key: w, name: 轮班, start: 2026-11-02, holidays: work, weeks: [{mon: d}, {}]}
    overrides: [{employee: p, date: 2026-12-24, shift: off}, {employee: p, date: 2026-12-25, shift: n}]
    leave: {day_hours: 7, hr_approval_over_days: 0, resend_after_hours: 48}
    leave_types:
      - {key: annual, name: 年假, unit: half_day, accrual: statutory_cn, carry_over_days: 5, carry_over_expires: "03-31"}
      - {key: unpaid, name: 事假, paid: false, unit: hour, reason_required: true, allow_negative: true, applies_to: [team:t, role:manager]}
      - {key: once, name: 婚假, accrual: fixed, entitlement_days: 0, prorate: false, attachment_required: true, notice_days: 2}
    reminders:
      late_after: 90m
      rules:
        - {key: in, kind: checkin, minutes_before: 5}
        - {key: nudge, kind: nudge, minutes_after: 0}
        - {key: out, kind: checkout}
        - {key: dg, kind: digest, cron: "0 9 * * 1-5", working_days_only: false}
        - {key: all, cron: "0 8 * * *", audience: everyone, text: {en: Hi}}
        - {key: job, cron: "0 8 * * *", audience: "job:ops", text: {zh-CN: 你好, en: Hello}}
    cover:
      wave_size: 0
      weekly_cap_hours: 7.5
      rest_hours: 0
      sister_orgs: true
      escalate_minutes: 0
      requires: {ops: "ops:3", cs: cs}
    training: {certificate_months: 0, retake_hours: 0}
    retention: {years_after_leaving: 5}
    payroll:
      day_divisor: 21.75
      day_hours: 7.5
      late_penalty: 12.50
      late_free: 1
      overtime: {workday: 1.5, rest_day: 2, holiday: 3}
      tax: "flat:10%"
      minimum_wage: 2490
    teams: [{key: t, name: T}]
    employees:
      - {key: p, name: P, job: ops, team: t, schedule: c, rotation_offset: 2, skills: [cs:2, ops]}
      - {key: q, name: Q, job: cs, schedule: w}
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			first, err := orgfile.Parse(tc.file, []byte(tc.yaml))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			out, err := orgfile.Marshal(first)
			if err != nil {
				t.Fatal(err)
			}
			second, err := orgfile.Parse(tc.file, out)
			if err != nil {
				t.Fatalf("written file does not parse: %v\n%s", err, out)
			}
			first, second = normalCalendar(first), normalCalendar(second)
			if !reflect.DeepEqual(first.Group, second.Group) || len(first.Orgs) != len(second.Orgs) {
				t.Fatalf("round trip differs: %+v / %+v", first, second)
			}
			for i := range first.Orgs {
				if d := differentFields(first.Orgs[i], second.Orgs[i]); len(d) > 0 {
					t.Errorf("org %s: %v differ after the round trip; written:\n%s", first.Orgs[i].Key, d, out)
				}
			}
			again, err := orgfile.Marshal(second)
			if err != nil || string(again) != string(out) {
				t.Errorf("writing is not stable (%v):\n%s\n---\n%s", err, out, again)
			}
		})
	}
}

// differentFields names the fields of two structs that differ, with both values.
func differentFields(a, b any) []string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var out []string
	for i := 0; i < va.NumField(); i++ {
		x, y := va.Field(i).Interface(), vb.Field(i).Interface()
		if !reflect.DeepEqual(x, y) {
			out = append(out, fmt.Sprintf("%s: %#v != %#v", va.Type().Field(i).Name, x, y))
		}
	}
	return out
}

// normalCalendar keeps the day each date ends with, in date order: what
// apply stores, and the only form a written file keeps.
func normalCalendar(f orgfile.File) orgfile.File {
	for i, o := range f.Orgs {
		byDay := map[core.Date]calendar.Entry{}
		for _, e := range o.Calendar {
			byDay[e.Date] = e
		}
		var days []calendar.Entry
		for _, e := range byDay {
			days = append(days, e)
		}
		sort.Slice(days, func(a, b int) bool { return days[a].Date.Before(days[b].Date) })
		f.Orgs[i].Calendar = days
	}
	return f
}

func TestMarshalLooksHandWritten(t *testing.T) {
	f, err := orgfile.Parse("org.yaml", []byte(`
orgs:
  - key: shop
    name: 鲜果小铺
    shifts: [{key: m, name: 早班, start: "09:00", end: "18:00", break_minutes: 60}]
    employees: [{key: a, name: 李爱丽, telegram: "100001", hire_date: 2022-03-01, skills: [m:2]}]
`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"name: 鲜果小铺\n",
		`- {key: m, name: 早班, start: "09:00", end: "18:00", break_minutes: 60}`,
		"hire_date: 2022-03-01\n",
		`telegram: "100001"`,
		"skills: ['m:2']",
		"workweek: [mon, tue, wed, thu, fri]",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("written file lacks %q:\n%s", want, out)
		}
	}
}
