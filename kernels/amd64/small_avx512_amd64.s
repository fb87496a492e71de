// Whole small GEMVs in one call, AVX-512. Hand-written: the float32 and
// float64 kernels are the same code (PS/SS for PD/SD, 16 lanes for 8); the
// contracts and reference loops are in small_amd64.go.
//
// gemvN: four rows of A at a time against x (two vectors per iteration,
// then one, then the tail of the row), the last m mod 4 rows one at a
// time. The tail never reaches past x: for n ≥ one vector, the last full
// vector of x and of each row, ending at their ends, with the lanes not yet
// summed selected by the mask; for shorter rows x is assembled from one
// load of the largest power of two of its elements and one broadcast per
// other element, and the rows are masked loads from their starts (for the last row of A the only loads whose window, not their
// lanes, extends past an operand). A masked load's window overlapping a
// store still in flight (here: y, written by the previous call and often
// allocated right after x) waits for it, tens of cycles, even where every
// overlapping lane is masked off; this layout avoids that for x.
//
// gemvT: y in four masked accumulators per pass over the rows (two sets,
// even and odd rows), one broadcast of x[i] per row; n beyond four vectors
// takes further passes, one per four vectors of columns, each with a loop
// for the number of vectors it needs (no memory operand with an empty
// mask: a masked-off window past the end of a mapped region costs hundreds
// of cycles).
//
// Masked-off lanes are not accessed: nothing outside the operands is read
// or written. y is not read when beta is zero (beta's bits shifted left by
// one are zero only for ±0).

//go:build !purego

#include "textflag.h"

// func sgemvNSmallAVX512(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)
// Requires: AVX512F, BMI2. m, n ≥ 1 and lengths checked by the caller.
TEXT ·sgemvNSmallAVX512(SB), NOSPLIT, $0-64
	MOVQ m+0(FP), R12
	MOVQ n+8(FP), R13
	VBROADCASTSS alpha+16(FP), Z12
	MOVQ a+24(FP), R15
	MOVQ lda+32(FP), AX
	SHLQ $2, AX
	MOVQ x+40(FP), R14
	VBROADCASTSS beta+48(FP), Z13
	MOVL beta+48(FP), R11
	SHLL $1, R11
	MOVQ y+56(FP), DX
	// Z14: the tail of x, K1: its lanes, BX: the offset of the tail's
	// window from the end of the full vectors of a row. No load reaches
	// past the end of x: a masked load's window overlapping y, stored by
	// the previous call, stalls for tens of cycles even where masked off.
	MOVQ  R13, CX
	ANDQ  $15, CX
	JZ    sgemvNSmallAVX512_rows4
	CMPQ  R13, $16
	JAE   sgemvNSmallAVX512_xend
	// n < 16: x[0], …, x[n−1] into lanes 0…n−1: the largest power of
	// two p ≤ n of them with one load (which clears the other lanes), the
	// other n − p one broadcast each; the tail's window starts at the row.
	MOVQ  $-1, BX
	BZHIQ R13, BX, BX
	KMOVW BX, K1

sgemvNSmallAVX512_x8:
	CMPQ  R13, $8
	JB    sgemvNSmallAVX512_x4
	VMOVUPS (R14), Y14
	MOVQ  $8, CX
	JMP   sgemvNSmallAVX512_xlanes

sgemvNSmallAVX512_x4:
	CMPQ  R13, $4
	JB    sgemvNSmallAVX512_x2
	VMOVUPS (R14), X14
	MOVQ  $4, CX
	JMP   sgemvNSmallAVX512_xlanes

sgemvNSmallAVX512_x2:
	CMPQ  R13, $2
	JB    sgemvNSmallAVX512_x1
	VMOVSD (R14), X14
	MOVQ  $2, CX
	JMP   sgemvNSmallAVX512_xlanes

sgemvNSmallAVX512_x1:
	VMOVSS (R14), X14
	MOVQ  $1, CX
	JMP   sgemvNSmallAVX512_xlanes

sgemvNSmallAVX512_xlanes:
	// SI: x + p, CX = n − p lanes left, BX: the bit of lane p.
	LEAQ  (R14)(CX*4), SI
	MOVQ  $1, BX
	SHLXQ CX, BX, BX
	NEGQ  CX
	ADDQ  R13, CX
	JZ    sgemvNSmallAVX512_xdone

sgemvNSmallAVX512_xlane:
	KMOVW BX, K5
	VBROADCASTSS (SI), K5, Z14
	ADDQ  $4, SI
	SHLQ  $1, BX
	DECQ  CX
	JNZ   sgemvNSmallAVX512_xlane

sgemvNSmallAVX512_xdone:
	XORQ  BX, BX
	JMP   sgemvNSmallAVX512_rows4

