//go:build !purego

#include "textflag.h"

// SGEMM micro-kernel, AVX-512, 8×48 tile (the AOCL-BLIS zen4 dgemm
// shape in single precision: three 16-float vectors per row of C).
// Go cannot keep 24 vector accumulators in registers, hence assembly.
//
// Register contract:
//	Z0–Z23   accumulators: row i of the tile is Z(3i), Z(3i+1), Z(3i+2)
//	Z24–Z26  one row of B (columns 0–15, 16–31, 32–47), masked to n columns
//	Z27–Z28  broadcast elements of A (alternating)
//	K1–K3    column masks of the three vectors (bits of (1<<n)−1)
//	AX a, BX b, CX k counter, R8 row stride of b in bytes
//	DI c row, R11 ldc in bytes, SI rows left to store

// ROWFMA multiplies the B row by A element off(AX) into the accumulators of
// one C row.
#define ROWFMA(off, bc, r0, r1, r2) \
	VBROADCASTSS off(AX), bc; \
	VFMADD231PS  Z24, bc, r0; \
	VFMADD231PS  Z25, bc, r1; \
	VFMADD231PS  Z26, bc, r2

// KSTEP is one rank-1 update: a[p*8+0..7] × b[p*rsb+0..47].
#define KSTEP(aoff) \
	VMOVUPS.Z (BX), K1, Z24; \
	VMOVUPS.Z 64(BX), K2, Z25; \
	VMOVUPS.Z 128(BX), K3, Z26; \
	ADDQ R8, BX; \
	ROWFMA(aoff+0, Z27, Z0, Z1, Z2); \
	ROWFMA(aoff+4, Z28, Z3, Z4, Z5); \
	ROWFMA(aoff+8, Z27, Z6, Z7, Z8); \
	ROWFMA(aoff+12, Z28, Z9, Z10, Z11); \
	ROWFMA(aoff+16, Z27, Z12, Z13, Z14); \
	ROWFMA(aoff+20, Z28, Z15, Z16, Z17); \
	ROWFMA(aoff+24, Z27, Z18, Z19, Z20); \
	ROWFMA(aoff+28, Z28, Z21, Z22, Z23)

// STORE0 writes alpha*acc of one row (beta == 0: C is not read).
#define STORE0(r0, r1, r2) \
	VMULPS  Z24, r0, r0; \
	VMULPS  Z24, r1, r1; \
	VMULPS  Z24, r2, r2; \
	VMOVUPS r0, K1, (DI); \
	VMOVUPS r1, K2, 64(DI); \
	VMOVUPS r2, K3, 128(DI)

// STOREB writes alpha*acc + beta*C of one row.
#define STOREB(r0, r1, r2) \
	VMOVUPS.Z   (DI), K1, Z26; \
	VMOVUPS.Z   64(DI), K2, Z27; \
	VMOVUPS.Z   128(DI), K3, Z28; \
	VMULPS      Z25, Z26, Z26; \
	VMULPS      Z25, Z27, Z27; \
	VMULPS      Z25, Z28, Z28; \
	VFMADD231PS Z24, r0, Z26; \
	VFMADD231PS Z24, r1, Z27; \
	VFMADD231PS Z24, r2, Z28; \
	VMOVUPS     Z26, K1, (DI); \
	VMOVUPS     Z27, K2, 64(DI); \
	VMOVUPS     Z28, K3, 128(DI)

// NEXTROW moves to the next row of C, or returns after the last one.
#define NEXTROW \
	DECQ SI; \
	JZ   done; \
	ADDQ R11, DI

// func sgemmAVX512(k int, alpha float32, a, b *float32, rsb int, beta float32, c *float32, ldc, m, n int)
// Requires: AVX512F, BMI2. 1 ≤ m ≤ 8, 1 ≤ n ≤ 48; lengths checked by the caller.
TEXT ·sgemmAVX512(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), CX
	MOVQ a+16(FP), AX
	MOVQ b+24(FP), BX
	MOVQ rsb+32(FP), R8
	SHLQ $2, R8

	// Column masks from n.
	MOVQ  n+72(FP), DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R10
	KMOVW R10, K1
	SHRQ  $16, R10
	KMOVW R10, K2
	SHRQ  $16, R10
	KMOVW R10, K3

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	VPXORQ Z16, Z16, Z16
	VPXORQ Z17, Z17, Z17
	VPXORQ Z18, Z18, Z18
	VPXORQ Z19, Z19, Z19
	VPXORQ Z20, Z20, Z20
	VPXORQ Z21, Z21, Z21
	VPXORQ Z22, Z22, Z22
	VPXORQ Z23, Z23, Z23

	// k loop, unrolled by 4.
	MOVQ CX, DX
	SHRQ $2, DX
	JZ   tail

loop4:
	PREFETCHT0 512(AX)
	KSTEP(0)
	KSTEP(32)
	KSTEP(64)
	KSTEP(96)
	ADDQ $128, AX
	DECQ DX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	KSTEP(0)
	ADDQ $32, AX
	DECQ CX
	JNZ  loop1

store:
	MOVQ         c+48(FP), DI
	MOVQ         ldc+56(FP), R11
	SHLQ         $2, R11
	MOVQ         m+64(FP), SI
	VBROADCASTSS alpha+8(FP), Z24
	MOVL         beta+40(FP), R12
	SHLL         $1, R12 // drop the sign: -0 is zero too
	JZ           beta0

	VBROADCASTSS beta+40(FP), Z25
	STOREB(Z0, Z1, Z2)
	NEXTROW
	STOREB(Z3, Z4, Z5)
	NEXTROW
	STOREB(Z6, Z7, Z8)
	NEXTROW
	STOREB(Z9, Z10, Z11)
	NEXTROW
	STOREB(Z12, Z13, Z14)
	NEXTROW
	STOREB(Z15, Z16, Z17)
	NEXTROW
	STOREB(Z18, Z19, Z20)
	NEXTROW
	STOREB(Z21, Z22, Z23)
	JMP done

beta0:
	STORE0(Z0, Z1, Z2)
	NEXTROW
	STORE0(Z3, Z4, Z5)
	NEXTROW
	STORE0(Z6, Z7, Z8)
	NEXTROW
	STORE0(Z9, Z10, Z11)
	NEXTROW
	STORE0(Z12, Z13, Z14)
	NEXTROW
	STORE0(Z15, Z16, Z17)
	NEXTROW
	STORE0(Z18, Z19, Z20)
	NEXTROW
	STORE0(Z21, Z22, Z23)

done:
	VZEROUPPER
	RET
