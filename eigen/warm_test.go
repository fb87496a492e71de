package eigen

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// perturbed returns a + f·E for a random symmetric E with ‖E‖_F = ‖a‖_F.
func perturbed(rnd *rand.Rand, a []float64, n int, f float64) []float64 {
	e := randSym(rnd, n, n)
	var amax float64
	for _, x := range a {
		amax = math.Max(amax, math.Abs(x))
	}
	if amax == 0 {
		amax = 1
	}
	var na, ne float64
	for i := range a {
		na += (a[i] / amax) * (a[i] / amax)
		ne += e[i] * e[i]
	}
	g := f * amax * math.Sqrt(na/ne)
	b := make([]float64, len(a))
	for i := range a {
		b[i] = a[i] + g*e[i]
	}
	return b
}

func checkWarm(t *testing.T, name string, a []float64, n int, v0 []float64, wantWarm bool) {
	t.Helper()
	var s Sym[float64]
	if !s.FactorizeWarm(a, n, n, v0, n) {
		t.Fatalf("%s n=%d: FactorizeWarm failed", name, n)
	}
	if wantWarm && !s.c.warmUsed {
		t.Errorf("%s n=%d: Jacobi path not taken", name, n)
	}
	w := s.Values(nil)
	for i := 1; i < n; i++ {
		if w[i] < w[i-1] {
			t.Fatalf("%s n=%d: values not ascending", name, n)
		}
	}
	v := make([]float64, n*n)
	s.VectorsTo(v, n)
	af := testutil.SymFromLower(a, n, n)
	res, orth := testutil.EigenRatios(n, af, w, v, n, ulp64)
	if !(res <= maxRate) || !(orth <= maxRate) {
		t.Errorf("%s n=%d (warm=%v): residual %.3g orthogonality %.3g", name, n, s.c.warmUsed, res, orth)
	}
	var c Sym[float64]
	c.Factorize(a, n, n, true)
	if r := testutil.ValueRatio(n, af, w, c.Values(nil), ulp64); !(r <= maxRate) {
		t.Errorf("%s n=%d: warm and cold values differ, ratio %.3g", name, n, r)
	}
	if testing.Verbose() {
		t.Logf("%s n=%d warm=%v: res %.3f orth %.3f", name, n, s.c.warmUsed, res, orth)
	}
}

func TestWarm(t *testing.T) {
	rnd := rand.New(rand.NewPCG(31, 32))
	for _, n := range []int{2, 3, 10, 50, 130} {
		for _, kind := range []string{"psd-decaying", "random", "rank-deficient"} {
			var a0 []float64
			switch kind {
			case "psd-decaying":
				a0 = withSpectrum(rnd, decaying(n), n)
			case "random":
				a0 = randSym(rnd, n, n)
			default:
				a0 = rankDeficient(rnd, n, max(1, n/4), n)
			}
			var s Sym[float64]
			if !s.Factorize(a0, n, n, true) {
				t.Fatal("cold solve failed")
			}
			v0 := make([]float64, n*n)
			s.VectorsTo(v0, n)
			// Same matrix: B is diagonal to working accuracy.
			checkWarm(t, kind+" same", a0, n, v0, true)
			// General perturbations: Jacobi or the cold fallback, whichever
			// the cost model picks; the result must meet the bounds.
			for _, f := range []float64{1e-10, 1e-6, 1e-3, 1e-2, 0.5} {
				a1 := perturbed(rnd, a0, n, f)
				checkWarm(t, kind+" perturbed", a1, n, v0, false)
			}
			// A perturbation inside a 3-dimensional eigen-subspace: three
			// active columns, so the Jacobi path must be taken.
			if n >= 8 {
				w0 := s.Values(nil)
				a1 := make([]float64, n*n)
				p := []int{0, n / 2, n - 1}
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						var sum float64
						for k := 0; k < n; k++ {
							sum += v0[i*n+k] * w0[k] * v0[j*n+k]
						}
						for _, k := range p {
							for _, l := range p {
								sum += 1e-3 * float64(1+k%3+l%3) * v0[i*n+k] * v0[j*n+l]
							}
						}
						a1[i*n+j] = sum
					}
				}
				// Symmetrise exactly.
				for i := 0; i < n; i++ {
					for j := 0; j < i; j++ {
						a1[j*n+i] = a1[i*n+j]
					}
				}
				checkWarm(t, kind+" subspace", a1, n, v0, true)
			}
		}
	}
}

func TestWarmFallback(t *testing.T) {
	rnd := rand.New(rand.NewPCG(33, 34))
	n := 40
	a := randSym(rnd, n, n)
	// Not orthonormal: the cold path must be taken.
	v := randSym(rnd, n, n)
	checkWarm(t, "non-orthonormal v", a, n, v, false)
	// Slightly non-orthonormal (1e-8): also cold.
	var s Sym[float64]
	s.Factorize(a, n, n, true)
	v0 := make([]float64, n*n)
	s.VectorsTo(v0, n)
	for i := range v0 {
		v0[i] *= 1 + 1e-8*rnd.NormFloat64()
	}
	checkWarm(t, "nearly orthonormal v", a, n, v0, false)
	// NaN in v: cold.
	v0[5] = math.NaN()
	checkWarm(t, "NaN in v", a, n, v0, false)
	// Zero matrix, identity start.
	z := make([]float64, n*n)
	id := make([]float64, n*n)
	for i := 0; i < n; i++ {
		id[i*n+i] = 1
	}
	checkWarm(t, "zero", z, n, id, false)
	// Diagonal matrix from the identity: warm.
	d := make([]float64, n*n)
	for i := 0; i < n; i++ {
		d[i*n+i] = float64(n - i)
	}
	checkWarm(t, "diagonal", d, n, id, true)
	// Extreme scaling.
	for _, f := range []float64{1e-300, 1e300} {
		var s Sym[float64]
		as := scaled(a, f)
		s.Factorize(as, n, n, true)
		vs := make([]float64, n*n)
		s.VectorsTo(vs, n)
		checkWarm(t, "scaled", as, n, vs, true)
		checkWarm(t, "scaled perturbed", perturbed(rnd, as, n, 1e-9), n, vs, false)
	}
}

func TestWarmFloat32(t *testing.T) {
	rnd := rand.New(rand.NewPCG(35, 36))
	n := 60
	a := withSpectrum(rnd, decaying(n), n)
	a32 := make([]float32, n*n)
	for i, x := range a {
		a32[i] = float32(x)
	}
	var s Sym[float32]
	s.Factorize(a32, n, n, true)
	v := make([]float32, n*n)
	s.VectorsTo(v, n)
	b32 := make([]float32, n*n)
	for i, x := range perturbed(rnd, a, n, 1e-7) {
		b32[i] = float32(x)
	}
	if !s.FactorizeWarm(b32, n, n, v, n) {
		t.Fatal("float32 warm failed")
	}
	w32 := s.Values(nil)
	v32 := make([]float32, n*n)
	s.VectorsTo(v32, n)
	w := make([]float64, n)
	vv := make([]float64, n*n)
	for i := range w {
		w[i] = float64(w32[i])
	}
	for i := range vv {
		vv[i] = float64(v32[i])
	}
	res, orth := testutil.EigenRatios(n, testutil.SymFromLower(b32, n, n), w, vv, n, ulp32)
	if !(res <= maxRate) || !(orth <= maxRate) {
		t.Errorf("float32 warm: residual %.3g orthogonality %.3g", res, orth)
	}
}
