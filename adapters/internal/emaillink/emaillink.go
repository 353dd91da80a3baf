// Package emaillink links employees to their chat accounts by e-mail
// address: for each active employee with an address and no account on a
// platform, it asks the platform whose account the address is and links
// it. Slack and WeCom share it; each brings its own lookup.
package emaillink

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Accounts is what the linker reads and writes (store.Directory).
type Accounts interface {
	// UnlinkedEmails lists employees with an e-mail address and no account on platform.
	UnlinkedEmails(ctx context.Context, platform core.Platform, limit int) ([]core.EmailContact, error)
	// LinkByEmail links the account found for an employee's address.
	LinkByEmail(ctx context.Context, c core.EmailContact, platform core.Platform, externalID string) (bool, error)
}

// Lookup asks the platform whose account an address is. found is false,
// with a nil error, when the platform has no such account; an error means
// the platform could not be asked, and the pass stops.
type Lookup func(ctx context.Context, email string) (externalID string, found bool, err error)

// Batch bounds one pass: the platforms' lookups are rate-limited (Slack's
// users.lookupByEmail is tier 3, about 50 a minute).
const Batch = 200

// missRetry is how long an address not found is left alone: the person
// may join the platform later.
const missRetry = 6 * time.Hour

// Linker links accounts by e-mail for one platform. Safe for concurrent use.
type Linker struct {
	platform core.Platform
	accounts Accounts
	lookup   Lookup
	log      *slog.Logger

	mu     sync.Mutex
	missed map[string]time.Time // addresses not found, and when
}

// New returns a linker for platform.
func New(platform core.Platform, accounts Accounts, lookup Lookup, log *slog.Logger) *Linker {
	return &Linker{platform: platform, accounts: accounts, lookup: lookup, log: log, missed: map[string]time.Time{}}
}

// Pass looks up employees who have an e-mail address but no account yet
// and links the accounts found. It returns how many it linked.
func (l *Linker) Pass(ctx context.Context) int {
	contacts, err := l.accounts.UnlinkedEmails(ctx, l.platform, Batch)
	if err != nil {
		if ctx.Err() == nil {
			l.log.Error("unlinked e-mails", "platform", l.platform, "err", err)
		}
		return 0
	}
	linked := 0
	for _, c := range contacts {
		key := strings.ToLower(c.Email)
		if l.missedRecently(key) {
			continue
		}
		id, found, err := l.lookup(ctx, c.Email)
		if err != nil {
			if ctx.Err() == nil {
				l.log.Warn("look up e-mail", "platform", l.platform, "err", err)
			}
			return linked // the platform is unreachable: try the rest next time
		}
		if !found {
			l.miss(key)
			continue
		}
		ok, err := l.accounts.LinkByEmail(ctx, c, l.platform, id)
		switch {
		case err != nil:
			l.log.Error("link by e-mail", "platform", l.platform, "employee", c.EmployeeID, "err", err)
		case ok:
			linked++
			l.log.Info("account linked by e-mail", "platform", l.platform, "employee", c.EmployeeID, "account", id)
		default:
			// The account belongs to someone else already: the org file
			// or an invite decided, not the address.
			l.miss(key)
		}
	}
	return linked
}

func (l *Linker) missedRecently(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.missed[key]
	return ok && time.Since(at) < missRetry
}

func (l *Linker) miss(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.missed[key] = time.Now()
}
