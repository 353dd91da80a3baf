package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store/pgtest"
)

// hrbot perf import: the example file imports cleanly (a dry run first,
// which writes nothing); a file with one bad row imports the good rows,
// prints the bad one by row number and reason, and exits 1.
func TestPerfImportCommand(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": url}
	if r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml"); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	count := func() int {
		t.Helper()
		var n int
		if err := queryRow(t, url, `SELECT count(*) FROM perf_metrics`, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	r := hrbot(t, vars, "", "perf", "import", "-f", "../../examples/perf-metrics.csv", "--org", "shop", "--dry-run", "--lang", "en")
	if r.code != 0 || !strings.Contains(r.stdout, "14 rows read, 14 numbers for 3 people would be imported, 0 rows refused (dry run") || count() != 0 {
		t.Fatalf("dry run: %+v, %d stored", r, count())
	}
	// The customer-service job's KPI of measure import is satisfaction:
	// the other two metrics are kept, and said to be read by no review.
	if !strings.Contains(r.stderr, "no review reads orders_handled, response_time") || !strings.Contains(r.stderr, "(those read: satisfaction)") {
		t.Errorf("no notice of the metrics no KPI reads: %q", r.stderr)
	}
	r = hrbot(t, vars, "", "perf", "import", "-f", "../../examples/perf-metrics.csv", "--org", "shop")
	if r.code != 0 || !strings.Contains(r.stdout, "读取 14 行，为 3 人导入 14 个数值，拒绝 0 行") || count() != 14 {
		t.Fatalf("import: %+v, %d stored", r, count())
	}

	bad := filepath.Join(t.TempDir(), "december.csv")
	csv := "person,metric,period,value\nalice,satisfaction,2026-12,4.9\nsun,satisfaction,2026-12,4.x\n"
	if err := os.WriteFile(bad, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	r = hrbot(t, vars, "", "perf", "import", "-f", bad, "--org", "shop", "--lang", "en")
	if r.code != 1 || !strings.Contains(r.stderr, "december.csv:3: value: “4.x” is not a number") ||
		!strings.Contains(r.stdout, "1 numbers imported for 1 people, 1 rows refused") || count() != 15 {
		t.Fatalf("a bad row: %+v, %d stored", r, count())
	}
	var actor, channel string
	if err := queryRow(t, url, `SELECT actor_label, channel FROM audit_log WHERE action = 'perf.import' ORDER BY at DESC LIMIT 1`, &actor, &channel); err != nil {
		t.Fatal(err)
	}
	if actor != "hrbot perf import december.csv" || channel != "cli" {
		t.Errorf("audited as %q on %q", actor, channel)
	}
	if r := hrbot(t, vars, "", "perf", "import", "--org", "shop"); r.code != 2 {
		t.Errorf("no file: %+v", r)
	}
}
