//go:build !purego

#include "textflag.h"

// SGEMM micro-kernel, AVX2+FMA, 6×16 tile (BLIS's haswell/zen shape,
// row-preferred: two 8-float vectors per row of C, 12 accumulators).
//
// Register contract:
//	Y0–Y11   accumulators: row i of the tile is Y(2i) (columns 0–7) and
//	         Y(2i+1) (columns 8–15)
//	Y12–Y13  one row of B (columns 0–7, 8–15)
//	Y14–Y15  broadcast elements of A (alternating); on the partial paths
//	         Y15 is the column mask of the one masked B vector and Y14 the
//	         only broadcast register
//	AX a, BX b, CX k counter, DX unrolled-loop counter, R8 row stride of b
//	in bytes, DI c row, R11 ldc in bytes, SI rows left to store
//
// Three k loops: n == 16 (plain loads), 8 < n < 16 (columns 8–15 masked),
// n ≤ 8 (columns 0–7 masked, odd accumulators unused). VMASKMOVPS does not
// fault on masked-off lanes, so no byte outside the m×n tile of C or the
// n columns of a B row is touched.

// maskTableS<>: eight −1 then eight 0; the 8 lanes at offset 4·(8−c) have
// their sign bit set in lanes j < c.
DATA maskTableS<>+0(SB)/8, $-1
DATA maskTableS<>+8(SB)/8, $-1
DATA maskTableS<>+16(SB)/8, $-1
DATA maskTableS<>+24(SB)/8, $-1
DATA maskTableS<>+32(SB)/8, $0
DATA maskTableS<>+40(SB)/8, $0
DATA maskTableS<>+48(SB)/8, $0
DATA maskTableS<>+56(SB)/8, $0
GLOBL maskTableS<>(SB), RODATA|NOPTR, $64

// FMA2 multiplies both B vectors by A element off(AX) into one C row.
#define FMA2(off, bc, r0, r1) \
	VBROADCASTSS off(AX), bc; \
	VFMADD231PS  Y12, bc, r0; \
	VFMADD231PS  Y13, bc, r1

// FMA1 multiplies the first B vector by A element off(AX) into one C row.
#define FMA1(off, r0) \
	VBROADCASTSS off(AX), Y14; \
	VFMADD231PS  Y12, Y14, r0

// KFULL is one rank-1 update a[p*6+0..5] × b[p*rsb+0..15] for n == 16.
#define KFULL(aoff) \
	VMOVUPS (BX), Y12; \
	VMOVUPS 32(BX), Y13; \
	ADDQ    R8, BX; \
	FMA2(aoff+0, Y14, Y0, Y1); \
	FMA2(aoff+4, Y15, Y2, Y3); \
	FMA2(aoff+8, Y14, Y4, Y5); \
	FMA2(aoff+12, Y15, Y6, Y7); \
	FMA2(aoff+16, Y14, Y8, Y9); \
	FMA2(aoff+20, Y15, Y10, Y11)

// KHIGH is one rank-1 update for 8 < n < 16 (columns 8–15 masked by Y15).
#define KHIGH(aoff) \
	VMOVUPS    (BX), Y12; \
	VMASKMOVPS 32(BX), Y15, Y13; \
	ADDQ       R8, BX; \
	FMA2(aoff+0, Y14, Y0, Y1); \
	FMA2(aoff+4, Y14, Y2, Y3); \
	FMA2(aoff+8, Y14, Y4, Y5); \
	FMA2(aoff+12, Y14, Y6, Y7); \
	FMA2(aoff+16, Y14, Y8, Y9); \
	FMA2(aoff+20, Y14, Y10, Y11)

// KLOW is one rank-1 update for n ≤ 8 (columns 0–7 masked by Y15).
#define KLOW(aoff) \
	VMASKMOVPS (BX), Y15, Y12; \
	ADDQ       R8, BX; \
	FMA1(aoff+0, Y0); \
	FMA1(aoff+4, Y2); \
	FMA1(aoff+8, Y4); \
	FMA1(aoff+12, Y6); \
	FMA1(aoff+16, Y8); \
	FMA1(aoff+20, Y10)

