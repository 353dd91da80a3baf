package chart_test

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"testing"

	"github.com/hrbot/hrbot/render/chart"
)

var update = flag.Bool("update", false, "rewrite testdata/example.png")

// sample is the chart shown in the README.
var sample = chart.Chart{
	Kind:   chart.Bar,
	Title:  "11月 各组迟到次数 Late arrivals by team, Nov 2026",
	Labels: []string{"客服组 Customer service", "财务组 Finance", "运营组 Operations"},
	Series: []chart.Series{
		{Name: "迟到 Late", Values: []float64{12, 3, 7}},
		{Name: "缺勤 Absent", Values: []float64{2, 0, 4}},
	},
	YUnit: "次",
}

func ExampleChart_PNG() {
	font, err := chart.LoadFont() // once, at start-up
	if err != nil {
		log.Printf("no CJK font, replies go without charts: %v", err)
		return
	}
	png, err := sample.PNG(font)
	if err != nil {
		log.Printf("chart: %v", err)
		return
	}
	_ = os.WriteFile("example.png", png, 0o644)
}

// TestExample draws the README's sample chart; with -update it rewrites
// testdata/example.png, else it checks the committed one is a sane image.
func TestExample(t *testing.T) {
	t.Parallel()
	font, err := chart.LoadFont()
	if err != nil {
		t.Skipf("no CJK font installed (apt-get install fonts-wqy-microhei): %v", err)
	}
	data, err := sample.PNG(font)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "example.png")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestExample -update)", err)
	}
	if len(committed) > 100<<10 {
		t.Errorf("%s is %d bytes, want < 100 KB", path, len(committed))
	}
	img, err := png.Decode(bytes.NewReader(committed))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if img.Bounds() != image.Rect(0, 0, chart.DefaultWidth, chart.DefaultHeight) {
		t.Errorf("%s is %v", path, img.Bounds())
	}
}
