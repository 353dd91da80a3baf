package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/personfile"
)

// People's files in chat: /myfile (and asking HR for a correction, in a
// line or step by step), /file PERSON for HR and managers, /mydata, and
// HR deciding corrections with buttons. Files are shown in private chats
// only: a group is no place for an ID number.

// FileDesk keeps people's files (*personfile.Service).
type FileDesk interface {
	Mine(ctx context.Context, m core.Member, channel string) (personfile.View, error)
	Find(ctx context.Context, m core.Member, key, channel string) (personfile.View, error)
	Set(ctx context.Context, m core.Member, key string, values map[personfile.Field]string, reason, channel string) ([]personfile.Field, error)
	RequestFix(ctx context.Context, m core.Member, field personfile.Field, value, reason, channel string) (personfile.Correction, error)
	Correction(ctx context.Context, m core.Member, id int64) (personfile.Correction, error)
	Decide(ctx context.Context, m core.Member, id int64, approve bool, channel string) (personfile.Correction, error)
	MyData(ctx context.Context, m core.Member, channel string) (personfile.Bundle, error)
	DataOf(ctx context.Context, m core.Member, key, channel string) (personfile.Bundle, error)
}

func (b *Bot) fileFeature() feature {
	if b.cfg.Files == nil {
		return feature{}
	}
	return feature{
		commands: []command{
			{name: "myfile", aliases: []string{"我的档案", "档案"}, helpKey: "help.cmd.myfile", run: b.myFile},
			{name: "mydata", aliases: []string{"我的数据"}, helpKey: "help.cmd.mydata", run: b.myData},
			{name: "file", aliases: []string{"员工档案"}, helpKey: "help.cmd.file", staff: true, run: b.fileCmd},
		},
		actions: map[string]actionHandler{
			"pfile.fix.start":   {run: func(_ context.Context, t *turn, _ string) ([]Reply, error) { return b.fixFields(t) }},
			"pfile.fix.field":   {run: b.fixField},
			"pfile.fix.approve": {run: b.approveFileFix},
			"pfile.fix.reject":  {run: b.rejectFileFix},
		},
		dialogs: map[string]dialogStep{"pfile/value": b.fixValue},
		notifications: map[string]notificationRenderer{
			core.NotifyFileFixRequest: b.fileNotification, core.NotifyFileFixDecided: b.fileNotification,
		},
	}
}

// privateOnly refuses to show a file, or hand out someone's data, in a
// chat others read.
func (b *Bot) privateOnly(t *turn) error {
	if t.in.Private {
		return nil
	}
	return core.Errorf(core.EInvalid, "personfile.private_only", "files are shown in a private chat with the bot only")
}

// fixWords start a correction: "/myfile fix phone 139…".
var fixWords = []string{"fix", "correct", "更正", "修改", "纠正"}

// myFile: "/myfile" shows the reader's file; "/myfile fix FIELD VALUE
// [reason]" asks HR to correct it; "/myfile fix" asks which field.
func (b *Bot) myFile(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if err := b.privateOnly(t); err != nil {
		return nil, err
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if slices.Contains(fixWords, strings.ToLower(first)) {
		rest = strings.TrimSpace(rest)
		if rest == "" {
			return b.fixFields(t)
		}
		word, text, _ := strings.Cut(rest, " ")
		f, ok := personfile.ParseField(word)
		if !ok {
			return nil, core.Errorf(core.EInvalid, "personfile.unknown_field", "no field %q", word).With("word", word)
		}
		value, reason := splitValue(f, text)
		if value == "" {
			return b.fixField(ctx, t, string(f))
		}
		return b.submitFileFix(ctx, t, f, value, reason)
	}
	v, err := b.cfg.Files.Mine(ctx, *t.member, t.channel())
	if err != nil {
		return nil, b.fileErr(t, err)
	}
	return []Reply{b.fileReply(t, v)}, nil
}

// fileCmd: "/file PERSON" shows someone's file; "/file PERSON set FIELD
// VALUE reason REASON" changes it (HR).
func (b *Bot) fileCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if err := b.privateOnly(t); err != nil {
		return nil, err
	}
	who, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if who == "" {
		return []Reply{{Text: b.T(t, "personfile.file_usage")}}, nil
	}
	verb, rest, _ := strings.Cut(strings.TrimSpace(rest), " ")
	switch strings.ToLower(verb) {
	case "":
		v, err := b.cfg.Files.Find(ctx, *t.member, who, t.channel())
		if err != nil {
			return nil, b.fileErr(t, err)
		}
		return []Reply{b.fileReply(t, v)}, nil
	case "set", "改", "修改", "设置":
		word, text, _ := strings.Cut(strings.TrimSpace(rest), " ")
		f, ok := personfile.ParseField(word)
		if !ok {
			return nil, core.Errorf(core.EInvalid, "personfile.unknown_field", "no field %q", word).With("word", word)
		}
		value, reason := splitValue(f, text)
		changed, err := b.cfg.Files.Set(ctx, *t.member, who, map[personfile.Field]string{f: value}, reason, t.channel())
		if err != nil {
			return nil, b.fileErr(t, err)
		}
		if len(changed) == 0 {
			return []Reply{{Text: b.T(t, "personfile.unchanged"), Ephemeral: true}}, nil
		}
		return []Reply{{Text: b.T(t, "personfile.saved", "fields", b.fieldList(t, changed)), Ephemeral: true}}, nil
	case "data", "数据":
		return b.myData(ctx, t, who)
	}
	return []Reply{{Text: b.T(t, "personfile.file_usage")}}, nil
}

