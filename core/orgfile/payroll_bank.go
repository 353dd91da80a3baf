package orgfile

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core/payroll"
)

// bankFiles reads payroll.bank_files: each bank's batch-payment (代发)
// layout. Keys are unique; every column is a field or a fixed text.
func (p *parser) bankFiles(n *yaml.Node, path string) []payroll.BankLayout {
	var out []payroll.BankLayout
	seen := map[string]bool{}
	for i, ln := range p.seq(n, path) {
		lpath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(ln, lpath, "key", "name", "encoding", "header", "delimiter", "columns")
		l := payroll.BankLayout{Key: p.key(ln, f, lpath), Encoding: "utf-8", Delimiter: ","}
		if l.Key != "" && seen[l.Key] {
			p.errorf(f["key"], join(lpath, "key"), "repeated key %q", l.Key)
		}
		seen[l.Key] = true
		l.Name, _ = p.str(f, "name", lpath, false)
		l.Header = p.boolField(f, "header", lpath, true)
		if v, vn := p.str(f, "encoding", lpath, true); vn != nil {
			switch strings.ToLower(v) {
			case "utf-8", "utf8":
			case "gbk", "gb2312", "gb18030":
				l.Encoding = "gbk" // GBK covers GB2312; banks' "GB18030" importers read it too
			default:
				p.errorf(vn, join(lpath, "encoding"), "must be gbk or utf-8, got %q", v)
			}
		}
		if dn := f["delimiter"]; dn != nil {
			// Not trimmed: a tab is a delimiter.
			if d := dn.Value; utf8.RuneCountInString(d) != 1 || d == "\"" || d == "\n" || d == "\r" {
				p.errorf(dn, join(lpath, "delimiter"), "must be one character such as \",\", \"|\" or \"\\t\", got %q", d)
			} else {
				l.Delimiter = d
			}
		}
		l.Columns = p.bankColumns(ln, f["columns"], join(lpath, "columns"))
		out = append(out, l)
	}
	return out
}

// bankColumns reads a layout's columns.
func (p *parser) bankColumns(parent, n *yaml.Node, path string) []payroll.BankColumn {
	items := p.seq(n, path)
	if len(items) == 0 {
		where := parent
		if n != nil {
			where = n
		}
		p.errorf(where, path, "needs at least one column")
	}
	var out []payroll.BankColumn
	for i, cn := range items {
		cpath := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(cn, cpath, "title", "field", "format", "text")
		c := payroll.BankColumn{}
		c.Title, _ = p.str(f, "title", cpath, false)
		field, fn := p.str(f, "field", cpath, true)
		text, tn := p.str(f, "text", cpath, false)
		switch {
		case fn != nil && tn != nil:
			p.errorf(tn, join(cpath, "text"), "a column is a field or a fixed text, not both")
		case fn == nil && tn == nil:
			p.errorf(cn, cpath, "needs field (one of: %s) or text", strings.Join(payroll.BankFields(), ", "))
		case fn != nil && !slices.Contains(payroll.BankFields(), field):
			p.errorf(fn, join(cpath, "field"), "must be one of %s, got %q", strings.Join(payroll.BankFields(), ", "), field)
		}
		c.Field, c.Text = field, text
		if v, vn := p.str(f, "format", cpath, true); vn != nil {
			switch {
			case field != payroll.BankFieldAmount:
				p.errorf(vn, join(cpath, "format"), "only an amount column has a format")
			case !slices.Contains(payroll.BankAmountFormats(), v):
				p.errorf(vn, join(cpath, "format"), "must be \"0.00\" (yuan) or fen, got %q", v)
			default:
				c.Format = v
			}
		}
		out = append(out, c)
	}
	return out
}

type bankOut struct {
	Key       string          `yaml:"key"`
	Name      string          `yaml:"name,omitempty"`
	Encoding  string          `yaml:"encoding"`
	Header    bool            `yaml:"header"`
	Delimiter string          `yaml:"delimiter,omitempty"`
	Columns   []bankColumnOut `yaml:"columns"`
}

type bankColumnOut struct {
	Title  string `yaml:"title,omitempty"`
	Field  string `yaml:"field,omitempty"`
	Format string `yaml:"format,omitempty"`
	Text   string `yaml:"text,omitempty"`
}

// bankFilesYAML writes the bank layouts back as bankFiles reads them;
// the default delimiter is left out.
func bankFilesYAML(ls []payroll.BankLayout) []bankOut {
	var out []bankOut
	for _, l := range ls {
		b := bankOut{Key: l.Key, Name: l.Name, Encoding: l.Encoding, Header: l.Header}
		if l.Delimiter != "," {
			b.Delimiter = l.Delimiter
		}
		for _, c := range l.Columns {
			b.Columns = append(b.Columns, bankColumnOut(c))
		}
		out = append(out, b)
	}
	return out
}
