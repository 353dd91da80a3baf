// Package orgfile reads the declarative org file applied by `hrbot apply -f`.
// It checks the whole file before anything is applied and reports every
// problem with the file name, line and field, so a broken file is rejected
// whole and fixed in one pass.
package orgfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
)

// Problem is one thing wrong with the file.
type Problem struct {
	File  string
	Line  int
	Field string // path such as orgs[0].employees[2].role
	Msg   string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Msg)
}

// Problems is every problem found in a file.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in org file:\n  %s", len(ps), strings.Join(lines, "\n  "))
}

var (
	slackIDPattern    = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)
	telegramIDPattern = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)
	// wecomIDPattern is a WeCom userid: 1-64 letters, digits and _ - . @.
	wecomIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,64}$`)
)

// Parse reads an org file. name is used in problem messages only.
func Parse(name string, data []byte) (File, error) {
	p := &parser{file: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return File{}, withinFile(Problems{{File: name, Line: yamlErrorLine(err), Field: "(file)", Msg: cleanYAMLError(err)}}, data)
	}
	if len(doc.Content) == 0 {
		return File{}, Problems{{File: name, Line: 1, Field: "(file)", Msg: "file is empty; it needs at least one entry under orgs"}}
	}
	out := p.document(doc.Content[0])
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
		return File{}, withinFile(p.problems, data)
	}
	return out, nil
}

// withinFile keeps every problem on a line of the file: the YAML parser
// places what is missing at the end ("---" and nothing else) one line past
// the last.
func withinFile(ps Problems, data []byte) Problems {
	last := bytes.Count(data, []byte("\n")) + 1
	for i := range ps {
		ps[i].Line = min(max(ps[i].Line, 1), last)
	}
	return ps
}

type parser struct {
	file     string
	problems Problems
}

func (p *parser) errorf(n *yaml.Node, field, format string, args ...any) {
	if field == "" {
		field = "(file)" // the document itself, e.g. a list where the top mapping should be
	}
	p.problems = append(p.problems, Problem{File: p.file, Line: n.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// fields returns a mapping's values by key, reporting unknown and repeated keys.
func (p *parser) fields(n *yaml.Node, path string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must be a mapping of fields")
		return out
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		switch {
		case !ok[k.Value]:
			p.errorf(k, field, "unknown field (expected one of: %s)", strings.Join(allowed, ", "))
		case out[k.Value] != nil:
			p.errorf(k, field, "repeated field")
		default:
			out[k.Value] = v
		}
	}
	return out
}

func (p *parser) str(fields map[string]*yaml.Node, key, path string, required bool) (string, *yaml.Node) {
	n := fields[key]
	if n == nil {
		return "", nil
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, join(path, key), "must be a single value")
		return "", n
	}
	v := strings.TrimSpace(n.Value)
	if v == "" && required {
		p.errorf(n, join(path, key), "must not be empty")
	}
	return v, n
}

func (p *parser) requireStr(parent *yaml.Node, fields map[string]*yaml.Node, key, path string) (string, *yaml.Node) {
	v, n := p.str(fields, key, path, true)
	if n == nil {
		p.errorf(parent, join(path, key), "is required")
		return "", parent
	}
	return v, n
}

func (p *parser) key(parent *yaml.Node, fields map[string]*yaml.Node, path string) string {
	v, n := p.requireStr(parent, fields, "key", path)
	if v != "" && !core.ValidKey(v) {
		p.errorf(n, join(path, "key"), "%q is not a valid key: use lower-case letters, digits, '.', '_' or '-' (at most 63)", v)
	}
	return v
}

func (p *parser) seq(n *yaml.Node, path string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, path, "must be a list")
		return nil
	}
	return n.Content
}

func (p *parser) document(root *yaml.Node) File {
	var out File
	f := p.fields(root, "", "group", "orgs")
	if g := f["group"]; g != nil {
		gf := p.fields(g, "group", "key", "name")
		key := p.key(g, gf, "group")
		name, _ := p.requireStr(g, gf, "name", "group")
		out.Group = &GroupSpec{Key: key, Name: name}
	}
	orgs := p.seq(f["orgs"], "orgs")
	if len(orgs) == 0 {
		p.errorf(root, "orgs", "needs at least one org")
	}
	seen := map[string]int{}
	accounts := map[string]string{} // "telegram:123" -> field that first used it
	for i, n := range orgs {
		path := fmt.Sprintf("orgs[%d]", i)
		o := p.org(n, path, accounts, out.Group != nil)
		if prev, dup := seen[o.Key]; dup && o.Key != "" {
			p.errorf(n, join(path, "key"), "org %q is already declared at orgs[%d]", o.Key, prev)
		}
		seen[o.Key] = i
		out.Orgs = append(out.Orgs, o)
	}
	return out
}

// org reads one org; grouped tells whether the file declares a group.
func (p *parser) org(n *yaml.Node, path string, accounts map[string]string, grouped bool) OrgSpec {
	f := p.fields(n, path, "key", "name", "time_zone", "locale", "go_live", "teams", "employees",
		"attendance", "sites", "shifts", "schedules", "overrides", "calendar", "leave", "leave_types", "reminders", "cover", "training", "handbook", "payroll", "jobs", "onboarding", "offboarding",
		"retention", "certificate", "recruiting", "performance")
	o := OrgSpec{Key: p.key(n, f, path)}
	o.Handbook = p.handbook(f["handbook"], join(path, "handbook"))
	o.Payroll = p.payroll(f["payroll"], join(path, "payroll"))
	o.Name, _ = p.requireStr(n, f, "name", path)
	o.TimeZone = p.timeZone(f, path)
	o.Locale = p.orgLocale(f, path)
	o.GoLive = p.goLive(f, path)
	o.Attendance = p.attendance(f["attendance"], join(path, "attendance"))
	o.Sites = p.sites(f["sites"], join(path, "sites"))
	o.Calendar = p.calendar(f["calendar"], join(path, "calendar"))
	shifts := p.shifts(f["shifts"], join(path, "shifts"), &o)
	schedules := p.schedules(f["schedules"], join(path, "schedules"), shifts, &o)
	teams := p.teams(f["teams"], path, &o)
	staff := p.employees(f["employees"], path, teams, schedules, accounts, &o)
	o.Overrides = p.overrides(f["overrides"], join(path, "overrides"), staff.people, shifts)
	o.Leave = p.leavePolicy(f["leave"], join(path, "leave"))
	o.LeaveTypes = p.leaveTypes(f["leave_types"], join(path, "leave_types"))
	o.Jobs = p.jobs(f["jobs"], join(path, "jobs"), shiftJobs(o.Shifts), &o)
	p.checkJobs(f, path, o.Jobs)
	jobs := map[string]bool{}
	for _, e := range o.Employees {
		jobs[e.Job] = true
	}
	o.Reminders = p.reminders(f["reminders"], join(path, "reminders"), teams, jobs)
	o.Cover = p.cover(f["cover"], join(path, "cover"), coverJobs(o, jobs), grouped)
	o.Training = p.training(f["training"], join(path, "training"))
	o.Onboarding = p.onboarding(f["onboarding"], join(path, "onboarding"), o, staff.people, teams)
	if off := p.offboarding(f["offboarding"], join(path, "offboarding"), o, staff.people); len(off) > 0 {
		if o.Onboarding.RemindAt == 0 {
			o.Onboarding.RemindAt = onboarding.DefaultRemindAt
		}
		o.Onboarding.Checklists = append(o.Onboarding.Checklists, off...)
	}
	o.Retention = p.retention(f["retention"], join(path, "retention"))
	o.Certificate = p.certificate(f["certificate"], join(path, "certificate"))
	o.Recruiting = p.recruiting(f["recruiting"], join(path, "recruiting"), o.Jobs)
	o.Performance = p.performance(f["performance"], join(path, "performance"))
	p.checkDelegates(o, path, staff.people)
	p.checkManagers(o, path, staff)
	return o
}

// timeZone reads an org's time zone, Asia/Shanghai when not given.
func (p *parser) timeZone(f map[string]*yaml.Node, path string) string {
	tz, tzNode := p.str(f, "time_zone", path, true)
	if tzNode == nil {
		return "Asia/Shanghai"
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
		p.errorf(tzNode, join(path, "time_zone"), "%q is not an IANA time zone such as Asia/Shanghai", tz)
	}
	return tz
}

// orgLocale reads an org's language, Chinese when not given.
func (p *parser) orgLocale(f map[string]*yaml.Node, path string) core.Locale {
	l, ln := p.str(f, "locale", path, true)
	if ln == nil {
		return core.LocaleZH
	}
	loc, ok := core.ParseLocale(l)
	if !ok {
		p.errorf(ln, join(path, "locale"), "must be zh-CN or en, got %q", l)
		return core.LocaleZH
	}
	return loc
}

// goLive reads an org's go-live day; zero when not given.
func (p *parser) goLive(f map[string]*yaml.Node, path string) core.Date {
	d, dn := p.str(f, "go_live", path, false)
	if d == "" {
		return core.Date{}
	}
	date, err := core.ParseDate(d)
	if err != nil {
		p.errorf(dn, join(path, "go_live"), "must be a date like 2026-12-01, got %q", d)
		return core.Date{}
	}
	return date
}

// teams reads an org's teams into o and returns their keys.
func (p *parser) teams(n *yaml.Node, path string, o *OrgSpec) map[string]bool {
	teams := map[string]bool{}
	for i, tn := range p.seq(n, join(path, "teams")) {
		tpath := fmt.Sprintf("%s.teams[%d]", path, i)
		tf := p.fields(tn, tpath, "key", "name")
		t := TeamSpec{Key: p.key(tn, tf, tpath)}
		t.Name, _ = p.requireStr(tn, tf, "name", tpath)
		if teams[t.Key] && t.Key != "" {
			p.errorf(tn, join(tpath, "key"), "team %q is declared twice", t.Key)
		}
		teams[t.Key] = true
		o.Teams = append(o.Teams, t)
	}
	return teams
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 1
	}
	var n int
	fmt.Sscanf(m[1], "%d", &n)
	return n
}

func cleanYAMLError(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	return "not valid YAML: " + s
}

// handbook reads the directory of an org's handbook, relative to the org
// file, and checks that it is one.
func (p *parser) handbook(n *yaml.Node, path string) string {
	if n == nil {
		return ""
	}
	dir := strings.TrimSpace(n.Value)
	if n.Kind != yaml.ScalarNode || dir == "" {
		p.errorf(n, path, "must be a directory, e.g. handbook/")
		return ""
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(p.file), dir)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		p.errorf(n, path, "%s is not a directory", dir)
		return ""
	}
	return dir
}
