package attendance

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// RedeliveryHorizon is how long a platform may hold a message before it
// reaches us: Telegram keeps undelivered updates for a day, Slack retries
// within minutes. A send time older than this is not believed.
const RedeliveryHorizon = 24 * time.Hour

// DelayedAfter is how long before its receipt a punch may have been sent
// without its manager being told: beyond it, the punch was held up (an
// outage, a slow intake) and both times are shown.
const DelayedAfter = 5 * time.Minute

// punchTime is when a punch sent at sent and received at received counts:
// the send time when it is plausible, else the receipt time. A send time
// that is unknown (zero), in the future (a clock that runs ahead) or older
// than the redelivery horizon is not plausible. delayed reports a
// plausible send time more than DelayedAfter before receipt.
func punchTime(sent, received time.Time) (at time.Time, delayed bool) {
	if sent.IsZero() || sent.After(received) || received.Sub(sent) > RedeliveryHorizon {
		return received, false
	}
	return sent, received.Sub(sent) > DelayedAfter
}

// delayedNotice is the notification that tells m's manager (whoever
// approves their corrections) a punch counted at sent reached us only at
// received; none (RecipientID 0) when nobody approves for m.
func (s *Service) delayedNotice(ctx context.Context, m core.Member, kind string, d core.Date, sent, received time.Time) (core.Notification, error) {
	approver, err := s.store.FindApprover(ctx, m.Employee)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return core.Notification{}, nil
	}
	if err != nil {
		return core.Notification{}, fmt.Errorf("find approver for %s: %w", m.Employee.Key, err)
	}
	return core.Notification{OrgID: m.Org.ID, RecipientID: approver.ID, Kind: core.NotifyPunchDelayed, CreatedAt: received,
		Params: map[string]string{
			"name": m.Employee.Name, "key": m.Employee.Key, "kind": kind, "date": d.String(),
			"sent": sent.UTC().Format(time.RFC3339), "received": received.UTC().Format(time.RFC3339),
		}}, nil
}
