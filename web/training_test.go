package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/core"
)

func TestHRUploadsQuizzesOnTheTrainingPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cs1, err := os.ReadFile("../examples/quizzes/cs-1.md")
	if err != nil {
		t.Fatal(err)
	}
	cs2, err := os.ReadFile("../examples/quizzes/cs-2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	hr := f.client("zhao")
	upload := func(files map[string][]byte, names ...string) (int, string) {
		return f.postFiles(hr, "/training", "/training/quizzes", "file", names, files)
	}
	version := func() int { return f.count(`SELECT coalesce(max(version), 0) FROM quiz_banks WHERE code = 'cs-1'`) }

	t.Run("OK", func(t *testing.T) {
		if _, page := f.open(hr, "/training"); !strings.Contains(page, `id="quiz-upload"`) || !strings.Contains(page, "还没有测验") {
			t.Fatalf("the training page has no upload form or says there are quizzes:\n%s", page)
		}
		status, page := upload(map[string][]byte{"cs-1.md": cs1}, "cs-1.md")
		if status != http.StatusOK || !strings.Contains(page, "测验已导入") {
			t.Fatalf("uploading cs-1.md: %d\n%s", status, page)
		}
		for _, want := range []string{`data-quiz="cs-1"`, "客服一级", "80%", "<td>6</td>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the list lacks %q:\n%s", want, page)
			}
		}
		if version() != 1 || f.count(`SELECT count(*) FROM audit_log WHERE action = $1 AND channel = 'web' AND actor_id IS NOT NULL`, core.AuditQuizImport) != 1 {
			t.Errorf("version %d, or the import is not audited as zhao's", version())
		}
		if got := f.chat("alice", "/quiz cs-1"); !strings.Contains(got, "Question 1/5") {
			t.Errorf("alice cannot take the quiz uploaded: %q", got)
		}
	})

	t.Run("Unchanged", func(t *testing.T) {
		status, page := upload(map[string][]byte{"cs-1.md": cs1}, "cs-1.md")
		if status != http.StatusOK || !strings.Contains(page, "没有变化") {
			t.Errorf("the same file again: %d\n%s", status, page)
		}
		if version() != 1 || f.audited(core.AuditQuizImport, core.OutcomeOK) != 1 {
			t.Errorf("the same file again made version %d or was audited as a change", version())
		}
	})

	t.Run("ErrProblems", func(t *testing.T) {
		bad := strings.Replace(string(cs1), "pass: 80%\n", "", 1)
		bad = strings.Replace(bad, "- [x] 7 天 / 7 days", "- [?] 7 天 / 7 days", 1)
		bad = strings.Replace(bad, "level: 1", "level: one", 1)
		status, page := upload(map[string][]byte{"cs-2.yaml": cs2, "cs-1.md": []byte(bad)}, "cs-2.yaml", "cs-1.md")
		if status != http.StatusBadRequest {
			t.Fatalf("a file with problems: %d\n%s", status, page)
		}
		for _, want := range []string{"没有导入任何测验", `id="quiz-problems"`, "cs-1.md",
			"缺少这一项：加上及格所需的百分比",      // pass
			"须为 1 到 5 的整数，填的是“one”", // level
			"第 1 题选项 b", "不能标 [?]", // the mark
			"<td>11</td>", // level's line
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the problems lack %q:\n%s", want, page)
			}
		}
		if strings.Contains(page, "is missing") || strings.Contains(page, "question 1") {
			t.Errorf("a problem is shown in English to a zh-CN reader:\n%s", page)
		}
		if n := f.count(`SELECT count(*) FROM quiz_banks`); n != 1 || version() != 1 {
			t.Errorf("a refused upload imported something: %d quizzes, cs-1 version %d", n, version())
		}
	})

	t.Run("ErrNoFile", func(t *testing.T) {
		if status, page := upload(nil); status != http.StatusBadRequest || !strings.Contains(page, "请选择要上传的测验文件") {
			t.Errorf("no file: %d\n%s", status, page)
		}
	})

	t.Run("ErrForbidden", func(t *testing.T) {
		status, _ := f.postFiles(f.client("alice"), "/me", "/training/quizzes", "file", []string{"cs-2.yaml"}, map[string][]byte{"cs-2.yaml": cs2})
		if status != http.StatusForbidden || f.audited(string(core.ActionTrainingAssign), core.OutcomeDenied) != 1 {
			t.Errorf("alice uploading: %d", status)
		}
		if n := f.count(`SELECT count(*) FROM quiz_banks`); n != 1 {
			t.Errorf("alice's upload imported: %d quizzes", n)
		}
	})

	t.Run("New version", func(t *testing.T) {
		changed := strings.Replace(string(cs1), "pass: 80%", "pass: 60%", 1)
		status, page := upload(map[string][]byte{"cs-1.md": []byte(changed), "cs-2.yaml": cs2}, "cs-1.md", "cs-2.yaml")
		if status != http.StatusOK || version() != 2 || !strings.Contains(page, `data-quiz="cs-2"`) || !strings.Contains(page, "60%") {
			t.Errorf("a changed file and a new one: %d, cs-1 version %d\n%s", status, version(), page)
		}
	})
}

