package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/lapack/testlapack"
	"gonum.org/v1/gonum/mat"

	"github.com/directpred/directpred/internal/testutil"
)

func testSizes() []int {
	if testing.Short() {
		return []int{1, 2, 3, 5, 10, 31, 33, 64, 100, 130}
	}
	return []int{1, 2, 3, 4, 5, 10, 17, 31, 32, 33, 63, 64, 65, 100, 129, 200, 257}
}

func TestRandomSymmetric(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, n := range testSizes() {
		for _, pad := range []int{0, 5} {
			lda := n + pad
			checkSym(t, fmt.Sprintf("random lda=%d", lda), randSym(rnd, n, max(1, lda)), n, max(1, lda))
		}
	}
}

func TestSpectra(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, n := range testSizes() {
		if n < 2 {
			continue
		}
		checkSym(t, "psd-decaying", withSpectrum(rnd, decaying(n), n), n, n)
		checkSym(t, "rank-deficient", rankDeficient(rnd, n, max(1, n/3), n), n, n)
		cl := make([]float64, n)
		for i := range cl {
			cl[i] = 1 + 1e-12*(2*rnd.Float64()-1)
		}
		checkSym(t, "clustered", withSpectrum(rnd, cl, n), n, n)
		rep := make([]float64, n)
		for i := range rep {
			rep[i] = float64(i % 3)
		}
		checkSym(t, "repeated", withSpectrum(rnd, rep, n), n, n)
		geo := make([]float64, n)
		for i := range geo {
			geo[i] = math.Pow(10, -15*float64(i)/float64(n-1))
			if rnd.IntN(2) == 0 {
				geo[i] = -geo[i]
			}
		}
		checkSym(t, "geometric-signs", withSpectrum(rnd, geo, n), n, n)
		// LAPACK "clustered": 1, ulp, …, ulp.
		cl2 := make([]float64, n)
		cl2[0] = 1
		for i := 1; i < n; i++ {
			cl2[i] = ulp64
		}
		checkSym(t, "1-ulp-cluster", withSpectrum(rnd, cl2, n), n, n)
	}
}

func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large sizes skipped in -short mode")
	}
	rnd := rand.New(rand.NewPCG(5, 6))
	checkSym(t, "random", randSym(rnd, 512, 512), 512, 512)
	checkSym(t, "rank-deficient", rankDeficient(rnd, 1024, 300, 1024), 1024, 1024)
	checkSym(t, "random", randSym(rnd, 1024, 1030), 1024, 1030)
	checkSym32(t, "random", randSym(rnd, 1024, 1024), 1024, 1024)
	checkSym(t, "psd-decaying", withSpectrum(rnd, decaying(700), 700), 700, 700)
}

func TestTridiagonalFamilies(t *testing.T) {
	for _, m := range []int{1, 5, 10, 20, 50} {
		d, e := wilkinson(m)
		n := len(d)
		checkSym(t, "wilkinson", tridiagonal(d, e, n), n, n)
	}
	for _, k := range []int{2, 5, 12} {
		for _, delta := range []float64{1e-14, 1e-10, 1e-5} {
			d, e := gluedWilkinson(k, delta)
			n := len(d)
			checkSym(t, fmt.Sprintf("glued-wilkinson δ=%g", delta), tridiagonal(d, e, n), n, n)
		}
	}
	// Clement matrix: eigenvalues ±(n−1), ±(n−3), …
	for _, n := range []int{8, 41, 100} {
		d := make([]float64, n)
		e := make([]float64, n-1)
		for i := range e {
			e[i] = math.Sqrt(float64((i + 1) * (n - 1 - i)))
		}
		w := checkSym(t, "clement", tridiagonal(d, e, n), n, n)
		for i, x := range w {
			want := float64(-(n - 1) + 2*i)
			if math.Abs(x-want) > 60*float64(n)*ulp64*float64(n) {
				t.Errorf("clement n=%d: λ[%d] = %v, want %v", n, i, x, want)
			}
		}
	}
	// Diagonally dominant graded tridiagonal (dchkst).
	for _, n := range []int{10, 60, 150} {
		d := make([]float64, n)
		e := make([]float64, n-1)
		for i := range d {
			d[i] = math.Pow(10, -float64(i)/4)
		}
		for i := range e {
			e[i] = math.Sqrt(d[i]*d[i+1]) * 0.1
		}
		checkSym(t, "graded-tridiagonal", tridiagonal(d, e, n), n, n)
	}
}

