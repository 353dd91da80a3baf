package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training/quiz"
	"github.com/hrbot/hrbot/store/pgtest"
)

const trainOrg = `
orgs:
  - key: shop
    name: Training Shop
    time_zone: UTC
    schedules:
      - key: flexible
        start: 2026-01-05
        weeks:
          - {mon: off, tue: off, wed: off, thu: off, fri: off, sat: off, sun: off}
    employees:
      - {key: helen, name: Helen HR, role: hr, locale: en, telegram: "701"}
      - {key: boss, name: Boss Wang, role: manager, locale: en, telegram: "702"}
      - {key: li, name: Li Ming, job: finance, schedule: flexible, manager: boss, locale: en, telegram: "703"}
`

// HR assigns the customer-service quiz to Li, a finance clerk; he is told
// and reminded, takes it in chat, passes — and is then offered customer
// service cover he could not get before.
func TestQuizAssignedTakenCertifiedThenCoverOnTelegram(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(trainOrg), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DATABASE_URL": dbURL}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	const bankFile = "../../examples/quizzes/cs-1.md"
	if r := hrbot(t, vars, "", "quiz", "import", bankFile); r.code != 0 || !strings.Contains(r.stdout, "cs-1:") {
		t.Fatalf("quiz import: %+v", r)
	}
	raw, _ := os.ReadFile(bankFile)
	bank, err := quiz.Parse(bankFile, raw)
	if err != nil {
		t.Fatal(err)
	}
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	vars["HRBOT_SCHEDULER_INTERVAL"] = "1s"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}

	// Before: Li cannot cover customer service.
	// Tomorrow 10:00–11:00: in the future whatever the time of the run.
	from := time.Now().UTC().Truncate(24 * time.Hour).Add(34 * time.Hour)
	cover := fmt.Sprintf("/cover customer-service %s %s-%s", from.Format("2006-01-02"), from.Format("15:04"), from.Add(time.Hour).Format("15:04"))
	h.post("s3cret", h.message(702, cover, nil))
	h.waitFor("sendMessage", 702, "Nobody can take it right now")

	// HR assigns the quiz, due today: Li is told, then reminded.
	h.post("s3cret", h.message(701, "/quiz assign cs-1 li today", nil))
	h.waitFor("sendMessage", 701, "to 1 people")
	h.waitFor("sendMessage", 703, "You have a quiz to take")
	notice := h.waitFor("sendMessage", 703, "Reminder: the quiz")

	// He starts it from the reminder's button and answers every question right.
	press := func(c telegramtest.Call, data string) {
		t.Helper()
		var id int
		fmt.Sscan(c.Params["message_id"], &id)
		h.post("s3cret", h.press(703, id, data))
	}
	press(notice, button(t, notice, "quiz.start|"))
	screen := h.waitFor("editMessageText", 703, "Question 1/") // the reminder becomes the quiz
	var first string
	for n := 1; ; n++ {
		q := questionOn(t, bank, screen.Params["text"])
		if n == 1 {
			first = buttonFor(t, screen, "", "quiz.") // any answer button of question 1, for the stale press below
		}
		var last string
		for _, c := range q.Choices {
			if !c.Correct {
				continue
			}
			label := bank.Text(c.Text, core.LocaleEN)
			if q.Multiple() {
				edits := len(fake.Calls("editMessageText"))
				press(screen, buttonFor(t, screen, "☐ "+label, "quiz.toggle|"))
				screen = nextEdit(t, fake, edits)
				buttonFor(t, screen, "☑ "+label, "quiz.toggle|") // shown as chosen
			} else {
				last = buttonFor(t, screen, label, "quiz.answer|")
			}
		}
		if q.Multiple() {
			last = buttonFor(t, screen, "Submit", "quiz.submit|")
		}
		edits := len(fake.Calls("editMessageText"))
		press(screen, last)
		screen = nextEdit(t, fake, edits)
		if strings.Contains(screen.Params["text"], "Passed") || strings.Contains(screen.Params["text"], "Not passed") {
			break
		}
	}
	if !strings.Contains(screen.Params["text"], "✅ Passed") || !strings.Contains(screen.Params["text"], "certified customer-service level 1") {
		t.Fatalf("result %q", screen.Params["text"])
	}
	// A button from a question already answered changes nothing.
	answers := len(fake.Calls("answerCallbackQuery"))
	press(notice, first)
	for deadline := time.Now().Add(10 * time.Second); len(fake.Calls("answerCallbackQuery")) == answers; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("stale press not answered")
		}
	}
	if got := fake.Calls("answerCallbackQuery"); !strings.Contains(got[len(got)-1].Params["text"], "attempt is finished") {
		t.Errorf("stale press answered %q", got[len(got)-1].Params["text"])
	}

	h.post("s3cret", h.message(703, "/skills", nil))
	h.waitFor("sendMessage", 703, "customer-service level 1 (quiz cs-1, valid until "+time.Now().UTC().AddDate(1, 0, 0).Format("2006-01"))
	h.post("s3cret", h.message(701, "/skills li", nil))
	h.waitFor("sendMessage", 701, "Li Ming's skills:")
	h.post("s3cret", h.message(701, "/quiz report cs-1", nil))
	h.waitFor("sendMessage", 701, "1 attempts, 1 passed (100%)")

	// After: the same cover is offered to him.
	h.post("s3cret", h.message(702, cover+" 1 again", nil))
	h.waitFor("sendMessage", 702, "Offered to 1: Li Ming")
	h.waitFor("sendMessage", 703, "Can you cover customer service")
}