sgemvNSmallAVX512_xend:
	// n ≥ 16: the last 16 elements of x; the tail (n mod 16 elements)
	// in the high lanes, its window ending at the end of the row.
	VMOVUPS -64(R14)(R13*4), Z14
	MOVQ  $16, BX
	SUBQ  CX, BX
	MOVQ  $-1, CX
	SHLXQ BX, CX, CX
	KMOVW CX, K1
	NEGQ  BX
	SHLQ  $2, BX

sgemvNSmallAVX512_rows4:
	CMPQ R12, $4
	JB   sgemvNSmallAVX512_rows1
	MOVQ R15, SI
	LEAQ (SI)(AX*1), R8
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	MOVQ R14, DI
	MOVQ R13, CX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7

sgemvNSmallAVX512_v2:
	CMPQ CX, $32
	JB   sgemvNSmallAVX512_v1
	VMOVUPS (DI), Z8
	VMOVUPS 64(DI), Z9
	VFMADD231PS (SI), Z8, Z0
	VFMADD231PS 64(SI), Z9, Z4
	VFMADD231PS (R8), Z8, Z1
	VFMADD231PS 64(R8), Z9, Z5
	VFMADD231PS (R9), Z8, Z2
	VFMADD231PS 64(R9), Z9, Z6
	VFMADD231PS (R10), Z8, Z3
	VFMADD231PS 64(R10), Z9, Z7
	ADDQ $128, SI
	ADDQ $128, R8
	ADDQ $128, R9
	ADDQ $128, R10
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  sgemvNSmallAVX512_v2

sgemvNSmallAVX512_v1:
	CMPQ CX, $16
	JB   sgemvNSmallAVX512_tail
	VMOVUPS (DI), Z8
	VFMADD231PS (SI), Z8, Z0
	VFMADD231PS (R8), Z8, Z1
	VFMADD231PS (R9), Z8, Z2
	VFMADD231PS (R10), Z8, Z3
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ $64, R10
	ADDQ $64, DI
	SUBQ $16, CX

sgemvNSmallAVX512_tail:
	TESTQ CX, CX
	JZ    sgemvNSmallAVX512_reduce
	VFMADD231PS (SI)(BX*1), Z14, K1, Z4
	VFMADD231PS (R8)(BX*1), Z14, K1, Z5
	VFMADD231PS (R9)(BX*1), Z14, K1, Z6
	VFMADD231PS (R10)(BX*1), Z14, K1, Z7

sgemvNSmallAVX512_reduce:
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
	VADDPS Z6, Z2, Z2
	VADDPS Z7, Z3, Z3
	// Short rows (n ≤ 8) have nothing in the upper halves.
	CMPQ R13, $8
	JBE  sgemvNSmallAVX512_half4
	VEXTRACTF64X4 $1, Z0, Y8
	VADDPS Y8, Y0, Y0
	VEXTRACTF64X4 $1, Z1, Y8
	VADDPS Y8, Y1, Y1
	VEXTRACTF64X4 $1, Z2, Y8
	VADDPS Y8, Y2, Y2
	VEXTRACTF64X4 $1, Z3, Y8
	VADDPS Y8, Y3, Y3

sgemvNSmallAVX512_half4:
	// X6 = the four row sums.
	VHADDPS Y1, Y0, Y4
	VHADDPS Y3, Y2, Y5
	VHADDPS Y5, Y4, Y6
	VEXTRACTF128 $1, Y6, X7
	VADDPS X7, X6, X6
	VMULPS X12, X6, X6
	TESTL R11, R11
	JZ    sgemvNSmallAVX512_store4
	VFMADD231PS (DX), X13, X6

sgemvNSmallAVX512_store4:
	VMOVUPS X6, (DX)
	ADDQ $16, DX
	LEAQ (R15)(AX*4), R15
	SUBQ $4, R12
	JMP  sgemvNSmallAVX512_rows4

sgemvNSmallAVX512_rows1:
	TESTQ R12, R12
	JZ    sgemvNSmallAVX512_end
	MOVQ R15, SI
	MOVQ R14, DI
	MOVQ R13, CX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1

sgemvNSmallAVX512_r1v1:
	CMPQ CX, $16
	JB   sgemvNSmallAVX512_r1tail
	VMOVUPS (DI), Z8
	VFMADD231PS (SI), Z8, Z0
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  sgemvNSmallAVX512_r1v1

sgemvNSmallAVX512_r1tail:
	TESTQ CX, CX
	JZ    sgemvNSmallAVX512_r1reduce
	VFMADD231PS (SI)(BX*1), Z14, K1, Z1

sgemvNSmallAVX512_r1reduce:
	// Short rows (n < 16) have their sums in lanes 0…n−1 of Z1 only:
	// the halving steps beyond n are skipped.
	CMPQ R13, $16
	JAE  sgemvNSmallAVX512_r1full
	VMOVAPD Z1, Z0
	CMPQ R13, $8
	JBE  sgemvNSmallAVX512_r1h
	JMP  sgemvNSmallAVX512_r1z

sgemvNSmallAVX512_r1full:
	VADDPS Z1, Z0, Z0

