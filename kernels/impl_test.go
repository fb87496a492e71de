package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"

	"github.com/directpred/directpred/internal/testutil"
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

// minVecLen returns the minimal length of a vector of n elements at stride
// inc (gonum's rule).
func minVecLen(n, inc int) int {
	if n == 0 {
		return 0
	}
	if inc < 0 {
		inc = -inc
	}
	return 1 + (n-1)*inc
}

// smallClose reports whether two results of the same inner product of k
// terms agree to twice the inner-product bound (each is within it of the
// exact value; a NaN gauge, from an Inf or NaN input, allows equality
// only), NaN with NaN only.
func smallClose[T float32 | float64](got, want T, gauge float64, k int) bool {
	g, w := float64(got), float64(want)
	if g == w {
		return true
	}
	if math.IsNaN(g) || math.IsNaN(w) {
		return math.IsNaN(g) && math.IsNaN(w)
	}
	if math.IsInf(g, 0) || math.IsInf(w, 0) {
		return g == w
	}
	return math.Abs(g-w) <= 4*float64(k+2)*(testutil.Eps[T]()*gauge+testutil.Tiny[T]())
}

// testSmallGemv compares Implementation's GEMV of one precision with
// gonum's on every m, n ≤ 70 in a spread (the whole-GEMV kernels take
// m, n ≤ gemvWholeMax, the plain loops m·n ≤ smallGemvMN), all
// transposes, unit, strided and negative increments, alpha ∈ {0, 1.3},
// beta ∈ {0, 1, −0.4} (y full of NaNs for beta = 0, which gonum does not
// read), an Inf and a NaN in A now and then, on minimal slices (on guard
// pages for unit strides).
func testSmallGemv[T float32 | float64](t *testing.T, ours, ref func(tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int)) {
	rnd := rand.New(rand.NewPCG(51, 52))
	sizes := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 48, 63, 64, 65, 70}
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans} {
		for _, m := range sizes {
			for n := 1; n <= 70; n++ {
				inc := [][2]int{{1, 1}, {2, 1}, {1, -1}, {-2, 3}}[rnd.IntN(4)]
				if rnd.IntN(2) == 0 {
					inc = [2]int{1, 1}
				}
				incX, incY := inc[0], inc[1]
				lda := n + rnd.IntN(2)*3
				lx, ly := n, m
				if tA != blas.NoTrans {
					lx, ly = m, n
				}
				alpha := T(1.3)
				if rnd.IntN(8) == 0 {
					alpha = 0
				}
				beta := []T{0, 1, -0.4}[rnd.IntN(3)]
				a := testutil.Guarded[T](t, (m-1)*lda+n)
				x := testutil.Guarded[T](t, minVecLen(lx, incX))
				y := testutil.Guarded[T](t, minVecLen(ly, incY))
				testutil.Fill(rnd, a)
				testutil.Fill(rnd, x)
				testutil.Fill(rnd, y)
				if rnd.IntN(8) == 0 {
					a[rnd.IntN(m)*lda+rnd.IntN(n)] = T(math.Inf(-1))
					a[rnd.IntN(m)*lda+rnd.IntN(n)] = T(math.NaN())
				}
				if beta == 0 {
					testutil.FillNaN(y)
				}
				y2 := append([]T(nil), y...)
				ours(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
				ref(tA, m, n, alpha, a, lda, x, incX, beta, y2, incY)
				k := lx
				for i := 0; i < ly; i++ {
					// gauge: |alpha|·Σ|a||x| + |beta|·|y| of output i.
					var g float64
					for p := 0; p < k; p++ {
						xi := p * incX
						if incX < 0 {
							xi = (p - k + 1) * incX
						}
						var av T
						if tA == blas.NoTrans {
							av = a[i*lda+p]
						} else {
							av = a[p*lda+i]
						}
						g += math.Abs(float64(alpha) * float64(av) * float64(x[xi]))
					}
					yi := i * incY
					if incY < 0 {
						yi = (i - ly + 1) * incY
					}
					if beta != 0 {
						g += 2 * math.Abs(float64(y2[yi])) // y2 holds the result; bound on the old y
					}
					if !smallClose(y[yi], y2[yi], g, k) {
						t.Fatalf("%c m=%d n=%d lda=%d inc=%d,%d alpha=%v beta=%v: y[%d] = %v, gonum %v", tA, m, n, lda, incX, incY, alpha, beta, yi, y[yi], y2[yi])
					}
				}
			}
		}
	}
}

