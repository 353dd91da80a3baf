// Package i18n is the bot's message catalogue: every text a person reads,
// in simplified Chinese and English, picked by the reader's locale.
package i18n

import (
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Catalog looks up translated messages. Placeholders are written {name}.
type Catalog struct {
	messages map[core.Locale]map[string]string
}

// New returns the built-in catalogue. Packages with texts of their own
// (date parsing...) pass them in as extra English and Chinese tables.
func New(extra ...map[core.Locale]map[string]string) *Catalog {
	c := &Catalog{messages: map[core.Locale]map[string]string{
		core.LocaleEN: english(),
		core.LocaleZH: chinese(),
	}}
	extra = append(extra,
		map[core.Locale]map[string]string{core.LocaleEN: englishAttendance(), core.LocaleZH: chineseAttendance()},
		map[core.Locale]map[string]string{core.LocaleEN: englishLeave(), core.LocaleZH: chineseLeave()},
		map[core.Locale]map[string]string{core.LocaleEN: englishDelivery(), core.LocaleZH: chineseDelivery()},
		map[core.Locale]map[string]string{core.LocaleEN: englishCover(), core.LocaleZH: chineseCover()},
		map[core.Locale]map[string]string{core.LocaleEN: englishTraining(), core.LocaleZH: chineseTraining()},
		map[core.Locale]map[string]string{core.LocaleEN: englishQuizProblems(), core.LocaleZH: chineseQuizProblems()},
		map[core.Locale]map[string]string{core.LocaleEN: englishKnowledge(), core.LocaleZH: chineseKnowledge()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayroll(), core.LocaleZH: chinesePayroll()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayrollFiles(), core.LocaleZH: chinesePayrollFiles()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPerfPay(), core.LocaleZH: chinesePerfPay()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayrollTax(), core.LocaleZH: chinesePayrollTax()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayrollBonus(), core.LocaleZH: chinesePayrollBonus()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayrollAdjust(), core.LocaleZH: chinesePayrollAdjust()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayrollFirstWages(), core.LocaleZH: chinesePayrollFirstWages()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayrollSocial(), core.LocaleZH: chinesePayrollSocial()},
		map[core.Locale]map[string]string{core.LocaleEN: englishReport(), core.LocaleZH: chineseReport()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWeb(), core.LocaleZH: chineseWeb()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebPeople(), core.LocaleZH: chineseWebPeople()},
		map[core.Locale]map[string]string{core.LocaleEN: englishHome(), core.LocaleZH: chineseHome()},
		map[core.Locale]map[string]string{core.LocaleEN: englishStaff(), core.LocaleZH: chineseStaff()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebPayroll(), core.LocaleZH: chineseWebPayroll()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebPayrollTax(), core.LocaleZH: chineseWebPayrollTax()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebPayrollFirstWages(), core.LocaleZH: chineseWebPayrollFirstWages()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebReports(), core.LocaleZH: chineseWebReports()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebLeave(), core.LocaleZH: chineseWebLeave()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebHandbook(), core.LocaleZH: chineseWebHandbook()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebTraining(), core.LocaleZH: chineseWebTraining()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebCover(), core.LocaleZH: chineseWebCover()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebRota(), core.LocaleZH: chineseWebRota()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebPayProfiles(), core.LocaleZH: chineseWebPayProfiles()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebWeCom(), core.LocaleZH: chineseWebWeCom()},
		map[core.Locale]map[string]string{core.LocaleEN: englishDocuments(), core.LocaleZH: chineseDocuments()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebDocuments(), core.LocaleZH: chineseWebDocuments()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebWeComSync(), core.LocaleZH: chineseWebWeComSync()},
		map[core.Locale]map[string]string{core.LocaleEN: englishOnboarding(), core.LocaleZH: chineseOnboarding()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPersonFile(), core.LocaleZH: chinesePersonFile()},
		map[core.Locale]map[string]string{core.LocaleEN: englishContracts(), core.LocaleZH: chineseContracts()},
		map[core.Locale]map[string]string{core.LocaleEN: englishTransfer(), core.LocaleZH: chineseTransfer()},
		map[core.Locale]map[string]string{core.LocaleEN: englishLeaving(), core.LocaleZH: chineseLeaving()},
		map[core.Locale]map[string]string{core.LocaleEN: merged(englishWebLeaving(), englishWebScans()), core.LocaleZH: merged(chineseWebLeaving(), chineseWebScans())},
		map[core.Locale]map[string]string{core.LocaleEN: englishCertificate(), core.LocaleZH: chineseCertificate()},
		map[core.Locale]map[string]string{core.LocaleEN: englishRecruitingOffer(), core.LocaleZH: chineseRecruitingOffer()},
		map[core.Locale]map[string]string{core.LocaleEN: englishRecruiting(), core.LocaleZH: chineseRecruiting()},
		map[core.Locale]map[string]string{core.LocaleEN: merged(englishJobs(), englishWebJobs()), core.LocaleZH: merged(chineseJobs(), chineseWebJobs())},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebRecruiting(), core.LocaleZH: chineseWebRecruiting()},
		map[core.Locale]map[string]string{core.LocaleEN: englishRecruitingChat(), core.LocaleZH: chineseRecruitingChat()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPerf(), core.LocaleZH: chinesePerf()},
		map[core.Locale]map[string]string{core.LocaleEN: merged(englishPerfImport(), englishWebPerfImport()), core.LocaleZH: merged(chinesePerfImport(), chineseWebPerfImport())},
		map[core.Locale]map[string]string{core.LocaleEN: englishPerfReport(), core.LocaleZH: chinesePerfReport()},
		map[core.Locale]map[string]string{core.LocaleEN: englishWebPerf(), core.LocaleZH: chineseWebPerf()})
	for _, tables := range extra {
		for loc, msgs := range tables {
			for k, v := range msgs {
				c.messages[loc][k] = v
			}
		}
	}
	return c
}

