package cover

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Events hands over domain events one at a time (store.Events).
type Events interface {
	// Consume hands the oldest waiting event of kind to fn, in one
	// transaction with its being marked consumed; false when none waits.
	Consume(ctx context.Context, kind string, at time.Time, fn func(ctx context.Context, orgID int64, payload []byte) error) (bool, error)
}

// Reports reads cover reports and assignments (store.Covers).
type Reports interface {
	Report(ctx context.Context, orgID int64, month core.Date) (Report, error)
	FindAssignment(ctx context.Context, id int64) (Assignment, error)
}

// Pool is the cover pool's workflow around the Service: every step that
// concerns someone else — an offer, "taken by Li" on the other offers, the
// manager told of an accept, an escalation, a rating request — goes out
// through the Outbox, and Tick moves open requests on. It is the bot's
// CoverDesk.
type Pool struct {
	Service *Service
	Reports Reports
	Events  Events
	Outbox  core.Outbox
	Auth    Authorizer
	Clock   core.Clock
}

// Key names one delivery of the cover pool: "cover:REQUEST:PERSON:WHAT".
func Key(requestID, employeeID int64, what string) string {
	return "cover:" + strconv.FormatInt(requestID, 10) + ":" + strconv.FormatInt(employeeID, 10) + ":" + what
}

// send tells people of r, keyed by what; editOf, when not "", names the
// earlier message to each person this one replaces. sender is who it is
// sent for, told if a delivery fails later; 0 for nobody.
func (p *Pool) send(ctx context.Context, r Request, sender int64, people []int64, key func(employeeID int64) string,
	editOf string, kind string, params map[string]string) (core.Reach, error) {
	out := core.Outgoing{OrgID: r.OrgID, Source: core.SourceCover, SourceID: r.ID, SenderID: sender, To: people,
		Key: key, Kind: kind, Params: params}
	if editOf != "" {
		out.EditOf = func(e int64) string { return Key(r.ID, e, editOf) }
	}
	return p.Outbox.Send(ctx, out)
}

func requestParams(r Request) map[string]string {
	return map[string]string{"request": strconv.FormatInt(r.ID, 10)}
}

// Dispatch sends r's next wave of offers, if it is time, and returns who
// was offered it and who of them no chat could reach.
func (p *Pool) Dispatch(ctx context.Context, r Request) (core.Reach, error) {
	offers, err := p.Service.NextWave(ctx, r)
	if err != nil || len(offers) == 0 {
		return core.Reach{}, err
	}
	ids := make([]int64, len(offers))
	for i, o := range offers {
		ids[i] = o.EmployeeID
	}
	reach, err := p.send(ctx, r, r.RequestedBy, ids, func(e int64) string { return Key(r.ID, e, "offer") }, "",
		core.NotifyCoverOffer, requestParams(r))
	if err != nil {
		return core.Reach{}, fmt.Errorf("send cover %d offers: %w", r.ID, err)
	}
	return reach, nil
}

// Open records a manager's request and sends its first wave at once;
// the manager hears who was offered it and who could not be reached.
func (p *Pool) Open(ctx context.Context, m core.Member, in Manual, channel string) (Request, core.Reach, error) {
	r, err := p.Service.Open(ctx, m, in, channel)
	if err != nil {
		return r, core.Reach{}, err
	}
	sent, err := p.Dispatch(ctx, r)
	return r, sent, err
}

// Jobs lists an org's jobs.
func (p *Pool) Jobs(ctx context.Context, orgID int64) (core.Jobs, error) {
	return p.Service.Jobs(ctx, orgID)
}

// Shifts lists an org's shifts, in the order they were declared.
func (p *Pool) Shifts(ctx context.Context, orgID int64) ([]attendance.Shift, error) {
	return p.Service.Shifts(ctx, orgID)
}

// Judge lists candidates for a manager: eligible first, best first.
func (p *Pool) Judge(ctx context.Context, m core.Member, id int64, channel string) (Request, []Verdict, error) {
	r, err := p.Service.Request(ctx, m, id, channel)
	if err != nil {
		return r, nil, err
	}
	v, err := p.Service.Judge(ctx, r)
	return r, v, err
}

// Accept claims a place; the manager is told, and once the request is
// filled every other offer's message becomes "taken by …": the first
// accept closes the other offers.
func (p *Pool) Accept(ctx context.Context, m core.Member, id int64) (Request, Assignment, error) {
	r, a, err := p.Service.Accept(ctx, m, id)
	if err != nil {
		return r, a, err
	}
	if r.RequestedBy != 0 {
		params := map[string]string{"assignment": strconv.FormatInt(a.ID, 10)}
		if _, err := p.send(ctx, r, 0, []int64{r.RequestedBy}, func(int64) string { return Key(r.ID, a.EmployeeID, "accepted") }, "",
			core.NotifyCoverAccepted, params); err != nil {
			return r, a, fmt.Errorf("tell of cover %d: %w", id, err)
		}
	}
	if r.Status == StatusFilled {
		if err := p.closeOffers(ctx, r, false); err != nil {
			return r, a, err
		}
	}
	return r, a, nil
}

