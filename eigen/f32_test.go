package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// checkSym32 is checkSym for Sym[float32]: a is rounded to float32 and the
// ratios use ulp = 2⁻²³.
func checkSym32(t *testing.T, name string, a64 []float64, n, lda int) {
	t.Helper()
	a := make([]float32, len(a64))
	for i, x := range a64 {
		a[i] = float32(x)
	}
	var s Sym[float32]
	if !s.Factorize(a, n, lda, true) {
		t.Fatalf("%s n=%d: float32 Factorize failed", name, n)
	}
	w32 := s.Values(nil)
	v32 := make([]float32, n*n)
	s.VectorsTo(v32, max(1, n))
	w := make([]float64, n)
	v := make([]float64, n*n)
	for i, x := range w32 {
		w[i] = float64(x)
		if i > 0 && w32[i] < w32[i-1] {
			t.Fatalf("%s n=%d: values not ascending", name, n)
		}
	}
	for i, x := range v32 {
		v[i] = float64(x)
	}
	af := testutil.SymFromLower(a, n, lda)
	res, orth := testutil.EigenRatios(n, af, w, v, n, ulp32)
	if !(res <= maxRate) || !(orth <= maxRate) {
		t.Errorf("%s n=%d float32: residual ratio %.3g, orthogonality ratio %.3g", name, n, res, orth)
	}
	var s2 Sym[float32]
	if !s2.Factorize(a, n, lda, false) {
		t.Fatalf("%s n=%d: float32 values-only failed", name, n)
	}
	w2 := make([]float64, n)
	for i, x := range s2.Values(nil) {
		w2[i] = float64(x)
	}
	if r := testutil.ValueRatio(n, af, w, w2, ulp32); !(r <= maxRate) {
		t.Errorf("%s n=%d float32: values with/without vectors differ, ratio %.3g", name, n, r)
	}
	if testing.Verbose() {
		t.Logf("%s n=%d float32: res %.3f orth %.3f", name, n, res, orth)
	}
}

func TestFloat32Families(t *testing.T) {
	rnd := rand.New(rand.NewPCG(41, 42))
	sizes := []int{1, 2, 5, 24, 25, 64, 100, 200}
	if !testing.Short() {
		sizes = append(sizes, 257, 512)
	}
	for _, n := range sizes {
		checkSym32(t, "random", randSym(rnd, n, n+2), n, n+2)
		if n < 2 {
			continue
		}
		checkSym32(t, "psd-decaying", withSpectrum(rnd, decaying(n), n), n, n)
		checkSym32(t, "rank-deficient", rankDeficient(rnd, n, max(1, n/3), n), n, n)
		cl := make([]float64, n)
		for i := range cl {
			cl[i] = 1 + 1e-6*(2*rnd.Float64()-1)
		}
		checkSym32(t, "clustered", withSpectrum(rnd, cl, n), n, n)
		rep := make([]float64, n)
		for i := range rep {
			rep[i] = float64(i % 3)
		}
		checkSym32(t, "repeated", withSpectrum(rnd, rep, n), n, n)
		for _, f := range []float64{1e-35, 1e-30, 1e30, 1e36} {
			checkSym32(t, fmt.Sprintf("random×%g", f), scaled(randSym(rnd, n, n), f), n, n)
		}
		g := randSym(rnd, n, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				g[i*n+j] *= math.Pow(10, -15+30*float64(i+j)/float64(2*n-2))
			}
		}
		checkSym32(t, "graded", g, n, n)
	}
	for _, k := range []int{2, 6} {
		d, e := gluedWilkinson(k, 1e-5)
		n := len(d)
		checkSym32(t, "glued-wilkinson", tridiagonal(d, e, n), n, n)
	}
}
