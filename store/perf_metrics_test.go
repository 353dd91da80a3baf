package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/store"
)

// csShops is a customer-service team in one org, and a person of the same
// name in another org, whom a file of the first must never reach.
const csShops = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: boss, name: 王经理, role: manager}
      - {key: hr, name: 赵慧, role: hr}
      - {key: li, name: 李娜, manager: boss}
      - {key: ma, name: 马云飞, manager: boss}
      - {key: qi, name: 齐天, manager: boss}
      - {key: qi2, name: 齐天, manager: boss}
  - key: other
    name: Other
    time_zone: Asia/Shanghai
    employees:
      - {key: hr, name: Other HR, role: hr}
      - {key: zhou, name: 周敏}
`

type metricsFixture struct {
	db    *store.DB
	svc   *perf.Metrics
	hr    core.Member
	staff core.Member
	clock *movableClock
}

func newMetricsFixture(t *testing.T) metricsFixture {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, csShops); err != nil {
		t.Fatal(err)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	clock := &movableClock{now: time.Date(2026, 12, 2, 10, 0, 0, 0, shanghai)}
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	return metricsFixture{db: db, svc: perf.NewMetrics(store.NewPerfMetrics(db), dir, clock),
		hr: memberIn(t, db, "shop", "hr"), staff: memberIn(t, db, "shop", "li"), clock: clock}
}

func (f metricsFixture) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The case: a CSAT file with one bad row. The bad row is refused
// by its number and reason; the good rows land in one transaction with one
// audit row; a second import of the same person, metric and period
// replaces the number.
func TestPerfMetricsImportOneBadRow(t *testing.T) {
	t.Parallel()
	f := newMetricsFixture(t)
	ctx := context.Background()
	csv := "\ufeff工号,指标,期间,数值\nli,csat,2026-11,4.8\nma,csat,2026-11,4.5\nnobody,csat,2026-11,4.9\n马云飞,response_time,2026-11,35\n"
	rep, err := f.svc.Import(ctx, f.hr, "cs.csv", []byte(csv), false, "web")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 4 || rep.Imported != 3 || rep.Refused != 1 || len(rep.Problems) != 1 {
		t.Fatalf("report %+v", rep)
	}
	if p := rep.Problems[0]; p.Row != 4 || p.Err.Key != "perf.import.unknown_person" || p.Err.Args["person"] != "nobody" || p.Column != "工号" {
		t.Fatalf("problem %+v %+v", p, p.Err)
	}
	if n := f.count(t, `SELECT count(*) FROM perf_metrics`); n != 3 {
		t.Fatalf("%d metrics stored, want 3", n)
	}
	if n := f.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'ok' AND actor_id = $2 AND channel = 'web'`,
		perf.AuditImport, f.hr.Employee.ID); n != 1 {
		t.Fatalf("%d import audit rows, want 1", n)
	}

	f.clock.Set(f.clock.Now().Add(time.Hour))
	again := "person,metric,period,value\nli,csat,2026-11,4.2\n"
	if _, err := f.svc.Import(ctx, f.hr, "fix.csv", []byte(again), false, "web"); err != nil {
		t.Fatal(err)
	}
	nov := perf.Period{From: core.NewDate(2026, 11, 1), To: core.NewDate(2026, 11, 30)}
	got, err := f.svc.List(ctx, f.hr, nov, "web")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, m := range got {
		lines = append(lines, m.EmployeeKey+" "+m.Metric.Metric+" "+m.Value.String()+" "+m.ImportedByName)
	}
	want := "li csat 4.2 赵慧|ma csat 4.5 赵慧|ma response_time 35 赵慧"
	if strings.Join(lines, "|") != want {
		t.Fatalf("stored\n%s\nwant\n%s", strings.Join(lines, "|"), want)
	}
	imports, err := f.svc.Imports(ctx, f.hr, 10, "web")
	if err != nil {
		t.Fatal(err)
	}
	// The first import's number for li was replaced by the second's.
	if len(imports) != 2 || imports[0].Values != 1 || imports[1].Values != 2 || imports[1].People != 1 ||
		strings.Join(imports[1].Metrics, ",") != "csat,response_time" {
		t.Fatalf("imports %+v", imports)
	}
}

