package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core/orgfile"
)

func cmdApply(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "apply", "apply -f FILE [--dry-run]\n\nMakes the database match the org file: orgs, teams, people, chat accounts.\n"+
		"Applying the same file again changes nothing; a file with any problem changes nothing.\n"+
		"Before applying it lists the edits made outside org files (on the web, in chat) that the file undoes.")
	file := fs.String("f", "", "org file (YAML), e.g. examples/org.yaml")
	check := fs.Bool("check", false, "only check the file, do not touch the database")
	dryRun := fs.Bool("dry-run", false, "show what applying the file would change, field by field, and change nothing")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *file == "" {
		fs.Usage()
		return errUsage
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	spec, err := orgfile.Parse(*file, data)
	if err != nil {
		return err
	}
	if *check {
		fmt.Fprintf(e.stdout, "%s is valid: %d org(s)\n", *file, len(spec.Orgs))
		return nil
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	preview, err := a.svc.setup.Preview(ctx, spec, *file)
	if err != nil {
		return err
	}
	if *dryRun {
		printPreview(e.stdout, *file, preview)
		return nil
	}
	printUndoes(e.stdout, *file, preview.Undoing())
	res, err := a.svc.setup.Apply(ctx, spec, *file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "applied %s: %d created, %d updated, %d unchanged\n", *file, res.Created, res.Updated, res.Unchanged)
	printNotInFile(e.stdout, res.NotInFile)
	for _, o := range spec.Orgs {
		if o.Handbook == "" {
			continue
		}
		org, err := a.svc.store.orgs.Find(ctx, o.Key)
		if err != nil {
			return err
		}
		kb, err := a.svc.knowledge.Import(ctx, org.ID, o.Handbook, "apply "+*file)
		if err != nil {
			return fmt.Errorf("org %s: handbook: %w", o.Key, err)
		}
		fmt.Fprintf(e.stdout, "handbook of %s: %d added, %d updated, %d removed, %d unchanged\n", o.Key, kb.Added, kb.Updated, kb.Removed, kb.Unchanged)
	}
	return nil
}

func cmdExport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "export", "export [--org KEY] [-o FILE]\n\nWrites the orgs' setup, as the database holds it, as an org file that\n"+
		"hrbot apply takes unchanged. Holiday-file days are written out one by one;\nthe handbook is not included (import it with hrbot kb import).")
	orgKey := fs.String("org", "", "org key; left out, every org (they must share one group)")
	out := fs.String("o", "", "file to write; default standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	var keys []string
	if *orgKey != "" {
		keys = []string{strings.ToLower(strings.TrimSpace(*orgKey))}
	}
	data, err := a.svc.setup.Export(ctx, keys...)
	if err != nil {
		return err
	}
	data = append([]byte("# Written by hrbot export: the setup the database holds. Apply it with\n"+
		"# hrbot apply -f FILE; see docs/orgfile.md.\n"), data...)
	if *out == "" {
		_, err = e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", *out)
	return nil
}

// printPreview lists every change a file would make, field by field.
func printPreview(w io.Writer, file string, c orgfile.Changes) {
	if c.Empty() {
		fmt.Fprintf(w, "dry run of %s: no changes\n", file)
	} else {
		fmt.Fprintf(w, "dry run of %s: %d change(s), %d undoing edits made outside org files; nothing applied\n",
			file, len(c.Records), len(c.Undoing()))
	}
	for _, r := range c.Records {
		fmt.Fprintf(w, "  %s\n", recordLine(r))
		for _, f := range r.Fields {
			fmt.Fprintf(w, "      %s: %s → %s\n", fieldName(f.Field), shown(f.Before), shown(f.After))
		}
		for _, u := range r.Undoes {
			fmt.Fprintf(w, "      ! undoes %s\n", editLine(u))
		}
	}
	printNotInFile(w, c.NotInFile)
}

// printUndoes warns, before an apply, of the outside edits it reverts.
func printUndoes(w io.Writer, file string, undoing []orgfile.Change) {
	if len(undoing) == 0 {
		return
	}
	fmt.Fprintf(w, "%s undoes %d change(s) made outside org files (the file wins for what it declares):\n", file, len(undoing))
	for _, r := range undoing {
		var fields []string
		for _, f := range r.Fields {
			fields = append(fields, fmt.Sprintf("%s: %s → %s", fieldName(f.Field), shown(f.Before), shown(f.After)))
		}
		fmt.Fprintf(w, "  %s  %s\n", recordLine(r), strings.Join(fields, "; "))
		for _, u := range r.Undoes {
			fmt.Fprintf(w, "      was %s\n", editLine(u))
		}
	}
}

func printNotInFile(w io.Writer, keys []string) {
	if len(keys) == 0 {
		return
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "not in the file (left as they are; set status: left to retire): %s\n", strings.Join(keys, ", "))
}

func recordLine(r orgfile.Change) string {
	key := r.Key
	if key == "" {
		key = "-"
	}
	return fmt.Sprintf("%s %s %s: %s", r.Org, r.Entity, key, r.Action)
}

func editLine(u orgfile.Edit) string {
	who := u.Actor
	if u.Name != "" {
		who += " (" + u.Name + ")"
	}
	return fmt.Sprintf("%s by %s via %s at %s", u.Action, who, u.Channel, u.At.UTC().Format("2006-01-02 15:04 UTC"))
}

func fieldName(f string) string {
	if f == "" {
		return "value"
	}
	return f
}

// shown prints a value on one line, shortened.
func shown(v string) string {
	if v == "" {
		return "(none)"
	}
	const most = 60
	if r := []rune(v); len(r) > most {
		return string(r[:most]) + "…"
	}
	return v
}
