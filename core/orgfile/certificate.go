package orgfile

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving/certificate"
)

// certificate reads an org's certificate section, its own text of the
// termination certificate (离职证明) in place of hrbot's:
//
//	certificate:
//	  body:
//	    zh-CN: 兹证明{name}{id}自{hire_date}起在{org}工作……
//	    en: This is to certify that {name}{id} …
//
// or one body for whatever the org's language is. Each text may use the
// placeholders certificate.Placeholders names, and no other; a blank line
// starts a new paragraph. nil when the section is absent.
func (p *parser) certificate(n *yaml.Node, path string) map[core.Locale]string {
	if n == nil {
		return nil
	}
	f := p.fields(n, path, "body")
	bpath := join(path, "body")
	body := p.perLanguage(n, f["body"], bpath, textRules{
		required: "is required: the certificate's text, e.g. {zh-CN: 兹证明{name}……, en: This is to certify that {name} …}",
		shape:    "must be a text, or a text per language such as {zh-CN: 兹证明{name}……, en: This is to certify …}",
		noun:     "text", each: "the certificate's text",
	})
	if body == nil {
		return nil
	}
	known := "{" + strings.Join(certificate.Placeholders(), "}, {") + "}"
	for loc, text := range body {
		at := bpath
		if loc != "" {
			at = join(bpath, string(loc))
		}
		unknown, unclosed := certificate.CheckBody(text)
		if len(unknown) > 0 {
			p.errorf(f["body"], at, "unknown placeholder %s: a certificate may say %s",
				"{"+strings.Join(unknown, "}, {")+"}", known)
		}
		if unclosed {
			p.errorf(f["body"], at, "a { is not closed: write placeholders as {name}")
		}
	}
	return body
}

type certificateOut struct {
	Body any `yaml:"body"`
}

// certificateYAML writes the certificate section when the org has its own
// text.
func certificateYAML(body map[core.Locale]string) *certificateOut {
	if len(body) == 0 {
		return nil
	}
	if text, ok := body[""]; ok && len(body) == 1 {
		return &certificateOut{Body: text}
	}
	out := map[string]string{}
	for loc, text := range body {
		out[string(loc)] = text
	}
	return &certificateOut{Body: out}
}
