package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/testblas"

	"github.com/directpred/directpred/internal/testutil"
)

// gemmFunc is Sgemm or Dgemm.
type gemmFunc[T float] func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

var transposes = []blas.Transpose{blas.NoTrans, blas.Trans}

// gemmCase is one call; pads are added to the minimal leading dimensions.
type gemmCase struct {
	tA, tB           blas.Transpose
	m, n, k          int
	padA, padB, padC int
	alpha, beta      float64
}

func (c gemmCase) String() string {
	return fmt.Sprintf("%c%c/m=%d,n=%d,k=%d/pad=%d,%d,%d/alpha=%g,beta=%g", c.tA, c.tB, c.m, c.n, c.k, c.padA, c.padB, c.padC, c.alpha, c.beta)
}

// dims returns the row count, column count and leading dimension of the
// stored A, B and C.
func (c gemmCase) dims() (ar, ac, lda, br, bc, ldb, ldc int) {
	ar, ac = c.m, c.k
	if c.tA != blas.NoTrans {
		ar, ac = c.k, c.m
	}
	br, bc = c.k, c.n
	if c.tB != blas.NoTrans {
		br, bc = c.n, c.k
	}
	return ar, ac, max(1, ac) + c.padA, br, bc, max(1, bc) + c.padB, max(1, c.n) + c.padC
}

// minLen is the minimal legal slice length of an r×c matrix with leading
// dimension ld, as gonum's checks define it.
func minLen(r, c, ld int) int {
	return max(0, (r-1)*ld+c)
}

const padSentinel = -12345.5

// checkGemm runs one case on minimal-length guarded slices with every
// dispatch path and checks the result against the float64 reference with the
// inner-product error bound, that A and B are unchanged, and that the padding
// of C is untouched. nanC fills C with NaN (legal only with beta = 0), nanAB
// fills A and B with NaN (legal only with alpha = 0).
func checkGemm[T float](t *testing.T, f gemmFunc[T], tc gemmCase, rnd *rand.Rand, nanAB, nanC bool) {
	t.Helper()
	checkGemmRef(t, f, tc, rnd, nanAB, nanC, nil)
}

