package web

import (
	"io"
	"strconv"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/signin"
)

// scanSection is a contract's signed copy on its page: the link to the
// one kept, and HR's upload of a new one.
type scanSection struct {
	ID                     int64 // the contract's
	DocID                  int64 // 0 while there is none
	Name, Size, Added, Max string
}

// scanSectionOf is k's scan section; nil when documents are not kept.
func (c *Console) scanSectionOf(rq *request, k contracts.Contract) *scanSection {
	if c.cfg.Documents == nil {
		return nil
	}
	s := &scanSection{ID: k.ID, DocID: k.Scan.DocumentID, Name: k.Scan.Name, Max: documents.HumanSize(documents.MaxFileBytes)}
	if s.DocID != 0 {
		s.Size, s.Added = documents.HumanSize(k.Scan.Size), view{request: rq}.When(k.Scan.AddedAt)
	}
	return s
}

// contractScan keeps the uploaded signed scan in the person's documents
// (checked by its bytes, sealed) and links it to the contract; a refused
// file is shown on the contract's page with the reason.
func (c *Console) contractScan(rq *request) error {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return core.Errorf(core.ENotFound, "contract.not_found", "no contract %q", rq.r.PathValue("id"))
	}
	name, data, err := uploadedScan(rq)
	if err == nil {
		_, err = c.cfg.Contracts.AddScan(rq.r.Context(), rq.m, id, name, data, c.cfg.Documents, signin.Channel)
	}
	if err == nil {
		return rq.back("/contracts/"+strconv.FormatInt(id, 10), "web.done.contract_scan")
	}
	if code := core.ErrorCodeOf(err); code != core.EInvalid && code != core.EConflict {
		return err
	}
	v, verr := c.contractView(rq)
	if verr != nil {
		return verr
	}
	return c.contractFormError(rq, c.editFormOf(rq, v), "web.title.contract_edit", err)
}

// uploadedScan reads the form's file, at most documents.MaxFileBytes
// (boundedUpload refused a larger body already).
func uploadedScan(rq *request) (string, []byte, error) {
	f, hdr, err := rq.r.FormFile("scan")
	if err != nil {
		return "", nil, core.Errorf(core.EInvalid, "web.settings.no_file", "no file")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, documents.MaxFileBytes+1))
	if err != nil {
		return "", nil, err
	}
	if err := documents.CheckSize(int64(len(data))); err != nil {
		return "", nil, err
	}
	return hdr.Filename, data, nil
}
