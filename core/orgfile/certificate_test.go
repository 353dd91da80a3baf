package orgfile_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
)

func certificateFile(section string) string {
	return "orgs:\n  - key: shop\n    name: Shop\n" + section
}

// An org's own certificate text is read per language, or once for any,
// and written back as it was read.
func TestParseCertificate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		section string
		want    map[core.Locale]string
	}{
		{"    certificate:\n      body:\n        zh-CN: 兹证明{name}于{last_day}离职。\n        en: \"{name} left on {last_day}.\"\n",
			map[core.Locale]string{core.LocaleZH: "兹证明{name}于{last_day}离职。", core.LocaleEN: "{name} left on {last_day}."}},
		{"    certificate: {body: \"兹证明{name}{id}在{org}担任{job}，工作{years}。\"}\n",
			map[core.Locale]string{"": "兹证明{name}{id}在{org}担任{job}，工作{years}。"}},
		{"", nil},
	} {
		f, err := orgfile.Parse("c.yaml", []byte(certificateFile(tc.section)))
		if err != nil {
			t.Fatalf("%q: %v", tc.section, err)
		}
		if got := f.Orgs[0].Certificate; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %#v, want %#v", tc.section, got, tc.want)
		}
		out, err := orgfile.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		again, err := orgfile.Parse("again.yaml", out)
		if err != nil || !reflect.DeepEqual(again.Orgs[0].Certificate, tc.want) {
			t.Errorf("written back:\n%s\nread again: %#v, %v", out, again.Orgs[0].Certificate, err)
		}
	}
}

// A placeholder the certificate does not know, or left open, is refused
// with the placeholders it does know.
func TestParseCertificateProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ section, want string }{
		{"    certificate:\n      body:\n        zh-CN: 兹证明{name}月薪{salary}，因{reason}离职。\n",
			"c.yaml:6: orgs[0].certificate.body.zh-CN: unknown placeholder {salary}, {reason}: a certificate may say {name}, {id}"},
		{"    certificate: {body: \"{name} left on {last_day\"}\n",
			"orgs[0].certificate.body: a { is not closed"},
		{"    certificate: {body: {fr: \"{name}\"}}\n", `orgs[0].certificate.body.fr: unknown language "fr"`},
		{"    certificate: {}\n", "orgs[0].certificate.body: is required"},
	} {
		_, err := orgfile.Parse("c.yaml", []byte(certificateFile(tc.section)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.section, err, tc.want)
		}
	}
}
