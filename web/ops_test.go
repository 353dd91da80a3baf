package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/training/quiz"
	"github.com/hrbot/hrbot/knowledgebase"
)

// bereavement is a handbook chapter the test org's handbook lacks.
const bereavement = `# Bereavement leave

## How many days

Employees get three days of paid bereavement leave when a close family member dies.
Tell your manager and HR as soon as you can.
`

func TestHRUploadsAHandbookDocumentThatChatThenFinds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if got := f.chat("alice", "/ask what if a close family member dies?"); strings.Contains(got, "three days") {
		t.Fatalf("the empty handbook answered %q", got)
	}
	file := filepath.Join(t.TempDir(), "bereavement.md")
	if err := os.WriteFile(file, []byte(bereavement), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/handbook")
	b.mustSee("员工手册还是空的")
	b.run(chromedp.SetUploadFiles(chromedp.CSS(`#upload-form input[type="file"]`), []string{file}))
	b.click(`#upload-form button[type="submit"]`, "p.notice")
	b.mustSee("Bereavement leave", "bereavement.md")
	b.screenshot("handbook-phone")
	if n := f.audited(core.AuditKBImport, core.OutcomeOK); n != 1 {
		t.Errorf("%d uploads audited with channel web, want 1", n)
	}
	if got := f.chat("alice", "/ask what if a close family member dies?"); !strings.Contains(got, "three days") {
		t.Errorf("after the upload chat answers %q", got)
	}
}

func TestHandbookUploadsAreBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	upload := func(name string, data []byte) (int, string) {
		return f.postFile(hr, "/handbook", "/handbook/upload", "file", name, data)
	}
	big := bytes.Repeat([]byte("# A\n\nlong text\n"), knowledgebase.MaxUploadBytes/14+1)
	if status, body := upload("big.md", big); status != http.StatusBadRequest || !strings.Contains(body, "文件太大") {
		t.Errorf("a file over 2 MiB: %d\n%s", status, body)
	}
	huge := bytes.Repeat([]byte("x"), 3*knowledgebase.MaxUploadBytes)
	if status, body := upload("huge.md", huge); status != http.StatusBadRequest || !strings.Contains(body, "文件太大") {
		t.Errorf("a file far over the limit: %d\n%s", status, body)
	}
	if status, body := upload("handbook.pdf", []byte("%PDF-1.4")); status != http.StatusBadRequest || !strings.Contains(body, "handbook.pdf") {
		t.Errorf("a PDF: %d\n%s", status, body)
	}
	if n := f.count(`SELECT count(*) FROM kb_documents`); n != 0 {
		t.Fatalf("%d documents stored from refused uploads", n)
	}
	if status, _ := upload("bereavement.md", []byte(bereavement)); status != http.StatusOK {
		t.Fatalf("a good upload: %d", status)
	}
	revision := f.count(`SELECT revision::int FROM kb_state`)
	if status, body := upload("bereavement.md", []byte(bereavement)); status != http.StatusOK || !strings.Contains(body, "没有变化") {
		t.Errorf("the same file again: %d\n%s", status, body)
	}
	if got := f.count(`SELECT revision::int FROM kb_state`); got != revision || f.audited(core.AuditKBImport, core.OutcomeOK) != 1 {
		t.Errorf("the same file again moved the revision %d → %d or was audited as a change", revision, got)
	}
	// An employee may not upload: refused and audited.
	status, _ := f.postFile(f.client("alice"), "/me", "/handbook/upload", "file", "x.md", []byte("# x\n\ny"))
	if status != http.StatusForbidden || f.audited(string(core.ActionKnowledgeManage), core.OutcomeDenied) != 1 {
		t.Errorf("alice uploading: %d", status)
	}
}

func TestHRAnswersAQuestionTheHandbookCouldNot(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.chat("alice", "/ask where do I park my bike?")
	hr := f.client("zhao")
	_, page := f.open(hr, "/handbook")
	if !strings.Contains(page, "where do I park my bike?") {
		t.Fatalf("the gap is not listed:\n%s", page)
	}
	id := f.count(`SELECT id::int FROM kb_questions`)
	status, _ := f.post(hr, "/handbook", "/handbook/answer/"+strconv.Itoa(id), url.Values{"answer": {"Behind the shop, by the back door."}})
	if status != http.StatusOK {
		t.Fatalf("answering: %d", status)
	}
	if got := f.renderLatestNotification("alice").text; !strings.Contains(got, "back door") {
		t.Errorf("alice is told %q", got)
	}
	if status, _ := f.post(hr, "/handbook", "/handbook/answer/"+strconv.Itoa(id), url.Values{"answer": {" "}}); status != http.StatusBadRequest {
		t.Errorf("an empty answer: %d", status)
	}
}

