package chart

import (
	"fmt"
	"math"
	"strings"
)

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