sgemvNSmallAVX512_r1z:
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS Y1, Y0, Y0

sgemvNSmallAVX512_r1h:
	CMPQ R13, $4
	JBE  sgemvNSmallAVX512_r1q
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0

sgemvNSmallAVX512_r1q:
	CMPQ R13, $2
	JBE  sgemvNSmallAVX512_r1e
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0

sgemvNSmallAVX512_r1e:
	CMPQ R13, $1
	JBE  sgemvNSmallAVX512_r1s
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0

sgemvNSmallAVX512_r1s:
	VMULSS X12, X0, X0
	TESTL R11, R11
	JZ    sgemvNSmallAVX512_store1
	VFMADD231SS (DX), X13, X0

sgemvNSmallAVX512_store1:
	VMOVSS X0, (DX)
	ADDQ $4, DX
	ADDQ AX, R15
	DECQ R12
	JMP  sgemvNSmallAVX512_rows1

sgemvNSmallAVX512_end:
	VZEROUPPER
	RET

// func sgemvTSmallAVX512(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)
// Requires: AVX512F, BMI2. m, n ≥ 1 and lengths checked by the caller.
// Each pass takes up to four vectors of columns with a loop for the number
// of vectors it needs: no memory operand has an empty mask (a masked-off
// window past the end of a can cost hundreds of cycles).
TEXT ·sgemvTSmallAVX512(SB), NOSPLIT, $0-64
	MOVQ n+8(FP), R13
	VBROADCASTSS alpha+16(FP), Z12
	MOVQ a+24(FP), R15
	MOVQ lda+32(FP), AX
	SHLQ $2, AX
	LEAQ (AX)(AX*1), R10
	VBROADCASTSS beta+48(FP), Z13
	MOVL beta+48(FP), R11
	SHLL $1, R11
	MOVQ y+56(FP), DX

sgemvTSmallAVX512_pass:
	// K1…K4: the columns of this pass below n (64 per pass).
	MOVQ  $-1, CX
	CMPQ  R13, $64
	JAE   sgemvTSmallAVX512_masks
	BZHIQ R13, CX, CX

sgemvTSmallAVX512_masks:
	KMOVW CX, K1
	SHRQ  $16, CX
	KMOVW CX, K2
	SHRQ  $16, CX
	KMOVW CX, K3
	SHRQ  $16, CX
	KMOVW CX, K4
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	MOVQ m+0(FP), R12
	MOVQ x+40(FP), DI
	MOVQ R15, SI
	LEAQ (SI)(AX*1), R8
	CMPQ R13, $16
	JBE  sgemvTSmallAVX512_rows2_1
	CMPQ R13, $32
	JBE  sgemvTSmallAVX512_rows2_2
	CMPQ R13, $48
	JBE  sgemvTSmallAVX512_rows2_3

sgemvTSmallAVX512_rows2_4:
	CMPQ R12, $2
	JB   sgemvTSmallAVX512_rows1_4
	VBROADCASTSS (DI), Z8
	VBROADCASTSS 4(DI), Z9
	VFMADD231PS 0(SI), Z8, K1, Z0
	VFMADD231PS 64(SI), Z8, K2, Z1
	VFMADD231PS 128(SI), Z8, K3, Z2
	VFMADD231PS 192(SI), Z8, K4, Z3
	VFMADD231PS 0(R8), Z9, K1, Z4
	VFMADD231PS 64(R8), Z9, K2, Z5
	VFMADD231PS 128(R8), Z9, K3, Z6
	VFMADD231PS 192(R8), Z9, K4, Z7
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $8, DI
	SUBQ $2, R12
	JMP  sgemvTSmallAVX512_rows2_4

sgemvTSmallAVX512_rows1_4:
	TESTQ R12, R12
	JZ    sgemvTSmallAVX512_sum
	VBROADCASTSS (DI), Z8
	VFMADD231PS 0(SI), Z8, K1, Z0
	VFMADD231PS 64(SI), Z8, K2, Z1
	VFMADD231PS 128(SI), Z8, K3, Z2
	VFMADD231PS 192(SI), Z8, K4, Z3
	JMP   sgemvTSmallAVX512_sum

sgemvTSmallAVX512_rows2_3:
	CMPQ R12, $2
	JB   sgemvTSmallAVX512_rows1_3
	VBROADCASTSS (DI), Z8
	VBROADCASTSS 4(DI), Z9
	VFMADD231PS 0(SI), Z8, K1, Z0
	VFMADD231PS 64(SI), Z8, K2, Z1
	VFMADD231PS 128(SI), Z8, K3, Z2
	VFMADD231PS 0(R8), Z9, K1, Z4
	VFMADD231PS 64(R8), Z9, K2, Z5
	VFMADD231PS 128(R8), Z9, K3, Z6
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $8, DI
	SUBQ $2, R12
	JMP  sgemvTSmallAVX512_rows2_3