// T returns the message key in locale loc with placeholders filled from
// args, given as name, value pairs. A key missing from loc falls back to
// English, and a key missing everywhere is returned as is, so a gap shows up
// in tests instead of as an empty reply.
func (c *Catalog) T(loc core.Locale, key string, args ...string) string {
	msg, ok := c.messages[loc][key]
	if !ok {
		if msg, ok = c.messages[core.LocaleEN][key]; !ok {
			return key
		}
	}
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	return fill(msg, args)
}

// fill replaces each {name} in msg with its value from args (name, value
// pairs); a placeholder with no value is left as it is. It is what a
// strings.Replacer would do, without building one for every message.
func fill(msg string, args []string) string {
	var b strings.Builder
	b.Grow(len(msg) + 16)
	for {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i:], '}')
		if j < 0 {
			break
		}
		name := msg[i+1 : i+j]
		value, ok := lookup(args, name)
		if !ok {
			b.WriteString(msg[:i+1])
			msg = msg[i+1:]
			continue
		}
		b.WriteString(msg[:i])
		b.WriteString(value)
		msg = msg[i+j+1:]
	}
	b.WriteString(msg)
	return b.String()
}

// lookup finds name's value in name, value pairs; the first pair wins, as
// in strings.NewReplacer.
func lookup(args []string, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == name {
			return args[i+1], true
		}
	}
	return "", false
}

// TMap is T with the placeholders in a map, as core errors carry them.
func (c *Catalog) TMap(loc core.Locale, key string, args map[string]string) string {
	flat := make([]string, 0, 2*len(args))
	for k, v := range args {
		flat = append(flat, k, v)
	}
	return c.T(loc, key, flat...)
}

// Has reports whether key exists in English, the reference locale.
func (c *Catalog) Has(key string) bool {
	_, ok := c.messages[core.LocaleEN][key]
	return ok
}

// Keys lists the keys of one locale, sorted.
func (c *Catalog) Keys(loc core.Locale) []string {
	keys := make([]string, 0, len(c.messages[loc]))
	for k := range c.messages[loc] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Locales lists the locales the catalogue speaks.
func (c *Catalog) Locales() []core.Locale { return []core.Locale{core.LocaleZH, core.LocaleEN} }

// BuiltinJobs are the jobs the catalogue has names for ("job.KEY"): hrbot's
// own names for common jobs, which an org without a jobs section still
// understands.
func (c *Catalog) BuiltinJobs() core.Jobs {
	var out core.Jobs
	for _, k := range c.Keys(core.LocaleEN) {
		key, ok := strings.CutPrefix(k, "job.")
		if !ok {
			continue
		}
		j := core.Job{Key: key, Names: map[core.Locale]string{}}
		for _, loc := range c.Locales() {
			j.Names[loc] = c.T(loc, k)
		}
		out = append(out, j)
	}
	return out
}
