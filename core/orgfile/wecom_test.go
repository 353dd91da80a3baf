package orgfile_test

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core/orgfile"
)

// TestWeComAccounts reads WeCom userids, refuses one that is not and one
// given twice, and writes them back.
func TestWeComAccounts(t *testing.T) {
	t.Parallel()
	const good = "orgs:\n  - key: shop\n    name: Shop\n    employees:\n      - {key: li, name: 李, wecom: LiLei.01}\n"
	f, err := orgfile.Parse("good.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Orgs[0].Employees[0].WeCom; got != "LiLei.01" {
		t.Fatalf("WeCom = %q", got)
	}
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "wecom: LiLei.01") {
		t.Errorf("written file lost the userid:\n%s", out)
	}
	const bad = "orgs:\n  - key: shop\n    name: Shop\n    employees:\n      - {key: li, name: 李, wecom: \"li lei\"}\n      - {key: ma, name: 马, wecom: ma}\n      - {key: wu, name: 吴, wecom: ma}\n"
	_, err = orgfile.Parse("bad.yaml", []byte(bad))
	if err == nil {
		t.Fatal("bad userids accepted")
	}
	for _, w := range []string{`"li lei" is not a WeCom userid`, "chat account wecom:ma is already given"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in %v", w, err)
		}
	}
}