// closeOffers replaces the offers of r with what became of it: those of
// everyone who did not take it once it is filled, every one (the accepted
// too) when it was withdrawn.
func (p *Pool) closeOffers(ctx context.Context, r Request, withdrawn bool) error {
	offers, err := p.Service.Offers(ctx, r.ID)
	if err != nil {
		return err
	}
	what := "closed"
	if withdrawn {
		what = "withdrawn"
	}
	var people []int64
	for id, state := range offers {
		if withdrawn || state != "accepted" {
			people = append(people, id)
		}
	}
	_, err = p.send(ctx, r, 0, people, func(e int64) string { return Key(r.ID, e, what) }, "offer", core.NotifyCoverOffer, requestParams(r))
	return err
}

// Decline records a no.
func (p *Pool) Decline(ctx context.Context, m core.Member, id int64) error {
	return p.Service.Decline(ctx, m, id)
}

// Rate records a rating.
func (p *Pool) Rate(ctx context.Context, m core.Member, id int64, rating int, comment, channel string) (Assignment, error) {
	return p.Service.Rate(ctx, m, id, rating, comment, channel)
}

// Find reads a request.
func (p *Pool) Find(ctx context.Context, id int64) (Request, error) {
	return p.Service.Find(ctx, id)
}

// Offers lists a request's offers.
func (p *Pool) Offers(ctx context.Context, id int64) (map[int64]string, error) {
	return p.Service.Offers(ctx, id)
}

// Assignments lists who covers a request.
func (p *Pool) Assignments(ctx context.Context, id int64) ([]Assignment, error) {
	return p.Service.Assignments(ctx, id)
}

// Assignment reads one.
func (p *Pool) Assignment(ctx context.Context, id int64) (Assignment, error) {
	return p.Reports.FindAssignment(ctx, id)
}

// Report is the month's cover report, for managers and HR.
func (p *Pool) Report(ctx context.Context, m core.Member, month core.Date, channel string) (Report, error) {
	if err := p.Auth.Authorize(ctx, m, core.ActionCoverRequest, nil, channel); err != nil {
		return Report{}, err
	}
	return p.Reports.Report(ctx, m.Org.ID, month)
}

// Tick moves the cover pool on; every replica may run it. Leave that
// uncovered a staffed shift opens a request; open requests get their next
// wave, or escalate to the manager before they start; covers that ended
// get a rating request.
func (p *Pool) Tick(ctx context.Context) error {
	var errs []error
	if err := p.consumeLeave(ctx); err != nil {
		errs = append(errs, err)
	}
	withdrawn, err := p.Service.WithdrawForCancelledLeave(ctx)
	if err != nil {
		errs = append(errs, err)
	}
	for _, r := range withdrawn {
		if err := p.closeOffers(ctx, r, true); err != nil {
			errs = append(errs, err)
		}
	}
	open, err := p.Service.OpenRequests(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, r := range open {
		if err := p.moveOn(ctx, r); err != nil {
			errs = append(errs, err)
		}
	}
	due, err := p.Service.DueRatings(ctx)
	if err != nil {
		errs = append(errs, err)
	}
	for _, a := range due {
		r, err := p.Service.Find(ctx, a.RequestID)
		if err != nil || r.RequestedBy == 0 {
			errs = append(errs, err)
			continue
		}
		params := map[string]string{"assignment": strconv.FormatInt(a.ID, 10)}
		if _, err := p.send(ctx, r, 0, []int64{r.RequestedBy}, func(int64) string { return Key(r.ID, a.EmployeeID, "rate") }, "",
			core.NotifyCoverRate, params); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// moveOn sends an open request's next wave, telling its manager whom the
// wave missed, and escalates it when nobody took it in time.
func (p *Pool) moveOn(ctx context.Context, r Request) error {
	sent, err := p.Dispatch(ctx, r)
	if err != nil {
		return err
	}
	var errs []error
	if len(sent.Unreached) > 0 && r.RequestedBy != 0 {
		// A wave sent in the background: the manager hears whom it missed.
		b, _ := json.Marshal(sent.Unreached) // plain strings and numbers: cannot fail
		params := map[string]string{"what": core.SourceCover, "id": strconv.FormatInt(r.ID, 10), "people": string(b)}
		wave := strconv.Itoa(r.Wave + 1)
		if _, err := p.send(ctx, r, 0, []int64{r.RequestedBy}, func(e int64) string { return Key(r.ID, e, "unreached:"+wave) }, "",
			core.NotifyUnreached, params); err != nil {
			errs = append(errs, err)
		}
	}
	escalate, err := p.Service.Escalate(ctx, r)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if escalate {
		if _, err := p.send(ctx, r, 0, []int64{r.RequestedBy}, func(e int64) string { return Key(r.ID, e, "escalate") }, "",
			core.NotifyCoverEscalate, requestParams(r)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// consumeLeave opens a request for each "shift uncovered" event, once:
// the event is consumed in the transaction that records the request.
func (p *Pool) consumeLeave(ctx context.Context) error {
	for {
		found, err := p.Events.Consume(ctx, core.EventShiftUncovered, p.Clock.Now(), func(ctx context.Context, orgID int64, payload []byte) error {
			var u core.ShiftUncovered
			if err := json.Unmarshal(payload, &u); err != nil {
				return fmt.Errorf("shift uncovered: %w", err)
			}
			u.OrgID = orgID
			if !u.End.After(p.Clock.Now()) {
				return nil // over before anyone could help
			}
			_, _, err := p.Service.OpenFromLeave(ctx, u)
			return err
		})
		if err != nil || !found {
			return err
		}
	}
}
