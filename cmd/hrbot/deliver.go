package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/delivery"
)

// platformSender adapts an adapter's Push to the delivery queue, turning
// its "this account refuses messages" error into a permanent failure.
type platformSender struct {
	push    func(ctx context.Context, externalID, key string, replies []bot.Reply) (string, error)
	edit    func(ctx context.Context, externalID, ref string, r bot.Reply) error
	refused error
	// reply answers a person's message where it came from (Replier); nil
	// for a platform whose adapter does not queue its replies.
	reply func(ctx context.Context, to string, replies []bot.Reply) error
}

func (s platformSender) Reply(ctx context.Context, to string, replies []bot.Reply) error {
	if s.reply == nil {
		return fmt.Errorf("%w: no replies are queued for this platform", delivery.ErrPermanent)
	}
	return s.classify(s.reply(ctx, to, replies))
}

func (s platformSender) Send(ctx context.Context, externalID, key string, replies []bot.Reply) (string, error) {
	ref, err := s.push(ctx, externalID, key, replies)
	return ref, s.classify(err)
}

func (s platformSender) Edit(ctx context.Context, externalID, ref string, r bot.Reply) error {
	return s.classify(s.edit(ctx, externalID, ref, r))
}

func (s platformSender) classify(err error) error {
	if err != nil && errors.Is(err, s.refused) {
		return fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	}
	return err
}

// verifyingSender is a platformSender whose platform can say whether a
// delivery arrived (Slack, by message metadata).
type verifyingSender struct {
	platformSender
	delivered func(ctx context.Context, externalID, key string) (bool, error)
}

func (s verifyingSender) Delivered(ctx context.Context, externalID, key string) (bool, error) {
	ok, err := s.delivered(ctx, externalID, key)
	if err != nil && errors.Is(err, s.refused) {
		return false, fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	}
	return ok, err
}

// deduplicatingSender is a platformSender whose platform drops a repeat
// of a push within window (WeCom's duplicate check).
type deduplicatingSender struct {
	platformSender
	window time.Duration
}

func (s deduplicatingSender) DuplicateWindow() time.Duration { return s.window }

// renderFunc lets the queue be built before the bot that renders for it.
type renderFunc func(ctx context.Context, p core.Platform, externalID string, m delivery.Message) ([]bot.Reply, error)

func (f renderFunc) Render(ctx context.Context, p core.Platform, externalID string, m delivery.Message) ([]bot.Reply, error) {
	return f(ctx, p, externalID, m)
}
