package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/testblas"

	"github.com/directpred/directpred/internal/testutil"
)

type syrkFunc[T float] func(ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int)

type syrkCase struct {
	ul          blas.Uplo
	tA          blas.Transpose
	n, k        int
	padA, padC  int
	alpha, beta float64
}

func (c syrkCase) String() string {
	return fmt.Sprintf("%c%c/n=%d,k=%d/pad=%d,%d/alpha=%g,beta=%g", c.ul, c.tA, c.n, c.k, c.padA, c.padC, c.alpha, c.beta)
}

// checkSyrk runs one case on guarded minimal-length slices with every
// dispatch path and checks the referenced triangle against the float64
// reference, and that A, the other triangle and the padding of C are
// untouched. nanA fills A with NaN (legal with alpha = 0), nanC fills the
// triangle of C with NaN (legal with beta = 0).
func checkSyrk[T float](t *testing.T, f syrkFunc[T], tc syrkCase, rnd *rand.Rand, nanA, nanC bool) {
	t.Helper()
	ar, ac := tc.n, tc.k
	if tc.tA != blas.NoTrans {
		ar, ac = tc.k, tc.n
	}
	lda := max(1, ac) + tc.padA
	ldc := max(1, tc.n) + tc.padC
	a := make([]T, minLen(ar, ac, lda))
	c := make([]T, minLen(tc.n, tc.n, ldc))
	testutil.Fill(rnd, a)
	if nanA {
		testutil.FillNaN(a)
	}
	upper := tc.ul == blas.Upper
	inTri := func(i, j int) bool { return j < tc.n && (upper && j >= i || !upper && j <= i) }
	for i := 0; i < tc.n; i++ {
		for j := 0; j < ldc && i*ldc+j < len(c); j++ {
			switch {
			case !inTri(i, j):
				c[i*ldc+j] = padSentinel
			case nanC:
				c[i*ldc+j] = T(math.NaN())
			default:
				c[i*ldc+j] = T(2*rnd.Float64() - 1)
			}
		}
	}
	alpha, beta := T(tc.alpha), T(tc.beta)
	aT := tc.tA != blas.NoTrans
	want, gauge := testutil.RefGemm(aT, !aT, tc.n, tc.n, tc.k, alpha, a, lda, a, lda, beta, c, ldc)
	forEachISA(t, func(t *testing.T) {
		ga := testutil.GuardedCopy(t, a)
		gc := testutil.GuardedCopy(t, c)
		f(tc.ul, tc.tA, tc.n, tc.k, alpha, ga, lda, beta, gc, ldc)
		if !sameBits(ga, a) {
			t.Fatalf("%v: A modified", tc)
		}
		bad := 0
		for i := 0; i < tc.n; i++ {
			for j := 0; j < ldc && i*ldc+j < len(gc); j++ {
				got := gc[i*ldc+j]
				if !inTri(i, j) {
					if got != padSentinel {
						t.Fatalf("%v: C[%d,%d] outside the triangle changed to %v", tc, i, j, got)
					}
					continue
				}
				w, g := want[i*tc.n+j], gauge[i*tc.n+j]
				if !testutil.WithinBound(got, w, g, tc.k, 2) {
					if bad++; bad <= 5 {
						t.Errorf("%v: C[%d,%d] = %v, want %v (gauge %g)", tc, i, j, got, w, g)
					}
				}
			}
		}
	})
}

func testSyrkSweep[T float](t *testing.T, f syrkFunc[T]) {
	rnd := rand.New(rand.NewPCG(11, 12))
	sizes := edgeSizes()
	for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
		for _, tA := range transposes {
			var shapes [][2]int
			for _, n := range sizes {
				if n <= 70 || rnd.IntN(4) == 0 {
					shapes = append(shapes, [2]int{n, 1 + rnd.IntN(9)})
				}
			}
			for _, g := range []BlockSizes{cur.s.blockSizes(), cur.d.blockSizes(), genericISA.d.blockSizes()} {
				for _, k := range []int{0, 1, g.KC - 1, g.KC + 1} {
					shapes = append(shapes, [2]int{g.NR + 3, k})
				}
				shapes = append(shapes, [2]int{g.MC + g.MR + 1, g.KC + 5})
			}
			shapes = append(shapes, [2]int{300, 70}, [2]int{129, 257})
			for _, s := range shapes {
				tc := syrkCase{ul: ul, tA: tA, n: s[0], k: s[1],
					alpha: []float64{1, -0.5, 2.5}[rnd.IntN(3)], beta: []float64{0, 1, 0.3}[rnd.IntN(3)]}
				if rnd.IntN(2) == 0 {
					tc.padA, tc.padC = rnd.IntN(5), rnd.IntN(5)
				}
				checkSyrk(t, f, tc, rnd, false, false)
			}
		}
	}
}