func TestGraded(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{2, 10, 40, 100} {
		a := randSym(rnd, n, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				gi := math.Pow(10, -15+30*float64(i)/float64(n-1))
				gj := math.Pow(10, -15+30*float64(j)/float64(n-1))
				a[i*n+j] *= gi * gj
			}
		}
		checkSym(t, "graded 1e-30..1e30", a, n, n)
	}
	// Rank two, found by FuzzSymEigen: the first 25 rows (and two entries
	// of the 26th) of the lower triangle equal, the rest −0 (with +0 the
	// reduction takes other signs and the problem does not arise). Its
	// tridiagonal is graded from 1e22 down to 1e-154, and implicit QL/QR
	// without vectors (like LAPACK's dsteqr) runs out of iterations, so
	// the values-only solve must fall back to divide and conquer.
	const n = 33
	a := make([]float64, n*n)
	k := 0
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			x := math.Copysign(0, -1)
			if k < 327 {
				x = -7.125e20
			}
			a[i*n+j], a[j*n+i] = x, x
			k++
		}
	}
	checkSym(t, "equal-entry block", a, n, n)
}

func TestExtremeScaling(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 2, 7, 40, 120} {
		base := randSym(rnd, n, n)
		for _, f := range []float64{1e-300, 1e-305, 1e300, 1e307} {
			checkSym(t, fmt.Sprintf("random×%g", f), scaled(base, f), n, n)
		}
		if n > 1 {
			psd := withSpectrum(rnd, decaying(n), n)
			checkSym(t, "psd×1e-300", scaled(psd, 1e-300), n, n)
			checkSym(t, "psd×1e300", scaled(psd, 1e300), n, n)
		}
	}
	// Entries just above the underflow threshold.
	checkSym(t, "near-underflow", []float64{3e-308, 0, 1e-307, 2.5e-308}, 2, 2)
	// A block of subnormal entries beside O(1) ones (found by FuzzSymEigen):
	// the tridiagonal splits off a block whose norm is subnormal, and
	// scaling that block by the reciprocal of its norm overflowed.
	blk := make([]float64, 8*8)
	blk[0], blk[3*8] = -5, -5
	blk[1*8], blk[1*8+1], blk[2*8], blk[2*8+1], blk[2*8+2] = 1e-310, 1e-310, 1e-310, 1e-310, 1e-310
	checkSym(t, "subnormal block", blk, 8, 8)
	// Subnormal entries: the eigenvalues are only representable to the
	// subnormal spacing 2⁻¹⁰⁷⁴, so check them against the exact 2×2 answer
	// to a few such spacings.
	a := []float64{5e-324, 0, 1e-320, 3e-322}
	var s Sym[float64]
	if !s.Factorize(a, 2, 2, true) {
		t.Fatal("subnormal: Factorize failed")
	}
	w := s.Values(nil)
	p, q, r := math.Ldexp(a[0], 1074), math.Ldexp(a[2], 1074), math.Ldexp(a[3], 1074)
	mid, rad := (p+r)/2, math.Hypot((p-r)/2, q)
	want := []float64{math.Ldexp(mid-rad, -1074), math.Ldexp(mid+rad, -1074)}
	for i := range w {
		if math.Abs(w[i]-want[i]) > 4*0x1p-1074 {
			t.Errorf("subnormal: λ[%d] = %v, want %v", i, w[i], want[i])
		}
	}
}

