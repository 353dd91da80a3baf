package telegramtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/go-telegram/bot/models"
)

// MaxDownloadSize is the largest file the Bot API lets a bot download
// (getFile refuses bigger ones: "file is too big").
const MaxDownloadSize = 20 << 20

// userFiles are the files people sent the bot, as Telegram keeps them
// for getFile and the file download.
type userFiles struct {
	mu    sync.Mutex
	byID  map[string][]byte // file_id → bytes
	paths map[string]string // file_path → file_id
	// Downloads counts the bytes served by file downloads.
	served int64
}

// UserFile keeps data as a file a person sent (a photo, a document) and
// returns its file_id, for a message's photo or document.
func (s *Server) UserFile(data []byte) string {
	f := &s.received
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byID == nil {
		f.byID, f.paths = map[string][]byte{}, map[string]string{}
	}
	id := "AgAC-user-" + strconv.Itoa(len(f.byID)+1)
	f.byID[id] = data
	return id
}

// Served is how many bytes file downloads have sent.
func (s *Server) Served() int64 {
	s.received.mu.Lock()
	defer s.received.mu.Unlock()
	return s.received.served
}

// Photo is a private message with a photo in the sizes Telegram makes of
// it: the small ones are made-up thumbnails, the largest is fileID. The
// caption may be "".
func Photo(from int64, fileID string, size int, caption string) models.Message {
	return models.Message{From: &models.User{ID: from, FirstName: "user"}, Chat: models.Chat{ID: from, Type: models.ChatTypePrivate},
		Caption: caption, Photo: []models.PhotoSize{
			{FileID: fileID + "-s", FileUniqueID: "s", Width: 90, Height: 120, FileSize: 1500},
			{FileID: fileID, FileUniqueID: "x", Width: 1280, Height: 1706, FileSize: size},
		}}
}

// Document is a private message with a file sent as a document.
func Document(from int64, fileID, name, mime string, size int64, caption string) models.Message {
	return models.Message{From: &models.User{ID: from, FirstName: "user"}, Chat: models.Chat{ID: from, Type: models.ChatTypePrivate},
		Caption: caption, Document: &models.Document{FileID: fileID, FileUniqueID: "d-" + fileID, FileName: name, MimeType: mime, FileSize: size}}
}

// serveFiles answers getFile and the file downloads it leads to
// (/file/bot<token>/<file_path>), reporting whether r was one of them.
func (s *Server) serveFiles(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.URL.Path == "/bot"+s.Token+"/getFile":
		params, _, err := readParams(r)
		if err != nil {
			reply(w, 400, nil, "Bad Request: "+err.Error(), 0)
			return true
		}
		s.mu.Lock()
		s.calls = append(s.calls, Call{Method: "getFile", Params: params})
		s.mu.Unlock()
		f := &s.received
		f.mu.Lock()
		defer f.mu.Unlock()
		data, ok := f.byID[params["file_id"]]
		switch {
		case !ok:
			reply(w, 400, nil, "Bad Request: invalid file_id", 0)
		case len(data) > MaxDownloadSize:
			reply(w, 400, nil, "Bad Request: file is too big", 0)
		default:
			path := "photos/file_" + strconv.Itoa(len(f.paths)+1) + ".jpg"
			f.paths[path] = params["file_id"]
			reply(w, 200, models.File{FileID: params["file_id"], FileUniqueID: "u", FileSize: int64(len(data)), FilePath: path}, "", 0)
		}
		return true
	case strings.HasPrefix(r.URL.Path, "/file/"):
		path, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+s.Token+"/")
		f := &s.received
		f.mu.Lock()
		data, known := f.byID[f.paths[path]]
		if known {
			f.served += int64(len(data))
		}
		f.mu.Unlock()
		if !ok || !known {
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
			return true
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data)
		return true
	}
	return false
}
