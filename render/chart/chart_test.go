package chart

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/hrbot/hrbot/core"
)

// testFont is the system CJK font, loaded once for all tests.
var testFont = sync.OnceValues(func() (*Font, error) { return LoadFont() })

// mustFont returns the system CJK font, or skips the test on a machine
// without one (CI installs fonts-wqy-microhei).
func mustFont(t testing.TB) *Font {
	t.Helper()
	f, err := testFont()
	if err != nil {
		t.Skipf("no CJK font installed (apt-get install fonts-wqy-microhei): %v", err)
	}
	return f
}

// mustRender draws c and decodes the PNG back.
func mustRender(t testing.TB, c Chart) *image.RGBA {
	t.Helper()
	b, err := c.PNG(mustFont(t))
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// span is a run of image columns [x0, x1) holding a colour, with the
// highest and lowest row where it does.
type span struct{ x0, x1, top, bottom int }

// columnsOf returns the runs of columns that hold col in rows [y0, y1).
func columnsOf(img *image.RGBA, col color.RGBA, y0, y1 int) []span {
	b := img.Bounds()
	var out []span
	in := false
	for x := b.Min.X; x < b.Max.X; x++ {
		top, bottom := -1, -1
		for y := max(y0, b.Min.Y); y < min(y1, b.Max.Y); y++ {
			if img.RGBAAt(x, y) == col {
				if top < 0 {
					top = y
				}
				bottom = y
			}
		}
		switch {
		case top >= 0 && !in:
			out = append(out, span{x0: x, x1: x + 1, top: top, bottom: bottom})
			in = true
		case top >= 0:
			s := &out[len(out)-1]
			s.x1, s.top, s.bottom = x+1, min(s.top, top), max(s.bottom, bottom)
		default:
			in = false
		}
	}
	return out
}

// zeroLine returns the first row of the zero line, looked for near the
// right edge of the plot.
func zeroLine(t *testing.T, img *image.RGBA) int {
	t.Helper()
	b := img.Bounds()
	x := b.Max.X - 40
	for y := b.Min.Y; y < b.Max.Y; y++ {
		if img.RGBAAt(x, y) == axisColor {
			return y
		}
	}
	t.Fatal("no zero line")
	return 0
}

func countColors(img *image.RGBA) int {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			seen[img.RGBAAt(x, y)] = true
		}
	}
	return len(seen)
}

// ink counts dark pixels in r.
func ink(img *image.RGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := img.RGBAAt(x, y); int(c.R)+int(c.G)+int(c.B) < 3*128 {
				n++
			}
		}
	}
	return n
}

func sameRegion(a, b *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				return false
			}
		}
	}
	return true
}

var teams = []string{"客服组 Customer service", "财务组 Finance", "运营组 Operations"}

func days(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(i + 1)
	}
	return out
}

func TestPNGSize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		width, height int
		wantW, wantH  int
	}{
		{"Default", 0, 0, 1080, 720},
		{"Small", 400, 300, 400, 300},
		{"Wide", 1600, 600, 1600, 600},
		{"Square", 1080, 1080, 1080, 1080},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			img := mustRender(t, Chart{Kind: Bar, Title: "11月 迟到次数 Late arrivals, Nov", Labels: teams,
				Series: []Series{{"迟到", []float64{12, 3, 7}}}, YUnit: "次", Width: tc.width, Height: tc.height})
			if got := img.Bounds().Size(); got != image.Pt(tc.wantW, tc.wantH) {
				t.Fatalf("size = %v, want %dx%d", got, tc.wantW, tc.wantH)
			}
			if n := countColors(img); n < 20 {
				t.Errorf("%d distinct colours, want a drawn chart (≥ 20 with anti-aliased text)", n)
			}
			if img.RGBAAt(0, 0) != white {
				t.Errorf("corner is %v, want white background", img.RGBAAt(0, 0))
			}
		})
	}
}

