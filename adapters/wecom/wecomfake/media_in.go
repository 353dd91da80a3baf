package wecomfake

import (
	"net/http"
	"strconv"
	"time"
)

// errInvalidMediaID is WeCom's answer for a media_id it does not have.
const errInvalidMediaID = 40007

// UserMedia keeps data as a file a member sent (a picture, a file), as
// WeCom keeps it for three days, and returns its media_id for an Image or
// File callback.
func (s *Server) UserMedia(name, mime string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.next("user-media")
	s.media[id] = Media{ID: id, Type: mime, Name: name, Data: data}
	return id
}

// mediaGet serves GET /cgi-bin/media/get as WeCom does: the file itself,
// with its type and name in the headers, or a JSON errcode (a token
// refused, a media_id unknown). Each call is recorded.
func (s *Server) mediaGet(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	tok := q.Get("access_token")
	code := 0
	switch {
	case tok == "":
		code = 41001
	case !s.tokens[tok]:
		code = ErrTokenExpired
	case len(s.fails[r.URL.Path]) > 0:
		code, s.fails[r.URL.Path] = s.fails[r.URL.Path][0], s.fails[r.URL.Path][1:]
	}
	m, ok := s.media[q.Get("media_id")]
	if code == 0 && !ok {
		code = errInvalidMediaID
	}
	s.calls = append(s.calls, Call{Path: r.URL.Path, Body: map[string]any{"media_id": q.Get("media_id")}, At: time.Now(), ErrCode: code})
	s.mu.Unlock()
	if code != 0 {
		w.Header().Set("Error-Code", strconv.Itoa(code))
		writeJSON(w, errBody(code))
		return
	}
	typ := m.Type
	if typ == "" || typ == "image" || typ == "file" {
		typ = "application/octet-stream"
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Content-Disposition", `attachment; filename="`+m.Name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.Data)))
	_, _ = w.Write(m.Data)
}
