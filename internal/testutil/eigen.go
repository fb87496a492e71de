package testutil

import (
	"math"

	"gonum.org/v1/gonum/blas"
	gonumblas "gonum.org/v1/gonum/blas/gonum"
)

// SymFromLower returns the full symmetric n×n matrix (stride n, float64)
// whose lower triangle is that of a (stride lda).
func SymFromLower[T Float](a []T, n, lda int) []float64 {
	f := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			x := float64(a[i*lda+j])
			f[i*n+j] = x
			f[j*n+i] = x
		}
	}
	return f
}

// Norm1 returns the 1-norm (largest absolute column sum) of the n×n matrix a
// (stride n).
func Norm1(n int, a []float64) float64 {
	var m float64
	for j := 0; j < n; j++ {
		var s float64
		for i := 0; i < n; i++ {
			s += math.Abs(a[i*n+j])
		}
		m = math.Max(m, s)
	}
	return m
}

// subnormalSpacing is the absolute rounding of values in the subnormal range
// of the precision whose unit roundoff is ulp.
func subnormalSpacing(ulp float64) float64 {
	if ulp > 0x1p-30 {
		return 0x1p-149
	}
	return 0x1p-1074
}

// EigenRatios returns LAPACK's test ratios for an eigendecomposition A·V = V·Λ
// of the full symmetric af (stride n), eigenvalues w and eigenvectors in the
// columns of v (stride ldv):
//
//	residual      ‖AV − VΛ‖₁ / (n·(‖A‖₁·ulp + η))
//	orthogonality ‖VᵀV − I‖₁ / (n·ulp)
//
// with η the subnormal spacing of the precision (an eigenvalue in the
// subnormal range is only that accurate). A and Λ are scaled by the same power
// of two first so that products neither underflow nor overflow; the products
// use gonum's reference BLAS, independent of this module's kernels.
func EigenRatios(n int, af, w, v []float64, ldv int, ulp float64) (res, orth float64) {
	if n == 0 {
		return 0, 0
	}
	e := 0
	if an := Norm1(n, af); an > 0 && !math.IsInf(an, 0) {
		_, e = math.Frexp(an)
	}
	a := make([]float64, n*n)
	for i := range a {
		a[i] = math.Ldexp(af[i], -e)
	}
	r := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			r[i*n+j] = -v[i*ldv+j] * math.Ldexp(w[j], -e)
		}
	}
	g := make([]float64, n*n)
	for i := 0; i < n; i++ {
		g[i*n+i] = -1
	}
	bi := gonumblas.Implementation{}
	bi.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, v, ldv, 1, r, n)
	bi.Dgemm(blas.Trans, blas.NoTrans, n, n, n, 1, v, ldv, v, ldv, 1, g, n)
	if rn := Norm1(n, r); rn > 0 {
		res = rn / (float64(n) * (Norm1(n, a)*ulp + math.Ldexp(subnormalSpacing(ulp), -e)))
	}
	return res, Norm1(n, g) / (float64(n) * ulp)
}

// ValueRatio returns max|w1 − w2| / (n·(‖A‖₁·ulp + η)), the test ratio for two
// computations of the eigenvalues of the full symmetric af (stride n). When
// ‖A‖₁ overflows, the largest |w1| stands in for it.
func ValueRatio(n int, af, w1, w2 []float64, ulp float64) float64 {
	var m float64
	for i := range w1 {
		m = math.Max(m, math.Abs(w1[i]-w2[i]))
	}
	if m == 0 {
		return 0
	}
	anorm := Norm1(n, af)
	if math.IsInf(anorm, 0) {
		anorm = 0
		for _, x := range w1 {
			anorm = math.Max(anorm, math.Abs(x))
		}
	}
	return m / (anorm*ulp + subnormalSpacing(ulp)) / float64(n)
}
