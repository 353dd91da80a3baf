package bot

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

// typeName names a leave type in the reader's language.
func (b *Bot) typeName(t *turn, lt leave.Type) string { return core.NameIn(lt.Name, t.locale) }

// leaveUnit is the unit a type's balance is kept in: hours for hourly
// types (time off in lieu), days for the others.
func (b *Bot) leaveUnit(t *turn, lt leave.Type) string {
	if lt.Unit == leave.UnitHour {
		return b.T(t, "leave.unit.hours")
	}
	return b.T(t, "leave.unit.days")
}

// leaveNumber is an amount of leave in its type's unit.
func (b *Bot) leaveNumber(lt leave.Type, minutes, dayMinutes int) string {
	if lt.Unit == leave.UnitHour {
		return roundHours(minutes)
	}
	return leave.Days(minutes, dayMinutes)
}

// leaveCost is what a request takes: its hours for leave by the hour,
// else its working days.
func (b *Bot) leaveCost(t *turn, lt leave.Type, minutes, dayMinutes int) string {
	if lt.Unit == leave.UnitHour && minutes < dayMinutes {
		return b.T(t, "leave.amount.hours", "n", roundHours(minutes))
	}
	return b.T(t, "leave.amount.workdays", "n", leave.Days(minutes, dayMinutes))
}

// roundHours writes minutes as hours to at most one decimal: "2", "1.5".
func roundHours(minutes int) string {
	return strconv.FormatFloat(math.Round(float64(minutes)/6)/10, 'f', -1, 64)
}

// askLabel is an ask's dates, with its hours when it is taken by the hour
// at given times.
func (b *Bot) askLabel(t *turn, a leave.Ask) string {
	if a.Clock.IsZero() {
		return b.spanLabel(t, a.Span)
	}
	return a.Span.From.String() + " " + clockText(a.Clock.Start) + "–" + clockText(a.Clock.End)
}

// requestLabel is a request's dates, with its hours when it covers part
// of a day at given times.
func (b *Bot) requestLabel(t *turn, r leave.Request) string {
	loc := t.member.Org.Location()
	start, end := r.Start.In(loc), r.End.In(loc)
	onBoundary := func(x time.Time) bool { return x.Minute() == 0 && (x.Hour() == 0 || x.Hour() == 12) }
	if r.Start.IsZero() || r.Span.From != r.Span.To || onBoundary(start) && onBoundary(end) {
		return b.spanLabel(t, r.Span)
	}
	return r.Span.From.String() + " " + start.Format("15:04") + "–" + end.Format("15:04")
}

func clockText(minute int) string { return fmt.Sprintf("%02d:%02d", minute/60, minute%60) }

func leaveSpan(s when.Span) leave.Span {
	part := func(p when.Part) leave.Part {
		switch p {
		case when.Morning:
			return leave.Morning
		case when.Afternoon:
			return leave.Afternoon
		}
		return leave.FullDay
	}
	return leave.Span{From: s.From, To: s.To, FromPart: part(s.FromPart), ToPart: part(s.ToPart)}
}

func (b *Bot) spanLabel(t *turn, s leave.Span) string {
	label := func(d core.Date, p leave.Part) string {
		if p == leave.FullDay {
			return d.String()
		}
		return d.String() + " " + b.T(t, "part."+string(p))
	}
	if s.From == s.To && s.FromPart == s.ToPart {
		return label(s.From, s.FromPart)
	}
	return label(s.From, s.FromPart) + " → " + label(s.To, s.ToPart)
}
