package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// catalogueKey is what a message key looks like: "leave.preview", "att.kind.in".
var catalogueKey = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+\.?$`)

// usedKeys reads the Go code of hrbot for the message keys it uses: the
// key of every T/TMap/Has call, every core.Errorf a person reads (not
// EInternal), and Key fields. A key built from a prefix ("att.kind." +
// kind) is returned with its trailing dot.
func usedKeys(t *testing.T, dirs ...string) map[string][]string {
	t.Helper()
	used := map[string][]string{} // key -> where
	literal := func(e ast.Expr) (string, bool) {
		switch x := e.(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				s, err := strconv.Unquote(x.Value)
				return s, err == nil
			}
		case *ast.BinaryExpr: // "att.kind." + string(kind)
			if x.Op == token.ADD {
				if s, ok := literalOf(x.X); ok && strings.HasSuffix(s, ".") {
					return s, true
				}
			}
		}
		return "", false
	}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			note := func(s string, at token.Pos) {
				if catalogueKey.MatchString(s) {
					used[s] = append(used[s], fset.Position(at).String())
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					sel, ok := x.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					switch sel.Sel.Name {
					case "T", "TMap", "Has":
						for _, a := range x.Args {
							if s, ok := literal(a); ok {
								note(s, a.Pos())
								break
							}
						}
					case "Errorf":
						if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "core" || len(x.Args) < 2 {
							return true
						}
						if code, ok := x.Args[0].(*ast.SelectorExpr); ok && code.Sel.Name == "EInternal" {
							return true
						}
						if s, ok := literal(x.Args[1]); ok {
							note(s, x.Args[1].Pos())
						}
					}
				case *ast.KeyValueExpr:
					if id, ok := x.Key.(*ast.Ident); ok && (id.Name == "Key" || id.Name == "helpKey" || id.Name == "LabelKey") {
						if s, ok := literal(x.Value); ok {
							note(s, x.Value.Pos())
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return used
}

func literalOf(e ast.Expr) (string, bool) {
	if x, ok := e.(*ast.BasicLit); ok && x.Kind == token.STRING {
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	}
	return "", false
}

// Every message key the code uses exists in both languages, and every
// prefix a key is built from has keys under it.
func TestEveryKeyInBothLanguages(t *testing.T) {
	t.Parallel()
	used := usedKeys(t, ".", "../core", "../store", "../delivery", "../knowledgebase", "../cmd/hrbot", "../render")
	if len(used) < 300 {
		t.Fatalf("only %d keys found: the scan is broken", len(used))
	}
	cat := bot.NewCatalog()
	var missing []string
	for _, loc := range []core.Locale{core.LocaleEN, core.LocaleZH} {
		have := map[string]bool{}
		keys := cat.Keys(loc)
		for _, k := range keys {
			have[k] = true
		}
		for k, where := range used {
			switch {
			case strings.HasSuffix(k, "."):
				i := sort.SearchStrings(keys, k)
				if i == len(keys) || !strings.HasPrefix(keys[i], k) {
					missing = append(missing, string(loc)+": no key under "+k+" ("+where[0]+")")
				}
			case !have[k]:
				missing = append(missing, string(loc)+": "+k+" ("+where[0]+")")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
}
