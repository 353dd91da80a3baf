package slackfake

// Files people share with the bot: kept here as Slack keeps them, and
// served at their url_private to a request with the bot token, as
// files.slack.com does.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	slackapi "github.com/slack-go/slack"
)

// sharedFiles are the files members shared, by url_private path.
type sharedFiles struct {
	mu     sync.Mutex
	byPath map[string][]byte
	served int
}

// UserFile keeps data as a file a member shared and returns it as a
// message event carries it: id, name, mimetype, size and a url_private on
// this server.
func (s *Server) UserFile(name, mime string, data []byte) slackapi.File {
	f := &s.shared
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byPath == nil {
		f.byPath = map[string][]byte{}
	}
	id := fmt.Sprintf("FUSER%04d", len(f.byPath)+1)
	path := "/files-pri/" + TeamID + "-" + id + "/" + url.PathEscape(name)
	f.byPath[path] = data
	u := strings.TrimSuffix(s.URL(), "/") + path
	return slackapi.File{ID: id, Name: name, Title: name, Mimetype: mime, Size: len(data), Mode: "hosted",
		URLPrivate: u, URLPrivateDownload: u + "?download=1"}
}

// Downloads is how many shared files were downloaded.
func (s *Server) Downloads() int {
	s.shared.mu.Lock()
	defer s.shared.mu.Unlock()
	return s.shared.served
}

// signInPath is the sign-in page a download without the token ends on.
const signInPath = "/files-pri/signin"

// filePrivate serves a shared file to the bot token. Without it Slack
// redirects to the workspace's sign-in page with the path in redir.
func (s *Server) filePrivate(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == signInPath {
		s.signIn(w, r)
		return
	}
	f := &s.shared
	f.mu.Lock()
	data, ok := f.byPath[r.URL.EscapedPath()]
	if !ok {
		data, ok = f.byPath[r.URL.Path]
	}
	authorized := r.Header.Get("Authorization") == "Bearer "+s.BotToken
	if ok && authorized {
		f.served++
	}
	f.mu.Unlock()
	switch {
	case !authorized:
		http.Redirect(w, r, strings.TrimSuffix(s.URL(), "/")+signInPath+"?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
	case !ok:
		http.NotFound(w, r)
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data)
	}
}

// signIn is the sign-in page a download without the token ends on.
func (s *Server) signIn(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	_, _ = fmt.Fprint(w, "<html><body>Sign in to your workspace</body></html>")
}