func TestSpecialMatrices(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 2, 3, 20, 70} {
		zero := make([]float64, n*n)
		w := checkSym(t, "zero", zero, n, n)
		for _, x := range w {
			if x != 0 {
				t.Errorf("zero n=%d: eigenvalue %v", n, x)
			}
		}
		id := make([]float64, n*n)
		for i := 0; i < n; i++ {
			id[i*n+i] = 1
		}
		w = checkSym(t, "identity", id, n, n)
		for _, x := range w {
			if x != 1 {
				t.Errorf("identity n=%d: eigenvalue %v", n, x)
			}
		}
		diag := make([]float64, n*n)
		want := make([]float64, n)
		for i := 0; i < n; i++ {
			diag[i*n+i] = rnd.NormFloat64()
			want[i] = diag[i*n+i]
		}
		w = checkSym(t, "diagonal", diag, n, n)
		sortFloats(want)
		for i := range w {
			if w[i] != want[i] {
				t.Errorf("diagonal n=%d: λ[%d] = %v, want %v", n, i, w[i], want[i])
			}
		}
	}
	// 2×2 with a known answer.
	w := checkSym(t, "2x2", []float64{2, 99, 1, 2}, 2, 2)
	if math.Abs(w[0]-1) > 4*ulp64 || math.Abs(w[1]-3) > 4*ulp64 {
		t.Errorf("2x2: got %v, want [1 3]", w)
	}
	w = checkSym(t, "1x1", []float64{-7.5}, 1, 1)
	if w[0] != -7.5 {
		t.Errorf("1x1: got %v", w)
	}
}

func sortFloats(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// TestOnlyLowerRead fills the strict upper triangle with NaN.
func TestOnlyLowerRead(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{3, 50, 140} {
		a := randSym(rnd, n, n)
		want := checkSym(t, "ref", a, n, n)
		b := make([]float64, len(a))
		copy(b, a)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				b[i*n+j] = math.NaN()
			}
		}
		orig := append([]float64(nil), b...)
		var s Sym[float64]
		if !s.Factorize(b, n, n, true) {
			t.Fatalf("n=%d: NaN in the upper triangle made Factorize fail", n)
		}
		got := s.Values(nil)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("n=%d: values differ with NaN upper triangle", n)
			}
		}
		for i := range b {
			if !(b[i] == orig[i] || (math.IsNaN(b[i]) && math.IsNaN(orig[i]))) {
				t.Fatalf("n=%d: input modified at %d", n, i)
			}
		}
	}
}

func TestNonFinite(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	for _, n := range []int{1, 2, 10, 90} {
		for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			for _, pos := range [][2]int{{0, 0}, {n - 1, 0}, {n / 2, n / 3}, {n - 1, n - 1}} {
				a := randSym(rnd, n, n)
				a[pos[0]*n+pos[1]] = bad
				for _, vec := range []bool{true, false} {
					var s Sym[float64]
					if s.Factorize(a, n, n, vec) {
						t.Errorf("n=%d %v at %v vectors=%v: ok = true", n, bad, pos, vec)
					}
					func() {
						defer func() {
							if r := recover(); r != noFactorization {
								t.Errorf("Values after failure: recovered %v", r)
							}
						}()
						s.Values(nil)
					}()
					var s32 Sym[float32]
					a32 := make([]float32, len(a))
					for i, x := range a {
						a32[i] = float32(x)
					}
					if s32.Factorize(a32, n, n, vec) {
						t.Errorf("float32 n=%d %v: ok = true", n, bad)
					}
				}
				// Warm start with non-finite A.
				v := make([]float64, n*n)
				for i := 0; i < n; i++ {
					v[i*n+i] = 1
				}
				var s Sym[float64]
				if s.FactorizeWarm(a, n, n, v, n) {
					t.Errorf("warm n=%d %v: ok = true", n, bad)
				}
			}
		}
	}
	// Overflow during the computation: entries near MaxFloat64 are scaled.
	const big = math.MaxFloat64 / 4
	a := []float64{big, 0, big, big}
	var s Sym[float64]
	if !s.Factorize(a, 2, 2, true) {
		t.Errorf("MaxFloat64/4 entries: Factorize failed")
	} else if w := s.Values(nil); math.Abs(w[1]-2*big) > 4*ulp64*2*big || math.Abs(w[0]) > 4*ulp64*2*big {
		t.Errorf("MaxFloat64/4 entries: values %v", w)
	}
	// Eigenvalue 2·MaxFloat64 is not representable: failure, not a panic.
	a = []float64{math.MaxFloat64, 0, math.MaxFloat64, math.MaxFloat64}
	if s.Factorize(a, 2, 2, true) {
		t.Errorf("eigenvalue beyond MaxFloat64: ok = true")
	}
}

