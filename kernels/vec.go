package kernels

import "math"

// Panic messages of the vector kernels.
const (
	vecBadLen = "kernels: length mismatch of x and y"
	emaBadTau = "kernels: EMA tau not in [0, 1]"
	emaBadN   = "kernels: EMA with different numbers of targets and sources"
	emaBadLen = "kernels: EMA target and source of different lengths"
)

// vecImpl holds one precision's vector kernels of an ISA. Each works on
// whole unit-stride slices of equal length (checked by the caller), any
// length and alignment, and touches nothing outside them.
type vecImpl[T float] struct {
	dot   func(x, y []T) T
	axpy  func(a T, x, y []T)
	axpby func(a T, x []T, b T, y []T)
	scal  func(a T, x []T)
	// Covariance helpers, float64 results (len(mu) = len(out) = len(x)):
	// centre sets out[j] = float64(x[j]) − mu[j], accsub adds it to out[j].
	centre func(x []T, mu, out []float64)
	accsub func(x []T, mu, out []float64)
	// centrePanels, if set, is centre that also writes the row into
	// 8-wide packed panels, pan[(j/8)·ps + j%8], zero past len(x) (see
	// centrePanelsGeneric); only used when the float64 GEMM tile has MR = 8.
	centrePanels func(x []T, mu, out, pan []float64, ps int)
	// packRuns8, if set, copies k runs of 8 elements at stride ld into a
	// packed panel: dst[p·8+i] = src[p·ld+i] (SYRK's transposed-A packing
	// for MR = 8).
	packRuns8 func(dst, src []T, ld, k int)
}

// fill sets the missing kernels to the generic twins.
func (v *vecImpl[T]) fill() {
	if v.dot == nil {
		v.dot = dotGeneric[T]
	}
	if v.axpy == nil {
		v.axpy = axpyGeneric[T]
	}
	if v.axpby == nil {
		v.axpby = axpbyGeneric[T]
	}
	if v.scal == nil {
		v.scal = scalGeneric[T]
	}
	if v.centre == nil {
		v.centre = centreGeneric[T]
	}
	if v.accsub == nil {
		v.accsub = accsubGeneric[T]
	}
}

func init() {
	for _, p := range isas {
		p.sv.fill()
		p.dv.fill()
	}
}

// The generic twins define the semantics of the assembly kernels, which
// compute the same values with fused multiply-adds (dot in another order).

func dotGeneric[T float](x, y []T) T {
	var s T
	y = y[:len(x)]
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

func axpyGeneric[T float](a T, x, y []T) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}

func axpbyGeneric[T float](a T, x []T, b T, y []T) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = a*v + b*y[i]
	}
}

func scalGeneric[T float](a T, x []T) {
	for i := range x {
		x[i] *= a
	}
}

func centreGeneric[T float](x []T, mu, out []float64) {
	mu, out = mu[:len(x)], out[:len(x)]
	for j, v := range x {
		out[j] = float64(v) - mu[j]
	}
}

// centrePanelsGeneric is the twin of the centrePanels kernels for panel
// width w.
func centrePanelsGeneric[T float](x []T, mu, out, pan []float64, ps, w int) {
	for j, v := range x {
		d := float64(v) - mu[j]
		out[j] = d
		pan[j/w*ps+j%w] = d
	}
	if r := len(x) % w; r != 0 {
		clear(pan[len(x)/w*ps+r : len(x)/w*ps+w])
	}
}

func accsubGeneric[T float](x []T, mu, out []float64) {
	mu, out = mu[:len(x)], out[:len(x)]
	for j, v := range x {
		out[j] += float64(v) - mu[j]
	}
}

// Sdot returns Σ x[i]·y[i] with float32 accumulation. It panics if
// len(x) != len(y).
func Sdot(x, y []float32) float32 {
	if len(x) != len(y) {
		panic(vecBadLen)
	}
	return cur.sv.dot(x, y)
}

// Ddot returns Σ x[i]·y[i]. It panics if len(x) != len(y).
func Ddot(x, y []float64) float64 {
	if len(x) != len(y) {
		panic(vecBadLen)
	}
	return cur.dv.dot(x, y)
}

// Saxpy computes y ← a·x + y. It panics if len(x) != len(y).
func Saxpy(a float32, x, y []float32) {
	if len(x) != len(y) {
		panic(vecBadLen)
	}
	cur.sv.axpy(a, x, y)
}