// testSmallVec compares Implementation's dot and axpy of one precision
// with gonum's for every n ≤ 70, unit, strided and negative increments,
// alpha ∈ {0, 0.75}, a NaN in x now and then, on minimal slices on guard
// pages.
func testSmallVec[T float32 | float64](t *testing.T, dot, dotRef func(n int, x []T, incX int, y []T, incY int) T, axpy, axpyRef func(n int, alpha T, x []T, incX int, y []T, incY int)) {
	rnd := rand.New(rand.NewPCG(53, 54))
	for n := 0; n <= 70; n++ {
		for _, inc := range [][2]int{{1, 1}, {1, 1}, {2, 1}, {1, -1}, {-2, 3}} {
			incX, incY := inc[0], inc[1]
			x := testutil.Guarded[T](t, minVecLen(n, incX))
			y := testutil.Guarded[T](t, minVecLen(n, incY))
			testutil.Fill(rnd, x)
			testutil.Fill(rnd, y)
			if n > 0 && rnd.IntN(6) == 0 {
				x[rnd.IntN(len(x))] = T(math.NaN())
			}
			var g float64
			for i := 0; i < len(x) && i < len(y); i++ {
				g += math.Abs(float64(x[i]) * float64(y[i]))
			}
			g *= 4 // strided elements are a subset; the gauge bounds them
			if got, want := dot(n, x, incX, y, incY), dotRef(n, x, incX, y, incY); !smallClose(got, want, g, n) {
				t.Fatalf("dot n=%d inc=%d,%d: %v, gonum %v", n, incX, incY, got, want)
			}
			for _, alpha := range []T{0, 0.75} {
				y2 := append([]T(nil), y...)
				axpy(n, alpha, x, incX, y, incY)
				axpyRef(n, alpha, x, incX, y2, incY)
				for i := range y {
					if !smallClose(y[i], y2[i], 2*math.Abs(float64(y2[i]))+2, 1) {
						t.Fatalf("axpy n=%d inc=%d,%d alpha=%v: y[%d] = %v, gonum %v", n, incX, incY, alpha, i, y[i], y2[i])
					}
				}
			}
		}
	}
}

// TestImplementationSmall runs the small-size entries of Implementation
// (the AVX-512 paths' direct kernels, the plain loops) against gonum's
// native routines on every dispatch path.
func TestImplementationSmall(t *testing.T) {
	var ours Implementation
	var ref gonum.Implementation
	forEachISA(t, func(t *testing.T) {
		t.Run("Dgemv", func(t *testing.T) { testSmallGemv(t, ours.Dgemv, ref.Dgemv) })
		t.Run("Sgemv", func(t *testing.T) { testSmallGemv(t, ours.Sgemv, ref.Sgemv) })
		t.Run("Dvec", func(t *testing.T) { testSmallVec(t, ours.Ddot, ref.Ddot, ours.Daxpy, ref.Daxpy) })
		t.Run("Svec", func(t *testing.T) { testSmallVec(t, ours.Sdot, ref.Sdot, ours.Saxpy, ref.Saxpy) })
	})
}

// TestImplementationSmallPanics checks that bad arguments near the
// small-size entries panic with gonum's message.
func TestImplementationSmallPanics(t *testing.T) {
	var ours Implementation
	var ref gonum.Implementation
	msg := func(f func()) (r any) {
		defer func() { r = recover() }()
		f()
		return nil
	}
	a, x, y := make([]float64, 16), make([]float64, 4), make([]float64, 4)
	for _, c := range []struct {
		tA         blas.Transpose
		m, n, lda  int
		incX, incY int
		la, lx, ly int
	}{
		{'X', 4, 4, 4, 1, 1, 16, 4, 4},
		{blas.NoTrans, -1, 4, 4, 1, 1, 16, 4, 4},
		{blas.NoTrans, 4, -1, 4, 1, 1, 16, 4, 4},
		{blas.NoTrans, 4, 4, 3, 1, 1, 16, 4, 4},
		{blas.NoTrans, 4, 4, 4, 0, 1, 16, 4, 4},
		{blas.NoTrans, 4, 4, 4, 1, 0, 16, 4, 4},
		{blas.NoTrans, 4, 4, 4, 1, 1, 15, 4, 4},
		{blas.NoTrans, 4, 4, 4, 1, 1, 16, 3, 4},
		{blas.Trans, 4, 4, 4, 1, 1, 16, 4, 3},
		{blas.Trans, 0, 4, 4, 1, 1, 0, 0, 0},
	} {
		got := msg(func() { ours.Dgemv(c.tA, c.m, c.n, 1, a[:c.la], c.lda, x[:c.lx], c.incX, 0, y[:c.ly], c.incY) })
		want := msg(func() { ref.Dgemv(c.tA, c.m, c.n, 1, a[:c.la], c.lda, x[:c.lx], c.incX, 0, y[:c.ly], c.incY) })
		if got != want {
			t.Errorf("Dgemv %+v: panic %v, gonum %v", c, got, want)
		}
		as, xs, ys := make([]float32, c.la), make([]float32, c.lx), make([]float32, c.ly)
		got = msg(func() { ours.Sgemv(c.tA, c.m, c.n, 1, as, c.lda, xs, c.incX, 0, ys, c.incY) })
		want = msg(func() { ref.Sgemv(c.tA, c.m, c.n, 1, as, c.lda, xs, c.incX, 0, ys, c.incY) })
		if got != want {
			t.Errorf("Sgemv %+v: panic %v, gonum %v", c, got, want)
		}
	}
	for _, c := range [][3]int{{-1, 1, 1}, {4, 0, 1}, {4, 1, 0}, {5, 1, 1}} {
		got := msg(func() { ours.Ddot(c[0], x, c[1], y, c[2]) })
		want := msg(func() { ref.Ddot(c[0], x, c[1], y, c[2]) })
		if got != want {
			t.Errorf("Ddot %v: panic %v, gonum %v", c, got, want)
		}
		got = msg(func() { ours.Daxpy(c[0], 2, x, c[1], y, c[2]) })
		want = msg(func() { ref.Daxpy(c[0], 2, x, c[1], y, c[2]) })
		if got != want {
			t.Errorf("Daxpy %v: panic %v, gonum %v", c, got, want)
		}
	}
}
