package chart

import (
	"image/color"
	"math"
)

// drawBars draws each label's group of bars from the zero line, with their
// value labels when they fit, then the zero axis over them.
func (p *painter) drawBars(c Chart, fr frame) {
	zeroY := math.Round(fr.yOf(0))
	groupW := fr.pitch * float64(len(c.Series))
	for i := range c.Labels {
		for j, s := range c.Series {
			v := s.Values[i]
			x0 := math.Round(fr.cx(i) - groupW/2 + float64(j)*fr.pitch + (fr.pitch-fr.barW)/2)
			x1 := math.Max(math.Round(x0+fr.barW), x0+1)
			top, bot := zeroY, zeroY
			switch {
			case v > 0:
				top = math.Min(math.Round(fr.yOf(v)), zeroY-2)
			case v < 0:
				bot = math.Max(math.Round(fr.yOf(v)), zeroY+2)
			}
			p.c.rect(int(x0), int(top), int(x1), int(bot), seriesColor(j))
			if fr.valueSize > 0 {
				a, _ := p.t.metrics(fr.valueSize)
				ly := top - 6*p.s
				if v < 0 {
					ly = bot + 4*p.s + a
				}
				p.t.draw(p.c, fr.valueText[j][i], (x0+x1)/2, ly, fr.valueSize, textColor, alignCenter, 0)
			}
		}
	}
	p.zeroAxis(fr)
}

// drawLines draws the zero axis, then each series' line, then the point
// marks over all lines so none hides another's points.
func (p *painter) drawLines(c Chart, fr frame) {
	p.zeroAxis(fr)
	lw := math.Max(1.5, 4*p.s)
	r := math.Min(math.Max(2.5, 7*p.s), fr.slot/3)
	pts := make([][]point, len(c.Series))
	for j, s := range c.Series {
		pts[j] = make([]point, len(c.Labels))
		for i, v := range s.Values {
			pts[j][i] = point{fr.cx(i), fr.yOf(v)}
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

func (p *painter) zeroAxis(fr frame) {
	zeroY := math.Round(fr.yOf(0))
	p.c.rect(int(fr.plotL), int(zeroY), int(fr.plotR), int(zeroY+p.hairline()), axisColor)
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
