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

// draw renders the chart; c must be valid. The heading goes first, then
// the plot is laid out in the room left under it, then drawn back to front:
// grid, bars or lines, x labels, legend.
func (c Chart) draw(f *Font) *image.RGBA {
	w, h := c.size()
	p := newPainter(f, w, h)
	top := p.drawHeading(c)
	fr := p.layout(c, top)
	p.drawGrid(fr)
	switch c.Kind {
	case Bar:
		p.drawBars(c, fr)
	case Line:
		p.drawLines(c, fr)
	}
	p.drawX(fr.x, c.Labels, fr.xTop, fr.slot, fr.plotL)
	if len(c.Series) > 1 {
		p.drawLegend(fr.legend, c.Kind, p.h-p.margin-fr.legend.height)
	}
	return p.c.img
}

// hairline is the width of grid lines and the zero axis.
func (p *painter) hairline() float64 { return math.Max(1, math.Round(p.s*1.5)) }
