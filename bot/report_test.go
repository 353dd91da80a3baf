package bot_test

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"image/png"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/reminder"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/render"
	"github.com/hrbot/hrbot/render/chart"
	"github.com/hrbot/hrbot/store"
)

// chartRenderer is the renderer hrbot serve uses, with the system's CJK
// font (the test script installs one).
func chartRenderer(t *testing.T) *render.Renderer {
	t.Helper()
	f, err := chart.LoadFont()
	if err != nil {
		t.Fatalf("no CJK font for charts (scripts/test.sh installs fonts-wqy-microhei): %v", err)
	}
	return &render.Renderer{Font: f}
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
	// The word without words a report takes is not the command: Amy tells
	// of her laptop and is answered as any message in words is (here, with
	// no handbook, by not knowing), not refused the managers' reports.
	for _, text := range []string{"report a problem with my laptop", "报告 电脑坏了"} {
		got := texts(h.reply("amy", bot.Incoming{Text: text}))
		if strings.Contains(got, "managers") {
			t.Errorf("%q ran /report: %s", text, got)
		}
		mustContain(t, got, "did not understand")
	}

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
	mustContain(t, shown[0].Text, "📊 Attendance 2026-11-16–2026-11-22 — Test Shop", "• No team: people 7 · late 1 · min late 20 · absent days 29", "absent days", "overtime h 0.0")
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
	// A UTF-8 byte order mark first, so Excel on a Chinese Windows reads
	// the names right.
	if csv.Name != "attendance-2026-11-16–2026-11-22.csv" || !bytes.HasPrefix(csv.Data, []byte("\xEF\xBB\xBFTeam,people,late,")) ||
		!strings.Contains(string(csv.Data), "\nNo team,7,1,20,29,") {
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
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "report attendance last week"})), "Attendance 2026-11-16–2026-11-22")
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "报告 考勤 上周"})), "Attendance 2026-11-16–2026-11-22")
	// Who was late most is the attendance report of the time named (it
	// showed who is in today): "这个月谁迟到最多", "who was late the most last week?".
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "这个月谁迟到最多"})), "Attendance 2026-11 — ")
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "who was late the most last week?"})), "Attendance 2026-11-16–2026-11-22")
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "/report attendance someday"})), "is not a period")
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "/report attendance week group"})), "Only an admin of the group")

	// Monday's summary, pushed to the manager; nothing for an employee.
	weekly := h.render("boss", reminderNotice(reminder.WeeklyReport))
	if len(weekly) != 1 || len(weekly[0].Attachments) != 1 {
		t.Fatalf("weekly report %+v", weekly)
	}
	mustContain(t, weekly[0].Text, "Last week at a glance", "Attendance 2026-11-16–2026-11-22")
	if got := h.render("amy", reminderNotice(reminder.WeeklyReport)); len(got) != 0 {
		t.Errorf("an employee got the weekly report: %+v", got)
	}
}

const reportChatOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    go_live: 2026-11-01
    leave_types:
      - {key: annual, name: Annual, aliases: [年假], unit: half_day, accrual: fixed, entitlement_days: 10}
    teams:
      - {key: cs, name: 客服组}
    employees:
      - {key: boss, name: Boss Wang, role: manager, job: ops, team: cs, locale: en, hire_date: 2020-01-01}
      - {key: wang, name: 王经理, role: manager, job: ops, locale: zh-CN, hire_date: 2020-01-01}
      - {key: amy, name: Amy, manager: boss, job: customer-service, team: cs, locale: en, hire_date: 2020-01-01}
      - {key: zoe, name: Zoe, manager: boss, locale: en, hire_date: 2020-01-01}
