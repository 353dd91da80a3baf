// Package certificate is the termination certificate (离职证明) an
// employer owes whoever leaves it (Labour Contract Law art. 50;
// Implementing Regulations art. 24): it states the contract's term, the
// day employment ended, the job held and the years of service with the
// employer — and no reason, least of all a bad one. This package gathers
// those facts for HR, from the person's record, their approved
// resignation or their last day, their contracts, their job history and
// their personal file (legal name and ID number, opened from sealed
// storage), and audits every issuance. The words are the bot's; the PDF
// is render's.
package certificate

import (
	"slices"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/personfile"
)

// AuditIssue is the audit action of a certificate issued: its row names
// the person and the last day, never what the certificate says of them.
const AuditIssue = "leaving.certificate"

// Certificate is what a termination certificate states, in the org's
// language.
type Certificate struct {
	Org core.Org
	// Locale is the org's language, which the certificate is written in.
	Locale core.Locale
	Person core.Employee
	// LegalName is the name in the person's file, else their name in
	// Locale.
	LegalName string
	// IDType and IDNumber are from the person's file, in full: the
	// certificate goes to the person. IDNumber is "" when none is on file.
	IDType   personfile.IDType
	IDNumber string
	Hired    core.Date
	LastDay  core.Date
	// Job is the job held on the last day, with the org's names for it
	// (no names when the org file declares none).
	Job core.Job
	// Contract is the contract the person worked under on the last day
	// (the last one before it, when none covers it).
	Contract contracts.Terms
	// Expired says employment ended with the contract's term (终止)
	// rather than by ending the contract (解除).
	Expired bool
	Service Span
	// Issued is the day it is issued, in the org's zone.
	Issued core.Date
	// Body is the org's own text for Locale (the org file's certificate
	// section); "" for the built-in one.
	Body string
}

// Span is a length of service: whole years, then whole months, then days.
type Span struct{ Years, Months, Days int }

// Served is the service of someone employed from first to last, both
// days included: hired on 1 January 2020 and leaving on 31 October 2025
// is 5 years and 10 months.
func Served(first, last core.Date) Span {
	end := last.AddDays(1) // the first day no longer employed
	if end.Before(first) || first.IsZero() {
		return Span{}
	}
	months := (end.Year-first.Year)*12 + int(end.Month-first.Month)
	if end.Day < first.Day {
		months--
	}
	anchor := addMonths(first, months)
	for anchor.After(end) { // a month shorter than first's day
		months--
		anchor = addMonths(first, months)
	}
	return Span{Years: months / 12, Months: months % 12, Days: anchor.DaysUntil(end)}
}

// addMonths is d n months on, its day kept where the month has it, else
// the month's last day (31 January + 1 month is 28 or 29 February).
func addMonths(d core.Date, n int) core.Date {
	start := core.NewDate(d.Year, d.Month+time.Month(n), 1)
	if last := start.MonthEnd(); d.Day > last.Day {
		return last
	}
	return core.NewDate(start.Year, start.Month, d.Day)
}

// Placeholders are the names an org's own text may use, each written
// {name}: what the built-in text says, and the parts it says it with.
func Placeholders() []string {
	return []string{"name", "id", "id_type", "id_number", "org", "hire_date", "last_day", "job", "contract",
		"contract_start", "contract_end", "years", "issue_date"}
}

// CheckBody reports the placeholders in an org's own text that are not
// among Placeholders, each once, in the order written, and whether every
// brace is closed.
func CheckBody(body string) (unknown []string, unclosed bool) {
	known := map[string]bool{}
	for _, p := range Placeholders() {
		known[p] = true
	}
	for {
		i := strings.IndexByte(body, '{')
		if i < 0 {
			return unknown, false
		}
		j := strings.IndexByte(body[i:], '}')
		if j < 0 {
			return unknown, true
		}
		name := body[i+1 : i+j]
		if !known[name] && !slices.Contains(unknown, name) {
			unknown = append(unknown, name)
		}
		body = body[i+j+1:]
	}
}

// Fill writes body with each {name} replaced by its value; a name without
// one is left as written.
func Fill(body string, values map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(body, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(body[i:], '}')
		if j < 0 {
			break
		}
		v, ok := values[body[i+1:i+j]]
		if !ok {
			b.WriteString(body[:i+1])
			body = body[i+1:]
			continue
		}
		b.WriteString(body[:i])
		b.WriteString(v)
		body = body[i+j+1:]
	}
	b.WriteString(body)
	return b.String()
}
