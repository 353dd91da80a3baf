package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/leave"
)

// DialogStore keeps multi-step conversations across restarts.
type DialogStore interface {
	// LoadDialog returns ENotFound when the chat has no open dialog.
	LoadDialog(ctx context.Context, platform core.Platform, chatID, userID string) (conversation.Dialog, error)
	SaveDialog(ctx context.Context, d conversation.Dialog) error
	DeleteDialog(ctx context.Context, platform core.Platform, chatID, userID string) error
}

// Turns runs each incoming message as one unit of work: everything it
// causes commits together or not at all (store.DB.InTurn).
type Turns interface {
	InTurn(ctx context.Context, fn func(ctx context.Context) error) error
}

// Conversations keeps what a conversation needs between messages: each
// chat's open dialog and the platform deliveries already handled, written
// in the turn's transaction so a message and what it causes commit
// together (store.Conversations).
type Conversations interface {
	DialogStore
	conversation.DeliveryLog
	Turns
	// OpenTurn runs fn as InTurn does, its transaction begun in the round
	// trip that claims the delivery, identifies the sender and reads the
	// chat's dialog (store.Conversations.OpenTurn).
	OpenTurn(ctx context.Context, o conversation.Opening, fn func(ctx context.Context, op conversation.Opened) error) error
}

// Inbox hands over a person's undelivered notifications (store.Outbox).
type Inbox interface {
	// Take returns them, oldest first, and marks them delivered.
	Take(ctx context.Context, recipientID int64) ([]core.Notification, error)
}

// Config wires a Bot.
type Config struct {
	Directory  *core.Directory
	Attendance *attendance.Service
	Leave      *leave.Service
	// Desks are the optional features.
	Desks
	Conversations Conversations
	Inbox         Inbox
	Catalog       *i18n.Catalog
	Clock         core.Clock
	Logger        *slog.Logger
	// TelegramBot is the bot's Telegram username, for t.me deep links in invites.
	TelegramBot string
	// DialogTTL drops a dialog left unanswered this long; default 30 minutes.
	DialogTTL time.Duration
	// Replies queues the replies of turns run with HandleQueued
	// (delivery.Queue); without it adapters send them.
	Replies ReplyQueue
	// CheckInGroups, when set, stores concurrent /checkin turns together.
	CheckInGroups CheckInGroups
	// Console, when set, gives /web: a one-time link to the web console.
	Console ConsoleLinks
}

// Desks are the features a Bot may run besides attendance and leave: each
// one left nil turns its commands off.
type Desks struct {
	// Broadcasts gives HR /broadcast.
	Broadcasts Broadcaster
	// Cover runs the cover pool: /cover, offers, ratings.
	Cover CoverDesk
	// Training runs quizzes: /quiz, /skills.
	Training TrainingDesk
	// Knowledge answers questions from the handbook: /ask, free-text
	// questions, /kb.
	Knowledge Knowledge
	// Payroll runs payroll: /payroll for HR, /payslip for all.
	Payroll PayrollDesk
	// Reports gives /report; Render draws its charts and files.
	Reports ReportDesk
	Render  ReportRenderer
	// Documents keeps the files people send: a doctor's note for a sick leave.
	Documents DocumentDesk
	// Onboarding runs new people's checklists: /onboarding, the Done
	// button, reminders and day one's welcome.
	Onboarding OnboardingDesk
	// Files keeps people's files: /myfile, /file, /mydata.
	Files FileDesk
	// Contracts gives /contract, /contracts and the contract reminders.
	Contracts ContractDesk
	// Transfers: /transfer, /transfers (调岗).
	Transfers TransferDesk
	// Leaving: /resign, /offboard (离职) and their approvals.
	Leaving LeavingDesk
	// Perf: performance reviews (绩效): /review, /cycle, /calibrate, /note.
	Perf PerfDesk
	// Recruiting: /hire, /openings, /candidates, and candidates who
	// apply on a link (招聘).
	Recruiting RecruitingDesk
	// Certificates and Letters: /certificate, a termination certificate
	// (离职证明) as a PDF; both are needed.
	Certificates CertificateDesk
	Letters      LetterRenderer
	// Jobs: /job (岗位说明), the org's jobs and their descriptions.
	Jobs JobDesk
}

// Bot handles incoming messages. It is safe for concurrent use.
type Bot struct {
	cfg      Config
	log      *slog.Logger
	cat      *i18n.Catalog
	commands []command
	byName   map[string]*command
	dialogs  map[string]dialogStep
	actions  map[string]actionHandler
	// notices and notifications render what is sent on the bot's own
	// initiative, by kind (see feature).
	notices       map[string]noticeRenderer
	notifications map[string]notificationRenderer
	// colleagues are each org's people, for reading names in free text.
	colleagues colleagueCache
	// zones are the orgs' time zones, loaded once (core.Zones).
	zones core.Zones
	// groups gathers concurrent /checkin turns (CheckInGroups).
	groups checkInGroups
	// candidates slows down a candidate flooding the bot.
	candidates candidateLimit
}

