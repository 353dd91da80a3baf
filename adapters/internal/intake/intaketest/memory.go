// Package intaketest is an intake store in memory for the adapters' unit
// tests, with the rules store.Intake keeps in PostgreSQL (its own tests
// check those): one delivery id kept once, each key's oldest open item
// leased alone, leases that run out taken again by another owner.
package intaketest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Item is an item as the memory store keeps it.
type Item struct {
	core.IntakeItem
	Owner string
	Until time.Time
	Done  bool
	Aside string // the reason, once set aside
}

// Store is the memory store. The zero value is not usable; call New.
type Store struct {
	mu     sync.Mutex
	items  []*Item
	putErr error
	now    func() time.Time
}

// New returns an empty store.
func New() *Store { return &Store{now: time.Now} }

// FailPuts makes Put fail with err (nil: succeed again), as a database
// that is down would.
func (s *Store) FailPuts(err error) {
	s.mu.Lock()
	s.putErr = err
	s.mu.Unlock()
}

// Items returns copies of every item kept, oldest first.
func (s *Store) Items() []Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Item, len(s.items))
	for i, it := range s.items {
		out[i] = *it
	}
	return out
}

// Expire makes every lease run out, as time passing would.
func (s *Store) Expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range s.items {
		if it.Owner != "" {
			it.Until = s.now().Add(-time.Second)
		}
	}
}

// jsonb refuses what PostgreSQL's jsonb would: anything not JSON, and the
// character U+0000 in a string.
func jsonb(raw []byte) error {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Errorf("intaketest: not JSON: %w", err)
	}
	var nul func(v any) bool
	nul = func(v any) bool {
		switch v := v.(type) {
		case string:
			return strings.Contains(v, "\x00")
		case []any:
			return slices.ContainsFunc(v, nul)
		case map[string]any:
			for k, e := range v {
				if strings.Contains(k, "\x00") || nul(e) {
					return true
				}
			}
		}
		return false
	}
	if nul(v) {
		return errors.New("intaketest: unsupported Unicode escape sequence (\\u0000 cannot be converted to text)")
	}
	return nil
}

func (s *Store) open(it *Item) bool { return !it.Done && it.Aside == "" }

// Put keeps an item unless its delivery id is kept already.
func (s *Store) Put(_ context.Context, it core.IntakeItem) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.putErr != nil {
		return false, s.putErr
	}
	if err := jsonb(it.Payload); err != nil {
		return false, err
	}
	for _, old := range s.items {
		if it.DeliveryID != "" && old.Platform == it.Platform && old.DeliveryID == it.DeliveryID {
			return false, nil
		}
	}
	it.ID = int64(len(s.items) + 1)
	it.ReceivedAt = s.now()
	s.items = append(s.items, &Item{IntakeItem: it})
	return true, nil
}

// Claim leases each key's oldest open item when it is free.
func (s *Store) Claim(_ context.Context, platform core.Platform, owner string, n int, lease time.Duration) ([]core.IntakeItem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	seen := map[string]bool{}
	var out []core.IntakeItem
	for _, it := range s.items {
		if len(out) == n {
			break
		}
		if it.Platform != platform || !s.open(it) || seen[it.Key] {
			continue
		}
		seen[it.Key] = true // later items of this key wait behind this one
		if it.Owner != "" && (it.Until.After(now) || it.Owner == owner) {
			continue
		}
		it.Owner, it.Until = owner, now.Add(lease)
		it.Attempts++
		out = append(out, it.IntakeItem)
	}
	return out, nil
}

// Extend renews owner's leases.
func (s *Store) Extend(_ context.Context, owner string, lease time.Duration) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, it := range s.items {
		if it.Owner == owner {
			it.Until = s.now().Add(lease)
			n++
		}
	}
	return n, nil
}

func (s *Store) settle(id int64, owner string, fn func(it *Item)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range s.items {
		if it.ID == id && it.Owner == owner && owner != "" {
			fn(it)
			it.Owner, it.Until = "", time.Time{}
			return nil
		}
	}
	return core.Errorf(core.ENotFound, "error.not_found", "intake item %d is not held by %s", id, owner)
}

// Done marks an item processed.
func (s *Store) Done(_ context.Context, id int64, owner string) error {
	return s.settle(id, owner, func(it *Item) { it.Done, it.Payload = true, nil })
}

// Release gives an item back.
func (s *Store) Release(_ context.Context, id int64, owner string) error {
	return s.settle(id, owner, func(*Item) {})
}

// SetAside takes an item out of processing.
func (s *Store) SetAside(_ context.Context, id int64, owner, reason string) error {
	return s.settle(id, owner, func(it *Item) { it.Aside = reason })
}

// Prune forgets nothing: tests look at everything kept.
func (s *Store) Prune(context.Context, core.Platform, time.Time, time.Time, int) (int64, error) {
	return 0, nil
}
