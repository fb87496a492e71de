package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/internal/testutil"
)

const (
	ulp64   = 0x1p-52
	ulp32   = 0x1p-23
	maxRate = 60.0
)

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
	af := testutil.SymFromLower(a, n, lda)
	res, orth := testutil.EigenRatios(n, af, w, v, ldv, ulp64)
	if !(res <= maxRate) || !(orth <= maxRate) {
		t.Errorf("%s n=%d: residual ratio %.3g, orthogonality ratio %.3g", name, n, res, orth)
	}
	var s2 Sym[float64]
	if !s2.Factorize(a, n, lda, false) {
		t.Fatalf("%s n=%d: values-only Factorize failed", name, n)
	}
	w2 := s2.Values(nil)
	if r := testutil.ValueRatio(n, af, w, w2, ulp64); !(r <= maxRate) {
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

// panicMessage returns what f panics with, or "" if it returns (the
// override tests compare it with gonum's message for the same call).
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}
