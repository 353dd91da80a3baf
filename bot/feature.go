package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// feature is one capability's part of the bot, declared in that
// capability's own file: the commands it answers, the buttons it handles,
// the dialog steps it asks, and the notices and notifications it writes.
// New gathers them all, so a new capability adds a feature and touches no
// switch.
type feature struct {
	commands []command
	actions  map[string]actionHandler
	dialogs  map[string]dialogStep
	// notices render what is queued for delivery, by Notice kind.
	notices map[string]noticeRenderer
	// notifications render the rows the HR engine writes, by their kind.
	notifications map[string]notificationRenderer
}

// noticeRenderer writes a queued notice for its recipient; no replies
// means there is nothing to say any more.
type noticeRenderer func(ctx context.Context, t *turn, n Notice) ([]Reply, error)

// notificationRenderer writes a notification from the state of things now.
type notificationRenderer func(ctx context.Context, t *turn, n core.Notification) []Reply

// features lists the bot's capabilities, in the order /help shows them.
// A capability switched off (its desk not configured) is an empty feature.
func (b *Bot) features() []feature {
	return []feature{
		{commands: b.basicCommands(), actions: b.basicActions(), dialogs: b.basicDialogs(), notices: b.basicNotices()},
		b.attendanceFeature(),
		b.broadcastFeature(),
		b.coverFeature(),
		b.quizFeature(),
		b.knowledgeFeature(),
		b.payrollFeature(),
		b.reportFeature(),
		b.fileFeature(),
		b.leaveFeature(),
		b.documentsFeature(),
		b.onboardingFeature(),
		b.contractFeature(),
		b.transferFeature(),
		b.leavingFeature(),
		b.perfFeature(),
		b.recruitingFeature(),
		b.recruitingInterviewFeature(),
		b.certificateFeature(),
		b.jobFeature(),
		b.reachFeature(),
		b.webFeature(),
		b.homeFeature(),
		b.wecomSyncFeature(),
	}
}

// register gathers the features. Two features claiming one name, button,
// dialog step or kind is a programming error, caught by every test.
func (b *Bot) register(fs []feature) {
	b.byName = map[string]*command{}
	b.dialogs = map[string]dialogStep{}
	b.actions = map[string]actionHandler{}
	b.notices = map[string]noticeRenderer{}
	b.notifications = map[string]notificationRenderer{}
	for _, f := range fs {
		b.commands = append(b.commands, f.commands...)
		addAll(b.dialogs, f.dialogs, "dialog step")
		addAll(b.actions, f.actions, "action")
		addAll(b.notices, f.notices, "notice kind")
		addAll(b.notifications, f.notifications, "notification kind")
	}
	for i := range b.commands {
		c := &b.commands[i]
		for _, n := range append([]string{c.name}, c.aliases...) {
			if _, taken := b.byName[strings.ToLower(n)]; taken {
				panic(fmt.Sprintf("bot: command word %q registered twice", n))
			}
			b.byName[strings.ToLower(n)] = c
		}
	}
}

func addAll[V any](into, from map[string]V, what string) {
	for k, v := range from {
		if _, taken := into[k]; taken {
			panic(fmt.Sprintf("bot: %s %q registered twice", what, k))
		}
		into[k] = v
	}
}
