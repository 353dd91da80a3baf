package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"
)

// InviteTTL is how long an invite code stays valid.
const InviteTTL = 7 * 24 * time.Hour

// Invite codes are guessable only by trying them, so a chat account that
// sent InviteMaxFailures wrong codes (unknown, used or expired) within
// InviteFailureWindow may send none, right or wrong, until InviteLockout
// after its last wrong one. With 31^10 codes and a few dozen valid at a
// time, five tries a quarter-hour per account makes guessing hopeless.
const (
	InviteMaxFailures   = 5
	InviteFailureWindow = 15 * time.Minute
	InviteLockout       = 15 * time.Minute
)

// Invite is a one-time code that links the chat account which sends it to an
// employee. Only the code's hash is stored.
type Invite struct {
	ID          int64
	OrgID       int64
	EmployeeID  int64
	EmployeeKey string
	CreatedBy   int64
	CreatedAt   time.Time
	ExpiresAt   time.Time
	UsedAt      time.Time // zero while unused
}

// DirectoryStore is what the Directory needs from storage. Methods that
// change state write the given audit entry in the same transaction.
type DirectoryStore interface {
	// FindMemberByIdentity returns ENotFound when the account is not linked.
	FindMemberByIdentity(ctx context.Context, platform Platform, externalID string) (Member, error)
	// FindEmployee returns ENotFound when the org has no such person.
	FindEmployee(ctx context.Context, orgID int64, key string) (Employee, error)
	CreateInvite(ctx context.Context, inv Invite, codeHash []byte, audit AuditEntry) (Invite, error)
	// RedeemInvite locks the invite with codeHash, calls check on it and, when
	// check passes, marks it used and links the account. ENotFound when no
	// invite has that hash; EConflict when the account belongs to someone else.
	RedeemInvite(ctx context.Context, codeHash []byte, id Identity, check func(Invite) error, channel string) (Member, error)
	// InviteFailures counts the account's failed redemptions at or after
	// since and returns the time of the latest.
	InviteFailures(ctx context.Context, id Identity, since time.Time) (int, time.Time, error)
	// RecordInviteFailure records a failed redemption; orgID is that of the
	// invite the code was, 0 when it was none.
	RecordInviteFailure(ctx context.Context, id Identity, orgID int64, reason string, at time.Time) error
	SetEmployeeLocale(ctx context.Context, employee Employee, locale Locale, audit AuditEntry) (Employee, error)
	// ListEmployees returns active people: all (managerID 0) or one manager's reports.
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]Employee, error)
	RecordAudit(ctx context.Context, entry AuditEntry) error
}

// Directory answers who is who, links chat accounts and applies the
// permission rules to it all.
type Directory struct {
	store DirectoryStore
	clock Clock
}

// NewDirectory returns a Directory.
func NewDirectory(store DirectoryStore, clock Clock) *Directory {
	return &Directory{store: store, clock: clock}
}

// Identify returns the member behind a chat account, ENotFound when it is not linked.
func (d *Directory) Identify(ctx context.Context, platform Platform, externalID string) (Member, error) {
	m, err := d.store.FindMemberByIdentity(ctx, platform, externalID)
	if err != nil {
		return Member{}, fmt.Errorf("identify %s:%s: %w", platform, externalID, err)
	}
	return m, nil
}

// FindEmployee returns a colleague's record if actor may see it.
// Errors: ENotFound, EForbidden (audited).
func (d *Directory) FindEmployee(ctx context.Context, actor Member, key, channel string) (Employee, error) {
	e, err := d.store.FindEmployee(ctx, actor.Org.ID, strings.ToLower(strings.TrimSpace(key)))
	if ErrorCodeOf(err) == ENotFound {
		e, err = d.findByName(ctx, actor.Org.ID, key)
	}
	if err != nil {
		return Employee{}, fmt.Errorf("find employee %q: %w", key, err)
	}
	if err := d.authorize(ctx, actor, ActionEmployeeView, &e, channel); err != nil {
		return Employee{}, err
	}
	return e, nil
}

