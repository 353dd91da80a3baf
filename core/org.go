package core

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Locale is a user-facing language. hrbot speaks simplified Chinese and English.
type Locale string

// Supported locales.
const (
	LocaleZH Locale = "zh-CN"
	LocaleEN Locale = "en"
)

// ParseLocale accepts the usual spellings ("zh", "zh_CN", "中文", "en-US",
// "English") and returns the supported locale they mean.
func ParseLocale(s string) (Locale, bool) {
	switch strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))) {
	case "zh", "zh-cn", "zh-hans", "zh-hans-cn", "cn", "chinese", "中文", "简体中文", "汉语":
		return LocaleZH, true
	case "en", "en-us", "en-gb", "english", "英文", "英语":
		return LocaleEN, true
	}
	return "", false
}

// Role says what a person may do in their org.
type Role string

// Roles, from least to most privileged.
const (
	RoleEmployee Role = "employee"
	RoleManager  Role = "manager"
	RoleHR       Role = "hr"
	RoleAdmin    Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleEmployee, RoleManager, RoleHR, RoleAdmin:
		return true
	}
	return false
}

// Roles lists the valid roles.
func Roles() []Role { return []Role{RoleEmployee, RoleManager, RoleHR, RoleAdmin} }

// EmployeeStatus is where a person is in their employment.
type EmployeeStatus string

// Employee statuses.
const (
	StatusActive EmployeeStatus = "active"
	StatusLeft   EmployeeStatus = "left"
)

// Valid reports whether s is a known status.
func (s EmployeeStatus) Valid() bool { return s == StatusActive || s == StatusLeft }

var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// ValidKey reports whether s can name an org, team or person in files and
// commands: lower-case letters, digits, '.', '_' and '-', at most 63 long.
func ValidKey(s string) bool { return keyPattern.MatchString(s) }

// Group holds several orgs (shops, subsidiaries) under one owner.
type Group struct {
	ID   int64
	Key  string
	Name string
}

// Org is one shop or company: the unit every record belongs to.
type Org struct {
	ID            int64
	GroupID       int64 // 0 when the org stands alone
	Key           string
	Name          string
	TimeZone      string
	DefaultLocale Locale
	// ConfigVersion changes whenever an apply changes the org's setup, so
	// services may cache what they derive from it.
	ConfigVersion int64
	// GoLive is the first day the org used hrbot: days before it have no
	// records, and are neither absences nor unpaid.
	GoLive Date
	// Zone is TimeZone loaded, set by whoever read the org with a Zones at
	// hand; Location loads the zone when it is nil.
	Zone *time.Location
}

// Live reports whether d is on or after the org's go-live day. An org
// without one (not yet stored) is live every day.
func (o Org) Live(d Date) bool { return o.GoLive.IsZero() || !d.Before(o.GoLive) }

// Location returns the org's time zone.
func (o Org) Location() *time.Location {
	if o.Zone != nil && o.Zone.String() == o.TimeZone {
		return o.Zone
	}
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Zones keeps the time zones loaded, by name: time.LoadLocation reads and
// parses the zone file on every call, and a chat turn asks for the org's
// zone once per time it shows (5 % of the 9:00 check-in storm's CPU). A
// *time.Location never changes once loaded, so one is shared by every
// org in the zone. The zero value is ready to use; it must not be copied.
type Zones struct{ m sync.Map }

// Locate sets o.Zone, loading o's zone the first time it is asked for. An
// unknown zone is left unset (Location falls back to UTC).
func (z *Zones) Locate(o *Org) {
	if loc, ok := z.m.Load(o.TimeZone); ok {
		o.Zone = loc.(*time.Location)
		return
	}
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil || loc.String() != o.TimeZone {
		return
	}
	z.m.Store(o.TimeZone, loc)
	o.Zone = loc
}

// Team groups employees under one org.
type Team struct {
	ID    int64
	OrgID int64
	Key   string
	Name  string
}

// Employee is a person working for an org.
type Employee struct {
	ID          int64
	OrgID       int64
	Key         string
	Name        string
	Email       string
	Role        Role
	Job         string // customer-service, finance, ops...
	TeamID      int64  // 0 when in no team
	TeamKey     string
	TeamName    string
	ManagerID   int64 // 0 when reporting to no one
	ManagerKey  string
	ManagerName string
	HireDate    time.Time // a date; zero when unknown
	Status      EmployeeStatus
	Locale      Locale // "" means the org's default
	// ScheduleKey names the person's shift schedule; "" means standard hours.
	ScheduleKey    string
	RotationOffset int
	// DelegateID approves for this person while they are on leave; 0 for none.
	DelegateID int64
	// CareerStart is when the person started working anywhere (statutory
	// annual leave counts from it); zero means the hire date.
	CareerStart time.Time
	// Gender is "female", "male" or "" (not recorded), for leave types
	// that apply to one gender only.
	Gender Gender
}

// Gender as recorded for leave rules (maternity, paternity leave).
type Gender string

// Genders.
const (
	Female Gender = "female"
	Male   Gender = "male"
)

// ParseGender accepts female/male in English or Chinese.
func ParseGender(s string) (Gender, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "female", "f", "woman", "女":
		return Female, true
	case "male", "m", "man", "男":
		return Male, true
	}
	return "", false
}

// Member is an employee together with their org: who is talking to the bot.
type Member struct {
	Employee Employee
	Org      Org
	// Unread counts notifications waiting for this member.
	Unread int
}

// Locale is the language to answer this member in.
func (m Member) Locale() Locale {
	if m.Employee.Locale != "" {
		return m.Employee.Locale
	}
	if m.Org.DefaultLocale != "" {
		return m.Org.DefaultLocale
	}
	return LocaleZH
}

// Platform is a chat platform people reach hrbot through.
type Platform string

// Platforms.
const (
	PlatformSlack    Platform = "slack"
	PlatformTelegram Platform = "telegram"
	PlatformConsole  Platform = "console"
	PlatformWeCom    Platform = "wecom"
)

// Identity links a chat account to an employee.
type Identity struct {
	OrgID      int64
	EmployeeID int64
	Platform   Platform
	ExternalID string // Telegram user id, Slack user id, console "org/person"
	LinkedVia  string // "orgfile", "invite", "email" or "directory" (a directory sync)
}

// EmailContact is an employee's e-mail address, for finding their chat
// account on platforms that can look people up by it (Slack).
type EmailContact struct {
	OrgID      int64
	EmployeeID int64
	Email      string
}

// String shows the identity without anything secret.
func (i Identity) String() string { return fmt.Sprintf("%s:%s", i.Platform, i.ExternalID) }

// NameIn picks the part of a bilingual name ("病假 Sick leave", "客服早班 CS
// morning") in loc's language: the Chinese words for zh-CN, the rest for
// English. A name in one language only is shown whole.
func NameIn(name string, loc Locale) string {
	// Only "中文 English" splits: "客服 A/B 轮班" is one name.
	fields := strings.Fields(name)
	split := 0
	for split < len(fields) && hasHan(fields[split]) {
		split++
	}
	zh, en := fields[:split], fields[split:]
	for _, f := range en {
		if hasHan(f) {
			return name
		}
	}
	switch {
	case len(zh) == 0 || len(en) == 0:
		return name
	case loc == LocaleZH:
		return strings.Join(zh, " ")
	}
	return strings.Join(en, " ")
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
