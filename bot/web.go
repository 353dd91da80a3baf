package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// ConsoleLinks makes one-time links that sign a person in to the web
// console (web.Console).
type ConsoleLinks interface {
	SignInLink(ctx context.Context, m core.Member, via core.Platform) (url string, expires time.Time, err error)
}

// webFeature is /web: a private, one-time link to the web console.
func (b *Bot) webFeature() feature {
	if b.cfg.Console == nil {
		return feature{}
	}
	return feature{
		commands: []command{{name: "web", aliases: []string{"后台", "网页", "console"}, helpKey: "help.cmd.web", run: b.webLink}},
	}
}

// webLink answers with a sign-in link only the asker sees: ephemeral
// where the platform has it, and never into a Telegram group, where
// everyone would see (and could use) it.
func (b *Bot) webLink(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	if t.in.Platform == core.PlatformTelegram && !t.in.Private {
		return []Reply{{Text: b.T(t, "web.private_only")}}, nil
	}
	url, expires, err := b.cfg.Console.SignInLink(ctx, *t.member, t.in.Platform)
	if err != nil {
		return nil, err
	}
	minutes := int((expires.Sub(t.now) + 30*time.Second) / time.Minute)
	return []Reply{{Text: b.T(t, "web.link", "url", url, "minutes", strconv.Itoa(minutes)), Ephemeral: true}}, nil
}