func TestPNGBars(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		series []Series
	}{
		{"OneSeries", []Series{{"迟到", []float64{3, 9, 5}}}},
		{"TwoSeries", []Series{{"迟到", []float64{3, 9, 5}}, {"缺勤", []float64{4, 1, 2}}}},
		{"Fractions", []Series{{"时长", []float64{0.3, 0.9, 0.5}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			img := mustRender(t, Chart{Kind: Bar, Title: "考勤", Labels: teams, Series: tc.series})
			zero := zeroLine(t, img)
			for j, s := range tc.series {
				bars := columnsOf(img, palette[j], 0, zero)
				if len(bars) != len(s.Values) {
					t.Fatalf("series %d: %d bars, want %d: %+v", j, len(bars), len(s.Values), bars)
				}
				// Heights in proportion to the values: the tallest reaches
				// highest, and 9 is three times 3.
				unit := float64(zero-bars[0].top) / s.Values[0]
				for i, b := range bars {
					if b.bottom != zero-1 {
						t.Errorf("series %d bar %d ends at %d, want on the zero line at %d", j, i, b.bottom, zero)
					}
					want := s.Values[i] * unit
					if got := float64(zero - b.top); math.Abs(got-want) > 2 {
						t.Errorf("series %d bar %d is %v px tall, want %.0f", j, i, got, want)
					}
				}
				if j == 0 && !(bars[1].top < bars[0].top && bars[1].top < bars[2].top) {
					t.Errorf("tallest bar is not the highest: %+v", bars)
				}
				if j > 0 {
					prev := columnsOf(img, palette[j-1], 0, zero)
					for i := range bars {
						if bars[i].x0 <= prev[i].x0 {
							t.Errorf("series %d bar %d at x %d is not right of series %d's at %d", j, i, bars[i].x0, j-1, prev[i].x0)
						}
					}
				}
			}
		})
	}
}

func TestPNGChineseTitle(t *testing.T) {
	t.Parallel()
	f := mustFont(t)
	if !f.HasGlyphs("考勤") {
		t.Fatalf("%s cannot draw 考勤", f.Path())
	}
	render := func(title string) *image.RGBA {
		return mustRender(t, Chart{Kind: Bar, Title: title, Labels: teams, Series: []Series{{"迟到", []float64{12, 3, 7}}}})
	}
	chinese, none, missing := render("考勤"), render(""), render("\U0010FFFD\U0010FFFD")
	title := image.Rect(1080/2-120, 0, 1080/2+120, 80)
	if n := ink(chinese, title); n < 300 {
		t.Errorf("title 考勤 drew %d dark pixels, want ≥ 300", n)
	}
	if sameRegion(chinese, none, title) {
		t.Error("title 考勤 looks the same as no title")
	}
	if sameRegion(chinese, missing, title) {
		t.Error("title 考勤 looks the same as two missing glyphs")
	}
}

func TestPNGLine(t *testing.T) {
	t.Parallel()
	up := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	down := []float64{8, 7, 6, 5, 4, 3, 2, 1}
	img := mustRender(t, Chart{Kind: Line, Title: "趋势 Trend", Labels: []string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月"},
		Series: []Series{{"上升", up}, {"下降", down}}, YUnit: "h"})
	zero := zeroLine(t, img)
	for j, rising := range []bool{true, false} {
		lines := columnsOf(img, palette[j], 0, zero)
		if len(lines) == 0 {
			t.Fatalf("series %d: no pixels of its colour", j)
		}
		// Markers' white rings cut the line into pieces.
		first, last := lines[0], lines[len(lines)-1]
		if last.x1-first.x0 < 700 {
			t.Errorf("series %d: line spans x %d–%d, want most of the width", j, first.x0, last.x1)
		}
		// The left end of a rising line is low, its right end high.
		left := topBottomIn(img, palette[j], first.x0, first.x0+30, zero)
		right := topBottomIn(img, palette[j], last.x1-30, last.x1, zero)
		if rising != (right.top < left.top) {
			t.Errorf("series %d: left end top %d, right end top %d; rising = %v", j, left.top, right.top, rising)
		}
	}
	// Legend at the bottom, with both colours.
	legend := image.Rect(0, 720-60, 1080, 720)
	for j := range 2 {
		if len(columnsOf(img, palette[j], legend.Min.Y, legend.Max.Y)) == 0 {
			t.Errorf("no legend key for series %d", j)
		}
	}
}

