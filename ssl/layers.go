package ssl

import (
	"fmt"
	"math"
	"unsafe"

	"gonum.org/v1/gonum/blas"
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
	x       []T
	rows    int
	y, dx   []T
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
	gemm(blas.NoTrans, blas.Trans, rows, l.out, l.in, 1, x, l.in, l.W.Data, l.in, 0, l.y, l.out)
	if l.B != nil {
		b := l.B.Data
		for r := 0; r < rows; r++ {
			row := l.y[r*l.out : (r+1)*l.out]
			for j := range row {
				row[j] += b[j]
			}
		}
	}
	return l.y
}

func (l *Linear[T]) Backward(dy []T, needDx bool) []T {
	rows := l.rows
	// dW = dyᵀ·x
	gemm(blas.Trans, blas.NoTrans, l.out, l.in, rows, 1, dy, l.out, l.x, l.in, 0, l.W.Grad, l.in)
	if l.B != nil {
		db := l.B.Grad
		for j := range db {
			db[j] = 0
		}
		for r := 0; r < rows; r++ {
			row := dy[r*l.out : (r+1)*l.out]
			for j, v := range row {
				db[j] += v
			}
		}
	}
	if !needDx {
		return nil
	}
	l.dx = grow(l.dx, rows*l.in)
	gemm(blas.NoTrans, blas.NoTrans, rows, l.in, l.out, 1, dy, l.out, l.W.Data, l.in, 0, l.dx, l.in)
	return l.dx
}

// BatchNorm1d normalises every feature with batch statistics in training
// (biased variance, eps 1e-5; running statistics updated with momentum 0.1
// and the unbiased variance, as PyTorch) and with the running statistics in
// evaluation. Affine adds a learned scale (init 1) and shift (init 0).
type BatchNorm1d[T Float] struct {
	n           int
	Eps         float64
	Momentum    float64
	Gamma, Beta *Param[T] // nil when not affine
	RunMean     []T
	RunVar      []T
	rows, grps  int
	train       bool
	xhat, y, dx []T
	invstd      []float64 // groups×n
	acc1, acc2  []float64
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
	return b
}

func (b *BatchNorm1d[T]) In() int  { return b.n }
func (b *BatchNorm1d[T]) Out() int { return b.n }
func (b *BatchNorm1d[T]) String() string {
	return fmt.Sprintf("BatchNorm1d(%d, affine=%v)", b.n, b.Gamma != nil)
}

func (b *BatchNorm1d[T]) Params() []*Param[T] {
	if b.Gamma != nil {
		return []*Param[T]{b.Gamma, b.Beta}
	}
	return nil
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
	if !train {
		for j := 0; j < n; j++ {
			b.acc1[j] = float64(b.RunMean[j])
			b.acc2[j] = 1 / math.Sqrt(float64(b.RunVar[j])+b.Eps)
		}
		for r := 0; r < rows; r++ {
			xr, hr := x[r*n:(r+1)*n], b.xhat[r*n:(r+1)*n]
			for j := range xr {
				hr[j] = T((float64(xr[j]) - b.acc1[j]) * b.acc2[j])
			}
		}
	} else {
		gr := rows / groups
		for g := 0; g < groups; g++ {
			mean, vs := b.acc1, b.acc2
			for j := range mean {
				mean[j], vs[j] = 0, 0
			}
			for r := g * gr; r < (g+1)*gr; r++ {
				for j, v := range x[r*n : (r+1)*n] {
					mean[j] += float64(v)
				}
			}
			for j := range mean {
				mean[j] /= float64(gr)
			}
			for r := g * gr; r < (g+1)*gr; r++ {
				for j, v := range x[r*n : (r+1)*n] {
					d := float64(v) - mean[j]
					vs[j] += d * d
				}
			}
			inv := b.invstd[g*n : (g+1)*n]
			for j := range inv {
				v := vs[j] / float64(gr)
				inv[j] = 1 / math.Sqrt(v+b.Eps)
				unb := v
				if gr > 1 {
					unb = vs[j] / float64(gr-1)
				}
				b.RunMean[j] = T((1-b.Momentum)*float64(b.RunMean[j]) + b.Momentum*mean[j])
				b.RunVar[j] = T((1-b.Momentum)*float64(b.RunVar[j]) + b.Momentum*unb)
			}
			for r := g * gr; r < (g+1)*gr; r++ {
				xr, hr := x[r*n:(r+1)*n], b.xhat[r*n:(r+1)*n]
				for j := range xr {
					hr[j] = T((float64(xr[j]) - mean[j]) * inv[j])
				}
			}
		}
	}
	if b.Gamma == nil {
		copy(b.y, b.xhat)
	} else {
		ga, be := b.Gamma.Data, b.Beta.Data
		for r := 0; r < rows; r++ {
			hr, yr := b.xhat[r*n:(r+1)*n], b.y[r*n:(r+1)*n]
			for j := range hr {
				yr[j] = ga[j]*hr[j] + be[j]
			}
		}
	}
	return b.y
}

