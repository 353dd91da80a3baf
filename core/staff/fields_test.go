package staff

import (
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

func TestRecognizeHeader(t *testing.T) {
	tests := []struct {
		header string
		want   Field
	}{
		{"工号", FieldKey}, {"编号", FieldKey}, {"Key", FieldKey}, {"Employee ID", FieldKey},
		{"姓名", FieldName}, {"*姓名", FieldName}, {"Name", FieldName}, {"Full name", FieldName},
		{"邮箱", FieldEmail}, {"E-mail", FieldEmail}, {"Email Address", FieldEmail},
		{"角色", FieldRole}, {"role", FieldRole},
		{"岗位", FieldJob}, {"职位", FieldJob}, {"Job Title", FieldJob},
		{"部门", FieldTeam}, {"团队", FieldTeam}, {"Department", FieldTeam}, {"team", FieldTeam},
		{"上级", FieldManager}, {"直属上级", FieldManager}, {"Reports to", FieldManager}, {"manager", FieldManager},
		{"入职日期", FieldHireDate}, {"入职日期（yyyy-mm-dd）", FieldHireDate}, {"Hire date", FieldHireDate}, {"hire_date", FieldHireDate},
		{"语言", FieldLocale}, {"Language", FieldLocale},
		{"班次", FieldSchedule}, {"排班", FieldSchedule}, {"Schedule", FieldSchedule},
		{"状态", FieldStatus}, {"在职状态", FieldStatus}, {"Status", FieldStatus},
		{"离职日期", FieldLeftOn}, {"Last day", FieldLeftOn}, {"left_on", FieldLeftOn},
	}
	for _, tt := range tests {
		got, ok := RecognizeHeader(tt.header)
		if !ok || got != tt.want {
			t.Errorf("RecognizeHeader(%q) = %q, %v; want %q", tt.header, got, ok, tt.want)
		}
	}
	for _, h := range []string{"备注", "Notes", "手机号", ""} {
		if f, ok := RecognizeHeader(h); ok {
			t.Errorf("RecognizeHeader(%q) = %q, want none", h, f)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := core.Date{Year: 2026, Month: time.January, Day: 5}
	for _, s := range []string{"2026-01-05", "2026-1-5", "2026/1/5", "2026.01.05", "2026年1月5日", "2026年01月05号",
		"20260105", "2026-01-05 00:00:00", "2026-01-05T08:00:00Z", "46027", "46027.0", " 2026/01/05 "} {
		got, ok := ParseDate(s)
		if !ok || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "2026-02-30", "05/01/2026", "1/5", "yesterday", "2026-13-01", "123", "99999", "2026年1月"} {
		if got, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) = %v, want refused", s, got)
		}
	}
}

func TestParseRole(t *testing.T) {
	tests := map[string]core.Role{
		"员工": core.RoleEmployee, "employee": core.RoleEmployee, "Employee": core.RoleEmployee,
		"经理": core.RoleManager, "manager": core.RoleManager, "主管": core.RoleManager,
		"人事": core.RoleHR, "HR": core.RoleHR, "hr": core.RoleHR,
		"管理员": core.RoleAdmin, "admin": core.RoleAdmin,
	}
	for s, want := range tests {
		if got, ok := ParseRole(s); !ok || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "boss man", "ceo"} {
		if got, ok := ParseRole(s); ok {
			t.Errorf("ParseRole(%q) = %q, want refused", s, got)
		}
	}
}

func TestParseStatus(t *testing.T) {
	for s, want := range map[string]core.EmployeeStatus{"在职": core.StatusActive, "active": core.StatusActive, "试用": core.StatusActive,
		"离职": core.StatusLeft, "Left": core.StatusLeft, "已离职": core.StatusLeft} {
		if got, ok := ParseStatus(s); !ok || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	if _, ok := ParseStatus("休假"); ok {
		t.Error("ParseStatus(休假) accepted")
	}
}

func TestDeriveKey(t *testing.T) {
	taken := map[string]bool{"wang": true, "emp-1": true}
	is := func(k string) bool { return taken[k] }
	tests := []struct{ email, want string }{
		{"Zhou.Ping@shop.example", "zhou.ping"},
		{"wang@shop.example", "emp-2"}, // taken
		{"", "emp-2"},
		{"_x+tag@shop.example", "xtag"},
		{"王@shop.example", "emp-2"},
	}
	for _, tt := range tests {
		if got := DeriveKey(tt.email, is); got != tt.want {
			t.Errorf("DeriveKey(%q) = %q, want %q", tt.email, got, tt.want)
		}
	}
}
