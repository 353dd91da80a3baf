package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
)

// Events hands over domain events one at a time (store.Events).
type Events interface {
	// Consume hands the oldest waiting event of kind to fn, in one
	// transaction with its being marked consumed; false when none waits.
	Consume(ctx context.Context, kind string, at time.Time, fn func(ctx context.Context, orgID int64, payload []byte) error) (bool, error)
}

// CoverReports reads cover reports and assignments (store.Covers).
type CoverReports interface {
	Report(ctx context.Context, orgID int64, month core.Date) (core.CoverReport, error)
	FindAssignment(ctx context.Context, id int64) (core.CoverAssignment, error)
}

// Covers is the cover pool wired to delivery: every step that concerns
// someone else — an offer, "taken by Li" on the other offers, the manager
// told of an accept, an escalation, a rating request — is queued here.
// It is the bot's CoverDesk and, through Tick, part of the scheduler.
type Covers struct {
	Service   *cover.Service
	Reports   CoverReports
	Events    Events
	Queue     *Queue
	Auth      cover.Authorizer
	Clock     core.Clock
	Platforms []core.Platform
}

func coverKey(requestID, employeeID int64, what string) string {
	return "cover:" + strconv.FormatInt(requestID, 10) + ":" + strconv.FormatInt(employeeID, 10) + ":" + what
}

// send queues one notice per person to their first account that takes
// messages, on whatever platform (Preference(c.Platforms) order), and a
// copy for the console to those without one, whom it returns. sender is
// who it is sent for, told if a delivery fails later; 0 for nobody.
func (c *Covers) send(ctx context.Context, orgID, sourceID, sender int64, people []int64, key func(employeeID int64) string,
	editOf func(employeeID int64) string, msg bot.Notice) ([]bot.Unreached, error) {
	var unreached []bot.Unreached
	err := c.Queue.inTx(ctx, func(tx pgx.Tx) error {
		accounts, missed, err := reach(ctx, tx, Preference(c.Platforms), people)
		if err != nil {
			return err
		}
		unreached = missed
		items := make([]Item, 0, len(accounts))
		for _, a := range accounts {
			it := Item{Key: key(a.employeeID), OrgID: orgID, EmployeeID: a.employeeID, Platform: a.platform, ExternalID: a.externalID,
				Source: "cover", SourceID: sourceID, Message: msg, SenderID: sender}
			if editOf != nil {
				it.EditOf = editOf(a.employeeID)
			}
			items = append(items, it)
		}
		_, err = c.Queue.Enqueue(ctx, tx, items)
		return err
	})
	return unreached, err
}

// Dispatch sends r's next wave of offers, if it is time, and returns who
// was offered it and who of them no chat could reach.
func (c *Covers) Dispatch(ctx context.Context, r core.CoverRequest) (bot.Reach, error) {
	offers, err := c.Service.NextWave(ctx, r)
	if err != nil || len(offers) == 0 {
		return bot.Reach{}, err
	}
	ids := make([]int64, len(offers))
	for i, o := range offers {
		ids[i] = o.EmployeeID
	}
	msg := bot.Notice{Kind: bot.NoticeCoverOffer, Params: map[string]string{"request": strconv.FormatInt(r.ID, 10)}}
	unreached, err := c.send(ctx, r.OrgID, r.ID, r.RequestedBy, ids, func(e int64) string { return coverKey(r.ID, e, "offer") }, nil, msg)
	if err != nil {
		return bot.Reach{}, fmt.Errorf("send cover %d offers: %w", r.ID, err)
	}
	names, err := employeeNames(ctx, c.Queue.cfg.Pool, ids)
	return bot.Reach{Sent: names, Unreached: unreached}, err
}

