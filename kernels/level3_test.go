package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/directpred/directpred/internal/testutil"
)

// triFunc is Strsm, Dtrsm, Strmm or Dtrmm.
type triFunc[T float] func(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int)

// triCase is one TRSM/TRMM call; pads are added to the minimal leading
// dimensions.
type triCase struct {
	s          blas.Side
	ul         blas.Uplo
	tA         blas.Transpose
	d          blas.Diag
	m, n       int
	padA, padB int
	alpha      float64
}

func (c triCase) String() string {
	return fmt.Sprintf("%c%c%c%c/m=%d,n=%d/pad=%d,%d/alpha=%g", c.s, c.ul, c.tA, c.d, c.m, c.n, c.padA, c.padB, c.alpha)
}

func (c triCase) k() int {
	if c.s == blas.Left {
		return c.m
	}
	return c.n
}

// triMatrix returns a k×k triangular A (leading dimension lda) whose
// unreferenced triangle (and diagonal, for a unit diagonal) is NaN, so that
// reading it shows, and the dense op(A) it stands for (row-major k×k,
// float64). Off-diagonal entries are small enough that solves stay well
// scaled.
func triMatrix[T float](rnd *rand.Rand, c triCase, lda int) (a []T, op []float64) {
	k := c.k()
	a = make([]T, minLen(k, k, lda))
	testutil.FillNaN(a)
	full := make([]float64, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			in := j <= i
			if c.ul == blas.Upper {
				in = j >= i
			}
			switch {
			case i == j && c.d == blas.Unit:
				full[i*k+j] = 1
			case i == j:
				v := T((1 + rnd.Float64()) * float64(1-2*rnd.IntN(2)))
				a[i*lda+j] = v
				full[i*k+j] = float64(v)
			case in:
				v := T((2*rnd.Float64() - 1) * 4 / float64(k))
				a[i*lda+j] = v
				full[i*k+j] = float64(v)
			}
		}
	}
	op = full
	if c.tA != blas.NoTrans {
		op = make([]float64, k*k)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				op[i*k+j] = full[j*k+i]
			}
		}
	}
	return a, op
}

// checkTri runs one TRSM (solve) or TRMM case on minimal-length guarded
// slices on every dispatch path. TRMM is checked against the float64
// product with the inner-product error bound, TRSM by its residual:
// |op(A)·X − alpha·B| ≤ c·(k+2)·u·(|op(A)|·|X| + |alpha·B|) (X·op(A) for side
// Right), the bound of a backward-stable blocked substitution. A must be
// unchanged, the padding of B untouched; with alpha = 0 A and B are NaN and
// must not be read.
func checkTri[T float](t *testing.T, f triFunc[T], solve bool, tc triCase, rnd *rand.Rand) {
	t.Helper()
	k := tc.k()
	lda, ldb := max(1, k)+tc.padA, max(1, tc.n)+tc.padB
	a, op := triMatrix[T](rnd, tc, lda)
	b := make([]T, minLen(tc.m, tc.n, ldb))
	testutil.Fill(rnd, b)
	if tc.alpha == 0 {
		testutil.FillNaN(a)
		testutil.FillNaN(b)
	}
	for i := 0; i < tc.m; i++ {
		for j := tc.n; j < ldb && i*ldb+j < len(b); j++ {
			b[i*ldb+j] = padSentinel
		}
	}
	alpha := T(tc.alpha)
	forEachISA(t, func(t *testing.T) {
		ga := testutil.GuardedCopy(t, a)
		gb := testutil.GuardedCopy(t, b)
		f(tc.s, tc.ul, tc.tA, tc.d, tc.m, tc.n, alpha, ga, lda, gb, ldb)
		if !sameBits(ga, a) {
			t.Fatalf("%v: A modified", tc)
		}
		bad := 0
		for i := 0; i < tc.m; i++ {
			for j := 0; j < ldb && i*ldb+j < len(gb); j++ {
				got := gb[i*ldb+j]
				if j >= tc.n {
					if got != padSentinel {
						t.Fatalf("%v: padding B[%d,%d] changed to %v", tc, i, j, got)
					}
					continue
				}
				if alpha == 0 {
					if got != 0 {
						t.Fatalf("%v: B[%d,%d] = %v with alpha = 0", tc, i, j, got)
					}
					continue
				}
				// want: the residual's reference or the product.
				var s, g float64
				for p := 0; p < k; p++ {
					var av, bv float64
					src := gb
					if !solve {
						src = b
					}
					if tc.s == blas.Left {
						av, bv = op[i*k+p], float64(src[p*ldb+j])
					} else {
						av, bv = op[p*k+j], float64(src[i*ldb+p])
					}
					s += av * bv
					g += math.Abs(av * bv)
				}
				b0 := float64(alpha) * float64(b[i*ldb+j])
				var ok bool
				if solve {
					ok = math.Abs(s-b0) <= 4*float64(k+2)*(testutil.Eps[T]()*(g+math.Abs(b0))+testutil.Tiny[T]())
				} else {
					ok = testutil.WithinBound(got, float64(alpha)*s, math.Abs(float64(alpha))*g, k, 2)
				}
				if !ok {
					if bad++; bad <= 5 {
						t.Errorf("%v: B[%d,%d] = %v: residual or product %v (gauge %g)", tc, i, j, got, s-b0, g)
					}
				}
			}
		}
	})
}