// CreateInvite makes a one-time code for the person with key. Only HR and
// admins may. Errors: ENotFound, EForbidden (audited).
func (d *Directory) CreateInvite(ctx context.Context, actor Member, key, channel string) (string, Invite, error) {
	// Refuse by role before looking anyone up: a refusal should not reveal who exists.
	if err := d.authorize(ctx, actor, ActionInviteCreate, nil, channel); err != nil {
		return "", Invite{}, err
	}
	target, err := d.store.FindEmployee(ctx, actor.Org.ID, strings.ToLower(strings.TrimSpace(key)))
	if err != nil {
		return "", Invite{}, fmt.Errorf("create invite for %q: %w", key, err)
	}
	if err := d.authorize(ctx, actor, ActionInviteCreate, &target, channel); err != nil {
		return "", Invite{}, err
	}
	if target.Status != StatusActive {
		return "", Invite{}, Errorf(EInvalid, "invite.inactive", "%s is no longer active", target.Key).With("name", target.Name)
	}
	code := newInviteCode()
	now := d.clock.Now()
	inv := Invite{
		OrgID: actor.Org.ID, EmployeeID: target.ID, EmployeeKey: target.Key,
		CreatedBy: actor.Employee.ID, CreatedAt: now, ExpiresAt: now.Add(InviteTTL),
	}
	inv, err = d.store.CreateInvite(ctx, inv, HashInviteCode(code), AuditEntry{
		OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: string(ActionInviteCreate),
		EntityType: "employee", EntityID: target.Key,
		After:   map[string]any{"employee": target.Key, "expires_at": inv.ExpiresAt},
		Channel: channel, Outcome: OutcomeOK, At: now,
	})
	if err != nil {
		return "", Invite{}, fmt.Errorf("create invite for %s: %w", target.Key, err)
	}
	return code, inv, nil
}

// RedeemInvite links the chat account to the employee the code was made for.
// Redeeming again from the same account is harmless. Errors: EInvalid
// (unknown, expired or used code, recorded as a failure), EForbidden (the
// account is locked out after too many failures: the code is not even
// looked at, and the refusal is audited), EConflict (account linked to
// someone else).
func (d *Directory) RedeemInvite(ctx context.Context, platform Platform, externalID, code string) (Member, error) {
	now := d.clock.Now()
	id := Identity{Platform: platform, ExternalID: externalID, LinkedVia: "invite"}
	if err := d.inviteLockout(ctx, id, now); err != nil {
		return Member{}, err
	}
	var tried Invite // the invite the code was, when it was one
	check := func(inv Invite) error {
		tried = inv
		switch {
		case !inv.UsedAt.IsZero():
			return Errorf(EInvalid, "invite.used", "this invite code was already used")
		case now.After(inv.ExpiresAt):
			return Errorf(EInvalid, "invite.expired", "this invite code has expired")
		}
		return nil
	}
	m, err := d.store.RedeemInvite(ctx, HashInviteCode(code), id, check, string(platform))
	if ErrorCodeOf(err) == ENotFound {
		err = Errorf(EInvalid, "invite.invalid", "unknown invite code")
	}
	if ErrorCodeOf(err) == EInvalid {
		key := "invite.invalid"
		if e, ok := AsError(err); ok {
			key = e.Key
		}
		if rerr := d.store.RecordInviteFailure(ctx, id, tried.OrgID, key, now); rerr != nil {
			return Member{}, fmt.Errorf("redeem invite: %w", rerr)
		}
		return Member{}, err
	}
	if err != nil {
		return Member{}, fmt.Errorf("redeem invite: %w", err)
	}
	return m, nil
}

// inviteLockout refuses, with EForbidden and an audit row, an account that
// sent too many wrong codes lately. A right code is refused too: otherwise
// a guesser would only have to keep trying through the lockout.
func (d *Directory) inviteLockout(ctx context.Context, id Identity, now time.Time) error {
	n, last, err := d.store.InviteFailures(ctx, id, now.Add(-InviteFailureWindow))
	if err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	until := last.Add(InviteLockout)
	if n < InviteMaxFailures || !now.Before(until) {
		return nil
	}
	// No org is known for an account that is not linked: the row is
	// filed under org 0 and names the account.
	if err := d.store.RecordAudit(ctx, AuditEntry{
		ActorLabel: id.String(), Action: AuditInviteLocked, EntityType: "chat_account", EntityID: id.String(),
		Channel: string(id.Platform), Outcome: OutcomeDenied, At: now,
		Reason: fmt.Sprintf("%d wrong invite codes since %s", n, now.Add(-InviteFailureWindow).UTC().Format(time.RFC3339)),
	}); err != nil {
		return fmt.Errorf("audit invite lockout: %w", err)
	}
	minutes := int((until.Sub(now) + time.Minute - 1) / time.Minute) // rounded up: never "0 minutes"
	return Errorf(EForbidden, "invite.locked", "too many wrong invite codes: try again in %d minutes", minutes).
		With("minutes", fmt.Sprint(minutes))
}

// SetLocale changes the language the bot speaks to the member.
func (d *Directory) SetLocale(ctx context.Context, actor Member, locale Locale, channel string) (Member, error) {
	if err := d.authorize(ctx, actor, ActionLocaleSet, &actor.Employee, channel); err != nil {
		return Member{}, err
	}
	before := actor.Employee.Locale
	e, err := d.store.SetEmployeeLocale(ctx, actor.Employee, locale, AuditEntry{
		OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: string(ActionLocaleSet),
		EntityType: "employee", EntityID: actor.Employee.Key,
		Before: map[string]any{"locale": before}, After: map[string]any{"locale": locale},
		Channel: channel, Outcome: OutcomeOK, At: d.clock.Now(),
	})
	if err != nil {
		return Member{}, fmt.Errorf("set locale of %s: %w", actor.Employee.Key, err)
	}
	actor.Employee = e
	return actor, nil
}

