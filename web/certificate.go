package web

import (
	"errors"
	"net/http"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving/certificate"
	"github.com/hrbot/hrbot/core/signin"
)

// routeCertificates serves HR a person's termination certificate (离职证明):
// a page to print (/people/KEY/certificate) and the PDF chat sends
// (/people/KEY/certificate.pdf). Each opening is an issuance, audited by
// core; anyone but HR is refused (and audited) before the person is
// looked up. The person page links to it (person.go).
func (c *Console) routeCertificates() {
	if c.cfg.Certificates == nil {
		return
	}
	manage := func(h handler) http.HandlerFunc { return c.staffPage(core.ActionPeopleManage, h) }
	c.mux.HandleFunc("GET /people/{key}/certificate", manage(c.certificatePage))
	c.mux.HandleFunc("GET /people/{key}/certificate.pdf", manage(c.certificatePDF))
}

// certificateData is the printable page: the certificate as chat words
// it, in the org's language.
type certificateData struct {
	Key, Name string
	Letter    bot.Letter
	// PDF says the server can draw the PDF (it has a font with Chinese
	// glyphs).
	PDF bool
}

func (c *Console) certificatePage(rq *request) error {
	cert, err := c.issueCertificate(rq)
	if err != nil {
		return err
	}
	d := certificateData{Key: cert.Person.Key, Name: rq.words.Name(cert.Person.Name), Letter: rq.words.Certificate(cert),
		PDF: c.cfg.Letters != nil && c.cfg.Letters.Font != nil}
	return c.render(rq, "certificate", "web.title.certificate", d)
}

// certificatePDF downloads the PDF, named without the person's name.
func (c *Console) certificatePDF(rq *request) error {
	cert, err := c.issueCertificate(rq)
	if err != nil {
		return err
	}
	if c.cfg.Letters == nil {
		return core.Errorf(core.EInvalid, "certificate.no_font", "no renderer for PDF")
	}
	pdf, err := c.cfg.Letters.LetterPDF(rq.words.Certificate(cert))
	if errors.Is(err, bot.ErrNoChart) {
		return core.Errorf(core.EInvalid, "certificate.no_font", "no font for PDF")
	}
	if err != nil {
		return err
	}
	h := rq.w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+bot.CertificateFileName(cert)+`"`)
	h.Set("Cache-Control", "no-store") // it carries the ID number in full
	_, err = rq.w.Write(pdf)
	return err
}

func (c *Console) issueCertificate(rq *request) (certificate.Certificate, error) {
	rq.w.Header().Set("Cache-Control", "no-store")
	return c.cfg.Certificates.Issue(rq.r.Context(), rq.m, rq.r.PathValue("key"), signin.Channel)
}