var (
	sides = []blas.Side{blas.Left, blas.Right}
	uplos = []blas.Uplo{blas.Lower, blas.Upper}
	diags = []blas.Diag{blas.NonUnit, blas.Unit}
)

func testTriSweep[T float](t *testing.T, f triFunc[T], solve bool) {
	rnd := rand.New(rand.NewPCG(11, 12))
	sizes := [][2]int{{1, 1}, {2, 3}, {7, 5}, {31, 33}, {32, 1}, {33, 40}, {1, 65}, {70, 9}, {100, 130}}
	if !testing.Short() {
		sizes = append(sizes, [2]int{257, 300}, [2]int{300, 257}, [2]int{520, 30})
	}
	for _, s := range sides {
		for _, ul := range uplos {
			for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans} {
				for _, d := range diags {
					for _, sz := range sizes {
						tc := triCase{s: s, ul: ul, tA: tA, d: d, m: sz[0], n: sz[1], alpha: []float64{1, -0.7, 2}[rnd.IntN(3)]}
						if rnd.IntN(2) == 0 {
							tc.padA, tc.padB = rnd.IntN(4), rnd.IntN(4)
						}
						checkTri(t, f, solve, tc, rnd)
					}
					checkTri(t, f, solve, triCase{s: s, ul: ul, tA: tA, d: d, m: 40, n: 37, padA: 1, padB: 2, alpha: 0}, rnd)
				}
			}
		}
	}
}

func TestStrsm(t *testing.T) { testTriSweep(t, Strsm, true) }
func TestDtrsm(t *testing.T) { testTriSweep(t, Dtrsm, true) }
func TestStrmm(t *testing.T) { testTriSweep(t, Strmm, false) }
func TestDtrmm(t *testing.T) { testTriSweep(t, Dtrmm, false) }