// Stores of one row, Y12 = alpha, Y13 = beta, Y14 scratch, Y15 mask.
// *0: beta == 0, C is not read. *B: alpha*acc + beta*C.
#define SFULL0(r0, r1) \
	VMULPS  Y12, r0, r0; \
	VMULPS  Y12, r1, r1; \
	VMOVUPS r0, (DI); \
	VMOVUPS r1, 32(DI)

#define SFULLB(r0, r1) \
	VMULPS      (DI), Y13, Y14; \
	VFMADD231PS Y12, r0, Y14; \
	VMOVUPS     Y14, (DI); \
	VMULPS      32(DI), Y13, Y14; \
	VFMADD231PS Y12, r1, Y14; \
	VMOVUPS     Y14, 32(DI)

#define SHIGH0(r0, r1) \
	VMULPS     Y12, r0, r0; \
	VMULPS     Y12, r1, r1; \
	VMOVUPS    r0, (DI); \
	VMASKMOVPS r1, Y15, 32(DI)

#define SHIGHB(r0, r1) \
	VMULPS      (DI), Y13, Y14; \
	VFMADD231PS Y12, r0, Y14; \
	VMOVUPS     Y14, (DI); \
	VMASKMOVPS  32(DI), Y15, Y14; \
	VMULPS      Y13, Y14, Y14; \
	VFMADD231PS Y12, r1, Y14; \
	VMASKMOVPS  Y14, Y15, 32(DI)

#define SLOW0(r0) \
	VMULPS     Y12, r0, r0; \
	VMASKMOVPS r0, Y15, (DI)

#define SLOWB(r0) \
	VMASKMOVPS  (DI), Y15, Y14; \
	VMULPS      Y13, Y14, Y14; \
	VFMADD231PS Y12, r0, Y14; \
	VMASKMOVPS  Y14, Y15, (DI)

// NEXTROW moves to the next row of C, or returns after the last one.
#define NEXTROW \
	DECQ SI; \
	JZ   done; \
	ADDQ R11, DI

// func sgemmAVX2(k int, alpha float32, a, b *float32, rsb int, beta float32, c *float32, ldc, m, n int)
// Requires: AVX2, FMA. 1 ≤ m ≤ 6, 1 ≤ n ≤ 16; lengths checked by the caller.
TEXT ·sgemmAVX2(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), CX
	MOVQ a+16(FP), AX
	MOVQ b+24(FP), BX
	MOVQ rsb+32(FP), R8
	SHLQ $2, R8
	MOVQ c+48(FP), DI
	MOVQ ldc+56(FP), R11
	SHLQ $2, R11

	// Warm the C tile while the k loop runs (prefetches never fault).
	MOVQ       DI, R9
	PREFETCHT0 (R9)
	PREFETCHT0 60(R9)
	ADDQ       R11, R9
	PREFETCHT0 (R9)
	PREFETCHT0 60(R9)
	ADDQ       R11, R9
	PREFETCHT0 (R9)
	PREFETCHT0 60(R9)
	ADDQ       R11, R9
	PREFETCHT0 (R9)
	PREFETCHT0 60(R9)
	ADDQ       R11, R9
	PREFETCHT0 (R9)
	PREFETCHT0 60(R9)
	ADDQ       R11, R9
	PREFETCHT0 (R9)
	PREFETCHT0 60(R9)

	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

	LEAQ maskTableS<>+32(SB), R10
	MOVQ n+72(FP), R9
	CMPQ R9, $16
	JEQ  full
	CMPQ R9, $8
	JLE  low

	// 8 < n < 16: mask of columns 8–15 from the table at −4·(n−8).
	SUBQ    $8, R9
	SHLQ    $2, R9
	SUBQ    R9, R10
	VMOVUPS (R10), Y15
	MOVQ    CX, DX
	SHRQ    $2, DX
	JZ      hightail

high4:
	KHIGH(0)
	KHIGH(24)
	KHIGH(48)
	KHIGH(72)
	ADDQ $96, AX
	DECQ DX
	JNZ  high4

hightail:
	ANDQ $3, CX
	JZ   highstore