// topBottomIn returns the highest and lowest rows above limit holding col
// in columns [x0, x1).
func topBottomIn(img *image.RGBA, col color.RGBA, x0, x1, limit int) span {
	s := span{x0: x0, x1: x1, top: math.MaxInt, bottom: -1}
	for x := x0; x < x1; x++ {
		for y := 0; y < limit; y++ {
			if img.RGBAAt(x, y) == col {
				s.top, s.bottom = min(s.top, y), max(s.bottom, y)
			}
		}
	}
	return s
}

func TestPNGLegend(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		kind   Kind
		series int
	}{
		{"BarOne", Bar, 1},
		{"BarTwo", Bar, 2},
		{"BarFive", Bar, 5},
		{"LineOne", Line, 1},
		{"LineThree", Line, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var series []Series
			for j := range tc.series {
				series = append(series, Series{Name: fmt.Sprintf("系列 %d", j+1), Values: []float64{float64(j + 1), 2, 3}})
			}
			img := mustRender(t, Chart{Kind: tc.kind, Title: "图例 Legend", Labels: teams, Series: series})
			for j := range tc.series {
				keys := columnsOf(img, palette[j], 720-55, 720)
				if want := tc.series > 1; want != (len(keys) > 0) {
					t.Errorf("series %d: legend key drawn = %v, want %v", j, len(keys) > 0, want)
				}
			}
		})
	}
}

func TestPNGNegative(t *testing.T) {
	t.Parallel()
	img := mustRender(t, Chart{Kind: Bar, Title: "环比 Change", Labels: teams,
		Series: []Series{{"变化", []float64{-5, 3, -2}}}, YUnit: "%"})
	zero := zeroLine(t, img)
	if zero < 200 || zero > 600 {
		t.Fatalf("zero line at y %d, want inside the plot", zero)
	}
	bars := columnsOf(img, palette[0], 0, 720)
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3: %+v", len(bars), bars)
	}
	if !(bars[0].top >= zero && bars[2].top >= zero) {
		t.Errorf("negative bars start above the zero line at %d: %+v", zero, bars)
	}
	if !(bars[0].bottom > bars[2].bottom && bars[2].bottom > zero) {
		t.Errorf("-5 should reach lower than -2, both below zero at %d: %+v", zero, bars)
	}
	if !(bars[1].top < zero && bars[1].bottom < zero) {
		t.Errorf("positive bar should stand on the zero line at %d: %+v", zero, bars[1])
	}
}

func TestPNGManyLabels(t *testing.T) {
	t.Parallel()
	values := make([]float64, 31)
	for i := range values {
		values[i] = float64(i%7 + 1)
	}
	for _, kind := range []Kind{Bar, Line} {
		t.Run(fmt.Sprint(kind), func(t *testing.T) {
			t.Parallel()
			img := mustRender(t, Chart{Kind: kind, Title: "11月 每日迟到 Late arrivals per day", Labels: days(31),
				Series: []Series{{"迟到", values}}, YUnit: "次"})
			zero := zeroLine(t, img)
			runs := columnsOf(img, palette[0], 0, zero)
			switch kind {
			case Bar:
				if len(runs) != 31 {
					t.Errorf("%d bars, want 31", len(runs))
				}
			case Line:
				if len(runs) == 0 || runs[len(runs)-1].x1-runs[0].x0 < 900 {
					t.Errorf("line does not span the plot: %+v", runs)
				}
			}
			// The day numbers under the axis are drawn, not all squeezed in.
			if n := ink(img, image.Rect(0, zero+4, 1080, 720)); n < 200 {
				t.Errorf("x labels drew %d dark pixels", n)
			}
		})
	}
}

