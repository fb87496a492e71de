package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"
)

// TestImplementationTestblas runs gonum's test suites for every routine
// Implementation overrides, on every dispatch path.
func TestImplementationTestblas(t *testing.T) {
	impl := Implementation{}
	forEachISA(t, func(t *testing.T) {
		t.Run("Dgemm", func(t *testing.T) { testblas.TestDgemm(t, impl) })
		t.Run("Dsyrk", func(t *testing.T) { testblas.DsyrkTest(t, impl) })
		t.Run("Dsyr2k", func(t *testing.T) { testblas.Dsyr2kTest(t, impl) })
		t.Run("Dtrmm", func(t *testing.T) { testblas.DtrmmTest(t, impl) })
		t.Run("Dtrsm", func(t *testing.T) { testblas.DtrsmTest(t, impl) })
		t.Run("Dsymm", func(t *testing.T) { testblas.DsymmTest(t, impl) })
		t.Run("Dgemv", func(t *testing.T) { testblas.DgemvTest(t, impl) })
		t.Run("Dsymv", func(t *testing.T) { testblas.DsymvTest(t, impl) })
		t.Run("Dger", func(t *testing.T) { testblas.DgerTest(t, impl) })
		t.Run("Ddot", func(t *testing.T) { testblas.DdotTest(t, impl) })
		t.Run("Daxpy", func(t *testing.T) { testblas.DaxpyTest(t, impl) })
		t.Run("Dscal", func(t *testing.T) { testblas.DscalTest(t, impl) })
		t.Run("Dnrm2", func(t *testing.T) { testblas.Dnrm2Test(t, impl) })
	})
}

func randSlice(rnd *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 2*rnd.Float64() - 1
	}
	return s
}

func maxDiff(x, y []float64) float64 {
	var d float64
	for i := range x {
		d = math.Max(d, math.Abs(x[i]-y[i]))
		if math.IsNaN(x[i]) != math.IsNaN(y[i]) {
			return math.Inf(1)
		}
	}
	return d
}

// TestImplementationVsGonum compares the fast paths (sizes beyond the
// testblas tables, padded leading dimensions) with gonum's native
// routines.
func TestImplementationVsGonum(t *testing.T) {
	var ours Implementation
	var ref gonum.Implementation
	rnd := rand.New(rand.NewPCG(41, 42))
	const tol = 1e-12
	forEachISA(t, func(t *testing.T) {
		for _, sz := range [][2]int{{17, 33}, {70, 40}, {129, 257}} {
			m, n := sz[0], sz[1]
			for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
				for _, tA := range transposes {
					// Dsyr2k: C n×n, A and B n×m (NoTrans) or m×n (Trans).
					r, c := n, m
					if tA == blas.Trans {
						r, c = m, n
					}
					a, b := randSlice(rnd, r*(c+2)), randSlice(rnd, r*(c+1))
					c0 := randSlice(rnd, n*(n+3))
					c1, c2 := append([]float64(nil), c0...), append([]float64(nil), c0...)
					ours.Dsyr2k(ul, tA, n, m, 0.7, a, c+2, b, c+1, 0.3, c1, n+3)
					ref.Dsyr2k(ul, tA, n, m, 0.7, a, c+2, b, c+1, 0.3, c2, n+3)
					if d := maxDiff(c1, c2); d > tol*float64(m) {
						t.Errorf("Dsyr2k %c%c m=%d n=%d: max diff %g", ul, tA, m, n, d)
					}
					// Dtrmm, both sides, both diagonals.
					for _, side := range []blas.Side{blas.Left, blas.Right} {
						for _, dg := range []blas.Diag{blas.NonUnit, blas.Unit} {
							k := n
							if side == blas.Left {
								k = m
							}
							at := randSlice(rnd, k*(k+1))
							b0 := randSlice(rnd, m*(n+2))
							b1, b2 := append([]float64(nil), b0...), append([]float64(nil), b0...)
							ours.Dtrmm(side, ul, tA, dg, m, n, -1.5, at, k+1, b1, n+2)
							ref.Dtrmm(side, ul, tA, dg, m, n, -1.5, at, k+1, b2, n+2)
							if d := maxDiff(b1, b2); d > tol*float64(k) {
								t.Errorf("Dtrmm %c%c%c%c m=%d n=%d: max diff %g", side, ul, tA, dg, m, n, d)
							}
						}
					}
				}
				// Dsymv.
				a := randSlice(rnd, n*(n+1))
				x := randSlice(rnd, n)
				for _, beta := range []float64{0, 1, -0.4} {
					y0 := randSlice(rnd, n)
					y1, y2 := append([]float64(nil), y0...), append([]float64(nil), y0...)
					ours.Dsymv(ul, n, 1.3, a, n+1, x, 1, beta, y1, 1)
					ref.Dsymv(ul, n, 1.3, a, n+1, x, 1, beta, y2, 1)
					if d := maxDiff(y1, y2); d > tol*float64(n) {
						t.Errorf("Dsymv %c n=%d beta=%g: max diff %g", ul, n, beta, d)
					}
				}
			}
			// Dgemv and Dger.
			a := randSlice(rnd, m*(n+1))
			for _, tA := range transposes {
				lx, ly := n, m
				if tA == blas.Trans {
					lx, ly = m, n
				}
				x := randSlice(rnd, lx)
				for _, beta := range []float64{0, 1, 0.5} {
					y0 := randSlice(rnd, ly)
					y1, y2 := append([]float64(nil), y0...), append([]float64(nil), y0...)
					ours.Dgemv(tA, m, n, 0.9, a, n+1, x, 1, beta, y1, 1)
					ref.Dgemv(tA, m, n, 0.9, a, n+1, x, 1, beta, y2, 1)
					if d := maxDiff(y1, y2); d > tol*float64(n) {
						t.Errorf("Dgemv %c m=%d n=%d beta=%g: max diff %g", tA, m, n, beta, d)
					}
				}
			}
			x, y := randSlice(rnd, m), randSlice(rnd, n)
			a1, a2 := append([]float64(nil), a...), append([]float64(nil), a...)
			ours.Dger(m, n, 0.6, x, 1, y, 1, a1, n+1)
			ref.Dger(m, n, 0.6, x, 1, y, 1, a2, n+1)
			if d := maxDiff(a1, a2); d > tol {
				t.Errorf("Dger m=%d n=%d: max diff %g", m, n, d)
			}
			// float32 Level 1 against float64 Level 1.
			xs, ys := make([]float32, n), make([]float32, n)
			for i := range xs {
				xs[i], ys[i] = float32(y[i]), float32(y[(i+1)%n])
			}
			if got, want := ours.Sdot(n, xs, 1, ys, 1), ref.Sdot(n, xs, 1, ys, 1); math.Abs(float64(got-want)) > 1e-5 {
				t.Errorf("Sdot n=%d: %v, want %v", n, got, want)
			}
			if got, want := ours.Snrm2(n, xs, 1), ref.Snrm2(n, xs, 1); math.Abs(float64(got-want)) > 1e-5 {
				t.Errorf("Snrm2 n=%d: %v, want %v", n, got, want)
			}
			ours.Saxpy(n, 2, xs, 1, ys, 1)
			ours.Sscal(n, 0.5, ys, 1)
			for i := range ys {
				w := float32((2*float64(xs[i]) + float64(float32(y[(i+1)%n]))) * 0.5)
				if math.Abs(float64(ys[i]-w)) > 1e-6 {
					t.Fatalf("Saxpy/Sscal n=%d: y[%d] = %v, want %v", n, i, ys[i], w)
				}
			}
		}
	})
}
