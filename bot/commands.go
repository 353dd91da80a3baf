package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
)

// command is a chat command with its zh and en names.
type command struct {
	name    string   // canonical English name, without the slash
	aliases []string // other names, Chinese first
	helpKey string   // catalogue key of its line in /help; "" hides it
	staff   bool     // listed in /help only for managers, HR and admins
	public  bool     // usable before the account is linked
	run     func(ctx context.Context, t *turn, args string) ([]Reply, error)
	// takes reports whether args are this command's arguments, for its
	// word typed without the slash: what it does not take is free text
	// ("report a problem with my laptop" is not /report). nil takes all.
	takes func(args string) bool
}

// actionHandler answers a button press.
type actionHandler struct {
	public bool
	run    func(ctx context.Context, t *turn, value string) ([]Reply, error)
}

// dialogStep answers a free-text message in an open dialog.
type dialogStep func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error)

// basicCommands are the bot's own: help, linking an account, language,
// cancelling a dialog, looking people up, invites.
func (b *Bot) basicCommands() []command {
	return []command{
		{name: "help", aliases: []string{"帮助", "菜单", "?", "？"}, helpKey: "help.cmd.help", public: true, run: b.help},
		{name: "start", aliases: []string{"开始", "绑定"}, helpKey: "help.cmd.start", public: true, run: b.start},
		{name: "whoami", aliases: []string{"我是谁"}, helpKey: "help.cmd.whoami", run: b.whoami},
		{name: "lang", aliases: []string{"language", "语言"}, helpKey: "help.cmd.lang", run: b.lang},
		{name: "cancel", aliases: []string{"取消"}, helpKey: "help.cmd.cancel", public: true, run: b.cancel},
		{name: "whois", aliases: []string{"查人"}, helpKey: "help.cmd.whois", staff: true, run: b.whois},
		{name: "invite", aliases: []string{"邀请"}, helpKey: "help.cmd.invite", staff: true, run: b.invite},
	}
}

func (b *Bot) basicDialogs() map[string]dialogStep {
	return map[string]dialogStep{
		"link/code": func(ctx context.Context, t *turn, _ conversation.Dialog, text string) ([]Reply, error) {
			return b.redeem(ctx, t, text)
		},
		"invite/person": func(ctx context.Context, t *turn, _ conversation.Dialog, text string) ([]Reply, error) {
			return b.invite(ctx, t, text)
		},
	}
}

func (b *Bot) basicActions() map[string]actionHandler {
	return map[string]actionHandler{
		"lang.set":      {run: b.setLang},
		"dialog.cancel": {public: true, run: func(ctx context.Context, t *turn, _ string) ([]Reply, error) { return b.cancel(ctx, t, "") }},
	}
}

func (b *Bot) help(_ context.Context, t *turn, _ string) ([]Reply, error) {
	staff := t.member != nil && t.member.Employee.Role != core.RoleEmployee
	lines := []string{b.T(t, "help.title")}
	for _, c := range b.commands {
		if c.helpKey == "" || (c.staff && !staff) || (t.member == nil && !c.public) {
			continue
		}
		lines = append(lines, b.T(t, c.helpKey))
	}
	lines = append(lines, "", b.T(t, "help.footer"))
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

func (b *Bot) start(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if code, ok := strings.CutPrefix(args, applyPrefix); ok && b.cfg.Recruiting != nil {
		return b.applyStart(ctx, t, code)
	}
	if args != "" {
		return b.redeem(ctx, t, args)
	}
	if t.member != nil {
		return []Reply{{Text: b.T(t, "start.welcome", "name", t.member.Employee.Name)}}, nil
	}
	if err := b.beginDialog(ctx, t, "link", "code", nil); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "start.ask_code"), Buttons: b.cancelButton(t)}}, nil
}

func (b *Bot) redeem(ctx context.Context, t *turn, code string) ([]Reply, error) {
	m, err := b.cfg.Directory.RedeemInvite(ctx, t.in.Platform, t.in.UserID, code)
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	t.member, t.locale = &m, m.Locale()
	return []Reply{{Text: b.T(t, "start.linked", "name", m.Employee.Name, "org", m.Org.Name)}}, nil
}

