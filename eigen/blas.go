package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/kernels"
)

// This file holds the level-1/2 helpers used by the solver and the single
// entry point to level-3 BLAS. They are generic over the working precision
// F, unexported and kept small so that they can be replaced by assembly
// kernels without touching the algorithms.

// flt is the working precision of the O(n³) parts of the solver.
type flt interface{ float32 | float64 }

const (
	dlamchE = 1.0 / (1 << 53)         // unit roundoff u of float64 (LAPACK dlamch('E'))
	dlamchP = 2 * dlamchE             // ulp ε = 2u
	dlamchS = 0x1p-1022               // safe minimum: 1/safmin does not overflow
	bigNum  = 1 / (dlamchS / dlamchE) // 1/smlnum
)

// epsOf returns the unit roundoff of F.
func epsOf[F flt]() float64 {
	var x F
	if _, ok := any(x).(float32); ok {
		return 1.0 / (1 << 24)
	}
	return dlamchE
}

// safminOf returns the smallest normal number of F.
func safminOf[F flt]() float64 {
	var x F
	if _, ok := any(x).(float32); ok {
		return 0x1p-126
	}
	return dlamchS
}

// gemm is C = alpha*op(A)*op(B) + beta*C on row-major matrices.
func gemm[F flt](tA, tB blas.Transpose, m, n, k int, alpha F, a []F, lda int, b []F, ldb int, beta F, c []F, ldc int) {
	switch a := any(a).(type) {
	case []float64:
		kernels.Dgemm(tA, tB, m, n, k, float64(alpha), a, lda, any(b).([]float64), ldb, float64(beta), any(c).([]float64), ldc)
	case []float32:
		kernels.Sgemm(tA, tB, m, n, k, float32(alpha), a, lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
	}
}

// vecMin is the length from which the vector kernels are called.
const vecMin = 24

// dot returns xᵀy over len(x) elements.
func dot[F flt](x, y []F) F {
	y = y[:len(x)]
	if len(x) >= vecMin {
		switch x := any(x).(type) {
		case []float64:
			return F(kernels.Ddot(x, any(y).([]float64)))
		case []float32:
			return F(kernels.Sdot(x, any(y).([]float32)))
		}
	}
	var s0, s1, s2, s3 F
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
func axpy[F flt](alpha F, x, y []F) {
	y = y[:len(x)]
	if len(x) >= vecMin {
		switch x := any(x).(type) {
		case []float64:
			kernels.Daxpy(float64(alpha), x, any(y).([]float64))
		case []float32:
			kernels.Saxpy(float32(alpha), x, any(y).([]float32))
		}
		return
	}
	for i := range x {
		y[i] += alpha * x[i]
	}
}

// axpy2 computes y += a1*x1 + a2*x2 over len(y) elements.
func axpy2[F flt](a1 F, x1 []F, a2 F, x2 []F, y []F) {
	x1 = x1[:len(y)]
	x2 = x2[:len(y)]
	for i := range y {
		y[i] += a1*x1[i] + a2*x2[i]
	}
}

// scal computes x *= alpha.
func scal[F flt](alpha F, x []F) {
	for i := range x {
		x[i] *= alpha
	}
}

// rot applies the plane rotation [c s; -s c] to the rows x and y:
// x ← c·x + s·y, y ← c·y − s·x.
func rot[F flt](x, y []F, c, s float64) {
	y = y[:len(x)]
	cf, sf := F(c), F(s)
	for i := range x {
		xi, yi := x[i], y[i]
		x[i] = cf*xi + sf*yi
		y[i] = cf*yi - sf*xi
	}
}

// nrm2 returns the Euclidean norm of x (accumulated in float64) without
// destructive underflow or overflow.
func nrm2[F flt](x []F) float64 {
	var ss float64
	for _, v := range x {
		f := float64(v)
		ss += f * f
	}
	if ss > 1e-290 && ss < 1e290 {
		return math.Sqrt(ss)
	}
	var amax float64
	for _, v := range x {
		amax = math.Max(amax, math.Abs(float64(v)))
	}
	if amax == 0 || math.IsInf(amax, 0) || math.IsNaN(amax) {
		return amax
	}
	ss = 0
	for _, v := range x {
		t := float64(v) / amax
		ss += t * t
	}
	return amax * math.Sqrt(ss)
}

// symvLower computes y = A·x for the symmetric n×n matrix A whose lower
// triangle (including the diagonal) is stored row-major in a with stride lda.
// Only a[i*lda+j], j ≤ i, is read. Each row i contributes a dot product (to
// y[i]) and an axpy (to y[0:i]), both on the vector kernels.
func symvLower[F flt](n int, a []F, lda int, x, y []F) {
	switch a := any(a).(type) {
	case []float64:
		symvLowerK(n, a, lda, any(x).([]float64), any(y).([]float64), kernels.Ddot, kernels.Daxpy)
	case []float32:
		symvLowerK(n, a, lda, any(x).([]float32), any(y).([]float32), kernels.Sdot, kernels.Saxpy)
	}
}

func symvLowerK[F flt](n int, a []F, lda int, x, y []F, kdot func(x, y []F) F, kaxpy func(alpha F, x, y []F)) {
	y = y[:n]
	x = x[:n]
	clear(y)
	i := 0
	for ; i < min(n, vecMin); i++ {
		row := a[i*lda : i*lda+i+1]
		xi := x[i]
		var s F
		for j, aij := range row[:i] {
			s += aij * x[j]
			y[j] += aij * xi
		}
		y[i] += s + row[i]*xi
	}
	for ; i < n; i++ {
		row := a[i*lda : i*lda+i+1]
		xi := x[i]
		y[i] += kdot(row[:i], x[:i]) + row[i]*xi
		kaxpy(xi, row[:i], y[:i])
	}
}

// gemvT computes y += Xᵀ·alpha, where X has len(alpha) rows of len(y)
// entries with stride ldx (y += Σ_t alpha[t]·X[t,:]).
func gemvT[F flt](alpha []F, x []F, ldx int, y []F) {
	m := len(y)
	for t, at := range alpha {
		axpy(at, x[t*ldx:t*ldx+m], y)
	}
}

// gemvN computes out[t] = X[t,:]·v for the len(out) rows of X (stride ldx,
// len(v) columns).
func gemvN[F flt](x []F, ldx int, v []F, out []F) {
	m := len(v)
	for t := range out {
		out[t] = dot(x[t*ldx:t*ldx+m], v)
	}
}
