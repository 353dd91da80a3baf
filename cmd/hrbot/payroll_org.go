package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
)

// The payroll commands share how they open an org and speak: flags for the
// org and period, the org found or the only one, messages and errors in
// the org's language (or --lang).

// orgPeople are the keys of an org's active people.
func orgPeople(ctx context.Context, a *app, org core.Org) (map[string]bool, error) {
	emps, err := a.svc.store.directory.ListEmployees(ctx, org.ID, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(emps))
	for _, e := range emps {
		out[e.Key] = true
	}
	return out, nil
}

// translator writes the CLI's payroll messages in one language (the org's
// default, or --lang) from the bot's catalogue.
type translator struct {
	cat *i18n.Catalog
	loc core.Locale
}

func newTranslator(loc core.Locale) translator {
	if loc == "" {
		loc = core.LocaleEN
	}
	return translator{cat: bot.NewCatalog(), loc: loc}
}

// T is the catalogue's text of key.
func (tr translator) T(key string, args ...string) string { return tr.cat.T(tr.loc, key, args...) }

// error is what a person reads for err: a core error's translated message,
// anything else as it is.
func (tr translator) error(err error) string {
	if e, ok := core.AsError(err); ok && e.Code != core.EInternal && e.Key != "" && tr.cat.Has(e.Key) {
		return tr.cat.TMap(tr.loc, e.Key, e.Args)
	}
	return err.Error()
}

// humanError prints as a sentence for people and keeps the error it
// explains for errors.Is and errors.As.
type humanError struct {
	text string
	err  error
}

func (h humanError) Error() string { return h.text }

func (h humanError) Unwrap() error { return h.err }

// explain turns err into the sentence a person reads; a refused approval
// lists its reasons and how to approve anyway.
func (tr translator) explain(err error) error {
	if err == nil {
		return nil
	}
	var refused *payroll.RefusedError
	if errors.As(err, &refused) {
		lines := []string{tr.T("payroll.refused", "period", refused.Period)}
		for _, w := range refused.Blockers {
			lines = append(lines, bot.DescribeWarning(tr.cat, tr.loc, w))
		}
		lines = append(lines, tr.T("payroll.refused_hint_cli", "period", refused.Period))
		return humanError{strings.Join(lines, "\n"), err}
	}
	if e, ok := core.AsError(err); ok && e.Code != core.EInternal && e.Key != "" && tr.cat.Has(e.Key) {
		return humanError{tr.error(err), err}
	}
	return err
}

// openPayrollLang opens the database, finds the org and the language to write in.
func openPayrollLang(ctx context.Context, e env, orgKey, lang string) (*app, core.Org, translator, error) {
	var loc core.Locale
	if lang != "" {
		l, ok := core.ParseLocale(lang)
		if !ok {
			return nil, core.Org{}, translator{}, fmt.Errorf("--lang %q: write en or zh-CN", lang)
		}
		loc = l
	}
	a, org, err := openOrg(ctx, e, orgKey)
	if err != nil {
		return nil, core.Org{}, translator{}, err
	}
	if loc == "" {
		loc = org.DefaultLocale
	}
	return a, org, newTranslator(loc), nil
}

// payrollFlags are the flags most payroll subcommands share.
type payrollFlags struct {
	org, period, lang *string
}

func newPayrollFlags(e env, name, synopsis string) (*payrollFlags, *flag.FlagSet) {
	fs := newFlags(e, name, synopsis)
	return &payrollFlags{
		org:    fs.String("org", "", "org key; may be left out when there is one org"),
		period: fs.String("period", "", "the month, YYYY-MM"),
		lang:   fs.String("lang", "", "language of the output: en or zh-CN (default: the org's)"),
	}, fs
}

// openPayroll parses the flags, opens the database, finds the org and
// checks the period, saying what is wrong with it in the org's language.
func openPayroll(ctx context.Context, e env, fs *flag.FlagSet, pf *payrollFlags, args []string) (*app, core.Org, translator, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, core.Org{}, translator{}, err
	}
	if strings.TrimSpace(*pf.period) == "" {
		fmt.Fprintln(e.stderr, newTranslator(core.LocaleEN).T("payroll.cli.period_required"))
		fs.Usage()
		return nil, core.Org{}, translator{}, errUsage
	}
	a, org, tr, err := openPayrollLang(ctx, e, *pf.org, *pf.lang)
	if err != nil {
		return nil, core.Org{}, translator{}, err
	}
	if _, _, err := payroll.ParsePeriod(*pf.period); err != nil {
		a.Close()
		return nil, core.Org{}, translator{}, tr.explain(err)
	}
	*pf.period = strings.TrimSpace(*pf.period)
	return a, org, tr, nil
}