// New returns a Bot.
func New(cfg Config) *Bot {
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Catalog == nil {
		cfg.Catalog = NewCatalog()
	}
	if cfg.DialogTTL == 0 {
		cfg.DialogTTL = 30 * time.Minute
	}
	b := &Bot{cfg: cfg, log: cfg.Logger, cat: cfg.Catalog}
	b.register(b.features())
	return b
}

// NewCatalog returns the message catalogue with the texts of the bot's
// own parsers added.
func NewCatalog() *i18n.Catalog {
	en, zh := when.Messages()
	return i18n.New(map[core.Locale]map[string]string{core.LocaleEN: en, core.LocaleZH: zh})
}

// turn is one incoming message being handled.
type turn struct {
	in     Incoming
	member *core.Member // nil while the account is not linked
	locale core.Locale  // "" for an unknown sender without a language hint: answer in both
	now    time.Time
	// command is the command being run, "" for other messages.
	command string
	// prepared is the knowledge base's answer, worked out before the turn.
	prepared *prepared
	// opened is what the turn read as it began (nil for turns begun
	// otherwise): who sent the message and the chat's dialog.
	opened *conversation.Opened
	// noDialog is set while the chat is known to have no dialog in the
	// turn's transaction, so ending one needs no statement.
	noDialog bool
	// files are in.Files, fetched before the turn began (fetchFiles).
	files []fetched
}

func (t *turn) channel() string { return string(t.in.Platform) }

// T translates for the sender. An unknown sender without a language hint
// gets both languages, Chinese first.
func (b *Bot) T(t *turn, key string, args ...string) string {
	if t.locale == "" {
		return b.cat.T(core.LocaleZH, key, args...) + "\n" + b.cat.T(core.LocaleEN, key, args...)
	}
	return b.cat.T(t.locale, key, args...)
}

// Handle processes one incoming message and returns the replies to send.
// A delivery seen before is not processed again: it gets the replies saved
// with it (see maxSavedReplies). A non-nil error means the message could
// not be handled for reasons of ours and nothing of it was kept: adapters
// whose platform retries answer with a failure so it does, others show the
// apology in replies.
func (b *Bot) Handle(ctx context.Context, in Incoming) ([]Reply, error) {
	out, err := b.run(ctx, in, nil)
	return out.Send, err
}

// run is one turn: Handle's when a is nil (every reply comes back in
// Send), HandleQueued's otherwise.
func (b *Bot) run(ctx context.Context, in Incoming, a *Answer) (Answered, error) {
	if gt, ok := b.groupCheckIn(ctx, in, a); ok {
		return gt.out, gt.err
	}
	var out Answered
	apologised := false
	pre := b.prepare(ctx, in)
	files := b.fetchFiles(ctx, in)
	now := b.cfg.Clock.Now()
	err := b.openTurn(ctx, in, now, func(ctx context.Context, op *conversation.Opened) error {
		if op != nil && !op.Claimed {
			// Done before: the platform retries because our answer did
			// not reach it (a crash after the commit, a lost
			// connection), so the person may not have seen the
			// confirmation. Say it again; run nothing again.
			b.log.Debug("duplicate delivery answered again", "platform", in.Platform, "delivery", in.DeliveryID, "quiet", in.QuietRepeat)
			if in.QuietRepeat {
				return nil
			}
			replies, err := decodeReplies(op.Saved)
			if err != nil {
				b.log.Warn("saved replies unreadable", "platform", in.Platform, "delivery", in.DeliveryID, "err", err)
				replies = nil
			}
			if len(replies) == 0 {
				return nil
			}
			t := &turn{in: in, now: now, opened: op}
			if op.MemberErr == nil {
				t.member = &op.Member
			}
			return b.answer(ctx, t, a, replies, true, &out)
		}
		t := &turn{in: in, now: now, prepared: pre, opened: op, noDialog: op != nil && !op.HasDialog, files: files}
		replies, name, err := b.handle(ctx, t)
		if err != nil {
			replies = []Reply{b.errorReply(t, name, err)}
			if core.ErrorCodeOf(err) == core.EInternal {
				apologised = true
				out = Answered{Send: replies}
				return err // undo the turn, delivery id included, so a retry is processed
			}
		} else {
			replies = append(replies, b.notificationReplies(ctx, t)...)
		}
		return b.answer(ctx, t, a, replies, false, &out)
	})
	if err != nil {
		if !apologised {
			// The turn failed around the handler (begin, commit): whatever
			// it was going to say did not happen.
			out = Answered{Send: []Reply{b.errorReply(&turn{in: in}, "turn", err)}}
		}
		return out, err
	}
	return out, nil
}

