package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/hrbot/hrbot/knowledgebase"
)

const kbUsage = `Usage:
  hrbot kb import [--org ORG] DIR
      make the Markdown, text and HTML files under DIR the org's handbook
      (changed files replaced, removed ones deleted, the rest left alone)
  hrbot kb eval [--org ORG | --dir DIR] [-v] FILE...
      measure retrieval on JSON Lines files of questions:
      {"q": "年假可以分几次休？", "doc": "leave-policy.md", "section": "Annual leave"}
      {"q": "公司股票什么时候上市", "refuse": true}
      (a .txt file: questions to refuse, one a line)`

func cmdKB(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, kbUsage)
		return errUsage
	}
	switch args[0] {
	case "import":
		return cmdKBImport(ctx, e, args[1:])
	case "eval":
		return cmdKBEval(ctx, e, args[1:])
	}
	fmt.Fprintln(e.stderr, kbUsage)
	return errUsage
}

// parseOperands parses flags given before, between or after operands,
// and returns the operands.
func parseOperands(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return operands, nil
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseWithOperand is parseOperands for commands that take exactly one.
func parseWithOperand(fs *flag.FlagSet, args []string) (string, error) {
	operands, err := parseOperands(fs, args)
	if err != nil {
		return "", err
	}
	if len(operands) != 1 {
		fs.Usage()
		return "", errUsage
	}
	return operands[0], nil
}

func cmdKBImport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb import", "kb import [--org ORG] DIR\n\nMakes the Markdown (.md), text (.txt) and HTML (.html) files under DIR the\norg's handbook, chunked by headings. Importing again replaces changed files,\nremoves files no longer there and leaves the rest alone. With\nHRBOT_OPENAI_EMBEDDING_MODEL set, changed files are embedded too.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	dir, err := parseWithOperand(fs, args)
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("kb import: %s is not a directory", dir)
	}
	a, org, err := openOrg(ctx, e, *orgKey)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.svc.knowledge.Import(ctx, org.ID, dir, "kb import "+dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d added, %d updated, %d removed, %d unchanged; %d chunks written; revision %d\n",
		org.Key, res.Added, res.Updated, res.Removed, res.Unchanged, res.Chunks, res.Revision)
	return nil
}

func cmdKBEval(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb eval", "kb eval [--org ORG | --dir DIR] [-v] FILE...\n\nAsks every question of the FILEs (JSON Lines: q, doc, section; or q and\n\"refuse\": true for a question the handbook does not answer; a .txt file is\nquestions to refuse, one a line) and prints top-1 and top-3 accuracy, the\nshare of out-of-scope questions refused and retrieval latency. The last line\nreads top1=0.xx top3=0.xx p50_ms=N p99_ms=N, then refused=0.xx when there\nwere questions to refuse. With --dir the handbook is read from DIR into\nmemory and no database is needed; otherwise the org's imported handbook is\nsearched.")
	orgKey := fs.String("org", "", "org key; may be left out when there is one org")
	dir := fs.String("dir", "", "read the handbook from this directory instead of the database")
	verbose := fs.Bool("v", false, "list every question missed with what came first")
	files, err := parseOperands(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return errUsage
	}
	var cases []knowledgebase.EvalCase
	for _, file := range files {
		c, err := readEvalFile(file)
		if err != nil {
			return err
		}
		cases = append(cases, c...)
	}
	if len(cases) == 0 {
		return fmt.Errorf("kb eval %s: no questions", strings.Join(files, " "))
	}

	var search func(q string) ([]knowledgebase.Hit, error)
	if *dir != "" {
		docs, err := knowledgebase.ReadDir(*dir)
		if err != nil {
			return err
		}
		var passages []knowledgebase.Passage
		for _, d := range docs {
			for _, c := range d.Chunks {
				passages = append(passages, knowledgebase.Passage{ID: int64(len(passages) + 1), Doc: d.Name, DocTitle: d.Title,
					Section: c.Section, Path: c.Path, Text: c.Text})
			}
		}
		ix := knowledgebase.NewIndex(passages)
		fmt.Fprintf(e.stdout, "handbook: %s, %d documents, %d chunks (lexical)\n", *dir, len(docs), ix.Len())
		search = func(q string) ([]knowledgebase.Hit, error) { return ix.Search(q, nil, 3), nil }
	} else {
		a, org, err := openOrg(ctx, e, *orgKey)
		if err != nil {
			return err
		}
		defer a.Close()
		kb := a.svc.knowledge
		if _, err := kb.Search(ctx, org.ID, cases[0].Q, 3); err != nil { // loads the index: not part of a question's latency
			return err
		}
		fmt.Fprintf(e.stdout, "handbook: org %s (embeddings: %s)\n", org.Key, orDash(a.cfg.OpenAI.EmbeddingModel))
		search = func(q string) ([]knowledgebase.Hit, error) { return kb.Search(ctx, org.ID, q, 3) }
	}
	res, err := knowledgebase.Evaluate(cases, search)
	if err != nil {
		return err
	}
	if *verbose {
		for _, m := range res.Misses {
			want := m.Case.Doc
			if m.Case.Section != "" {
				want += " › " + m.Case.Section
			}
			if m.Case.Refuse {
				want = "(refused)"
			}
			fmt.Fprintf(e.stdout, "miss line %d: %s\n  want %s\n  got  %s\n", m.Case.Line, m.Case.Q, want, strings.Join(m.Got, " | "))
		}
	}
	fmt.Fprintf(e.stdout, "questions: %d, top-1 %d, top-3 %d, answered (top-1 and relevant enough) %d\n",
		res.N, count(res.Top1, res.N), count(res.Top3, res.N), count(res.Answered, res.N))
	if res.OutOfScope > 0 {
		fmt.Fprintf(e.stdout, "out of scope: %d, refused %d\n", res.OutOfScope, count(res.Refused, res.OutOfScope))
	}
	fmt.Fprintf(e.stdout, "latency: p50 %s, p99 %s\n", res.P50, res.P99)
	fmt.Fprintln(e.stdout, res.Summary())
	return nil
}

// readEvalFile reads one file of evaluation cases: JSON Lines, or
// questions to refuse when its name ends in .txt.
func readEvalFile(file string) ([]knowledgebase.EvalCase, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("kb eval: %w", err)
	}
	defer f.Close()
	read := knowledgebase.ReadEvalCases
	if strings.HasSuffix(file, ".txt") {
		read = knowledgebase.ReadRefuseCases
	}
	cases, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("kb eval %s: %w", file, err)
	}
	return cases, nil
}

// count is the number of n a share stands for.
func count(share float64, n int) int { return int(share*float64(n) + 0.5) }

func modelIf(on bool, model string) string {
	if on {
		return model
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
