package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/personfile"
)

// fileReply writes a file as its reader may see it, with what they can do
// about it.
func (b *Bot) fileReply(t *turn, v personfile.View) Reply {
	lines := []string{b.T(t, "personfile.title", "name", v.Person.Name, "key", v.Person.Key)}
	if v.Access == personfile.AccessMasked {
		lines = append(lines, b.T(t, "personfile.masked_note"))
	}
	if !v.File.ErasedAt.IsZero() {
		lines = append(lines, b.T(t, "personfile.erased", "date", v.File.ErasedAt.In(t.member.Org.Location()).Format("2006-01-02")))
	}
	for _, f := range personfile.Fields() {
		lines = append(lines, b.T(t, "personfile.line", "field", b.T(t, "personfile.field."+string(f)), "value", b.fileValue(t, f, v.File.Get(f))))
	}
	if v.DocumentsKnown {
		lines = append(lines, b.T(t, "personfile.documents", "count", strconv.Itoa(len(v.Documents))))
	}
	if len(v.Pending) > 0 {
		lines = append(lines, "", b.T(t, "personfile.pending"))
		for _, c := range v.Pending {
			lines = append(lines, b.fixLine(t, c))
		}
	}
	r := Reply{Ephemeral: true}
	switch {
	case v.Self:
		lines = append(lines, "", b.T(t, "personfile.self_hint"))
		r.Buttons = [][]Button{{{Label: b.T(t, "personfile.button.fix"), ActionID: "pfile.fix.start"}}}
	case v.CanEdit:
		lines = append(lines, "", b.T(t, "personfile.hr_hint", "key", v.Person.Key))
		for _, c := range v.Pending {
			r.Buttons = append(r.Buttons, b.fixButtons(t, c))
		}
	}
	r.Text = strings.Join(lines, "\n")
	return r
}

// fileValue writes a field's value for the reader: kinds in their
// language, "—" for nothing.
func (b *Bot) fileValue(t *turn, f personfile.Field, v string) string {
	if v == "" {
		return b.T(t, "personfile.none")
	}
	switch f {
	case personfile.FieldIDType:
		return b.T(t, "personfile.id_type."+v)
	case personfile.FieldGender:
		return b.T(t, "personfile.gender."+v)
	case personfile.FieldEducation:
		return b.T(t, "personfile.education."+v)
	}
	return v
}

// fieldList names fields in the reader's language, comma separated.
func (b *Bot) fieldList(t *turn, fs []personfile.Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = b.T(t, "personfile.field."+string(f))
	}
	return strings.Join(names, b.T(t, "personfile.list_sep"))
}

// fixLine is one correction: the field, its new value and the reason.
func (b *Bot) fixLine(t *turn, c personfile.Correction) string {
	line := b.T(t, "personfile.fix_line", "field", b.T(t, "personfile.field."+string(c.Field)), "value", b.fileValue(t, c.Field, c.Value))
	if c.Reason != "" {
		line += b.T(t, "personfile.fix_reason", "reason", c.Reason)
	}
	return line
}

func (b *Bot) fixButtons(t *turn, c personfile.Correction) []Button {
	id := strconv.FormatInt(c.ID, 10)
	field := b.T(t, "personfile.field."+string(c.Field))
	return []Button{
		{Label: b.T(t, "personfile.button.approve", "field", field), ActionID: "pfile.fix.approve", Value: id},
		{Label: b.T(t, "personfile.button.reject", "field", field), ActionID: "pfile.fix.reject", Value: id},
	}
}

// fileErr names, in the reader's words, the field a problem is with.
func (b *Bot) fileErr(t *turn, err error) error {
	if e, ok := core.AsError(err); ok && e.Args["field"] != "" {
		if f := personfile.Field(e.Args["field"]); f.Valid() {
			e.Args["field"] = b.T(t, "personfile.field."+string(f))
		}
	}
	return err
}

// fileNotification writes a correction to decide (to HR) or its decision
// (to the person who asked); one already decided is not offered again.
func (b *Bot) fileNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	c, err := b.cfg.Files.Correction(ctx, *t.member, id)
	if err != nil {
		return nil
	}
	field := b.T(t, "personfile.field."+string(c.Field))
	switch {
	case n.Kind == core.NotifyFileFixRequest && c.Status == personfile.Pending:
		text := b.T(t, "personfile.fix_request", "name", c.Person.Name, "key", c.Person.Key, "line", b.fixLine(t, c))
		return []Reply{{Text: text, Buttons: [][]Button{b.fixButtons(t, c)}}}
	case n.Kind == core.NotifyFileFixDecided && c.Status != personfile.Pending:
		return []Reply{{Text: b.T(t, "personfile.fix_decided."+string(c.Status), "field", field, "by", c.DecidedByName)}}
	}
	return nil
}

// dataReadme says, in the reader's language, what a data bundle holds.
func (b *Bot) dataReadme(t *turn, bundle personfile.Bundle) string {
	lines := []string{b.T(t, "personfile.readme.title", "name", bundle.Person.Name, "key", bundle.Person.Key,
		"org", t.member.Org.Name, "date", bundle.GeneratedAt.Format("2006-01-02 15:04")), "", b.T(t, "personfile.readme.intro"), ""}
	for _, s := range bundle.Sections {
		lines = append(lines, s.Name+".csv — "+b.T(t, "personfile.readme."+s.Name)+" ("+strconv.Itoa(len(s.Rows))+")")
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}
