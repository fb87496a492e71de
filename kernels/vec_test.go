package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// vecLengths straddles the vector widths and unrolled blocks of every path.
func vecLengths() []int {
	s := []int{}
	for n := 0; n <= 70; n++ {
		s = append(s, n)
	}
	return append(s, 127, 128, 129, 255, 256, 257, 1000, 4099)
}

// closeTo compares got with the float64 reference want to the bound
// c·(n+2)·u·gauge of T.
func closeTo[T float](got T, want, gauge float64, n int) bool {
	return testutil.WithinBound(got, want, gauge, n, 2)
}

func testVec[T float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(31, 32))
	forEachISA(t, func(t *testing.T) {
		v := vecOf[T]()
		for _, n := range vecLengths() {
			x0 := make([]T, n)
			y0 := make([]T, n)
			testutil.Fill(rnd, x0)
			testutil.Fill(rnd, y0)
			a, b := T(0.75), T(-1.25)

			// dot, on guarded minimal slices.
			x, y := testutil.GuardedCopy(t, x0), testutil.GuardedCopy(t, y0)
			var want, gauge float64
			for i := range x0 {
				want += float64(x0[i]) * float64(y0[i])
				gauge += math.Abs(float64(x0[i]) * float64(y0[i]))
			}
			if got := v.dot(x, y); !closeTo(got, want, gauge, n) {
				t.Fatalf("n=%d: dot = %v, want %v", n, got, want)
			}
			if !sameBits(x, x0) || !sameBits(y, y0) {
				t.Fatalf("n=%d: dot modified its inputs", n)
			}

			check := func(name string, y []T, f func(i int) (want, gauge float64)) {
				t.Helper()
				for i := range y {
					w, g := f(i)
					if !closeTo(y[i], w, g, 2) {
						t.Fatalf("n=%d: %s: y[%d] = %v, want %v", n, name, i, y[i], w)
					}
				}
			}
			x, y = testutil.GuardedCopy(t, x0), testutil.GuardedCopy(t, y0)
			v.axpy(a, x, y)
			check("axpy", y, func(i int) (float64, float64) {
				p := float64(a) * float64(x0[i])
				return p + float64(y0[i]), math.Abs(p) + math.Abs(float64(y0[i]))
			})
			y = testutil.GuardedCopy(t, y0)
			v.axpby(a, x, b, y)
			check("axpby", y, func(i int) (float64, float64) {
				p, q := float64(a)*float64(x0[i]), float64(b)*float64(y0[i])
				return p + q, math.Abs(p) + math.Abs(q)
			})
			y = testutil.GuardedCopy(t, y0)
			v.scal(b, y)
			check("scal", y, func(i int) (float64, float64) {
				q := float64(b) * float64(y0[i])
				return q, math.Abs(q)
			})
			if !sameBits(x, x0) {
				t.Fatalf("n=%d: x modified", n)
			}
			// Unaligned starts inside a larger slice: the neighbours stay
			// untouched.
			if n >= 3 {
				big := make([]T, n+2)
				copy(big[1:], y0)
				big[0], big[n+1] = padSentinel, padSentinel
				v.axpby(a, x0[:n], b, big[1:n+1])
				if big[0] != padSentinel || big[n+1] != padSentinel {
					t.Fatalf("n=%d: axpby wrote outside y", n)
				}
			}
		}
	})
}

func TestVecFloat32(t *testing.T) { testVec[float32](t) }
func TestVecFloat64(t *testing.T) { testVec[float64](t) }

// TestVecSpecialValues checks IEEE propagation through the assembly paths,
// including the masked/scalar tails.
func TestVecSpecialValues(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		for _, n := range []int{1, 5, 37, 100} {
			x := make([]float64, n)
			y := make([]float64, n)
			for i := range x {
				x[i], y[i] = 1, 2
			}
			x[n-1] = math.NaN()
			if got := Ddot(x, y); !math.IsNaN(got) {
				t.Fatalf("n=%d: Ddot with NaN = %v", n, got)
			}
			x[n-1] = math.Inf(1)
			if got := Ddot(x, y); !math.IsInf(got, 1) {
				t.Fatalf("n=%d: Ddot with Inf = %v", n, got)
			}
			Daxpby(1, x, 0, y) // b = 0 still reads y: 0·2 = 0
			if !math.IsInf(y[n-1], 1) || n > 1 && y[0] != 1 {
				t.Fatalf("n=%d: Daxpby = %v", n, y)
			}
			y[0] = math.NaN()
			Daxpby(1, x, 0, y)
			if !math.IsNaN(y[0]) {
				t.Fatalf("n=%d: Daxpby with b = 0 dropped a NaN of y", n)
			}
			s := make([]float32, n)
			s[n-1] = float32(math.Inf(-1))
			Sscal(0, s)
			if !math.IsNaN(float64(s[n-1])) {
				t.Fatalf("n=%d: Sscal(0, -Inf) = %v", n, s[n-1])
			}
		}
	})
}

