package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// Everything hrbot logs at debug level while it imports pay profiles with
// a bank account and serves Telegram people asking questions, checking in
// and reading payslips: no token, secret, key, password, bank account,
// salary or message text may appear in it.
func TestNoSecretsOrPersonalDataInLogs(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	const (
		token     = "123:SECRETtokenABC"
		webhook   = "webhookSECRET42"
		slackSig  = "slackSIGNINGsecret9"
		openaiKey = "sk-OPENAIsecret77"
		encKey    = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
		account   = "6222021234567890"
		salary    = "98765"
		question  = "can I split my annual leave into several parts?"
	)
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(payOrg), 0o644); err != nil {
		t.Fatal(err)
	}
	profiles := filepath.Join(t.TempDir(), "pay.csv")
	if err := os.WriteFile(profiles, []byte("key,kind,salary,social_base,bank_account\nli,monthly,"+salary+","+salary+","+account+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := telegramtest.New(token)
	defer fake.Close()
	slackFake := slackfake.New("xoxb-SLACKbotTOKEN5", "")
	defer slackFake.Close()
	vars := map[string]string{"HRBOT_SLACK_BOT_TOKEN": "xoxb-SLACKbotTOKEN5", "HRBOT_SLACK_SIGNING_SECRET": slackSig,
		"HRBOT_SLACK_API_URL": slackFake.URL(), "DATABASE_URL": dbURL, "HRBOT_LOG_LEVEL": "DEBUG", "HRBOT_ENCRYPTION_KEY": encKey,
		"HRBOT_TELEGRAM_TOKEN": token, "HRBOT_TELEGRAM_API_URL": fake.URL, "HRBOT_TELEGRAM_WEBHOOK_SECRET": webhook,
		"HRBOT_OPENAI_API_KEY": openaiKey, "HRBOT_OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "HRBOT_OPENAI_TIMEOUT": "1s"}
	var logs syncBuffer
	for _, args := range [][]string{{"apply", "-f", file}, {"payroll", "profiles", profiles}, {"kb", "import", sampleHandbook}, {"payroll", "run", "--period", "2026-10"}} {
		var out bytes.Buffer
		getenv := func(k string) string { return vars[k] }
		if code := run(context.Background(), args, strings.NewReader(""), &out, &logs, getenv); code != 0 {
			t.Fatalf("%v: %s", args, logs.String())
		}
	}

	s := serveOn(t, freeAddr(t), vars, &logs)
	h := &tgHarness{t: t, fake: fake, base: s.base, secret: webhook}
	h.post(webhook, h.message(902, "/whoami", nil))
	h.post(webhook, h.message(902, question, nil))
	h.post(webhook, h.message(902, "/checkin", nil))
	h.post(webhook, h.message(902, "/payslip 2026-10", nil))
	h.post("wrong-secret", h.message(902, "/whoami", nil))
	s.stop(t, 30*time.Second)

	got := logs.String()
	if !strings.Contains(got, "level=DEBUG") && !strings.Contains(got, "level=INFO") {
		t.Fatalf("nothing was logged: the test proves nothing\n%s", got)
	}
	for name, secret := range map[string]string{"telegram token": "SECRETtokenABC", "slack token": "SLACKbotTOKEN5", "webhook secret": webhook, "slack secret": slackSig,
		"openai key": openaiKey, "encryption key": encKey, "bank account": account, "account tail in full": "1234567890",
		"salary": salary, "message text": "several parts", "database password": urlPassword(dbURL)} {
		if secret != "" && strings.Contains(got, secret) {
			t.Errorf("the logs show the %s (%q)", name, secret)
		}
	}
}

func urlPassword(url string) string {
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return ""
	}
	userinfo, _, ok := strings.Cut(rest, "@")
	if !ok {
		return ""
	}
	_, pass, _ := strings.Cut(userinfo, ":")
	return pass
}
