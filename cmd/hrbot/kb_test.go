package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/knowledgebase/openaitest"
	"github.com/hrbot/hrbot/store/pgtest"
)

const kbOrg = `
orgs:
  - key: shop
    name: Xianguo Shop
    time_zone: UTC
    leave_types:
      - {key: annual, name: 年假 Annual leave, unit: half_day, accrual: fixed, entitlement_days: 5}
    employees:
      - {key: helen, name: Helen HR, role: hr, locale: en, telegram: "801"}
      - {key: li, name: Li Ming, locale: en, telegram: "802", hire_date: 2020-01-01}
      - {key: mei, name: 韩梅梅, locale: zh-CN, telegram: "803"}
`

const (
	sampleHandbook = "../../examples/handbook"
	sampleEval     = "../../examples/kb-eval/eval.jsonl"
	sampleRefuse   = "../../examples/kb-eval/unanswerable.txt"
)

var evalSummary = regexp.MustCompile(`(?m)\Atop1=(\d\.\d\d) top3=(\d\.\d\d) p50_ms=(\d+) p99_ms=(\d+)(?: refused=(\d\.\d\d))?\z`)

// kbSetup applies the org and imports the sample handbook; it returns the
// environment for hrbot.
func kbSetup(t *testing.T) map[string]string {
	t.Helper()
	vars := applyOrg(t, pgtest.URL(t), kbOrg)
	r := hrbot(t, vars, "", "kb", "import", sampleHandbook)
	if r.code != 0 || !strings.Contains(r.stdout, "8 added, 0 updated, 0 removed, 0 unchanged") {
		t.Fatalf("kb import: %+v", r)
	}
	if r := hrbot(t, vars, "", "kb", "import", "--org", "shop", sampleHandbook); r.code != 0 || !strings.Contains(r.stdout, "0 added, 0 updated, 0 removed, 8 unchanged") {
		t.Fatalf("kb import again: %+v", r)
	}
	return vars
}

// The sample dev set, through the command scripts use: the last line is
// the machine-readable summary, and lexical retrieval alone keeps what
// issue 27 reached (top-1 0.86, top-3 0.96), less a margin — from the
// directory and from the database alike.
func TestKBEvalCommand(t *testing.T) {
	t.Parallel()
	vars := kbSetup(t)
	for _, args := range [][]string{
		{"kb", "eval", "--dir", sampleHandbook, sampleEval},
		{"kb", "eval", "--org", "shop", sampleEval, sampleRefuse},
	} {
		r := hrbot(t, vars, "", args...)
		if r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		m := evalSummary.FindStringSubmatch(lines[len(lines)-1])
		if m == nil {
			t.Fatalf("%v: last line %q", args, lines[len(lines)-1])
		}
		top1, _ := strconv.ParseFloat(m[1], 64)
		top3, _ := strconv.ParseFloat(m[2], 64)
		if top1 < 0.82 || top3 < 0.93 || top1 > top3 {
			t.Errorf("%v: top1 %.2f top3 %.2f; want top1 >= 0.82, top3 >= 0.93", args, top1, top3)
		}
		// Out-of-scope questions are scored only when given, and refused.
		if refused, _ := strconv.ParseFloat(m[5], 64); (m[5] != "") != slices.Contains(args, sampleRefuse) || (m[5] != "" && refused < 0.85) {
			t.Errorf("%v: refused %q; want it with the questions to refuse only, at least 0.85", args, m[5])
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"q\": \"ok?\", \"doc\": \"a.md\"}\n{\"q\": \"no doc\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "kb", "eval", "--dir", sampleHandbook, bad); r.code == 0 || !strings.Contains(r.stderr, "line 2") {
		t.Errorf("a bad eval file: %+v", r)
	}
}

// On Telegram without a model: a policy question is answered from the
// handbook with its source, a personal one from the asker's own records,
// an unknown one is forwarded to HR, who answers it; votes reach HR.
func TestKnowledgeBaseOnTelegram(t *testing.T) {
	t.Parallel()
	vars := kbSetup(t)
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}
	press := func(chat int64, c telegramtest.Call, data string) {
		t.Helper()
		id, _ := strconv.Atoi(c.Params["message_id"])
		h.post("s3cret", h.press(chat, id, data))
	}

	h.post("s3cret", h.message(802, "can I split my annual leave into several parts?", nil))
	answer := h.waitFor("sendMessage", 802, "From the handbook")
	if !strings.Contains(answer.Params["text"], "leave-policy.md › Annual leave") || strings.Contains(answer.Params["text"], "年假") {
		t.Errorf("answer without its source, or in the wrong language: %q", answer.Params["text"])
	}
	press(802, answer, button(t, answer, "kb.down|"))
	h.waitFor("sendMessage", 802, "HR will see that this answer did not help")

	h.post("s3cret", h.message(803, "年假可以分几次休？", nil))
	zh := h.waitFor("sendMessage", 803, "员工手册中的相关内容")
	if !strings.Contains(zh.Params["text"], "leave-policy.md › 年假") || !strings.Contains(zh.Params["text"], "分多次休") {
		t.Errorf("Chinese answer: %q", zh.Params["text"])
	}

	// Personal questions come from the asker's own records.
	h.post("s3cret", h.message(803, "我这个月迟到几次", nil))
	h.waitFor("sendMessage", 803, "考勤（截至")
	h.post("s3cret", h.message(802, "how many days of annual leave do I have left?", nil))
	h.waitFor("sendMessage", 802, "Leave balances")

	// Nothing relevant: "I don't know", and the question goes to HR once.
	h.post("s3cret", h.message(802, "who won the football match last night?", nil))
	unknown := h.waitFor("sendMessage", 802, "I don't know")
	ask := button(t, unknown, "kb.ask_hr|")
	press(802, unknown, ask)
	h.waitFor("sendMessage", 802, "Sent to HR")
	press(802, unknown, ask)
	h.waitFor("sendMessage", 802, "HR already has this question")
	fwd := h.waitFor("sendMessage", 801, "Li Ming asked: “who won the football match last night?”")
	if n := countTexts(fake, 801, "who won the football match"); n != 1 {
		t.Errorf("HR told %d times", n)
	}
	id := regexp.MustCompile(`/kb answer (\d+)`).FindStringSubmatch(fwd.Params["text"])
	if id == nil {
		t.Fatalf("forwarded question without its id: %q", fwd.Params["text"])
	}

	// Small talk is not a question for the handbook.
	h.post("s3cret", h.message(802, "thanks", nil))
	h.waitFor("sendMessage", 802, "You're welcome")

	h.post("s3cret", h.message(801, "/kb gaps", nil))
	h.waitFor("sendMessage", 801, "questions the handbook did not answer")
	gaps := h.waitFor("sendMessage", 801, "Li Ming: who won the football match last night? (asked for HR)")
	if strings.Contains(gaps.Params["text"], "annual leave") {
		t.Errorf("an answered question listed as a gap: %q", gaps.Params["text"])
	}
	h.post("s3cret", h.message(801, "/kb wrong", nil))
	h.waitFor("sendMessage", 801, "Li Ming: can I split my annual leave into several parts?")
	h.post("s3cret", h.message(801, "/kb answer "+id[1]+" Nobody here follows football, sorry.", nil))
	h.waitFor("sendMessage", 801, "Sent your answer to Li Ming")
	h.waitFor("sendMessage", 802, "HR answered your question “who won the football match last night?”:\nNobody here follows football, sorry.")

	// HR's tools are HR's.
	h.post("s3cret", h.message(802, "/kb gaps", nil))
	h.waitFor("sendMessage", 802, "Only HR")
}

