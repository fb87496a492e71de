package eigen

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// TestSteqrAndDC checks the tridiagonal solvers directly: implicit QL/QR
// (the divide-and-conquer fallback and leaf solver, with and without
// vectors) and divide and conquer against each other, on random, graded and
// Wilkinson-type tridiagonals.
func TestSteqrAndDC(t *testing.T) {
	rnd := rand.New(rand.NewPCG(51, 52))
	type tri struct {
		name string
		d, e []float64
	}
	var cases []tri
	for _, n := range []int{1, 2, 3, 10, 25, 60, 200} {
		d := make([]float64, n)
		e := make([]float64, max(n-1, 0))
		for i := range d {
			d[i] = rnd.NormFloat64()
		}
		for i := range e {
			e[i] = rnd.NormFloat64()
		}
		cases = append(cases, tri{"random", d, e})
		g := make([]float64, n)
		ge := make([]float64, max(n-1, 0))
		for i := range g {
			g[i] = math.Pow(10, -float64(i%40)/2)
		}
		for i := range ge {
			ge[i] = math.Sqrt(g[i]*g[i+1]) * 0.5
		}
		cases = append(cases, tri{"graded", g, ge})
		z := make([]float64, n)
		ze := make([]float64, max(n-1, 0))
		for i := range ze {
			ze[i] = 1
		}
		cases = append(cases, tri{"toeplitz", z, ze})
	}
	wd, we := gluedWilkinson(8, 1e-12)
	cases = append(cases, tri{"glued-wilkinson", wd, we})

	for _, c := range cases {
		n := len(c.d)
		// QL/QR with vectors.
		d1 := append([]float64(nil), c.d...)
		e1 := append([]float64(nil), c.e...)
		zt := make([]float64, n*n)
		setIdentity(n, zt, n)
		if !steqr(n, d1, e1, zt, n, n) {
			t.Fatalf("%s n=%d: steqr failed", c.name, n)
		}
		checkTri(t, c.name+" steqr", c.d, c.e, d1, zt)
		// Divide and conquer (through the core).
		var s core[float64]
		s.ensure(n)
		copy(s.d, c.d)
		copy(s.e, c.e)
		if !s.stedc(n) {
			t.Fatalf("%s n=%d: stedc failed", c.name, n)
		}
		checkTri(t, c.name+" stedc", c.d, c.e, s.d[:n], s.z[:n*n])
		// QL/QR without vectors (the values-only path).
		d3 := append([]float64(nil), c.d...)
		e3 := append([]float64(nil), c.e...)
		if !steqr[float64](n, d3, e3, nil, 0, 0) {
			t.Fatalf("%s n=%d: values-only steqr failed", c.name, n)
		}
		var tn float64
		for i := range c.d {
			tn = math.Max(tn, math.Abs(c.d[i]))
		}
		for i := range c.e {
			tn = math.Max(tn, math.Abs(c.e[i]))
		}
		for i := range d3 {
			if math.Abs(d3[i]-d1[i]) > 60*float64(n)*ulp64*3*tn || math.Abs(s.d[i]-d1[i]) > 60*float64(n)*ulp64*3*tn {
				t.Errorf("%s n=%d: λ[%d] steqr %v stedc %v values-only %v", c.name, n, i, d1[i], s.d[i], d3[i])
			}
		}
	}
}

// checkTri checks ‖T·Z − Z·Λ‖₁/(n‖T‖₁ulp) and ‖ZᵀZ − I‖₁/(n·ulp) for
// eigenvectors stored as rows of zt.
func checkTri(t *testing.T, name string, d, e, w, zt []float64) {
	t.Helper()
	n := len(d)
	a := tridiagonal(d, e, n)
	v := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v[j*n+i] = zt[i*n+j]
		}
	}
	for i := 1; i < n; i++ {
		if w[i] < w[i-1] {
			t.Fatalf("%s n=%d: values not ascending", name, n)
		}
	}
	res, orth := testutil.EigenRatios(n, a, w, v, n, ulp64)
	if !(res <= maxRate) || !(orth <= maxRate) {
		t.Errorf("%s n=%d: residual %.3g orthogonality %.3g", name, n, res, orth)
	}
}

// TestValuesOnlyGraded is the matrix found by FuzzSymEigen on which the
// root-free QR (dsterf, also LAPACK's) of the reduced tridiagonal is off by
// 2.6e-11 relative in the largest eigenvalue: a 25×25 matrix with entries
// −1.5e20 except for two.
func TestValuesOnlyGraded(t *testing.T) {
	n := 25
	a := make([]float64, n*n)
	p := 0
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			v := math.Copysign(0, -1)
			switch {
			case p == 154:
				v = -4.875
			case p == 171:
				v = -5.625
			case p < 200:
				v = -1.5
			}
			p++
			a[i*n+j] = v * 1e20
		}
	}
	checkSym(t, "fuzz-graded", a, n, n)
}
