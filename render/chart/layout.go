package chart

import (
	"math"
	"strings"
)

// frame is where a chart's parts go, worked out before the plot is drawn.
type frame struct {
	sc         scale
	ticks      []float64
	tickText   []string
	dmin, dmax float64 // the smallest and largest value

	plotL, plotR, plotT, plotB float64 // the plot area
	slot                       float64 // width of one label's column

	pitch, barW float64 // a bar's share of its group, and its drawn width

	valueText [][]string // per series and label; nil for lines
	valueSize float64    // 0 when value labels do not fit their bars
	valueH    float64    // room a value label takes above or below its bar

	x      xLayout
	xTop   float64 // top of the x labels
	legend legendLayout
}

// yOf is the image row of value v.
func (fr frame) yOf(v float64) float64 {
	return fr.plotB - (v-fr.sc.lo)/(fr.sc.hi-fr.sc.lo)*(fr.plotB-fr.plotT)
}

// cx is the middle of label i's column.
func (fr frame) cx(i int) float64 { return fr.plotL + (float64(i)+0.5)*fr.slot }

// drawHeading draws the title and the y unit from the top margin down and
// returns where the room under them starts.
func (p *painter) drawHeading(c Chart) float64 {
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
	return y
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

// layout places the plot in the room between top and the bottom margin:
// the y scale's labels decide where it starts on the left, value labels
// take room above (and under negative) bars, the x labels and the legend
// take room at the bottom.
func (p *painter) layout(c Chart, top float64) frame {
	var fr frame
	p.layoutY(c, &fr)
	p.layoutBars(c, &fr)
	if c.Kind == Bar {
		p.layoutValues(c, &fr)
	}

	ta, td := p.t.metrics(p.tickSize)
	topRoom := (ta+td)/2 + 6*p.s
	if fr.valueSize > 0 && fr.dmax > 0 {
		topRoom = math.Max(topRoom, fr.valueH)
	}
	fr.plotT = math.Round(top + topRoom)

	// Bottom up: legend, x labels, room for labels under negative bars.
	yb := p.h - p.margin
	if len(c.Series) > 1 {
		fr.legend = p.layoutLegend(c)
		yb -= fr.legend.height + 12*p.s
	}
	fr.x = p.layoutX(c.Labels, fr.plotL, fr.slot)
	fr.xTop = yb - fr.x.height
	plotB := fr.xTop - 10*p.s
	if fr.valueSize > 0 && fr.dmin < 0 {
		plotB -= fr.valueH
	}
	fr.plotB = math.Round(plotB)
	if minPlot := 40 * p.s; fr.plotB-fr.plotT < minPlot {
		fr.plotB = fr.plotT + minPlot
	}
	return fr
}

// layoutY sets the y scale and its tick labels, whose widest decides where
// the plot starts on the left, and the width of each label's column.
func (p *painter) layoutY(c Chart, fr *frame) {
	dmin, dmax, integers := math.Inf(1), math.Inf(-1), true
	for _, s := range c.Series {
		for _, v := range s.Values {
			dmin, dmax = math.Min(dmin, v), math.Max(dmax, v)
			integers = integers && v == math.Trunc(v)
		}
	}
	fr.dmin, fr.dmax = dmin, dmax
	fr.sc = niceScale(dmin, dmax, integers)
	fr.ticks = fr.sc.ticks()
	fr.tickText = make([]string, len(fr.ticks))
	tickW := 0.0
	for i, v := range fr.ticks {
		fr.tickText[i] = formatNumber(v, fr.sc.decimals)
		tickW = math.Max(tickW, p.t.width(fr.tickText[i], p.tickSize))
	}
	fr.plotL = math.Round(p.margin + tickW + 12*p.s)
	fr.plotR = math.Round(p.w - p.margin)
	fr.slot = (fr.plotR - fr.plotL) / float64(len(c.Labels))
}

// layoutBars sets the width of a group of bars and of each bar in it.
func (p *painter) layoutBars(c Chart, fr *frame) {
	m := len(c.Series)
	groupFrac := 0.72
	if m == 1 {
		groupFrac = 0.6
	}
	fr.pitch = fr.slot * groupFrac / float64(m)
	barFrac := 1.0
	if m > 1 {
		barFrac = 0.88
	}
	fr.barW = fr.pitch * barFrac
	if maxBar := 130 * p.s; fr.barW > maxBar {
		fr.barW, fr.pitch = maxBar, maxBar/barFrac
	}
}

// layoutValues sets the value labels above (or, for negative values,
// below) the bars, at full or a smaller size if every one of them fits its
// bar, else none.
func (p *painter) layoutValues(c Chart, fr *frame) {
	m := len(c.Series)
	room := fr.pitch
	if m == 1 {
		room = fr.slot * 0.94
	}
	fr.valueText = make([][]string, m)
	for j, s := range c.Series {
		fr.valueText[j] = make([]string, len(c.Labels))
		for i, v := range s.Values {
			fr.valueText[j][i] = formatValue(v)
		}
	}
	for _, size := range []float64{p.valueSize, p.valueSize * 0.8} {
		widest := 0.0
		for _, row := range fr.valueText {
			for _, s := range row {
				widest = math.Max(widest, p.t.width(s, size))
			}
		}
		if widest <= room {
			fr.valueSize = size
			break
		}
	}
	if fr.valueSize > 0 {
		a, d := p.t.metrics(fr.valueSize)
		fr.valueH = a + d + 6*p.s
	}
}
