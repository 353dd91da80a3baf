package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/leave"
)

// DocumentDesk keeps the files people send (documents.Service).
type DocumentDesk interface {
	// Ready is nil when files can be kept (there is a key to seal them).
	Ready() error
	Add(ctx context.Context, m core.Member, a documents.Addition, channel string) (documents.Document, error)
	Attach(ctx context.Context, m core.Member, ids []int64, requestID int64, channel string) (int, error)
	ForRequest(ctx context.Context, m core.Member, r leave.Request) ([]documents.Document, error)
	Read(ctx context.Context, m core.Member, id int64, channel string) (documents.Document, []byte, error)
}

// fetched is a file sent with a message, fetched before its turn: its
// bytes, or why it was not taken.
type fetched struct {
	name string
	data []byte
	err  error
}

// fetchTimeout bounds downloading one file from the platform.
const fetchTimeout = time.Minute

// errNotFetched stands for files not fetched because the turn will not
// take them (an unknown sender): it never reaches anyone.
var errNotFetched = errors.New("file not fetched")

// fetchFiles fetches the files sent with a message before its turn
// begins, so a slow download holds no transaction open. It fetches only
// what could be kept — from someone linked and active, in a private chat,
// with documents on and a key to seal them — and of each file no more
// than documents.MaxFileBytes: a file declared larger is refused unread,
// one that turns out larger is refused at the limit. What is refused
// carries the reason, said in the turn.
func (b *Bot) fetchFiles(ctx context.Context, in Incoming) []fetched {
	if len(in.Files) == 0 || in.Action != nil {
		return nil
	}
	out := make([]fetched, len(in.Files))
	refuse := func(err error) []fetched {
		for i, f := range in.Files {
			out[i] = fetched{name: f.Name, err: err}
		}
		return out
	}
	switch {
	case b.cfg.Documents == nil:
		return refuse(core.Errorf(core.EInvalid, "documents.off", "files are not taken here"))
	case !in.Private:
		return refuse(core.Errorf(core.EInvalid, "documents.private_only", "documents go in a private chat"))
	}
	if err := b.cfg.Documents.Ready(); err != nil {
		return refuse(err)
	}
	if m, err := b.cfg.Directory.Identify(ctx, in.Platform, in.UserID); (err != nil || m.Employee.Status != core.StatusActive) &&
		!b.candidateApplying(ctx, in) {
		return refuse(errNotFetched)
	}
	for i, f := range in.Files {
		data, err := b.fetchFile(ctx, f)
		if core.ErrorCodeOf(err) == core.EInternal {
			b.log.Warn("fetch file", "platform", in.Platform, "delivery", in.DeliveryID, "err", err)
			err = core.Errorf(core.EInvalid, "documents.fetch_failed", "could not fetch the file")
		}
		out[i] = fetched{name: f.Name, data: data, err: err}
	}
	return out
}

// fetchFile reads one file, refusing it as soon as it is known to be
// too large or not of a type kept.
func (b *Bot) fetchFile(ctx context.Context, f InboundFile) ([]byte, error) {
	if err := documents.CheckSize(f.Size); err != nil {
		return nil, err
	}
	if f.Fetch == nil {
		return nil, errors.New("no way to fetch the file")
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	rc, err := f.Fetch(ctx)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, documents.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if err := documents.CheckSize(int64(len(data))); err != nil {
		return nil, err
	}
	if _, err := documents.Sniff(data); err != nil {
		return nil, err
	}
	return data, nil
}