// checkGemmRef is checkGemm with the reference computed on round(A) and
// round(B) when round is not nil (SgemmBF16: the products of rounded
// operands).
func checkGemmRef[T float](t *testing.T, f gemmFunc[T], tc gemmCase, rnd *rand.Rand, nanAB, nanC bool, round func(T) T) {
	t.Helper()
	ar, ac, lda, br, bc, ldb, ldc := tc.dims()
	a := make([]T, minLen(ar, ac, lda))
	b := make([]T, minLen(br, bc, ldb))
	c := make([]T, minLen(tc.m, tc.n, ldc))
	testutil.Fill(rnd, a)
	testutil.Fill(rnd, b)
	testutil.Fill(rnd, c)
	if nanAB {
		testutil.FillNaN(a)
		testutil.FillNaN(b)
	}
	if nanC {
		testutil.FillNaN(c)
	}
	for i := 0; i < tc.m; i++ {
		for j := tc.n; j < ldc && i*ldc+j < len(c); j++ {
			c[i*ldc+j] = padSentinel
		}
	}
	alpha, beta := T(tc.alpha), T(tc.beta)
	ra, rb := a, b
	if round != nil {
		ra, rb = slices.Clone(a), slices.Clone(b)
		for i, v := range ra {
			ra[i] = round(v)
		}
		for i, v := range rb {
			rb[i] = round(v)
		}
	}
	want, gauge := testutil.RefGemm(tc.tA != blas.NoTrans, tc.tB != blas.NoTrans, tc.m, tc.n, tc.k, alpha, ra, lda, rb, ldb, beta, c, ldc)
	forEachISA(t, func(t *testing.T) {
		ga := testutil.GuardedCopy(t, a)
		gb := testutil.GuardedCopy(t, b)
		gc := testutil.GuardedCopy(t, c)
		f(tc.tA, tc.tB, tc.m, tc.n, tc.k, alpha, ga, lda, gb, ldb, beta, gc, ldc)
		if !sameBits(ga, a) || !sameBits(gb, b) {
			t.Fatalf("%v: A or B modified", tc)
		}
		bad := 0
		for i := 0; i < tc.m; i++ {
			for j := 0; j < ldc && i*ldc+j < len(gc); j++ {
				got := gc[i*ldc+j]
				if j >= tc.n {
					if got != padSentinel {
						t.Fatalf("%v: padding C[%d,%d] changed to %v", tc, i, j, got)
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

func sameBits[T float](x, y []T) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Float64bits(float64(x[i])) != math.Float64bits(float64(y[i])) && !(x[i] != x[i] && y[i] != y[i]) {
			return false
		}
	}
	return true
}

// edgeSizes straddles the register tiles and cache blocks of every path.
func edgeSizes() []int {
	set := map[int]bool{0: true, 1: true, 2: true, 3: true, 5: true, 7: true, 17: true, 33: true, 65: true, 100: true, 129: true}
	for _, p := range isas {
		for _, g := range []BlockSizes{p.s.blockSizes(), p.d.blockSizes()} {
			for _, v := range []int{g.MR - 1, g.MR, g.MR + 1, g.NR - 1, g.NR, g.NR + 1, 2*g.MR + 1, 2*g.NR - 1} {
				if v >= 0 {
					set[v] = true
				}
			}
		}
	}
	s := make([]int, 0, len(set))
	for v := range set {
		s = append(s, v)
	}
	slices.Sort(s)
	return s
}

func testGemmSweep[T float](t *testing.T, f gemmFunc[T]) {
	rnd := rand.New(rand.NewPCG(1, 2))
	sizes := edgeSizes()
	alphas := []float64{1, -0.5, 2.5}
	betas := []float64{0, 1, 0.3}
	for _, tA := range transposes {
		for _, tB := range transposes {
			// Every m and n of the edge set with a small k, and every k with a
			// small m and n, then a random sample of larger shapes.
			var shapes [][3]int
			for _, m := range sizes {
				for _, n := range sizes {
					if m <= 50 && n <= 50 || rnd.IntN(8) == 0 {
						shapes = append(shapes, [3]int{m, n, 1 + rnd.IntN(9)})
					}
				}
			}
			for _, g := range []BlockSizes{cur.s.blockSizes(), cur.d.blockSizes(), genericISA.d.blockSizes()} {
				for _, k := range []int{0, 1, g.KC - 1, g.KC, g.KC + 1, 2*g.KC + 3} {
					shapes = append(shapes, [3]int{g.MR + 1, g.NR + 3, k})
				}
				shapes = append(shapes, [3]int{g.MC + g.MR + 1, 2*g.NR + 1, g.KC + 5})
			}
			shapes = append(shapes, [3]int{300, 290, 310}, [3]int{257, 129, 300}, [3]int{64, 64, 64})
			for _, s := range shapes {
				tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2],
					alpha: alphas[rnd.IntN(len(alphas))], beta: betas[rnd.IntN(len(betas))]}
				if rnd.IntN(2) == 0 {
					tc.padA, tc.padB, tc.padC = rnd.IntN(5), rnd.IntN(5), rnd.IntN(5)
				}
				checkGemm(t, f, tc, rnd, false, false)
			}
		}
	}
}

func TestSgemm(t *testing.T) { testGemmSweep(t, Sgemm) }
func TestDgemm(t *testing.T) { testGemmSweep(t, Dgemm) }

// TestGemmAlphaBeta covers the full alpha × beta grid, including the quick
// paths, on shapes with edges.
func TestGemmAlphaBeta(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, s := range [][3]int{{3, 5, 7}, {37, 53, 41}, {9, 49, 0}} {
		for _, tA := range transposes {
			for _, tB := range transposes {
				for _, alpha := range []float64{0, 1, -0.5, 2.5} {
					for _, beta := range []float64{0, 1, 0.3} {
						tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], padA: 1, padB: 2, padC: 3, alpha: alpha, beta: beta}
						checkGemm(t, Sgemm, tc, rnd, false, false)
						checkGemm(t, Dgemm, tc, rnd, false, false)
					}
				}
			}
		}
	}
}

// TestGemmNaNNotRead checks the BLAS contract: with beta = 0 C is not read (a
// NaN in C must not leak into the result) and with alpha = 0 A and B are not
// read.
func TestGemmNaNNotRead(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, s := range [][3]int{{1, 1, 1}, {13, 29, 17}, {70, 130, 300}} {
		for _, tA := range transposes {
			for _, tB := range transposes {
				tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], padC: 2, alpha: 1.5, beta: 0}
				checkGemm(t, Sgemm, tc, rnd, false, true)
				checkGemm(t, Dgemm, tc, rnd, false, true)
				for _, beta := range []float64{0, 1, 0.3} {
					tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], padA: 1, alpha: 0, beta: beta}
					checkGemm(t, Sgemm, tc, rnd, true, false)
					checkGemm(t, Dgemm, tc, rnd, true, false)
				}
			}
		}
	}
}