sgemvTSmallAVX512_rows1_3:
	TESTQ R12, R12
	JZ    sgemvTSmallAVX512_sum
	VBROADCASTSS (DI), Z8
	VFMADD231PS 0(SI), Z8, K1, Z0
	VFMADD231PS 64(SI), Z8, K2, Z1
	VFMADD231PS 128(SI), Z8, K3, Z2
	JMP   sgemvTSmallAVX512_sum

sgemvTSmallAVX512_rows2_2:
	CMPQ R12, $2
	JB   sgemvTSmallAVX512_rows1_2
	VBROADCASTSS (DI), Z8
	VBROADCASTSS 4(DI), Z9
	VFMADD231PS 0(SI), Z8, K1, Z0
	VFMADD231PS 64(SI), Z8, K2, Z1
	VFMADD231PS 0(R8), Z9, K1, Z4
	VFMADD231PS 64(R8), Z9, K2, Z5
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $8, DI
	SUBQ $2, R12
	JMP  sgemvTSmallAVX512_rows2_2

sgemvTSmallAVX512_rows1_2:
	TESTQ R12, R12
	JZ    sgemvTSmallAVX512_sum
	VBROADCASTSS (DI), Z8
	VFMADD231PS 0(SI), Z8, K1, Z0
	VFMADD231PS 64(SI), Z8, K2, Z1
	JMP   sgemvTSmallAVX512_sum

sgemvTSmallAVX512_rows2_1:
	CMPQ R12, $2
	JB   sgemvTSmallAVX512_rows1_1
	VBROADCASTSS (DI), Z8
	VBROADCASTSS 4(DI), Z9
	VFMADD231PS 0(SI), Z8, K1, Z0
	VFMADD231PS 0(R8), Z9, K1, Z4
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $8, DI
	SUBQ $2, R12
	JMP  sgemvTSmallAVX512_rows2_1

sgemvTSmallAVX512_rows1_1:
	TESTQ R12, R12
	JZ    sgemvTSmallAVX512_sum
	VBROADCASTSS (DI), Z8
	VFMADD231PS 0(SI), Z8, K1, Z0
	JMP   sgemvTSmallAVX512_sum

sgemvTSmallAVX512_sum:
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
	VADDPS Z6, Z2, Z2
	VADDPS Z7, Z3, Z3
	VMULPS Z12, Z0, Z0
	VMULPS Z12, Z1, Z1
	VMULPS Z12, Z2, Z2
	VMULPS Z12, Z3, Z3
	TESTL R11, R11
	JZ    sgemvTSmallAVX512_store
	VMOVUPS.Z (DX), K1, Z8
	VFMADD231PS Z8, Z13, Z0
	CMPQ R13, $16
	JBE  sgemvTSmallAVX512_store
	VMOVUPS.Z 64(DX), K2, Z9
	VFMADD231PS Z9, Z13, Z1
	CMPQ R13, $32
	JBE  sgemvTSmallAVX512_store
	VMOVUPS.Z 128(DX), K3, Z10
	VFMADD231PS Z10, Z13, Z2
	CMPQ R13, $48
	JBE  sgemvTSmallAVX512_store
	VMOVUPS.Z 192(DX), K4, Z11
	VFMADD231PS Z11, Z13, Z3

sgemvTSmallAVX512_store:
	VMOVUPS Z0, K1, (DX)
	CMPQ R13, $16
	JBE  sgemvTSmallAVX512_end
	VMOVUPS Z1, K2, 64(DX)
	CMPQ R13, $32
	JBE  sgemvTSmallAVX512_end
	VMOVUPS Z2, K3, 128(DX)
	CMPQ R13, $48
	JBE  sgemvTSmallAVX512_end
	VMOVUPS Z3, K4, 192(DX)
	SUBQ $64, R13
	JBE  sgemvTSmallAVX512_end
	ADDQ $256, R15
	ADDQ $256, DX
	JMP  sgemvTSmallAVX512_pass

sgemvTSmallAVX512_end:
	VZEROUPPER
	RET

// func dgemvNSmallAVX512(m, n int, alpha float64, a *float64, lda int, x *float64, beta float64, y *float64)
// Requires: AVX512F, BMI2. m, n ≥ 1 and lengths checked by the caller.
TEXT ·dgemvNSmallAVX512(SB), NOSPLIT, $0-64
	MOVQ m+0(FP), R12
	MOVQ n+8(FP), R13
	VBROADCASTSD alpha+16(FP), Z12
	MOVQ a+24(FP), R15
	MOVQ lda+32(FP), AX
	SHLQ $3, AX
	MOVQ x+40(FP), R14
	VBROADCASTSD beta+48(FP), Z13
	MOVQ beta+48(FP), R11
	SHLQ $1, R11
	MOVQ y+56(FP), DX
	// Z14: the tail of x, K1: its lanes, BX: the offset of the tail's
	// window from the end of the full vectors of a row. No load reaches
	// past the end of x: a masked load's window overlapping y, stored by
	// the previous call, stalls for tens of cycles even where masked off.
	MOVQ  R13, CX
	ANDQ  $7, CX
	JZ    dgemvNSmallAVX512_rows4
	CMPQ  R13, $8
	JAE   dgemvNSmallAVX512_xend
	// n < 8: x[0], …, x[n−1] into lanes 0…n−1: the largest power of
	// two p ≤ n of them with one load (which clears the other lanes), the
	// other n − p one broadcast each; the tail's window starts at the row.
	MOVQ  $-1, BX
	BZHIQ R13, BX, BX
	KMOVW BX, K1

