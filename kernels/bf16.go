package kernels

import (
	"math"
	"unsafe"
)

// BF16 is a bfloat16 value: the upper 16 bits of an IEEE-754 float32 (1 sign,
// 8 exponent and 7 stored mantissa bits). It has float32's range with about
// three significant decimal digits. Widening to float32 is exact; narrowing
// rounds to nearest, ties to even.
type BF16 uint16

// Panic message of the conversions.
const bf16BadLen = "kernels: length mismatch of dst and src"

// ToBF16 rounds x to the nearest bfloat16, ties to even. NaN stays NaN (made
// quiet, sign and leading payload bits kept), ±Inf stays ±Inf, finite values
// past the bfloat16 range become ±Inf, and subnormals round like any other
// value (they are not flushed).
func ToBF16(x float32) BF16 { return BF16(bf16Round(math.Float32bits(x)) >> 16) }

// Float32 returns b as a float32 (exact).
func (b BF16) Float32() float32 { return math.Float32frombits(uint32(b) << 16) }

// RoundBF16 returns x rounded to the nearest bfloat16 value, as a float32:
// ToBF16(x).Float32().
func RoundBF16(x float32) float32 { return math.Float32frombits(bf16Round(math.Float32bits(x))) }

// bf16Round rounds the float32 with bits u to bfloat16 and returns the result
// as float32 bits (low 16 bits zero). It is the reference for every
// vectorised conversion, which compute the same bits.
func bf16Round(u uint32) uint32 {
	if u&0x7fffffff > 0x7f800000 {
		// NaN: keep sign and payload, set the quiet bit; the rounding add
		// below could carry a NaN with a small payload into Inf.
		return (u | 0x00400000) &^ 0xffff
	}
	return (u + 0x7fff + (u>>16)&1) &^ 0xffff
}

// ConvertToBF16 sets dst[i] = ToBF16(src[i]). It panics if the lengths
// differ.
func ConvertToBF16(dst []BF16, src []float32) {
	if len(dst) != len(src) {
		panic(bf16BadLen)
	}
	cur.bf.toBF16(dst, src)
}

// ConvertFromBF16 sets dst[i] = src[i].Float32(). It panics if the lengths
// differ.
func ConvertFromBF16(dst []float32, src []BF16) {
	if len(dst) != len(src) {
		panic(bf16BadLen)
	}
	cur.bf.fromBF16(dst, src)
}

// bf16Impl holds an ISA's bfloat16 conversion kernels. Each works on whole
// slices of equal length (checked by the caller), any length and alignment,
// and computes exactly the bits of its generic twin; nil entries fall back to
// the twin.
type bf16Impl struct {
	toBF16   func(dst []BF16, src []float32)
	fromBF16 func(dst []float32, src []BF16)
	// round sets x[i] = RoundBF16(x[i]) in place.
	round func(x []float32)
	// pairs sets dst[j] = bits(ToBF16(r0[j])) | bits(ToBF16(r1[j]))<<16, the
	// k-pair words of the bfloat16 panels; pairsOf does the same for rows
	// that are bfloat16 already: dst[j] = r0[j] | r1[j]<<16.
	pairs   func(dst []uint32, r0, r1 []float32)
	pairsOf func(dst []uint32, r0, r1 []BF16)
	// pairsPanels, if set, is pairs with word j stored at
	// dst[(j/w)*ps + j%w] (one k-pair row across panels of width w, a
	// multiple of 8, and stride ps), in one pass.
	pairsPanels func(dst []uint32, r0, r1 []float32, w, ps int)
}

func (b *bf16Impl) fill() {
	if b.toBF16 == nil {
		b.toBF16 = toBF16Generic
	}
	if b.fromBF16 == nil {
		b.fromBF16 = fromBF16Generic
	}
	if b.round == nil {
		b.round = roundBF16Generic
	}
	if b.pairs == nil {
		b.pairs = pairsBF16Generic
	}
	if b.pairsOf == nil {
		b.pairsOf = pairsOfBF16Generic
	}
}

func init() {
	for _, p := range isas {
		p.bf.fill()
		if p.sb.kernel == nil && p.sb.pairKernel == nil {
			p.sb = p.s // no native bfloat16: float32 kernels on rounded panels
		}
	}
}

func toBF16Generic(dst []BF16, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = ToBF16(v)
	}
}

func fromBF16Generic(dst []float32, src []BF16) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = v.Float32()
	}
}

func roundBF16Generic(x []float32) {
	for i, v := range x {
		x[i] = RoundBF16(v)
	}
}

func pairsBF16Generic(dst []uint32, r0, r1 []float32) {
	r0 = r0[:len(dst)]
	r1 = r1[:len(dst)]
	for j := range dst {
		dst[j] = bf16Round(math.Float32bits(r0[j]))>>16 | bf16Round(math.Float32bits(r1[j]))&0xffff0000
	}
}

func pairsOfBF16Generic(dst []uint32, r0, r1 []BF16) {
	r0 = r0[:len(dst)]
	r1 = r1[:len(dst)]
	for j := range dst {
		dst[j] = uint32(r0[j]) | uint32(r1[j])<<16
	}
}

// The panels of the native bfloat16 kernels hold words, the float32
// workspaces of the driver floats and bfloat16 scratch rows: the same 4-byte
// aligned memory seen three ways.

func bf16Bits(x []BF16) []uint16 {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}

func asWords(x []float32) []uint32 {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}

func wordsAsFloats(x []uint32) []float32 {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}

func asBF16s(x []float32) []BF16 {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*BF16)(unsafe.Pointer(unsafe.SliceData(x))), 2*len(x))
}
