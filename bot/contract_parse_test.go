package bot

import (
	"maps"
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestParseContractLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		line string
		want map[string]string
		key  string // the error's key, "" for none
	}{
		{"alice fixed 2026-01-01 2028-12-31 probation 2026-03-31 signed 2026-01-02",
			map[string]string{fPerson: "alice", fKind: "fixed_term", fStart: "2026-01-01", fEnd: "2028-12-31", fProbation: "2026-03-31", fSigned: "2026-01-02"}, ""},
		{"李爱丽 固定期限 2026-01-01至2028-12-31 试用期至2026-03-31 签订于2026年1月2日",
			map[string]string{fPerson: "李爱丽", fKind: "fixed_term", fStart: "2026-01-01", fEnd: "2028-12-31", fProbation: "2026-03-31", fSigned: "2026-01-02"}, ""},
		{"bob 无固定期限 2026/12/1 试用期三个月 未签",
			map[string]string{fPerson: "bob", fKind: "open_ended", fStart: "2026-12-01", fProbation: "3m", fSigned: contractNone}, ""},
		{"bob open 2026-12-01 probation 3 months", map[string]string{fPerson: "bob", fKind: "open_ended", fStart: "2026-12-01", fProbation: "3m"}, ""},
		{"bob 劳务 2026-12-01 to 2027-05-31 无试用期", map[string]string{fPerson: "bob", fKind: "labour_service", fStart: "2026-12-01",
			fEnd: "2027-05-31", fProbation: contractNone}, ""},
		{"bob", map[string]string{fPerson: "bob"}, ""},
		{"bob signed 2026-11-24", map[string]string{fPerson: "bob", fSigned: "2026-11-24"}, ""},
		{"bob fixed 2026-02-30 2027-01-01", nil, "contract.bad_date"},
		{"bob fixed 2026-13-01", nil, "contract.bad_date"},
		{"bob fixed 2026-01-01 2027-01-01 2028-01-01", nil, "contract.bad_word"},
		{"bob forever 2026-01-01", nil, "contract.bad_word"},
	}
	for _, c := range cases {
		got, err := parseContractLine(c.line)
		if c.key != "" {
			if e, ok := core.AsError(err); !ok || e.Key != c.key {
				t.Errorf("%q: got %v, want %s", c.line, err, c.key)
			}
			continue
		}
		if err != nil || !maps.Equal(got, c.want) {
			t.Errorf("%q: got %v %v, want %v", c.line, got, err, c.want)
		}
	}
}

func TestContractStep(t *testing.T) {
	t.Parallel()
	f := map[string]string{fPerson: "bob", fKind: "fixed_term", fStart: "2026-01-01"}
	if s := contractStep(f); s != fEnd {
		t.Errorf("a fixed term without an end asks %q", s)
	}
	f[fEnd] = "2026-12-31"
	if s := contractStep(f); s != "" {
		t.Errorf("a complete line asks %q", s)
	}
	f[fAsk] = "1"
	if s := contractStep(f); s != fProbation {
		t.Errorf("a dialog asks %q, want the probation", s)
	}
	f[fKind] = "part_time"
	if s := contractStep(f); s != fSigned {
		t.Errorf("part-time work asks %q: it may have no probation", s)
	}
}

// The contract reminders have their renderers once contracts are on.
func TestContractKindsHaveRenderers(t *testing.T) {
	t.Parallel()
	b := New(Config{Desks: Desks{Contracts: ContractDesk(nil)}})
	if b.notifications[core.NotifyProbationEnding] != nil {
		t.Fatal("renderers without a desk")
	}
	b = New(Config{Desks: Desks{Contracts: noContracts{}}})
	for _, k := range []string{core.NotifyContractUnsigned, core.NotifyProbationEnding, core.NotifyContractExpiring} {
		if b.notifications[k] == nil {
			t.Errorf("no renderer for %s", k)
		}
	}
}

type noContracts struct{ ContractDesk }

func FuzzParseContractLine(f *testing.F) {
	for _, s := range []string{"alice fixed 2026-01-01 2028-12-31 probation 2026-03-31 signed 2026-01-02",
		"李爱丽 固定期限 2026-01-01至2028-12-31 试用期3个月 签订于2026年1月2日", "bob 试用期", "x 2026-1-1~2027-1-1", "a 签 -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fields, err := parseContractLine(s)
		if err != nil {
			return
		}
		_ = contractTerms(fields)
		_ = contractStep(fields)
	})
}