dgemvNSmallAVX512_x4:
	CMPQ  R13, $4
	JB    dgemvNSmallAVX512_x2
	VMOVUPD (R14), Y14
	MOVQ  $4, CX
	JMP   dgemvNSmallAVX512_xlanes

dgemvNSmallAVX512_x2:
	CMPQ  R13, $2
	JB    dgemvNSmallAVX512_x1
	VMOVUPD (R14), X14
	MOVQ  $2, CX
	JMP   dgemvNSmallAVX512_xlanes

dgemvNSmallAVX512_x1:
	VMOVSD (R14), X14
	MOVQ  $1, CX
	JMP   dgemvNSmallAVX512_xlanes

dgemvNSmallAVX512_xlanes:
	// SI: x + p, CX = n − p lanes left, BX: the bit of lane p.
	LEAQ  (R14)(CX*8), SI
	MOVQ  $1, BX
	SHLXQ CX, BX, BX
	NEGQ  CX
	ADDQ  R13, CX
	JZ    dgemvNSmallAVX512_xdone

dgemvNSmallAVX512_xlane:
	KMOVW BX, K5
	VBROADCASTSD (SI), K5, Z14
	ADDQ  $8, SI
	SHLQ  $1, BX
	DECQ  CX
	JNZ   dgemvNSmallAVX512_xlane

dgemvNSmallAVX512_xdone:
	XORQ  BX, BX
	JMP   dgemvNSmallAVX512_rows4

dgemvNSmallAVX512_xend:
	// n ≥ 8: the last 8 elements of x; the tail (n mod 8 elements)
	// in the high lanes, its window ending at the end of the row.
	VMOVUPD -64(R14)(R13*8), Z14
	MOVQ  $8, BX
	SUBQ  CX, BX
	MOVQ  $-1, CX
	SHLXQ BX, CX, CX
	KMOVW CX, K1
	NEGQ  BX
	SHLQ  $3, BX

dgemvNSmallAVX512_rows4:
	CMPQ R12, $4
	JB   dgemvNSmallAVX512_rows1
	MOVQ R15, SI
	LEAQ (SI)(AX*1), R8
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	MOVQ R14, DI
	MOVQ R13, CX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7

dgemvNSmallAVX512_v2:
	CMPQ CX, $16
	JB   dgemvNSmallAVX512_v1
	VMOVUPD (DI), Z8
	VMOVUPD 64(DI), Z9
	VFMADD231PD (SI), Z8, Z0
	VFMADD231PD 64(SI), Z9, Z4
	VFMADD231PD (R8), Z8, Z1
	VFMADD231PD 64(R8), Z9, Z5
	VFMADD231PD (R9), Z8, Z2
	VFMADD231PD 64(R9), Z9, Z6
	VFMADD231PD (R10), Z8, Z3
	VFMADD231PD 64(R10), Z9, Z7
	ADDQ $128, SI
	ADDQ $128, R8
	ADDQ $128, R9
	ADDQ $128, R10
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  dgemvNSmallAVX512_v2

dgemvNSmallAVX512_v1:
	CMPQ CX, $8
	JB   dgemvNSmallAVX512_tail
	VMOVUPD (DI), Z8
	VFMADD231PD (SI), Z8, Z0
	VFMADD231PD (R8), Z8, Z1
	VFMADD231PD (R9), Z8, Z2
	VFMADD231PD (R10), Z8, Z3
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ $64, R10
	ADDQ $64, DI
	SUBQ $8, CX

dgemvNSmallAVX512_tail:
	TESTQ CX, CX
	JZ    dgemvNSmallAVX512_reduce
	VFMADD231PD (SI)(BX*1), Z14, K1, Z4
	VFMADD231PD (R8)(BX*1), Z14, K1, Z5
	VFMADD231PD (R9)(BX*1), Z14, K1, Z6
	VFMADD231PD (R10)(BX*1), Z14, K1, Z7

dgemvNSmallAVX512_reduce:
	VADDPD Z4, Z0, Z0
	VADDPD Z5, Z1, Z1
	VADDPD Z6, Z2, Z2
	VADDPD Z7, Z3, Z3
	// Short rows (n ≤ 4) have nothing in the upper halves.
	CMPQ R13, $4
	JBE  dgemvNSmallAVX512_half4
	VEXTRACTF64X4 $1, Z0, Y8
	VADDPD Y8, Y0, Y0
	VEXTRACTF64X4 $1, Z1, Y8
	VADDPD Y8, Y1, Y1
	VEXTRACTF64X4 $1, Z2, Y8
	VADDPD Y8, Y2, Y2
	VEXTRACTF64X4 $1, Z3, Y8
	VADDPD Y8, Y3, Y3

