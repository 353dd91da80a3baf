package knowledgebase_test

import (
	"testing"

	"github.com/hrbot/hrbot/knowledgebase"
)

func TestDetectIntent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		q    string
		want knowledgebase.Intent
	}{
		{"how many days of annual leave do I have left?", knowledgebase.IntentLeaveBalance},
		{"What's my leave balance", knowledgebase.IntentLeaveBalance},
		{"我还有几天年假", knowledgebase.IntentLeaveBalance},
		{"我的调休还剩多少", knowledgebase.IntentLeaveBalance},
		{"我这个月迟到几次", knowledgebase.IntentAttendance},
		{"how many times was I late this month?", knowledgebase.IntentAttendance},
		{"is my leave request approved yet?", knowledgebase.IntentMyLeave},
		{"我的请假申请批了吗", knowledgebase.IntentMyLeave},
		{"when is my next shift?", knowledgebase.IntentSchedule},
		{"我下周上什么班", knowledgebase.IntentSchedule},
		{"which skills am I certified for?", knowledgebase.IntentSkills},
		// Policy questions, someone else's records, the company: not personal.
		{"how much annual leave does Bob get?", ""},
		{"how many days of annual leave do we get after ten years?", ""},
		{"我们公司年假有几天", ""},
		{"can I split my annual leave into several parts?", ""},
		{"病假需要开证明吗", ""},
	}
	for _, c := range cases {
		got, ok := knowledgebase.DetectIntent(c.q)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("DetectIntent(%q) = %q, %v; want %q", c.q, got, ok, c.want)
		}
	}
}

func TestIsQuestion(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]bool{
		"年假可以分几次休？":                            true,
		"病假要证明吗":                               true,
		"what happens if I forget to check in": true,
		"annual leave carry over":              true,
		"Is there parking":                     true,
		"thanks":                               false,
		"谢谢":                                   false,
		"好的":                                   false,
		"ok":                                   false,
		"":                                     false,
		"   ":                                  false,
	} {
		if got := knowledgebase.IsQuestion(q); got != want {
			t.Errorf("IsQuestion(%q) = %v, want %v", q, got, want)
		}
	}
}

func FuzzQuestion(f *testing.F) {
	for _, s := range []string{"我这个月迟到几次", "how many days of annual leave do I have left?", "我们", "?", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		knowledgebase.IsQuestion(q)
		if intent, ok := knowledgebase.DetectIntent(q); ok != intent.Known() {
			t.Fatalf("DetectIntent(%q) = %q, %v", q, intent, ok)
		}
	})
}
