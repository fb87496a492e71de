//go:build !purego

package amd64

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// testLevel2 checks dot4 and axpy4 against their reference loops (float64
// sums, the inner-product error bound) for every length up to three vectors
// and a few longer ones, with minimal slices on guard pages, and the
// wrappers' panics. The kernels need AVX-512; on a CPU without it only the
// panics are checked (TestRequiredISAs in package kernels fails if the CPU
// has AVX-512 and the path is missing). has reports whether the CPU runs
// the kernels under test.
func testLevel2[T float32 | float64](t *testing.T, has bool, dot4 func(int, []T, int, []T) [4]T, axpy4 func(int, []T, int, [4]T, []T)) {
	for _, f := range []func(){
		func() { dot4(3, make([]T, 20), 2, make([]T, 3)) },
		func() { dot4(3, make([]T, 20), 5, make([]T, 2)) },
		func() { dot4(3, make([]T, 17), 5, make([]T, 3)) },
		func() { axpy4(3, make([]T, 17), 5, [4]T{}, make([]T, 3)) },
		func() { axpy4(4, make([]T, 40), 5, [4]T{}, make([]T, 3)) },
		func() { axpy4(-1, nil, 5, [4]T{}, nil) },
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
	if !has {
		return
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	lens := []int{0, 1, 2, 63, 100, 257}
	for n := 3; n <= 50; n++ {
		lens = append(lens, n)
	}
	for _, n := range lens {
		lda := n + rnd.IntN(3)
		a := testutil.Guarded[T](t, 3*lda+n)
		x := testutil.Guarded[T](t, n)
		y := testutil.Guarded[T](t, n)
		testutil.Fill(rnd, a)
		testutil.Fill(rnd, x)
		testutil.Fill(rnd, y)
		out := dot4(n, a, lda, x)
		for r := 0; r < 4; r++ {
			var s, g float64
			for j := 0; j < n; j++ {
				p := float64(a[r*lda+j]) * float64(x[j])
				s += p
				g += math.Abs(p)
			}
			if !testutil.WithinBound(out[r], s, g, n, 2) {
				t.Fatalf("dot4 n=%d: out[%d] = %v, want %v", n, r, out[r], s)
			}
		}
		c := [4]T{0.5, -1, 2, 0.25}
		y0 := append([]T(nil), y...)
		axpy4(n, a, lda, c, y)
		for j := 0; j < n; j++ {
			s, g := float64(y0[j]), math.Abs(float64(y0[j]))
			for r := 0; r < 4; r++ {
				p := float64(c[r]) * float64(a[r*lda+j])
				s += p
				g += math.Abs(p)
			}
			if !testutil.WithinBound(y[j], s, g, 4, 2) {
				t.Fatalf("axpy4 n=%d: y[%d] = %v, want %v", n, j, y[j], s)
			}
		}
	}
}

func TestLevel2AVX512(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testLevel2(t, HasAVX512, Sdot4AVX512, Saxpy4AVX512) })
	t.Run("float64", func(t *testing.T) { testLevel2(t, HasAVX512, Ddot4AVX512, Daxpy4AVX512) })
}

func TestLevel2AVX2(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testLevel2(t, HasAVX2, Sdot4AVX2, Saxpy4AVX2) })
	t.Run("float64", func(t *testing.T) { testLevel2(t, HasAVX2, Ddot4AVX2, Daxpy4AVX2) })
}

func testRot[T float32 | float64](t *testing.T, rot func(x, y []T, c, s T)) {
	func() {
		defer func() {
			if r := recover(); r != badLen {
				t.Errorf("panic %v, want %q", r, badLen)
			}
		}()
		rot(make([]T, 3), make([]T, 2), 1, 0)
	}()
	if !HasAVX512 {
		return
	}
	rnd := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 70; n++ {
		x, y := testutil.Guarded[T](t, n), testutil.Guarded[T](t, n)
		testutil.Fill(rnd, x)
		testutil.Fill(rnd, y)
		x0, y0 := append([]T(nil), x...), append([]T(nil), y...)
		c, s := T(0.6), T(-0.8)
		rot(x, y, c, s)
		for i := range x {
			wx := float64(c)*float64(x0[i]) + float64(s)*float64(y0[i])
			wy := float64(c)*float64(y0[i]) - float64(s)*float64(x0[i])
			g := math.Abs(float64(x0[i])) + math.Abs(float64(y0[i]))
			if !testutil.WithinBound(x[i], wx, g, 2, 2) || !testutil.WithinBound(y[i], wy, g, 2, 2) {
				t.Fatalf("rot n=%d: (%v, %v), want (%v, %v)", n, x[i], y[i], wx, wy)
			}
		}
	}
}

func TestRotAVX512(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testRot(t, SrotAVX512) })
	t.Run("float64", func(t *testing.T) { testRot(t, DrotAVX512) })
}

func testGer[T float32 | float64](t *testing.T, ger func(m, n int, alpha T, x, y, a []T, lda int)) {
	func() {
		defer func() {
			if r := recover(); r != badL2 {
				t.Errorf("panic %v, want %q", r, badL2)
			}
		}()
		ger(3, 4, 1, make([]T, 3), make([]T, 4), make([]T, 11), 4)
	}()
	if !HasAVX512 {
		return
	}
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, m := range []int{1, 2, 5} {
		for n := 0; n <= 70; n++ {
			lda := n + rnd.IntN(3)
			a := testutil.Guarded[T](t, max(0, (m-1)*lda+n))
			x, y := testutil.Guarded[T](t, m), testutil.Guarded[T](t, n)
			testutil.Fill(rnd, a)
			testutil.Fill(rnd, x)
			testutil.Fill(rnd, y)
			a0 := append([]T(nil), a...)
			ger(m, n, -1.5, x, y, a, lda)
			for i := 0; i < m; i++ {
				for j := 0; j < lda && i*lda+j < len(a); j++ {
					if j >= n {
						if a[i*lda+j] != a0[i*lda+j] {
							t.Fatalf("ger m=%d n=%d: padding [%d,%d] changed", m, n, i, j)
						}
						continue
					}
					ax := float64(T(-1.5 * float64(x[i])))
					w := float64(a0[i*lda+j]) + ax*float64(y[j])
					g := math.Abs(float64(a0[i*lda+j])) + math.Abs(ax*float64(y[j]))
					if !testutil.WithinBound(a[i*lda+j], w, g, 2, 2) {
						t.Fatalf("ger m=%d n=%d: [%d,%d] = %v, want %v", m, n, i, j, a[i*lda+j], w)
					}
				}
			}
		}
	}
}

func TestGerAVX512(t *testing.T) {
	t.Run("float32", func(t *testing.T) { testGer(t, SgerAVX512) })
	t.Run("float64", func(t *testing.T) { testGer(t, DgerAVX512) })
}