dgemvNSmallAVX512_half4:
	// Y6 = the four row sums.
	VHADDPD Y1, Y0, Y4
	VHADDPD Y3, Y2, Y5
	VPERM2F128 $0x20, Y5, Y4, Y6
	VPERM2F128 $0x31, Y5, Y4, Y7
	VADDPD Y7, Y6, Y6
	VMULPD Y12, Y6, Y6
	TESTQ R11, R11
	JZ    dgemvNSmallAVX512_store4
	VFMADD231PD (DX), Y13, Y6

dgemvNSmallAVX512_store4:
	VMOVUPD Y6, (DX)
	ADDQ $32, DX
	LEAQ (R15)(AX*4), R15
	SUBQ $4, R12
	JMP  dgemvNSmallAVX512_rows4

dgemvNSmallAVX512_rows1:
	TESTQ R12, R12
	JZ    dgemvNSmallAVX512_end
	MOVQ R15, SI
	MOVQ R14, DI
	MOVQ R13, CX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1

dgemvNSmallAVX512_r1v1:
	CMPQ CX, $8
	JB   dgemvNSmallAVX512_r1tail
	VMOVUPD (DI), Z8
	VFMADD231PD (SI), Z8, Z0
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  dgemvNSmallAVX512_r1v1

dgemvNSmallAVX512_r1tail:
	TESTQ CX, CX
	JZ    dgemvNSmallAVX512_r1reduce
	VFMADD231PD (SI)(BX*1), Z14, K1, Z1

dgemvNSmallAVX512_r1reduce:
	// Short rows (n < 8) have their sums in lanes 0…n−1 of Z1 only:
	// the halving steps beyond n are skipped.
	CMPQ R13, $8
	JAE  dgemvNSmallAVX512_r1full
	VMOVAPD Z1, Z0
	CMPQ R13, $4
	JBE  dgemvNSmallAVX512_r1h
	JMP  dgemvNSmallAVX512_r1z

dgemvNSmallAVX512_r1full:
	VADDPD Z1, Z0, Z0

dgemvNSmallAVX512_r1z:
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD Y1, Y0, Y0

dgemvNSmallAVX512_r1h:
	CMPQ R13, $2
	JBE  dgemvNSmallAVX512_r1q
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0

dgemvNSmallAVX512_r1q:
	CMPQ R13, $1
	JBE  dgemvNSmallAVX512_r1s
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0

dgemvNSmallAVX512_r1s:
	VMULSD X12, X0, X0
	TESTQ R11, R11
	JZ    dgemvNSmallAVX512_store1
	VFMADD231SD (DX), X13, X0

dgemvNSmallAVX512_store1:
	VMOVSD X0, (DX)
	ADDQ $8, DX
	ADDQ AX, R15
	DECQ R12
	JMP  dgemvNSmallAVX512_rows1

dgemvNSmallAVX512_end:
	VZEROUPPER
	RET

// func dgemvTSmallAVX512(m, n int, alpha float64, a *float64, lda int, x *float64, beta float64, y *float64)
// Requires: AVX512F, BMI2. m, n ≥ 1 and lengths checked by the caller.
// Each pass takes up to four vectors of columns with a loop for the number
// of vectors it needs: no memory operand has an empty mask (a masked-off
// window past the end of a can cost hundreds of cycles).
TEXT ·dgemvTSmallAVX512(SB), NOSPLIT, $0-64
	MOVQ n+8(FP), R13
	VBROADCASTSD alpha+16(FP), Z12
	MOVQ a+24(FP), R15
	MOVQ lda+32(FP), AX
	SHLQ $3, AX
	LEAQ (AX)(AX*1), R10
	VBROADCASTSD beta+48(FP), Z13
	MOVQ beta+48(FP), R11
	SHLQ $1, R11
	MOVQ y+56(FP), DX

dgemvTSmallAVX512_pass:
	// K1…K4: the columns of this pass below n (32 per pass).
	MOVQ  $-1, CX
	CMPQ  R13, $32
	JAE   dgemvTSmallAVX512_masks
	BZHIQ R13, CX, CX

dgemvTSmallAVX512_masks:
	KMOVW CX, K1
	SHRQ  $8, CX
	KMOVW CX, K2
	SHRQ  $8, CX
	KMOVW CX, K3
	SHRQ  $8, CX
	KMOVW CX, K4
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	MOVQ m+0(FP), R12
	MOVQ x+40(FP), DI
	MOVQ R15, SI
	LEAQ (SI)(AX*1), R8
	CMPQ R13, $8
	JBE  dgemvTSmallAVX512_rows2_1
	CMPQ R13, $16
	JBE  dgemvTSmallAVX512_rows2_2
	CMPQ R13, $24
	JBE  dgemvTSmallAVX512_rows2_3

