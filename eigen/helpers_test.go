package eigen

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	gonumblas "gonum.org/v1/gonum/blas/gonum"

	"gonum.org/v1/gonum/lapack/testlapack"
)

const (
	ulp64   = 0x1p-52
	ulp32   = 0x1p-23
	maxRate = 60.0
)

// fullFromLower returns the full symmetric n×n matrix (stride n, float64)
// whose lower triangle is that of a.
func fullFromLower[T float32 | float64](a []T, n, lda int) []float64 {
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

func norm1(n int, a []float64) float64 {
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

// ratios returns the LAPACK test ratios ‖AV − VΛ‖₁/(n‖A‖₁ulp) and
// ‖VᵀV − I‖₁/(n·ulp). A (full, stride n) and Λ are scaled by the same power of
// two first so that products neither underflow nor overflow.
func ratios(n int, af []float64, w []float64, v []float64, ldv int, ulp float64) (res, orth float64) {
	anorm := norm1(n, af)
	e := 0
	if anorm > 0 && !math.IsInf(anorm, 0) {
		_, e = math.Frexp(anorm)
	}
	a := make([]float64, n*n)
	for i := range a {
		a[i] = math.Ldexp(af[i], -e)
	}
	// Products by gonum's reference BLAS (independent of this module's
	// kernels).
	bi := gonumblas.Implementation{}
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
	if n > 0 {
		bi.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, v, ldv, 1, r, n)
		bi.Dgemm(blas.Trans, blas.NoTrans, n, n, n, 1, v, ldv, v, ldv, 1, g, n)
	}
	an := norm1(n, a)
	rn := norm1(n, r)
	switch {
	case an > 0:
		res = rn / (float64(n) * an * ulp)
	case rn > 0:
		res = math.Inf(1)
	}
	orth = norm1(n, g) / (float64(n) * ulp)
	return res, orth
}

// valueRatio returns max|w1−w2|/(n‖A‖₁ulp).
func valueRatio(n int, af, w1, w2 []float64, ulp float64) float64 {
	anorm := norm1(n, af)
	var m float64
	for i := range w1 {
		m = math.Max(m, math.Abs(w1[i]-w2[i]))
	}
	if m == 0 {
		return 0
	}
	if anorm == 0 || math.IsInf(anorm, 0) {
		// Compare relative to the largest value instead.
		var wm float64
		for _, x := range w1 {
			wm = math.Max(wm, math.Abs(x))
		}
		return m / (float64(n) * wm * ulp)
	}
	// Avoid overflow of n·‖A‖ for huge matrices.
	return (m / anorm) / (float64(n) * ulp)
}

// checkSym factorizes the lower triangle of a (stride lda) with and without
// vectors and checks the LAPACK ratios. It returns the eigenvalues.
func checkSym(t *testing.T, name string, a []float64, n, lda int) []float64 {
	t.Helper()
	var s Sym[float64]
	if !s.Factorize(a, n, lda, true) {
		t.Fatalf("%s n=%d: Factorize failed", name, n)
	}
	if s.N() != n {
		t.Fatalf("%s: N() = %d, want %d", name, s.N(), n)
	}
	w := s.Values(nil)
	for i := 1; i < n; i++ {
		if w[i] < w[i-1] {
			t.Fatalf("%s n=%d: values not ascending at %d", name, n, i)
		}
	}
	ldv := n + 3
	v := make([]float64, max(0, (n-1)*ldv+n))
	s.VectorsTo(v, ldv)
	af := fullFromLower(a, n, lda)
	res, orth := ratios(n, af, w, v, ldv, ulp64)
	if !(res <= maxRate) || !(orth <= maxRate) {
		t.Errorf("%s n=%d: residual ratio %.3g, orthogonality ratio %.3g", name, n, res, orth)
	}
	var s2 Sym[float64]
	if !s2.Factorize(a, n, lda, false) {
		t.Fatalf("%s n=%d: values-only Factorize failed", name, n)
	}
	w2 := s2.Values(nil)
	if r := valueRatio(n, af, w, w2, ulp64); !(r <= maxRate) {
		t.Errorf("%s n=%d: values with/without vectors differ, ratio %.3g", name, n, r)
	}
	if testing.Verbose() {
		t.Logf("%s n=%d: res %.3f orth %.3f", name, n, res, orth)
	}
	return w
}

// Generators. All return a full symmetric matrix with stride lda.

func randSym(rnd *rand.Rand, n, lda int) []float64 {
	a := make([]float64, max(0, (n-1)*lda+n))
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			x := 2*rnd.Float64() - 1
			a[i*lda+j] = x
			a[j*lda+i] = x
		}
	}
	return a
}

// withSpectrum returns U·diag(d)·Uᵀ for a random orthogonal U.
func withSpectrum(rnd *rand.Rand, d []float64, lda int) []float64 {
	n := len(d)
	a := make([]float64, max(0, (n-1)*lda+n))
	work := make([]float64, 2*n)
	testlapack.Dlagsy(n, 0, d, a, lda, rnd, work)
	return a
}

func decaying(n int) []float64 {
	d := make([]float64, n)
	for i := range d {
		d[i] = math.Pow(0.9, float64(i)) // λ_i = 0.9^i, down to ~1e-47 at n = 1024
	}
	return d
}

func rankDeficient(rnd *rand.Rand, n, samples, lda int) []float64 {
	x := make([]float64, samples*n)
	for i := range x {
		x[i] = rnd.NormFloat64()
	}
	a := make([]float64, max(0, (n-1)*lda+n))
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for k := 0; k < samples; k++ {
				s += x[k*n+i] * x[k*n+j]
			}
			s /= float64(samples)
			a[i*lda+j] = s
			a[j*lda+i] = s
		}
	}
	return a
}

func tridiagonal(d, e []float64, lda int) []float64 {
	n := len(d)
	a := make([]float64, max(0, (n-1)*lda+n))
	for i := 0; i < n; i++ {
		a[i*lda+i] = d[i]
		if i > 0 {
			a[i*lda+i-1] = e[i-1]
			a[(i-1)*lda+i] = e[i-1]
		}
	}
	return a
}

// wilkinson returns W⁺_{2m+1}: diagonal |m−i|, off-diagonal 1.
func wilkinson(m int) (d, e []float64) {
	n := 2*m + 1
	d = make([]float64, n)
	e = make([]float64, n-1)
	for i := range d {
		d[i] = math.Abs(float64(m - i))
	}
	for i := range e {
		e[i] = 1
	}
	return d, e
}

// gluedWilkinson glues k copies of W⁺_21 with off-diagonal glue δ.
func gluedWilkinson(k int, delta float64) (d, e []float64) {
	wd, we := wilkinson(10)
	for b := 0; b < k; b++ {
		d = append(d, wd...)
		e = append(e, we...)
		if b < k-1 {
			e = append(e, delta)
		}
	}
	return d, e
}

func scaled(a []float64, f float64) []float64 {
	b := make([]float64, len(a))
	for i, x := range a {
		b[i] = x * f
	}
	return b
}