func TestNrm2(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		for _, n := range []int{0, 1, 2, 7, 33, 1000} {
			x := testutil.Guarded[float64](t, n)
			xs := testutil.Guarded[float32](t, n)
			for i := range x {
				x[i] = float64(i%7) - 3
				xs[i] = float32(x[i])
			}
			var want float64
			for _, v := range x {
				want += v * v
			}
			want = math.Sqrt(want)
			if got := Dnrm2(x); math.Abs(got-want) > 1e-14*want {
				t.Fatalf("n=%d: Dnrm2 = %v, want %v", n, got, want)
			}
			if got := Snrm2(xs); math.Abs(float64(got)-want) > 1e-6*want {
				t.Fatalf("n=%d: Snrm2 = %v, want %v", n, got, want)
			}
			// Scaled to the edges of the range: no overflow, no underflow.
			for _, sc := range []float64{0x1p1000, 0x1p-1060, 0x1p-540} {
				y := make([]float64, n)
				for i := range y {
					y[i] = x[i] * sc
				}
				if got := Dnrm2(y); math.Abs(got-want*sc) > 1e-13*want*sc {
					t.Fatalf("n=%d, scale %g: Dnrm2 = %v, want %v", n, sc, got, want*sc)
				}
			}
			for _, sc := range []float32{0x1p120, 0x1p-140} {
				y := make([]float32, n)
				for i := range y {
					y[i] = xs[i] * sc
				}
				w := want * float64(sc)
				if got := Snrm2(y); math.Abs(float64(got)-w) > 1e-6*w+0x1p-149 {
					t.Fatalf("n=%d, scale %g: Snrm2 = %v, want %v", n, sc, got, w)
				}
			}
		}
		x := []float64{1, math.Inf(-1), 3}
		if got := Dnrm2(x); !math.IsInf(got, 1) {
			t.Fatalf("Dnrm2 with -Inf = %v", got)
		}
		x[0] = math.NaN()
		if got := Dnrm2(x); !math.IsNaN(got) {
			t.Fatalf("Dnrm2 with NaN and Inf = %v", got)
		}
		if got := Snrm2([]float32{float32(math.NaN()), 1}); !math.IsNaN(float64(got)) {
			t.Fatalf("Snrm2 with NaN = %v", got)
		}
	})
}

func TestEMA(t *testing.T) {
	rnd := rand.New(rand.NewPCG(33, 34))
	forEachISA(t, func(t *testing.T) {
		sizes := []int{0, 1, 17, 64, 1000, 3}
		var tg, src, want [][]float32
		for _, n := range sizes {
			a := make([]float32, n)
			b := make([]float32, n)
			testutil.Fill(rnd, a)
			testutil.Fill(rnd, b)
			w := make([]float32, n)
			for i := range w {
				w[i] = float32(0.99*float64(a[i]) + 0.01*float64(b[i]))
			}
			tg = append(tg, testutil.GuardedCopy(t, a))
			src = append(src, testutil.GuardedCopy(t, b))
			want = append(want, w)
		}
		EMA(float32(0.99), tg, src)
		for k := range tg {
			for i := range tg[k] {
				if math.Abs(float64(tg[k][i]-want[k][i])) > 4e-7 {
					t.Fatalf("tensor %d[%d] = %v, want %v", k, i, tg[k][i], want[k][i])
				}
			}
		}
		// tau = 1 keeps the targets, tau = 0 copies the sources.
		d := [][]float64{{1, 2, 3}}
		EMA(1, d, [][]float64{{4, 5, 6}})
		if d[0][2] != 3 {
			t.Fatalf("tau = 1 changed the target: %v", d)
		}
		EMA(0, d, [][]float64{{4, 5, 6}})
		if d[0][2] != 6 {
			t.Fatalf("tau = 0 did not copy the source: %v", d)
		}
	})
}

func TestVecPanics(t *testing.T) {
	x, y := make([]float64, 3), make([]float64, 4)
	xs, ys := make([]float32, 3), make([]float32, 4)
	tgt := [][]float64{make([]float64, 2), make([]float64, 3)}
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"Ddot", func() { Ddot(x, y) }, vecBadLen},
		{"Sdot", func() { Sdot(xs, ys) }, vecBadLen},
		{"Daxpy", func() { Daxpy(1, x, y) }, vecBadLen},
		{"Saxpy", func() { Saxpy(1, xs, ys) }, vecBadLen},
		{"Daxpby", func() { Daxpby(1, x, 1, y) }, vecBadLen},
		{"Saxpby", func() { Saxpby(1, xs, 1, ys) }, vecBadLen},
		{"EMAtauNaN", func() { EMA(math.NaN(), tgt, tgt) }, emaBadTau},
		{"EMAtau", func() { EMA(1.5, tgt, tgt) }, emaBadTau},
		{"EMAn", func() { EMA(0.5, tgt, tgt[:1]) }, emaBadN},
		{"EMAlen", func() { EMA(0.5, tgt, [][]float64{tgt[0], x[:2]}) }, emaBadLen},
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
	// A failed EMA check leaves every target untouched.
	a := [][]float64{{1}, {2}}
	func() {
		defer func() { recover() }()
		EMA(0.5, a, [][]float64{{3}, {4, 5}})
	}()
	if a[0][0] != 1 {
		t.Fatal("EMA updated a target before panicking")
	}
}

