package quiz_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core/training/quiz"
)

// Run it for a while with:
//
//	go test -run XXX -fuzz FuzzParseByName -fuzztime 25s ./core/training/quiz/

// fuzzNames are file names as `hrbot quiz import` sees them, by format.
var fuzzNames = []struct {
	name string
	read func(string, []byte) (quiz.Bank, error) // nil: not a quiz file
}{
	{"cs-1.md", quiz.ParseMarkdown},
	{"培训/客服 考试.markdown", quiz.ParseMarkdown},
	{"cs-2.yaml", quiz.ParseYAML},
	{"OPS.YML", quiz.ParseYAML},
	{"notes.txt", nil},
	{"quiz", nil},
}

// FuzzParseByName checks quiz.Parse as the import command calls it: it
// never hangs, reads a file exactly as its format's parser does (chosen by
// the extension, in any case), refuses any other file with one problem,
// and every refusal is a list of problems at file:line of that file, in
// line order. Accepted banks must keep the rules and read back the same
// from both formats (checkParsed).
func FuzzParseByName(f *testing.F) {
	for _, name := range []string{"../../../examples/quizzes/cs-1.md", "../../../examples/quizzes/cs-2.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for i := range fuzzNames {
			f.Add(uint8(i), data)
		}
	}
	f.Add(uint8(0), quiz.WriteMarkdown(sampleBank()))
	f.Add(uint8(2), quiz.WriteYAML(sampleBank()))
	f.Add(uint8(1), []byte("# 退货流程 / Returns\ncode: cs-returns\nskill: customer-service\nlevel: 2\npass: 80%\ntime: 10m\n"+
		"## 七天无理由退货从哪天算起？ / From when do the 7 days count? {#q1}\n- [x] zh: 签收次日 / en: The day after delivery\n- [ ] 下单当天 / The order day\n> zh: 见手册第3章\n"))
	f.Add(uint8(3), []byte("code: ops-night\ntitle: {zh: 夜班安全, en: Night safety}\nskill: ops\nlevel: 1\npass: 60\ndraw: 1\n"+
		"questions:\n  - id: fire\n    text: {zh: 灭火器在哪？, en: Where is the extinguisher?}\n    choices:\n      - {text: {zh: 门口, en: By the door}, correct: true}\n      - {text: 仓库里 / In the store}\n"))
	f.Add(uint8(0), []byte("## 没有标题的问题\n- [x] a\n"))
	f.Add(uint8(2), []byte("code: a\nlevel: 9\npass: 101\nquestions: [{text: q, choices: [{text: a}]}]\n"))
	f.Add(uint8(4), []byte("code: a\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		file := fuzzNames[int(which)%len(fuzzNames)]
		var b, direct quiz.Bank
		var err, directErr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			b, err = quiz.Parse(file.name, data)
			if file.read != nil {
				direct, directErr = file.read(file.name, data)
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("no answer after 10s")
		}
		if file.read == nil {
			var ps quiz.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].File != file.name || ps[0].Line != 1 {
				t.Fatalf("%s: want one problem at line 1, got %v", file.name, err)
			}
			return
		}
		if fmt.Sprint(err) != fmt.Sprint(directErr) || !reflect.DeepEqual(b, direct) {
			t.Fatalf("%s: Parse and its format's parser differ:\n%v\n%v", file.name, err, directErr)
		}
		if err != nil {
			var ps quiz.Problems
			errors.As(err, &ps)
			lines := bytes.Count(data, []byte("\n")) + 1
			for i, p := range ps {
				if p.File != file.name || p.Line > lines || i > 0 && p.Line < ps[i-1].Line {
					t.Fatalf("%s: problem %d out of place in the %d-line file: %v", file.name, i, lines, err)
				}
			}
		}
		checkParsed(t, b, err)
	})
}
