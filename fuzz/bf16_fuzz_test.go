package fuzz

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
	"github.com/directpred/directpred/kernels"
)

// FuzzSgemmBF16 checks SgemmBF16 on the path in use against the float64
// product of the rounded operands: every transpose, padded strides, minimal
// slices on guard pages, special values, alpha and beta including 0.
func FuzzSgemmBF16(f *testing.F) {
	for _, s := range seedGemm() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzGemmRound(t, data, kernels.SgemmBF16, kernels.RoundBF16) })
}

// FuzzBF16Convert checks the conversions on arbitrary float32 bit patterns:
// the vectorised conversions agree with the scalar ones bit for bit, the
// result is a nearest bfloat16 with ties to even, NaN stays NaN, infinities
// and zeros keep their sign, rounding is idempotent, and widening is exact.
func FuzzBF16Convert(f *testing.F) {
	f.Add([]byte{0, 0, 0x80, 0x3f, 0, 0x80, 0x80, 0x3f, 0xff, 0xff, 0x7f, 0x7f, 1, 0, 0x80, 0x7f})
	f.Add([]byte{0, 0x80, 0x7f, 0x7f, 0xff, 0x7f, 0x7f, 0x7f, 1, 0, 0, 0, 0, 0x80, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		n := len(data) / 4
		src := testutil.Guarded[float32](t, n)
		for i := range src {
			src[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
		}
		dst := make([]kernels.BF16, n)
		kernels.ConvertToBF16(dst, src)
		back := testutil.Guarded[float32](t, n)
		kernels.ConvertFromBF16(back, dst)
		for i, x := range src {
			h := kernels.ToBF16(x)
			if dst[i] != h {
				t.Fatalf("ConvertToBF16(%#08x) = %#04x, ToBF16 = %#04x", math.Float32bits(x), dst[i], h)
			}
			r := h.Float32()
			if math.Float32bits(back[i]) != math.Float32bits(r) || math.Float32bits(r) != uint32(h)<<16 {
				t.Fatalf("widening %#04x gave %#08x", h, math.Float32bits(back[i]))
			}
			if math.Float32bits(kernels.RoundBF16(x)) != math.Float32bits(r) {
				t.Fatalf("RoundBF16(%#08x) = %#08x, ToBF16 widened %#08x", math.Float32bits(x), math.Float32bits(kernels.RoundBF16(x)), math.Float32bits(r))
			}
			if kernels.ToBF16(r) != h {
				t.Fatalf("rounding %#08x twice changed it", math.Float32bits(x))
			}
			switch {
			case x != x:
				if r == r {
					t.Fatalf("NaN %#08x became %v", math.Float32bits(x), r)
				}
				continue
			case math.IsInf(float64(x), 0) || x == 0:
				if math.Float32bits(r) != math.Float32bits(x) {
					t.Fatalf("%v became %v", x, r)
				}
				continue
			}
			if math.Signbit(float64(r)) != math.Signbit(float64(x)) {
				t.Fatalf("%#08x changed sign: %#08x", math.Float32bits(x), math.Float32bits(r))
			}
			// Nearest: the neighbours of r (one bfloat16 step either way,
			// the step past the largest finite value being 2^128) are no
			// closer, and a tie went to the even one.
			d := math.Abs(float64(x) - float64(r))
			if math.IsInf(float64(r), 0) {
				d = 0x1p128 - math.Abs(float64(x)) // overflow: as if the exponent went on
			}
			ulp := bf16Step(r)
			if d > ulp/2 {
				t.Fatalf("%#08x rounded to %#08x, off by %g > half a step %g", math.Float32bits(x), math.Float32bits(r), d, ulp/2)
			}
			if d == ulp/2 && h&1 != 0 && !math.IsInf(float64(r), 0) {
				t.Fatalf("tie %#08x rounded to odd %#04x", math.Float32bits(x), h)
			}
		}
	})
}

// bf16Step returns the distance from r to the bfloat16 value next to it
// towards x (the larger of the two spacings around r bounds the rounding
// error by half of it); for ±Inf the step from the largest finite value.
func bf16Step(r float32) float64 {
	u := math.Float32bits(r) &^ 0x80000000
	if u >= 0x7f800000 {
		return 0x1p128 - float64(math.Float32frombits(0x7f7f0000))
	}
	hi := float64(math.Float32frombits(u + 0x10000))
	if u+0x10000 >= 0x7f800000 {
		hi = 0x1p128
	}
	up := hi - float64(math.Float32frombits(u))
	if u == 0 {
		return up
	}
	down := float64(math.Float32frombits(u)) - float64(math.Float32frombits(u-0x10000))
	return math.Max(up, down)
}
