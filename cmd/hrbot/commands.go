package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hrbot/hrbot/adapters/console"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/config"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
)

func cmdMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "migrate", "migrate")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	current, _, err := store.MigrationStatus(ctx, a.dbURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database is at schema version %d\n", current)
	return nil
}

func cmdChat(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "chat", "chat --as PERSON | --candidate NAME\n\nChat with hrbot as PERSON (their key in the org file, or org/key when\nseveral orgs have one), or as a job candidate nobody of the org knows yet\n(open an apply link with /start apply-CODE). Buttons are numbered: type the\nnumber to press one. Reads standard input, so it can be scripted:\nprintf '/whoami\\n' | hrbot chat --as alice")
	as := fs.String("as", "", "the person to chat as")
	candidate := fs.String("candidate", "", "chat as a candidate of this name, who is nobody of the org")
	lang := fs.String("lang", "", "the language the candidate's chat app says (zh-CN or en)")
	poll := fs.Duration("poll", 0, "show notifications as they come, checking this often (default 2s on a terminal; 0 shows them with the next answer)")
	files := fs.String("files", "", "directory for files the bot sends (report charts and spreadsheets); default the system's temporary directory")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*as == "") == (*candidate == "") {
		fs.Usage()
		return errUsage
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	userID, waiting := "candidate/"+strings.ToLower(strings.TrimSpace(*candidate)), ""
	if *candidate != "" {
		// Messages to a candidate are addressed to their chat.
		waiting = "console:" + userID
	} else if userID, err = consoleUser(ctx, a.svc.store.directory, *as); err != nil {
		return err
	}
	if waiting == "" {
		waiting = userID
	}
	// The console sends nothing to the platforms itself: what is asked for
	// here (offers, broadcasts) is queued for each person's chat account
	// and sent by whichever `hrbot serve` runs that platform. What is still
	// waiting for the person chatting here is shown here.
	c, err := a.svc.newChat(delivery.Config{}, configuredPlatforms(a.cfg), "")
	if err != nil {
		return err
	}
	inbox := consoleInbox{bot: c.bot, queue: c.queue, userID: waiting}
	chat := &console.Chat{Handler: inbox, Notifier: inbox, PollEvery: *poll, UserID: userID, In: e.stdin, Out: e.stdout, FilesDir: *files,
		Now: a.svc.clock.Now, Language: *lang}
	if isTerminal(e.stdin) {
		if chat.PollEvery == 0 {
			chat.PollEvery = 2 * time.Second
		}
		chat.Prompt = "> "
		fmt.Fprintf(e.stdout, "chatting as %s — /help lists commands, Ctrl-D ends\n", userID)
	}
	return chat.Run(ctx)
}

// consoleInbox is the bot as the console sees it: besides the bot's own
// answers and notifications, the person chatting is shown whatever
// deliveries still wait for them — copies kept for people without a chat
// account, and messages no platform has sent yet.
type consoleInbox struct {
	bot    *bot.Bot
	queue  *delivery.Queue
	userID string
}

func (c consoleInbox) Handle(ctx context.Context, in bot.Incoming) ([]bot.Reply, error) {
	replies, err := c.bot.Handle(ctx, in)
	if err != nil {
		return replies, err
	}
	// What cannot be fetched now stays waiting for the next answer.
	_, _ = c.take(ctx, func(_ context.Context, more []bot.Reply) error {
		replies = append(replies, more...)
		return nil
	})
	return replies, nil
}

// take shows what waits for the person chatting: by their key, or for a
// candidate by their chat.
func (c consoleInbox) take(ctx context.Context, send func(ctx context.Context, replies []bot.Reply) error) (int, error) {
	if strings.HasPrefix(c.userID, "console:") {
		return c.queue.TakeWaitingInChat(ctx, c.userID, send)
	}
	return c.queue.TakeWaiting(ctx, c.userID, send)
}

func (c consoleInbox) Deliver(ctx context.Context, platform core.Platform, userID string, send func(ctx context.Context, replies []bot.Reply) error) error {
	// A candidate is nobody of the org: only deliveries wait for them.
	if err := c.bot.Deliver(ctx, platform, userID, send); err != nil && core.ErrorCodeOf(err) != core.ENotFound {
		return err
	}
	_, err := c.take(ctx, send)
	return err
}

// consoleUser resolves --as to "org/person".
func consoleUser(ctx context.Context, dir store.Directory, as string) (string, error) {
	as = strings.ToLower(strings.TrimSpace(as))
	orgKey, key, qualified := strings.Cut(as, "/")
	if !qualified {
		key = as
	}
	members, err := dir.FindMembersByKey(ctx, key)
	if err != nil {
		return "", err
	}
	var orgs []string
	for _, m := range members {
		if !qualified || m.Org.Key == orgKey {
			orgs = append(orgs, m.Org.Key)
		}
	}
	switch len(orgs) {
	case 0:
		return "", fmt.Errorf("no person %q: apply an org file first (hrbot apply -f examples/org.yaml) or check the key", as)
	case 1:
		return orgs[0] + "/" + key, nil
	}
	return "", fmt.Errorf("%q works in several orgs (%s): say which, e.g. --as %s/%s", key, strings.Join(orgs, ", "), orgs[0], key)
}

// configuredPlatforms lists the chat platforms the configuration enables,
// in the order a person's accounts are preferred for messages.
func configuredPlatforms(cfg config.Config) []core.Platform {
	var out []core.Platform
	if cfg.Telegram.Enabled() {
		out = append(out, core.PlatformTelegram)
	}
	if cfg.Slack.Enabled() {
		out = append(out, core.PlatformSlack)
	}
	if cfg.WeCom.Enabled() {
		out = append(out, core.PlatformWeCom)
	}
	return out
}

func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
