package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Home is a person's page in a chat app (Slack's Home tab): who they are,
// their day, their leave and what waits for their decision, written in
// their language, with the buttons the bot's messages carry — a press on
// one is an ordinary press (Incoming.Action), checked again as any other.
type Home struct {
	// Linked is false for an account hrbot does not know (or of someone
	// who left): Sections then say how to link it.
	Linked bool
	// Name is the person's name, "" when not linked.
	Name string
	// Locale is the language the texts are in; "" means both, Chinese first.
	Locale core.Locale
	// Title heads the page.
	Title string
	// CheckedIn is true once the shift of today (or of last night) has
	// a check-in.
	CheckedIn bool
	// Sections, in the order shown.
	Sections []HomeSection
	// Footer is a line of small print: when the page was made.
	Footer string
}

// HomeSection is one part of a Home: a heading, text, a row of buttons.
type HomeSection struct {
	Kind HomeKind
	// Ref is the id of the request a HomeLeave or HomeCorrection section
	// shows; its buttons carry the same.
	Ref     string
	Title   string
	Text    string
	Buttons []Button
}

// HomeKind says what a HomeSection shows.
type HomeKind string

// Home section kinds.
const (
	HomeLink       HomeKind = "link"       // how to link the account
	HomeToday      HomeKind = "today"      // today's shift and check-in
	HomeBalances   HomeKind = "balances"   // leave balances
	HomeApprovals  HomeKind = "approvals"  // the heading of what waits for a decision
	HomeLeave      HomeKind = "leave"      // one leave request waiting, Approve/Reject
	HomeCorrection HomeKind = "correction" // one attendance correction waiting, Approve/Reject
	HomeConsole    HomeKind = "console"    // the web console's button
)

// WebOpenAction is the Home's "Open the console" button: pressing it is
// sending /web.
const WebOpenAction = "web.open"

// maxHomeItems bounds the requests one Home lists (Slack takes 100 blocks
// a view); /pending shows them all.
const maxHomeItems = 20

// homeFeature is the Home's own button.
func (b *Bot) homeFeature() feature {
	return feature{actions: map[string]actionHandler{
		WebOpenAction: {public: true, run: func(ctx context.Context, t *turn, _ string) ([]Reply, error) {
			// As if typed: whoever answers /web answers this.
			t.in.Text, t.in.Action = "/web", nil
			replies, _, err := b.read(ctx, t)
			return replies, err
		}},
	}}
}

// Home builds the home of the person behind a chat account, as things
// stand now. An account not linked gets a Home that says how to link it.
func (b *Bot) Home(ctx context.Context, platform core.Platform, userID string) (Home, error) {
	var h Home
	err := b.inTurn(ctx, func(ctx context.Context) error {
		t := &turn{in: Incoming{Platform: platform, ChatID: userID, UserID: userID, Private: true}, now: b.cfg.Clock.Now()}
		m, err := b.cfg.Directory.Identify(ctx, platform, userID)
		switch {
		case core.ErrorCodeOf(err) == core.ENotFound:
			h = b.unlinkedHome(t, "identity.unknown")
			return nil
		case err != nil:
			return fmt.Errorf("home of %s:%s: %w", platform, userID, err)
		case m.Employee.Status != core.StatusActive:
			t.locale = m.Locale()
			h = b.unlinkedHome(t, "identity.left")
			return nil
		}
		b.zones.Locate(&m.Org)
		t.member, t.locale = &m, m.Locale()
		h, err = b.home(ctx, t)
		return err
	})
	if err != nil {
		return Home{}, err
	}
	return h, nil
}

func (b *Bot) unlinkedHome(t *turn, key string) Home {
	return Home{Locale: t.locale, Title: b.T(t, "home.title_unlinked"), Sections: []HomeSection{{Kind: HomeLink, Text: b.T(t, key)}}}
}

func (b *Bot) home(ctx context.Context, t *turn) (Home, error) {
	m := t.member
	h := Home{Linked: true, Name: m.Employee.Name, Locale: t.locale, Title: b.T(t, "home.title", "name", m.Employee.Name),
		Footer: b.T(t, "home.refreshed", "time", t.now.In(m.Org.Location()).Format("2006-01-02 15:04"))}
	if b.cfg.Attendance != nil {
		day, err := b.cfg.Attendance.MyDay(ctx, *m)
		if err != nil {
			return Home{}, err
		}
		h.CheckedIn = day.Record != nil && !day.Record.CheckIn.IsZero()
		h.Sections = append(h.Sections, b.homeToday(t, day))
	}
	if b.cfg.Leave != nil {
		s, ok, err := b.homeBalances(ctx, t)
		if err != nil {
			return Home{}, err
		}
		if ok {
			h.Sections = append(h.Sections, s)
		}
	}
	waiting, err := b.homeApprovals(ctx, t)
	if err != nil {
		return Home{}, err
	}
	h.Sections = append(h.Sections, waiting...)
	h.Sections = append(h.Sections, HomeSection{Kind: HomeConsole, Text: b.T(t, "home.console"),
		Buttons: []Button{{Label: b.T(t, "home.console_button"), ActionID: WebOpenAction}}})
	return h, nil
}

