package fuzz

import (
	"math"
	"testing"

	"github.com/directpred/directpred/eigen"
	"github.com/directpred/directpred/internal/testutil"
)

// FuzzSymEigen decodes a small symmetric matrix (order, stride, precision,
// global scale, entries including ±0, subnormals, ±Inf and NaN) and checks
// eigen.Sym: ok = false exactly when the lower triangle has a non-finite
// entry; otherwise ascending values, ‖AV − VΛ‖₁/(n‖A‖₁ulp) ≤ 60,
// ‖VᵀV − I‖₁/(n·ulp) ≤ 60, values-only equal to the values with vectors to
// the same bound, and the same for a warm start from the computed vectors.
func FuzzSymEigen(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteReader{b: data}
		n := r.intn(40)
		lda := max(1, n+r.intn(3))
		single := r.intn(2) == 1
		var scale float64
		if single {
			scale = []float64{1, 1e-30, 1e30, 1e-3}[r.intn(4)]
		} else {
			scale = []float64{1, 1e-300, 1e300, 1e-20, 1e20}[r.intn(5)]
		}
		a := make([]float64, max(0, (n-1)*lda+n))
		finite := true
		for i := 0; i < n; i++ {
			for j := 0; j <= i; j++ {
				x := r.sparseValue() * scale
				if single {
					x = float64(float32(x))
				}
				a[i*lda+j] = x
				if math.IsNaN(x) || math.IsInf(x, 0) {
					finite = false
				}
			}
			for j := i + 1; j < n; j++ {
				a[i*lda+j] = math.NaN() // never read
			}
		}
		if single {
			a32 := make([]float32, len(a))
			for i, x := range a {
				a32[i] = float32(x)
			}
			checkEigen(t, a, n, lda, finite, 0x1p-23, func(vec bool) ([]float64, []float64, bool) {
				var s eigen.Sym[float32]
				return solve32(&s, a32, n, lda, vec)
			})
			return
		}
		checkEigen(t, a, n, lda, finite, 0x1p-52, func(vec bool) ([]float64, []float64, bool) {
			var s eigen.Sym[float64]
			if !s.Factorize(a, n, lda, vec) {
				return nil, nil, false
			}
			w := s.Values(nil)
			if !vec {
				return w, nil, true
			}
			v := make([]float64, n*n)
			s.VectorsTo(v, max(1, n))
			// Warm start from the computed vectors must agree.
			var s2 eigen.Sym[float64]
			if !s2.FactorizeWarm(a, n, lda, v, max(1, n)) {
				t.Fatalf("warm start failed where cold succeeded")
			}
			w2 := s2.Values(nil)
			v2 := make([]float64, n*n)
			s2.VectorsTo(v2, max(1, n))
			checkRatios(t, "warm", testutil.SymFromLower(a, n, lda), n, w2, v2, 0x1p-52)
			checkValues(t, "warm vs cold", testutil.SymFromLower(a, n, lda), n, w, w2, 0x1p-52)
			return w, v, true
		})
	})
}

func solve32(s *eigen.Sym[float32], a []float32, n, lda int, vec bool) ([]float64, []float64, bool) {
	if !s.Factorize(a, n, lda, vec) {
		return nil, nil, false
	}
	w32 := s.Values(nil)
	w := make([]float64, n)
	for i, x := range w32 {
		w[i] = float64(x)
	}
	if !vec {
		return w, nil, true
	}
	v32 := make([]float32, n*n)
	s.VectorsTo(v32, max(1, n))
	v := make([]float64, n*n)
	for i, x := range v32 {
		v[i] = float64(x)
	}
	return w, v, true
}

func checkEigen(t *testing.T, a []float64, n, lda int, finite bool, ulp float64, solve func(vec bool) ([]float64, []float64, bool)) {
	w, v, ok := solve(true)
	_, _, ok2 := solve(false)
	if !finite {
		if ok || ok2 {
			t.Fatalf("non-finite input: ok = %v (vectors), %v (values only)", ok, ok2)
		}
		return
	}
	if !ok || !ok2 {
		t.Fatalf("finite input (n=%d): ok = %v (vectors), %v (values only)", n, ok, ok2)
	}
	for i := 1; i < n; i++ {
		if !(w[i] >= w[i-1]) {
			t.Fatalf("values not ascending: %v", w)
		}
	}
	af := testutil.SymFromLower(a, n, lda)
	checkRatios(t, "cold", af, n, w, v, ulp)
	w2, _, _ := solve(false)
	checkValues(t, "values-only vs vectors", af, n, w, w2, ulp)
}

// checkRatios checks LAPACK's residual and orthogonality ratios.
func checkRatios(t *testing.T, name string, af []float64, n int, w, v []float64, ulp float64) {
	t.Helper()
	if res, orth := testutil.EigenRatios(n, af, w, v, max(1, n), ulp); !(res <= 60) || !(orth <= 60) {
		t.Fatalf("%s n=%d: residual ratio %g, orthogonality ratio %g", name, n, res, orth)
	}
}

// checkValues checks two computations of the eigenvalues against each other.
func checkValues(t *testing.T, name string, af []float64, n int, w1, w2 []float64, ulp float64) {
	t.Helper()
	if r := testutil.ValueRatio(n, af, w1, w2, ulp); !(r <= 60) {
		t.Fatalf("%s: eigenvalues differ, ratio %g", name, r)
	}
}