// Authorize applies the permission rules and writes an audit row when they
// refuse, for callers that check before asking for more input.
func (d *Directory) Authorize(ctx context.Context, actor Member, action Action, target *Employee, channel string) error {
	return d.authorize(ctx, actor, action, target, channel)
}

// authorize applies Authorize and writes an audit row when it refuses.
func (d *Directory) authorize(ctx context.Context, actor Member, action Action, target *Employee, channel string) error {
	err := Authorize(actor, action, target)
	if err == nil {
		return nil
	}
	entityID := ""
	if target != nil {
		entityID = target.Key
	}
	if aerr := d.store.RecordAudit(ctx, AuditEntry{
		OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: string(action),
		EntityType: "employee", EntityID: entityID, Channel: channel,
		Outcome: OutcomeDenied, Reason: err.Error(), At: d.clock.Now(),
	}); aerr != nil {
		return fmt.Errorf("audit denied %s: %w", action, aerr)
	}
	return err
}

// Refused audits a refusal decided elsewhere than Authorize: a press on
// something not in the actor's org, an account of someone who left.
func (d *Directory) Refused(ctx context.Context, actor Member, action, entityType, entityID, reason, channel string) error {
	if err := d.store.RecordAudit(ctx, AuditEntry{
		OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: action, EntityType: entityType, EntityID: entityID,
		Channel: channel, Outcome: OutcomeDenied, Reason: reason, At: d.clock.Now(),
	}); err != nil {
		return fmt.Errorf("audit denied %s: %w", action, err)
	}
	return nil
}

// inviteAlphabet leaves out 0/O and 1/I/L, which people misread.
const inviteAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func newInviteCode() string {
	code := make([]byte, 0, 10)
	buf := make([]byte, 16)
	limit := 256 - 256%len(inviteAlphabet) // reject the tail so every letter is equally likely
	for len(code) < cap(code) {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
		for _, b := range buf {
			if int(b) < limit && len(code) < cap(code) {
				code = append(code, inviteAlphabet[int(b)%len(inviteAlphabet)])
			}
		}
	}
	return string(code)
}

// NormalizeInviteCode makes a typed code comparable: case, spaces and dashes
// do not matter.
func NormalizeInviteCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

// HashInviteCode is what is stored and looked up instead of the code.
func HashInviteCode(code string) []byte {
	h := sha256.Sum256([]byte(NormalizeInviteCode(code)))
	return h[:]
}

// Colleagues lists the active people of actor's org, for naming them in
// free text. It shows no more than a name and a job.
func (d *Directory) Colleagues(ctx context.Context, actor Member) ([]Employee, error) {
	es, err := d.store.ListEmployees(ctx, actor.Org.ID, 0)
	if err != nil {
		return nil, fmt.Errorf("colleagues of %s: %w", actor.Employee.Key, err)
	}
	return es, nil
}

// findByName finds the one active person whose name q is: their full
// name, its Chinese or English part, or the English first name, in any
// case ("李爱丽", "alice", "Alice Li"). Errors: ENotFound, EConflict when
// several people answer to it.
func (d *Directory) findByName(ctx context.Context, orgID int64, q string) (Employee, error) {
	es, err := d.store.ListEmployees(ctx, orgID, 0)
	if err != nil {
		return Employee{}, err
	}
	var found []Employee
	for _, e := range es {
		if e.AnswersTo(q) {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return Employee{}, Errorf(ENotFound, "employee.not_found", "no employee %q", q).With("key", q)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, e := range found {
		names[i] = e.Name + " (" + e.Key + ")"
	}
	return Employee{}, Errorf(EConflict, "employee.ambiguous", "%q names several people", q).
		With("name", q).With("people", strings.Join(names, ", "))
}

// AnswersTo reports whether q names e: e's key, full name, the Chinese or
// the English part of a bilingual name, or the English first name, in any
// case and spacing.
func (e Employee) AnswersTo(q string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	q = norm(q)
	if q == "" {
		return false
	}
	if q == e.Key || q == norm(e.Name) || strings.ReplaceAll(q, " ", "") == strings.ReplaceAll(norm(e.Name), " ", "") {
		return true
	}
	var zh, en []string
	for _, f := range strings.Fields(norm(e.Name)) {
		if isASCIIWord(f) {
			en = append(en, f)
		} else {
			zh = append(zh, f)
		}
	}
	return len(zh) > 0 && q == strings.Join(zh, "") ||
		len(en) > 0 && (q == strings.Join(en, " ") || len(en) > 1 && q == en[0])
}

func isASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// NewInviteCode returns a fresh one-time code, for services that create an
// invite inside a change of their own (hiring someone): store only
// HashInviteCode of it, as CreateInvite does.
func NewInviteCode() string { return newInviteCode() }