// HR starts from the template the Training page offers (the hint named a
// directory of the source tree HR does not have): downloaded, it uploads
// as it is. An employee gets no template.
func TestQuizTemplateUploadsAsItIs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	if _, page := f.open(hr, "/training"); !strings.Contains(page, `href="/training/quiz-template.md"`) || strings.Contains(page, "examples/quizzes") {
		t.Errorf("the training page does not offer the template:\n%s", page)
	}
	resp, template := f.get(hr, "/training/quiz-template.md")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "quiz-template.md") {
		t.Fatalf("template: %d %v", resp.StatusCode, resp.Header)
	}
	status, page := f.postFiles(hr, "/training", "/training/quizzes", "file", []string{"quiz-template.md"}, map[string][]byte{"quiz-template.md": []byte(template)})
	if status != http.StatusOK || !strings.Contains(page, `data-quiz="safety-1"`) {
		t.Errorf("the template uploaded: %d\n%s", status, page)
	}
	if resp, _ := f.get(f.client("alice"), "/training/quiz-template.md"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an employee downloading the template: %d", resp.StatusCode)
	}
}

// In the browser: both example quizzes chosen at once, then listed.
func TestQuizUploadInTheBrowser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	files := []string{}
	for _, name := range []string{"cs-1.md", "cs-2.yaml"} {
		abs, err := filepath.Abs(filepath.Join("..", "examples", "quizzes", name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, abs)
	}
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/training")
	b.mustSee("测验", "还没有测验")
	b.run(chromedp.SetUploadFiles(chromedp.CSS(`#quiz-upload input[type="file"]`), files))
	b.click(`#quiz-upload button[type="submit"]`, "#quizzes")
	b.mustSee("测验已导入", "客服一级", "客服二级")
	if row := b.text(`#quizzes tr[data-quiz="cs-2"]`); !strings.Contains(row, "80%") {
		t.Errorf("cs-2's row: %q", row)
	}
	b.screenshot("training-quizzes-phone")
	bad := filepath.Join(t.TempDir(), "cs-3.md")
	if err := os.WriteFile(bad, []byte("# 客服三级 / Customer service level 3\n\ncode: cs-3\nskill: customer-service\nlevel: 3\n\n## 退货期限？ / Return period?\n- [ ] 3 天 / 3 days\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.run(chromedp.SetUploadFiles(chromedp.CSS(`#quiz-upload input[type="file"]`), []string{bad}))
	b.click(`#quiz-upload button[type="submit"]`, "#quiz-problems")
	b.mustSee("没有导入任何测验", "缺少这一项：加上及格所需的百分比", "只有一个选项；至少要 2 个")
	b.screenshot("training-quiz-problems-phone")
}
