package web

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"path"

	"github.com/hrbot/hrbot/core"
)

// uploadOverhead is what a multipart form adds around the file: the
// boundaries, the CSRF token, the file's headers.
const uploadOverhead = 64 << 10

// boundedUpload reads a multipart upload of a file of at most limit bytes
// before the page's checks read its CSRF token; a larger one is refused
// with the reason (key, max saying the limit in words), not as an expired
// form.
func (c *Console) boundedUpload(limit int64, key, max string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit+uploadOverhead)
		err := r.ParseMultipartForm(1 << 20)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			rq, ok := c.session(w, r)
			if !ok {
				c.plain(w, r, http.StatusUnauthorized, "web.signed_out")
				return
			}
			c.failErr(rq, core.Errorf(core.EInvalid, key, "upload over %d bytes", limit).With("max", max))
			return
		}
		next(w, r)
	}
}

// sentOrUploaded reads the file of a preview (uploaded in the form field
// field) or of an apply (sent back from the preview page: base64 in
// "file", its name in "name"). An upload over limit bytes is refused, max
// saying the limit in words.
func sentOrUploaded(rq *request, field string, limit int, max string) (name string, data []byte, err error) {
	if sent := rq.r.PostFormValue("file"); sent != "" {
		if data, err = base64.StdEncoding.DecodeString(sent); err != nil {
			return "", nil, core.Errorf(core.EInvalid, "web.bad_request", "file sent back: %v", err)
		}
		return path.Base(rq.r.PostFormValue("name")), data, nil
	}
	f, hdr, err := rq.r.FormFile(field)
	if err != nil {
		return "", nil, core.Errorf(core.EInvalid, "web.settings.no_file", "no file")
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return "", nil, err
	}
	if len(data) > limit {
		return "", nil, core.Errorf(core.EInvalid, "web.too_big", "file over %d bytes", limit).With("max", max)
	}
	return path.Base(hdr.Filename), data, nil
}
