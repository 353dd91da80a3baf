package chart

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// point is a position in pixels, y down.
type point struct{ X, Y float64 }

type opKind uint8

const (
	opMove opKind = iota
	opLine
	opQuad
	opCube
)

type pathOp struct {
	kind opKind
	p    [3]point
}

// canvas draws anti-aliased shapes on an RGBA image. Shapes are collected as
// a path and painted by fill; crisp axis-aligned rectangles go straight to
// the image with rect.
type canvas struct {
	img      *image.RGBA
	ras      vector.Rasterizer
	maskPix  []uint8
	ops      []pathOp
	min, max point
}

func newCanvas(w, h int, bg color.RGBA) *canvas {
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h))}
	draw.Draw(c.img, c.img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	return c
}

// rect paints the pixels [x0,x1)×[y0,y1).
func (c *canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	draw.Draw(c.img, image.Rect(x0, y0, x1, y1), image.NewUniform(col), image.Point{}, draw.Over)
}

func (c *canvas) grow(pts ...point) {
	for _, p := range pts {
		c.min.X = math.Min(c.min.X, p.X)
		c.min.Y = math.Min(c.min.Y, p.Y)
		c.max.X = math.Max(c.max.X, p.X)
		c.max.Y = math.Max(c.max.Y, p.Y)
	}
}

func (c *canvas) add(kind opKind, pts ...point) {
	if len(c.ops) == 0 {
		c.min, c.max = pts[0], pts[0]
	}
	c.grow(pts...)
	op := pathOp{kind: kind}
	copy(op.p[:], pts)
	c.ops = append(c.ops, op)
}

func (c *canvas) moveTo(p point)       { c.add(opMove, p) }
func (c *canvas) lineTo(p point)       { c.add(opLine, p) }
func (c *canvas) quadTo(b, p point)    { c.add(opQuad, b, p) }
func (c *canvas) cubeTo(b, d, p point) { c.add(opCube, b, d, p) }

// polygon adds a closed polygon, turned so that it winds the same way as
// every other polygon and circle: overlapping shapes in one fill then merge
// instead of cancelling out.
func (c *canvas) polygon(pts ...point) {
	area := 0.0
	for i, p := range pts {
		q := pts[(i+1)%len(pts)]
		area += p.X*q.Y - q.X*p.Y
	}
	if area < 0 {
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	c.moveTo(pts[0])
	for _, p := range pts[1:] {
		c.lineTo(p)
	}
}

// circle adds a circle made of four cubic Bézier arcs, wound like polygon.
func (c *canvas) circle(cx, cy, r float64) {
	k := 0.5522847498 * r
	c.moveTo(point{cx + r, cy})
	c.cubeTo(point{cx + r, cy + k}, point{cx + k, cy + r}, point{cx, cy + r})
	c.cubeTo(point{cx - k, cy + r}, point{cx - r, cy + k}, point{cx - r, cy})
	c.cubeTo(point{cx - r, cy - k}, point{cx - k, cy - r}, point{cx, cy - r})
	c.cubeTo(point{cx + k, cy - r}, point{cx + r, cy - k}, point{cx + r, cy})
}

// polyline adds a line of the given width through pts, with round joins
// and ends.
func (c *canvas) polyline(pts []point, width float64) {
	hw := width / 2
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		c.polygon(point{a.X + nx, a.Y + ny}, point{b.X + nx, b.Y + ny}, point{b.X - nx, b.Y - ny}, point{a.X - nx, a.Y - ny})
	}
	for _, p := range pts {
		c.circle(p.X, p.Y, hw)
	}
}

// fill paints the collected path with col (non-zero winding, anti-aliased)
// and clears it.
func (c *canvas) fill(col color.RGBA) {
	defer func() { c.ops = c.ops[:0] }()
	if len(c.ops) == 0 {
		return
	}
	r := image.Rect(int(math.Floor(c.min.X)), int(math.Floor(c.min.Y)), int(math.Ceil(c.max.X))+1, int(math.Ceil(c.max.Y))+1)
	if !r.Overlaps(c.img.Bounds()) {
		return
	}
	w, h := r.Dx(), r.Dy()
	c.ras.Reset(w, h)
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	f := func(p point) (float32, float32) { return float32(p.X - ox), float32(p.Y - oy) }
	for i, op := range c.ops {
		switch op.kind {
		case opMove:
			if i > 0 {
				c.ras.ClosePath()
			}
			c.ras.MoveTo(f(op.p[0]))
		case opLine:
			c.ras.LineTo(f(op.p[0]))
		case opQuad:
			bx, by := f(op.p[0])
			px, py := f(op.p[1])
			c.ras.QuadTo(bx, by, px, py)
		case opCube:
			bx, by := f(op.p[0])
			dx, dy := f(op.p[1])
			px, py := f(op.p[2])
			c.ras.CubeTo(bx, by, dx, dy, px, py)
		}
	}
	c.ras.ClosePath()
	if cap(c.maskPix) < w*h {
		c.maskPix = make([]uint8, w*h)
	}
	mask := &image.Alpha{Pix: c.maskPix[:w*h], Stride: w, Rect: image.Rect(0, 0, w, h)}
	c.ras.DrawOp = draw.Src
	c.ras.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	draw.DrawMask(c.img, r, image.NewUniform(col), image.Point{}, mask, image.Point{}, draw.Over)
}
