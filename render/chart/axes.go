package chart

import (
	"math"
	"strings"
)

// drawGrid draws a grid line and a label at each y tick; the zero line is
// left to the axis drawn over the bars.
func (p *painter) drawGrid(fr frame) {
	line := p.hairline()
	ta, td := p.t.metrics(p.tickSize)
	for i, v := range fr.ticks {
		gy := math.Round(fr.yOf(v))
		if v != 0 {
			p.c.rect(int(fr.plotL), int(gy), int(fr.plotR), int(gy+line), gridColor)
		}
		p.t.draw(p.c, fr.tickText[i], fr.plotL-12*p.s, gy+line/2+(ta-td)/2, p.tickSize, softText, alignRight, 0)
	}
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