// TestGemmSpecialValues checks that Inf and NaN in A and B propagate as IEEE
// arithmetic says.
func TestGemmSpecialValues(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		const m, n, k = 11, 30, 20
		a := make([]float64, m*k)
		b := make([]float64, k*n)
		c := make([]float64, m*n)
		for i := range a {
			a[i] = 1
		}
		for i := range b {
			b[i] = 1
		}
		a[3*k+4] = math.Inf(1)
		b[5*n+7] = math.NaN()
		Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				got := c[i*n+j]
				switch {
				case j == 7:
					if !math.IsNaN(got) {
						t.Fatalf("C[%d,%d] = %v, want NaN", i, j, got)
					}
				case i == 3:
					if !math.IsInf(got, 1) {
						t.Fatalf("C[%d,%d] = %v, want +Inf", i, j, got)
					}
				default:
					if got != k {
						t.Fatalf("C[%d,%d] = %v, want %d", i, j, got, k)
					}
				}
			}
		}
	})
}

// TestGemmDeterministic checks that the result is bitwise the same for any
// number of workers, for Sgemm and SgemmBF16 (k spans two K blocks of both).
func TestGemmDeterministic(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	const m, n, k = 300, 520, 1300
	a := make([]float32, m*k)
	b := make([]float32, k*n)
	testutil.Fill(rnd, a)
	testutil.Fill(rnd, b)
	forEachISA(t, func(t *testing.T) {
		for name, f := range map[string]gemmFunc[float32]{"Sgemm": Sgemm, "SgemmBF16": SgemmBF16} {
			var ref []float32
			for _, procs := range []int{1, 2, 3, 7} {
				prev := runtime.GOMAXPROCS(procs)
				c := make([]float32, m*n)
				f(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, c, n)
				runtime.GOMAXPROCS(prev)
				if ref == nil {
					ref = c
				} else if !sameBits(ref, c) {
					t.Fatalf("%s: GOMAXPROCS=%d gives a different result than GOMAXPROCS=1", name, procs)
				}
			}
		}
	})
}

