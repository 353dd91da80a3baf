package chart

import (
	"math"
	"strconv"
	"strings"
)

// scale is a y axis: from lo to hi in steps of step, every tick a round
// number.
type scale struct {
	lo, hi, step float64
	decimals     int // digits after the point in tick labels
}

// niceScale returns the axis for data from dmin to dmax: it always includes
// 0, has at most 6 ticks (4–6 unless integer data span fewer than 3), steps
// of 1, 2, 2.5 or 5 times a power of ten, whole steps when integers is set,
// and 0–1 when all the data are 0.
func niceScale(dmin, dmax float64, integers bool) scale {
	lo, hi := math.Min(0, dmin), math.Max(0, dmax)
	if hi == lo {
		hi = lo + 1
	}
	span := hi - lo
	e := math.Floor(math.Log10(span / 10))
	for range 40 {
		p := math.Pow(10, e)
		for _, m := range []float64{1, 2, 2.5, 5} {
			step := m * p
			if integers && (step < 1 || step != math.Trunc(step)) {
				continue
			}
			l := math.Floor(lo/step+1e-9) * step
			h := math.Ceil(hi/step-1e-9) * step
			if math.Round((h-l)/step) <= 5 {
				return scale{lo: l, hi: h, step: step, decimals: decimalsOf(step)}
			}
		}
		e++
	}
	return scale{lo: lo, hi: hi, step: span, decimals: decimalsOf(span)} // not reached for finite data
}

// ticks returns the values of the axis' ticks, lo first.
func (s scale) ticks() []float64 {
	n := int(math.Round((s.hi - s.lo) / s.step))
	out := make([]float64, 0, n+1)
	for i := 0; i <= n; i++ {
		v := s.lo + float64(i)*s.step
		if math.Abs(v) < s.step*1e-6 {
			v = 0
		}
		out = append(out, v)
	}
	return out
}

// decimalsOf returns how many digits after the point v needs, at most 6.
func decimalsOf(v float64) int {
	for d := 0; d < 6; d++ {
		x := v * math.Pow(10, float64(d))
		if math.Abs(x-math.Round(x)) < 1e-6*math.Max(1, math.Abs(x)) {
			return d
		}
	}
	return 6
}

// formatNumber writes v with the given decimals and thousands separators
// from 10,000 up, never as "-0".
func formatNumber(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) > 4 {
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		intPart = b.String()
	}
	s = intPart
	if hasFrac {
		s += "." + frac
	}
	if neg {
		s = "-" + s
	}
	return s
}

// formatValue writes a data value for the label above its bar: whole
// numbers as such, others with at most two decimals.
func formatValue(v float64) string {
	if v == math.Trunc(v) {
		return formatNumber(v, 0)
	}
	s := formatNumber(v, 2)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
