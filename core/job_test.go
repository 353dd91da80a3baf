package core_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestResolveJob(t *testing.T) {
	declared := core.Jobs{
		{Key: "customer-service", Names: map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "Customer service"}, Aliases: []string{"客服专员", "CS"}},
		{Key: "finance", Names: map[core.Locale]string{"": "财务 Finance"}},
	}
	// An org without a jobs section: the keys its people use, no names.
	undeclared := core.Jobs{{Key: "customer-service"}, {Key: "ops"}}
	builtin := core.Jobs{
		{Key: "customer-service", Names: map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "customer service"}},
		{Key: "warehouse", Names: map[core.Locale]string{core.LocaleZH: "仓储", core.LocaleEN: "warehouse"}},
	}
	for _, tc := range []struct {
		name string
		org  core.Jobs
		word string
		want string // "" = refused
	}{
		{"key", declared, "customer-service", "customer-service"},
		{"Chinese name", declared, "客服", "customer-service"},
		{"English name, any case, spaces for dashes", declared, "customer SERVICE", "customer-service"},
		{"alias", declared, "客服专员", "customer-service"},
		{"alias, full-width letters", declared, "ｃｓ", "customer-service"},
		{"underscores and spaces", declared, " customer_service ", "customer-service"},
		{"one bilingual name, its Chinese part", declared, "财务", "finance"},
		{"one bilingual name, its English part", declared, "finance", "finance"},
		{"one bilingual name, whole", declared, "财务 Finance", "finance"},
		{"catalogue name of a job the org has", undeclared, "客服", "customer-service"},
		{"catalogue name of a job the org does not have", undeclared, "仓储", ""},
		{"unknown word", declared, "保洁", ""},
		{"empty", declared, " ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := core.ResolveJob(tc.word, tc.org, builtin)
			if tc.want == "" {
				e, ok := core.AsError(err)
				if !ok || e.Code != core.EInvalid || e.Key != "jobs.unknown" || e.Args["jobs"] == "" {
					t.Fatalf("ResolveJob(%q) = %q, %v; want refused with the org's jobs", tc.word, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ResolveJob(%q) = %q, %v; want %q", tc.word, got, err, tc.want)
			}
		})
	}
}

func TestJobNameIn(t *testing.T) {
	j := core.Job{Key: "customer-service", Names: map[core.Locale]string{core.LocaleZH: "客服"}}
	if got := j.NameIn(core.LocaleEN); got != "客服" {
		t.Errorf("English reader, Chinese name only: %q", got)
	}
	j.Names[core.LocaleEN] = "customer service"
	if got := j.NameIn(core.LocaleEN); got != "customer service" {
		t.Errorf("English reader: %q", got)
	}
	if got := (core.Job{Key: "ops"}).NameIn(core.LocaleZH); got != "ops" {
		t.Errorf("no names: %q", got)
	}
}

// Whatever is typed, a job word resolves to one of the org's jobs or is
// refused, and folding is stable.
func FuzzResolveJob(f *testing.F) {
	for _, s := range []string{"客服", "Customer  Service", "ｃｓ", "customer_service", "财务 Finance", "", "　", "-_-"} {
		f.Add(s)
	}
	org := core.Jobs{
		{Key: "customer-service", Names: map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "Customer service"}, Aliases: []string{"cs"}},
		{Key: "finance", Names: map[core.Locale]string{"": "财务 Finance"}},
	}
	f.Fuzz(func(t *testing.T, word string) {
		if w := core.FoldJobWord(word); core.FoldJobWord(w) != w {
			t.Fatalf("folding %q is not stable: %q, %q", word, w, core.FoldJobWord(w))
		}
		key, err := core.ResolveJob(word, org, nil)
		if err != nil {
			if e, ok := core.AsError(err); !ok || e.Key != "jobs.unknown" {
				t.Fatalf("%q: %v", word, err)
			}
			return
		}
		if _, ok := org.Find(key); !ok {
			t.Fatalf("%q resolved to %q, not a job of the org", word, key)
		}
	})
}
