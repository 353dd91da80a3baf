// Package chart draws bar and line charts as PNG images for chat replies:
// big type for a phone screen, Chinese labels drawn with a CJK system font,
// colours told apart by colour-blind readers. It knows nothing of HR; the
// report code turns attendance or payroll figures into a Chart.
package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Kind is the shape of a chart.
type Kind int

// Chart kinds.
const (
	Bar  Kind = iota // bars from zero, grouped side by side per label
	Line             // one line with a point per label for each series
)

func (k Kind) String() string {
	switch k {
	case Bar:
		return "bar"
	case Line:
		return "line"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Series is one row of data: a value per label.
type Series struct {
	Name   string // shown in the legend when there are several series
	Values []float64
}

// Chart describes a chart to draw.
type Chart struct {
	Kind   Kind
	Title  string   // e.g. "11月 迟到次数 Late arrivals, Nov"; wrapped onto two lines if long
	Labels []string // x axis categories: teams, people, days, weeks, months
	Series []Series // one or more; bars are grouped side by side, lines overlaid; a legend when more than one
	YUnit  string   // unit of the values, e.g. "次", "h", "%"; shown above the y axis
	// Width and Height are the image size in pixels, default 1080 × 720; the
	// type scales with the smaller of Width/1080 and Height/720.
	Width, Height int
}

// Size limits.
const (
	DefaultWidth  = 1080
	DefaultHeight = 720
	MinSide       = 200  // narrowest or lowest image PNG draws
	MaxSide       = 4096 // widest or highest image PNG draws
	MaxLabels     = 400  // most labels (x axis categories) PNG draws
	MaxSeries     = 20   // most series PNG draws
	maxAbsValue   = 1e15
)

// PNG draws the chart with f. It returns a core.EInvalid error (key
// "chart.invalid") for a chart it cannot draw: no labels or no series, a
// series whose length differs from Labels, a NaN, infinite or huge value,
// an unknown Kind, a size outside MinSide–MaxSide, too many labels or
// series, or a nil font. The output is the same bytes for the same chart
// and font.
func (c Chart) PNG(f *Font) ([]byte, error) {
	if err := c.validate(f); err != nil {
		return nil, err
	}
	img := c.draw(f)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

func invalid(format string, args ...any) error {
	return core.Errorf(core.EInvalid, "chart.invalid", "chart: "+format, args...)
}

func (c Chart) validate(f *Font) error {
	if f == nil || f.sf == nil {
		return invalid("no font")
	}
	if c.Kind != Bar && c.Kind != Line {
		return invalid("unknown kind %d", c.Kind)
	}
	w, h := c.size()
	if w < MinSide || h < MinSide || w > MaxSide || h > MaxSide {
		return invalid("size %d×%d is outside %d–%d", w, h, MinSide, MaxSide)
	}
	if len(c.Labels) == 0 {
		return invalid("no labels")
	}
	if len(c.Labels) > MaxLabels {
		return invalid("%d labels, at most %d", len(c.Labels), MaxLabels)
	}
	if len(c.Series) == 0 {
		return invalid("no series")
	}
	if len(c.Series) > MaxSeries {
		return invalid("%d series, at most %d", len(c.Series), MaxSeries)
	}
	for i, s := range c.Series {
		if len(s.Values) != len(c.Labels) {
			return invalid("series %d (%q) has %d values for %d labels", i+1, s.Name, len(s.Values), len(c.Labels))
		}
		for j, v := range s.Values {
			switch {
			case math.IsNaN(v) || math.IsInf(v, 0):
				return invalid("series %d (%q) value %d (%q) is %v", i+1, s.Name, j+1, c.Labels[j], v)
			case math.Abs(v) > maxAbsValue:
				return invalid("series %d (%q) value %d (%q) is too large", i+1, s.Name, j+1, c.Labels[j])
			}
		}
	}
	return nil
}

func (c Chart) size() (w, h int) {
	w, h = c.Width, c.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	return w, h
}

// Colours. The series colours are the Okabe–Ito palette, which readers with
// any common colour-vision deficiency can tell apart, ordered for contrast
// on white (yellow last).
var (
	white     = color.RGBA{0xff, 0xff, 0xff, 0xff}
	textColor = color.RGBA{0x1f, 0x23, 0x28, 0xff}
	softText  = color.RGBA{0x57, 0x60, 0x6a, 0xff}
	gridColor = color.RGBA{0xe3, 0xe6, 0xe9, 0xff}
	axisColor = color.RGBA{0x8c, 0x95, 0x9f, 0xff}
	palette   = []color.RGBA{
		{0x00, 0x72, 0xb2, 0xff}, // blue
		{0xe6, 0x9f, 0x00, 0xff}, // orange
		{0x00, 0x9e, 0x73, 0xff}, // bluish green
		{0xd5, 0x5e, 0x00, 0xff}, // vermillion
		{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
		{0x56, 0xb4, 0xe9, 0xff}, // sky blue
		{0x00, 0x00, 0x00, 0xff}, // black
		{0xf0, 0xe4, 0x42, 0xff}, // yellow
	}
)

func seriesColor(i int) color.RGBA { return palette[i%len(palette)] }

// painter holds what one drawing needs: the canvas, the typesetter and the
// type sizes for this image size.
type painter struct {
	c      *canvas
	t      *typesetter
	w, h   float64
	s      float64 // scale against 1080 × 720
	margin float64

	titleSize, labelSize, tickSize, valueSize, legendSize, unitSize float64
}

func newPainter(f *Font, w, h int) *painter {
	s := math.Min(float64(w)/DefaultWidth, float64(h)/DefaultHeight)
	px := func(v, min float64) float64 { return math.Max(v*s, min) }
	return &painter{
		c: newCanvas(w, h, white), t: newTypesetter(f),
		w: float64(w), h: float64(h), s: s, margin: px(24, 6),
		titleSize: px(40, 14), labelSize: px(26, 11), tickSize: px(24, 10),
		valueSize: px(24, 10), legendSize: px(26, 11), unitSize: px(22, 10),
	}
}

// draw renders the chart; c must be valid.
func (c Chart) draw(f *Font) *image.RGBA {
	w, h := c.size()
	p := newPainter(f, w, h)
	n, m := len(c.Labels), len(c.Series)

	// Y scale and its labels decide where the plot starts on the left.
	dmin, dmax, integers := math.Inf(1), math.Inf(-1), true
	for _, s := range c.Series {
		for _, v := range s.Values {
			dmin, dmax = math.Min(dmin, v), math.Max(dmax, v)
			integers = integers && v == math.Trunc(v)
		}
	}
	sc := niceScale(dmin, dmax, integers)
	ticks := sc.ticks()
	tickText := make([]string, len(ticks))
	tickW := 0.0
	for i, v := range ticks {
		tickText[i] = formatNumber(v, sc.decimals)
		tickW = math.Max(tickW, p.t.width(tickText[i], p.tickSize))
	}
	plotL := math.Round(p.margin + tickW + 12*p.s)
	plotR := math.Round(p.w - p.margin)
	slot := (plotR - plotL) / float64(n)

	// Bars: the width of a group of bars and of each bar in it.
	groupFrac := 0.72
	if m == 1 {
		groupFrac = 0.6
	}
	pitch := slot * groupFrac / float64(m)
	barFrac := 1.0
	if m > 1 {
		barFrac = 0.88
	}
	barW := pitch * barFrac
	if maxBar := 130 * p.s; barW > maxBar {
		barW, pitch = maxBar, maxBar/barFrac
	}

	// Value labels above (or, for negative values, below) the bars, if
	// every one of them fits its bar.
	var valueText [][]string
	valueSize := 0.0
	if c.Kind == Bar {
		room := pitch
		if m == 1 {
			room = slot * 0.94
		}
		valueText = make([][]string, m)
		widest := 0.0
		for j, s := range c.Series {
			valueText[j] = make([]string, n)
			for i, v := range s.Values {
				valueText[j][i] = formatValue(v)
			}
		}
		for _, size := range []float64{p.valueSize, p.valueSize * 0.8} {
			widest = 0
			for _, row := range valueText {
				for _, s := range row {
					widest = math.Max(widest, p.t.width(s, size))
				}
			}
			if widest <= room {
				valueSize = size
				break
			}
		}
	}
	valueH := 0.0
	if valueSize > 0 {
		a, d := p.t.metrics(valueSize)
		valueH = a + d + 6*p.s
	}

	// Top down: title, unit, room for value labels.
	y := p.margin
	if strings.TrimSpace(c.Title) != "" {
		lines, size := p.fitTitle(c.Title, p.w-2*p.margin)
		a, _ := p.t.metrics(size)
		lh := p.t.lineHeight(size)
		for i, line := range lines {
			p.t.draw(p.c, line, p.w/2, y+a+float64(i)*lh, size, textColor, alignCenter, 0)
		}
		y += float64(len(lines))*lh + 10*p.s
	}
	if unit := strings.TrimSpace(c.YUnit); unit != "" {
		a, d := p.t.metrics(p.unitSize)
		p.t.draw(p.c, p.t.truncate(unit, p.unitSize, p.w/2), p.margin, y+a, p.unitSize, softText, alignLeft, 0)
		y += a + d + 10*p.s
	}
	ta, td := p.t.metrics(p.tickSize)
	topRoom := (ta+td)/2 + 6*p.s
	if valueSize > 0 && dmax > 0 {
		topRoom = math.Max(topRoom, valueH)
	}
	plotT := math.Round(y + topRoom)

	// Bottom up: legend, x labels, room for labels under negative bars.
	yb := p.h - p.margin
	var legend legendLayout
	if m > 1 {
		legend = p.layoutLegend(c)
		yb -= legend.height + 12*p.s
	}
	xl := p.layoutX(c.Labels, plotL, slot)
	xTop := yb - xl.height
	plotB := xTop - 10*p.s
	if valueSize > 0 && dmin < 0 {
		plotB -= valueH
	}
	plotB = math.Round(plotB)
	if minPlot := 40 * p.s; plotB-plotT < minPlot {
		plotB = plotT + minPlot
	}

	yOf := func(v float64) float64 { return plotB - (v-sc.lo)/(sc.hi-sc.lo)*(plotB-plotT) }
	line := math.Max(1, math.Round(p.s*1.5))

	// Grid and y tick labels.
	for i, v := range ticks {
		gy := math.Round(yOf(v))
		if v != 0 {
			p.c.rect(int(plotL), int(gy), int(plotR), int(gy+line), gridColor)
		}
		p.t.draw(p.c, tickText[i], plotL-12*p.s, gy+line/2+(ta-td)/2, p.tickSize, softText, alignRight, 0)
	}
	zeroY := math.Round(yOf(0))
	cx := func(i int) float64 { return plotL + (float64(i)+0.5)*slot }

	switch c.Kind {
	case Bar:
		groupW := pitch * float64(m)
		for i := range n {
			for j, s := range c.Series {
				v := s.Values[i]
				x0 := math.Round(cx(i) - groupW/2 + float64(j)*pitch + (pitch-barW)/2)
				x1 := math.Max(math.Round(x0+barW), x0+1)
				top, bot := zeroY, zeroY
				switch {
				case v > 0:
					top = math.Min(math.Round(yOf(v)), zeroY-2)
				case v < 0:
					bot = math.Max(math.Round(yOf(v)), zeroY+2)
				}
				p.c.rect(int(x0), int(top), int(x1), int(bot), seriesColor(j))
				if valueSize > 0 {
					a, _ := p.t.metrics(valueSize)
					ly := top - 6*p.s
					if v < 0 {
						ly = bot + 4*p.s + a
					}
					p.t.draw(p.c, valueText[j][i], (x0+x1)/2, ly, valueSize, textColor, alignCenter, 0)
				}
			}
		}
		p.c.rect(int(plotL), int(zeroY), int(plotR), int(zeroY+line), axisColor)
	case Line:
		p.c.rect(int(plotL), int(zeroY), int(plotR), int(zeroY+line), axisColor)
		lw := math.Max(1.5, 4*p.s)
		r := math.Min(math.Max(2.5, 7*p.s), slot/3)
		pts := make([][]point, m)
		for j, s := range c.Series {
			pts[j] = make([]point, n)
			for i, v := range s.Values {
				pts[j][i] = point{cx(i), yOf(v)}
			}
			p.c.polyline(pts[j], lw)
			p.c.fill(seriesColor(j))
		}
		for j := range c.Series {
			for _, pt := range pts[j] {
				p.marker(j, pt, r, seriesColor(j))
			}
		}
	}

	p.drawX(xl, c.Labels, xTop, slot, plotL)
	if m > 1 {
		p.drawLegend(legend, c.Kind, p.h-p.margin-legend.height)
	}
	return p.c.img
}

// marker draws series j's point mark at pt: circle, square, triangle or
// diamond by series, so lines differ by more than colour, on a white ring.
func (p *painter) marker(j int, pt point, r float64, col color.RGBA) {
	ring := math.Max(1, 2*p.s)
	for _, pass := range []struct {
		r   float64
		col color.RGBA
	}{{r + ring, white}, {r, col}} {
		r := pass.r
		switch j % 4 {
		case 0:
			p.c.circle(pt.X, pt.Y, r)
		case 1:
			h := r * 0.89
			p.c.polygon(point{pt.X - h, pt.Y - h}, point{pt.X + h, pt.Y - h}, point{pt.X + h, pt.Y + h}, point{pt.X - h, pt.Y + h})
		case 2:
			k := r * 1.3
			p.c.polygon(point{pt.X, pt.Y - k}, point{pt.X + k*0.866, pt.Y + k*0.5}, point{pt.X - k*0.866, pt.Y + k*0.5})
		case 3:
			k := r * 1.25
			p.c.polygon(point{pt.X, pt.Y - k}, point{pt.X + k, pt.Y}, point{pt.X, pt.Y + k}, point{pt.X - k, pt.Y})
		}
		p.c.fill(pass.col)
	}
}

// fitTitle fits the title in maxW: one line at full size, else two, else
// two at a smaller size, else two shortened with an ellipsis.
func (p *painter) fitTitle(title string, maxW float64) ([]string, float64) {
	title = strings.Join(strings.Fields(title), " ")
	size := p.titleSize
	for size >= p.titleSize*0.7 {
		if lines, ok := p.t.wrap(title, size, maxW, 2, true); ok {
			return lines, size
		}
		size *= 0.9
	}
	lines, _ := p.t.wrap(title, size, maxW, 2, true)
	return lines, size
}

// xLayout is how the x labels are set: per label its lines (nil when it
// is skipped to leave room for its neighbours), or rotated 45°.
type xLayout struct {
	lines   [][]string
	rotated bool
	size    float64
	height  float64 // room taken under the plot
}

// layoutX sets the x labels: on one line if they fit their slots, else on
// two (breaking at spaces), else the same a little smaller, else shortened
// on two lines when slots are wide, else rotated 45° when slots are as wide
// as a line of text is high, else only every k-th.
func (p *painter) layoutX(labels []string, plotL, slot float64) xLayout {
	size := p.labelSize
	clean := make([]string, len(labels))
	for i, l := range labels {
		clean[i] = strings.Join(strings.Fields(l), " ")
	}
	room := math.Min(slot*0.92, slot-8*p.s)
	horizontal := func(size float64, maxLines int, shorten bool) (xLayout, bool) {
		out := xLayout{lines: make([][]string, len(labels)), size: size}
		rows := 0
		for i, l := range clean {
			lines, ok := p.t.wrap(l, size, room, maxLines, false)
			if !ok && !shorten {
				return out, false
			}
			out.lines[i] = lines
			rows = max(rows, len(lines))
		}
		out.height = math.Max(1, float64(rows)) * p.t.lineHeight(size)
		return out, true
	}
	for _, sz := range []float64{size, size * 0.85} {
		for _, maxLines := range []int{1, 2} {
			if out, ok := horizontal(sz, maxLines, false); ok {
				return out
			}
		}
	}
	if slot >= 4*size {
		out, _ := horizontal(size, 2, true)
		return out
	}
	a, d := p.t.metrics(size)
	lh := p.t.lineHeight(size)
	if slot >= 1.5*size {
		out := xLayout{lines: make([][]string, len(labels)), rotated: true, size: size}
		longest := 0.0
		for i, l := range clean {
			ax := p.rotatedAnchorX(plotL+(float64(i)+0.5)*slot, size)
			maxW := math.Min(math.Min(p.h*0.3, 12*size), (ax-2)/math.Sqrt2*2-a)
			l = p.t.truncate(l, size, maxW)
			out.lines[i] = []string{l}
			longest = math.Max(longest, p.t.width(l, size))
		}
		out.height = 4*p.s + (a+longest+d)/math.Sqrt2
		return out
	}
	// Every k-th label, k as small as lets the widest fit.
	widest := 0.0
	for _, l := range clean {
		widest = math.Max(widest, p.t.width(p.t.truncate(l, size, 8*size), size))
	}
	k := max(2, int(math.Ceil((widest+8*p.s)/slot)))
	out := xLayout{lines: make([][]string, len(labels)), size: size, height: lh}
	for i, l := range clean {
		if i%k == 0 {
			out.lines[i] = []string{p.t.truncate(l, size, float64(k)*slot*0.92)}
		}
	}
	return out
}

// rotatedAnchorX is where a rotated label's baseline ends so that the label
// points at x.
func (p *painter) rotatedAnchorX(x, size float64) float64 {
	a, d := p.t.metrics(size)
	return x + (a-d)/2/math.Sqrt2
}

func (p *painter) drawX(xl xLayout, labels []string, top, slot, plotL float64) {
	a, _ := p.t.metrics(xl.size)
	lh := p.t.lineHeight(xl.size)
	for i, lines := range xl.lines {
		x := plotL + (float64(i)+0.5)*slot
		if xl.rotated {
			if len(lines) == 1 {
				p.t.draw(p.c, lines[0], p.rotatedAnchorX(x, xl.size), top+4*p.s+a/math.Sqrt2, xl.size, textColor, alignRight, -math.Pi/4)
			}
			continue
		}
		for k, line := range lines {
			w := p.t.width(line, xl.size)
			cx := math.Min(math.Max(x, w/2+2), p.w-w/2-2) // keep edge labels in the image
			p.t.draw(p.c, line, cx, top+a+float64(k)*lh, xl.size, textColor, alignCenter, 0)
		}
	}
}

// legendLayout is the legend: rows of series indices with their names.
type legendLayout struct {
	rows   [][]int
	names  []string
	widths []float64 // of each item, key and name
	height float64
}

func (p *painter) legendKey(kind Kind) float64 {
	if kind == Line {
		return 1.6 * p.legendSize
	}
	return 0.8 * p.legendSize
}

func (p *painter) layoutLegend(c Chart) legendLayout {
	size := p.legendSize
	avail := p.w - 2*p.margin
	key := p.legendKey(c.Kind) + 10*p.s
	gap := 36 * p.s
	l := legendLayout{names: make([]string, len(c.Series)), widths: make([]float64, len(c.Series))}
	var row []int
	rowW := 0.0
	for j, s := range c.Series {
		name := strings.Join(strings.Fields(s.Name), " ")
		if name == "" {
			name = fmt.Sprintf("#%d", j+1)
		}
		name = p.t.truncate(name, size, avail-key)
		l.names[j] = name
		l.widths[j] = key + p.t.width(name, size)
		if len(row) > 0 && rowW+gap+l.widths[j] > avail {
			l.rows = append(l.rows, row)
			row, rowW = nil, 0
		}
		if len(row) > 0 {
			rowW += gap
		}
		row = append(row, j)
		rowW += l.widths[j]
	}
	l.rows = append(l.rows, row)
	l.height = float64(len(l.rows)) * size * 1.5
	return l
}

func (p *painter) drawLegend(l legendLayout, kind Kind, top float64) {
	size := p.legendSize
	a, d := p.t.metrics(size)
	gap := 36 * p.s
	keyW := p.legendKey(kind)
	for r, row := range l.rows {
		rowW := gap * float64(len(row)-1)
		for _, j := range row {
			rowW += l.widths[j]
		}
		x := math.Round((p.w - rowW) / 2)
		mid := top + (float64(r)+0.5)*size*1.5
		for _, j := range row {
			col := seriesColor(j)
			switch kind {
			case Line:
				p.c.polyline([]point{{x, mid}, {x + keyW, mid}}, math.Max(1.5, 4*p.s))
				p.c.fill(col)
				p.marker(j, point{x + keyW/2, mid}, math.Max(2.5, 7*p.s), col)
			default:
				k := math.Round(keyW)
				y0 := math.Round(mid - k/2)
				p.c.rect(int(x), int(y0), int(x+k), int(y0+k), col)
			}
			p.t.draw(p.c, l.names[j], x+keyW+10*p.s, mid+(a-d)/2, size, textColor, alignLeft, 0)
			x += l.widths[j] + gap
		}
	}
}