// Deliver hands the notifications waiting for a chat account to send, in
// its owner's language, within one turn: when send fails, they stay
// waiting for the next attempt.
func (b *Bot) Deliver(ctx context.Context, platform core.Platform, userID string, send func(ctx context.Context, replies []Reply) error) error {
	return b.inTurn(ctx, func(ctx context.Context) error {
		m, err := b.cfg.Directory.Identify(ctx, platform, userID)
		if err != nil {
			return fmt.Errorf("deliver to %s:%s: %w", platform, userID, err)
		}
		b.zones.Locate(&m.Org)
		t := &turn{in: Incoming{Platform: platform, ChatID: userID, UserID: userID, Private: true}, member: &m, locale: m.Locale(), now: b.cfg.Clock.Now()}
		replies := b.notificationReplies(ctx, t)
		if len(replies) == 0 {
			return nil
		}
		return send(ctx, replies)
	})
}

// saveReplies keeps the turn's replies with its delivery id, in the turn,
// so a retry of the delivery is answered the same.
func (b *Bot) saveReplies(ctx context.Context, in Incoming, replies []Reply) error {
	if in.DeliveryID == "" || b.cfg.Conversations == nil {
		return nil
	}
	enc, err := encodeReplies(replies)
	if err != nil {
		return fmt.Errorf("handle %s delivery: %w", in.Platform, err)
	}
	if enc == nil {
		b.log.Info("replies too large to keep for a retry", "platform", in.Platform, "delivery", in.DeliveryID)
		return nil
	}
	if err := b.cfg.Conversations.SaveReplies(ctx, in.Platform, in.DeliveryID, enc); err != nil {
		return fmt.Errorf("handle %s delivery: %w", in.Platform, err)
	}
	return nil
}

// openTurn runs a message's turn, beginning it with what every turn reads
// first (conversation.Opening); fn gets nil without Conversations.
func (b *Bot) openTurn(ctx context.Context, in Incoming, now time.Time, fn func(ctx context.Context, op *conversation.Opened) error) error {
	if b.cfg.Conversations == nil {
		return fn(ctx, nil)
	}
	o := conversation.Opening{Platform: in.Platform, DeliveryID: in.DeliveryID, ReceivedAt: now, UserID: in.UserID, ChatID: in.ChatID}
	return b.cfg.Conversations.OpenTurn(ctx, o, func(ctx context.Context, op conversation.Opened) error {
		return fn(ctx, &op)
	})
}

func (b *Bot) inTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	if b.cfg.Conversations == nil {
		return fn(ctx)
	}
	return b.cfg.Conversations.InTurn(ctx, fn)
}

// handle routes the message. It returns the replies, the command name for
// metrics and logs, and an error to turn into a reply.
func (b *Bot) handle(ctx context.Context, t *turn) ([]Reply, string, error) {
	if replies, name, err := b.identify(ctx, t); err != nil || replies != nil {
		return replies, name, err
	}
	if t.in.Action != nil {
		return b.press(ctx, t)
	}
	if len(t.in.Files) > 0 {
		return b.readFiles(ctx, t)
	}
	return b.read(ctx, t)
}

// identify finds who is talking and the language to answer in. Someone
// who left is answered here, and nothing else happens.
func (b *Bot) identify(ctx context.Context, t *turn) ([]Reply, string, error) {
	m, err := b.sender(ctx, t)
	switch {
	case err == nil && m.Employee.Status != core.StatusActive:
		// Someone who left keeps their chat account but is no one here now.
		t.locale = m.Locale()
		if err := b.cfg.Directory.Refused(ctx, m, "chat.inactive", "employee", m.Employee.Key, "account of someone who left", t.channel()); err != nil {
			return nil, "identify", err
		}
		return []Reply{{Text: b.T(t, "identity.left")}}, "inactive", nil
	case err == nil:
		t.member = &m
		t.locale = m.Locale()
	case core.ErrorCodeOf(err) == core.ENotFound:
		if loc, ok := core.ParseLocale(t.in.LanguageHint); ok {
			t.locale = loc
		} else if loc, ok := core.ParseLocale(strings.SplitN(t.in.LanguageHint, "-", 2)[0]); ok {
			t.locale = loc
		}
	default:
		return nil, "identify", err
	}
	return nil, "", nil
}

// sender is who sent the message: read as the turn began, when it was.
func (b *Bot) sender(ctx context.Context, t *turn) (core.Member, error) {
	var m core.Member
	var err error
	if op := t.opened; op == nil {
		m, err = b.cfg.Directory.Identify(ctx, t.in.Platform, t.in.UserID)
	} else if m, err = op.Member, op.MemberErr; err != nil {
		err = fmt.Errorf("identify %s:%s: %w", t.in.Platform, t.in.UserID, err)
	}
	if err != nil {
		return core.Member{}, err
	}
	b.zones.Locate(&m.Org)
	return m, nil
}

