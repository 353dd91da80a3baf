package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

// recruitingReportOrg is a shop hiring customer service, with a manager
// who reads English and HR who reads Chinese.
const recruitingReportOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    locale: en
    employees:
      - {key: boss, name: Boss Wang, role: manager, job: customer-service}
      - {key: hr, name: 何丽 Helen, role: hr, locale: zh-CN}
      - {key: amy, name: Amy, job: customer-service, manager: boss}
`

// /report recruiting in chat: the funnel per job with drop-off and
// sources under it, its chart and its files, in the reader's language;
// an employee gets none.
func TestRecruitingReportInChat(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, recruitingReportOrg)
	key, err := sealed.NewKey(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	h.db.SetSealKey(key)
	ctx := context.Background()
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	svc := recruiting.NewService(store.NewRecruiting(h.db), dir, nil, h.clock)
	boss, err := dir.Identify(ctx, core.PlatformConsole, "shop/boss")
	if err != nil {
		t.Fatal(err)
	}
	o, err := svc.Open(ctx, boss, recruiting.OpenAsk{Job: "customer-service", Headcount: 2}, "test")
	if err != nil {
		t.Fatal(err)
	}
	var apps []recruiting.Application
	for _, user := range []string{"9101", "9102"} {
		acc := recruiting.Account{Platform: core.PlatformTelegram, UserID: user, ChatID: user}
		if _, _, err := svc.Start(ctx, recruiting.StartAsk{Code: o.Code, Account: acc}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Consent(ctx, acc)
		if err == nil {
			_, err = svc.SkipCV(ctx, acc)
		}
		p, err2 := svc.Contact(ctx, acc, "Kim 138 0013 "+user)
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		apps = append(apps, p.Application)
	}
	if _, err := svc.Advance(ctx, boss, apps[0].ID, recruiting.Applied, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reject(ctx, boss, apps[1].ID, "weekends only", "test"); err != nil {
		t.Fatal(err)
	}

	mustContain(t, texts(h.reply("amy", bot.Incoming{Text: "/report recruiting"})), "managers")
	menu := h.reply("boss", bot.Incoming{Text: "/report"})
	buttonValue(t, menu[0], "report.kind", "Recruiting")

	shown := h.reply("boss", bot.Incoming{Text: "/report recruiting month"})
	if len(shown) != 1 {
		t.Fatalf("replies %+v", shown)
	}
	mustContain(t, shown[0].Text, "📊 Recruiting 2026-11 — Test Shop",
		": positions opened 2 · applied 2 · screened 1 · interview 0 · offer 0 · hired 0 · screened out 0 · withdrew 0 · not taken 1",
		"median days to hire –",
		"Drop-off (ended at the stage): applied 50.0% · screened 0.0%",
		"By source (applied / hired): link 2 / 0 · referral 0 / 0")
	if len(shown[0].Attachments) != 1 || shown[0].Attachments[0].MIME != "image/png" {
		t.Fatalf("no chart: %+v", shown[0].Attachments)
	}
	if _, err := png.Decode(bytes.NewReader(shown[0].Attachments[0].Data)); err != nil {
		t.Fatalf("chart: %v", err)
	}
	files := h.reply("boss", bot.Incoming{Action: &bot.Action{ID: "report.files", Value: buttonValue(t, shown[0], "report.files", "CSV")}})
	if len(files) != 1 || len(files[0].Attachments) != 2 {
		t.Fatalf("files %+v", files)
	}
	csv := string(files[0].Attachments[0].Data)
	mustContain(t, csv, "Job,positions opened,applied,screened,interview,offer,hired,screened out,withdrew,not taken,hires in period,left,",
		",2,2,1,0,0,0,0,0,1,0,0,–,–")
	x, err := excelize.OpenReader(bytes.NewReader(files[0].Attachments[1].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("Recruiting", "C2"); v != "2" {
		t.Errorf("xlsx C2 (applied) = %q", v)
	}

	zh := h.reply("hr", bot.Incoming{Text: "报表 招聘 本月"})
	mustContain(t, texts(zh), "📊 招聘", "新开名额 2 · 投递 2 · 初筛通过 1", "各阶段流失率（止步于该阶段）：投递 50.0%", "按来源（投递 / 入职）：链接 2 / 0")
}
