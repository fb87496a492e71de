package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/kernels"
)

// This file holds the level-1/2 helpers used by the solver and the single
// entry point to level-3 BLAS. They are written in Go, unexported and kept
// small so that they can be replaced by assembly kernels without touching
// the algorithms.

const (
	dlamchE = 1.0 / (1 << 53)         // unit roundoff u (eps/2 in C terms), LAPACK's dlamch('E')
	dlamchP = 2 * dlamchE             // precision ε = b·u
	dlamchS = 0x1p-1022               // safe minimum: 1/safmin does not overflow
	safMin  = dlamchS                 // alias
	bigNum  = 1 / (dlamchS / dlamchE) // 1/smlnum
)

// gemm is C = alpha*op(A)*op(B) + beta*C on row-major matrices.
func gemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	kernels.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// vecMin is the length from which the vector kernels are called.
const vecMin = 24

// dot returns xᵀy over len(x) elements.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	if len(x) >= vecMin {
		return kernels.Ddot(x, y)
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy computes y += alpha*x over len(x) elements.
func axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	if len(x) >= vecMin {
		kernels.Daxpy(alpha, x, y)
		return
	}
	i := 0
	for ; i+4 <= len(x); i += 4 {
		y[i] += alpha * x[i]
		y[i+1] += alpha * x[i+1]
		y[i+2] += alpha * x[i+2]
		y[i+3] += alpha * x[i+3]
	}
	for ; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}

// axpy2 computes y += a1*x1 + a2*x2 over len(y) elements.
func axpy2(a1 float64, x1 []float64, a2 float64, x2 []float64, y []float64) {
	x1 = x1[:len(y)]
	x2 = x2[:len(y)]
	for i := range y {
		y[i] += a1*x1[i] + a2*x2[i]
	}
}

// scal computes x *= alpha.
func scal(alpha float64, x []float64) {
	for i := range x {
		x[i] *= alpha
	}
}

// rot applies the plane rotation [c s; -s c] to the rows x and y:
// x ← c·x + s·y, y ← c·y − s·x.
func rot(x, y []float64, c, s float64) {
	y = y[:len(x)]
	for i := range x {
		xi, yi := x[i], y[i]
		x[i] = c*xi + s*yi
		y[i] = c*yi - s*xi
	}
}

// nrm2 returns the Euclidean norm of x without destructive underflow or
// overflow.
func nrm2(x []float64) float64 {
	var ss float64
	for _, v := range x {
		ss += v * v
	}
	if ss > 1e-290 && ss < 1e290 {
		return math.Sqrt(ss)
	}
	if ss == 0 {
		// Either x is zero or every square underflowed.
		allZero := true
		for _, v := range x {
			if v != 0 {
				allZero = false
				break
			}
		}
		if allZero {
			return 0
		}
	}
	// Scaled two-pass computation.
	var amax float64
	for _, v := range x {
		amax = math.Max(amax, math.Abs(v))
	}
	if amax == 0 || math.IsInf(amax, 0) || math.IsNaN(amax) {
		return amax
	}
	ss = 0
	for _, v := range x {
		t := v / amax
		ss += t * t
	}
	return amax * math.Sqrt(ss)
}

// symvLower computes y = A·x for the symmetric n×n matrix A whose lower
// triangle (including the diagonal) is stored row-major in a with stride lda.
// Only a[i*lda+j], j ≤ i, is read. Each row i contributes a dot product (to
// y[i]) and an axpy (to y[0:i]), both on the vector kernels.
func symvLower(n int, a []float64, lda int, x, y []float64) {
	y = y[:n]
	x = x[:n]
	clear(y)
	for i := 0; i < n; i++ {
		row := a[i*lda : i*lda+i+1]
		xi := x[i]
		if i >= vecMin {
			y[i] += kernels.Ddot(row[:i], x[:i]) + row[i]*xi
			kernels.Daxpy(xi, row[:i], y[:i])
			continue
		}
		var s float64
		for j, aij := range row[:i] {
			s += aij * x[j]
			y[j] += aij * xi
		}
		y[i] += s + row[i]*xi
	}
}

// gemvT computes y += Xᵀ·alpha, where X has len(alpha) rows of len(y)
// entries with stride ldx (y += Σ_t alpha[t]·X[t,:]).
func gemvT(alpha []float64, x []float64, ldx int, y []float64) {
	m := len(y)
	for t, at := range alpha {
		axpy(at, x[t*ldx:t*ldx+m], y)
	}
}

// gemvN computes out[t] = X[t,:]·v for the len(out) rows of X (stride ldx,
// len(v) columns).
func gemvN(x []float64, ldx int, v []float64, out []float64) {
	m := len(v)
	for t := range out {
		out[t] = dot(x[t*ldx:t*ldx+m], v)
	}
}
