package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training/quiz"
)

func cmdQuiz(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(e.stderr, "Usage: hrbot quiz import [--org ORG] [--lang en|zh-CN] FILE...")
		return errUsage
	}
	fs := newFlags(e, "quiz import", "quiz import [--org ORG] [--lang en|zh-CN] FILE...\n\nImports quiz banks (YAML, or Markdown as in examples/quizzes) into an org.\nEvery file is checked first; a file with any problem imports nothing and\neach problem is reported as file:line: field: reason. Importing a file\nagain only makes a new version when it changed. The web console's Training\npage does the same.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	lang := fs.String("lang", "en", "language of the problems: en or zh-CN")
	files, err := parseOperands(fs, args[1:])
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return errUsage
	}
	loc, ok := core.ParseLocale(*lang)
	if !ok {
		fmt.Fprintf(e.stderr, "--lang %s: say en or zh-CN\n", *lang)
		return errUsage
	}
	cat := i18n.New()
	say := func(key string, args ...string) string { return cat.T(loc, key, args...) }
	var banks []quiz.Bank
	var problems error
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			problems = errors.Join(problems, err)
			continue
		}
		b, err := quiz.Parse(name, data)
		var ps quiz.Problems
		switch {
		case errors.As(err, &ps) && loc != core.LocaleEN:
			for _, p := range ps {
				where, why := p.In(say)
				problems = errors.Join(problems, fmt.Errorf("%s:%d: %s: %s", p.File, p.Line, where, why))
			}
			continue
		case err != nil:
			problems = errors.Join(problems, err)
			continue
		}
		banks = append(banks, b)
	}
	if problems != nil {
		fmt.Fprintln(e.stderr, problems)
		return fmt.Errorf("nothing imported")
	}
	a, org, err := openOrg(ctx, e, *orgKey)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.svc.training
	for _, b := range banks {
		stored, changed, err := svc.Import(ctx, org.ID, b)
		if err != nil {
			return err
		}
		state := "unchanged"
		if changed {
			state = fmt.Sprintf("version %d", stored.Version)
		}
		fmt.Fprintf(e.stdout, "%s: %d questions, %s level %d, pass %d%% — %s\n", b.Code, len(b.Questions), b.Skill, b.Level, b.PassMark, state)
	}
	return nil
}

// pickOrg finds the org named, or the only one.
// openOrg opens the app and picks the org a command is about; the caller
// closes the app.
func openOrg(ctx context.Context, e env, key string) (*app, core.Org, error) {
	a, err := open(ctx, e, true)
	if err != nil {
		return nil, core.Org{}, err
	}
	org, err := pickOrg(ctx, a, key)
	if err != nil {
		a.Close()
		return nil, core.Org{}, err
	}
	return a, org, nil
}

func pickOrg(ctx context.Context, a *app, key string) (core.Org, error) {
	if key != "" {
		return a.svc.store.orgs.Find(ctx, key)
	}
	keys, err := a.svc.store.orgs.Keys(ctx)
	if err != nil {
		return core.Org{}, err
	}
	if len(keys) != 1 {
		return core.Org{}, fmt.Errorf("there are %d orgs: say which with --org (%v)", len(keys), keys)
	}
	return a.svc.store.orgs.Find(ctx, keys[0])
}
