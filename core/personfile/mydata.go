package personfile

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

// Section is one area of what hrbot holds about a person, as a table:
// "employee", "leave_requests", "attendance"…
type Section struct {
	Name    string
	Columns []string
	Rows    [][]string
}

// Bundle is everything hrbot holds about one person (个人信息保护法 art.
// 45, the right to a copy): their record, file, leave, attendance, cover
// given, quizzes, payslips, the audit rows about them.
type Bundle struct {
	OrgKey      string
	Person      core.Employee
	GeneratedAt time.Time
	Sections    []Section
}

// MyData is everything hrbot holds about the reader (the export audited).
// Errors: EInvalid personfile.no_key when their file is sealed and there
// is no key.
func (s *Service) MyData(ctx context.Context, m core.Member, channel string) (Bundle, error) {
	e := m.Employee
	if err := s.auth.Authorize(ctx, m, core.ActionFileView, &e, channel); err != nil {
		return Bundle{}, err
	}
	return s.bundle(ctx, m, e, channel)
}

// DataOf is everything hrbot holds about someone, for HR to hand them on
// request (someone who left included). Errors: ENotFound, EForbidden
// (audited), EInvalid personfile.no_key.
func (s *Service) DataOf(ctx context.Context, m core.Member, key, channel string) (Bundle, error) {
	e, err := s.auth.FindEmployee(ctx, m, key, channel)
	if err != nil {
		return Bundle{}, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionFileManage, &e, channel); err != nil {
		return Bundle{}, err
	}
	return s.bundle(ctx, m, e, channel)
}

func (s *Service) bundle(ctx context.Context, m core.Member, e core.Employee, channel string) (Bundle, error) {
	now := s.clock.Now()
	by := "self"
	if e.ID != m.Employee.ID {
		by = "hr"
	}
	rec, err := s.store.Read(ctx, m.Org.ID, e.ID, &core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditExport,
		EntityType: "employee", EntityID: e.Key, After: map[string]any{"by": by}, Channel: channel, Outcome: core.OutcomeOK, At: now})
	if err != nil {
		return Bundle{}, fmt.Errorf("data of %s: %w", e.Key, err)
	}
	file := Section{Name: "file", Columns: []string{"field", "value"}}
	for _, f := range Fields() {
		file.Rows = append(file.Rows, []string{string(f), rec.File.Get(f)})
	}
	more, err := s.store.Export(ctx, m.Org.ID, e.ID)
	if err != nil {
		return Bundle{}, fmt.Errorf("data of %s: %w", e.Key, err)
	}
	b := Bundle{OrgKey: m.Org.Key, Person: e, GeneratedAt: now.In(m.Org.Location()), Sections: append([]Section{file}, more...)}
	if s.balances != nil {
		bs, err := s.balances.Balances(ctx, core.Member{Employee: e, Org: m.Org})
		if err != nil {
			return Bundle{}, fmt.Errorf("data of %s: %w", e.Key, err)
		}
		b.Sections = append(b.Sections, balanceSection(bs))
	}
	if s.docs != nil {
		ds, err := s.docs.Of(ctx, m.Org.ID, e.ID)
		if err != nil {
			return Bundle{}, fmt.Errorf("data of %s: %w", e.Key, err)
		}
		sec := Section{Name: "documents", Columns: []string{"id", "kind", "name", "bytes", "added_at"}}
		for _, d := range ds {
			sec.Rows = append(sec.Rows, []string{strconv.FormatInt(d.ID, 10), d.Kind, d.Name, strconv.FormatInt(d.Size, 10),
				d.AddedAt.Format(time.RFC3339)})
		}
		b.Sections = append(b.Sections, sec)
	}
	return b, nil
}

func balanceSection(bs []leave.Balance) Section {
	sec := Section{Name: "leave_balances", Columns: []string{"type", "year", "unlimited", "entitled_minutes", "carried_minutes",
		"adjusted_minutes", "used_minutes", "pending_minutes", "available_minutes"}}
	n := strconv.Itoa
	for _, b := range bs {
		sec.Rows = append(sec.Rows, []string{b.Type.Key, n(b.Year), strconv.FormatBool(b.Unlimited), n(b.Entitled), n(b.Carried),
			n(b.Adjusted), n(b.Used), n(b.Pending), n(b.Available)})
	}
	return sec
}

// FileName is the name the bundle's ZIP is sent under.
func (b Bundle) FileName() string {
	return "hrbot-data-" + b.Person.Key + "-" + b.GeneratedAt.Format("2006-01-02") + ".zip"
}

// Zip writes the bundle as a ZIP: readme (the reader's words for what is
// inside) as README.txt, everything in data.json, and each section as a
// CSV that spreadsheets open (UTF-8 with a byte-order mark).
func (b Bundle) Zip(readme string) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	put := func(name string, data []byte) error {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: b.GeneratedAt})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if err := put("README.txt", []byte(readme)); err != nil {
		return nil, fmt.Errorf("my data zip: %w", err)
	}
	data, err := json.MarshalIndent(b.document(), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("my data zip: %w", err)
	}
	if err := put("data.json", data); err != nil {
		return nil, fmt.Errorf("my data zip: %w", err)
	}
	for _, sec := range b.Sections {
		var c bytes.Buffer
		c.WriteString("\ufeff")
		w := csv.NewWriter(&c)
		_ = w.Write(sec.Columns)
		_ = w.WriteAll(sec.Rows) // a bytes.Buffer does not fail
		if err := put(sec.Name+".csv", c.Bytes()); err != nil {
			return nil, fmt.Errorf("my data zip: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("my data zip: %w", err)
	}
	return buf.Bytes(), nil
}

// document is the bundle as data.json has it: each section a list of
// rows keyed by column.
func (b Bundle) document() map[string]any {
	sections := map[string]any{}
	for _, sec := range b.Sections {
		rows := make([]map[string]string, 0, len(sec.Rows))
		for _, r := range sec.Rows {
			row := make(map[string]string, len(sec.Columns))
			for i, c := range sec.Columns {
				if i < len(r) {
					row[c] = r[i]
				}
			}
			rows = append(rows, row)
		}
		sections[sec.Name] = rows
	}
	return map[string]any{"org": b.OrgKey, "person": b.Person.Key, "name": b.Person.Name,
		"generated_at": b.GeneratedAt.Format(time.RFC3339), "sections": sections}
}