// press runs the handler of a pressed button.
func (b *Bot) press(ctx context.Context, t *turn) ([]Reply, string, error) {
	a := t.in.Action
	h, ok := b.actions[a.ID]
	if !ok || (t.member == nil && !h.public) {
		return []Reply{{Text: b.T(t, "button.stale"), ReplaceMessage: false}}, "action:" + a.ID, nil
	}
	replies, err := h.run(ctx, t, a.Value)
	if core.ErrorCodeOf(err) == core.ENotFound && t.member != nil {
		// Ids are scoped by org: a press on another org's request (a
		// forwarded button, a guessed id) finds nothing. Say so, and
		// keep a trace of the attempt.
		if aerr := b.cfg.Directory.Refused(ctx, *t.member, "action:"+a.ID, "action", a.Value, "not found in the presser's org", t.channel()); aerr != nil {
			return nil, "action:" + a.ID, aerr
		}
	}
	return replies, "action:" + a.ID, err
}

// read answers typed text: a command, the answer to an open dialog's
// question, or what the whole message asks.
func (b *Bot) read(ctx context.Context, t *turn) ([]Reply, string, error) {
	text := strings.TrimSpace(t.in.Text)
	name, args, isCommand := b.parseCommand(text)
	if isCommand && (strings.HasPrefix(text, "/") || t.member == nil) {
		return b.runCommand(ctx, t, name, args)
	}
	// An open dialog takes the answer to its question, unless a command
	// word starts the message. What does not answer it ("公司有没有员工食堂"
	// when asked which dates) ends it and is read as a message of its own.
	if isCommand {
		// Read below, as a command or what the whole message asks.
	} else if d, ok, err := b.openDialog(ctx, t); err != nil {
		return nil, "dialog", err
	} else if ok {
		step := b.dialogs[d.Name+"/"+d.Step]
		replies, err := step(ctx, t, d, text)
		if !errors.Is(err, errNotAnswer) {
			return replies, "dialog:" + d.Name, err
		}
		if err := b.endDialog(ctx, t); err != nil {
			return nil, "dialog:" + d.Name, err
		}
	}
	if replies, ok, err := b.candidateText(ctx, t, text); ok || err != nil {
		return replies, "candidate", err
	}
	if t.member == nil {
		return []Reply{{Text: b.T(t, "identity.unknown")}}, "unlinked", nil
	}
	v, err := b.vocabOf(ctx, t)
	if err != nil {
		return nil, "text", err
	}
	wish, c, args := b.understand(text, v)
	if c != nil {
		return b.runCommand(ctx, t, c.name, args)
	}
	if isCommand {
		if err := b.endDialog(ctx, t); err != nil {
			return nil, "text", err
		}
	}
	replies, err := b.act(ctx, t, wish, text, v)
	return replies, "intent:" + string(wish), err
}

// errNotAnswer is what a dialog step returns for a message that does not
// answer its question: the dialog ends and the message is read afresh.
var errNotAnswer = errors.New("not an answer to the dialog's question")

// runCommand runs a command typed as one.
func (b *Bot) runCommand(ctx context.Context, t *turn, name, args string) ([]Reply, string, error) {
	c := b.byName[name]
	if c == nil {
		if t.member == nil {
			return []Reply{{Text: b.T(t, "identity.unknown")}}, "unknown", nil
		}
		return []Reply{{Text: b.T(t, "unknown.command", "cmd", "/"+name)}}, "unknown", nil
	}
	if t.member == nil && !c.public {
		return []Reply{{Text: b.T(t, "identity.unknown")}}, c.name, nil
	}
	t.command = c.name
	// A new command abandons any dialog in progress, except /cancel which ends it itself.
	if c.name != "cancel" {
		if err := b.endDialog(ctx, t); err != nil {
			return nil, c.name, err
		}
	}
	replies, err := c.run(ctx, t, args)
	return replies, c.name, err
}

// parseCommand recognises "/cmd@botname args", and a first word that is a
// known command name or alias ("帮助", "whoami").
func (b *Bot) parseCommand(text string) (name, args string, ok bool) {
	if text == "" {
		return "", "", false
	}
	// Any space ends the command word: tabs, new lines, and the full-width
	// space (U+3000) Chinese keyboards type.
	first, rest := text, ""
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		first, rest = text[:i], text[i:]
	}
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(first, "/") {
		name, _, _ = strings.Cut(strings.TrimPrefix(first, "/"), "@")
		return strings.ToLower(name), rest, name != ""
	}
	// Without a slash only known words count: anything else is free text.
	if _, known := b.byName[strings.ToLower(first)]; known {
		return strings.ToLower(first), rest, true
	}
	return "", "", false
}
