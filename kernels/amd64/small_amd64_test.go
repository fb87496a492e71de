//go:build !purego

package amd64

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

type gemvSmallKernel[T float32 | float64] func(m, n int, alpha T, a []T, lda int, x []T, beta T, y []T)

// testGemvSmall checks the whole-GEMV kernels against float64 reference
// sums (the inner-product bound) for m in a spread of sizes and every n up
// to 70 (the transposed kernels' two and three passes over the rows), on
// minimal slices on guard pages, with beta = 0 on a y of NaNs (which must
// not be read), beta ≠ 0, an Inf or NaN in A (which must reach exactly the
// outputs the reference loop gives them), and the wrappers' panics.
func testGemvSmall[T float32 | float64](t *testing.T, gemvN, gemvT gemvSmallKernel[T]) {
	for _, k := range []gemvSmallKernel[T]{gemvN, gemvT} {
		for _, f := range []func(){
			func() { k(0, 3, 1, make([]T, 3), 3, make([]T, 3), 0, make([]T, 3)) },
			func() { k(2, 0, 1, make([]T, 3), 3, make([]T, 3), 0, make([]T, 3)) },
			func() { k(2, 3, 1, make([]T, 6), 2, make([]T, 3), 0, make([]T, 3)) },
			func() { k(2, 3, 1, make([]T, 5), 3, make([]T, 3), 0, make([]T, 3)) },
			func() { k(2, 3, 1, make([]T, 6), 3, make([]T, 1), 0, make([]T, 3)) },
			func() { k(2, 3, 1, make([]T, 6), 3, make([]T, 3), 0, make([]T, 1)) },
			func() { k(3, 3, 1, make([]T, 6), 1<<62, make([]T, 3), 0, make([]T, 3)) }, // (m−1)·lda overflows
		} {
			func() {
				defer func() {
					if r := recover(); r != badL2 {
						t.Errorf("panic %v, want %q", r, badL2)
					}
				}()
				f()
			}()
		}
	}
	if !HasAVX512 {
		return
	}
	rnd := rand.New(rand.NewPCG(11, 12))
	const alpha = 1.5
	for _, trans := range []bool{false, true} {
		k := gemvN
		if trans {
			k = gemvT
		}
		for _, m := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 64, 70} {
			for n := 1; n <= 70; n++ {
				for _, beta := range []T{0, 0.5} {
					special := rnd.IntN(8) == 0
					lda := n + rnd.IntN(3)
					lx, ly := n, m
					if trans {
						lx, ly = m, n
					}
					a := testutil.Guarded[T](t, (m-1)*lda+n)
					x := testutil.Guarded[T](t, lx)
					y := testutil.Guarded[T](t, ly)
					testutil.Fill(rnd, a)
					testutil.Fill(rnd, x)
					testutil.Fill(rnd, y)
					if special {
						a[rnd.IntN(m)*lda+rnd.IntN(n)] = T(math.Inf(1))
						a[rnd.IntN(m)*lda+rnd.IntN(n)] = T(math.NaN())
					}
					if beta == 0 {
						testutil.FillNaN(y)
					}
					// op(A)·x as a GEMM with one column.
					r, c := m, n
					if trans {
						r, c = n, m
					}
					want, gauge := testutil.RefGemm(trans, false, r, 1, c, alpha, a, lda, x, 1, beta, y, 1)
					k(m, n, alpha, a, lda, x, beta, y)
					for i := range y {
						if !testutil.WithinBound(y[i], want[i], gauge[i], c, 2) {
							t.Fatalf("trans=%v m=%d n=%d lda=%d beta=%v: y[%d] = %v, want %v", trans, m, n, lda, beta, i, y[i], want[i])
						}
					}
				}
			}
		}
	}
}

func TestGemvSmallAVX512(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testGemvSmall(t, SgemvNSmallAVX512, SgemvTSmallAVX512) })
	t.Run("float64", func(t *testing.T) { testGemvSmall(t, DgemvNSmallAVX512, DgemvTSmallAVX512) })
}

// testVecInl checks the inlinable entries on guarded minimal slices of
// every length up to 140: dot against float64 reference sums (the
// inner-product bound; beyond the loop-free lengths, small, bitwise what
// the loop kernel computes), axpy bitwise against the kernel it names, and
// their panics on an empty x or a short y.
func testVecInl[T float32 | float64](t *testing.T, small int, dotInl, dot func(x, y []T) T, axpyInl, axpy func(a T, x, y []T)) {
	for _, f := range []func(){
		func() { dotInl(nil, nil) },
		func() { dotInl(make([]T, 3), make([]T, 2)) },
		func() { axpyInl(1, nil, make([]T, 1)) },
		func() { axpyInl(1, make([]T, 3), make([]T, 2)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		}()
	}
	if !HasAVX512 {
		return
	}
	rnd := rand.New(rand.NewPCG(13, 14))
	for n := 1; n <= 140; n++ {
		x := testutil.Guarded[T](t, n)
		y := testutil.Guarded[T](t, n)
		testutil.Fill(rnd, x)
		testutil.Fill(rnd, y)
		if n%7 == 0 {
			x[rnd.IntN(n)] = T(math.NaN())
		}
		got := dotInl(x, y)
		want, gauge := testutil.RefGemm(false, false, 1, 1, n, 1, x, n, y, 1, 0, nil, 1)
		if !testutil.WithinBound(got, want[0], gauge[0], n, 2) {
			t.Fatalf("n=%d: dot %v, want %v", n, got, want[0])
		}
		if k := dot(x, y); n > small && got != k && !(got != got && k != k) {
			t.Fatalf("n=%d: dot %v, the loop kernel %v", n, got, k)
		}
		y2 := append([]T(nil), y...)
		axpyInl(0.75, x, y)
		axpy(0.75, x, y2)
		for i := range y {
			if y[i] != y2[i] && !(y[i] != y[i] && y2[i] != y2[i]) {
				t.Fatalf("n=%d: axpy y[%d] = %v, want %v", n, i, y[i], y2[i])
			}
		}
	}
}

func TestVecInlAVX512(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testVecInl(t, 64, SdotAVX512Inl, SdotAVX512, SaxpyAVX512Inl, SaxpyAVX512) })
	t.Run("float64", func(t *testing.T) { testVecInl(t, 32, DdotAVX512Inl, DdotAVX512, DaxpyAVX512Inl, DaxpyAVX512) })
}
