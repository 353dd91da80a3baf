package orgfile

import (
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core/personfile"
)

// retention reads an org's retention section:
//
//	retention:
//	  years_after_leaving: 2   # files of people who left are erased after this; 2..100, default 2
func (p *parser) retention(n *yaml.Node, path string) personfile.Retention {
	r := personfile.DefaultRetention()
	if n == nil {
		return r
	}
	f := p.fields(n, path, "years_after_leaving")
	if v, vn := p.str(f, "years_after_leaving", path, false); vn != nil {
		if i, err := strconv.Atoi(v); err == nil && i < personfile.MinRetentionYears {
			p.errorf(vn, join(path, "years_after_leaving"), "must be at least %d: files are kept at least two years after someone leaves, got %d",
				personfile.MinRetentionYears, i)
			return r
		}
	}
	r.YearsAfterLeaving = p.intField(f, "years_after_leaving", path, r.YearsAfterLeaving, personfile.MinRetentionYears, 100)
	return r
}

type retentionOut struct {
	YearsAfterLeaving int `yaml:"years_after_leaving"`
}

// retentionYAML writes the retention section when it is not the default.
func retentionYAML(r personfile.Retention) *retentionOut {
	if r.YearsAfterLeaving == 0 || r == personfile.DefaultRetention() {
		return nil
	}
	return &retentionOut{r.YearsAfterLeaving}
}
