package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// bnRow returns n float32 values with negatives, zeros of both signs and,
// when specials, NaNs and infinities.
func bnRow(rnd *rand.Rand, n int, specials bool) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch r := rnd.IntN(20); {
		case r == 0:
			x[i] = float32(math.Copysign(0, -1))
		case r == 1:
			x[i] = 0
		case r == 2 && specials:
			x[i] = float32(math.NaN())
		case r == 3 && specials:
			x[i] = float32(math.Inf(1 - 2*rnd.IntN(2)))
		default:
			x[i] = float32(rnd.NormFloat64() * 3)
		}
	}
	return x
}

// TestBNKernels runs the batch-norm row kernels on every path and checks
// that their float32 results are bitwise those of the generic code (the
// assembly has no fused multiply-adds), on guarded slices of lengths around
// the vector width, with and without the optional operands.
func TestBNKernels(t *testing.T) {
	rnd := rand.New(rand.NewPCG(41, 42))
	for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 33, 100, 1029} {
		x, k, a, b := bnRow(rnd, n, true), bnRow(rnd, n, false), bnRow(rnd, n, false), bnRow(rnd, n, false)
		g, c, dy, h := bnRow(rnd, n, false), bnRow(rnd, n, false), bnRow(rnd, n, true), bnRow(rnd, n, false)
		sum0, sq0 := make([]float64, n), make([]float64, n)
		for j := range sum0 {
			sum0[j], sq0[j] = rnd.NormFloat64(), rnd.Float64()
		}
		run := func(t *testing.T, withG, withH, relu, withY bool) (f32 [][]float32, f64 [][]float64) {
			gx, gk := testutil.GuardedCopy(t, x), testutil.GuardedCopy(t, k)
			sum, sq := testutil.GuardedCopy(t, sum0), testutil.GuardedCopy(t, sq0)
			BNStats(gx, gk, sum, sq)
			var gg, gc, gh []float32
			if withG {
				gg, gc = testutil.GuardedCopy(t, g), testutil.GuardedCopy(t, c)
			}
			if withH {
				gh = testutil.Guarded[float32](t, n)
			}
			y := testutil.Guarded[float32](t, n)
			BNNormalise(gx, testutil.GuardedCopy(t, a), testutil.GuardedCopy(t, b), gg, gc, gh, y, relu)
			var gy []float32
			if withY {
				gy = y
			}
			s1, s2 := testutil.GuardedCopy(t, sum0), testutil.GuardedCopy(t, sq0)
			BNGradStats(testutil.GuardedCopy(t, dy), gy, testutil.GuardedCopy(t, h), s1, s2)
			dx := testutil.Guarded[float32](t, n)
			BNGradInput(testutil.GuardedCopy(t, dy), gy, testutil.GuardedCopy(t, h), testutil.GuardedCopy(t, a),
				testutil.GuardedCopy(t, b), testutil.GuardedCopy(t, c), dx)
			return [][]float32{gh, y, dx}, [][]float64{sum, sq, s1, s2}
		}
		for _, flags := range [][4]bool{{true, true, true, true}, {false, false, false, false}, {true, false, true, false}, {false, true, false, true}} {
			restore, err := useISA("generic")
			if err != nil {
				t.Fatal(err)
			}
			w32, w64 := run(t, flags[0], flags[1], flags[2], flags[3])
			restore()
			forEachISA(t, func(t *testing.T) {
				g32, g64 := run(t, flags[0], flags[1], flags[2], flags[3])
				for i := range w32 {
					if !sameBits(g32[i], w32[i]) {
						t.Fatalf("n=%d flags %v: float32 output %d differs from the generic code", n, flags, i)
					}
				}
				for i := range w64 {
					if !sameBits(g64[i], w64[i]) {
						t.Fatalf("n=%d flags %v: float64 sums %d differ from the generic code", n, flags, i)
					}
				}
			})
		}
	}
	// The generic code itself: a hand-checked row.
	x := []float32{1, -2, 3}
	y := make([]float32, 3)
	h := make([]float32, 3)
	BNNormalise(x, []float32{2, 2, 2}, []float32{1, 1, 1}, nil, nil, h, y, true)
	if h[0] != 3 || h[1] != -3 || h[2] != 7 || y[0] != 3 || y[1] != 0 || math.Signbit(float64(y[1])) || y[2] != 7 {
		t.Fatalf("BNNormalise: h %v, y %v", h, y)
	}
	s1, s2 := make([]float64, 3), make([]float64, 3)
	BNGradStats([]float32{1, 1, 1}, y, []float32{2, 2, 2}, s1, s2)
	if s1[0] != 1 || s1[1] != 0 || s2[2] != 2 {
		t.Fatalf("BNGradStats: %v %v", s1, s2)
	}
}
