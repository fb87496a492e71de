//go:build !purego

package arm64

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// The Level 2 kernels against their reference loops (the wrappers' doc
// comments), summed in float64: finite results within the inner-product
// error bound, NaN where the loop gives NaN, the same infinity where it
// gives one (testutil.WithinBound). Every length 0…70 and a few longer ones
// (all vector-loop exits and every tail length), padded row strides, the
// slices minimal and ending at a guard page. NEON is part of every arm64
// CPU Go runs on; the kernels package's TestRequiredISAs fails if the
// NEON paths are missing.

type level2Kernels[T float32 | float64] struct {
	dot4  func(n int, a []T, lda int, x []T) [4]T
	axpy4 func(n int, a []T, lda int, c [4]T, y []T)
	rot   func(x, y []T, c, s T)
	ger   func(m, n int, alpha T, x, y, a []T, lda int)
}

var (
	neonS = level2Kernels[float32]{Sdot4NEON, Saxpy4NEON, SrotNEON, SgerNEON}
	neonD = level2Kernels[float64]{Ddot4NEON, Daxpy4NEON, DrotNEON, DgerNEON}
)

// level2Lens are the lengths tested: every n ≤ 70, then longer ones.
func level2Lens() []int {
	var ns []int
	for n := 0; n <= 70; n++ {
		ns = append(ns, n)
	}
	return append(ns, 100, 257)
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != want {
			t.Errorf("panic %v, want %q", r, want)
		}
	}()
	f()
}

func testLevel2Panics[T float32 | float64](t *testing.T, k level2Kernels[T]) {
	for _, f := range []func(){
		func() { k.dot4(3, make([]T, 20), 2, make([]T, 3)) }, // lda < n
		func() { k.dot4(3, make([]T, 20), 5, make([]T, 2)) }, // short x
		func() { k.dot4(3, make([]T, 17), 5, make([]T, 3)) }, // short a
		func() { k.dot4(-1, nil, 5, nil) },                   // n < 0
		func() { k.axpy4(3, make([]T, 17), 5, [4]T{}, make([]T, 3)) },
		func() { k.axpy4(4, make([]T, 40), 5, [4]T{}, make([]T, 3)) },
		func() { k.axpy4(-1, nil, 5, [4]T{}, nil) },
		func() { k.ger(3, 4, 1, make([]T, 3), make([]T, 4), make([]T, 11), 4) }, // short a
		func() { k.ger(3, 4, 1, make([]T, 2), make([]T, 4), make([]T, 12), 4) }, // short x
		func() { k.ger(3, 4, 1, make([]T, 3), make([]T, 3), make([]T, 12), 4) }, // short y
		func() { k.ger(3, 4, 1, make([]T, 3), make([]T, 4), make([]T, 12), 3) }, // lda < n
		func() { k.ger(-1, 4, 1, nil, make([]T, 4), nil, 4) },
	} {
		mustPanic(t, badL2, f)
	}
	mustPanic(t, badLen, func() { k.rot(make([]T, 3), make([]T, 2), 1, 0) })
	// Empty calls touch nothing.
	k.dot4(0, nil, 0, nil)
	k.axpy4(0, nil, 0, [4]T{}, nil)
	k.rot(nil, nil, 1, 0)
	k.ger(0, 3, 1, nil, make([]T, 3), nil, 3)
	k.ger(3, 0, 1, make([]T, 3), nil, nil, 0)
}

func TestLevel2NEONPanics(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testLevel2Panics(t, neonS) })
	t.Run("float64", func(t *testing.T) { testLevel2Panics(t, neonD) })
}

// special replaces about a quarter of s by 0, ±Inf or NaN when on is set.
func special[T float32 | float64](rnd *rand.Rand, s []T, on bool) {
	if !on {
		return
	}
	vals := []float64{0, math.Inf(1), math.Inf(-1), math.NaN()}
	for i := range s {
		if rnd.IntN(4) == 0 {
			s[i] = T(vals[rnd.IntN(len(vals))])
		}
	}
}

// fill returns n random elements in [-1, 1), some of them special.
func fill[T float32 | float64](t *testing.T, rnd *rand.Rand, n int, specials bool) []T {
	s := testutil.Guarded[T](t, n)
	testutil.Fill(rnd, s)
	special(rnd, s, specials)
	return s
}

// same reports whether a and b are the same values (NaN equal to NaN).
func same[T float32 | float64](a, b []T) bool {
	for i := range a {
		if a[i] != b[i] && !(a[i] != a[i] && b[i] != b[i]) {
			return false
		}
	}
	return true
}

// specialCoeffs are multipliers (c of axpy4, (c, s) of rot, alpha of ger)
// beside the random ones: zeros that must not skip an Inf or NaN operand,
// and non-finite ones.
var specialCoeffs = [][4]float64{
	{0, 0, 0, 0},
	{0, 1, -0, 0.5},
	{math.Inf(1), 0, 1, 0},
	{math.NaN(), 1, 0, -1},
}

