package orgfile

import (
	"bytes"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Marshal writes f as an org file: Parse reads it back to the same File,
// and applying it changes nothing in the database f was exported from.
// Values equal to the parser's defaults are left out, so an exported file
// reads like one written by hand. A file's holiday files are not named:
// their days are written out under calendar.
func Marshal(f File) ([]byte, error) {
	out := fileOut{}
	if f.Group != nil {
		out.Group = &groupOut{Key: f.Group.Key, Name: f.Group.Name}
	}
	for _, o := range f.Orgs {
		out.Orgs = append(out.Orgs, orgOut(o))
	}
	var doc yaml.Node
	if err := doc.Encode(out); err != nil {
		return nil, fmt.Errorf("marshal org file: %w", err)
	}
	compact(&doc, "")
	return encodeYAML(&doc)
}

// encodeYAML writes a document indented by two spaces.
func encodeYAML(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("marshal org file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("marshal org file: %w", err)
	}
	return buf.Bytes(), nil
}

// flowLists are the lists whose items are written one per line, in the
// {key: value} style of examples/org.yaml.
var flowLists = map[string]bool{"sites": true, "shifts": true, "overrides": true, "jobs": true, "leave_types": true,
	"holidays": true, "workdays": true, "rules": true, "weeks": true, "tasks": true, "kpis": true}

// flowMaps are the small mappings written on one line wherever they are:
// a job's names per language, a pay range.
var flowMaps = map[string]bool{"name": true, "pay": true}

// compact writes lists of plain values, and the items of flowLists, on
// one line each. A reminder with a text per language and a job with a
// description stay in blocks.
func compact(n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			compact(c, key)
		}
	case yaml.SequenceNode:
		scalars := true
		for _, c := range n.Content {
			scalars = scalars && c.Kind == yaml.ScalarNode
			if c.Kind == yaml.MappingNode && flowLists[key] && !hasKey(c, "text") && !hasKey(c, "description") {
				c.Style = yaml.FlowStyle
			}
			compact(c, key)
		}
		if scalars && len(n.Content) > 0 {
			n.Style = yaml.FlowStyle
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if v.Kind == yaml.MappingNode && flowMaps[n.Content[i].Value] {
				v.Style = yaml.FlowStyle
			}
			compact(v, n.Content[i].Value)
		}
	}
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// plain is a value written without quotes: numbers, dates and decimals
// that YAML would otherwise quote as strings.
type plain string

func (p plain) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: string(p)}, nil
}

func dateOut(t time.Time) plain {
	if t.IsZero() {
		return ""
	}
	return plain(t.Format(time.DateOnly))
}

type fileOut struct {
	Group *groupOut `yaml:"group,omitempty"`
	Orgs  []orgYAML `yaml:"orgs"`
}

type groupOut struct {
	Key  string `yaml:"key"`
	Name string `yaml:"name"`
}

type orgYAML struct {
	Key         string          `yaml:"key"`
	Name        string          `yaml:"name"`
	TimeZone    string          `yaml:"time_zone"`
	Locale      string          `yaml:"locale"`
	GoLive      plain           `yaml:"go_live,omitempty"`
	Handbook    string          `yaml:"handbook,omitempty"`
	Attendance  attendanceOut   `yaml:"attendance"`
	Sites       []siteOut       `yaml:"sites,omitempty"`
	Calendar    *calendarOut    `yaml:"calendar,omitempty"`
	Jobs        []jobOut        `yaml:"jobs,omitempty"`
	Shifts      []shiftOut      `yaml:"shifts,omitempty"`
	Schedules   []scheduleOut   `yaml:"schedules,omitempty"`
	Overrides   []overrideOut   `yaml:"overrides,omitempty"`
	Leave       leaveOut        `yaml:"leave"`
	LeaveTypes  []leaveTypeOut  `yaml:"leave_types,omitempty"`
	Reminders   *remindersOut   `yaml:"reminders,omitempty"`
	Cover       coverOut        `yaml:"cover"`
	Training    trainingOut     `yaml:"training"`
	Onboarding  *onboardingOut  `yaml:"onboarding,omitempty"`
	Offboarding *offboardingOut `yaml:"offboarding,omitempty"`
	Payroll     *payrollOut     `yaml:"payroll,omitempty"`
	Retention   *retentionOut   `yaml:"retention,omitempty"`
	Certificate *certificateOut `yaml:"certificate,omitempty"`
	Recruiting  *recruitingOut  `yaml:"recruiting,omitempty"`
	Performance *perfOut        `yaml:"performance,omitempty"`
	Teams       []groupOut      `yaml:"teams,omitempty"`
	Employees   []employeeOut   `yaml:"employees,omitempty"`
}

