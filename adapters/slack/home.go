package slack

import (
	"context"
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// The Home tab: when a person opens the app's Home (app_home_opened), the
// bot's Home for them is published as a Block Kit view (views.publish).
// Its buttons are the bot's: a press arrives as block_actions from the
// view, with no channel or message, and is answered in the person's DM;
// the Home is published again after it, so what was decided leaves it.

// HomeBuilder builds a person's Home (bot.Bot). A Handler that is one
// gets the Home tab; without it app_home_opened is ignored.
type HomeBuilder interface {
	Home(ctx context.Context, platform core.Platform, userID string) (bot.Home, error)
}

// Limits of Block Kit in a Home tab view.
const (
	maxViewBlocks = 100
	maxHeaderText = 150
)

// homeJob reads an app_home_opened event: the Home tab was opened (its
// Messages tab is opened too, and is nothing to do).
func (a *Adapter) homeJob(cb *slackevents.EventsAPICallbackEvent, ev *slackevents.AppHomeOpenedEvent) (job, bool) {
	if ev.Tab != "home" || ev.User == "" || cb.EventID == "" || a.isSelf(ev.User) {
		return job{}, false
	}
	if _, ok := a.cfg.Handler.(HomeBuilder); !ok {
		return job{}, false
	}
	if strings.HasPrefix(ev.Channel, "D") {
		// The event names the app's DM with the person: presses on the
		// Home are answered there.
		a.mu.Lock()
		a.dms[ev.User] = ev.Channel
		a.mu.Unlock()
	}
	return job{
		in: bot.Incoming{Platform: core.PlatformSlack, UserID: ev.User, Private: true, DeliveryID: "event:" + cb.EventID},
		to: destination{user: ev.User, private: true, home: true},
	}, true
}

// homeActionJob reads a press on a button of the Home tab: there is no
// chat, so the channel is found when the press is worked on (toDM).
func homeActionJob(cb slackapi.InteractionCallback, id, value string) (job, bool) {
	if cb.View.Type != slackapi.VTHomeTab && cb.Container.Type != "view" {
		return job{}, false
	}
	delivery := cb.TriggerID
	if delivery == "" {
		delivery = "home:" + cb.User.ID + ":" + cb.ActionTs
	}
	return job{
		in: bot.Incoming{
			Platform: core.PlatformSlack, UserID: cb.User.ID, Private: true,
			Action: &bot.Action{ID: id, Value: value}, DeliveryID: "action:" + delivery,
		},
		to: destination{user: cb.User.ID, private: true, home: true},
	}, true
}

// toDM points a press on the Home at the person's DM with the bot, where
// its answers go as new messages and any dialog it opens (a reason to
// reject) takes the next message typed there. Without the DM's channel
// (Slack unreachable) the answers go to the user id, which lands in the
// same DM.
func (a *Adapter) toDM(ctx context.Context, j job) job {
	channel, err := a.dm(ctx, j.in.UserID)
	if err != nil {
		a.log.Warn("slack home press: DM not opened", "err", err)
		channel = j.in.UserID
	}
	j.in.ChatID, j.to.channel = channel, channel
	return j
}

// showHome publishes the person's Home tab.
func (a *Adapter) showHome(ctx context.Context, user string) {
	hb, ok := a.cfg.Handler.(HomeBuilder)
	if !ok {
		return
	}
	h, err := hb.Home(ctx, core.PlatformSlack, user)
	if err != nil {
		a.log.Error("slack home", "err", err)
		return
	}
	view := homeView(h)
	err = a.call(ctx, "views.publish", "", func() error {
		_, err := a.api.PublishViewContext(ctx, slackapi.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
	if err != nil {
		a.log.Error("slack views.publish", "err", err)
	}
}

// homeView lays a Home out: a header, then each section's title as a
// header, its text in plain-text sections (nothing a person typed turns
// into markup) and its buttons in an actions block, then the small print.
// Block ids are unique within the view, as Slack wants.
func homeView(h bot.Home) slackapi.HomeTabViewRequest {
	out := []slackapi.Block{header(h.Title)}
	n := 0
	for i, s := range h.Sections {
		if s.Title != "" {
			out = append(out, slackapi.NewDividerBlock(), header(s.Title))
		}
		if s.Text != "" {
			for _, part := range split(s.Text, maxSectionText) {
				out = append(out, slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, part, true, false), nil, nil))
			}
		}
		var elems []slackapi.BlockElement
		for _, b := range s.Buttons {
			if len(elems) == maxRowButtons {
				break
			}
			n++
			btn := slackapi.NewButtonBlockElement(fmt.Sprintf("%s#%d", b.ActionID, n), b.Value,
				slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(b.Label, maxButtonLabel), true, false))
			switch b.ActionID {
			case "att.checkin", "leave.approve", "att.fix.approve", bot.WebOpenAction:
				btn.Style = slackapi.StylePrimary
			}
			elems = append(elems, btn)
		}
		if len(elems) > 0 {
			out = append(out, slackapi.NewActionBlock(fmt.Sprintf("home%d", i), elems...))
		}
	}
	if h.Footer != "" {
		out = append(out, slackapi.NewContextBlock("footer", slackapi.NewTextBlockObject(slackapi.PlainTextType, h.Footer, true, false)))
	}
	if len(out) > maxViewBlocks {
		out = out[:maxViewBlocks]
	}
	return slackapi.HomeTabViewRequest{Type: slackapi.VTHomeTab, Blocks: slackapi.Blocks{BlockSet: out}}
}

// header is a header block: one line of plain text (the two languages of
// a bilingual title side by side).
func header(text string) slackapi.Block {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\n", " · ")
	if text == "" {
		text = " "
	}
	return slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, truncateRunes(text, maxHeaderText), true, false))
}

// truncateRunes keeps the first n characters of s: a header's limit counts
// characters, not bytes.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
