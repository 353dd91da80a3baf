package bot

import (
	"testing"

	"github.com/hrbot/hrbot/core"
)

// Every kind of notice and notification hrbot sends has a renderer in a
// bot with every feature on: a kind nobody renders would be queued and
// never said.
func TestEveryKindHasARenderer(t *testing.T) {
	t.Parallel()
	b := parseOnlyBot()
	for _, k := range []string{NoticeNotification, NoticeReminder, NoticeBroadcast, NoticeQuizAssigned, NoticeQuizReminder,
		NoticeUnreached, NoticeFailed, NoticeCoverOffer, NoticeCoverAccepted, NoticeCoverEscalate, NoticeCoverRate} {
		if b.notices[k] == nil {
			t.Errorf("no renderer for notice %q", k)
		}
	}
	for _, k := range []string{core.NotifyLeaveRequest, core.NotifyLeaveDecided, core.NotifyLeaveCancelled, core.NotifyFixRequest,
		core.NotifyFixDecided, core.NotifyKBForwarded, core.NotifyKBAnswered, core.NotifyPayslip, core.NotifyPayslipAsked, core.NotifyPunchDelayed,
		core.NotifyOnboardingTask, core.NotifyOnboardingWelcome, core.NotifyOnboardingBuddy} {
		if b.notifications[k] == nil {
			t.Errorf("no renderer for notification %q", k)
		}
	}
}

// Two features claiming one word or kind is caught when the bot is made.
func TestFeaturesClaimEachThingOnce(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("a command word registered twice went unnoticed")
		}
	}()
	b := &Bot{}
	b.register([]feature{{commands: []command{{name: "leave"}}}, {commands: []command{{name: "x", aliases: []string{"LEAVE"}}}}})
}
