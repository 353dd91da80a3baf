package contracts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// When the reminders fall due, in days: a contract still unsigned this
// many days after the hire date (art. 82 and the Implementing Regulations
// art. 6: from the second month an unsigned contract costs double wages),
// a probation ending within a week, a fixed term ending within a month.
const (
	UnsignedAfterDays   = 20
	ProbationNoticeDays = 7
	ExpiryNoticeDays    = 30
)

// ReminderKind is what a reminder is about.
type ReminderKind string

// Reminder kinds.
const (
	RemindUnsigned  ReminderKind = "unsigned"
	RemindProbation ReminderKind = "probation"
	RemindExpiry    ReminderKind = "expiry"
)

// Window is what falls due on one day of an org: the store finds the
// contracts and people it covers.
type Window struct {
	Today core.Date
	// UnsignedAfter: people hired at least this many days ago, less than a
	// year ago (after a year the law deems an open-ended contract
	// concluded, art. 14), whose day to be reminded is not before
	// NotBefore, with no signed contract.
	UnsignedAfter int
	NotBefore     core.Date
	// ProbationBefore: undecided probations ending within this many days
	// (and not yet ended).
	ProbationBefore int
	// ExpiryBefore: fixed terms ending within this many days (and not yet
	// ended), their renewal undecided and no later contract entered.
	ExpiryBefore int
}

// Due is one reminder to send, unless it was sent before: the store
// finds only those not sent yet. Kind, EmployeeID, ContractID and About
// make its key: each is sent once.
type Due struct {
	Kind       ReminderKind
	EmployeeID int64
	ManagerID  int64 // 0 for none
	ContractID int64 // 0 for an unsigned reminder about someone without a contract
	// About is the day it reminds of: the hire date, the probation's end,
	// the contract's end. A probation extended is reminded of again.
	About core.Date
}

// Reminder is a due reminder with its recipients, as the store records it.
type Reminder struct {
	Due
	OrgID      int64
	Recipients []int64
	Notify     string            // a core.Notify… kind
	Params     map[string]string // the notification's parameters
	At         time.Time
}

// Reminders is the store's side of the reminders.
type Reminders interface {
	// Orgs lists every org, to look for reminders in each.
	Orgs(ctx context.Context) ([]core.Org, error)
	// Due lists the reminders due in org on w.Today not sent yet.
	Due(ctx context.Context, orgID int64, w Window) ([]Due, error)
	// HR lists the org's active HR people, or its admins when it has none.
	HR(ctx context.Context, orgID int64) ([]int64, error)
	// Remind records r once, with a notification for each recipient, in
	// one transaction; sent is false when it was recorded before.
	Remind(ctx context.Context, r Reminder) (sent bool, err error)
}

// Tick sends every reminder that has fallen due on the day it is in each
// org's time zone, once: a pass for the periodic loop. It is idempotent,
// so every replica may run it.
func (s *Service) Tick(ctx context.Context) error {
	_, err := s.Remind(ctx)
	return err
}

// Remind is Tick, returning how many reminders it sent.
func (s *Service) Remind(ctx context.Context) (int, error) {
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return 0, fmt.Errorf("contract reminders: %w", err)
	}
	sent := 0
	var errs []error
	for _, org := range orgs {
		n, err := s.remindOrg(ctx, org)
		sent += n
		if err != nil {
			errs = append(errs, fmt.Errorf("contract reminders of org %d: %w", org.ID, err))
		}
	}
	return sent, errors.Join(errs...)
}

func (s *Service) remindOrg(ctx context.Context, org core.Org) (int, error) {
	now := s.clock.Now()
	today := core.DateOf(now.In(org.Location()))
	due, err := s.store.Due(ctx, org.ID, WindowOn(today, org))
	if err != nil || len(due) == 0 {
		return 0, err
	}
	hr, err := s.store.HR(ctx, org.ID)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range due {
		r := Reminder{Due: d, OrgID: org.ID, Recipients: recipients(hr, d), At: now,
			Params: map[string]string{"about": d.About.String()}}
		switch d.Kind {
		case RemindUnsigned:
			r.Notify, r.Params["employee"] = core.NotifyContractUnsigned, strconv.FormatInt(d.EmployeeID, 10)
		case RemindProbation:
			r.Notify, r.Params["id"] = core.NotifyProbationEnding, strconv.FormatInt(d.ContractID, 10)
		case RemindExpiry:
			r.Notify, r.Params["id"] = core.NotifyContractExpiring, strconv.FormatInt(d.ContractID, 10)
		}
		ok, err := s.store.Remind(ctx, r)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// WindowOn is what falls due on today in org. Unsigned contracts are
// reminded of from the org's go-live on: people hired long before hrbot
// came are not announced all at once.
func WindowOn(today core.Date, org core.Org) Window {
	return Window{Today: today, UnsignedAfter: UnsignedAfterDays, NotBefore: org.GoLive,
		ProbationBefore: ProbationNoticeDays, ExpiryBefore: ExpiryNoticeDays}
}

// recipients are HR and the person's manager, never the person.
func recipients(hr []int64, d Due) []int64 {
	out := slices.Clone(hr)
	if d.ManagerID != 0 && !slices.Contains(out, d.ManagerID) {
		out = append(out, d.ManagerID)
	}
	return slices.DeleteFunc(out, func(id int64) bool { return id == d.EmployeeID })
}