dgemvTSmallAVX512_rows2_4:
	CMPQ R12, $2
	JB   dgemvTSmallAVX512_rows1_4
	VBROADCASTSD (DI), Z8
	VBROADCASTSD 8(DI), Z9
	VFMADD231PD 0(SI), Z8, K1, Z0
	VFMADD231PD 64(SI), Z8, K2, Z1
	VFMADD231PD 128(SI), Z8, K3, Z2
	VFMADD231PD 192(SI), Z8, K4, Z3
	VFMADD231PD 0(R8), Z9, K1, Z4
	VFMADD231PD 64(R8), Z9, K2, Z5
	VFMADD231PD 128(R8), Z9, K3, Z6
	VFMADD231PD 192(R8), Z9, K4, Z7
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $16, DI
	SUBQ $2, R12
	JMP  dgemvTSmallAVX512_rows2_4

dgemvTSmallAVX512_rows1_4:
	TESTQ R12, R12
	JZ    dgemvTSmallAVX512_sum
	VBROADCASTSD (DI), Z8
	VFMADD231PD 0(SI), Z8, K1, Z0
	VFMADD231PD 64(SI), Z8, K2, Z1
	VFMADD231PD 128(SI), Z8, K3, Z2
	VFMADD231PD 192(SI), Z8, K4, Z3
	JMP   dgemvTSmallAVX512_sum

dgemvTSmallAVX512_rows2_3:
	CMPQ R12, $2
	JB   dgemvTSmallAVX512_rows1_3
	VBROADCASTSD (DI), Z8
	VBROADCASTSD 8(DI), Z9
	VFMADD231PD 0(SI), Z8, K1, Z0
	VFMADD231PD 64(SI), Z8, K2, Z1
	VFMADD231PD 128(SI), Z8, K3, Z2
	VFMADD231PD 0(R8), Z9, K1, Z4
	VFMADD231PD 64(R8), Z9, K2, Z5
	VFMADD231PD 128(R8), Z9, K3, Z6
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $16, DI
	SUBQ $2, R12
	JMP  dgemvTSmallAVX512_rows2_3

dgemvTSmallAVX512_rows1_3:
	TESTQ R12, R12
	JZ    dgemvTSmallAVX512_sum
	VBROADCASTSD (DI), Z8
	VFMADD231PD 0(SI), Z8, K1, Z0
	VFMADD231PD 64(SI), Z8, K2, Z1
	VFMADD231PD 128(SI), Z8, K3, Z2
	JMP   dgemvTSmallAVX512_sum

dgemvTSmallAVX512_rows2_2:
	CMPQ R12, $2
	JB   dgemvTSmallAVX512_rows1_2
	VBROADCASTSD (DI), Z8
	VBROADCASTSD 8(DI), Z9
	VFMADD231PD 0(SI), Z8, K1, Z0
	VFMADD231PD 64(SI), Z8, K2, Z1
	VFMADD231PD 0(R8), Z9, K1, Z4
	VFMADD231PD 64(R8), Z9, K2, Z5
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $16, DI
	SUBQ $2, R12
	JMP  dgemvTSmallAVX512_rows2_2

dgemvTSmallAVX512_rows1_2:
	TESTQ R12, R12
	JZ    dgemvTSmallAVX512_sum
	VBROADCASTSD (DI), Z8
	VFMADD231PD 0(SI), Z8, K1, Z0
	VFMADD231PD 64(SI), Z8, K2, Z1
	JMP   dgemvTSmallAVX512_sum

dgemvTSmallAVX512_rows2_1:
	CMPQ R12, $2
	JB   dgemvTSmallAVX512_rows1_1
	VBROADCASTSD (DI), Z8
	VBROADCASTSD 8(DI), Z9
	VFMADD231PD 0(SI), Z8, K1, Z0
	VFMADD231PD 0(R8), Z9, K1, Z4
	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ $16, DI
	SUBQ $2, R12
	JMP  dgemvTSmallAVX512_rows2_1

dgemvTSmallAVX512_rows1_1:
	TESTQ R12, R12
	JZ    dgemvTSmallAVX512_sum
	VBROADCASTSD (DI), Z8
	VFMADD231PD 0(SI), Z8, K1, Z0
	JMP   dgemvTSmallAVX512_sum