// Daxpy computes y ← a·x + y. It panics if len(x) != len(y).
func Daxpy(a float64, x, y []float64) {
	if len(x) != len(y) {
		panic(vecBadLen)
	}
	cur.dv.axpy(a, x, y)
}

// Saxpby computes y ← a·x + b·y in one pass (y is read even when b = 0, so
// NaN in y propagates). It panics if len(x) != len(y).
func Saxpby(a float32, x []float32, b float32, y []float32) {
	if len(x) != len(y) {
		panic(vecBadLen)
	}
	cur.sv.axpby(a, x, b, y)
}

// Daxpby computes y ← a·x + b·y in one pass (see Saxpby).
func Daxpby(a float64, x []float64, b float64, y []float64) {
	if len(x) != len(y) {
		panic(vecBadLen)
	}
	cur.dv.axpby(a, x, b, y)
}

// Sscal computes x ← a·x.
func Sscal(a float32, x []float32) { cur.sv.scal(a, x) }

// Dscal computes x ← a·x.
func Dscal(a float64, x []float64) { cur.dv.scal(a, x) }

// Snrm2 returns the Euclidean norm of x. The squares are summed in float64,
// where the square of any float32 is exact in range (no overflow, no
// underflow to zero), so no scaling is needed; this loop is in Go: the norm
// is rarely on a hot path, and float32→float64 conversion halves the SIMD
// width anyway.
func Snrm2(x []float32) float32 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		v0, v1, v2, v3 := float64(x[i]), float64(x[i+1]), float64(x[i+2]), float64(x[i+3])
		s0 += v0 * v0
		s1 += v1 * v1
		s2 += v2 * v2
		s3 += v3 * v3
	}
	for ; i < len(x); i++ {
		v := float64(x[i])
		s0 += v * v
	}
	return float32(math.Sqrt((s0 + s1) + (s2 + s3)))
}

// Dnrm2 returns the Euclidean norm of x without overflow or harmful
// underflow. It first sums the squares with the vector dot kernel; only if
// that sum overflowed or is so small that squares may have underflowed
// (< 2⁻⁹⁰⁰) does it make a second, scaled pass (LAPACK dnrm2's algorithm, as
// in gonum). NaN in x gives NaN, otherwise ±Inf gives +Inf.
func Dnrm2(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := cur.dv.dot(x, x)
	if s >= 0x1p-900 && s <= math.MaxFloat64 {
		return math.Sqrt(s)
	}
	if math.IsNaN(s) {
		return s
	}
	return nrm2Scaled(x)
}

// nrm2Scaled is the overflow-safe one-pass scaled sum of squares.
func nrm2Scaled(x []float64) float64 {
	var scale float64
	ssq := 1.0
	for _, v := range x {
		if v == 0 {
			continue
		}
		a := math.Abs(v)
		if math.IsNaN(a) {
			return math.NaN()
		}
		if scale < a {
			r := scale / a
			ssq = 1 + ssq*r*r
			scale = a
		} else {
			r := a / scale
			ssq += r * r
		}
	}
	if math.IsInf(scale, 1) {
		return math.Inf(1)
	}
	return scale * math.Sqrt(ssq)
}

// EMA performs the exponential-moving-average update of a list of
// parameter tensors in one call (for example the target network of BYOL /
// DirectPred):
//
//	targets[i][j] ← tau·targets[i][j] + (1−tau)·sources[i][j]
//
// for every pair, each with one pass of the axpby kernel. All arguments are
// checked before anything is written: it panics unless tau is in [0, 1]
// (NaN included), len(targets) == len(sources) and every pair has equal
// lengths.
func EMA[T float32 | float64](tau T, targets, sources [][]T) {
	if !(tau >= 0 && tau <= 1) {
		panic(emaBadTau)
	}
	if len(targets) != len(sources) {
		panic(emaBadN)
	}
	for i, t := range targets {
		if len(t) != len(sources[i]) {
			panic(emaBadLen)
		}
	}
	axpby := vecOf[T]().axpby
	for i, t := range targets {
		axpby(1-tau, sources[i], tau, t)
	}
}

// vecOf returns the vector kernels of T on the path in use.
func vecOf[T float]() *vecImpl[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&cur.sv).(*vecImpl[T])
	}
	return any(&cur.dv).(*vecImpl[T])
}
