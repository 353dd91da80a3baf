package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/leave"
)

// documentsFeature takes the files people send for their leave requests
// and gives approvers the button that sends them one.
func (b *Bot) documentsFeature() feature {
	if b.cfg.Documents == nil {
		return feature{}
	}
	return feature{
		actions:       map[string]actionHandler{"doc.send": {run: b.sendDocument}},
		notifications: map[string]notificationRenderer{core.NotifyLeaveDocument: b.leaveDocumentNotification},
	}
}

// maxDocumentButtons bounds the document buttons on an approver's card:
// with Approve and Reject they stay within WeCom's six.
const maxDocumentButtons = 3

// readFiles answers a message that carries files: its caption first, as
// any message ("请假 病假 明天" with the photo of the note), then the files.
func (b *Bot) readFiles(ctx context.Context, t *turn) ([]Reply, string, error) {
	var replies []Reply
	if strings.TrimSpace(t.in.Text) != "" {
		r, name, err := b.read(ctx, t)
		if err != nil || t.member == nil {
			return r, name, err
		}
		replies = r
	}
	if replies, ok, err := b.candidateFiles(ctx, t); ok || err != nil {
		return replies, "candidate", err
	}
	if t.member == nil {
		return []Reply{{Text: b.T(t, "identity.unknown")}}, "unlinked", nil
	}
	more, err := b.takeFiles(ctx, t)
	return append(replies, more...), "files", err
}

// takeFiles keeps the files a member sent for the leave request that
// needs them: the one they are about to submit (held, and attached on
// Submit), else their newest request still waiting for a document
// (leave.AwaitingDocument). With neither, nothing is kept: a file that is
// for nothing has no business in a person's HR file, and the person is
// told how to send it for a request.
func (b *Bot) takeFiles(ctx context.Context, t *turn) ([]Reply, error) {
	if refused := b.allRefused(t); refused != nil {
		return refused, nil
	}
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	hold := open && d.Name == "leave" && d.Step == "confirm"
	if open && d.Name == "leave" && !hold {
		return []Reply{{Text: b.T(t, "documents.finish_request"), Error: true}}, nil
	}
	var r leave.Request
	var lt leave.Type
	if hold {
		setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
		if err != nil {
			return nil, err
		}
		lt, _ = setup.Type(d.Data["type"])
	} else {
		var found bool
		if r, lt, found, err = b.cfg.Leave.AwaitingDocument(ctx, *t.member); err != nil {
			return nil, err
		} else if !found {
			return []Reply{{Text: b.T(t, "documents.nothing_pending")}}, nil
		}
	}
	kind := documents.KindForLeave(lt)
	var ids []string
	var replies []Reply
	for _, f := range t.files {
		if f.err != nil {
			replies = append(replies, b.errorReply(t, "files", f.err))
			continue
		}
		doc, err := b.cfg.Documents.Add(ctx, *t.member, documents.Addition{Kind: kind, Name: f.name, Data: f.data, LeaveRequestID: r.ID}, t.channel())
		if code := core.ErrorCodeOf(err); code == core.EInternal {
			return nil, err
		} else if err != nil {
			replies = append(replies, b.errorReply(t, "files", err))
			continue
		}
		ids = append(ids, strconv.FormatInt(doc.ID, 10))
	}
	if len(ids) == 0 {
		return replies, nil
	}
	if hold {
		// Kept with the preview; Submit attaches them (leaveSubmitted).
		data := map[string]string{}
		for k, v := range d.Data {
			data[k] = v
		}
		data["docs"] = strings.Trim(data["docs"]+","+strings.Join(ids, ","), ",")
		if err := b.beginDialog(ctx, t, "leave", "confirm", data); err != nil {
			return nil, err
		}
		return append([]Reply{{Text: b.T(t, "documents.held", "kind", b.kindName(t, kind))}}, replies...), nil
	}
	text := b.T(t, "documents.attached", "kind", b.kindName(t, kind), "type", b.typeName(t, lt), "span", b.requestLabel(t, r))
	return append([]Reply{{Text: text}}, replies...), nil
}

// allRefused answers files that were all refused before the turn, once
// for each reason; nil when any of them can be kept.
func (b *Bot) allRefused(t *turn) []Reply {
	var out []Reply
	for _, f := range t.files {
		if f.err == nil {
			return nil
		}
		r := b.errorReply(t, "files", f.err)
		if !slices.ContainsFunc(out, func(x Reply) bool { return x.Text == r.Text }) {
			out = append(out, r)
		}
	}
	return out
}

