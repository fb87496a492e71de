package eigen

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// parSmall splits work from tiny sizes on, so that small matrices run every
// parallel step: the team, partial symv products, small syr2k blocks, merges
// beside each other and split inside, split merge products and column
// chunks of the back-transformation.
var parSmall = parParams{
	symvRows:  16,
	teamMin:   40,
	syr2kMACs: 1 << 12,
	dcParMax:  40,
	prodSplit: 1 << 8,
	ormMin:    40,
	grainWork: 1,
}

// TestParallelDeterministic checks that eigenvalues and eigenvectors are
// bitwise the same for GOMAXPROCS = 1, 2 and 3 and with SetSerial, with the default split sizes
// and with parSmall, in both precisions, and that the parallel results meet
// the accuracy bounds.
func TestParallelDeterministic(t *testing.T) {
	sizes := []int{400} // ≥ par.teamMin: the default split sizes use every parallel step
	small := []int{65, 97, 130, 203}
	if testing.Short() {
		small = []int{97, 130}
	}
	defer func(p parParams) { par = p }(par)
	for _, cfg := range []struct {
		name  string
		p     parParams
		sizes []int
	}{{"default", par, sizes}, {"small", parSmall, small}} {
		par = cfg.p
		for _, n := range cfg.sizes {
			rnd := rand.New(rand.NewPCG(uint64(n), 77))
			a := randSym(rnd, n, n)
			// A clustered spectrum as well: deflation in every merge.
			cl := make([]float64, n)
			for i := range cl {
				cl[i] = float64(i % 5)
			}
			b := withSpectrum(rnd, cl, n)
			for _, m := range [][]float64{a, b} {
				name := fmt.Sprintf("%s n=%d", cfg.name, n)
				checkProcs[float64](t, name, m, n, ulp64)
				checkProcs[float32](t, name, m, n, ulp32)
			}
		}
	}
}

func checkProcs[T float32 | float64](t *testing.T, name string, a64 []float64, n int, ulp float64) {
	t.Helper()
	a := make([]T, len(a64))
	for i, x := range a64 {
		a[i] = T(x)
	}
	var refW, refV []T
	for _, procs := range []int{1, 2, 3, -2} {
		// -2: two threads, but SetSerial(true).
		prev := runtime.GOMAXPROCS(max(procs, -procs))
		var s Sym[T]
		s.SetSerial(procs < 0)
		ok := s.Factorize(a, n, n, true)
		runtime.GOMAXPROCS(prev)
		if !ok {
			t.Fatalf("%s %T GOMAXPROCS=%d: Factorize failed", name, T(0), procs)
		}
		w := s.Values(nil)
		v := make([]T, n*n)
		s.VectorsTo(v, n)
		if refW == nil {
			refW, refV = w, v
			w64 := make([]float64, n)
			v64 := make([]float64, n*n)
			for i, x := range w {
				w64[i] = float64(x)
			}
			for i, x := range v {
				v64[i] = float64(x)
			}
			af := make([]float64, n*n)
			for i, x := range a {
				af[i] = float64(x)
			}
			res, orth := testutil.EigenRatios(n, af, w64, v64, n, ulp)
			if !(res <= maxRate) || !(orth <= maxRate) {
				t.Errorf("%s %T: residual ratio %.3g, orthogonality ratio %.3g", name, T(0), res, orth)
			}
			continue
		}
		if !sameBitsT(w, refW) || !sameBitsT(v, refV) {
			t.Errorf("%s %T: GOMAXPROCS=%d differs from GOMAXPROCS=1", name, T(0), procs)
		}
	}
}

func sameBitsT[T float32 | float64](x, y []T) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] && !(x[i] != x[i] && y[i] != y[i]) {
			return false
		}
	}
	return true
}

// TestParallelNoAllocs checks that parallel solves allocate nothing in the
// steady state (the team, the level-by-level merges, the column chunks).
func TestParallelNoAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under coverage or race instrumentation")
	}
	defer func(p parParams) { par = p }(par)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, cfg := range []struct {
		p parParams
		n int
	}{{par, 300}, {parSmall, 130}} {
		par = cfg.p
		rnd := rand.New(rand.NewPCG(3, 9))
		a := randSym(rnd, cfg.n, cfg.n)
		var s Sym[float64]
		s.Factorize(a, cfg.n, cfg.n, true)
		if al := testing.AllocsPerRun(3, func() { s.Factorize(a, cfg.n, cfg.n, true) }); al != 0 {
			t.Errorf("n=%d: %v allocations per Factorize", cfg.n, al)
		}
	}
}