`

// chartRecorder draws with the real renderer and keeps every chart it
// was asked for, to see what its axis says.
type chartRecorder struct {
	bot.ReportRenderer
	charts []bot.Chart
}

func (r *chartRecorder) ChartPNG(c bot.Chart) ([]byte, error) {
	r.charts = append(r.charts, c)
	return r.ReportRenderer.ChartPNG(c)
}

// withRenderer replaces the harness's bot with one that draws with r and
// logs to log.
func (h *harness) withRenderer(r bot.ReportRenderer, log *slog.Logger) {
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	lv := leave.NewService(store.NewLeaves(h.db), att, dir, h.clock)
	h.bot = bot.New(bot.Config{
		Directory: dir, Attendance: att, Leave: lv, Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Reports: reports.NewService(store.NewReports(h.db), att, lv, dir), Render: r}, Logger: log,
	})
}

func allLabels(replies []bot.Reply) string {
	var labels []string
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				labels = append(labels, b.Label)
			}
		}
	}
	return strings.Join(labels, " | ")
}

// What a new shop saw in its first week, read in Chinese and in English:
// every report has a name (role mix too), the people without a team are
// "未分组", a chart's axis names the unit of what it draws, a chart of
// nothing but zeros is not sent but said in words, numbers are rounded,
// and "this month" counts the leave approved for later in the month.
func TestReportsInTheReadersWords(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, reportChatOrg)
	rec := &chartRecorder{ReportRenderer: chartRenderer(t)}
	h.withRenderer(rec, nil)
	// Monday 16 November: Amy is 20 minutes late, and asks for the
	// Thursday and Friday of next week off, which Boss approves.
	h.at(time.Date(2026, 11, 16, 9, 20, 0, 0, shanghai))
	h.punch("amy", "/checkin")
	h.at(time.Date(2026, 11, 16, 10, 0, 0, 0, shanghai))
	if _, sent := h.ask("amy", "leave annual nov 26-27"); sent == "" {
		t.Fatal("leave not sent")
	}
	rows := h.pendingButtons("boss")
	if len(rows) != 1 {
		t.Fatalf("pending %+v", rows)
	}
	mustContain(t, h.pressAs("boss", rows[0][0]), "Approved")
	h.at(time.Date(2026, 11, 18, 12, 0, 0, 0, shanghai)) // Wednesday

	// The menu and the period question name every report.
	menu := h.reply("wang", bot.Incoming{Text: "报表"})
	mustContain(t, allLabels(menu), "考勤", "请假", "顶班", "岗位混合", "人数与流失率", "培训")
	periods := h.reply("wang", bot.Incoming{Action: &bot.Action{ID: "report.kind", Value: buttonValue(t, menu[0], "report.kind", "岗位混合")}})
	mustContain(t, periods[0].Text, "岗位混合：哪个时间段？")
	shown := h.reply("wang", bot.Incoming{Action: &bot.Action{ID: "report.show", Value: buttonValue(t, periods[0], "report.show", "本月")}})
	mustContain(t, shown[0].Text, "📊 岗位混合 2026-11 — Test Shop")
	for _, r := range append(append(menu, periods...), shown...) {
		if strings.Contains(r.Text+allLabels([]bot.Reply{r}), "report.") {
			t.Errorf("a raw catalogue key is shown: %q %s", r.Text, allLabels([]bot.Reply{r}))
		}
	}

	// Attendance: the team-less are 未分组 (after the teams), and the
	// chart of late arrivals says 次 on its axis and draws nothing else.
	rec.charts = nil
	att := h.reply("wang", bot.Incoming{Text: "报表 考勤 本月"})
	mustContain(t, att[0].Text, "📊 考勤 2026-11 — Test Shop", "• 客服组: 人数 2 · 迟到次数 1 · 迟到分钟 20", "• 未分组: 人数 2", "加班小时 0.0")
	if strings.Contains(att[0].Text, "—:") || strings.Index(att[0].Text, "客服组") > strings.Index(att[0].Text, "未分组") {
		t.Errorf("people without a team:\n%s", att[0].Text)
	}
	if len(att[0].Attachments) != 1 || len(rec.charts) != 1 {
		t.Fatalf("attendance chart: %d attachments, %d charts", len(att[0].Attachments), len(rec.charts))
	}
	if c := rec.charts[0]; c.Unit != "次" || len(c.Series) != 1 || c.Series[0].Name != "迟到次数" || strings.Join(c.Labels, ",") != "客服组,未分组" ||
		c.Title != "迟到次数 · 考勤 2026-11 — Test Shop" {
		t.Errorf("attendance chart %q: unit %q, series %+v, labels %v", c.Title, c.Unit, c.Series, c.Labels)
	}

	// Leave: Amy's two days next week are this month's leave, in days.
	rec.charts = nil
	lv := h.reply("wang", bot.Incoming{Text: "报表 请假 本月"})
	mustContain(t, lv[0].Text, "• Annual: 申请数 1 · 请假天数 2.0 · 人数 1 · 全员剩余天数 38.0")
	if len(lv[0].Attachments) != 1 || len(rec.charts) != 1 || rec.charts[0].Unit != "天" || rec.charts[0].Title != "请假天数 · 请假 2026-11 — Test Shop" {
		t.Errorf("leave chart: %d attachments, charts %+v", len(lv[0].Attachments), rec.charts)
	}
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "/report leave this month"})), "• Annual: requests 1 · days taken 2.0 · people 1")

	// Nobody left: the rows are there, the chart of zeros is not.
	rec.charts = nil
	for _, tc := range []struct{ who, text, want string }{
		{"wang", "报表 人员 本月", "这个时间段没有人离职，不出图表。"},
		{"boss", "/report turnover month", "Nobody has left in this period, so no chart."},
	} {
		got := h.reply(tc.who, bot.Incoming{Text: tc.text})
		mustContain(t, got[0].Text, tc.want)
		if len(got[0].Attachments) != 0 {
			t.Errorf("%s: a chart of zeros was sent", tc.text)
		}
	}
	mustContain(t, texts(h.reply("wang", bot.Incoming{Text: "报表 人员 本月"})), "• 未设岗位: 期初人数 1", "• 运营: 期初人数 2", "流失率 0.0%")
	mustContain(t, texts(h.reply("boss", bot.Incoming{Text: "/report turnover month"})), "• No job set: headcount at start 1", "• operations: headcount at start 2")
	// No quizzes: no rows, nothing yet, no chart.
	for _, tc := range []struct{ who, text, want string }{
		{"wang", "报表 培训 本月", "这个时间段还没有数据。"},
		{"boss", "/report training month", "Nothing yet for this period."},
	} {
		got := h.reply(tc.who, bot.Incoming{Text: tc.text})
		mustContain(t, got[0].Text, tc.want)
		if len(got[0].Attachments) != 0 {
			t.Errorf("%s: a chart of nothing was sent", tc.text)
		}
	}
	if len(rec.charts) != 0 {
		t.Errorf("charts of nothing drawn: %+v", rec.charts)
	}
}

// Without a font for Chinese, a report still comes: the summary, a line
// that there is no chart this time, and the files on request; the log is
// not told at every report (hrbot serve says it once).
func TestReportsWithoutChartFont(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, reportChatOrg)
	var logs bytes.Buffer
	h.withRenderer(&render.Renderer{}, slog.New(slog.NewTextHandler(&logs, nil)))
	h.at(time.Date(2026, 11, 16, 9, 20, 0, 0, shanghai))
	h.punch("amy", "/checkin")
	h.at(time.Date(2026, 11, 18, 12, 0, 0, 0, shanghai))
	for _, tc := range []struct{ who, text, want, files string }{
		{"wang", "报表 考勤 本周", "这次没有图表", "小组"},
		{"boss", "/report attendance week", "No chart this time", "Team"},
	} {
		got := h.reply(tc.who, bot.Incoming{Text: tc.text})
		if len(got) != 1 || len(got[0].Attachments) != 0 {
			t.Fatalf("%s: %+v", tc.text, got)
		}
		mustContain(t, got[0].Text, "2026-11-16–2026-11-22", "1", tc.want)
		files := h.reply(tc.who, bot.Incoming{Action: &bot.Action{ID: "report.files", Value: buttonValue(t, got[0], "report.files", "CSV")}})
		if len(files) != 1 || len(files[0].Attachments) != 2 || !bytes.HasPrefix(files[0].Attachments[0].Data, []byte("\xEF\xBB\xBF"+tc.files)) {
			t.Errorf("%s: files %+v", tc.text, files)
		}
	}
	if strings.Contains(logs.String(), "chart") {
		t.Errorf("the log is told at every report:\n%s", logs.String())
	}
}

// Every report catalogue key the code uses is there in Chinese and in
// English: the keys written in the report code, and those it puts
// together (each report's name, columns, units, "nothing yet" line, and
// the period buttons).
func TestReportKeysInBothLanguages(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	key := regexp.MustCompile(`^(report(\.[a-z_]+)+|help\.cmd\.report)$`)
	for _, file := range []string{"report.go", "../core/reports/reports.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Action ids ("report.show") and command names are not keys:
		// they are map keys and ActionID or name fields.
		notKeys := map[ast.Node]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && (id.Name == "ActionID" || id.Name == "name") {
					notKeys[kv.Value] = true
				}
				if _, ok := kv.Key.(*ast.BasicLit); ok {
					notKeys[kv.Key] = true
				}
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && !notKeys[lit] {
				if s, err := strconv.Unquote(lit.Value); err == nil && key.MatchString(s) && !strings.HasSuffix(s, ".") {
					keys[s] = true
				}
			}
			return true
		})
	}
	for _, p := range []string{"week", "last_week", "month", "last_month"} {
		keys["report.period."+p] = true
	}
	for _, k := range reports.Kinds {
		res, err := reports.Layout(k)
		if err != nil {
			t.Fatal(err)
		}
		keys["report.kind."+string(k)], keys["report.nothing."+string(k)], keys[res.LabelKey] = true, true, true
		keys["report.unit."+string(res.ChartUnit())] = true
		for _, c := range res.Columns {
			keys[c.Key], keys["report.unit."+string(c.Unit)] = true, true
		}
	}
	if len(keys) < 60 {
		t.Fatalf("only %d keys found: %v", len(keys), keys)
	}
	cat := i18n.New()
	for _, loc := range []core.Locale{core.LocaleEN, core.LocaleZH} {
		have := map[string]bool{}
		for _, k := range cat.Keys(loc) {
			have[k] = true
		}
		for k := range keys {
			if !have[k] {
				t.Errorf("%s lacks %q", loc, k)
			}
		}
	}
}