// leaveSubmitted attaches the documents held with a preview to the
// request it became, and says what became of the type's document: it is
// attached, or it is still wanted and can be sent now.
func (b *Bot) leaveSubmitted(ctx context.Context, t *turn, held string, r leave.Request, lt leave.Type) (string, error) {
	if b.cfg.Documents == nil {
		return "", nil
	}
	var ids []int64
	for _, s := range strings.Split(held, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	n, err := b.cfg.Documents.Attach(ctx, *t.member, ids, r.ID, t.channel())
	if err != nil {
		return "", err
	}
	kind := b.kindName(t, documents.KindForLeave(lt))
	switch {
	case n > 0:
		return b.T(t, "documents.attached_on_submit", "kind", kind), nil
	case lt.AttachmentRequired && b.takesDocuments():
		return b.T(t, "documents.ask", "kind", kind, "type", b.typeName(t, lt)), nil
	}
	return "", nil
}

// takesDocuments reports whether files sent to the bot can be kept: with
// documents on and a key to seal them. Without, the bot says to hand
// documents to HR, as before it took any.
func (b *Bot) takesDocuments() bool { return b.cfg.Documents != nil && b.cfg.Documents.Ready() == nil }

// attachmentLine is what a preview says of a type that needs a document.
func (b *Bot) attachmentLine(t *turn, lt leave.Type) string {
	if !b.takesDocuments() {
		return b.T(t, "leave.attachment", "type", b.typeName(t, lt))
	}
	return b.T(t, "documents.preview_ask", "type", b.typeName(t, lt), "kind", b.kindName(t, documents.KindForLeave(lt)))
}

// leaveDocuments is what an approver's card says of a request's
// documents, with a button for each that sends it to them.
func (b *Bot) leaveDocuments(ctx context.Context, t *turn, r leave.Request, lt leave.Type) ([]string, []Button) {
	if b.cfg.Documents == nil {
		if lt.AttachmentRequired {
			return []string{b.T(t, "leave.attachment_check", "type", b.typeName(t, lt))}, nil
		}
		return nil, nil
	}
	ds, err := b.cfg.Documents.ForRequest(ctx, *t.member, r)
	if err != nil {
		b.log.Warn("documents of a leave request", "request", r.ID, "err", err)
	}
	if len(ds) == 0 {
		if lt.AttachmentRequired && !b.takesDocuments() {
			return []string{b.T(t, "leave.attachment_check", "type", b.typeName(t, lt))}, nil
		}
		if lt.AttachmentRequired {
			kind := b.kindName(t, documents.KindForLeave(lt))
			return []string{b.T(t, "documents.none_yet", "kind", kind, "name", core.NameIn(r.EmployeeName, t.locale))}, nil
		}
		return nil, nil
	}
	var lines []string
	var buttons []Button
	for _, d := range ds {
		kind := b.kindName(t, d.Kind)
		lines = append(lines, b.T(t, "documents.line", "kind", kind, "file", d.Name, "size", documents.HumanSize(d.Size)))
		if len(buttons) < maxDocumentButtons {
			buttons = append(buttons, Button{Label: b.T(t, "documents.button", "kind", kind), ActionID: "doc.send",
				Value: strconv.FormatInt(d.ID, 10)})
		}
	}
	return lines, buttons
}

// sendDocument sends the presser a document they may open, privately.
func (b *Bot) sendDocument(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	d, data, err := b.cfg.Documents.Read(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{
		Text:        b.T(t, "documents.sent", "kind", b.kindName(t, d.Kind), "name", core.NameIn(d.EmployeeName, t.locale), "file", d.Name),
		Attachments: []Attachment{{Name: d.Name, MIME: d.MIME, Data: data, Sealed: true}}, Ephemeral: true,
	}}, nil
}

// leaveDocumentNotification tells an approver a document came for a
// request: the request's card again, with it, while they still decide
// it; a line with the document's button once it is decided.
func (b *Bot) leaveDocumentNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	r, err := b.cfg.Leave.Find(ctx, *t.member, id)
	if err != nil {
		return nil
	}
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return nil
	}
	lt, _ := setup.Type(r.Type)
	kind := b.kindName(t, documents.KindForLeave(lt))
	name := core.NameIn(r.EmployeeName, t.locale)
	if r.Status == leave.Pending && r.ApproverID == t.member.Employee.ID {
		card, err := b.leaveRequestReply(ctx, t, r, false)
		if err != nil {
			return nil
		}
		card.Text = b.T(t, "documents.came", "name", name, "kind", kind) + "\n" + card.Text
		return []Reply{card}
	}
	_, buttons := b.leaveDocuments(ctx, t, r, lt)
	if len(buttons) == 0 {
		return nil
	}
	return []Reply{{Text: b.T(t, "documents.came_decided", "name", name, "kind", kind, "type", b.typeName(t, lt),
		"span", b.requestLabel(t, r)), Buttons: [][]Button{buttons}}}
}

// kindName is a kind of document in the reader's words.
func (b *Bot) kindName(t *turn, k documents.Kind) string { return b.T(t, "documents.kind."+string(k)) }