func (b *Bot) whoami(_ context.Context, t *turn, _ string) ([]Reply, error) {
	m := t.member
	text := b.T(t, "whoami.text", "name", m.Employee.Name, "key", m.Employee.Key,
		"role", b.T(t, "role."+string(m.Employee.Role)), "org", m.Org.Name)
	lines := append([]string{text}, b.employeeFields(t, m.Employee)...)
	lines = append(lines, b.T(t, "field.language", "value", b.T(t, "lang.name."+string(m.Locale()))))
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

func (b *Bot) whois(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if args == "" {
		return []Reply{{Text: b.T(t, "usage.whois")}}, nil
	}
	e, err := b.cfg.Directory.FindEmployee(ctx, *t.member, args, t.channel())
	if err != nil {
		return nil, err
	}
	text := b.T(t, "whois.text", "name", e.Name, "key", e.Key, "role", b.T(t, "role."+string(e.Role)), "org", t.member.Org.Name)
	lines := append([]string{text}, b.employeeFields(t, e)...)
	lines = append(lines, b.T(t, "field.status", "value", b.T(t, "status."+string(e.Status))))
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

func (b *Bot) employeeFields(t *turn, e core.Employee) []string {
	or := func(s string) string {
		if s == "" {
			return b.T(t, "none")
		}
		return s
	}
	lines := []string{
		b.T(t, "field.job", "value", or(b.jobLabel(t, e.Job))),
		b.T(t, "field.team", "value", or(e.TeamName)),
		b.T(t, "field.manager", "value", or(e.ManagerName)),
	}
	if !e.HireDate.IsZero() {
		lines = append(lines, b.T(t, "field.hire_date", "value", e.HireDate.Format(time.DateOnly)))
	}
	return lines
}

// jobLabel names a job in the reader's language when the catalogue knows it.
func (b *Bot) jobLabel(t *turn, job string) string {
	if job != "" && b.cat.Has("job."+job) {
		return b.T(t, "job."+job)
	}
	return job
}

func (b *Bot) invite(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if args == "" {
		// Check the permission before asking a question whose answer is refused anyway.
		if err := b.cfg.Directory.Authorize(ctx, *t.member, core.ActionInviteCreate, nil, t.channel()); err != nil {
			return nil, err
		}
		if err := b.beginDialog(ctx, t, "invite", "person", nil); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "invite.ask_person"), Buttons: b.cancelButton(t)}}, nil
	}
	code, inv, err := b.cfg.Directory.CreateInvite(ctx, *t.member, args, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	target, err := b.cfg.Directory.FindEmployee(ctx, *t.member, inv.EmployeeKey, t.channel())
	if err != nil {
		return nil, err
	}
	expires := inv.ExpiresAt.In(t.member.Org.Location()).Format("2006-01-02 15:04")
	text := b.T(t, "invite.created", "name", target.Name, "code", code, "expires", expires)
	if b.cfg.TelegramBot != "" {
		text += "\n" + b.T(t, "invite.link", "link", fmt.Sprintf("https://t.me/%s?start=%s", b.cfg.TelegramBot, code))
	}
	return []Reply{{Text: text, Ephemeral: true}}, nil
}

func (b *Bot) lang(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if args != "" {
		if _, ok := core.ParseLocale(args); ok {
			return b.setLang(ctx, t, args)
		}
		return []Reply{{Text: b.T(t, "lang.unknown", "value", args), Buttons: b.langButtons(t)}}, nil
	}
	return []Reply{{Text: b.T(t, "lang.choose"), Buttons: b.langButtons(t)}}, nil
}

func (b *Bot) langButtons(t *turn) [][]Button {
	return [][]Button{{
		{Label: b.cat.T(core.LocaleZH, "lang.name.zh-CN"), ActionID: "lang.set", Value: string(core.LocaleZH)},
		{Label: b.cat.T(core.LocaleEN, "lang.name.en"), ActionID: "lang.set", Value: string(core.LocaleEN)},
	}}
}

func (b *Bot) setLang(ctx context.Context, t *turn, value string) ([]Reply, error) {
	loc, ok := core.ParseLocale(value)
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	m, err := b.cfg.Directory.SetLocale(ctx, *t.member, loc, t.channel())
	if err != nil {
		return nil, err
	}
	t.member, t.locale = &m, m.Locale()
	return []Reply{{Text: b.T(t, "lang.set"), ReplaceMessage: t.in.Action != nil}}, nil
}

func (b *Bot) cancel(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	_, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open {
		return []Reply{{Text: b.T(t, "cancel.nothing"), ReplaceMessage: t.in.Action != nil}}, nil
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "cancel.done"), ReplaceMessage: t.in.Action != nil}}, nil
}

func (b *Bot) cancelButton(t *turn) [][]Button {
	return [][]Button{{{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"}}}
}

// beginDialog opens (or replaces) the dialog in this chat.
func (b *Bot) beginDialog(ctx context.Context, t *turn, name, step string, data map[string]string) error {
	d := conversation.Dialog{Platform: t.in.Platform, ChatID: t.in.ChatID, UserID: t.in.UserID, Name: name, Step: step, Data: data, Updated: t.now}
	if t.member != nil {
		d.OrgID = t.member.Org.ID
	}
	if err := b.cfg.Conversations.SaveDialog(ctx, d); err != nil {
		return fmt.Errorf("begin dialog %s: %w", name, err)
	}
	t.noDialog = false
	return nil
}

// openDialog returns the dialog in this chat, if one is open and fresh.
func (b *Bot) openDialog(ctx context.Context, t *turn) (conversation.Dialog, bool, error) {
	if t.noDialog {
		return conversation.Dialog{}, false, nil
	}
	d, err := b.cfg.Conversations.LoadDialog(ctx, t.in.Platform, t.in.ChatID, t.in.UserID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return conversation.Dialog{}, false, nil
	}
	if err != nil {
		return conversation.Dialog{}, false, fmt.Errorf("load dialog: %w", err)
	}
	_, known := b.dialogs[d.Name+"/"+d.Step]
	if !known || t.now.Sub(d.Updated) > b.cfg.DialogTTL {
		return conversation.Dialog{}, false, b.endDialog(ctx, t)
	}
	return d, true, nil
}

func (b *Bot) endDialog(ctx context.Context, t *turn) error {
	if t.noDialog {
		return nil
	}
	if err := b.cfg.Conversations.DeleteDialog(ctx, t.in.Platform, t.in.ChatID, t.in.UserID); err != nil {
		return fmt.Errorf("end dialog: %w", err)
	}
	t.noDialog = true
	return nil
}
