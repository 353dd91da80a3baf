package slack

import (
	"context"
	"io"

	"github.com/slack-go/slack/slackevents"

	"github.com/hrbot/hrbot/bot"
)

// inboundFiles are the files shared in a message to the bot (subtype
// file_share): each kept by its url_private, which travels with the job
// through the intake. Files kept outside Slack (File.IsExternal) are not
// Slack's to give and are left out.
func inboundFiles(ev *slackevents.MessageEvent) []bot.InboundFile {
	if ev.Message == nil {
		return nil
	}
	var out []bot.InboundFile
	for _, f := range ev.Message.Files {
		if f.IsExternal || f.URLPrivate == "" {
			continue
		}
		out = append(out, bot.InboundFile{Name: f.Name, MIME: f.Mimetype, Size: int64(f.Size), Ref: f.URLPrivate})
	}
	return out
}

// withFetch lets the bot fetch a job's files: from their url_private with
// the bot token, through slack-go's GetFileContext (which sends the token
// only to Slack's hosts and the API URL's), read as it arrives.
func (a *Adapter) withFetch(in *bot.Incoming) {
	for i := range in.Files {
		u := in.Files[i].Ref
		in.Files[i].Fetch = func(ctx context.Context) (io.ReadCloser, error) { return a.download(ctx, u) }
	}
}

// download streams a shared file. The caller reads what it wants and
// closes it; closing early ends the download.
func (a *Adapter) download(ctx context.Context, u string) (io.ReadCloser, error) {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(a.api.GetFileContext(ctx, u, pw)) }()
	return pr, nil
}