// certify has person pass a one-question quiz of skill at level, through
// the service chat uses.
func (f *fixture) certify(person, skill string, level int) {
	f.t.Helper()
	ctx := context.Background()
	m := f.member(person)
	bank := quiz.Bank{Code: skill + "-" + strconv.Itoa(level), Title: map[core.Locale]string{core.LocaleEN: "Basics of " + skill}, Skill: skill,
		Level: level, PassMark: 50, Questions: []quiz.Question{{ID: "q1", Text: map[core.Locale]string{core.LocaleEN: "Smile?"},
			Choices: []quiz.Choice{{ID: "a", Text: map[core.Locale]string{core.LocaleEN: "yes"}, Correct: true},
				{ID: "b", Text: map[core.Locale]string{core.LocaleEN: "no"}}}}}}
	if _, _, err := f.train.Import(ctx, m.Org.ID, bank); err != nil {
		f.t.Fatal(err)
	}
	a, err := f.train.Start(ctx, m, bank.Code)
	if err != nil {
		f.t.Fatal(err)
	}
	if a, err = f.train.Press(ctx, m, training.Answer{AttemptID: a.ID, Choice: "a"}); err != nil || !a.Result.Passed {
		f.t.Fatalf("the quiz: %+v, %v", a.Result, err)
	}
}

func TestTheSkillsMatrixShowsCertifications(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.certify("alice", "customer-service", 2)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/training")
	row := b.text(`#matrix tr[data-person="alice"]`)
	for _, want := range []string{"2 级", "有效至 2027-11-30", "customer-service-2"} {
		if !strings.Contains(row, want) {
			t.Errorf("alice's row %q lacks %q", row, want)
		}
	}
	if row := b.text(`#matrix tr[data-person="sun"]`); strings.Contains(row, "级") {
		t.Errorf("sun holds no skill, the matrix says %q", row)
	}
	b.mustSee("Basics of customer-service", "100%", "通过")
	b.screenshot("training-phone")
}

func TestMySkillsShowOnlyTheReadersOwn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.certify("alice", "customer-service", 3)
	status, page := f.open(f.client("alice"), "/me/skills")
	if status != http.StatusOK || !strings.Contains(page, "customer-service") || !strings.Contains(page, "Level 3") ||
		!strings.Contains(page, "2027-11-30") || !strings.Contains(page, "/quiz") {
		t.Errorf("alice's skills: %d\n%s", status, page)
	}
	_, page = f.open(f.client("sun"), "/me/skills")
	if strings.Contains(page, "Level 3") || strings.Contains(page, "3 级") || strings.Contains(page, "李爱丽") {
		t.Errorf("sun's skills page shows alice's:\n%s", page)
	}
}

func TestManagerAsksForCoverOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	boss := f.client("wang")
	status, page := f.post(boss, "/cover", "/cover", url.Values{"job": {"customer-service"}, "date": {"2026-12-05"},
		"from": {"14:00"}, "to": {"23:00"}, "count": {"2"}, "reason": {"weekend sale"}})
	if status != http.StatusOK || !strings.Contains(page, "weekend sale") || !strings.Contains(page, "2026-12-05 14:00–23:00") {
		t.Fatalf("asking for cover: %d\n%s", status, page)
	}
	if n := f.count(`SELECT count(*) FROM cover_requests WHERE needed = 2 AND status = 'open'`); n != 1 {
		t.Errorf("%d open requests stored", n)
	}
	status, _ = f.post(boss, "/cover", "/cover", url.Values{"job": {"customer-service"}, "date": {"2026-11-01"},
		"from": {"9:00"}, "to": {"18:00"}, "count": {"1"}})
	if status != http.StatusBadRequest {
		t.Errorf("cover in the past: %d", status)
	}
}
