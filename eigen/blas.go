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

// dot returns xᵀy over len(x) elements.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
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
// Only a[i*lda+j], j ≤ i, is read. Two rows are processed per pass so that y
// is streamed half as often.
func symvLower(n int, a []float64, lda int, x, y []float64) {
	y = y[:n]
	x = x[:n]
	clear(y)
	i := 0
	for ; i+2 <= n; i += 2 {
		r0 := a[i*lda : i*lda+i+1]
		r1 := a[(i+1)*lda : (i+1)*lda+i+2]
		x0, x1 := x[i], x[i+1]
		var s0, s1, t0, t1 float64
		yy := y[:i]
		xx := x[:i]
		r0 = r0[:len(yy)+1]
		r1 = r1[:len(yy)+2]
		j := 0
		for ; j+2 <= len(yy); j += 2 {
			a00, a01 := r0[j], r0[j+1]
			a10, a11 := r1[j], r1[j+1]
			xj0, xj1 := xx[j], xx[j+1]
			s0 += a00 * xj0
			t0 += a01 * xj1
			s1 += a10 * xj0
			t1 += a11 * xj1
			yy[j] += a00*x0 + a10*x1
			yy[j+1] += a01*x0 + a11*x1
		}
		for ; j < len(yy); j++ {
			a0, a1 := r0[j], r1[j]
			s0 += a0 * xx[j]
			s1 += a1 * xx[j]
			yy[j] += a0*x0 + a1*x1
		}
		s0 += t0
		s1 += t1
		// Diagonal 2×2 block: [r0[i] r1[i]; r1[i] r1[i+1]].
		y[i] += s0 + r0[i]*x0 + r1[i]*x1
		y[i+1] += s1 + r1[i]*x0 + r1[i+1]*x1
	}
	if i < n {
		r := a[i*lda : i*lda+i+1]
		xi := x[i]
		var s float64
		for j := 0; j < i; j++ {
			s += r[j] * x[j]
			y[j] += r[j] * xi
		}
		y[i] += s + r[i]*xi
	}
}
