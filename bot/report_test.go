package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/report"
	"github.com/hrbot/hrbot/report/chart"
)

// chartRenderer is the renderer hrbot serve uses, with the system's CJK
// font (the test script installs one).
func chartRenderer(t *testing.T) *report.Renderer {
	t.Helper()
	f, err := chart.LoadFont()
	if err != nil {
		t.Fatalf("no CJK font for charts (scripts/test.sh installs fonts-wqy-microhei): %v", err)
	}
	return &report.Renderer{Font: f}
}

func (h *harness) reply(person string, in bot.Incoming) []bot.Reply {
	h.t.Helper()
	in.Platform, in.ChatID, in.UserID = core.PlatformConsole, "c:"+person, "shop/"+person
	replies, err := h.bot.Handle(context.Background(), in)
	if err != nil {
		h.t.Fatalf("handle %+v: %v", in, err)
	}
	return replies
}

func buttonValue(t *testing.T, r bot.Reply, action, label string) string {
	t.Helper()
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.ActionID == action && strings.Contains(b.Label, label) {
				return b.Value
			}
		}
	}
	t.Fatalf("no %s button %q in %+v", action, label, r.Buttons)
	return ""
}

// A manager picks a report and a period with buttons, gets a summary with
// a PNG chart, then the files; an employee gets no reports; the weekly
// summary is the same report, pushed.
func TestReportsInChat(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	// Amy is late on Monday 16 November, Eve never comes that week.
	h.at(time.Date(2026, 11, 16, 9, 20, 0, 0, shanghai))
	h.punch("amy", "/checkin")
	h.at(time.Date(2026, 11, 23, 10, 0, 0, 0, shanghai)) // the Monday after

	mustContain(t, texts(h.reply("amy", bot.Incoming{Text: "/report"})), "managers")

	menu := h.reply("boss", bot.Incoming{Text: "/report"})
	kind := buttonValue(t, menu[0], "report.kind", "Attendance")
	periods := h.reply("boss", bot.Incoming{Action: &bot.Action{ID: "report.kind", Value: kind}})
	for _, row := range periods[0].Buttons {
		for _, b := range row {
			if strings.Contains(b.Label, "group") {
				t.Errorf("a shop manager is offered the group view: %+v", b)
			}
		}
	}
	value := buttonValue(t, periods[0], "report.show", "Last week")
	shown := h.reply("boss", bot.Incoming{Action: &bot.Action{ID: "report.show", Value: value}})
	if len(shown) != 1 {
		t.Fatalf("replies %+v", shown)
	}
	mustContain(t, shown[0].Text, "📊 Attendance 2026-11-16–2026-11-22 — Test Shop", "late 1", "absent days")
	if len(shown[0].Attachments) != 1 || shown[0].Attachments[0].MIME != "image/png" {
		t.Fatalf("no chart: %+v", shown[0].Attachments)
	}
	img, err := png.Decode(bytes.NewReader(shown[0].Attachments[0].Data))
	if err != nil || img.Bounds().Dx() < 600 || img.Bounds().Dy() < 400 {
		t.Fatalf("chart is not a readable PNG: %v %v", img.Bounds(), err)
	}

	files := h.reply("boss", bot.Incoming{Action: &bot.Action{ID: "report.files", Value: buttonValue(t, shown[0], "report.files", "CSV")}})
	if len(files) != 1 || len(files[0].Attachments) != 2 {
		t.Fatalf("files %+v", files)
	}
	csv, xlsx := files[0].Attachments[0], files[0].Attachments[1]
	if csv.Name != "attendance-2026-11-16–2026-11-22.csv" || !strings.HasPrefix(string(csv.Data), "Team,people,late,") {
		t.Errorf("csv %s: %q", csv.Name, csv.Data)
	}
	x, err := excelize.OpenReader(bytes.NewReader(xlsx.Data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("Attendance", "A1"); v != "Team" {
		t.Errorf("xlsx A1 = %q", v)
	}

	// The same in one line, in Chinese words, and a bad period explained.
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "报表 考勤 上周"})), "Attendance 2026-11-16–2026-11-22")
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "/report attendance someday"})), "is not a period")
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "/report attendance week group"})), "Only an admin of the group")

	// Monday's summary, pushed to the manager; nothing for an employee.
	weekly := h.render("boss", reminder(core.ReminderReport))
	if len(weekly) != 1 || len(weekly[0].Attachments) != 1 {
		t.Fatalf("weekly report %+v", weekly)
	}
	mustContain(t, weekly[0].Text, "Last week at a glance", "Attendance 2026-11-16–2026-11-22")
	if got := h.render("amy", reminder(core.ReminderReport)); len(got) != 0 {
		t.Errorf("an employee got the weekly report: %+v", got)
	}
}