func TestPanics(t *testing.T) {
	var s Sym[float64]
	mustPanic := func(name, want string, f func()) {
		t.Helper()
		defer func() {
			r := recover()
			if r != want {
				t.Errorf("%s: recovered %v, want %q", name, r, want)
			}
		}()
		f()
	}
	a := make([]float64, 16)
	mustPanic("n<0", "eigen: n < 0", func() { s.Factorize(a, -1, 1, true) })
	mustPanic("lda<n", "eigen: bad lda", func() { s.Factorize(a, 4, 3, true) })
	mustPanic("lda=0", "eigen: bad lda", func() { s.Factorize(nil, 0, 0, true) })
	mustPanic("short a", "eigen: short a", func() { s.Factorize(a[:15], 4, 4, true) })
	mustPanic("warm bad ldv", "eigen: bad ldv", func() { s.FactorizeWarm(a, 4, 4, a, 3) })
	mustPanic("warm short v", "eigen: short v", func() { s.FactorizeWarm(a, 4, 4, a[:10], 4) })
	mustPanic("values before", "eigen: no successful factorization", func() { s.Values(nil) })
	mustPanic("vectors before", "eigen: no successful factorization", func() { s.VectorsTo(a, 4) })
	if !s.Factorize(a, 4, 4, false) {
		t.Fatal("zero matrix failed")
	}
	mustPanic("no vectors", "eigen: vectors not computed", func() { s.VectorsTo(a, 4) })
	if !s.Factorize(a, 4, 4, true) {
		t.Fatal("zero matrix failed")
	}
	mustPanic("short dst", "eigen: short dst", func() { s.Values(make([]float64, 3)) })
	mustPanic("bad ldd", "eigen: bad ldd", func() { s.VectorsTo(a, 3) })
	mustPanic("short vec dst", "eigen: short dst", func() { s.VectorsTo(a[:15], 4) })
	// n = 0 is legal.
	if !s.Factorize(nil, 0, 1, true) || len(s.Values(nil)) != 0 {
		t.Error("n = 0 failed")
	}
	s.VectorsTo(nil, 1)
}

func TestFloat32(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 18))
	for _, n := range []int{1, 2, 9, 64, 150} {
		a := randSym(rnd, n, n+1)
		a32 := make([]float32, len(a))
		for i, x := range a {
			a32[i] = float32(x)
		}
		var s Sym[float32]
		if !s.Factorize(a32, n, n+1, true) {
			t.Fatal("float32 Factorize failed")
		}
		w32 := s.Values(nil)
		v32 := make([]float32, n*n)
		s.VectorsTo(v32, n)
		w := make([]float64, n)
		v := make([]float64, n*n)
		for i := range w {
			w[i] = float64(w32[i])
		}
		for i := range v {
			v[i] = float64(v32[i])
		}
		res, orth := testutil.EigenRatios(n, testutil.SymFromLower(a32, n, n+1), w, v, n, ulp32)
		if !(res <= maxRate) || !(orth <= maxRate) {
			t.Errorf("float32 n=%d: residual %.3g orthogonality %.3g", n, res, orth)
		}
		var s2 Sym[float32]
		s2.Factorize(a32, n, n+1, false)
		w2 := s2.Values(nil)
		for i := range w2 {
			if math.Abs(float64(w2[i]-w32[i])) > maxRate*float64(n)*ulp32*testutil.Norm1(n, testutil.SymFromLower(a32, n, n+1)) {
				t.Errorf("float32 n=%d: values differ at %d: %v vs %v", n, i, w2[i], w32[i])
			}
		}
		// Tiny float32 (subnormal range) and huge.
		for _, f := range []float32{1e-38, 1e38} {
			b := make([]float32, len(a32))
			for i, x := range a32 {
				b[i] = x * f
			}
			if !s.Factorize(b, n, n+1, true) {
				t.Errorf("float32 ×%g failed", f)
			}
		}
	}
}