high1:
	KHIGH(0)
	ADDQ $24, AX
	DECQ CX
	JNZ  high1

highstore:
	MOVQ         m+64(FP), SI
	VBROADCASTSS alpha+8(FP), Y12
	MOVL         beta+40(FP), R12
	SHLL         $1, R12 // drop the sign: -0 is zero too
	JZ           highbeta0
	VBROADCASTSS beta+40(FP), Y13
	SHIGHB(Y0, Y1)
	NEXTROW
	SHIGHB(Y2, Y3)
	NEXTROW
	SHIGHB(Y4, Y5)
	NEXTROW
	SHIGHB(Y6, Y7)
	NEXTROW
	SHIGHB(Y8, Y9)
	NEXTROW
	SHIGHB(Y10, Y11)
	JMP done

highbeta0:
	SHIGH0(Y0, Y1)
	NEXTROW
	SHIGH0(Y2, Y3)
	NEXTROW
	SHIGH0(Y4, Y5)
	NEXTROW
	SHIGH0(Y6, Y7)
	NEXTROW
	SHIGH0(Y8, Y9)
	NEXTROW
	SHIGH0(Y10, Y11)
	JMP done

low:
	// n ≤ 8: mask of columns 0–7 from the table at −4·n.
	SHLQ    $2, R9
	SUBQ    R9, R10
	VMOVUPS (R10), Y15
	MOVQ    CX, DX
	SHRQ    $2, DX
	JZ      lowtail

low4:
	KLOW(0)
	KLOW(24)
	KLOW(48)
	KLOW(72)
	ADDQ $96, AX
	DECQ DX
	JNZ  low4

lowtail:
	ANDQ $3, CX
	JZ   lowstore

low1:
	KLOW(0)
	ADDQ $24, AX
	DECQ CX
	JNZ  low1

lowstore:
	MOVQ         m+64(FP), SI
	VBROADCASTSS alpha+8(FP), Y12
	MOVL         beta+40(FP), R12
	SHLL         $1, R12
	JZ           lowbeta0
	VBROADCASTSS beta+40(FP), Y13
	SLOWB(Y0)
	NEXTROW
	SLOWB(Y2)
	NEXTROW
	SLOWB(Y4)
	NEXTROW
	SLOWB(Y6)
	NEXTROW
	SLOWB(Y8)
	NEXTROW
	SLOWB(Y10)
	JMP done

lowbeta0:
	SLOW0(Y0)
	NEXTROW
	SLOW0(Y2)
	NEXTROW
	SLOW0(Y4)
	NEXTROW
	SLOW0(Y6)
	NEXTROW
	SLOW0(Y8)
	NEXTROW
	SLOW0(Y10)
	JMP done

full:
	MOVQ CX, DX
	SHRQ $2, DX
	JZ   fulltail

full4:
	KFULL(0)
	KFULL(24)
	KFULL(48)
	KFULL(72)
	ADDQ $96, AX
	DECQ DX
	JNZ  full4

fulltail:
	ANDQ $3, CX
	JZ   fullstore

full1:
	KFULL(0)
	ADDQ $24, AX
	DECQ CX
	JNZ  full1

fullstore:
	MOVQ         m+64(FP), SI
	VBROADCASTSS alpha+8(FP), Y12
	MOVL         beta+40(FP), R12
	SHLL         $1, R12
	JZ           fullbeta0
	VBROADCASTSS beta+40(FP), Y13
	SFULLB(Y0, Y1)
	NEXTROW
	SFULLB(Y2, Y3)
	NEXTROW
	SFULLB(Y4, Y5)
	NEXTROW
	SFULLB(Y6, Y7)
	NEXTROW
	SFULLB(Y8, Y9)
	NEXTROW
	SFULLB(Y10, Y11)
	JMP done

fullbeta0:
	SFULL0(Y0, Y1)
	NEXTROW
	SFULL0(Y2, Y3)
	NEXTROW
	SFULL0(Y4, Y5)
	NEXTROW
	SFULL0(Y6, Y7)
	NEXTROW
	SFULL0(Y8, Y9)
	NEXTROW
	SFULL0(Y10, Y11)

done:
	VZEROUPPER
	RET
