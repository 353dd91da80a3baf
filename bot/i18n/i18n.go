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
		map[core.Locale]map[string]string{core.LocaleEN: englishKnowledge(), core.LocaleZH: chineseKnowledge()},
		map[core.Locale]map[string]string{core.LocaleEN: englishPayroll(), core.LocaleZH: chinesePayroll()},
		map[core.Locale]map[string]string{core.LocaleEN: englishReport(), core.LocaleZH: chineseReport()})
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
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+args[i]+"}", args[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(msg)
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