// symmFunc is Ssymm or Dsymm.
type symmFunc[T float] func(s blas.Side, ul blas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

// checkSymm runs one SYMM case on guarded minimal-length slices on every
// path against the float64 reference: the unreferenced triangle of A is
// NaN, C is NaN when beta = 0, A and B are NaN when alpha = 0.
func checkSymm[T float](t *testing.T, f symmFunc[T], s blas.Side, ul blas.Uplo, m, n, pad int, alpha, beta float64, rnd *rand.Rand) {
	t.Helper()
	k := n
	if s == blas.Left {
		k = m
	}
	lda, ldb, ldc := max(1, k)+pad, max(1, n)+pad, max(1, n)+2*pad
	a := make([]T, minLen(k, k, lda))
	testutil.FillNaN(a)
	full := make([]float64, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			if ul == blas.Lower && j <= i || ul == blas.Upper && j >= i {
				v := T(2*rnd.Float64() - 1)
				a[i*lda+j] = v
				full[i*k+j], full[j*k+i] = float64(v), float64(v)
			}
		}
	}
	b := make([]T, minLen(m, n, ldb))
	c := make([]T, minLen(m, n, ldc))
	testutil.Fill(rnd, b)
	testutil.Fill(rnd, c)
	if beta == 0 {
		testutil.FillNaN(c)
	}
	if alpha == 0 {
		testutil.FillNaN(a)
		testutil.FillNaN(b)
	}
	name := fmt.Sprintf("%c%c/m=%d,n=%d/pad=%d/alpha=%g,beta=%g", s, ul, m, n, pad, alpha, beta)
	forEachISA(t, func(t *testing.T) {
		ga, gb, gc := testutil.GuardedCopy(t, a), testutil.GuardedCopy(t, b), testutil.GuardedCopy(t, c)
		f(s, ul, m, n, T(alpha), ga, lda, gb, ldb, T(beta), gc, ldc)
		if !sameBits(ga, a) || !sameBits(gb, b) {
			t.Fatalf("%s: A or B modified", name)
		}
		bad := 0
		for i := 0; i < m; i++ {
			for j := 0; j < ldc && i*ldc+j < len(gc); j++ {
				got := gc[i*ldc+j]
				if j >= n {
					if !sameBits([]T{got}, []T{c[i*ldc+j]}) {
						t.Fatalf("%s: padding C[%d,%d] changed", name, i, j)
					}
					continue
				}
				var sum, g float64
				if alpha != 0 {
					for p := 0; p < k; p++ {
						var av, bv float64
						if s == blas.Left {
							av, bv = full[i*k+p], float64(b[p*ldb+j])
						} else {
							av, bv = float64(b[i*ldb+p]), full[p*k+j]
						}
						sum += av * bv
						g += math.Abs(av * bv)
					}
				}
				want, gauge := float64(T(alpha))*sum, math.Abs(alpha)*g
				if beta != 0 {
					cv := float64(T(beta)) * float64(c[i*ldc+j])
					want += cv
					gauge += math.Abs(cv)
				}
				if !testutil.WithinBound(got, want, gauge, k, 2) {
					if bad++; bad <= 5 {
						t.Errorf("%s: C[%d,%d] = %v, want %v", name, i, j, got, want)
					}
				}
			}
		}
	})
}

func testSymmSweep[T float](t *testing.T, f symmFunc[T]) {
	rnd := rand.New(rand.NewPCG(13, 14))
	sizes := [][2]int{{1, 1}, {3, 2}, {17, 40}, {64, 9}, {130, 70}}
	if !testing.Short() {
		sizes = append(sizes, [2]int{600, 50}, [2]int{40, 520})
	}
	for _, s := range sides {
		for _, ul := range uplos {
			for _, sz := range sizes {
				for _, ab := range [][2]float64{{1, 0}, {-0.5, 1}, {2, 0.3}, {0, 0.3}, {0, 0}} {
					checkSymm(t, f, s, ul, sz[0], sz[1], rnd.IntN(3), ab[0], ab[1], rnd)
				}
			}
		}
	}
}

func TestSsymm(t *testing.T) { testSymmSweep(t, Ssymm) }
func TestDsymm(t *testing.T) { testSymmSweep(t, Dsymm) }

// TestSyr2k checks Ssyr2k and Dsyr2k against float64 references built from
// two GEMM-shaped sums, only the uplo triangle, on every path.
func TestSyr2k(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	for _, sz := range [][2]int{{1, 1}, {5, 3}, {33, 17}, {130, 70}} {
		for _, ul := range uplos {
			for _, tA := range transposes {
				for _, ab := range [][2]float64{{1, 0}, {-0.5, 0.3}, {0, 2}} {
					testSyr2kCase(t, Ssyr2k, ul, tA, sz[0], sz[1], ab[0], ab[1], rnd)
					testSyr2kCase(t, Dsyr2k, ul, tA, sz[0], sz[1], ab[0], ab[1], rnd)
				}
			}
		}
	}
}

