package web

import (
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/signin"
)

// personDoc is one of a person's documents as their page lists it, with
// its download (/documents/ID: core audits each opening).
type personDoc struct {
	ID                      int64
	Kind, Name, Size, Added string
}

// personDocuments are e's documents for a reader who may open them — the
// person, HR and admins; nil for anyone else (a manager), who is not
// refused for a page they may see.
func (c *Console) personDocuments(rq *request, e core.Employee) ([]personDoc, bool, error) {
	if c.cfg.Documents == nil || core.Authorize(rq.m, core.ActionDocumentRead, &e) != nil {
		return nil, false, nil
	}
	ds, err := c.cfg.Documents.OfPerson(rq.r.Context(), rq.m, e, signin.Channel)
	if err != nil {
		return nil, false, err
	}
	v := view{request: rq}
	out := make([]personDoc, 0, len(ds))
	for _, d := range ds {
		out = append(out, personDoc{ID: d.ID, Kind: rq.T("documents.kind." + string(d.Kind)), Name: d.Name,
			Size: documents.HumanSize(d.Size), Added: v.When(d.CreatedAt)})
	}
	return out, true, nil
}
