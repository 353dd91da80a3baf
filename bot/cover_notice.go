package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core/cover"
)

// renderCover writes the cover pool's notices.
func (b *Bot) renderCover(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
	id, _ := strconv.ParseInt(n.Params["request"]+n.Params["assignment"], 10, 64)
	switch n.Kind {
	case NoticeCoverOffer:
		return b.renderOffer(ctx, t, id, false)
	case NoticeCoverAccepted:
		a, err := b.cfg.Cover.Assignment(ctx, id)
		if err != nil {
			return nil, err
		}
		r, err := b.cfg.Cover.Find(ctx, a.RequestID)
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "cover.accepted", "name", a.EmployeeName, "what", b.coverWhat(ctx, t, r),
			"filled", strconv.Itoa(r.Filled), "needed", strconv.Itoa(r.Needed))}}, nil
	case NoticeCoverEscalate:
		r, err := b.cfg.Cover.Find(ctx, id)
		if err != nil || r.Status != cover.StatusOpen {
			return nil, err
		}
		offers, err := b.cfg.Cover.Offers(ctx, id)
		if err != nil {
			return nil, err
		}
		declined := 0
		for _, s := range offers {
			if s == "declined" {
				declined++
			}
		}
		return []Reply{{Text: b.T(t, "cover.escalate", "id", strconv.FormatInt(id, 10), "what", b.coverWhat(ctx, t, r),
			"filled", strconv.Itoa(r.Filled), "needed", strconv.Itoa(r.Needed), "asked", strconv.Itoa(len(offers)), "declined", strconv.Itoa(declined))}}, nil
	case NoticeCoverRate:
		a, err := b.cfg.Cover.Assignment(ctx, id)
		if err != nil || a.Rating > 0 {
			return nil, err
		}
		r, err := b.cfg.Cover.Find(ctx, a.RequestID)
		if err != nil {
			return nil, err
		}
		var row []Button
		for i := 1; i <= 5; i++ {
			row = append(row, Button{Label: strconv.Itoa(i) + "⭐", ActionID: "cover.rate", Value: fmt.Sprintf("%d:%d", a.ID, i)})
		}
		return []Reply{{Text: b.T(t, "cover.rate_ask", "name", a.EmployeeName, "what", b.coverWhat(ctx, t, r)), Buttons: [][]Button{row}}}, nil
	}
	return nil, fmt.Errorf("render: unknown cover notice %q", n.Kind)
}

// renderOffer writes an offer as it stands for the reader: open with
// Accept / Decline, or what became of it. pressed marks an answer to a
// press on it (which replaces the message).
func (b *Bot) renderOffer(ctx context.Context, t *turn, id int64, pressed bool) ([]Reply, error) {
	r, err := b.cfg.Cover.Find(ctx, id)
	if err != nil {
		return nil, err
	}
	offers, err := b.cfg.Cover.Offers(ctx, id)
	if err != nil {
		return nil, err
	}
	what := b.coverWhat(ctx, t, r)
	switch {
	case r.Status == cover.StatusCancelled || !r.End.After(t.now):
		return []Reply{{Text: b.T(t, "cover.gone", "what", what), ReplaceMessage: pressed}}, nil
	case offers[t.member.Employee.ID] == "accepted":
		return []Reply{{Text: b.T(t, "cover.yours", "what", what), ReplaceMessage: pressed}}, nil
	case r.Status == cover.StatusFilled:
		asg, err := b.cfg.Cover.Assignments(ctx, id)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(asg))
		for i, a := range asg {
			names[i] = a.EmployeeName
		}
		return []Reply{{Text: b.T(t, "cover.taken", "what", what, "names", strings.Join(names, ", ")), ReplaceMessage: pressed}}, nil
	case offers[t.member.Employee.ID] == "declined":
		return []Reply{{Text: b.T(t, "cover.declined"), ReplaceMessage: pressed}}, nil
	case offers[t.member.Employee.ID] == "":
		return nil, nil // not offered to this reader
	}
	text := b.T(t, "cover.offer", "what", what, "needed", strconv.Itoa(r.Needed-r.Filled))
	if r.Reason != "" && r.Reason != "leave" {
		text += "\n" + b.T(t, "cover.reason", "reason", r.Reason)
	}
	v := strconv.FormatInt(id, 10)
	return []Reply{{Text: text, Buttons: [][]Button{{
		{Label: b.T(t, "cover.accept"), ActionID: "cover.accept", Value: v},
		{Label: b.T(t, "cover.decline"), ActionID: "cover.decline", Value: v},
	}}}}, nil
}