func testSyr2kCase[T float](t *testing.T, f func(blas.Uplo, blas.Transpose, int, int, T, []T, int, []T, int, T, []T, int), ul blas.Uplo, tA blas.Transpose, n, k int, alpha, beta float64, rnd *rand.Rand) {
	t.Helper()
	r, c := n, k
	if tA != blas.NoTrans {
		r, c = k, n
	}
	lda, ldb, ldc := c+1, c+2, n+1
	a, b, cm := make([]T, minLen(r, c, lda)), make([]T, minLen(r, c, ldb)), make([]T, minLen(n, n, ldc))
	testutil.Fill(rnd, a)
	testutil.Fill(rnd, b)
	testutil.Fill(rnd, cm)
	if beta == 0 {
		testutil.FillNaN(cm)
	}
	if alpha == 0 {
		testutil.FillNaN(a)
		testutil.FillNaN(b)
	}
	z := func(x []T, ld, i, p int) float64 { // op(X)[i][p]
		if tA == blas.NoTrans {
			return float64(x[i*ld+p])
		}
		return float64(x[p*ld+i])
	}
	forEachISA(t, func(t *testing.T) {
		ga, gb, gc := testutil.GuardedCopy(t, a), testutil.GuardedCopy(t, b), testutil.GuardedCopy(t, cm)
		f(ul, tA, n, k, T(alpha), ga, lda, gb, ldb, T(beta), gc, ldc)
		for i := 0; i < n; i++ {
			for j := 0; j < ldc && i*ldc+j < len(gc); j++ {
				got := gc[i*ldc+j]
				if j >= n || ul == blas.Lower && j > i || ul == blas.Upper && j < i {
					if !sameBits([]T{got}, []T{cm[i*ldc+j]}) {
						t.Fatalf("%c%c n=%d k=%d: C[%d,%d] outside the triangle changed", ul, tA, n, k, i, j)
					}
					continue
				}
				var s, g float64
				if alpha != 0 {
					for p := 0; p < k; p++ {
						u, v := z(a, lda, i, p)*z(b, ldb, j, p), z(b, ldb, i, p)*z(a, lda, j, p)
						s += u + v
						g += math.Abs(u) + math.Abs(v)
					}
				}
				want, gauge := float64(T(alpha))*s, math.Abs(alpha)*g
				if beta != 0 {
					cv := float64(T(beta)) * float64(cm[i*ldc+j])
					want += cv
					gauge += math.Abs(cv)
				}
				if !testutil.WithinBound(got, want, gauge, 2*k, 2) {
					t.Fatalf("%c%c n=%d k=%d alpha=%g beta=%g: C[%d,%d] = %v, want %v", ul, tA, n, k, alpha, beta, i, j, got, want)
				}
			}
		}
	})
}

// TestLevel3Deterministic checks that TRSM, TRMM and SYMM give bitwise the
// same result for any number of workers.
func TestLevel3Deterministic(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 18))
	m, n := 300, 700
	procsList := []int{1, 2, 3}
	if testing.Short() {
		m, n = 260, 260 // still two chunks of right-hand sides either side
		procsList = []int{1, 2}
	}
	forEachISA(t, func(t *testing.T) {
		for _, s := range sides {
			k := m
			if s == blas.Right {
				k = n
			}
			a := make([]float64, k*k)
			for i := range a {
				a[i] = (2*rnd.Float64() - 1) / float64(k)
			}
			for i := 0; i < k; i++ {
				a[i*k+i] = 1 + rnd.Float64()
			}
			b0 := make([]float64, m*n)
			testutil.Fill(rnd, b0)
			var ref [3][]float64
			for _, procs := range procsList {
				prev := runtime.GOMAXPROCS(procs)
				outs := [3][]float64{append([]float64(nil), b0...), append([]float64(nil), b0...), make([]float64, m*n)}
				Dtrsm(s, blas.Lower, blas.NoTrans, blas.NonUnit, m, n, 1.5, a, k, outs[0], n)
				Dtrmm(s, blas.Upper, blas.Trans, blas.NonUnit, m, n, 1.5, a, k, outs[1], n)
				Dsymm(s, blas.Upper, m, n, 1.5, a, k, b0, n, 0, outs[2], n)
				runtime.GOMAXPROCS(prev)
				for i, o := range outs {
					if ref[i] == nil {
						ref[i] = o
					} else if !sameBits(ref[i], o) {
						t.Fatalf("side %c, routine %d: GOMAXPROCS=%d differs from GOMAXPROCS=1", s, i, procs)
					}
				}
			}
		}
	})
}

