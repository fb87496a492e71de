package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

func TestWindowsInPage(t *testing.T) {
	const p = 1 << pageBits
	base := uintptr(40 * p)
	for _, c := range []struct {
		a, bytes uintptr
		want     bool
	}{
		{base, 8, true},                // one element at a page's start
		{base + p - 8, 8, false},       // last element at a page's end: its window reaches 56 bytes further
		{base + p - 64, 64, true},      // one whole window ending at the page's end
		{base + p - 72, 72, false},     // the second window reaches past the end
		{base + p - 72, 64, true},      // ends 8 bytes before the end, window inside
		{base + p - 100, 36, true},     // ends 65 bytes before the end: window inside
		{base + p - 36, 36, false},     // ends at the end: the window crosses
		{base + 8, p - 8, false},       // to the end from an 8-byte start: the last window crosses
		{base + 64, p - 64, true},      // to the end in whole windows
		{base + 8, p - 16, false},      // 8 bytes short of the end, from an 8-byte start: crosses
		{base + p - 4, 4, false},       // float32 at the end
		{base + p - 256, 256, true},    // exact windows
		{base + 3*p - 252, 252, false}, // 4 bytes short of a window multiple at a page end
	} {
		if got := windowsInPage(c.a, c.bytes); got != c.want {
			t.Errorf("windowsInPage(page+%d, %d) = %v, want %v", c.a%p, c.bytes, got, c.want)
		}
	}
}

// TestImplementationPageEnd calls Implementation's dot, axpy and GEMV with
// operands ending right before a page that may not be touched (testutil's
// guard pages): on every path the results are right, and where the
// AVX-512 entries' windows would reach into that page the call is gonum's
// (bitwise).
func TestImplementationPageEnd(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		testPageEnd[float64](t)
		testPageEnd[float32](t)
	})
}

func testPageEnd[T float](t *testing.T) {
	var ours Implementation
	var g gonum.Implementation
	rnd := rand.New(rand.NewPCG(7, 8))
	fill := func(s []T) {
		for i := range s {
			s[i] = T(rnd.NormFloat64())
		}
	}
	for n := 1; n <= 70; n++ {
		x, y := testutil.Guarded[T](t, n), testutil.Guarded[T](t, n)
		fill(x)
		fill(y)
		y0 := append([]T(nil), y...)
		crossing := onAVX512() && !(inPage(x) && inPage(y))
		dotCross := crossing && n > smallDotN && !dotInside[T](n)
		// dot
		var got, want float64
		var gauge float64
		for i := range x {
			gauge += math.Abs(float64(x[i]) * float64(y[i]))
		}
		switch xx := any(x).(type) {
		case []float64:
			yy := any(y).([]float64)
			got, want = ours.Ddot(n, xx, 1, yy, 1), g.Ddot(n, xx, 1, yy, 1)
		case []float32:
			yy := any(y).([]float32)
			got, want = float64(ours.Sdot(n, xx, 1, yy, 1)), float64(g.Sdot(n, xx, 1, yy, 1))
		}
		if dotCross && got != want || math.Abs(got-want) > 4*float64(n+2)*testutil.Eps[T]()*gauge {
			t.Errorf("dot n=%d (window crossing %v): %v, gonum %v", n, dotCross, got, want)
		}
		// axpy
		yg := append([]T(nil), y0...)
		switch xx := any(x).(type) {
		case []float64:
			ours.Daxpy(n, 0.75, xx, 1, any(y).([]float64), 1)
			g.Daxpy(n, 0.75, xx, 1, any(yg).([]float64), 1)
		case []float32:
			ours.Saxpy(n, 0.75, xx, 1, any(y).([]float32), 1)
			g.Saxpy(n, 0.75, xx, 1, any(yg).([]float32), 1)
		}
		for i := range y {
			d := math.Abs(float64(y[i]) - float64(yg[i]))
			if d > 2*testutil.Eps[T]()*(math.Abs(0.75*float64(x[i]))+math.Abs(float64(y0[i]))) {
				t.Fatalf("axpy n=%d y[%d] = %v, gonum %v", n, i, y[i], yg[i])
			}
		}
		// GEMV, both transposes, A ending at the guard page too
		if n > gemvWholeMax+2 {
			continue
		}
		a := testutil.Guarded[T](t, n*n)
		fill(a)
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			copy(y, y0)
			copy(yg, y0)
			cross := onAVX512() && n <= gemvWholeMax && !gemvInPage(tA, n, n, a, n, x, y) && !(n <= gemvNTinyM && (tA == blas.NoTrans && n <= gemvNTinyN || n <= gemvTTinyN))
			switch aa := any(a).(type) {
			case []float64:
				ours.Dgemv(tA, n, n, 1.5, aa, n, any(x).([]float64), 1, 0.5, any(y).([]float64), 1)
				g.Dgemv(tA, n, n, 1.5, aa, n, any(x).([]float64), 1, 0.5, any(yg).([]float64), 1)
			case []float32:
				ours.Sgemv(tA, n, n, 1.5, aa, n, any(x).([]float32), 1, 0.5, any(y).([]float32), 1)
				g.Sgemv(tA, n, n, 1.5, aa, n, any(x).([]float32), 1, 0.5, any(yg).([]float32), 1)
			}
			for i := range y {
				var gauge float64
				for k := 0; k < n; k++ {
					av := a[i*n+k]
					if tA != blas.NoTrans {
						av = a[k*n+i]
					}
					gauge += math.Abs(1.5 * float64(av) * float64(x[k]))
				}
				gauge += math.Abs(0.5 * float64(y0[i]))
				d := math.Abs(float64(y[i]) - float64(yg[i]))
				if cross && d != 0 || d > 4*float64(n+2)*testutil.Eps[T]()*gauge {
					t.Fatalf("gemv %c n=%d (window crossing %v) y[%d] = %v, gonum %v", tA, n, cross, i, y[i], yg[i])
				}
			}
		}
	}
}
