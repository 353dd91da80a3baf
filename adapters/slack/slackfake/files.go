package slackfake

// Files: the three steps of an external upload, and what was shared where.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// getUploadURL starts an upload: it answers with a file id and an upload
// URL on this server, as Slack does with one on files.slack.com.
func (s *Server) getUploadURL(w http.ResponseWriter, form url.Values) {
	name := form.Get("filename")
	size, err := strconv.Atoi(form.Get("length"))
	switch {
	case name == "":
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	case err != nil || size <= 0:
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_length"})
		return
	}
	s.mu.Lock()
	s.nextFile++
	f := &File{ID: fmt.Sprintf("F%08d", s.nextFile), Name: name, Size: size, AltText: form.Get("alt_txt")}
	s.uploads[f.ID] = f
	s.mu.Unlock()
	s.record(Call{Method: "files.getUploadURLExternal", Files: []File{{ID: f.ID, Name: f.Name, Size: f.Size, AltText: f.AltText}}})
	writeJSON(w, map[string]any{"ok": true, "file_id": f.ID, "upload_url": s.URL() + "upload/" + f.ID})
}

// upload takes a file's bytes at its upload URL, sent as a multipart
// form (the "file" field, as slack-go sends it) or as the raw body.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if s.limited(w, "upload_url") {
		return
	}
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	var data []byte
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		var part io.ReadCloser
		part, _, err = r.FormFile("file")
		if err == nil {
			data, err = io.ReadAll(part)
			part.Close()
		}
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	} else {
		data, err = io.ReadAll(r.Body)
	}
	if err != nil {
		http.Error(w, "bad upload", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	f, ok := s.uploads[id]
	var name string
	if ok {
		f.Data, name = data, f.Name
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "no such upload", http.StatusNotFound)
		return
	}
	s.record(Call{Method: "upload_url", URL: s.URL() + "upload/" + id, Files: []File{{ID: id, Name: name, Size: len(data), Data: data}}})
	_, _ = fmt.Fprintf(w, "OK - %d", len(data))
}

// completeUpload finishes uploads and shares the files in a channel as
// one message, with the initial comment as its text. Slack wants a
// conversation id there: a user id is refused, the bot opens the DM first.
func (s *Server) completeUpload(w http.ResponseWriter, form url.Values) {
	var refs []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(form.Get("files")), &refs); err != nil || len(refs) == 0 {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	channel := form.Get("channel_id")
	if channel == "" && form.Get("channels") != "" {
		channel = strings.Split(form.Get("channels"), ",")[0]
	}
	if strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W") {
		writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	s.mu.Lock()
	var files []File
	for _, ref := range refs {
		f, ok := s.uploads[ref.ID]
		if !ok || len(f.Data) != f.Size {
			s.mu.Unlock()
			writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
			return
		}
		done := *f
		done.Title = ref.Title
		if done.Title == "" {
			done.Title = done.Name
		}
		files = append(files, done)
	}
	for _, f := range files {
		delete(s.uploads, f.ID)
	}
	ts := ""
	if channel != "" {
		s.nextTS++
		ts = fmt.Sprintf("%d.%06d", s.nextTS/1_000_000, s.nextTS%1_000_000)
	}
	s.mu.Unlock()
	s.record(Call{Method: "files.completeUploadExternal", Channel: channel, TS: ts, Text: form.Get("initial_comment"),
		ThreadTS: form.Get("thread_ts"), Files: files})
	var summaries []map[string]string
	for _, f := range files {
		summaries = append(summaries, map[string]string{"id": f.ID, "title": f.Title})
	}
	writeJSON(w, map[string]any{"ok": true, "files": summaries})
}

// FilesIn returns the files shared in a channel, oldest first, with the
// completeUploadExternal calls that shared them.
func (s *Server) FilesIn(channel string) []Call {
	var out []Call
	for _, c := range s.Calls("files.completeUploadExternal") {
		if c.Channel == channel {
			out = append(out, c)
		}
	}
	return out
}