dgemvTSmallAVX512_sum:
	VADDPD Z4, Z0, Z0
	VADDPD Z5, Z1, Z1
	VADDPD Z6, Z2, Z2
	VADDPD Z7, Z3, Z3
	VMULPD Z12, Z0, Z0
	VMULPD Z12, Z1, Z1
	VMULPD Z12, Z2, Z2
	VMULPD Z12, Z3, Z3
	TESTQ R11, R11
	JZ    dgemvTSmallAVX512_store
	VMOVUPD.Z (DX), K1, Z8
	VFMADD231PD Z8, Z13, Z0
	CMPQ R13, $8
	JBE  dgemvTSmallAVX512_store
	VMOVUPD.Z 64(DX), K2, Z9
	VFMADD231PD Z9, Z13, Z1
	CMPQ R13, $16
	JBE  dgemvTSmallAVX512_store
	VMOVUPD.Z 128(DX), K3, Z10
	VFMADD231PD Z10, Z13, Z2
	CMPQ R13, $24
	JBE  dgemvTSmallAVX512_store
	VMOVUPD.Z 192(DX), K4, Z11
	VFMADD231PD Z11, Z13, Z3

dgemvTSmallAVX512_store:
	VMOVUPD Z0, K1, (DX)
	CMPQ R13, $8
	JBE  dgemvTSmallAVX512_end
	VMOVUPD Z1, K2, 64(DX)
	CMPQ R13, $16
	JBE  dgemvTSmallAVX512_end
	VMOVUPD Z2, K3, 128(DX)
	CMPQ R13, $24
	JBE  dgemvTSmallAVX512_end
	VMOVUPD Z3, K4, 192(DX)
	SUBQ $32, R13
	JBE  dgemvTSmallAVX512_end
	ADDQ $256, R15
	ADDQ $256, DX
	JMP  dgemvTSmallAVX512_pass

dgemvTSmallAVX512_end:
	VZEROUPPER
	RET

// func sdotSmallAVX512(n int, x, y *float32) float32
// Σ x[i]·y[i], n ≥ 1; for n ≤ 64 up to four masked vectors, the first two
// products independent, the other two fused into them, one tree sum (no
// loop, no dependent chain of fused multiply-adds); longer vectors jump to
// sdotAVX512. Requires: AVX512F, BMI2. n and lengths checked by the
// caller.
TEXT ·sdotSmallAVX512(SB), NOSPLIT, $0-28
	MOVQ n+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	CMPQ CX, $64
	JA   sdotSmallAVX512_long
	MOVQ  $-1, AX
	BZHIQ CX, AX, AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VMULPS (DI), Z0, K1, Z0
	CMPQ CX, $16
	JBE  sdotSmallAVX512_reduce
	SHRQ  $16, AX
	KMOVW AX, K2
	VMOVUPS.Z 64(SI), K2, Z1
	VMULPS 64(DI), Z1, K2, Z1
	CMPQ CX, $32
	JBE  sdotSmallAVX512_add
	SHRQ  $16, AX
	KMOVW AX, K3
	VMOVUPS.Z 128(SI), K3, Z2
	VFMADD231PS 128(DI), Z2, K3, Z0
	CMPQ CX, $48
	JBE  sdotSmallAVX512_add
	SHRQ  $16, AX
	KMOVW AX, K4
	VMOVUPS.Z 192(SI), K4, Z3
	VFMADD231PS 192(DI), Z3, K4, Z1

sdotSmallAVX512_add:
	VADDPS Z1, Z0, Z0

sdotSmallAVX512_reduce:
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

sdotSmallAVX512_long:
	// Longer vectors: the loop kernel (same arguments).
	JMP ·sdotAVX512(SB)

// func ddotSmallAVX512(n int, x, y *float64) float64
// Σ x[i]·y[i], n ≥ 1; for n ≤ 32 up to four masked vectors, the first two
// products independent, the other two fused into them, one tree sum (no
// loop, no dependent chain of fused multiply-adds); longer vectors jump to
// ddotAVX512. Requires: AVX512F, BMI2. n and lengths checked by the
// caller.
TEXT ·ddotSmallAVX512(SB), NOSPLIT, $0-32
	MOVQ n+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	CMPQ CX, $32
	JA   ddotSmallAVX512_long
	MOVQ  $-1, AX
	BZHIQ CX, AX, AX
	KMOVW AX, K1
	VMOVUPD.Z (SI), K1, Z0
	VMULPD (DI), Z0, K1, Z0
	CMPQ CX, $8
	JBE  ddotSmallAVX512_reduce
	SHRQ  $8, AX
	KMOVW AX, K2
	VMOVUPD.Z 64(SI), K2, Z1
	VMULPD 64(DI), Z1, K2, Z1
	CMPQ CX, $16
	JBE  ddotSmallAVX512_add
	SHRQ  $8, AX
	KMOVW AX, K3
	VMOVUPD.Z 128(SI), K3, Z2
	VFMADD231PD 128(DI), Z2, K3, Z0
	CMPQ CX, $24
	JBE  ddotSmallAVX512_add
	SHRQ  $8, AX
	KMOVW AX, K4
	VMOVUPD.Z 192(SI), K4, Z3
	VFMADD231PD 192(DI), Z3, K4, Z1

ddotSmallAVX512_add:
	VADDPD Z1, Z0, Z0

ddotSmallAVX512_reduce:
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

ddotSmallAVX512_long:
	// Longer vectors: the loop kernel (same arguments).
	JMP ·ddotAVX512(SB)