// questionOn finds the bank question a quiz screen shows.
func questionOn(t *testing.T, b quiz.Bank, text string) quiz.Question {
	t.Helper()
	for _, q := range b.Questions {
		if strings.Contains(text, b.Text(q.Text, core.LocaleEN)) {
			return q
		}
	}
	t.Fatalf("no bank question on screen %q", text)
	return quiz.Question{}
}

// buttonFor returns the callback data of the button labelled label (any
// button when label is "") whose data starts with prefix.
func buttonFor(t *testing.T, c telegramtest.Call, label, prefix string) string {
	t.Helper()
	for _, row := range telegramtest.Keyboard(c) {
		for _, b := range row {
			l, data, _ := strings.Cut(b, "=")
			if (label == "" || l == label) && strings.HasPrefix(data, prefix) {
				return data
			}
		}
	}
	t.Fatalf("no button %q (%s) in %v", label, prefix, telegramtest.Keyboard(c))
	return ""
}

// nextEdit waits for the edit after the first `before` ones.
func nextEdit(t *testing.T, fake *telegramtest.Server, before int) telegramtest.Call {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if calls := fake.Calls("editMessageText"); len(calls) > before {
			return calls[before]
		}
		if time.Now().After(deadline) {
			t.Fatal("no edit after a press")
		}
	}
}

// A broken bank is refused whole, each problem with its file and line.
func TestQuizImportRefusesBrokenFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.md")
	os.WriteFile(bad, []byte("# Broken / Kaputt\n\ncode: bad\nskill: customer-service\nlevel: 9\npass: 80%\n\n## A question without a right answer?\n- [ ] yes\n- [ ] no\n"), 0o644)
	r := hrbot(t, map[string]string{"DATABASE_URL": pgtest.URL(t)}, "", "quiz", "import", bad)
	if r.code == 0 || !strings.Contains(r.stderr, "bad.md:5:") || !strings.Contains(r.stderr, "bad.md:8:") || !strings.Contains(r.stderr, "nothing imported") {
		t.Errorf("import of a broken file: %+v", r)
	}
	r = hrbot(t, map[string]string{"DATABASE_URL": pgtest.URL(t)}, "", "quiz", "import", "--lang", "zh-CN", bad)
	if r.code == 0 || !strings.Contains(r.stderr, "bad.md:5: level: 须在 1 到 5 之间，填的是 9") ||
		!strings.Contains(r.stderr, "bad.md:8: 第 1 题: 没有标出正确选项") {
		t.Errorf("import of a broken file, in Chinese: %+v", r)
	}
}