func employeeNames(ctx context.Context, db pgxQuerier, ids []int64) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT name FROM employees WHERE id = ANY($1) ORDER BY array_position($1, id)`, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Open records a manager's request and sends its first wave at once;
// the manager hears who was offered it and who could not be reached.
func (c *Covers) Open(ctx context.Context, m core.Member, in cover.Manual, channel string) (core.CoverRequest, bot.Reach, error) {
	r, err := c.Service.Open(ctx, m, in, channel)
	if err != nil {
		return r, bot.Reach{}, err
	}
	sent, err := c.Dispatch(ctx, r)
	return r, sent, err
}

// Jobs lists an org's jobs.
func (c *Covers) Jobs(ctx context.Context, orgID int64) (core.Jobs, error) {
	return c.Service.Jobs(ctx, orgID)
}

// Judge lists candidates for a manager: eligible first, best first.
func (c *Covers) Judge(ctx context.Context, m core.Member, id int64, channel string) (core.CoverRequest, []cover.Verdict, error) {
	r, err := c.Service.Request(ctx, m, id, channel)
	if err != nil {
		return r, nil, err
	}
	v, err := c.Service.Judge(ctx, r)
	return r, v, err
}

// Accept claims a place; the manager is told, and once the request is
// filled every other offer's message becomes "taken by …".
func (c *Covers) Accept(ctx context.Context, m core.Member, id int64) (core.CoverRequest, core.CoverAssignment, error) {
	r, a, err := c.Service.Accept(ctx, m, id)
	if err != nil {
		return r, a, err
	}
	if r.RequestedBy != 0 {
		msg := bot.Notice{Kind: bot.NoticeCoverAccepted, Params: map[string]string{"assignment": strconv.FormatInt(a.ID, 10)}}
		if _, err := c.send(ctx, r.OrgID, r.ID, 0, []int64{r.RequestedBy},
			func(int64) string { return coverKey(r.ID, a.EmployeeID, "accepted") }, nil, msg); err != nil {
			return r, a, fmt.Errorf("tell of cover %d: %w", id, err)
		}
	}
	if r.Status == core.CoverFilled {
		if err := c.closeOffers(ctx, r); err != nil {
			return r, a, err
		}
	}
	return r, a, nil
}

// closeOffers replaces the offers of everyone who did not take r with
// what became of it.
func (c *Covers) closeOffers(ctx context.Context, r core.CoverRequest) error {
	offers, err := c.Service.Offers(ctx, r.ID)
	if err != nil {
		return err
	}
	var others []int64
	for id, state := range offers {
		if state != "accepted" {
			others = append(others, id)
		}
	}
	msg := bot.Notice{Kind: bot.NoticeCoverOffer, Params: map[string]string{"request": strconv.FormatInt(r.ID, 10)}}
	_, err = c.send(ctx, r.OrgID, r.ID, 0, others, func(e int64) string { return coverKey(r.ID, e, "closed") },
		func(e int64) string { return coverKey(r.ID, e, "offer") }, msg)
	return err
}

// closeAll replaces every offer of a withdrawn request, the accepted ones
// too, with "no longer needed".
func (c *Covers) closeAll(ctx context.Context, r core.CoverRequest) error {
	offers, err := c.Service.Offers(ctx, r.ID)
	if err != nil {
		return err
	}
	people := make([]int64, 0, len(offers))
	for id := range offers {
		people = append(people, id)
	}
	msg := bot.Notice{Kind: bot.NoticeCoverOffer, Params: map[string]string{"request": strconv.FormatInt(r.ID, 10)}}
	_, err = c.send(ctx, r.OrgID, r.ID, 0, people, func(e int64) string { return coverKey(r.ID, e, "withdrawn") },
		func(e int64) string { return coverKey(r.ID, e, "offer") }, msg)
	return err
}

// Decline records a no.
func (c *Covers) Decline(ctx context.Context, m core.Member, id int64) error {
	return c.Service.Decline(ctx, m, id)
}

// Rate records a rating.
func (c *Covers) Rate(ctx context.Context, m core.Member, id int64, rating int, comment, channel string) (core.CoverAssignment, error) {
	return c.Service.Rate(ctx, m, id, rating, comment, channel)
}

// Find reads a request.
func (c *Covers) Find(ctx context.Context, id int64) (core.CoverRequest, error) {
	return c.Service.Find(ctx, id)
}

// Offers lists a request's offers.
func (c *Covers) Offers(ctx context.Context, id int64) (map[int64]string, error) {
	return c.Service.Offers(ctx, id)
}

// Assignments lists who covers a request.
func (c *Covers) Assignments(ctx context.Context, id int64) ([]core.CoverAssignment, error) {
	return c.Service.Assignments(ctx, id)
}

// Assignment reads one.
func (c *Covers) Assignment(ctx context.Context, id int64) (core.CoverAssignment, error) {
	return c.Reports.FindAssignment(ctx, id)
}

// Report is the month's cover report, for managers and HR.
func (c *Covers) Report(ctx context.Context, m core.Member, month core.Date, channel string) (core.CoverReport, error) {
	if err := c.Auth.Authorize(ctx, m, core.ActionCoverRequest, nil, channel); err != nil {
		return core.CoverReport{}, err
	}
	return c.Reports.Report(ctx, m.Org.ID, month)
}

// Tick moves the cover pool on; every replica may run it. Leave that
// uncovered a staffed shift opens a request; open requests get their next
// wave, or escalate to the manager before they start; covers that ended
// get a rating request.
func (c *Covers) Tick(ctx context.Context) error {
	var errs []error
	if err := c.consumeLeave(ctx); err != nil {
		errs = append(errs, err)
	}
	withdrawn, err := c.Service.WithdrawForCancelledLeave(ctx)
	if err != nil {
		errs = append(errs, err)
	}
	for _, r := range withdrawn {
		if err := c.closeAll(ctx, r); err != nil {
			errs = append(errs, err)
		}
	}
	open, err := c.Service.OpenRequests(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, r := range open {
		sent, err := c.Dispatch(ctx, r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(sent.Unreached) > 0 && r.RequestedBy != 0 {
			// A wave sent in the background: the manager hears whom it missed.
			msg := bot.Notice{Kind: bot.NoticeUnreached, Params: map[string]string{"what": "cover", "id": strconv.FormatInt(r.ID, 10),
				"people": bot.EncodeUnreached(sent.Unreached)}}
			wave := strconv.Itoa(r.Wave + 1)
			if _, err := c.send(ctx, r.OrgID, r.ID, 0, []int64{r.RequestedBy},
				func(e int64) string { return coverKey(r.ID, e, "unreached:"+wave) }, nil, msg); err != nil {
				errs = append(errs, err)
			}
		}
		escalate, err := c.Service.Escalate(ctx, r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if escalate {
			msg := bot.Notice{Kind: bot.NoticeCoverEscalate, Params: map[string]string{"request": strconv.FormatInt(r.ID, 10)}}
			if _, err := c.send(ctx, r.OrgID, r.ID, 0, []int64{r.RequestedBy}, func(e int64) string { return coverKey(r.ID, e, "escalate") }, nil, msg); err != nil {
				errs = append(errs, err)
			}
		}
	}
	due, err := c.Service.DueRatings(ctx)
	if err != nil {
		errs = append(errs, err)
	}
	for _, a := range due {
		r, err := c.Service.Find(ctx, a.RequestID)
		if err != nil || r.RequestedBy == 0 {
			errs = append(errs, err)
			continue
		}
		msg := bot.Notice{Kind: bot.NoticeCoverRate, Params: map[string]string{"assignment": strconv.FormatInt(a.ID, 10)}}
		if _, err := c.send(ctx, r.OrgID, r.ID, 0, []int64{r.RequestedBy},
			func(int64) string { return coverKey(r.ID, a.EmployeeID, "rate") }, nil, msg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// consumeLeave opens a request for each "shift uncovered" event, once:
// the event is consumed in the transaction that records the request.
func (c *Covers) consumeLeave(ctx context.Context) error {
	for {
		found, err := c.Events.Consume(ctx, "shift.uncovered", c.Clock.Now(), func(ctx context.Context, orgID int64, payload []byte) error {
			u := cover.Uncovered{OrgID: orgID}
			if err := json.Unmarshal(payload, &u); err != nil {
				return fmt.Errorf("shift uncovered: %w", err)
			}
			if !u.End.After(c.Clock.Now()) {
				return nil // over before anyone could help
			}
			_, _, err := c.Service.OpenFromLeave(ctx, u)
			return err
		})
		if err != nil || !found {
			return err
		}
	}
}

// RunCovers ticks the cover pool every interval until ctx ends.
func (c *Covers) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := c.Tick(ctx); err != nil && ctx.Err() == nil {
			c.Queue.log.Error("cover pool", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