func TestPNGAllZero(t *testing.T) {
	t.Parallel()
	img := mustRender(t, Chart{Kind: Bar, Title: "全零 All zero", Labels: teams, Series: []Series{{"迟到", []float64{0, 0, 0}}}})
	zero := zeroLine(t, img)
	if bars := columnsOf(img, palette[0], 0, 720); len(bars) != 0 {
		t.Errorf("bars drawn for zeros: %+v", bars)
	}
	// One grid line above the axis (1).
	grid := 0
	for y := 0; y < zero; y++ {
		if img.RGBAAt(1040, y) == gridColor {
			grid++
		}
	}
	if grid == 0 {
		t.Error("no grid line above the zero line")
	}
}

func TestPNGLongText(t *testing.T) {
	t.Parallel()
	labels := []string{"客服组 Customer service team", "财务组 Finance and accounting", "运营组 Operations", "仓库组 Warehouse and logistics",
		"直播组 Live streaming", "设计组 Design", "采购组 Purchasing", "人事组 HR", "行政组 Admin", "技术组 Engineering", "一个非常非常长的没有空格的组名称"}
	values := make([]float64, len(labels))
	for i := range values {
		values[i] = float64(i * 1000)
	}
	img := mustRender(t, Chart{Kind: Bar, Title: strings.Repeat("本月各门店迟到早退缺勤汇总 ", 8), Labels: labels,
		Series: []Series{{strings.Repeat("很长的系列名称", 20), values}, {"", values}}})
	if img.Bounds().Dx() != 1080 {
		t.Fatal("wrong size")
	}
	zero := zeroLine(t, img)
	if bars := columnsOf(img, palette[0], 0, zero); len(bars) != len(labels)-1 {
		t.Errorf("%d bars, want %d (one is zero)", len(bars), len(labels)-1)
	}
}

func TestPNGErrors(t *testing.T) {
	t.Parallel()
	f := mustFont(t)
	ok := Chart{Kind: Bar, Labels: teams, Series: []Series{{"a", []float64{1, 2, 3}}}}
	with := func(edit func(*Chart)) Chart {
		c := ok
		c.Series = append([]Series(nil), ok.Series...)
		edit(&c)
		return c
	}
	for _, tc := range []struct {
		name  string
		chart Chart
		font  *Font
		want  string
	}{
		{"NoLabels", with(func(c *Chart) { c.Labels = nil; c.Series[0].Values = nil }), f, "no labels"},
		{"NoSeries", with(func(c *Chart) { c.Series = nil }), f, "no series"},
		{"ShortSeries", with(func(c *Chart) { c.Series[0].Values = []float64{1, 2} }), f, "2 values for 3 labels"},
		{"LongSeries", with(func(c *Chart) { c.Series = append(c.Series, Series{"b", []float64{1, 2, 3, 4}}) }), f, `series 2 ("b") has 4 values`},
		{"NaN", with(func(c *Chart) { c.Series[0].Values = []float64{1, math.NaN(), 3} }), f, "value 2 (\"财务组 Finance\") is NaN"},
		{"Inf", with(func(c *Chart) { c.Series[0].Values = []float64{math.Inf(1), 2, 3} }), f, "is +Inf"},
		{"NegInf", with(func(c *Chart) { c.Series[0].Values = []float64{1, 2, math.Inf(-1)} }), f, "is -Inf"},
		{"Huge", with(func(c *Chart) { c.Series[0].Values = []float64{1e300, 2, 3} }), f, "too large"},
		{"Kind", with(func(c *Chart) { c.Kind = 7 }), f, "unknown kind"},
		{"TooSmall", with(func(c *Chart) { c.Width = 50 }), f, "size 50×720"},
		{"TooBig", with(func(c *Chart) { c.Height = 100000 }), f, "size"},
		{"Negative", with(func(c *Chart) { c.Width = -1 }), f, "size"},
		{"NoFont", ok, nil, "no font"},
		{"EmptyFont", ok, &Font{}, "no font"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := tc.chart.PNG(tc.font)
			if err == nil {
				t.Fatalf("PNG returned %d bytes, want an error", len(b))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if code := core.ErrorCodeOf(err); code != core.EInvalid {
				t.Errorf("error code %q, want %q", code, core.EInvalid)
			}
		})
	}
}