func testDot4Axpy4[T float32 | float64](t *testing.T, k level2Kernels[T]) {
	rnd := rand.New(rand.NewPCG(31, 32))
	for _, specials := range []bool{false, true} {
		for _, n := range level2Lens() {
			for _, pad := range []int{0, 1, 3} {
				lda := n + pad
				name := fmt.Sprintf("n=%d lda=%d specials=%v", n, lda, specials)
				la := 3*lda + n
				if n == 0 {
					la = 0
				}
				a := fill[T](t, rnd, la, specials)
				x := fill[T](t, rnd, n, specials)
				a0, x0 := append([]T(nil), a...), append([]T(nil), x...)
				out := k.dot4(n, a, lda, x)
				if !same(a, a0) || !same(x, x0) {
					t.Fatalf("dot4 %s: changed its input", name)
				}
				for r := 0; r < 4; r++ {
					var s, g float64
					for j := 0; j < n; j++ {
						p := float64(a[r*lda+j]) * float64(x[j])
						s += p
						g += math.Abs(p)
					}
					if !testutil.WithinBound(out[r], s, g, n, 2) {
						t.Fatalf("dot4 %s: out[%d] = %v, want %v", name, r, out[r], s)
					}
				}

				cs := [][4]float64{{0.5, -1, 2, 0.25}}
				if specials {
					cs = append(cs, specialCoeffs...)
				}
				for _, cf := range cs {
					c := [4]T{T(cf[0]), T(cf[1]), T(cf[2]), T(cf[3])}
					y := fill[T](t, rnd, n, specials)
					y0 := append([]T(nil), y...)
					k.axpy4(n, a, lda, c, y)
					if !same(a, a0) {
						t.Fatalf("axpy4 %s: changed a", name)
					}
					for j := 0; j < n; j++ {
						s, g := float64(y0[j]), math.Abs(float64(y0[j]))
						for r := 0; r < 4; r++ {
							p := float64(c[r]) * float64(a[r*lda+j])
							s += p
							g += math.Abs(p)
						}
						if !testutil.WithinBound(y[j], s, g, 4, 2) {
							t.Fatalf("axpy4 %s c=%v: y[%d] = %v, want %v", name, c, j, y[j], s)
						}
					}
				}
			}
		}
	}
}

func TestDot4Axpy4NEON(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testDot4Axpy4(t, neonS) })
	t.Run("float64", func(t *testing.T) { testDot4Axpy4(t, neonD) })
}

func testRot[T float32 | float64](t *testing.T, k level2Kernels[T]) {
	rnd := rand.New(rand.NewPCG(33, 34))
	for _, specials := range []bool{false, true} {
		cs := [][2]float64{{0.6, -0.8}, {1, 0}, {0, 1}}
		if specials {
			cs = append(cs, [2]float64{math.Inf(1), 0.5}, [2]float64{0.5, math.NaN()})
		}
		for _, n := range level2Lens() {
			for _, r := range cs {
				c, s := T(r[0]), T(r[1])
				x, y := fill[T](t, rnd, n, specials), fill[T](t, rnd, n, specials)
				x0, y0 := append([]T(nil), x...), append([]T(nil), y...)
				k.rot(x, y, c, s)
				for i := range x {
					fc, fs, fx, fy := float64(c), float64(s), float64(x0[i]), float64(y0[i])
					wx, wy := fc*fx+fs*fy, fc*fy-fs*fx
					gx := math.Abs(fc*fx) + math.Abs(fs*fy)
					gy := math.Abs(fc*fy) + math.Abs(fs*fx)
					if !testutil.WithinBound(x[i], wx, gx, 2, 2) || !testutil.WithinBound(y[i], wy, gy, 2, 2) {
						t.Fatalf("rot n=%d c=%v s=%v specials=%v: [%d] = (%v, %v), want (%v, %v)", n, c, s, specials, i, x[i], y[i], wx, wy)
					}
				}
			}
		}
	}
}

func TestRotNEON(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testRot(t, neonS) })
	t.Run("float64", func(t *testing.T) { testRot(t, neonD) })
}

func testGer[T float32 | float64](t *testing.T, k level2Kernels[T]) {
	rnd := rand.New(rand.NewPCG(35, 36))
	for _, specials := range []bool{false, true} {
		alphas := []float64{-1.5}
		if specials {
			alphas = append(alphas, 0, math.Inf(-1), math.NaN())
		}
		for _, m := range []int{1, 2, 3, 5} {
			for _, n := range level2Lens() {
				for _, pad := range []int{0, 2} {
					lda := n + pad
					la := (m-1)*lda + n
					if n == 0 {
						la = 0
					}
					alpha := T(alphas[rnd.IntN(len(alphas))])
					a := fill[T](t, rnd, la, specials)
					x, y := fill[T](t, rnd, m, specials), fill[T](t, rnd, n, specials)
					a0, x0, y0 := append([]T(nil), a...), append([]T(nil), x...), append([]T(nil), y...)
					k.ger(m, n, alpha, x, y, a, lda)
					if !same(x, x0) || !same(y, y0) {
						t.Fatalf("ger m=%d n=%d: changed x or y", m, n)
					}
					for i := 0; i < m; i++ {
						ax := float64(alpha * x[i]) // rounded to T, as in the loop
						for j := 0; j < lda && i*lda+j < len(a); j++ {
							got, old := a[i*lda+j], a0[i*lda+j]
							if j >= n {
								if !same([]T{got}, []T{old}) {
									t.Fatalf("ger m=%d n=%d lda=%d: padding [%d,%d] changed", m, n, lda, i, j)
								}
								continue
							}
							p := ax * float64(y[j])
							w, g := float64(old)+p, math.Abs(float64(old))+math.Abs(p)
							if !testutil.WithinBound(got, w, g, 2, 2) {
								t.Fatalf("ger m=%d n=%d lda=%d alpha=%v specials=%v: [%d,%d] = %v, want %v", m, n, lda, alpha, specials, i, j, got, w)
							}
						}
					}
				}
			}
		}
	}
}

func TestGerNEON(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testGer(t, neonS) })
	t.Run("float64", func(t *testing.T) { testGer(t, neonD) })
}
