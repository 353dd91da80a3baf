package staff

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hrbot/hrbot/core"
)

// Field is a column of the staff list, whatever its header says.
type Field string

// Fields of the staff list.
const (
	FieldKey      Field = "key"
	FieldName     Field = "name"
	FieldEmail    Field = "email"
	FieldRole     Field = "role"
	FieldJob      Field = "job"
	FieldTeam     Field = "team"
	FieldManager  Field = "manager"
	FieldHireDate Field = "hire_date"
	FieldLocale   Field = "locale"
	FieldSchedule Field = "schedule"
	FieldStatus   Field = "status"
	FieldLeftOn   Field = "left_on"
)

// Fields lists the staff list's fields in the order a template shows them.
func Fields() []Field {
	return []Field{FieldKey, FieldName, FieldEmail, FieldRole, FieldJob, FieldTeam, FieldManager,
		FieldHireDate, FieldLocale, FieldSchedule, FieldStatus, FieldLeftOn}
}

// headerAliases are the headers each field is known by, folded (see
// foldHeader): what Chinese and English staff lists call the column.
var headerAliases = map[Field][]string{
	FieldKey:      {"key", "工号", "编号", "员工编号", "员工工号", "人员编号", "id", "employeeid", "employeekey", "staffid", "employeeno", "staffno", "员工id"},
	FieldName:     {"name", "姓名", "名字", "员工姓名", "fullname", "employeename", "staffname"},
	FieldEmail:    {"email", "邮箱", "电子邮箱", "邮件", "电子邮件", "邮箱地址", "mail", "emailaddress", "workemail"},
	FieldRole:     {"role", "角色", "权限", "系统角色"},
	FieldJob:      {"job", "岗位", "职位", "职务", "工种", "position", "title", "jobtitle"},
	FieldTeam:     {"team", "部门", "团队", "小组", "组", "组别", "所属部门", "department", "dept", "group"},
	FieldManager:  {"manager", "上级", "直属上级", "直接上级", "主管", "汇报对象", "直属领导", "reportsto", "supervisor", "linemanager"},
	FieldHireDate: {"hiredate", "入职日期", "入职时间", "入职", "startdate", "joindate", "datejoined", "joined", "dateofhire"},
	FieldLocale:   {"locale", "语言", "language", "lang"},
	FieldSchedule: {"schedule", "班次", "排班", "排班方案", "班组", "shift", "rota"},
	FieldStatus:   {"status", "状态", "在职状态", "员工状态", "employmentstatus"},
	FieldLeftOn:   {"leftdate", "离职日期", "离职时间", "最后工作日", "lastday", "lefton", "enddate", "leavingdate", "terminationdate", "lastworkingday"},
}

// headerField maps a folded header to its field.
var headerField = func() map[string]Field {
	m := map[string]Field{}
	for f, names := range headerAliases {
		for _, n := range names {
			m[n] = f
		}
	}
	return m
}()

// RecognizeHeader returns the field a column header names, in Chinese or
// English, ignoring case, spaces, punctuation, a required-marker '*' and
// anything in brackets ("入职日期(yyyy-mm-dd)").
func RecognizeHeader(header string) (Field, bool) {
	f, ok := headerField[foldHeader(header)]
	return f, ok
}

func foldHeader(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '（', '[', '【':
			depth++
			continue
		case ')', '）', ']', '】':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// ParseRole reads a role in Chinese or English.
func ParseRole(s string) (core.Role, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "employee", "staff", "员工", "普通员工", "职员":
		return core.RoleEmployee, true
	case "manager", "经理", "主管", "管理者", "店长":
		return core.RoleManager, true
	case "hr", "人事", "人力资源", "人力", "行政人事":
		return core.RoleHR, true
	case "admin", "administrator", "管理员", "系统管理员", "老板", "owner":
		return core.RoleAdmin, true
	}
	return "", false
}

// ParseStatus reads whether someone still works here: 在职 / active, 离职 / left.
func ParseStatus(s string) (core.EmployeeStatus, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "active", "employed", "在职", "正式", "试用", "试用期", "在岗", "current":
		return core.StatusActive, true
	case "left", "inactive", "resigned", "terminated", "离职", "已离职", "离开":
		return core.StatusLeft, true
	}
	return "", false
}

// ParseDate reads a date as staff lists write it: 2026-01-05, 2026/1/5,
// 2026.1.5, 20260105, 2026年1月5日, a date with a time after it, or an
// Excel serial day number (46027 is 2026-01-05). A hire date may be
// decades old: years 1900 to 2200, wider than a metrics file's days
// (perf.ParseDay says how the two differ, and why).
func ParseDate(s string) (core.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return core.Date{}, false
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // "2026-01-05 00:00:00": the day is enough
	}
	if d, ok := excelSerial(s); ok {
		return d, true
	}
	if len(s) == 8 && allDigits(s) {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "日"), "号")
	parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("-/.年月", r) })
	if len(parts) != 3 || len(parts[0]) != 4 {
		return core.Date{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 {
			return core.Date{}, false
		}
		n[i] = v
	}
	d := core.Date{Year: n[0], Month: time.Month(n[1]), Day: n[2]}
	return d, d.Valid() && d.Year >= 1900 && d.Year <= 2200
}

// excelSerial reads the day numbers Excel stores dates as (days since
// 1899-12-30, in the 1900 date system), as an XLSX cell's raw value or a
// CSV saved from one; 20000 (1954) to 80000 (2119) only, so a stray
// number is not taken for a date.
func excelSerial(s string) (core.Date, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if !allDigits(whole) || frac != "" && !allDigits(frac) {
		return core.Date{}, false
	}
	n, err := strconv.Atoi(whole)
	if err != nil || n < 20000 || n > 80000 {
		return core.Date{}, false
	}
	return core.NewDate(1899, time.December, 30+n), true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// DeriveKey makes a key for someone the staff list gives none: their
// e-mail's local part when that makes a valid key no one has, else
// "emp-N" with the first N free. Chinese names are not transliterated:
// hrbot has no pinyin table.
func DeriveKey(email string, taken func(string) bool) string {
	local, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	var b strings.Builder
	for _, r := range local {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			b.WriteRune(r)
		}
	}
	k := strings.TrimLeft(b.String(), "._-")
	if len(k) > 60 {
		k = k[:60]
	}
	if core.ValidKey(k) && !taken(k) {
		return k
	}
	for n := 1; ; n++ {
		if k := "emp-" + strconv.Itoa(n); !taken(k) {
			return k
		}
	}
}

// sameName reports whether q names someone called name: the whole name,
// or its Chinese or English part, in any case and spacing.
func sameName(name, q string) bool {
	e := core.Employee{Name: name}
	return e.AnswersTo(q)
}