// homeToday is the person's own line of /today: the shift, whether they
// are in, and the button that does what is next.
func (b *Bot) homeToday(t *turn, d attendance.TodayEntry) HomeSection {
	date := d.Plan.Date.String()
	var lines []string
	switch {
	case d.Status == attendance.StatusOnLeave:
		lines = append(lines, b.T(t, "home.today.on_leave", "date", date))
	case d.Plan.Working:
		lines = append(lines, b.T(t, "home.today.shift", "date", date, "shift", b.shiftLabel(t, d.Plan)))
	default:
		lines = append(lines, b.T(t, "home.today.off", "date", date, "day", b.dayLabel(t, d.Plan)))
	}
	s := HomeSection{Kind: HomeToday, Title: b.T(t, "home.today")}
	r := d.Record
	switch d.Status {
	case attendance.StatusNotYet:
		lines = append(lines, b.T(t, "home.today.not_yet"))
	case attendance.StatusAbsent:
		lines = append(lines, b.T(t, "home.today.absent"))
	case attendance.StatusIn:
		lines = append(lines, b.T(t, "home.today.in", "time", b.clock(t, r.CheckIn)))
	case attendance.StatusLate:
		lines = append(lines, b.T(t, "home.today.late", "time", b.clock(t, r.CheckIn), "minutes", strconv.Itoa(r.LateMinutes)))
	case attendance.StatusExtra:
		lines = append(lines, b.T(t, "home.today.extra", "time", b.clock(t, r.CheckIn)))
	case attendance.StatusOut:
		lines = append(lines, b.T(t, "home.today.out", "in", b.clockOrDash(t, r.CheckIn), "out", b.clock(t, r.CheckOut)))
	}
	switch d.Status {
	case attendance.StatusNotYet, attendance.StatusAbsent:
		s.Buttons = []Button{{Label: b.T(t, "button.checkin"), ActionID: "att.checkin"}}
	case attendance.StatusIn, attendance.StatusLate, attendance.StatusExtra:
		s.Buttons = []Button{{Label: b.T(t, "remind.button.checkout"), ActionID: "att.checkout"}}
	}
	s.Text = strings.Join(lines, "\n")
	return s
}

// homeBalances is what /balance shows; false when the org keeps none.
func (b *Bot) homeBalances(ctx context.Context, t *turn) (HomeSection, bool, error) {
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return HomeSection{}, false, err
	}
	bs, err := b.cfg.Leave.Balances(ctx, *t.member)
	if err != nil || len(bs) == 0 {
		return HomeSection{}, false, err
	}
	return HomeSection{Kind: HomeBalances, Title: b.T(t, "home.balances"), Text: strings.Join(b.balanceLines(t, setup, bs), "\n")}, true, nil
}

// homeApprovals is what /pending shows, each request with its Approve and
// Reject: nothing for someone with nothing to decide who decides nothing
// (an employee), "nothing waiting" for a manager, HR or an admin.
func (b *Bot) homeApprovals(ctx context.Context, t *turn) ([]HomeSection, error) {
	var items []HomeSection
	more := 0
	add := func(s func() (HomeSection, error)) error {
		if len(items) == maxHomeItems {
			more++
			return nil
		}
		item, err := s()
		items = append(items, item)
		return err
	}
	if b.cfg.Attendance != nil {
		cs, err := b.cfg.Attendance.PendingCorrections(ctx, *t.member)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			_ = add(func() (HomeSection, error) {
				r := b.fixRequestReply(t, c)
				return HomeSection{Kind: HomeCorrection, Ref: strconv.FormatInt(c.ID, 10), Text: r.Text, Buttons: firstRow(r)}, nil
			})
		}
	}
	if b.cfg.Leave != nil {
		rs, err := b.cfg.Leave.PendingFor(ctx, *t.member)
		if err != nil {
			return nil, err
		}
		for _, lr := range rs {
			err := add(func() (HomeSection, error) {
				r, err := b.leaveRequestReply(ctx, t, lr, false)
				return HomeSection{Kind: HomeLeave, Ref: strconv.FormatInt(lr.ID, 10), Text: r.Text, Buttons: firstRow(r)}, err
			})
			if err != nil {
				return nil, err
			}
		}
	}
	head := HomeSection{Kind: HomeApprovals, Title: b.T(t, "home.approvals")}
	switch {
	case len(items) == 0 && t.member.Employee.Role == core.RoleEmployee:
		return nil, nil
	case len(items) == 0:
		head.Text = b.T(t, "pending.none")
	case more > 0:
		head.Text = b.T(t, "home.approvals_more", "count", strconv.Itoa(more))
	}
	return append([]HomeSection{head}, items...), nil
}

func firstRow(r Reply) []Button {
	if len(r.Buttons) == 0 {
		return nil
	}
	return r.Buttons[0]
}
