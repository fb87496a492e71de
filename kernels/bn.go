package kernels

import "math"

// Batch-normalisation row kernels: the per-row passes of a BatchNorm layer
// over a row-major batch (package ssl's BatchNorm1d), statistics in float64,
// outputs in T. Every slice argument has at least len(x) (or len(dy))
// elements; nothing past that is read or written. The generic code below is
// the reference: the assembly does the same operations in the same order
// without fused multiply-adds, so the results are bitwise the same on every
// path.

// bnImpl holds an ISA's float32 batch-norm row kernels for whole blocks of
// 16 elements (nil: generic); see the exported functions for what each does.
type bnImpl struct {
	stats     func(x, k []float32, sum, sq []float64)
	normalise func(x, a, b, g, c, h, y []float32, relu bool)
	gradStats func(dy, y, h []float32, s1, s2 []float64)
	gradInput func(dy, y, h, a, b, c, dx []float32)
}

// BNStats accumulates the shifted moments of one row x against a reference
// row k: with d = float64(x[j]) − float64(k[j]), sum[j] += d and
// sq[j] += d·d.
func BNStats[T float](x, k []T, sum, sq []float64) {
	n := len(x)
	k, sum, sq = k[:n], sum[:n], sq[:n]
	v := 0
	if f := cur.bn.stats; f != nil {
		if x32, ok := any(x).([]float32); ok {
			v = n &^ 15
			f(x32[:v], any(k).([]float32)[:v], sum[:v], sq[:v])
		}
	}
	for j := v; j < n; j++ {
		d := float64(x[j]) - float64(k[j])
		sum[j] += d
		sq[j] += d * d
	}
}

// BNNormalise computes one output row of a batch-norm layer: t = x[j]·a[j]
// + b[j] (each operation rounded in T), stored to h[j] unless h is nil;
// y[j] = g[j]·t + c[j], or t when g is nil; with relu, y[j] then has its
// sign bit cleared (max(y, 0), with −0 and negative NaNs becoming +0).
func BNNormalise[T float](x, a, b, g, c, h, y []T, relu bool) {
	n := len(x)
	a, b, y = a[:n], b[:n], y[:n]
	if h != nil {
		h = h[:n]
	}
	if g != nil {
		g, c = g[:n], c[:n]
	}
	v := 0
	if f := cur.bn.normalise; f != nil {
		if x32, ok := any(x).([]float32); ok {
			v = n &^ 15
			var h32, g32, c32 []float32
			if h != nil {
				h32 = any(h).([]float32)[:v]
			}
			if g != nil {
				g32, c32 = any(g).([]float32)[:v], any(c).([]float32)[:v]
			}
			f(x32[:v], any(a).([]float32)[:v], any(b).([]float32)[:v], g32, c32, h32, any(y).([]float32)[:v], relu)
		}
	}
	for j := v; j < n; j++ {
		t := x[j]*a[j] + b[j]
		if h != nil {
			h[j] = t
		}
		if g != nil {
			t = g[j]*t + c[j]
		}
		if relu {
			t = reluT(t)
		}
		y[j] = t
	}
}

// BNGradStats accumulates the sums of a batch-norm backward pass for one
// row: with d = dy[j], or 0 where y[j] is not positive when y is not nil
// (the gradient through a fused ReLU whose output is y), s1[j] += float64(d)
// and s2[j] += float64(d)·float64(h[j]).
func BNGradStats[T float](dy, y, h []T, s1, s2 []float64) {
	n := len(dy)
	h, s1, s2 = h[:n], s1[:n], s2[:n]
	if y != nil {
		y = y[:n]
	}
	v := 0
	if f := cur.bn.gradStats; f != nil {
		if dy32, ok := any(dy).([]float32); ok {
			v = n &^ 15
			var y32 []float32
			if y != nil {
				y32 = any(y).([]float32)[:v]
			}
			f(dy32[:v], y32, any(h).([]float32)[:v], s1[:v], s2[:v])
		}
	}
	for j := v; j < n; j++ {
		d := dy[j]
		if y != nil {
			d = reluGrad(d, y[j])
		}
		s1[j] += float64(d)
		s2[j] += float64(d) * float64(h[j])
	}
}

// BNGradInput computes one row of a batch-norm layer's input gradient: with
// d as in BNGradStats, dx[j] = a[j]·d + b[j] + c[j]·h[j] (evaluated left to
// right, each operation rounded in T).
func BNGradInput[T float](dy, y, h, a, b, c, dx []T) {
	n := len(dy)
	h, a, b, c, dx = h[:n], a[:n], b[:n], c[:n], dx[:n]
	if y != nil {
		y = y[:n]
	}
	v := 0
	if f := cur.bn.gradInput; f != nil {
		if dy32, ok := any(dy).([]float32); ok {
			v = n &^ 15
			var y32 []float32
			if y != nil {
				y32 = any(y).([]float32)[:v]
			}
			f(dy32[:v], y32, any(h).([]float32)[:v], any(a).([]float32)[:v], any(b).([]float32)[:v],
				any(c).([]float32)[:v], any(dx).([]float32)[:v])
		}
	}
	for j := v; j < n; j++ {
		d := dy[j]
		if y != nil {
			d = reluGrad(d, y[j])
		}
		dx[j] = a[j]*d + b[j] + c[j]*h[j]
	}
}

// reluT clears the sign: x for x with the sign bit clear, +0 otherwise.
func reluT[T float](x T) T {
	switch v := any(x).(type) {
	case float32:
		b := math.Float32bits(v)
		return T(math.Float32frombits(b &^ uint32(int32(b)>>31)))
	default:
		b := math.Float64bits(float64(x))
		return T(math.Float64frombits(b &^ uint64(int64(b)>>63)))
	}
}

// reluGrad is d where y is positive (as bits: 0 < bits(y) < sign bit), 0
// otherwise.
func reluGrad[T float](d, y T) T {
	switch v := any(y).(type) {
	case float32:
		m := uint32(int32(-math.Float32bits(v)) >> 31)
		return T(math.Float32frombits(math.Float32bits(float32(d)) & m))
	default:
		m := uint64(int64(-math.Float64bits(float64(y))) >> 63)
		return T(math.Float64frombits(math.Float64bits(float64(d)) & m))
	}
}