func TestPNGDeterministic(t *testing.T) {
	t.Parallel()
	f := mustFont(t)
	for _, c := range []Chart{
		{Kind: Bar, Title: "11月 各组迟到次数", Labels: teams, Series: []Series{{"迟到", []float64{12, 3, 7}}, {"缺勤", []float64{2, 0, 4}}}, YUnit: "次"},
		{Kind: Line, Title: "趋势", Labels: days(31), Series: []Series{{"a", make([]float64, 31)}}},
	} {
		// The same chart drawn at once from several goroutines with one
		// Font gives the same bytes.
		const n = 6
		sums := make([][32]byte, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				b, err := c.PNG(f)
				if err != nil {
					t.Error(err)
					return
				}
				sums[i] = sha256.Sum256(b)
			})
		}
		wg.Wait()
		for i := 1; i < n; i++ {
			if sums[i] != sums[0] {
				t.Fatalf("%q: render %d differs from render 0", c.Title, i)
			}
		}
	}
}

func TestNiceScale(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		min, max   float64
		integers   bool
		wantTicks  string
		wantLabels string
	}{
		{"AllZero", 0, 0, true, "0 1", "0 1"},
		{"SmallInts", 0, 2, true, "0 1 2", "0 1 2"},
		{"Nine", 0, 9, true, "0 2 4 6 8 10", "0 2 4 6 8 10"},
		{"Twelve", 0, 12, true, "0 5 10 15", "0 5 10 15"},
		{"FortySeven", 2, 47, true, "0 10 20 30 40 50", "0 10 20 30 40 50"},
		{"Hundred", 0, 100, true, "0 20 40 60 80 100", "0 20 40 60 80 100"},
		{"Negative", -5, 3, true, "-6 -4 -2 0 2 4", "-6 -4 -2 0 2 4"},
		{"AllNegative", -7, -1, true, "-8 -6 -4 -2 0", "-8 -6 -4 -2 0"},
		{"Fractions", 0, 0.37, false, "0 0.1 0.2 0.3 0.4", "0.0 0.1 0.2 0.3 0.4"},
		{"Quarter", 0, 2.4, false, "0 0.5 1 1.5 2 2.5", "0.0 0.5 1.0 1.5 2.0 2.5"},
		{"Big", 0, 123456, true, "0 25000 50000 75000 100000 125000", "0 25,000 50,000 75,000 100,000 125,000"},
		{"Hours", 0, 16.5, false, "0 5 10 15 20", "0 5 10 15 20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := niceScale(tc.min, tc.max, tc.integers)
			var ticks, labels []string
			for _, v := range s.ticks() {
				ticks = append(ticks, fmt.Sprint(math.Round(v*1e9)/1e9))
				labels = append(labels, formatNumber(v, s.decimals))
			}
			if got := strings.Join(ticks, " "); got != tc.wantTicks {
				t.Errorf("ticks = %s, want %s", got, tc.wantTicks)
			}
			if got := strings.Join(labels, " "); got != tc.wantLabels {
				t.Errorf("labels = %s, want %s", got, tc.wantLabels)
			}
			if n := len(s.ticks()); n > 6 || (n < 4 && tc.max-tc.min >= 3) {
				t.Errorf("%d ticks, want 4–6", n)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {-0.001, "0"}, {7, "7"}, {-12, "-12"}, {2.5, "2.5"}, {0.126, "0.13"},
		{16.50, "16.5"}, {9999, "9999"}, {12000, "12,000"}, {-1234567.5, "-1,234,567.5"},
	} {
		if got := formatValue(tc.v); got != tc.want {
			t.Errorf("formatValue(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestWrapAndTruncate(t *testing.T) {
	t.Parallel()
	ts := newTypesetter(mustFont(t))
	const size = 26
	for _, tc := range []struct {
		name     string
		s        string
		maxW     float64
		lines    int
		cjk      bool
		want     string // lines joined by |
		wantFull bool
	}{
		{"Fits", "客服组 Customer service", 1000, 2, true, "客服组 Customer service", true},
		{"BetweenLanguages", "客服组 Customer service", 240, 2, false, "客服组|Customer service", true},
		{"BetweenLanguagesCJK", "11月 每日迟到 Late arrivals per day", 300, 2, true, "11月 每日迟到|Late arrivals per day", true},
		{"Greedy", "Customer service team", 240, 2, false, "Customer service|team", true},
		{"CJKBreak", "本月各门店迟到早退缺勤汇总", 26 * 7, 2, true, "本月各门店迟到|早退缺勤汇总", true},
		{"CJKPunct", "迟到、早退、缺勤", 26 * 3.2, 3, true, "迟到、|早退、|缺勤", true},
		{"NoCJKBreak", "本月各门店迟到早退缺勤汇总", 26 * 7, 2, false, "本月各门店迟…", false},
		{"Shortened", "a b c d e f g h", 30, 2, false, "a|…", false},
		{"Empty", "", 100, 2, true, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTypesetter(mustFont(t)) // typesetters are not shared
			lines, full := ts.wrap(tc.s, size, tc.maxW, tc.lines, tc.cjk)
			if got := strings.Join(lines, "|"); got != tc.want || full != tc.wantFull {
				t.Errorf("wrap = %q, %v; want %q, %v", got, full, tc.want, tc.wantFull)
			}
			for _, l := range lines {
				if w := ts.width(l, size); w > tc.maxW {
					t.Errorf("line %q is %.1f wide, max %.1f", l, w, tc.maxW)
				}
			}
		})
	}
	if got := ts.truncate("客服组 Customer service", size, 26*2); got != "客…" {
		t.Errorf("truncate = %q, want 客…", got)
	}
	if got := ts.truncate("客服组", size, 5); got != "" {
		t.Errorf("truncate to 5px = %q, want empty", got)
	}
}

// FuzzPNG draws charts from arbitrary labels, titles and values: PNG must
// either refuse them or draw an image of the requested size.
func FuzzPNG(f *testing.F) {
	f.Add("考勤", "客服组 Customer service", "次", 3.0, -2.5, 0.0, uint8(3), false)
	f.Add("", "", "", 0.0, 0.0, 0.0, uint8(1), true)
	f.Add("\U0010FFFD\x00\n\t", "😀 emoji", "%", 1e14, -1e14, 1e-9, uint8(40), true)
	f.Fuzz(func(t *testing.T, title, label, unit string, a, b, c float64, n uint8, line bool) {
		font := mustFont(t)
		labels := make([]string, int(n))
		values := make([]float64, int(n))
		for i := range labels {
			labels[i] = label
			values[i] = []float64{a, b, c}[i%3]
		}
		ch := Chart{Kind: Bar, Title: title, Labels: labels, Series: []Series{{label, values}, {unit, values}}, YUnit: unit, Width: 640, Height: 480}
		if line {
			ch.Kind = Line
		}
		data, err := ch.PNG(font)
		if err != nil {
			if core.ErrorCodeOf(err) != core.EInvalid {
				t.Fatalf("error %v is not invalid", err)
			}
			return
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Size() != image.Pt(640, 480) {
			t.Fatalf("size %v", img.Bounds().Size())
		}
	})
}

func BenchmarkBarChart(b *testing.B) {
	f := mustFont(b)
	c := Chart{Kind: Bar, Title: "11月 各组迟到次数 Late arrivals by team, Nov 2026", Labels: teams,
		Series: []Series{{"迟到 Late", []float64{12, 3, 7}}, {"缺勤 Absent", []float64{2, 0, 4}}}, YUnit: "次"}
	var size int
	for b.Loop() {
		data, err := c.PNG(f)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "png-bytes")
}
