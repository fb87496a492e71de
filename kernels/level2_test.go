package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"

	"github.com/directpred/directpred/internal/testutil"
)

// TestLevel2Testblas runs gonum's test suites of the Level 2 routines
// Implementation overrides, on every dispatch path.
func TestLevel2Testblas(t *testing.T) {
	impl := Implementation{}
	forEachISA(t, func(t *testing.T) {
		t.Run("Dgemv", func(t *testing.T) { testblas.DgemvTest(t, impl) })
		t.Run("Dsymv", func(t *testing.T) { testblas.DsymvTest(t, impl) })
		t.Run("Dtrmv", func(t *testing.T) { testblas.DtrmvTest(t, impl) })
		t.Run("Dtrsv", func(t *testing.T) { testblas.DtrsvTest(t, impl) })
		t.Run("Dger", func(t *testing.T) { testblas.DgerTest(t, impl) })
		t.Run("Dsyr", func(t *testing.T) { testblas.DsyrTest(t, impl) })
		t.Run("Dsyr2", func(t *testing.T) { testblas.Dsyr2Test(t, impl) })
		t.Run("Drot", func(t *testing.T) { testblas.DrotTest(t, impl) })
	})
}

// TestLevel2Kernels checks the dot4 and axpy4 kernels of every path against
// their Go twins, on guarded minimal slices.
func TestLevel2Kernels(t *testing.T) {
	testLevel2Kernels[float32](t)
	testLevel2Kernels[float64](t)
}

func testLevel2Kernels[T float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(21, 22))
	forEachISA(t, func(t *testing.T) {
		k := l2Of[T]()
		for n := 0; n <= 70; n++ {
			lda := n + rnd.IntN(3)
			a := testutil.Guarded[T](t, 3*lda+n)
			x := testutil.Guarded[T](t, n)
			testutil.Fill(rnd, a)
			testutil.Fill(rnd, x)
			got, want := k.dot4(n, a, lda, x), dot4Ref(n, a, lda, x)
			for r := range got {
				var g float64
				for j := 0; j < n; j++ {
					g += math.Abs(float64(a[r*lda+j]) * float64(x[j]))
				}
				if !testutil.WithinBound(got[r], float64(want[r]), g, n, 4) {
					t.Fatalf("dot4 n=%d: out[%d] = %v, want %v", n, r, got[r], want[r])
				}
			}
			// rot on x and the first n of a, against the twin.
			x1, a1 := testutil.GuardedCopy(t, x), testutil.GuardedCopy(t, a[:n])
			x2, a2 := append([]T(nil), x...), append([]T(nil), a[:n]...)
			k.rot(x1, a1, 0.28, -0.96)
			rotRef(x2, a2, 0.28, -0.96)
			for j := range x1 {
				if !testutil.WithinBound(x1[j], float64(x2[j]), 2, 2, 2) || !testutil.WithinBound(a1[j], float64(a2[j]), 2, 2, 2) {
					t.Fatalf("rot n=%d: [%d] = (%v, %v), want (%v, %v)", n, j, x1[j], a1[j], x2[j], a2[j])
				}
			}
			// ger on three rows of a.
			for _, rows := range []int{1, 3} {
				g1, g2 := testutil.GuardedCopy(t, a[:(rows-1)*lda+n]), append([]T(nil), a[:(rows-1)*lda+n]...)
				xr := make([]T, rows)
				testutil.Fill(rnd, xr)
				k.ger(rows, n, -0.5, xr, x, g1, lda)
				gerRef(rows, n, -0.5, xr, x, g2, lda)
				for j := range g1 {
					if !testutil.WithinBound(g1[j], float64(g2[j]), 2, 2, 2) {
						t.Fatalf("ger rows=%d n=%d: [%d] = %v, want %v", rows, n, j, g1[j], g2[j])
					}
				}
			}
			c := [4]T{1.5, -0.5, 0.25, 2}
			y1, y2 := testutil.GuardedCopy(t, x), append([]T(nil), x...)
			k.axpy4(n, a, lda, c, y1)
			axpy4Ref(n, a, lda, c, y2)
			for j := range y1 {
				if !testutil.WithinBound(y1[j], float64(y2[j]), 8, 4, 4) {
					t.Fatalf("axpy4 n=%d: y[%d] = %v, want %v", n, j, y1[j], y2[j])
				}
			}
		}
	})
}

// level2Sizes straddle the 4-row blocks and the vector widths.
var level2Sizes = []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 64, 100}

