// Package signin signs people in to the web console without passwords: a
// one-time link asked for in chat, or a chat app's signed data, starts a
// session kept in the database. Whoever is signed in is a core.Member, and
// what they may do there follows core.Authorize exactly as in chat.
package signin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

const (
	// LinkTTL is how long a sign-in link may wait to be opened.
	LinkTTL = 10 * time.Minute
	// IdleTimeout ends a session nobody has used for this long.
	IdleTimeout = 12 * time.Hour
	// SessionTTL ends every session this long after it began, used or not.
	SessionTTL = 7 * 24 * time.Hour
	// touchEvery is how stale a session's last-seen time may get before a
	// request writes it again: one write a minute, not one per page.
	touchEvery = time.Minute
)

// Audit actions of signing in.
const (
	AuditSignIn     = "console.sign_in"
	AuditLinkCreate = "console.link"
	AuditSignOut    = "console.sign_out"
)

// Channel is the audit channel of everything done on the web console.
const Channel = "web"

// Link is a one-time sign-in link, as stored: only its token's hash is kept.
type Link struct {
	ID         int64
	OrgID      int64
	EmployeeID int64
	Via        string // the chat platform it was asked for on
	CreatedAt  time.Time
	ExpiresAt  time.Time
	UsedAt     time.Time // zero while unused
}

// Session is a signed-in browser.
type Session struct {
	ID         int64
	OrgID      int64
	EmployeeID int64
	// CSRF is the token every form of the session must send back.
	CSRF       string
	Via        string      // "link" or the chat app that signed it ("telegram")
	Locale     core.Locale // the language chosen on the page; "" follows the person's
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Store keeps links and sessions. Methods that change state write the
// given audit entry in the same transaction.
type Store interface {
	CreateLink(ctx context.Context, l Link, tokenHash []byte, audit core.AuditEntry) (Link, error)
	// RedeemLink locks the link with tokenHash and calls check on it; when
	// check passes it marks the link used and creates sess for the link's
	// person, in one transaction, and returns the session and its member.
	// When check fails its error is returned and deny, if it gives an
	// entry, is audited. ENotFound when no link has the hash.
	RedeemLink(ctx context.Context, tokenHash []byte, check func(Link, core.Member) error, sess Session, sessionHash []byte,
		audit func(Link, error) core.AuditEntry) (Session, core.Member, error)
	CreateSession(ctx context.Context, s Session, hash []byte, audit core.AuditEntry) (Session, error)
	// FindSession returns the session with hash and its member, whether
	// still active or not. ENotFound when there is none.
	FindSession(ctx context.Context, hash []byte) (Session, core.Member, error)
	TouchSession(ctx context.Context, id int64, at time.Time) error
	SetSessionLocale(ctx context.Context, id int64, loc core.Locale) error
	DeleteSession(ctx context.Context, id int64, audit *core.AuditEntry) error
	// PruneSignIns deletes links that expired before t and sessions that
	// expired or went idle (IdleTimeout) before it.
	PruneSignIns(ctx context.Context, before time.Time) (int64, error)
}

// Service issues links and keeps sessions.
type Service struct {
	store Store
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, clock core.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// NewLink makes a one-time link token for m, asked for on via (a chat
// platform). Errors: EForbidden when m is no longer active.
func (s *Service) NewLink(ctx context.Context, m core.Member, via string) (string, Link, error) {
	if m.Employee.Status != core.StatusActive {
		return "", Link{}, core.Errorf(core.EForbidden, "forbidden.inactive", "%s is not active", m.Employee.Key)
	}
	token, hash := newToken()
	now := s.clock.Now()
	l := Link{OrgID: m.Org.ID, EmployeeID: m.Employee.ID, Via: via, CreatedAt: now, ExpiresAt: now.Add(LinkTTL)}
	l, err := s.store.CreateLink(ctx, l, hash, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditLinkCreate, EntityType: "employee", EntityID: m.Employee.Key,
		After: map[string]any{"expires_at": l.ExpiresAt}, Channel: via, Outcome: core.OutcomeOK, At: now,
	})
	if err != nil {
		return "", Link{}, fmt.Errorf("sign-in link for %s: %w", m.Employee.Key, err)
	}
	return token, l, nil
}

// Redeem spends a link token and starts a session; it returns the
// session's own token for the cookie. Errors (EInvalid, the refusal
// audited where the link is known): signin.link_unknown,
// signin.link_used, signin.link_expired; EForbidden when the person has
// left since.
func (s *Service) Redeem(ctx context.Context, token string) (string, Session, core.Member, error) {
	now := s.clock.Now()
	secret, hash := newToken()
	sess := s.newSession(now, "link")
	check := func(l Link, m core.Member) error {
		switch {
		case !l.UsedAt.IsZero():
			return core.Errorf(core.EInvalid, "signin.link_used", "sign-in link used at %s", l.UsedAt.Format(time.RFC3339))
		case !now.Before(l.ExpiresAt):
			return core.Errorf(core.EInvalid, "signin.link_expired", "sign-in link expired at %s", l.ExpiresAt.Format(time.RFC3339))
		case m.Employee.Status != core.StatusActive:
			return core.Errorf(core.EForbidden, "forbidden.inactive", "%s is not active", m.Employee.Key)
		}
		return nil
	}
	audit := func(l Link, err error) core.AuditEntry {
		e := core.AuditEntry{OrgID: l.OrgID, ActorID: l.EmployeeID, Action: AuditSignIn, EntityType: "signin_link",
			EntityID: fmt.Sprint(l.ID), Channel: Channel, Outcome: core.OutcomeOK, At: now}
		if err != nil {
			e.Outcome, e.Reason = core.OutcomeDenied, reason(err)
		}
		return e
	}
	sess, m, err := s.store.RedeemLink(ctx, hashToken(token), check, sess, hash, audit)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return "", Session{}, core.Member{}, core.Errorf(core.EInvalid, "signin.link_unknown", "no such sign-in link")
	}
	if err != nil {
		return "", Session{}, core.Member{}, fmt.Errorf("redeem sign-in link: %w", err)
	}
	return secret, sess, m, nil
}

