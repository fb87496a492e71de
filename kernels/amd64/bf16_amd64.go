//go:build !purego

package amd64

import (
	"math"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// HasAVX512BF16 reports whether this CPU and OS can run the native bfloat16
// GEMM kernel (AVX512_BF16's VDPBF16PS, with AVX-512F, BW and BMI2).
var HasAVX512BF16 = HasAVX512 && cpu.X86.HasAVX512BF16 && cpu.X86.HasAVX512BW

// bf16Bits is the reference rounding of float32 bits to bfloat16 bits (the
// twin of the kernels package's, which its tests compare these against).
func bf16Bits(u uint32) uint16 {
	if u&0x7fffffff > 0x7f800000 {
		return uint16((u | 0x00400000) >> 16)
	}
	return uint16((u + 0x7fff + (u>>16)&1) >> 16)
}

// The conversions below come in AVX-512F and AVX2 versions, bit for bit the
// same; the AVX2 ones serve the AVX2 path's SgemmBF16 (rounded float32
// panels). Each has this Go loop as its reference, and panics if the
// lengths differ.

// RoundBF16AVX512 and RoundBF16AVX2 round x to bfloat16 values in place:
//
//	for i := range x {
//		x[i] = math.Float32frombits(uint32(bf16Bits(math.Float32bits(x[i]))) << 16)
//	}
func RoundBF16AVX512(x []float32) { roundBF16(roundBF16AVX512, x) }
func RoundBF16AVX2(x []float32)   { roundBF16(roundBF16AVX2, x) }

// ToBF16AVX512 and ToBF16AVX2 narrow to bfloat16 bits, rounding to nearest
// even:
//
//	for i, v := range src {
//		dst[i] = bf16Bits(math.Float32bits(v))
//	}
func ToBF16AVX512(dst []uint16, src []float32) { toBF16(toBF16AVX512, dst, src) }
func ToBF16AVX2(dst []uint16, src []float32)   { toBF16(toBF16AVX2, dst, src) }

// FromBF16AVX512 and FromBF16AVX2 widen bfloat16 bits to float32 (exact):
//
//	for i, h := range src {
//		dst[i] = math.Float32frombits(uint32(h) << 16)
//	}
func FromBF16AVX512(dst []float32, src []uint16) { fromBF16(fromBF16AVX512, dst, src) }
func FromBF16AVX2(dst []float32, src []uint16)   { fromBF16(fromBF16AVX2, dst, src) }

// PairsBF16AVX512 and PairsBF16AVX2 interleave two rows rounded to bfloat16
// into the k-pair words of the bfloat16 GEMM panels:
//
//	for j := range dst {
//		dst[j] = uint32(bf16Bits(math.Float32bits(r0[j]))) | uint32(bf16Bits(math.Float32bits(r1[j])))<<16
//	}
func PairsBF16AVX512(dst []uint32, r0, r1 []float32) { pairsBF16(pairsBF16AVX512, dst, r0, r1) }
func PairsBF16AVX2(dst []uint32, r0, r1 []float32)   { pairsBF16(pairsBF16AVX2, dst, r0, r1) }

// PairsOfBF16AVX512 and PairsOfBF16AVX2 interleave two rows of bfloat16 bits
// into k-pair words:
//
//	for j := range dst {
//		dst[j] = uint32(r0[j]) | uint32(r1[j])<<16
//	}
func PairsOfBF16AVX512(dst []uint32, r0, r1 []uint16) { pairsOf(pairsOfBF16AVX512, dst, r0, r1) }
func PairsOfBF16AVX2(dst []uint32, r0, r1 []uint16)   { pairsOf(pairsOfBF16AVX2, dst, r0, r1) }

// PairsPanelsBF16AVX512 is PairsBF16AVX512 with word j stored at
// dst[(j/w)*ps + j%w]: one k-pair row of consecutive panels of width w
// (a multiple of 8) and stride ps ≥ w, written in one pass:
//
//	for j := range r0 {
//		dst[(j/w)*ps+j%w] = uint32(bf16Bits(math.Float32bits(r0[j]))) | uint32(bf16Bits(math.Float32bits(r1[j])))<<16
//	}
//
// It panics if the lengths differ, w is not a positive multiple of 8, ps < w,
// or dst is too short.
func PairsPanelsBF16AVX512(dst []uint32, r0, r1 []float32, w, ps int) {
	n := len(r0)
	if len(r1) != n {
		panic(badLen)
	}
	if w <= 0 || w%8 != 0 || ps < w {
		panic(badPanel)
	}
	if n == 0 {
		return
	}
	if len(dst) < (n-1)/w*ps+(n-1)%w+1 {
		panic(shortC)
	}
	v := n &^ 15
	if v > 0 {
		pairsPanelsBF16AVX512(unsafe.SliceData(dst), unsafe.SliceData(r0), unsafe.SliceData(r1), v, w, ps)
	}
	for j := v; j < n; j++ {
		dst[(j/w)*ps+j%w] = uint32(bf16Bits(math.Float32bits(r0[j]))) | uint32(bf16Bits(math.Float32bits(r1[j])))<<16
	}
}

const badPanel = "amd64: bad panel width or stride"

// The assembly handles whole blocks of 16 elements, the wrappers the rest.

func roundBF16(f func(*float32, int), x []float32) {
	v := len(x) &^ 15
	if v > 0 {
		f(unsafe.SliceData(x), v)
	}
	for i := v; i < len(x); i++ {
		x[i] = math.Float32frombits(uint32(bf16Bits(math.Float32bits(x[i]))) << 16)
	}
}

func toBF16(f func(*uint16, *float32, int), dst []uint16, src []float32) {
	if len(dst) != len(src) {
		panic(badLen)
	}
	v := len(src) &^ 15
	if v > 0 {
		f(unsafe.SliceData(dst), unsafe.SliceData(src), v)
	}
	for i := v; i < len(src); i++ {
		dst[i] = bf16Bits(math.Float32bits(src[i]))
	}
}

func fromBF16(f func(*float32, *uint16, int), dst []float32, src []uint16) {
	if len(dst) != len(src) {
		panic(badLen)
	}
	v := len(src) &^ 15
	if v > 0 {
		f(unsafe.SliceData(dst), unsafe.SliceData(src), v)
	}
	for i := v; i < len(src); i++ {
		dst[i] = math.Float32frombits(uint32(src[i]) << 16)
	}
}

func pairsBF16(f func(*uint32, *float32, *float32, int), dst []uint32, r0, r1 []float32) {
	if len(r0) != len(dst) || len(r1) != len(dst) {
		panic(badLen)
	}
	v := len(dst) &^ 15
	if v > 0 {
		f(unsafe.SliceData(dst), unsafe.SliceData(r0), unsafe.SliceData(r1), v)
	}
	for j := v; j < len(dst); j++ {
		dst[j] = uint32(bf16Bits(math.Float32bits(r0[j]))) | uint32(bf16Bits(math.Float32bits(r1[j])))<<16
	}
}

func pairsOf(f func(*uint32, *uint16, *uint16, int), dst []uint32, r0, r1 []uint16) {
	if len(r0) != len(dst) || len(r1) != len(dst) {
		panic(badLen)
	}
	v := len(dst) &^ 15
	if v > 0 {
		f(unsafe.SliceData(dst), unsafe.SliceData(r0), unsafe.SliceData(r1), v)
	}
	for j := v; j < len(dst); j++ {
		dst[j] = uint32(r0[j]) | uint32(r1[j])<<16
	}
}

// Assembly, n a multiple of 16 (bf16_amd64.s: AVX-512F; bf16_avx2_amd64.s:
// AVX2).

//go:noescape
func roundBF16AVX512(x *float32, n int)

//go:noescape
func toBF16AVX512(dst *uint16, src *float32, n int)

//go:noescape
func fromBF16AVX512(dst *float32, src *uint16, n int)

//go:noescape
func pairsBF16AVX512(dst *uint32, r0, r1 *float32, n int)

//go:noescape
func pairsOfBF16AVX512(dst *uint32, r0, r1 *uint16, n int)

//go:noescape
func pairsPanelsBF16AVX512(dst *uint32, r0, r1 *float32, n, w, ps int)

//go:noescape
func roundBF16AVX2(x *float32, n int)

//go:noescape
func toBF16AVX2(dst *uint16, src *float32, n int)

//go:noescape
func fromBF16AVX2(dst *float32, src *uint16, n int)

//go:noescape
func pairsBF16AVX2(dst *uint32, r0, r1 *float32, n int)

//go:noescape
func pairsOfBF16AVX2(dst *uint32, r0, r1 *uint16, n int)

// Register tile of the AVX512_BF16 GEMM micro-kernel: MR rows of C, NR
// columns (three vectors of 16 float32 accumulators per row).
const SgemmBF16AVX512MR, SgemmBF16AVX512NR = 8, 48

// SgemmBF16AVX512 computes one tile of C from bfloat16 pair panels with
// AVX512_BF16 (VDPBF16PS). For i < m ≤ 8 and j < n ≤ 48:
//
//	var s float32
//	for p := 0; p < k; p++ { // k counts pairs
//		x, y := a[p*8+i], b[p*48+j]
//		s += bf16(x>>16)·bf16(y>>16) + bf16(x&0xffff)·bf16(y&0xffff)
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// a is an 8-row pair panel (word p*8+i holds elements 2p and 2p+1 of row i,
// the first in the low half), b a 48-column one; both are read whole
// (zero-padded by the packing), and nothing outside the m×n tile of C is
// written. VDPBF16PS flushes subnormal bfloat16 inputs and float32 results
// to zero and rounds to nearest even. It panics if a slice is too short.
func SgemmBF16AVX512(k int, alpha float32, a, b []uint32, beta float32, c []float32, ldc, m, n int) {
	const mr, nr = SgemmBF16AVX512MR, SgemmBF16AVX512NR
	if checkTile(mr, nr, k, len(a), len(b), nr, len(c), ldc, m, n) {
		if len(b) < nr*k {
			panic(shortB)
		}
		sgemmBF16AVX512(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), beta, unsafe.SliceData(c), ldc, m, n)
	}
}

//go:noescape
func sgemmBF16AVX512(k int, alpha float32, a, b *uint32, beta float32, c *float32, ldc, m, n int)