func (b *BatchNorm1d[T]) Backward(dy []T, needDx bool) []T {
	n, rows := b.n, b.rows
	if b.Gamma != nil {
		dg, db := b.Gamma.Grad, b.Beta.Grad
		for j := range dg {
			dg[j], db[j] = 0, 0
		}
		for r := 0; r < rows; r++ {
			hr, dr := b.xhat[r*n:(r+1)*n], dy[r*n:(r+1)*n]
			for j := range hr {
				dg[j] += dr[j] * hr[j]
				db[j] += dr[j]
			}
		}
	}
	if !needDx {
		return nil
	}
	b.dx = grow(b.dx, rows*n)
	if !b.train {
		// Running statistics are constants: dx = dy·γ·invstd.
		for j := 0; j < n; j++ {
			b.acc2[j] = 1 / math.Sqrt(float64(b.RunVar[j])+b.Eps)
			if b.Gamma != nil {
				b.acc2[j] *= float64(b.Gamma.Data[j])
			}
		}
		for r := 0; r < rows; r++ {
			dr, xr := dy[r*n:(r+1)*n], b.dx[r*n:(r+1)*n]
			for j := range dr {
				xr[j] = T(float64(dr[j]) * b.acc2[j])
			}
		}
		return b.dx
	}
	gr := rows / b.grps
	for g := 0; g < b.grps; g++ {
		s1, s2 := b.acc1, b.acc2 // Σ dxhat, Σ dxhat·xhat
		for j := range s1 {
			s1[j], s2[j] = 0, 0
		}
		for r := g * gr; r < (g+1)*gr; r++ {
			hr, dr := b.xhat[r*n:(r+1)*n], dy[r*n:(r+1)*n]
			for j := range hr {
				d := float64(dr[j])
				if b.Gamma != nil {
					d *= float64(b.Gamma.Data[j])
				}
				s1[j] += d
				s2[j] += d * float64(hr[j])
			}
		}
		inv := b.invstd[g*n : (g+1)*n]
		m := float64(gr)
		for r := g * gr; r < (g+1)*gr; r++ {
			hr, dr, xr := b.xhat[r*n:(r+1)*n], dy[r*n:(r+1)*n], b.dx[r*n:(r+1)*n]
			for j := range hr {
				d := float64(dr[j])
				if b.Gamma != nil {
					d *= float64(b.Gamma.Data[j])
				}
				xr[j] = T(inv[j] / m * (m*d - s1[j] - float64(hr[j])*s2[j]))
			}
		}
	}
	return b.dx
}

// ReLU is max(x, 0).
type ReLU[T Float] struct {
	n     int
	y, dx []T
}

// NewReLU returns a ReLU over n features.
func NewReLU[T Float](n int) *ReLU[T] { return &ReLU[T]{n: n} }

func (a *ReLU[T]) In() int             { return a.n }
func (a *ReLU[T]) Out() int            { return a.n }
func (a *ReLU[T]) String() string      { return "ReLU" }
func (a *ReLU[T]) Params() []*Param[T] { return nil }

func (a *ReLU[T]) Forward(x []T, rows, groups int, train bool) []T {
	a.y = grow(a.y, rows*a.n)
	for i, v := range x[:rows*a.n] {
		if v > 0 {
			a.y[i] = v
		} else {
			a.y[i] = 0
		}
	}
	return a.y
}

func (a *ReLU[T]) Backward(dy []T, needDx bool) []T {
	if !needDx {
		return nil
	}
	a.dx = grow(a.dx, len(a.y))
	for i, v := range a.y {
		if v > 0 {
			a.dx[i] = dy[i]
		} else {
			a.dx[i] = 0
		}
	}
	return a.dx
}
