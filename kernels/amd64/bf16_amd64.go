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

// RoundBF16AVX512 rounds every element of x to the nearest bfloat16 value in
// place (ties to even, NaN kept a quiet NaN), with AVX-512F:
//
//	for i := range x {
//		x[i] = math.Float32frombits(uint32(bf16Bits(math.Float32bits(x[i]))) << 16)
//	}
func RoundBF16AVX512(x []float32) {
	v := len(x) &^ 15
	if v > 0 {
		roundBF16AVX512(unsafe.SliceData(x), v)
	}
	for i := v; i < len(x); i++ {
		x[i] = math.Float32frombits(uint32(bf16Bits(math.Float32bits(x[i]))) << 16)
	}
}

// ToBF16AVX512 sets dst[i] to the bfloat16 bits of src[i], rounded to nearest
// even, with AVX-512F:
//
//	for i, v := range src {
//		dst[i] = bf16Bits(math.Float32bits(v))
//	}
//
// It panics if the lengths differ.
func ToBF16AVX512(dst []uint16, src []float32) {
	if len(dst) != len(src) {
		panic(badLen)
	}
	v := len(src) &^ 15
	if v > 0 {
		toBF16AVX512(unsafe.SliceData(dst), unsafe.SliceData(src), v)
	}
	for i := v; i < len(src); i++ {
		dst[i] = bf16Bits(math.Float32bits(src[i]))
	}
}

// FromBF16AVX512 widens bfloat16 bits to float32 (exact), with AVX-512F:
//
//	for i, h := range src {
//		dst[i] = math.Float32frombits(uint32(h) << 16)
//	}
//
// It panics if the lengths differ.
func FromBF16AVX512(dst []float32, src []uint16) {
	if len(dst) != len(src) {
		panic(badLen)
	}
	v := len(src) &^ 15
	if v > 0 {
		fromBF16AVX512(unsafe.SliceData(dst), unsafe.SliceData(src), v)
	}
	for i := v; i < len(src); i++ {
		dst[i] = math.Float32frombits(uint32(src[i]) << 16)
	}
}

// PairsBF16AVX512 interleaves two rows rounded to bfloat16 into the k-pair
// words of the bfloat16 GEMM panels, with AVX-512F:
//
//	for j := range dst {
//		dst[j] = uint32(bf16Bits(math.Float32bits(r0[j]))) | uint32(bf16Bits(math.Float32bits(r1[j])))<<16
//	}
//
// It panics if the lengths differ.
func PairsBF16AVX512(dst []uint32, r0, r1 []float32) {
	if len(r0) != len(dst) || len(r1) != len(dst) {
		panic(badLen)
	}
	v := len(dst) &^ 15
	if v > 0 {
		pairsBF16AVX512(unsafe.SliceData(dst), unsafe.SliceData(r0), unsafe.SliceData(r1), v)
	}
	for j := v; j < len(dst); j++ {
		dst[j] = uint32(bf16Bits(math.Float32bits(r0[j]))) | uint32(bf16Bits(math.Float32bits(r1[j])))<<16
	}
}

//go:noescape
func roundBF16AVX512(x *float32, n int)

//go:noescape
func toBF16AVX512(dst *uint16, src *float32, n int)

//go:noescape
func fromBF16AVX512(dst *float32, src *uint16, n int)

//go:noescape
func pairsBF16AVX512(dst *uint32, r0, r1 *float32, n int)

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
