package wecom_test

import (
	"context"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/core"
)

// TestAccountsAreLinkedByEmail: an employee whose address WeCom knows —
// as a company mailbox or a personal address — is linked to that member;
// an address WeCom does not know is not asked about again at once.
func TestAccountsAreLinkedByEmail(t *testing.T) {
	t.Parallel()
	a, fake, acc := newSender(t)
	fake.SetEmail("LiMing", "li.ming@shop.example", false)
	fake.SetEmail("WangFang", "wangfang@mail.example", true)
	acc.mu.Lock()
	acc.contacts = []core.EmailContact{
		{OrgID: 1, EmployeeID: 10, Email: "Li.Ming@shop.example"},
		{OrgID: 1, EmployeeID: 11, Email: "wangfang@mail.example"},
		{OrgID: 1, EmployeeID: 12, Email: "nobody@shop.example"},
	}
	acc.mu.Unlock()
	if n := a.LinkByEmail(context.Background()); n != 2 {
		t.Errorf("linked %d, want 2", n)
	}
	acc.mu.Lock()
	got := map[int64]string{10: acc.linked[10], 11: acc.linked[11], 12: acc.linked[12]}
	acc.mu.Unlock()
	if want := map[int64]string{10: "LiMing", 11: "WangFang", 12: ""}; got[10] != want[10] || got[11] != want[11] || got[12] != "" {
		t.Errorf("linked %v, want %v", got, want)
	}
	asked := len(fake.Calls("/cgi-bin/user/get_userid_by_email"))
	fake.SetEmail("Nobody", "nobody@shop.example", false)
	if n := a.LinkByEmail(context.Background()); n != 0 {
		t.Error("looked a missing address up again at once")
	}
	if again := len(fake.Calls("/cgi-bin/user/get_userid_by_email")); again != asked {
		t.Errorf("%d more lookups in the second pass, want none", again-asked)
	}
}

// TestLinkByEmailStopsWhenWeComRefuses: an app not allowed to look up
// addresses (WeCom's 60011, no privilege) stops the pass instead of
// marking every address as missing.
func TestLinkByEmailStopsWhenWeComRefuses(t *testing.T) {
	t.Parallel()
	a, fake, acc := newSender(t)
	fake.SetEmail("LiMing", "li.ming@shop.example", false)
	acc.mu.Lock()
	acc.contacts = []core.EmailContact{{OrgID: 1, EmployeeID: 10, Email: "li.ming@shop.example"}}
	acc.mu.Unlock()
	fake.Fail("/cgi-bin/user/get_userid_by_email", wecomfake.ErrNoPrivilege)
	if n := a.LinkByEmail(context.Background()); n != 0 {
		t.Fatalf("linked %d while WeCom refused", n)
	}
	if n := a.LinkByEmail(context.Background()); n != 1 {
		t.Errorf("linked %d once WeCom answered, want 1: the refusal must not count as a missing address", n)
	}
}
