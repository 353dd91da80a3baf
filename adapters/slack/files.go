package slack

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/hrbot/hrbot/bot"
)

// Files go to Slack the current way (files.upload is retired): for each
// file files.getUploadURLExternal gives an upload URL, the bytes are
// POSTed there, and one files.completeUploadExternal shares them all in a
// conversation as one message, with an initial comment as its text. Every
// step is its own call, waiting for its limits and waiting out a 429 by
// itself, so a retry repeats only the step that was refused.

// share sends r and its files to a conversation: channel is its id (a
// channel, or a DM opened with conversations.open: files cannot be shared
// to a user id). dest is where a following message is posted (channel,
// or the user id for a push) and the key the channel's rate limit and
// refusals are counted under.
//
// The files are one message whose comment is the text, unless a message
// must follow them: for r's buttons, or when follow is set (the last part
// of a push, whose message carries the delivery key). Then the files go
// without a comment and the text and buttons follow, with extra. It
// returns the channel and timestamp of the following message, "" when
// there is none.
func (a *Adapter) share(ctx context.Context, dest, channel, threadTS string, r bot.Reply, follow bool, extra ...slackapi.MsgOption) (string, string, error) {
	files := r.Files()
	follow = follow || len(r.Buttons) > 0
	comment := r.Text
	if follow {
		comment = ""
	}
	if err := a.upload(ctx, dest, channel, threadTS, comment, files); err != nil {
		return "", "", err
	}
	if !follow {
		return "", "", nil
	}
	text := r.Text
	if strings.TrimSpace(text) == "" {
		text = "📎 " + names(files)
	}
	opts := slices.Clone(extra)
	if threadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(threadTS))
	}
	return a.post(ctx, dest, bot.Reply{Text: text, Buttons: r.Buttons}, opts...)
}

// upload shares files in a conversation (channel, a conversation id) as
// one message with comment as its text; threadTS puts it in a thread. key
// is what the channel's rate limit and refusals are counted under.
func (a *Adapter) upload(ctx context.Context, key, channel, threadTS, comment string, files []bot.Attachment) error {
	done := make([]slackapi.FileSummary, 0, len(files))
	for _, f := range files {
		name := f.FileName()
		var u *slackapi.GetUploadURLExternalResponse
		err := a.call(ctx, "files.getUploadURLExternal", "", func() error {
			var err error
			u, err = a.api.GetUploadURLExternalContext(ctx, slackapi.GetUploadURLExternalParameters{FileName: name, FileSize: len(f.Data)})
			return err
		})
		if err != nil {
			return err
		}
		err = a.call(ctx, "upload_url", "", func() error {
			// A fresh reader each attempt: a 429 is retried with the whole file.
			return a.api.UploadToURL(ctx, slackapi.UploadToURLParameters{UploadURL: u.UploadURL, Filename: name, Reader: bytes.NewReader(f.Data)})
		})
		if err != nil {
			return err
		}
		done = append(done, slackapi.FileSummary{ID: u.FileID, Title: name})
	}
	return a.call(ctx, "files.completeUploadExternal", key, func() error {
		_, err := a.api.CompleteUploadExternalContext(ctx, slackapi.CompleteUploadExternalParameters{
			Files: done, Channel: channel, InitialComment: truncate(comment, maxMessageText), ThreadTimestamp: threadTS,
		})
		return err
	})
}

// privately answers with a reply only its person may see — ephemeral, or
// through a response_url — with show. Such messages cannot carry files:
// the files go to the person's DM with the bot, the text their comment,
// and the answer says so. In that DM itself, where the files are seen
// anyway, an answer with nothing else to show (no buttons, nothing to
// replace) is left out. (A command may come from any DM, not only the
// bot's: whether it is the bot's is told by the DM's id.)
func (a *Adapter) privately(ctx context.Context, to destination, r bot.Reply, show func(bot.Reply) error) error {
	files := r.Files()
	if len(files) == 0 {
		return show(r)
	}
	channel, err := a.dm(ctx, to.user)
	here := err == nil && channel == to.channel
	if err == nil {
		// In the DM the files count against its limit as the answers
		// there do; sent there from elsewhere, as the person's, like pushes.
		key := to.user
		if here {
			key = channel
		}
		err = a.upload(ctx, key, channel, "", r.Text, files)
	}
	shown := bot.Reply{Text: r.Text, Buttons: r.Buttons, Ephemeral: r.Ephemeral, ReplaceMessage: r.ReplaceMessage, Error: r.Error}
	switch {
	case errors.Is(err, ErrBlocked):
		shown.Text = withNote(r.Text, "📎 "+names(files)+" — 无法私信发送，请先打开与我的私信 · I could not send you this in a direct message: open one with me first")
	case err != nil:
		return err
	case here && len(r.Buttons) == 0 && !r.ReplaceMessage:
		return nil
	case !here:
		shown.Text = withNote(r.Text, "📎 "+names(files)+" — 已私信发送 · sent to you in a direct message")
	}
	return show(shown)
}

func withNote(text, note string) string {
	if strings.TrimSpace(text) == "" {
		return note
	}
	return text + "\n\n" + note
}

func names(files []bot.Attachment) string {
	var out []string
	for _, f := range files {
		out = append(out, f.FileName())
	}
	return strings.Join(out, ", ")
}