func orgOut(o OrgSpec) orgYAML {
	out := orgYAML{Key: o.Key, Name: o.Name, TimeZone: o.TimeZone, Locale: string(o.Locale), Handbook: o.Handbook,
		Attendance: attendanceYAML(o.Attendance), Calendar: calendarYAML(o.Calendar), Leave: leaveYAML(o.Leave),
		Reminders: remindersYAML(o.Reminders), Cover: coverYAML(o.Cover), Training: trainingYAML(o.Training),
		Payroll: payrollYAML(o.Payroll), Onboarding: onboardingYAML(o.Onboarding),
		Offboarding: offboardingYAML(o.Onboarding),
		Retention:   retentionYAML(o.Retention), Certificate: certificateYAML(o.Certificate),
		Recruiting: recruitingYAML(o.Recruiting), Performance: perfYAML(o.Performance)}
	if !o.GoLive.IsZero() {
		out.GoLive = plain(o.GoLive.String())
	}
	for _, s := range o.Sites {
		out.Sites = append(out.Sites, siteOut{s.Key, s.Name, s.Lat, s.Lon, s.RadiusM})
	}
	for _, j := range o.Jobs {
		out.Jobs = append(out.Jobs, jobYAML(j, o.Descriptions[j.Key]))
	}
	for _, s := range o.Shifts {
		out.Shifts = append(out.Shifts, shiftOut{s.Key, s.Name, attendance.ClockTime(s.Start),
			attendance.ClockTime(s.End), s.BreakMinutes, s.Job})
	}
	for _, s := range o.Schedules {
		out.Schedules = append(out.Schedules, scheduleYAML(s))
	}
	for _, ov := range o.Overrides {
		shift := ov.Shift
		if shift == "" {
			shift = "off"
		}
		out.Overrides = append(out.Overrides, overrideOut{ov.Employee, plain(ov.Date.String()), shift})
	}
	for _, t := range o.LeaveTypes {
		out.LeaveTypes = append(out.LeaveTypes, leaveTypeYAML(t))
	}
	for _, t := range o.Teams {
		out.Teams = append(out.Teams, groupOut{Key: t.Key, Name: t.Name})
	}
	for _, e := range o.Employees {
		out.Employees = append(out.Employees, employeeYAML(e))
	}
	return out
}

type employeeOut struct {
	Key            string   `yaml:"key"`
	Name           string   `yaml:"name"`
	Gender         string   `yaml:"gender,omitempty"`
	Email          string   `yaml:"email,omitempty"`
	Role           string   `yaml:"role,omitempty"`
	Job            string   `yaml:"job,omitempty"`
	Team           string   `yaml:"team,omitempty"`
	Manager        string   `yaml:"manager,omitempty"`
	HireDate       plain    `yaml:"hire_date,omitempty"`
	CareerStart    plain    `yaml:"career_start,omitempty"`
	Status         string   `yaml:"status,omitempty"`
	LeftOn         plain    `yaml:"left_on,omitempty"`
	Delegate       string   `yaml:"delegate,omitempty"`
	Locale         string   `yaml:"locale,omitempty"`
	Slack          string   `yaml:"slack,omitempty"`
	Telegram       string   `yaml:"telegram,omitempty"`
	WeCom          string   `yaml:"wecom,omitempty"`
	Schedule       string   `yaml:"schedule,omitempty"`
	RotationOffset int      `yaml:"rotation_offset,omitempty"`
	Skills         []string `yaml:"skills,omitempty"`
}

func employeeYAML(e EmployeeSpec) employeeOut {
	out := employeeOut{Key: e.Key, Name: e.Name, Gender: string(e.Gender), Email: e.Email, Job: e.Job, Team: e.Team,
		Manager: e.Manager, HireDate: dateOut(e.HireDate), CareerStart: dateOut(e.CareerStart), LeftOn: dateOut(e.LeftOn),
		Delegate: e.Delegate, Locale: string(e.Locale), Slack: e.Slack, Telegram: e.Telegram, WeCom: e.WeCom, Schedule: e.Schedule,
		RotationOffset: e.RotationOffset}
	if e.Role != core.RoleEmployee && e.Role != "" {
		out.Role = string(e.Role)
	}
	if e.Status != core.StatusActive && e.Status != "" {
		out.Status = string(e.Status)
	}
	for _, s := range e.Skills {
		out.Skills = append(out.Skills, skillOut(s))
	}
	return out
}