// A dry run reports the same and writes nothing; a name two people share
// is ambiguous; another org's person is unknown here.
func TestPerfMetricsDryRunAndNames(t *testing.T) {
	t.Parallel()
	f := newMetricsFixture(t)
	csv := "姓名,月份,csat,orders\n李娜,2026-Q4,4.7,120\n齐天,2026-Q4,4.1,99\n周敏,2026-Q4,4.0,80\n李娜,2026-Q4,4.6,\n"
	rep, err := f.svc.Import(context.Background(), f.hr, "wide.csv", []byte(csv), true, "web")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, strings.Join([]string{p.Column, p.Err.Key, p.Err.Args["keys"] + p.Err.Args["row"]}, " "))
	}
	want := "姓名 perf.import.ambiguous_name qi, qi2|姓名 perf.import.unknown_person |csat perf.import.duplicate 2"
	if !rep.Wide || rep.Imported != 2 || strings.Join(got, "|") != want {
		t.Fatalf("report %+v\nproblems %s\nwant     %s", rep, strings.Join(got, "|"), want)
	}
	if n := f.count(t, `SELECT count(*) FROM perf_metrics`); n != 0 {
		t.Fatalf("a dry run stored %d metrics", n)
	}
}

// An employee may not import: refused and audited, nothing stored.
func TestPerfMetricsImportRefused(t *testing.T) {
	t.Parallel()
	f := newMetricsFixture(t)
	_, err := f.svc.Import(context.Background(), f.staff, "cs.csv", []byte("工号,指标,期间,数值\nli,csat,2026-11,5\n"), false, "telegram")
	if core.ErrorCodeOf(err) != core.EForbidden {
		t.Fatalf("got %v, want forbidden", err)
	}
	if n := f.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'denied' AND actor_id = $2 AND channel = 'telegram'`,
		string(perf.ActionImport), f.staff.Employee.ID); n != 1 {
		t.Fatalf("%d refusals audited, want 1", n)
	}
	if n := f.count(t, `SELECT count(*) FROM perf_metrics`); n != 0 {
		t.Fatalf("%d metrics stored", n)
	}
	if _, err := f.svc.List(context.Background(), f.staff, perf.Period{}, "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Fatalf("list: got %v, want forbidden", err)
	}
}

// An XLSX with a title row, dates as the sheet stores them (day numbers)
// in from and to columns; and a CSV saved as GBK by Excel on Chinese
// Windows.
func TestPerfMetricsXLSXAndGBK(t *testing.T) {
	t.Parallel()
	f := newMetricsFixture(t)
	x := excelize.NewFile()
	rows := [][]any{
		{"客服绩效 2026年11月"},
		{"工号 person", "指标 metric", "开始日期", "结束日期", "数值 value"},
		{"li", "orders", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC), 310},
		{"ma", "orders", "2026-11-16", "2026-11-30", "1,204"},
		{"ma", "orders", "2026-11-30", "2026-11-16", 5},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := f.svc.Import(context.Background(), f.hr, "orders.xlsx", buf.Bytes(), false, "web")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 2 || len(rep.Problems) != 1 || rep.Problems[0].Row != 5 || rep.Problems[0].Err.Key != "perf.import.bad_period" {
		t.Fatalf("report %+v %+v", rep, rep.Problems)
	}
	if n := f.count(t, `SELECT count(*) FROM perf_metrics WHERE metric = 'orders' AND value IN (310, 1204)
		AND (period_from, period_to) IN (('2026-11-01', '2026-11-15'), ('2026-11-16', '2026-11-30'))`); n != 2 {
		t.Fatalf("%d orders stored as written, want 2", n)
	}

	gbk, err := simplifiedchinese.GBK.NewEncoder().String("姓名,指标,期间,数值\n李娜,csat,2026年11月,96%\n")
	if err != nil {
		t.Fatal(err)
	}
	rep, err = f.svc.Import(context.Background(), f.hr, "gbk.csv", []byte(gbk), false, "web")
	if err != nil || rep.Imported != 1 || len(rep.Problems) != 0 {
		t.Fatalf("gbk: %+v %v", rep, err)
	}
	if n := f.count(t, `SELECT count(*) FROM perf_metrics WHERE metric = 'csat' AND value = 96 AND period_from = '2026-11-01'`); n != 1 {
		t.Fatal("the GBK file's number is not stored")
	}
}
