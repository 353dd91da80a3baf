package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/bot"
)

// inboundFiles are the files a message carries for the bot: a photo, in
// the largest size Telegram made of it, or a file sent as a document.
// Their bytes are fetched when the bot asks (getFile, then the download).
func (a *Adapter) inboundFiles(m *models.Message) []bot.InboundFile {
	switch {
	case len(m.Photo) > 0:
		best := m.Photo[0]
		for _, p := range m.Photo[1:] {
			if p.Width*p.Height > best.Width*best.Height || p.Width*p.Height == best.Width*best.Height && p.FileSize > best.FileSize {
				best = p
			}
		}
		return []bot.InboundFile{a.inbound(best.FileID, "", "image/jpeg", int64(best.FileSize))}
	case m.Document != nil:
		d := m.Document
		return []bot.InboundFile{a.inbound(d.FileID, d.FileName, d.MimeType, d.FileSize)}
	}
	return nil
}

func (a *Adapter) inbound(fileID, name, mime string, size int64) bot.InboundFile {
	return bot.InboundFile{Name: name, MIME: mime, Size: size, Ref: fileID,
		Fetch: func(ctx context.Context) (io.ReadCloser, error) { return a.download(ctx, fileID) }}
}

// download asks getFile where a file is and opens it there. The Bot API
// lets bots download files up to 20 MB; a larger one is refused by
// getFile. The caller reads and closes the body.
func (a *Adapter) download(ctx context.Context, fileID string) (io.ReadCloser, error) {
	f, err := a.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("telegram getFile: %w", err)
	}
	if f.FilePath == "" {
		return nil, errors.New("telegram getFile: no file_path")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, errors.New("telegram file download: bad link") // the link holds the token: keep it out
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, errors.New("telegram file download: request failed")
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("telegram file download: HTTP %d", resp.StatusCode)
	}
	return resp.Body, nil
}