// TestGemmNoAllocs checks that steady-state calls (Dgemm, SgemmBF16 and
// BF16gemm) allocate nothing, on one worker and on several.
func TestGemmNoAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under coverage or race instrumentation")
	}
	const m, n, k = 256, 256, 256
	a := make([]float64, m*k)
	b := make([]float64, k*n)
	c := make([]float64, m*n)
	as, bs, cs := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	ah, bh := make([]BF16, m*k), make([]BF16, k*n)
	calls := func() {
		Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
		SgemmBF16(blas.NoTrans, blas.Trans, m, n, k, 1, as, k, bs, k, 0, cs, n)
		BF16gemm(blas.Trans, blas.NoTrans, m, n, k, 1, ah, m, bh, n, 0, cs, n)
	}
	forEachISA(t, func(t *testing.T) {
		for _, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			allocs := testing.AllocsPerRun(20, calls)
			// Garbage collections between calls (two: sync.Pool keeps a
			// victim cache for one) must not cost the buffers either.
			allocsGC := testing.AllocsPerRun(3, func() {
				runtime.GC()
				runtime.GC()
				calls()
			})
			runtime.GOMAXPROCS(prev)
			if allocs != 0 || allocsGC != 0 {
				t.Errorf("GOMAXPROCS=%d: %v allocations per call, %v after a GC", procs, allocs, allocsGC)
			}
		}
	})
}

func TestGemmPanics(t *testing.T) {
	a := make([]float64, 12)
	n, t0 := blas.NoTrans, blas.Trans
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"tA", func() { Dgemm('X', n, 2, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, badTranspose},
		{"tB", func() { Dgemm(n, 'X', 2, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, badTranspose},
		{"m", func() { Dgemm(n, n, -1, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, mLT0},
		{"n", func() { Dgemm(n, n, 2, -1, 2, 1, a, 2, a, 2, 0, a, 2) }, nLT0},
		{"k", func() { Dgemm(n, n, 2, 2, -1, 1, a, 2, a, 2, 0, a, 2) }, kLT0},
		{"lda", func() { Dgemm(n, n, 2, 2, 3, 1, a, 2, a, 2, 0, a, 2) }, badLdA},
		{"ldaT", func() { Dgemm(t0, n, 3, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, badLdA},
		{"ldb", func() { Dgemm(n, n, 2, 3, 2, 1, a, 2, a, 2, 0, a, 3) }, badLdB},
		{"ldbT", func() { Dgemm(n, t0, 2, 2, 3, 1, a, 3, a, 2, 0, a, 2) }, badLdB},
		{"ldc", func() { Dgemm(n, n, 2, 3, 2, 1, a, 2, a, 3, 0, a, 2) }, badLdC},
		{"shortA", func() { Dgemm(n, n, 7, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, shortA},
		{"shortB", func() { Dgemm(n, n, 2, 2, 7, 1, make([]float64, 14), 7, a, 2, 0, a, 2) }, shortB},
		{"shortC", func() { Dgemm(n, n, 7, 1, 1, 1, a, 1, a, 1, 0, a[:6], 1) }, shortC},
		{"sgemm", func() { Sgemm(n, n, -1, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2) }, mLT0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r != tc.want {
					t.Errorf("panic = %v, want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

// dgemmer adapts Dgemm to gonum's testblas.Dgemmer.
type dgemmer struct{}

func (dgemmer) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func TestGonumTestblasDgemm(t *testing.T) {
	forEachISA(t, func(t *testing.T) { testblas.TestDgemm(t, dgemmer{}) })
}

// TestGemmSharedWorkspace is a regression test: products whose B is packed
// once and shared by the workers give each worker row tasks of different
// sizes, and the A workspace must fit the largest MC block of any of them
// (Dgemm TN 776×32×776 on two threads overran it: gonum's QR at n = 1000).
func TestGemmSharedWorkspace(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	for _, procs := range []int{2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		for _, m := range []int{776, 520, 833, 1000} {
			tc := gemmCase{tA: blas.Trans, tB: blas.NoTrans, m: m, n: 32, k: 776, alpha: 1, beta: 0}
			checkGemm(t, Dgemm, tc, rnd, false, false)
			checkGemm(t, Sgemm, tc, rnd, false, false)
			checkGemmRef(t, SgemmBF16, tc, rnd, false, false, RoundBF16)
		}
		runtime.GOMAXPROCS(prev)
	}
}