// TestLevel3NoAllocs checks that steady-state TRSM, TRMM and SYMM calls
// allocate nothing, on one worker and on several.
func TestLevel3NoAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under coverage or race instrumentation")
	}
	m, n := 300, 600
	each := forEachISA
	if testing.Short() {
		// Two chunks of right-hand sides either side, on the path in use
		// only (allocation is a property of the Go code around the
		// kernels).
		m, n = 260, 260
		each = func(t *testing.T, f func(t *testing.T)) { f(t) }
	}
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		a[i*n+i] = 1
	}
	b := make([]float64, m*n)
	c := make([]float64, m*n)
	each(t, func(t *testing.T) {
		for _, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			for _, s := range sides {
				allocs := testing.AllocsPerRun(3, func() {
					Dtrsm(s, blas.Lower, blas.NoTrans, blas.NonUnit, m, n, 1, a, n, b, n)
					Dtrmm(s, blas.Upper, blas.Trans, blas.Unit, m, n, 1, a, n, b, n)
					Dsymm(s, blas.Lower, m, n, 1, a, n, b, n, 0, c, n)
				})
				if allocs != 0 {
					t.Errorf("GOMAXPROCS=%d side %c: %v allocations per call", procs, s, allocs)
				}
			}
			runtime.GOMAXPROCS(prev)
		}
	})
}

