package orgfile

import (
	"github.com/hrbot/hrbot/core/training"
	"gopkg.in/yaml.v3"
)

// training reads an org's training section:
//
//	training:
//	  certificate_months: 12   # 0 = certificates do not expire; 0..120
//	  retake_hours: 24         # wait after a failed attempt; 0..720
func (p *parser) training(n *yaml.Node, path string) training.Policy {
	pol := training.DefaultPolicy()
	if n == nil {
		return pol
	}
	f := p.fields(n, path, "certificate_months", "retake_hours")
	pol.CertificateMonths = p.intField(f, "certificate_months", path, pol.CertificateMonths, 0, 120)
	pol.RetakeHours = p.intField(f, "retake_hours", path, pol.RetakeHours, 0, 720)
	return pol
}