// TestLevel2VsGonum compares every overridden Level 2 routine, both
// precisions, unit and non-unit (also negative) increments, padded leading
// dimensions, with gonum's float64 routines on the same (widened) input:
// |got − want| ≤ 4·(n+2)·u·gauge, the gauge being the routine applied to
// absolute values (for TRSV, the solution's magnitude on a diagonally
// dominant A).
func TestLevel2VsGonum(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		testLevel2VsGonum[float32](t)
		testLevel2VsGonum[float64](t)
	})
}

func widen[T float](s []T) []float64 {
	r := make([]float64, len(s))
	for i, v := range s {
		r[i] = float64(v)
	}
	return r
}

func absAll(s []float64) []float64 {
	r := make([]float64, len(s))
	for i, v := range s {
		r[i] = math.Abs(v)
	}
	return r
}

// vecLen is the length of a vector of n elements at increment inc.
func vecLen(n, inc int) int {
	if inc < 0 {
		inc = -inc
	}
	return (n-1)*inc + 1
}

func testLevel2VsGonum[T float](t *testing.T) {
	var ours Implementation
	var ref gonum.Implementation
	rnd := rand.New(rand.NewPCG(23, 24))
	u := testutil.Eps[T]()
	check := func(name string, got []T, want, gauge []float64, n int) {
		t.Helper()
		for i := range got {
			if math.Abs(float64(got[i])-want[i]) > 4*float64(n+2)*u*gauge[i]+1e-300 {
				t.Fatalf("%s: [%d] = %v, want %v (gauge %g)", name, i, got[i], want[i], gauge[i])
			}
		}
	}
	call32or64 := func(f32 func(a, x, y []float32), f64 func(a, x, y []float64), a, x, y []T) {
		switch a := any(a).(type) {
		case []float32:
			f32(a, any(x).([]float32), any(y).([]float32))
		case []float64:
			f64(a, any(x).([]float64), any(y).([]float64))
		}
	}
	for _, m := range level2Sizes {
		for _, n := range []int{1, 3, 4, 9, 33, m} {
			for _, inc := range [][2]int{{1, 1}, {2, 3}, {-1, -2}} {
				incX, incY := inc[0], inc[1]
				lda := n + rnd.IntN(3)
				a := make([]T, (m-1)*lda+n)
				testutil.Fill(rnd, a)
				for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
					lx, ly := n, m
					if tA == blas.Trans {
						lx, ly = m, n
					}
					x, y := make([]T, vecLen(lx, incX)), make([]T, vecLen(ly, incY))
					testutil.Fill(rnd, x)
					testutil.Fill(rnd, y)
					for _, beta := range []float64{0, 1, -0.5} {
						got := append([]T(nil), y...)
						call32or64(func(a, x, y []float32) { ours.Sgemv(tA, m, n, 1.5, a, lda, x, incX, float32(beta), y, incY) },
							func(a, x, y []float64) { ours.Dgemv(tA, m, n, 1.5, a, lda, x, incX, beta, y, incY) }, a, x, got)
						want, gauge := widen(y), absAll(widen(y))
						ref.Dgemv(tA, m, n, 1.5, widen(a), lda, widen(x), incX, beta, want, incY)
						ref.Dgemv(tA, m, n, 1.5, absAll(widen(a)), lda, absAll(widen(x)), incX, math.Abs(beta), gauge, incY)
						check(fmt.Sprintf("gemv %c m=%d n=%d inc=%v beta=%g", tA, m, n, inc, beta), got, want, gauge, max(m, n))
					}
				}
				// Ger.
				x, y := make([]T, vecLen(m, incX)), make([]T, vecLen(n, incY))
				testutil.Fill(rnd, x)
				testutil.Fill(rnd, y)
				got := append([]T(nil), a...)
				call32or64(func(a, x, y []float32) { ours.Sger(m, n, -0.75, x, incX, y, incY, a, lda) },
					func(a, x, y []float64) { ours.Dger(m, n, -0.75, x, incX, y, incY, a, lda) }, got, x, y)
				// (Reference loops: gonum v0.17's amd64 Dger ignores
				// negative increments for m = n = 1.)
				want, gauge := widen(a), absAll(widen(a))
				xw, yw := widen(contiguous(x, m, incX, make([]T, m))), widen(contiguous(y, n, incY, make([]T, n)))
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						want[i*lda+j] += -0.75 * xw[i] * yw[j]
						gauge[i*lda+j] += math.Abs(0.75 * xw[i] * yw[j])
					}
				}
				check(fmt.Sprintf("ger m=%d n=%d inc=%v", m, n, inc), got, want, gauge, 1)
			}
		}
		// Square routines, n = m.
		n := m
		for _, inc := range [][2]int{{1, 1}, {3, 2}, {-2, -1}} {
			incX, incY := inc[0], inc[1]
			lda := n + rnd.IntN(3)
			a := make([]T, (n-1)*lda+n)
			testutil.Fill(rnd, a)
			// Diagonally dominant, for TRSV.
			for i := 0; i < n; i++ {
				a[i*lda+i] = T(float64(n) * (1 + rnd.Float64()))
			}
			x, y := make([]T, vecLen(n, incX)), make([]T, vecLen(n, incY))
			testutil.Fill(rnd, x)
			testutil.Fill(rnd, y)
			for _, ul := range uplos {
				for _, beta := range []float64{0, 0.5} {
					got := append([]T(nil), y...)
					call32or64(func(a, x, y []float32) { ours.Ssymv(ul, n, 0.5, a, lda, x, incX, float32(beta), y, incY) },
						func(a, x, y []float64) { ours.Dsymv(ul, n, 0.5, a, lda, x, incX, beta, y, incY) }, a, x, got)
					want, gauge := widen(y), absAll(widen(y))
					ref.Dsymv(ul, n, 0.5, widen(a), lda, widen(x), incX, beta, want, incY)
					ref.Dsymv(ul, n, 0.5, absAll(widen(a)), lda, absAll(widen(x)), incX, beta, gauge, incY)
					check(fmt.Sprintf("symv %c n=%d inc=%v", ul, n, inc), got, want, gauge, n)
				}
				for _, y2 := range []bool{false, true} {
					got := append([]T(nil), a...)
					want, gauge := widen(a), absAll(widen(a))
					if y2 {
						call32or64(func(a, x, y []float32) { ours.Ssyr2(ul, n, 0.5, x, incX, y, incY, a, lda) },
							func(a, x, y []float64) { ours.Dsyr2(ul, n, 0.5, x, incX, y, incY, a, lda) }, got, x, y)
						ref.Dsyr2(ul, n, 0.5, widen(x), incX, widen(y), incY, want, lda)
						ref.Dsyr2(ul, n, 0.5, absAll(widen(x)), incX, absAll(widen(y)), incY, gauge, lda)
					} else {
						call32or64(func(a, x, y []float32) { ours.Ssyr(ul, n, 0.5, x, incX, a, lda) },
							func(a, x, y []float64) { ours.Dsyr(ul, n, 0.5, x, incX, a, lda) }, got, x, y)
						ref.Dsyr(ul, n, 0.5, widen(x), incX, want, lda)
						ref.Dsyr(ul, n, 0.5, absAll(widen(x)), incX, gauge, lda)
					}
					check(fmt.Sprintf("syr2=%v %c n=%d inc=%v", y2, ul, n, inc), got, want, gauge, 2)
				}
				for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
					for _, d := range diags {
						got := append([]T(nil), x...)
						call32or64(func(a, x, _ []float32) { ours.Strmv(ul, tA, d, n, a, lda, x, incX) },
							func(a, x, _ []float64) { ours.Dtrmv(ul, tA, d, n, a, lda, x, incX) }, a, got, y)
						want, gauge := widen(x), absAll(widen(x))
						ref.Dtrmv(ul, tA, d, n, widen(a), lda, want, incX)
						ref.Dtrmv(ul, tA, d, n, absAll(widen(a)), lda, gauge, incX)
						check(fmt.Sprintf("trmv %c%c%c n=%d inc=%v", ul, tA, d, n, inc), got, want, gauge, n)
						if d == blas.Unit {
							continue // a unit-diagonal solve of this A is not well conditioned
						}
						got = append([]T(nil), x...)
						call32or64(func(a, x, _ []float32) { ours.Strsv(ul, tA, d, n, a, lda, x, incX) },
							func(a, x, _ []float64) { ours.Dtrsv(ul, tA, d, n, a, lda, x, incX) }, a, got, y)
						want = widen(x)
						ref.Dtrsv(ul, tA, d, n, widen(a), lda, want, incX)
						var xmax float64
						for _, v := range want {
							xmax = math.Max(xmax, math.Abs(v))
						}
						for i := range gauge {
							gauge[i] = 4 * xmax * float64(n)
						}
						check(fmt.Sprintf("trsv %c%c%c n=%d inc=%v", ul, tA, d, n, inc), got, want, gauge, n)
					}
				}
			}
		}
	}
}