// TestLevel3Panics checks this package's messages, in gonum's order.
func TestLevel3Panics(t *testing.T) {
	a := make([]float64, 16)
	L, U, N, T, NU := blas.Left, blas.Upper, blas.NoTrans, blas.Trans, blas.NonUnit
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"side", func() { Dtrsm('X', U, N, NU, 2, 2, 1, a, 2, a, 2) }, badSide},
		{"uplo", func() { Dtrsm(L, 'X', N, NU, 2, 2, 1, a, 2, a, 2) }, badUplo},
		{"trans", func() { Dtrmm(L, U, 'X', NU, 2, 2, 1, a, 2, a, 2) }, badTranspose},
		{"diag", func() { Dtrmm(L, U, T, 'X', 2, 2, 1, a, 2, a, 2) }, badDiag},
		{"m", func() { Dtrsm(L, U, N, NU, -1, 2, 1, a, 2, a, 2) }, mLT0},
		{"n", func() { Strsm(L, U, N, NU, 2, -1, 1, nil, 2, nil, 2) }, nLT0},
		{"lda", func() { Dtrsm(L, U, N, NU, 3, 2, 1, a, 2, a, 2) }, badLdA},
		{"ldb", func() { Dtrsm(blas.Right, U, N, NU, 2, 3, 1, a, 3, a, 2) }, badLdB},
		{"shortA", func() { Dtrsm(L, U, N, NU, 5, 1, 1, a, 5, a, 1) }, shortA},
		{"shortB", func() { Dtrmm(L, U, N, NU, 3, 6, 1, a, 3, a, 6) }, shortB},
		{"symmSide", func() { Dsymm('X', U, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, badSide},
		{"symmLdc", func() { Ssymm(L, U, 2, 3, 1, nil, 2, nil, 3, 0, nil, 2) }, badLdC},
		{"symmShortC", func() { Dsymm(L, U, 2, 2, 1, a, 2, a, 2, 0, a[:3], 2) }, shortC},
		{"syr2kLdb", func() { Dsyr2k(U, N, 2, 3, 1, a, 3, a, 2, 0, a, 2) }, badLdB},
		{"syr2kShortB", func() { Ssyr2k(U, T, 2, 3, 1, make([]float32, 6), 2, nil, 2, 0, make([]float32, 4), 2) }, shortB},
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

// panicOf returns what f panics with (nil if it returns).
func panicOf(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

// TestImplementationPanicsAsGonum checks that every Level 3 routine of
// Implementation panics exactly as gonum's does (message and order of the
// checks) on random, mostly invalid arguments, and returns where gonum
// returns.
func TestImplementationPanicsAsGonum(t *testing.T) {
	var ours Implementation
	var ref gonum.Implementation
	rnd := rand.New(rand.NewPCG(19, 20))
	pick := func(v ...int) int { return v[rnd.IntN(len(v))] }
	tr := func() blas.Transpose {
		return []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans, 'X'}[rnd.IntN(4)]
	}
	up := func() blas.Uplo { return []blas.Uplo{blas.Lower, blas.Upper, 'X'}[rnd.IntN(3)] }
	sd := func() blas.Side { return []blas.Side{blas.Left, blas.Right, 'X'}[rnd.IntN(3)] }
	dg := func() blas.Diag { return []blas.Diag{blas.Unit, blas.NonUnit, 'X'}[rnd.IntN(3)] }
	iters := 20000
	if testing.Short() {
		iters = 2000
	}
	for i := 0; i < iters; i++ {
		m, n, k := pick(-1, 0, 1, 2, 3), pick(-1, 0, 1, 2, 3), pick(-1, 0, 1, 2, 3)
		lda, ldb, ldc := pick(0, 1, 2, 3), pick(0, 1, 2, 3), pick(0, 1, 2, 3)
		la, lb, lc := pick(0, 1, 4, 9), pick(0, 1, 4, 9), pick(0, 1, 4, 9)
		a, b, c := make([]float64, la), make([]float64, lb), make([]float64, lc)
		as, bs, cs := make([]float32, la), make([]float32, lb), make([]float32, lc)
		tA, tB, ul, s, d := tr(), tr(), up(), sd(), dg()
		calls := []struct {
			name      string
			our, gon  func()
			ours32, g func()
		}{
			{"gemm", func() { ours.Dgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, ldc) }, func() { ref.Dgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, ldc) },
				func() { ours.Sgemm(tA, tB, m, n, k, 1, as, lda, bs, ldb, 0, cs, ldc) }, func() { ref.Sgemm(tA, tB, m, n, k, 1, as, lda, bs, ldb, 0, cs, ldc) }},
			{"syrk", func() { ours.Dsyrk(ul, tA, n, k, 1, a, lda, 0, c, ldc) }, func() { ref.Dsyrk(ul, tA, n, k, 1, a, lda, 0, c, ldc) },
				func() { ours.Ssyrk(ul, tA, n, k, 1, as, lda, 0, cs, ldc) }, func() { ref.Ssyrk(ul, tA, n, k, 1, as, lda, 0, cs, ldc) }},
			{"syr2k", func() { ours.Dsyr2k(ul, tA, n, k, 1, a, lda, b, ldb, 0, c, ldc) }, func() { ref.Dsyr2k(ul, tA, n, k, 1, a, lda, b, ldb, 0, c, ldc) },
				func() { ours.Ssyr2k(ul, tA, n, k, 1, as, lda, bs, ldb, 0, cs, ldc) }, func() { ref.Ssyr2k(ul, tA, n, k, 1, as, lda, bs, ldb, 0, cs, ldc) }},
			{"trsm", func() { ours.Dtrsm(s, ul, tA, d, m, n, 1, a, lda, b, ldb) }, func() { ref.Dtrsm(s, ul, tA, d, m, n, 1, a, lda, b, ldb) },
				func() { ours.Strsm(s, ul, tA, d, m, n, 1, as, lda, bs, ldb) }, func() { ref.Strsm(s, ul, tA, d, m, n, 1, as, lda, bs, ldb) }},
			{"trmm", func() { ours.Dtrmm(s, ul, tA, d, m, n, 1, a, lda, b, ldb) }, func() { ref.Dtrmm(s, ul, tA, d, m, n, 1, a, lda, b, ldb) },
				func() { ours.Strmm(s, ul, tA, d, m, n, 1, as, lda, bs, ldb) }, func() { ref.Strmm(s, ul, tA, d, m, n, 1, as, lda, bs, ldb) }},
			{"symm", func() { ours.Dsymm(s, ul, m, n, 1, a, lda, b, ldb, 0, c, ldc) }, func() { ref.Dsymm(s, ul, m, n, 1, a, lda, b, ldb, 0, c, ldc) },
				func() { ours.Ssymm(s, ul, m, n, 1, as, lda, bs, ldb, 0, cs, ldc) }, func() { ref.Ssymm(s, ul, m, n, 1, as, lda, bs, ldb, 0, cs, ldc) }},
		}
		for _, call := range calls {
			if got, want := panicOf(call.our), panicOf(call.gon); got != want {
				t.Fatalf("D%s(tA=%c tB=%c ul=%c s=%c d=%c m=%d n=%d k=%d lda=%d ldb=%d ldc=%d len=%d,%d,%d): panic %v, gonum %v",
					call.name, tA, tB, ul, s, d, m, n, k, lda, ldb, ldc, la, lb, lc, got, want)
			}
			if got, want := panicOf(call.ours32), panicOf(call.g); got != want {
				t.Fatalf("S%s(tA=%c tB=%c ul=%c s=%c d=%c m=%d n=%d k=%d lda=%d ldb=%d ldc=%d len=%d,%d,%d): panic %v, gonum %v",
					call.name, tA, tB, ul, s, d, m, n, k, lda, ldb, ldc, la, lb, lc, got, want)
			}
		}
	}
}