func TestNoAllocs(t *testing.T) {
	rnd := rand.New(rand.NewPCG(19, 20))
	for _, n := range []int{5, 70, 150} {
		a := randSym(rnd, n, n)
		var s Sym[float64]
		s.Factorize(a, n, n, true)
		w := make([]float64, n)
		v := make([]float64, n*n)
		s.VectorsTo(v, n)
		if al := testing.AllocsPerRun(3, func() {
			s.Factorize(a, n, n, true)
			s.Values(w)
			s.VectorsTo(v, n)
			s.Factorize(a, n, n, false)
		}); al != 0 {
			t.Errorf("n=%d: %v allocations per Factorize", n, al)
		}
		b := make([]float64, len(a))
		for i := range a {
			b[i] = a[i] * (1 + 1e-9*rnd.NormFloat64())
		}
		if al := testing.AllocsPerRun(3, func() {
			s.FactorizeWarm(b, n, n, v, n)
		}); al != 0 {
			t.Errorf("n=%d: %v allocations per FactorizeWarm", n, al)
		}
		a32 := make([]float32, len(a))
		for i := range a {
			a32[i] = float32(a[i])
		}
		var s32 Sym[float32]
		s32.Factorize(a32, n, n, true)
		if al := testing.AllocsPerRun(3, func() { s32.Factorize(a32, n, n, true) }); al != 0 {
			t.Errorf("float32 n=%d: %v allocations per Factorize", n, al)
		}
	}
}

func TestDsyev(t *testing.T) {
	testlapack.DsyevTest(t, Implementation{})
}

func TestMatEigenSym(t *testing.T) {
	rnd := rand.New(rand.NewPCG(21, 22))
	n := 60
	a := randSym(rnd, n, n)
	sd := mat.NewSymDense(n, a)
	var ref mat.EigenSym
	if !ref.Factorize(sd, true) {
		t.Fatal("gonum EigenSym failed")
	}
	lapack64.Use(Implementation{})
	defer lapack64.Use(gonum.Implementation{})
	var es mat.EigenSym
	if !es.Factorize(sd, true) {
		t.Fatal("EigenSym through eigen.Implementation failed")
	}
	got, want := es.Values(nil), ref.Values(nil)
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12*float64(n) {
			t.Errorf("λ[%d] = %v, gonum %v", i, got[i], want[i])
		}
	}
	var ev mat.Dense
	es.VectorsTo(&ev)
	res, orth := testutil.EigenRatios(n, a, got, ev.RawMatrix().Data, n, ulp64)
	if res > maxRate || orth > maxRate {
		t.Errorf("via mat.EigenSym: residual %.3g orthogonality %.3g", res, orth)
	}
	// Values only, on a matrix near the underflow threshold (gonum's own
	// values-only path fails there).
	tiny := mat.NewSymDense(n, scaled(a, 1e-300))
	if !es.Factorize(tiny, false) {
		t.Fatal("tiny values-only failed")
	}
	for i, x := range es.Values(nil) {
		if math.Abs(x*1e300-want[i]) > 1e-12*float64(n) {
			t.Errorf("tiny: λ[%d]·1e300 = %v, want %v", i, x*1e300, want[i])
		}
	}
}
