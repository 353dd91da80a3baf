package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/signin"
)

// routeDocuments serves a person's document to whoever may open it: the
// person, HR, the approver of the request it is attached to. core decides
// and audits, as for the chat button; the page links to it from the
// requests waiting on Today.
func (c *Console) routeDocuments() {
	if c.cfg.Documents == nil {
		return
	}
	c.mux.HandleFunc("GET /documents/{id}", c.page(c.document))
}

// docLink is a document offered for download beside its request.
type docLink struct {
	ID         int64
	Kind, Name string
	Size       string
}

// requestDocuments are the links to a leave request's documents the
// reader may open; none when documents are off.
func (c *Console) requestDocuments(ctx context.Context, rq *request, r leave.Request) []docLink {
	if c.cfg.Documents == nil {
		return nil
	}
	ds, err := c.cfg.Documents.ForRequest(ctx, rq.m, r)
	if err != nil {
		c.logError(rq.r, "documents of a request", err)
		return nil
	}
	out := make([]docLink, 0, len(ds))
	for _, d := range ds {
		out = append(out, docLink{ID: d.ID, Kind: rq.T("documents.kind." + string(d.Kind)), Name: d.Name, Size: documents.HumanSize(d.Size)})
	}
	return out
}

// document sends one document as a download. Its bytes were checked for
// their type when kept; they are sent as that type, never shown in the
// page (attachment, nosniff), and not kept by the browser's cache.
func (c *Console) document(rq *request) error {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return core.Errorf(core.ENotFound, "web.not_found", "no such document")
	}
	d, data, err := c.cfg.Documents.Read(rq.r.Context(), rq.m, id, signin.Channel)
	if err != nil {
		return err
	}
	h := rq.w.Header()
	h.Set("Content-Type", d.MIME)
	h.Set("Content-Disposition", `attachment; filename="`+asciiName(d)+`"; filename*=UTF-8''`+url.PathEscape(d.Name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "private, no-store")
	rq.w.WriteHeader(http.StatusOK)
	_, err = rq.w.Write(data)
	return err
}

// asciiName is a document's file name for browsers that take only ASCII:
// its id and extension.
func asciiName(d documents.Document) string {
	return "document-" + strconv.FormatInt(d.ID, 10) + documents.Extension(d.MIME)
}