// reasonWords introduce the reason after a value: "… reason new number".
var reasonWords = []string{"reason", "because", "why", "原因", "理由", "因为"}

// splitValue splits what follows a field into its value and a reason. A
// word of reasonWords ends the value; without one, a phone, ID number,
// date or kind is its first word (the digits of a phone or ID number
// typed in groups together) and the rest is the reason, while free text
// (an address, a school) is all value.
func splitValue(f personfile.Field, text string) (value, reason string) {
	words := strings.Fields(text)
	for i, w := range words {
		lw := strings.ToLower(w)
		for _, r := range reasonWords {
			if lw == r || strings.TrimRight(lw, ":：") == r {
				return strings.Join(words[:i], " "), strings.Join(words[i+1:], " ")
			}
			if after, ok := strings.CutPrefix(lw, r+"："); ok && i > 0 {
				return strings.Join(words[:i], " "), strings.TrimSpace(after + " " + strings.Join(words[i+1:], " "))
			}
		}
	}
	n := 0
	switch f {
	case personfile.FieldPhone, personfile.FieldEmergencyPhone, personfile.FieldIDNumber:
		for n < len(words) && strings.Trim(words[n], "+0123456789()-xX") == "" {
			n++
		}
	case personfile.FieldBirthDate, personfile.FieldGender, personfile.FieldIDType, personfile.FieldEducation, personfile.FieldGraduationYear:
		n = min(1, len(words))
	default:
		n = len(words)
	}
	if n == 0 && len(words) > 0 {
		n = 1
	}
	return strings.Join(words[:n], " "), strings.Join(words[n:], " ")
}

// fixFields asks which field to correct, with a button each.
func (b *Bot) fixFields(t *turn) ([]Reply, error) {
	if err := b.privateOnly(t); err != nil {
		return nil, err
	}
	var rows [][]Button
	var row []Button
	for _, f := range personfile.Fields() {
		row = append(row, Button{Label: b.T(t, "personfile.field."+string(f)), ActionID: "pfile.fix.field", Value: string(f)})
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return []Reply{{Text: b.T(t, "personfile.fix_which"), Buttons: rows, Ephemeral: true}}, nil
}

// fixField asks for the new value of a field, in a dialog.
func (b *Bot) fixField(ctx context.Context, t *turn, value string) ([]Reply, error) {
	f := personfile.Field(value)
	if !f.Valid() {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	if err := b.beginDialog(ctx, t, "pfile", "value", map[string]string{"field": string(f)}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "personfile.fix_ask", "field", b.T(t, "personfile.field."+string(f))), Buttons: b.cancelButton(t)}}, nil
}

// fixValue takes the dialog's answer: the new value, and a reason after it.
func (b *Bot) fixValue(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
	f := personfile.Field(d.Data["field"])
	value, reason := splitValue(f, text)
	replies, err := b.submitFileFix(ctx, t, f, value, reason)
	if err != nil {
		return nil, err
	}
	return replies, b.endDialog(ctx, t)
}

func (b *Bot) submitFileFix(ctx context.Context, t *turn, f personfile.Field, value, reason string) ([]Reply, error) {
	if _, err := b.cfg.Files.RequestFix(ctx, *t.member, f, value, reason, t.channel()); err != nil {
		return nil, b.fileErr(t, err)
	}
	return []Reply{{Text: b.T(t, "personfile.fix_sent", "field", b.T(t, "personfile.field."+string(f)))}}, nil
}

func (b *Bot) approveFileFix(ctx context.Context, t *turn, value string) ([]Reply, error) {
	return b.decideFileFix(ctx, t, value, true)
}

func (b *Bot) rejectFileFix(ctx context.Context, t *turn, value string) ([]Reply, error) {
	return b.decideFileFix(ctx, t, value, false)
}

// decideFileFix is HR's Approve or Reject under a correction.
func (b *Bot) decideFileFix(ctx context.Context, t *turn, value string, approve bool) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	c, err := b.cfg.Files.Decide(ctx, *t.member, id, approve, t.channel())
	if err != nil {
		return nil, b.fileErr(t, err)
	}
	return []Reply{{Text: b.T(t, "personfile.fix_done."+string(c.Status), "name", c.Person.Name,
		"field", b.T(t, "personfile.field."+string(c.Field))), ReplaceMessage: true}}, nil
}

// myData sends the reader everything hrbot holds about them as a ZIP; HR
// names a person to get theirs ("/mydata alice", "/file alice data").
func (b *Bot) myData(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if err := b.privateOnly(t); err != nil {
		return nil, err
	}
	var bundle personfile.Bundle
	var err error
	if who := strings.TrimSpace(args); who != "" {
		bundle, err = b.cfg.Files.DataOf(ctx, *t.member, who, t.channel())
	} else {
		bundle, err = b.cfg.Files.MyData(ctx, *t.member, t.channel())
	}
	if err != nil {
		return nil, b.fileErr(t, err)
	}
	zip, err := bundle.Zip(b.dataReadme(t, bundle))
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "personfile.data_sent", "name", bundle.Person.Name), Ephemeral: true,
		// Sealed: the bundle holds the file's sealed fields in the clear, so
		// it is never written down on the way (see Attachment.Sealed).
		Attachments: []Attachment{{Name: bundle.FileName(), MIME: "application/zip", Data: zip, Sealed: true}}}}, nil
}