// TestCentreAccsub checks the covariance helpers of every path bitwise
// against the generic twins (the same single operations per element), on
// guarded minimal slices.
func testCentreAccsub[T float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(35, 36))
	forEachISA(t, func(t *testing.T) {
		v := vecOf[T]()
		for _, n := range vecLengths() {
			x0 := make([]T, n)
			mu0 := make([]float64, n)
			out0 := make([]float64, n)
			testutil.Fill(rnd, x0)
			testutil.Fill(rnd, mu0)
			testutil.Fill(rnd, out0)
			if n > 2 {
				x0[n-1] = T(math.Inf(1))
				mu0[n-2] = math.NaN()
			}
			x, mu := testutil.GuardedCopy(t, x0), testutil.GuardedCopy(t, mu0)
			got := testutil.Guarded[float64](t, n)
			want := make([]float64, n)
			v.centre(x, mu, got)
			centreGeneric(x0, mu0, want)
			if !sameBits(got, want) {
				t.Fatalf("n=%d: centre = %v, want %v", n, got, want)
			}
			copy(got, out0)
			copy(want, out0)
			v.accsub(x, mu, got)
			accsubGeneric(x0, mu0, want)
			if !sameBits(got, want) {
				t.Fatalf("n=%d: accsub = %v, want %v", n, got, want)
			}
			if !sameBits(x, x0) || !sameBits(mu, mu0) {
				t.Fatalf("n=%d: inputs modified", n)
			}
		}
	})
}

func TestCentreAccsub32(t *testing.T) { testCentreAccsub[float32](t) }
func TestCentreAccsub64(t *testing.T) { testCentreAccsub[float64](t) }

// TestCentrePanels checks the fused centring kernels bitwise against the
// generic twin, on guarded minimal slices, with dirty panel padding.
func testCentrePanels[T float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(37, 38))
	forEachISA(t, func(t *testing.T) {
		v := vecOf[T]()
		if v.centrePanels == nil {
			t.Skipf("no fused kernel on %s", ISA())
		}
		for _, n := range vecLengths() {
			const ps = 24
			x0 := make([]T, n)
			mu0 := make([]float64, n)
			testutil.Fill(rnd, x0)
			testutil.Fill(rnd, mu0)
			np := max(0, ((n+7)/8-1)*ps+8)
			pan0 := make([]float64, np)
			testutil.FillNaN(pan0)
			x, mu := testutil.GuardedCopy(t, x0), testutil.GuardedCopy(t, mu0)
			out := testutil.Guarded[float64](t, n)
			pan := testutil.GuardedCopy(t, pan0)
			v.centrePanels(x, mu, out, pan, ps)
			wout, wpan := make([]float64, n), append([]float64(nil), pan0...)
			centrePanelsGeneric(x0, mu0, wout, wpan, ps, 8)
			if !sameBits(out, wout) || !sameBits(pan, wpan) {
				t.Fatalf("n=%d: centrePanels differs from the generic twin", n)
			}
		}
	})
}

func TestCentrePanels32(t *testing.T) { testCentrePanels[float32](t) }
func TestCentrePanels64(t *testing.T) { testCentrePanels[float64](t) }

// TestPackRuns8 checks the strided-run packing kernels bitwise against a
// copy loop, on guarded minimal slices.
func testPackRuns8[T float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(39, 40))
	forEachISA(t, func(t *testing.T) {
		runs := vecOf[T]().packRuns8
		if runs == nil {
			t.Skipf("no packRuns8 on %s", ISA())
		}
		for _, k := range []int{0, 1, 3, 4, 5, 9, 64, 257} {
			for _, ld := range []int{8, 9, 33} {
				src0 := make([]T, max(0, (k-1)*ld+8))
				testutil.Fill(rnd, src0)
				src := testutil.GuardedCopy(t, src0)
				dst := testutil.Guarded[T](t, 8*k)
				runs(dst, src, ld, k)
				for p := 0; p < k; p++ {
					for i := 0; i < 8; i++ {
						if dst[p*8+i] != src0[p*ld+i] {
							t.Fatalf("k=%d ld=%d: dst[%d] = %v, want %v", k, ld, p*8+i, dst[p*8+i], src0[p*ld+i])
						}
					}
				}
			}
		}
	})
}

func TestPackRuns8F32(t *testing.T) { testPackRuns8[float32](t) }
func TestPackRuns8F64(t *testing.T) { testPackRuns8[float64](t) }
