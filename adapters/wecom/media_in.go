package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/hrbot/hrbot/bot"
)

// mediaJob reads a picture or a file a member sent as a message whose
// file the bot fetches by its MediaId (media/get). WeCom says nothing of
// its size: the bot reads no more than it keeps.
func mediaJob(m message, in bot.Incoming, to destination) (job, bool) {
	if m.MsgID == "" || m.MediaID == "" {
		return job{}, false
	}
	f := bot.InboundFile{Name: m.FileName, Ref: m.MediaID}
	if m.MsgType == "image" {
		f.MIME = "image/jpeg"
	}
	in.Files = []bot.InboundFile{f}
	return job{In: in, To: to}, true
}

// withFetch lets the bot fetch a job's files from WeCom's media/get.
func (a *Adapter) withFetch(in *bot.Incoming) {
	for i := range in.Files {
		id := in.Files[i].Ref
		in.Files[i].Fetch = func(ctx context.Context) (io.ReadCloser, error) { return a.api.Media(ctx, id) }
	}
}

// Media opens a temporary media file (one a member sent, kept by WeCom
// for three days) by its media_id: GET /cgi-bin/media/get. WeCom answers
// with the file, or with a JSON errcode, returned as *Error. The caller
// reads and closes the file.
func (a *API) Media(ctx context.Context, mediaID string) (io.ReadCloser, error) {
	var body io.ReadCloser
	err := a.withToken(ctx, "/cgi-bin/media/get", func(q url.Values, path string) error {
		q.Set("media_id", mediaID)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path+"?"+q.Encode(), nil)
		if err != nil {
			return fmt.Errorf("wecom %s: %w", path, err)
		}
		resp, err := a.http.Do(req)
		if err != nil {
			return fmt.Errorf("wecom %s: request failed", path) // the URL holds the token
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return fmt.Errorf("wecom %s: HTTP %d", path, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "json") || strings.HasPrefix(ct, "text/plain") {
			defer resp.Body.Close()
			return mediaError(path, resp.Body)
		}
		body = resp.Body
		return nil
	})
	return body, err
}

// mediaError reads the JSON answer media/get gives instead of a file.
func mediaError(path string, r io.Reader) error {
	var head struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.NewDecoder(io.LimitReader(r, 64<<10)).Decode(&head); err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	if head.ErrCode != 0 {
		return &Error{Path: path, Code: head.ErrCode, Msg: head.ErrMsg}
	}
	return errors.New("wecom " + path + ": an answer without a file")
}
