package ssl

import (
	"fmt"
	"math"
	"unsafe"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/kernels"
)

// Float is the element type of layers: float32 for training, float64 for
// reference computations (finite-difference gradient checks).
type Float interface{ float32 | float64 }

// gemm dispatches to sgemm or dgemm without allocating.
func gemm[T Float](tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	var z T
	switch any(z).(type) {
	case float32:
		sgemm(tA, tB, m, n, k, float32(alpha), asF32(a), lda, asF32(b), ldb, float32(beta), asF32(c), ldc)
	default:
		dgemm(tA, tB, m, n, k, float64(alpha), asF64(a), lda, asF64(b), ldb, float64(beta), asF64(c), ldc)
	}
}

// gemmIn is gemm in the arithmetic of a layer: with bf16 (float32 layers
// only) the operands are rounded to bfloat16 and the products accumulated
// in float32.
func gemmIn[T Float](bf16 bool, tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if _, ok := any(alpha).(float32); ok && bf16 {
		sgemmBF16(tA, tB, m, n, k, float32(alpha), asF32(a), lda, asF32(b), ldb, float32(beta), asF32(c), ldc)
		return
	}
	gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func asF32[T Float](x []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}

func asF64[T Float](x []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}

// Param is one trainable tensor, stored flat (row-major). Grad has the same
// length as Data and is overwritten by each backward pass.
type Param[T Float] struct {
	Name string
	Data []T
	Grad []T
}

func newParam[T Float](name string, n int) *Param[T] {
	return &Param[T]{Name: name, Data: make([]T, n), Grad: make([]T, n)}
}

// Layer is one stage of a network working on a batch stored row-major as
// rows×In(). Forward returns a buffer owned by the layer (valid until the
// next Forward); Backward takes dL/dy, overwrites the parameter gradients and
// returns dL/dx (nil when needDx is false). Rows are split into `groups`
// equal consecutive groups; BatchNorm computes statistics per group (one
// group per augmented view, as when PyTorch runs each view separately).
type Layer[T Float] interface {
	In() int
	Out() int
	Forward(x []T, rows, groups int, train bool) []T
	Backward(dy []T, needDx bool) []T
	Params() []*Param[T]
	String() string
}

func grow[T Float](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// Linear is y = x·Wᵀ + b with W stored out×in (PyTorch layout).
type Linear[T Float] struct {
	in, out int
	W, B    *Param[T] // B is nil without bias
	// bf16 runs the three products of a float32 layer on bfloat16-rounded
	// operands with float32 accumulation (Precision BF16); the parameters,
	// the bias and the outputs stay float32.
	bf16  bool
	x     []T
	rows  int
	y, dx []T
}

// NewLinear returns a Linear layer with PyTorch's default initialisation
// (kaiming-uniform with a = √5, i.e. U(−1/√in, 1/√in) for weights and bias).
func NewLinear[T Float](name string, in, out int, bias bool, rng *RNG) *Linear[T] {
	l := &Linear[T]{in: in, out: out, W: newParam[T](name+".weight", out*in)}
	bound := 1 / math.Sqrt(float64(in))
	for i := range l.W.Data {
		l.W.Data[i] = T(rng.Uniform(-bound, bound))
	}
	if bias {
		l.B = newParam[T](name+".bias", out)
		for i := range l.B.Data {
			l.B.Data[i] = T(rng.Uniform(-bound, bound))
		}
	}
	return l
}

func (l *Linear[T]) In() int  { return l.in }
func (l *Linear[T]) Out() int { return l.out }
func (l *Linear[T]) String() string {
	return fmt.Sprintf("Linear(%d→%d, bias=%v)", l.in, l.out, l.B != nil)
}

func (l *Linear[T]) Params() []*Param[T] {
	if l.B != nil {
		return []*Param[T]{l.W, l.B}
	}
	return []*Param[T]{l.W}
}

func (l *Linear[T]) Forward(x []T, rows, groups int, train bool) []T {
	l.x, l.rows = x, rows
	l.y = grow(l.y, rows*l.out)
	var beta T
	if l.B != nil {
		// Start from the bias in every row and accumulate the product.
		for r := 0; r < rows; r++ {
			copy(l.y[r*l.out:(r+1)*l.out], l.B.Data)
		}
		beta = 1
	}
	gemmIn(l.bf16, blas.NoTrans, blas.Trans, rows, l.out, l.in, 1, x, l.in, l.W.Data, l.in, beta, l.y, l.out)
	return l.y
}

func (l *Linear[T]) Backward(dy []T, needDx bool) []T {
	rows := l.rows
	// dW = dyᵀ·x
	gemmIn(l.bf16, blas.Trans, blas.NoTrans, l.out, l.in, rows, 1, dy, l.out, l.x, l.in, 0, l.W.Grad, l.in)
	if l.B != nil {
		db := l.B.Grad
		for j := range db {
			db[j] = 0
		}
		for r := 0; r < rows; r++ {
			addTo(db, dy[r*l.out:(r+1)*l.out])
		}
	}
	if !needDx {
		return nil
	}
	l.dx = grow(l.dx, rows*l.in)
	gemmIn(l.bf16, blas.NoTrans, blas.NoTrans, rows, l.in, l.out, 1, dy, l.out, l.W.Data, l.in, 0, l.dx, l.in)
	return l.dx
}

// BatchNorm1d normalises every feature with batch statistics in training
// (biased variance, eps 1e-5; running statistics updated with momentum 0.1
// and the unbiased variance, as PyTorch) and with the running statistics in
// evaluation. Affine adds a learned scale (init 1) and shift (init 0).
// Statistics and gradient sums accumulate in float64.
type BatchNorm1d[T Float] struct {
	n           int
	Eps         float64
	Momentum    float64
	Gamma, Beta *Param[T] // nil when not affine
	// NoGrad skips storing the normalised input (Backward is then invalid);
	// set for networks that never back-propagate, such as the EMA target.
	NoGrad bool
	// ReLU applies max(·, 0) to the output: the layer is then exactly
	// BatchNorm1d followed by ReLU (the same bits), with the activation
	// applied to each row while it is in cache instead of in separate
	// passes over the whole batch.
	ReLU        bool
	RunMean     []T
	RunVar      []T
	rows, grps  int
	train       bool
	xhat, y, dx []T
	invstd      []float64 // groups×n
	acc1, acc2  []float64
	ca, cb, cc  []T // per-feature coefficients of the fused passes
	task        bnTask[T]
}

// NewBatchNorm1d returns a BatchNorm1d over n features.
func NewBatchNorm1d[T Float](name string, n int, affine bool) *BatchNorm1d[T] {
	b := &BatchNorm1d[T]{n: n, Eps: 1e-5, Momentum: 0.1, RunMean: make([]T, n), RunVar: make([]T, n)}
	for i := range b.RunVar {
		b.RunVar[i] = 1
	}
	if affine {
		b.Gamma = newParam[T](name+".weight", n)
		b.Beta = newParam[T](name+".bias", n)
		for i := range b.Gamma.Data {
			b.Gamma.Data[i] = 1
		}
	}
	b.acc1 = make([]float64, n)
	b.acc2 = make([]float64, n)
	b.ca = make([]T, n)
	b.cb = make([]T, n)
	b.cc = make([]T, n)
	return b
}

func (b *BatchNorm1d[T]) In() int  { return b.n }
func (b *BatchNorm1d[T]) Out() int { return b.n }
func (b *BatchNorm1d[T]) String() string {
	s := fmt.Sprintf("BatchNorm1d(%d, affine=%v)", b.n, b.Gamma != nil)
	if b.ReLU {
		s += " → ReLU"
	}
	return s
}

func (b *BatchNorm1d[T]) Params() []*Param[T] {
	if b.Gamma != nil {
		return []*Param[T]{b.Gamma, b.Beta}
	}
	return nil
}

// bnTask runs one BatchNorm pass over a range of features.
type bnTask[T Float] struct {
	b      *BatchNorm1d[T]
	fwd    bool
	needDx bool
	x, dy  []T
}

func (k *bnTask[T]) RunRange(lo, hi, _ int) {
	if k.fwd {
		k.b.forwardCols(k.x, lo, hi)
	} else {
		k.b.backwardCols(k.dy, k.needDx, lo, hi)
	}
}

// bnGrain is the smallest number of features worth a separate worker.
const bnGrain = 64

// normalise writes xhat = x·ca + cb and y = γ·xhat + β (ReLU applied when
// fused) for rows r0..r1 and features lo..hi; xhat is not stored without a
// backward pass.
func (b *BatchNorm1d[T]) normalise(x []T, r0, r1, lo, hi int) {
	n := b.n
	sc, sh := b.ca[lo:hi], b.cb[lo:hi]
	var ga, be []T
	if b.Gamma != nil {
		ga, be = b.Gamma.Data[lo:hi], b.Beta.Data[lo:hi]
	}
	for r := r0; r < r1; r++ {
		o := r*n + lo
		var hr []T
		if !b.NoGrad {
			hr = b.xhat[o : o+hi-lo]
		}
		kernels.BNNormalise(x[o:o+hi-lo], sc, sh, ga, be, hr, b.y[o:o+hi-lo], b.ReLU)
	}
}

func (b *BatchNorm1d[T]) Forward(x []T, rows, groups int, train bool) []T {
	n := b.n
	b.rows, b.grps, b.train = rows, groups, train
	b.y = grow(b.y, rows*n)
	b.xhat = grow(b.xhat, rows*n)
	if cap(b.invstd) < groups*n {
		b.invstd = make([]float64, groups*n)
	}
	b.invstd = b.invstd[:groups*n]
	b.task.b, b.task.fwd, b.task.x = b, true, x
	kernels.ParallelFor(n, bnGrain, &b.task)
	b.task.x = nil
	return b.y
}

func (b *BatchNorm1d[T]) forwardCols(x []T, lo, hi int) {
	n, rows := b.n, b.rows
	if !b.train {
		for j := lo; j < hi; j++ {
			inv := 1 / math.Sqrt(float64(b.RunVar[j])+b.Eps)
			b.ca[j] = T(inv)
			b.cb[j] = T(-float64(b.RunMean[j]) * inv)
		}
		b.normalise(x, 0, rows, lo, hi)
		return
	}
	gr := rows / b.grps
	mean, vs := b.acc1[lo:hi], b.acc2[lo:hi]
	for g := 0; g < b.grps; g++ {
		// One pass: sums of x − K and (x − K)² with K the group's first
		// row, which keeps E[(x−K)²] − E[x−K]² well conditioned.
		k0 := x[g*gr*n+lo : g*gr*n+hi]
		for j := range mean {
			mean[j], vs[j] = 0, 0
		}
		for r := g*gr + 1; r < (g+1)*gr; r++ {
			kernels.BNStats(x[r*n+lo:r*n+hi], k0, mean, vs)
		}
		for j := range mean {
			m := mean[j] / float64(gr)
			vs[j] = math.Max(vs[j]-m*mean[j], 0) // Σ(x−μ)²
			mean[j] = m + float64(k0[j])
		}
		inv := b.invstd[g*n+lo : g*n+hi]
		for j := range inv {
			c := lo + j
			v := vs[j] / float64(gr)
			inv[j] = 1 / math.Sqrt(v+b.Eps)
			unb := v
			if gr > 1 {
				unb = vs[j] / float64(gr-1)
			}
			b.RunMean[c] = T((1-b.Momentum)*float64(b.RunMean[c]) + b.Momentum*mean[j])
			b.RunVar[c] = T((1-b.Momentum)*float64(b.RunVar[c]) + b.Momentum*unb)
			b.ca[c] = T(inv[j])
			b.cb[c] = T(-mean[j] * inv[j])
		}
		b.normalise(x, g*gr, (g+1)*gr, lo, hi)
	}
}

func (b *BatchNorm1d[T]) Backward(dy []T, needDx bool) []T {
	if needDx {
		b.dx = grow(b.dx, b.rows*b.n)
	}
	b.task.b, b.task.fwd, b.task.dy, b.task.needDx = b, false, dy, needDx
	kernels.ParallelFor(b.n, bnGrain, &b.task)
	b.task.dy = nil
	if !needDx {
		return nil
	}
	return b.dx
}

// outRow returns features lo..hi of the output row at offset o when a ReLU
// is fused (the gradient is masked where it is not positive), nil otherwise.
func (b *BatchNorm1d[T]) outRow(o, lo, hi int) []T {
	if !b.ReLU {
		return nil
	}
	return b.y[o : o+hi-lo]
}

func (b *BatchNorm1d[T]) backwardCols(dy []T, needDx bool, lo, hi int) {
	n, rows := b.n, b.rows
	groups := b.grps
	if !b.train {
		groups = 1
	}
	gr := rows / groups
	if b.Gamma != nil {
		for j := lo; j < hi; j++ {
			b.Gamma.Grad[j], b.Beta.Grad[j] = 0, 0
		}
	}
	s1, s2 := b.acc1[lo:hi], b.acc2[lo:hi] // Σ dy, Σ dy·xhat over the group
	for g := 0; g < groups; g++ {
		for j := range s1 {
			s1[j], s2[j] = 0, 0
		}
		for r := g * gr; r < (g+1)*gr; r++ {
			o := r*n + lo
			kernels.BNGradStats(dy[o:o+hi-lo], b.outRow(o, lo, hi), b.xhat[o:o+hi-lo], s1, s2)
		}
		if b.Gamma != nil {
			for j := range s1 {
				b.Gamma.Grad[lo+j] += T(s2[j])
				b.Beta.Grad[lo+j] += T(s1[j])
			}
		}
		if !needDx {
			continue
		}
		// dx = γ·invstd·(dy − Σdy/m − xhat·Σ(dy·xhat)/m) = A·dy + B + C·xhat
		// in training; dx = γ·invstd·dy with running statistics.
		m := float64(gr)
		for j := range s1 {
			c := lo + j
			var a float64
			if b.train {
				a = b.invstd[g*n+c]
			} else {
				a = 1 / math.Sqrt(float64(b.RunVar[c])+b.Eps)
			}
			if b.Gamma != nil {
				a *= float64(b.Gamma.Data[c])
			}
			b.ca[c] = T(a)
			if b.train {
				b.cb[c] = T(-a * s1[j] / m)
				b.cc[c] = T(-a * s2[j] / m)
			} else {
				b.cb[c], b.cc[c] = 0, 0
			}
		}
		ca, cb, cc := b.ca[lo:hi], b.cb[lo:hi], b.cc[lo:hi]
		for r := g * gr; r < (g+1)*gr; r++ {
			o := r*n + lo
			kernels.BNGradInput(dy[o:o+hi-lo], b.outRow(o, lo, hi), b.xhat[o:o+hi-lo], ca, cb, cc, b.dx[o:o+hi-lo])
		}
	}
}

// ReLU is max(x, 0).
type ReLU[T Float] struct {
	n     int
	y, dx []T
	task  reluTask[T]
}

type reluTask[T Float] struct {
	fwd       bool
	x, y, dst []T
}

func (k *reluTask[T]) RunRange(lo, hi, _ int) {
	if k.fwd {
		reluForward(k.y[lo:hi], k.x[lo:hi])
	} else {
		reluBackward(k.dst[lo:hi], k.x[lo:hi], k.y[lo:hi])
	}
}

const reluGrain = 1 << 15

// NewReLU returns a ReLU over n features.
func NewReLU[T Float](n int) *ReLU[T] { return &ReLU[T]{n: n} }

func (a *ReLU[T]) In() int             { return a.n }
func (a *ReLU[T]) Out() int            { return a.n }
func (a *ReLU[T]) String() string      { return "ReLU" }
func (a *ReLU[T]) Params() []*Param[T] { return nil }

func (a *ReLU[T]) Forward(x []T, rows, groups int, train bool) []T {
	a.y = grow(a.y, rows*a.n)
	a.task.fwd, a.task.x, a.task.y = true, x, a.y
	kernels.ParallelFor(rows*a.n, reluGrain, &a.task)
	a.task.x, a.task.y = nil, nil
	return a.y
}

func (a *ReLU[T]) Backward(dy []T, needDx bool) []T {
	if !needDx {
		return nil
	}
	a.dx = grow(a.dx, len(a.y))
	a.task.fwd, a.task.dst, a.task.x, a.task.y = false, a.dx, dy, a.y
	kernels.ParallelFor(len(a.y), reluGrain, &a.task)
	a.task.dst, a.task.x, a.task.y = nil, nil, nil
	return a.dx
}

// reluForward sets y = max(x, 0) without branches (the signs of
// activations are random, so a branch mispredicts half the time).
func reluForward[T Float](y, x []T) {
	var z T
	switch any(z).(type) {
	case float32:
		ys, xs := asF32(y), asF32(x)
		for i, v := range xs {
			b := math.Float32bits(v)
			ys[i] = math.Float32frombits(b &^ uint32(int32(b)>>31))
		}
	default:
		ys, xs := asF64(y), asF64(x)
		for i, v := range xs {
			b := math.Float64bits(v)
			ys[i] = math.Float64frombits(b &^ uint64(int64(b)>>63))
		}
	}
}

// reluBackward sets dx = dy where y > 0 and 0 elsewhere, without branches
// (y ≥ +0 is a ReLU output, so y > 0 iff its bits are non-zero).
func reluBackward[T Float](dx, dy, y []T) {
	var z T
	switch any(z).(type) {
	case float32:
		ds, gs, ys := asF32(dx), asF32(dy), asF32(y)
		for i, v := range ys {
			m := uint32(int32(-math.Float32bits(v)) >> 31)
			ds[i] = math.Float32frombits(math.Float32bits(gs[i]) & m)
		}
	default:
		ds, gs, ys := asF64(dx), asF64(dy), asF64(y)
		for i, v := range ys {
			m := uint64(int64(-math.Float64bits(v)) >> 63)
			ds[i] = math.Float64frombits(math.Float64bits(gs[i]) & m)
		}
	}
}
