package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving/certificate"
)

// CertificateDesk issues termination certificates (*certificate.Service).
type CertificateDesk interface {
	Issue(ctx context.Context, m core.Member, key, channel string) (certificate.Certificate, error)
}

// LetterRenderer draws a letter as a PDF (render.Renderer). Without a
// font that draws Chinese it returns an error wrapping ErrNoChart.
type LetterRenderer interface {
	LetterPDF(l Letter) ([]byte, error)
}

// Letter is a one-page document as the bot words it — a termination
// certificate — for render to draw and the console to print.
type Letter struct {
	Locale core.Locale
	Title  string
	// Paragraphs are the body, in order.
	Paragraphs []string
	// Closing are the lines at the foot, right-aligned: who issues it, the
	// date.
	Closing []string
}

func (b *Bot) certificateFeature() feature {
	if b.cfg.Certificates == nil || b.cfg.Letters == nil {
		return feature{}
	}
	return feature{commands: []command{
		{name: "certificate", aliases: []string{"离职证明"}, helpKey: "help.cmd.certificate", staff: true, run: b.certificateCmd},
	}}
}

// certificateCmd: "/certificate PERSON" sends HR the person's termination
// certificate as a PDF, privately: it carries their ID number in full.
func (b *Bot) certificateCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	who := strings.TrimSpace(args)
	if who == "" {
		return []Reply{{Text: b.T(t, "certificate.usage")}}, nil
	}
	if err := b.privateOnly(t); err != nil {
		return nil, err
	}
	c, err := b.cfg.Certificates.Issue(ctx, *t.member, who, t.channel())
	if err != nil {
		return nil, err
	}
	pdf, err := b.cfg.Letters.LetterPDF(b.certificateLetter(c))
	if errors.Is(err, ErrNoChart) {
		return []Reply{{Text: b.T(t, "certificate.no_font"), Error: true}}, nil
	}
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "certificate.sent", "name", c.Person.Name), Ephemeral: true,
		// Sealed: the ID number is in it, opened from sealed storage.
		Attachments: []Attachment{{Name: CertificateFileName(c), MIME: "application/pdf", Data: pdf, Sealed: true}}}}, nil
}

// CertificateFileName is the certificate's file name: the person's id
// number in hrbot, not their name, which a file name should not carry.
func CertificateFileName(c certificate.Certificate) string {
	return "termination-certificate-" + strconv.FormatInt(c.Person.ID, 10) + ".pdf"
}

// certificateLetter writes c in its language: the org's own text when it
// has one, else the built-in one.
func (b *Bot) certificateLetter(c certificate.Certificate) Letter {
	loc := c.Locale
	t := func(key string, args ...string) string { return b.cat.T(loc, key, args...) }
	values := b.certificateValues(c)
	body := c.Body
	if body == "" {
		key := "certificate.body"
		if c.Expired {
			key = "certificate.body_expired"
		}
		body = t(key)
	}
	org := values["org"]
	return Letter{Locale: loc, Title: t("certificate.title"),
		Paragraphs: append(paragraphs(certificate.Fill(body, values)), t("certificate.closing")),
		Closing:    []string{t("certificate.seal", "org", org), t("certificate.issued", "date", values["issue_date"])}}
}

// certificateValues are the placeholders' values (certificate.Placeholders)
// in c's language.
func (b *Bot) certificateValues(c certificate.Certificate) map[string]string {
	loc := c.Locale
	t := func(key string, args ...string) string { return b.cat.T(loc, key, args...) }
	date := func(d core.Date) string {
		if d.IsZero() {
			return ""
		}
		month := strconv.Itoa(int(d.Month))
		if loc == core.LocaleEN {
			month = d.Month.String()
		}
		return t("certificate.date", "year", strconv.Itoa(d.Year), "month", month, "day", strconv.Itoa(d.Day))
	}
	v := map[string]string{"name": c.LegalName, "org": core.NameIn(c.Org.Name, loc), "hire_date": date(c.Hired),
		"last_day": date(c.LastDay), "job": b.letterJob(c), "contract_start": date(c.Contract.Start),
		"contract_end": date(c.Contract.End), "years": b.span(loc, c.Service), "issue_date": date(c.Issued)}
	kind := t("certificate.kind." + string(c.Contract.Kind))
	if c.Contract.End.IsZero() {
		v["contract"] = t("certificate.contract", "kind", kind, "start", v["contract_start"])
	} else {
		v["contract"] = t("certificate.contract_until", "kind", kind, "start", v["contract_start"], "end", v["contract_end"])
	}
	if c.IDNumber != "" {
		v["id_type"], v["id_number"] = t("certificate.id_type."+string(c.IDType)), c.IDNumber
		v["id"] = t("certificate.id", "id_type", v["id_type"], "id_number", c.IDNumber)
	} else {
		v["id_type"], v["id_number"], v["id"] = "", "", ""
	}
	return v
}

// letterJob names the job in the letter's language: the org's name for
// it, else the catalogue's, else its key.
func (b *Bot) letterJob(c certificate.Certificate) string {
	if len(c.Job.Names) > 0 {
		return c.Job.NameIn(c.Locale)
	}
	if name := b.cat.T(c.Locale, "job."+c.Job.Key); name != "job."+c.Job.Key {
		return name
	}
	return c.Job.Key
}

// span writes a length of service: years and months, or days when it is
// shorter than a month.
func (b *Bot) span(loc core.Locale, s certificate.Span) string {
	part := func(n int, one, many string) string {
		key := many
		if n == 1 {
			key = one
		}
		return b.cat.T(loc, key, "n", strconv.Itoa(n))
	}
	var parts []string
	if s.Years > 0 {
		parts = append(parts, part(s.Years, "certificate.span.year", "certificate.span.years"))
	}
	if s.Months > 0 {
		parts = append(parts, part(s.Months, "certificate.span.month", "certificate.span.months"))
	}
	if len(parts) == 0 {
		parts = append(parts, part(max(s.Days, 1), "certificate.span.day", "certificate.span.days"))
	}
	return strings.Join(parts, b.cat.T(loc, "certificate.span.and"))
}

// paragraphs splits a text at its blank lines; a single line break
// inside a paragraph stays one (an org's own text may want it).
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
