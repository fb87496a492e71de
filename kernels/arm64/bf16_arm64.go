//go:build !purego

package arm64

import "unsafe"

// HasBF16 reports whether this CPU can run SgemmBF16NEON: Advanced SIMD and
// FEAT_BF16 (Armv8.6 BFDOT/BFMMLA/BFCVT), as the operating system reports
// it. On Linux that is the HWCAP2_BF16 bit of AT_HWCAP2 in the auxiliary
// vector (from the runtime's copy, else /proc/self/auxv); on macOS the sysctl
// hw.optional.arm.FEAT_BF16. On every other system HasBF16 is false, even on
// a CPU that has the extension.
var HasBF16 = HasNEON && osHasBF16()

// Register tile of the BF16 GEMM micro-kernel: MR rows of C, NR columns (the
// SgemmNEON tile; the kernel computes full tiles only).
const SgemmBF16NEONMR, SgemmBF16NEONNR = 8, 12

const noBF16 = "arm64: SgemmBF16NEON needs FEAT_BF16 (HasBF16 is false)"

// SgemmBF16NEON computes one full 8×12 tile of C from bfloat16 pair panels
// with the FEAT_BF16 instruction BFDOT (m must be 8 and n 12). k counts
// k-pairs: word a[p*8+i] holds bf16(A[i][2p]) in its low 16 bits and
// bf16(A[i][2p+1]) in its high 16 bits, word b[p*12+j] holds bf16(B[2p][j])
// low and bf16(B[2p+1][j]) high. With lo(w) = float32 from w<<16 and
// hi(w) = float32 from w&0xFFFF0000, for i < 8 and j < 12:
//
//	var s float32
//	for p := 0; p < k; p++ {
//		x, y := a[p*8+i], b[p*12+j]
//		s += lo(x)*lo(y) + hi(x)*hi(y)
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0 (either sign)
//
// Each k-pair is one BFDOT, whose arithmetic (Arm ARM, BFDOT with FEAT_EBF16
// absent or FPCR.EBF = 0, which Go never sets) is not that of FMLA: the
// two products are rounded to float32 (exact unless they overflow or
// underflow: a bfloat16 product has at most 16 significant bits), summed
// with a rounding, and that sum added to the accumulator with another; every
// rounding is round-to-odd (an inexact result gets its last bit set; an
// overflow gives a signed infinity), FPCR's rounding mode is ignored,
// subnormal inputs, products and sums are flushed to zero, and a NaN result
// is the default NaN. Each step thus errs by less than 2^-23 relative
// (twice round-to-nearest's bound), and contributions below 2^-126 vanish.
// The final alpha·s + beta·c is FMUL/FMLA with the usual round-to-nearest.
//
// The slices need len(a) ≥ 8k, len(b) ≥ 12k, ldc ≥ 12 and
// len(c) ≥ 7·ldc + 12. It panics if the tile or a length is wrong, with the
// messages of SgemmNEON, and when the CPU lacks FEAT_BF16 (HasBF16 false).
func SgemmBF16NEON(k int, alpha float32, a, b []uint32, beta float32, c []float32, ldc, m, n int) {
	// The pair panel of B is packed: row stride NR.
	checkFullTile(SgemmBF16NEONMR, SgemmBF16NEONNR, k, len(a), len(b), SgemmBF16NEONNR, len(c), ldc, m, n)
	if !HasBF16 {
		panic(noBF16)
	}
	sgemmBF16NEON(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), beta, unsafe.SliceData(c), ldc)
}

//go:noescape
func sgemmBF16NEON(k int, alpha float32, a, b *uint32, beta float32, c *float32, ldc int)