// With a model configured, answers are written by it from the passages
// and cited; a personal question comes back as a tool call and is answered
// from the asker's own records; a failing model falls back to passages.
func TestKnowledgeBaseWithModelOnTelegram(t *testing.T) {
	t.Parallel()
	vars := kbSetup(t)
	llm := openaitest.New(t)
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	vars["HRBOT_OPENAI_BASE_URL"], vars["HRBOT_OPENAI_MODEL"], vars["HRBOT_OPENAI_TIMEOUT"] = llm.URL, "fake-chat", "2s"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}

	h.post("s3cret", h.message(802, "can I split my annual leave into several parts?", nil))
	answer := h.waitFor("sendMessage", 802, "[1] leave-policy.md › Annual leave")
	if !strings.Contains(answer.Params["text"], "[1]\n") && !strings.HasPrefix(answer.Params["text"], "Paid annual leave") {
		t.Errorf("model answer %q", answer.Params["text"])
	}

	llm.Script(func(req openai.ChatCompletionRequest) openaitest.Reply {
		return openaitest.Reply{Tool: "leave_balance", Args: "{}"}
	})
	h.post("s3cret", h.message(802, "what is left of my holidays this year?", nil))
	h.waitFor("sendMessage", 802, "Leave balances")

	llm.Script(func(openai.ChatCompletionRequest) openaitest.Reply { return openaitest.Reply{Status: 503} })
	h.post("s3cret", h.message(803, "病假需要开证明吗", nil))
	h.waitFor("sendMessage", 803, "员工手册中的相关内容")
	if n := len(llm.Chats()); n != 3 {
		t.Errorf("%d model calls, want 3", n)
	}
}

func countTexts(fake *telegramtest.Server, chat int64, want string) int {
	n := 0
	for _, c := range fake.Calls("sendMessage") {
		if c.Params["chat_id"] == fmt.Sprint(chat) && strings.Contains(c.Params["text"], want) {
			n++
		}
	}
	return n
}