func TestSsyrk(t *testing.T) { testSyrkSweep(t, Ssyrk) }
func TestDsyrk(t *testing.T) { testSyrkSweep(t, Dsyrk) }

// TestSyrkAlphaBeta covers the alpha × beta grid including the quick paths
// and the BLAS not-read rules.
func TestSyrkAlphaBeta(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	for _, s := range [][2]int{{3, 7}, {37, 41}, {9, 0}} {
		for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
			for _, tA := range transposes {
				for _, alpha := range []float64{0, 1, -0.5} {
					for _, beta := range []float64{0, 1, 0.3} {
						tc := syrkCase{ul: ul, tA: tA, n: s[0], k: s[1], padA: 1, padC: 3, alpha: alpha, beta: beta}
						checkSyrk(t, Ssyrk, tc, rnd, alpha == 0, beta == 0)
						checkSyrk(t, Dsyrk, tc, rnd, alpha == 0, beta == 0)
					}
				}
			}
		}
	}
}

// TestSyrkDeterministic checks bitwise equality for any number of workers,
// for both triangles.
func TestSyrkDeterministic(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	const n, k = 333, 300
	a := make([]float64, n*k)
	testutil.Fill(rnd, a)
	forEachISA(t, func(t *testing.T) {
		for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
			var ref []float64
			for _, procs := range []int{1, 2, 3, 7} {
				prev := runtime.GOMAXPROCS(procs)
				c := make([]float64, n*n)
				Dsyrk(ul, blas.Trans, n, k, 1, a, n, 0, c, n)
				runtime.GOMAXPROCS(prev)
				if ref == nil {
					ref = c
				} else if !sameBits(ref, c) {
					t.Fatalf("%c: GOMAXPROCS=%d gives a different result than GOMAXPROCS=1", ul, procs)
				}
			}
		}
	})
}

func TestSyrkPanics(t *testing.T) {
	a := make([]float64, 12)
	n, t0, lo := blas.NoTrans, blas.Trans, blas.Lower
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"uplo", func() { Dsyrk('X', n, 2, 2, 1, a, 2, 0, a, 2) }, badUplo},
		{"tA", func() { Dsyrk(lo, 'X', 2, 2, 1, a, 2, 0, a, 2) }, badTranspose},
		{"n", func() { Dsyrk(lo, n, -1, 2, 1, a, 2, 0, a, 2) }, nLT0},
		{"k", func() { Dsyrk(lo, n, 2, -1, 1, a, 2, 0, a, 2) }, kLT0},
		{"lda", func() { Dsyrk(lo, n, 2, 3, 1, a, 2, 0, a, 2) }, badLdA},
		{"ldaT", func() { Dsyrk(lo, t0, 3, 2, 1, a, 2, 0, a, 3) }, badLdA},
		{"ldc", func() { Dsyrk(lo, n, 3, 2, 1, a, 2, 0, a, 2) }, badLdC},
		{"shortA", func() { Dsyrk(lo, n, 7, 2, 1, a, 2, 0, make([]float64, 49), 7) }, shortA},
		{"shortC", func() { Dsyrk(lo, n, 3, 2, 1, a, 2, 0, a[:8], 3) }, shortC},
		{"ssyrk", func() { Ssyrk(lo, n, -1, 2, 1, nil, 2, 0, nil, 2) }, nLT0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != tc.want {
					t.Errorf("panic = %v, want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

type dsyrker struct{}

func (dsyrker) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	Dsyrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

func TestGonumTestblasDsyrk(t *testing.T) {
	forEachISA(t, func(t *testing.T) { testblas.DsyrkTest(t, dsyrker{}) })
}

// TestSyrkNoAllocs checks that steady-state Dsyrk and Covariance.Add calls
// allocate nothing, on one worker and on several.
func TestSyrkNoAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under coverage or race instrumentation")
	}
	const n, k = 200, 256
	a := make([]float64, n*k)
	c := make([]float64, n*n)
	x := make([]float32, k*n)
	for i := range x {
		x[i] = float32(i % 7)
	}
	forEachISA(t, func(t *testing.T) {
		acc := NewEMACovariance[float32](n, 0.9)
		acc.Add(x)
		for _, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			syrkAllocs := testing.AllocsPerRun(10, func() {
				Dsyrk(blas.Lower, blas.Trans, n, k, 1, a, n, 0, c, n)
			})
			covAllocs := testing.AllocsPerRun(10, func() { acc.Add(x) })
			runtime.GOMAXPROCS(prev)
			if syrkAllocs != 0 || covAllocs != 0 {
				t.Errorf("GOMAXPROCS=%d: %v allocations per Dsyrk, %v per Covariance.Add", procs, syrkAllocs, covAllocs)
			}
		}
	})
}