// Start begins a session for m, whom a chat app has vouched for (Telegram's
// signed Mini App data), and returns its token. Errors: EForbidden when m
// is no longer active.
func (s *Service) Start(ctx context.Context, m core.Member, via string) (string, Session, error) {
	if m.Employee.Status != core.StatusActive {
		return "", Session{}, core.Errorf(core.EForbidden, "forbidden.inactive", "%s is not active", m.Employee.Key)
	}
	now := s.clock.Now()
	secret, hash := newToken()
	sess := s.newSession(now, via)
	sess.OrgID, sess.EmployeeID = m.Org.ID, m.Employee.ID
	sess, err := s.store.CreateSession(ctx, sess, hash, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditSignIn, EntityType: "employee", EntityID: m.Employee.Key,
		After: map[string]any{"via": via}, Channel: Channel, Outcome: core.OutcomeOK, At: now,
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("start session for %s: %w", m.Employee.Key, err)
	}
	return secret, sess, nil
}

func (s *Service) newSession(now time.Time, via string) Session {
	csrf, _ := newToken()
	return Session{CSRF: csrf, Via: via, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SessionTTL)}
}

// Find returns the session behind a cookie's token and who it belongs to.
// A session that expired, went idle or whose person has left is ended
// here: that is how leaving signs someone out everywhere at once.
// Errors: ENotFound.
func (s *Service) Find(ctx context.Context, token string) (Session, core.Member, error) {
	if token == "" {
		return Session{}, core.Member{}, core.Errorf(core.ENotFound, "signin.no_session", "no session")
	}
	sess, m, err := s.store.FindSession(ctx, hashToken(token))
	if err != nil {
		return Session{}, core.Member{}, fmt.Errorf("find session: %w", err)
	}
	now := s.clock.Now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= IdleTimeout || m.Employee.Status != core.StatusActive {
		if err := s.store.DeleteSession(ctx, sess.ID, nil); err != nil {
			return Session{}, core.Member{}, fmt.Errorf("end session: %w", err)
		}
		return Session{}, core.Member{}, core.Errorf(core.ENotFound, "signin.no_session", "session ended")
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
			return Session{}, core.Member{}, fmt.Errorf("touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return sess, m, nil
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, sess Session, m core.Member) error {
	entry := core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditSignOut, EntityType: "employee",
		EntityID: m.Employee.Key, Channel: Channel, Outcome: core.OutcomeOK, At: s.clock.Now()}
	if err := s.store.DeleteSession(ctx, sess.ID, &entry); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}

// SetLocale sets the language the session's pages are shown in.
func (s *Service) SetLocale(ctx context.Context, sess Session, loc core.Locale) error {
	if err := s.store.SetSessionLocale(ctx, sess.ID, loc); err != nil {
		return fmt.Errorf("session language: %w", err)
	}
	return nil
}

// Prune deletes links and sessions that can no longer be used.
func (s *Service) Prune(ctx context.Context) (int64, error) {
	return s.store.PruneSignIns(ctx, s.clock.Now())
}

// newToken returns a random token and its hash.
func newToken() (string, []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	token := base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// reason is the catalogue key of a refusal, for the audit log.
func reason(err error) string {
	var e *core.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return "error"
}
