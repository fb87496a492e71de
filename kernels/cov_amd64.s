//go:build !purego

#include "textflag.h"

// Covariance micro-kernel, AVX-512: float32 products accumulated per block
// of kb samples in float32 registers; the sums of a group of g blocks are
// added in float32 (the first block's stored to a float32 scratch tile,
// the middle ones added to it, the last one's added from it), and each
// group's sums are added to a float64 tile (see covTileGeneric in
// cov_f32.go, its Go twin, for the contract and cov.go for the error bound
// that fixes kb and g). The rows of C are prefetched one per block from
// the tile's first block on, so that they are in cache by the store: all
// of them at once (48 lines) overflowed the outstanding-miss queues when C
// is in DRAM (d = 2048: float64 C of 32 MiB), and the store waited.
//
// Register contract:
//	Z0–Z23	float32 block accumulators: row i, vector v is Z(3·i+v)
//	Z24–Z26	one row of B (48 columns), masked to n columns
//	Z27	a broadcast element of A
//	Z28–Z31	conversion temporaries; alpha (Z30) and beta (Z31) when storing
//	K1–K3	column masks of the B vectors; K1–K6 column masks of a C row
//	AX a, BX b, R8 row stride in bytes, CX samples left, DX samples left
//	in the block, DI the float64 tile t (8×48, stride 48), SI the float32
//	group sums after it (accumulator Zr at byte offset 64·r), R11 blocks
//	of the group done, R12 g, R10 the next row of C to prefetch, R13 ldc
//	in bytes, R15 rows of C left to prefetch after R10

// ROW1..ROW3: one row of A (broadcast of the element at byte offset off)
// times 1, 2 or 3 vectors of B.
#define ROW1(off, r0) \
	VBROADCASTSS off(AX), Z27; \
	VFMADD231PS  Z24, Z27, r0

#define ROW2(off, r0, r1) \
	VBROADCASTSS off(AX), Z27; \
	VFMADD231PS  Z24, Z27, r0; \
	VFMADD231PS  Z25, Z27, r1

#define ROW3(off, r0, r1, r2) \
	VBROADCASTSS off(AX), Z27; \
	VFMADD231PS  Z24, Z27, r0; \
	VFMADD231PS  Z25, Z27, r1; \
	VFMADD231PS  Z26, Z27, r2

// FLUSH adds the 16 float32 sums of accumulator z (low half y) to the
// float64 tile at byte offsets lo and hi = lo+64.
#define FLUSH(z, y, lo, hi) \
	VCVTPS2PD     y, Z29; \
	VADDPD        lo(DI), Z29, Z29; \
	VMOVUPD       Z29, lo(DI); \
	VEXTRACTF64X4 $1, z, Y30; \
	VCVTPS2PD     Y30, Z30; \
	VADDPD        hi(DI), Z30, Z30; \
	VMOVUPD       Z30, hi(DI)

#define ZERO8(r0, r1, r2, r3, r4, r5, r6, r7) \
	VPXORQ r0, r0, r0; \
	VPXORQ r1, r1, r1; \
	VPXORQ r2, r2, r2; \
	VPXORQ r3, r3, r3; \
	VPXORQ r4, r4, r4; \
	VPXORQ r5, r5, r5; \
	VPXORQ r6, r6, r6; \
	VPXORQ r7, r7, r7

// ZEROT clears row i of the float64 tile (6 vectors at byte offset off).
#define ZEROT(off) \
	VMOVUPD Z29, (off+0)(DI); \
	VMOVUPD Z29, (off+64)(DI); \
	VMOVUPD Z29, (off+128)(DI); \
	VMOVUPD Z29, (off+192)(DI); \
	VMOVUPD Z29, (off+256)(DI); \
	VMOVUPD Z29, (off+320)(DI)

// BLOCK prefetches the next row of C (R10; the last row again once all
// are), sets DX to the length of the next block and takes it from CX.
#define BLOCK \
	PREFETCHT0 (R10); \
	PREFETCHT0 64(R10); \
	PREFETCHT0 128(R10); \
	PREFETCHT0 192(R10); \
	PREFETCHT0 256(R10); \
	PREFETCHT0 320(R10); \
	LEAQ       (R10)(R13*1), DX; \
	DECQ       R15; \
	CMOVQGE    DX, R10; \
	MOVQ       kb+8(FP), DX; \
	CMPQ    CX, DX; \
	CMOVQLT CX, DX; \
	SUBQ    DX, CX

#define NEXT \
	ADDQ R8, AX; \
	ADDQ R8, BX; \
	DECQ DX

// func covAccAVX512(k, kb, grp int, a, b *float32, rs int, t *float64, alpha, beta float64, c *float64, ldc, m, n, diag int)
// Requires: AVX512F, BMI2. k ≥ 1, kb ≥ 1, g ≥ 1, 1 ≤ m ≤ 8, 1 ≤ n ≤ 48; lengths
// checked by the caller (a and b are read in place: 8 and 48 columns of k
// rows of stride rs).
TEXT ·covAccAVX512(SB), NOSPLIT, $0-112
	MOVQ k+0(FP), CX
	MOVQ a+24(FP), AX
	MOVQ b+32(FP), BX
	MOVQ rs+40(FP), R8
	SHLQ $2, R8
	MOVQ t+48(FP), DI
	MOVQ grp+16(FP), R12
	XORQ R11, R11
	LEAQ 3072(DI), SI // the float32 group sums (8×48) after the float64 tile

	// Column masks of the B vectors from n.
	MOVQ  n+96(FP), R9
	MOVQ  $-1, R10
	BZHIQ R9, R10, R10
	KMOVW R10, K1
	SHRQ  $16, R10
	KMOVW R10, K2
	SHRQ  $16, R10
	KMOVW R10, K3

	// The rows of C that the store reads are prefetched one per block
	// (BLOCK), from the tile's first block on: R10 the next row, R15 the
	// rows after it.
	MOVQ c+72(FP), R10
	MOVQ ldc+80(FP), R13
	SHLQ $3, R13
	MOVQ m+88(FP), R15
	DECQ R15

	// t = 0.
	VPXORQ Z29, Z29, Z29
	ZEROT(0)
	ZEROT(384)
	ZEROT(768)
	ZEROT(1152)
	ZEROT(1536)
	ZEROT(1920)
	ZEROT(2304)
	ZEROT(2688)

	CMPQ R9, $32
	JGT  v3
	CMPQ R9, $16
	JGT  v2

v1:
	BLOCK
	ZERO8(Z0, Z3, Z6, Z9, Z12, Z15, Z18, Z21)

v1k:
	VMOVUPS.Z 0(BX), K1, Z24
	ROW1(0, Z0)
	ROW1(4, Z3)
	ROW1(8, Z6)
	ROW1(12, Z9)
	ROW1(16, Z12)
	ROW1(20, Z15)
	ROW1(24, Z18)
	ROW1(28, Z21)
	NEXT
	JNZ v1k
	INCQ  R11
	TESTQ CX, CX
	JZ    v1f
	CMPQ  R11, R12
	JGE   v1f
	CMPQ  R11, $1
	JNE   v1a
	VMOVUPS Z0, 0(SI)
	VMOVUPS Z3, 192(SI)
	VMOVUPS Z6, 384(SI)
	VMOVUPS Z9, 576(SI)
	VMOVUPS Z12, 768(SI)
	VMOVUPS Z15, 960(SI)
	VMOVUPS Z18, 1152(SI)
	VMOVUPS Z21, 1344(SI)
	JMP   v1

v1a:
	VADDPS  0(SI), Z0, Z0
	VMOVUPS Z0, 0(SI)
	VADDPS  192(SI), Z3, Z3
	VMOVUPS Z3, 192(SI)
	VADDPS  384(SI), Z6, Z6
	VMOVUPS Z6, 384(SI)
	VADDPS  576(SI), Z9, Z9
	VMOVUPS Z9, 576(SI)
	VADDPS  768(SI), Z12, Z12
	VMOVUPS Z12, 768(SI)
	VADDPS  960(SI), Z15, Z15
	VMOVUPS Z15, 960(SI)
	VADDPS  1152(SI), Z18, Z18
	VMOVUPS Z18, 1152(SI)
	VADDPS  1344(SI), Z21, Z21
	VMOVUPS Z21, 1344(SI)
	JMP   v1

v1f:
	CMPQ  R11, $1
	JEQ   v1g
	VADDPS 0(SI), Z0, Z0
	VADDPS 192(SI), Z3, Z3
	VADDPS 384(SI), Z6, Z6
	VADDPS 576(SI), Z9, Z9
	VADDPS 768(SI), Z12, Z12
	VADDPS 960(SI), Z15, Z15
	VADDPS 1152(SI), Z18, Z18
	VADDPS 1344(SI), Z21, Z21

v1g:
	XORQ  R11, R11
	FLUSH(Z0, Y0, 0, 64)
	FLUSH(Z3, Y3, 384, 448)
	FLUSH(Z6, Y6, 768, 832)
	FLUSH(Z9, Y9, 1152, 1216)
	FLUSH(Z12, Y12, 1536, 1600)
	FLUSH(Z15, Y15, 1920, 1984)
	FLUSH(Z18, Y18, 2304, 2368)
	FLUSH(Z21, Y21, 2688, 2752)
	TESTQ CX, CX
	JNZ   v1
	JMP   store

v2:
	BLOCK
	ZERO8(Z0, Z3, Z6, Z9, Z12, Z15, Z18, Z21)
	ZERO8(Z1, Z4, Z7, Z10, Z13, Z16, Z19, Z22)

v2k:
	VMOVUPS.Z 0(BX), K1, Z24
	VMOVUPS.Z 64(BX), K2, Z25
	ROW2(0, Z0, Z1)
	ROW2(4, Z3, Z4)
	ROW2(8, Z6, Z7)
	ROW2(12, Z9, Z10)
	ROW2(16, Z12, Z13)
	ROW2(20, Z15, Z16)
	ROW2(24, Z18, Z19)
	ROW2(28, Z21, Z22)
	NEXT
	JNZ v2k
	INCQ  R11
	TESTQ CX, CX
	JZ    v2f
	CMPQ  R11, R12
	JGE   v2f
	CMPQ  R11, $1
	JNE   v2a
	VMOVUPS Z0, 0(SI)
	VMOVUPS Z1, 64(SI)
	VMOVUPS Z3, 192(SI)
	VMOVUPS Z4, 256(SI)
	VMOVUPS Z6, 384(SI)
	VMOVUPS Z7, 448(SI)
	VMOVUPS Z9, 576(SI)
	VMOVUPS Z10, 640(SI)
	VMOVUPS Z12, 768(SI)
	VMOVUPS Z13, 832(SI)
	VMOVUPS Z15, 960(SI)
	VMOVUPS Z16, 1024(SI)
	VMOVUPS Z18, 1152(SI)
	VMOVUPS Z19, 1216(SI)
	VMOVUPS Z21, 1344(SI)
	VMOVUPS Z22, 1408(SI)
	JMP   v2

v2a:
	VADDPS  0(SI), Z0, Z0
	VMOVUPS Z0, 0(SI)
	VADDPS  64(SI), Z1, Z1
	VMOVUPS Z1, 64(SI)
	VADDPS  192(SI), Z3, Z3
	VMOVUPS Z3, 192(SI)
	VADDPS  256(SI), Z4, Z4
	VMOVUPS Z4, 256(SI)
	VADDPS  384(SI), Z6, Z6
	VMOVUPS Z6, 384(SI)
	VADDPS  448(SI), Z7, Z7
	VMOVUPS Z7, 448(SI)
	VADDPS  576(SI), Z9, Z9
	VMOVUPS Z9, 576(SI)
	VADDPS  640(SI), Z10, Z10
	VMOVUPS Z10, 640(SI)
	VADDPS  768(SI), Z12, Z12
	VMOVUPS Z12, 768(SI)
	VADDPS  832(SI), Z13, Z13
	VMOVUPS Z13, 832(SI)
	VADDPS  960(SI), Z15, Z15
	VMOVUPS Z15, 960(SI)
	VADDPS  1024(SI), Z16, Z16
	VMOVUPS Z16, 1024(SI)
	VADDPS  1152(SI), Z18, Z18
	VMOVUPS Z18, 1152(SI)
	VADDPS  1216(SI), Z19, Z19
	VMOVUPS Z19, 1216(SI)
	VADDPS  1344(SI), Z21, Z21
	VMOVUPS Z21, 1344(SI)
	VADDPS  1408(SI), Z22, Z22
	VMOVUPS Z22, 1408(SI)
	JMP   v2

v2f:
	CMPQ  R11, $1
	JEQ   v2g
	VADDPS 0(SI), Z0, Z0
	VADDPS 64(SI), Z1, Z1
	VADDPS 192(SI), Z3, Z3
	VADDPS 256(SI), Z4, Z4
	VADDPS 384(SI), Z6, Z6
	VADDPS 448(SI), Z7, Z7
	VADDPS 576(SI), Z9, Z9
	VADDPS 640(SI), Z10, Z10
	VADDPS 768(SI), Z12, Z12
	VADDPS 832(SI), Z13, Z13
	VADDPS 960(SI), Z15, Z15
	VADDPS 1024(SI), Z16, Z16
	VADDPS 1152(SI), Z18, Z18
	VADDPS 1216(SI), Z19, Z19
	VADDPS 1344(SI), Z21, Z21
	VADDPS 1408(SI), Z22, Z22

v2g:
	XORQ  R11, R11
	FLUSH(Z0, Y0, 0, 64)
	FLUSH(Z1, Y1, 128, 192)
	FLUSH(Z3, Y3, 384, 448)
	FLUSH(Z4, Y4, 512, 576)
	FLUSH(Z6, Y6, 768, 832)
	FLUSH(Z7, Y7, 896, 960)
	FLUSH(Z9, Y9, 1152, 1216)
	FLUSH(Z10, Y10, 1280, 1344)
	FLUSH(Z12, Y12, 1536, 1600)
	FLUSH(Z13, Y13, 1664, 1728)
	FLUSH(Z15, Y15, 1920, 1984)
	FLUSH(Z16, Y16, 2048, 2112)
	FLUSH(Z18, Y18, 2304, 2368)
	FLUSH(Z19, Y19, 2432, 2496)
	FLUSH(Z21, Y21, 2688, 2752)
	FLUSH(Z22, Y22, 2816, 2880)
	TESTQ CX, CX
	JNZ   v2
	JMP   store

v3:
	BLOCK
	ZERO8(Z0, Z3, Z6, Z9, Z12, Z15, Z18, Z21)
	ZERO8(Z1, Z4, Z7, Z10, Z13, Z16, Z19, Z22)
	ZERO8(Z2, Z5, Z8, Z11, Z14, Z17, Z20, Z23)

v3k:
	VMOVUPS.Z 0(BX), K1, Z24
	VMOVUPS.Z 64(BX), K2, Z25
	VMOVUPS.Z 128(BX), K3, Z26
	ROW3(0, Z0, Z1, Z2)
	ROW3(4, Z3, Z4, Z5)
	ROW3(8, Z6, Z7, Z8)
	ROW3(12, Z9, Z10, Z11)
	ROW3(16, Z12, Z13, Z14)
	ROW3(20, Z15, Z16, Z17)
	ROW3(24, Z18, Z19, Z20)
	ROW3(28, Z21, Z22, Z23)
	NEXT
	JNZ v3k
	INCQ  R11
	TESTQ CX, CX
	JZ    v3f
	CMPQ  R11, R12
	JGE   v3f
	CMPQ  R11, $1
	JNE   v3a
	VMOVUPS Z0, 0(SI)
	VMOVUPS Z1, 64(SI)
	VMOVUPS Z2, 128(SI)
	VMOVUPS Z3, 192(SI)
	VMOVUPS Z4, 256(SI)
	VMOVUPS Z5, 320(SI)
	VMOVUPS Z6, 384(SI)
	VMOVUPS Z7, 448(SI)
	VMOVUPS Z8, 512(SI)
	VMOVUPS Z9, 576(SI)
	VMOVUPS Z10, 640(SI)
	VMOVUPS Z11, 704(SI)
	VMOVUPS Z12, 768(SI)
	VMOVUPS Z13, 832(SI)
	VMOVUPS Z14, 896(SI)
	VMOVUPS Z15, 960(SI)
	VMOVUPS Z16, 1024(SI)
	VMOVUPS Z17, 1088(SI)
	VMOVUPS Z18, 1152(SI)
	VMOVUPS Z19, 1216(SI)
	VMOVUPS Z20, 1280(SI)
	VMOVUPS Z21, 1344(SI)
	VMOVUPS Z22, 1408(SI)
	VMOVUPS Z23, 1472(SI)
	JMP   v3

v3a:
	VADDPS  0(SI), Z0, Z0
	VMOVUPS Z0, 0(SI)
	VADDPS  64(SI), Z1, Z1
	VMOVUPS Z1, 64(SI)
	VADDPS  128(SI), Z2, Z2
	VMOVUPS Z2, 128(SI)
	VADDPS  192(SI), Z3, Z3
	VMOVUPS Z3, 192(SI)
	VADDPS  256(SI), Z4, Z4
	VMOVUPS Z4, 256(SI)
	VADDPS  320(SI), Z5, Z5
	VMOVUPS Z5, 320(SI)
	VADDPS  384(SI), Z6, Z6
	VMOVUPS Z6, 384(SI)
	VADDPS  448(SI), Z7, Z7
	VMOVUPS Z7, 448(SI)
	VADDPS  512(SI), Z8, Z8
	VMOVUPS Z8, 512(SI)
	VADDPS  576(SI), Z9, Z9
	VMOVUPS Z9, 576(SI)
	VADDPS  640(SI), Z10, Z10
	VMOVUPS Z10, 640(SI)
	VADDPS  704(SI), Z11, Z11
	VMOVUPS Z11, 704(SI)
	VADDPS  768(SI), Z12, Z12
	VMOVUPS Z12, 768(SI)
	VADDPS  832(SI), Z13, Z13
	VMOVUPS Z13, 832(SI)
	VADDPS  896(SI), Z14, Z14
	VMOVUPS Z14, 896(SI)
	VADDPS  960(SI), Z15, Z15
	VMOVUPS Z15, 960(SI)
	VADDPS  1024(SI), Z16, Z16
	VMOVUPS Z16, 1024(SI)
	VADDPS  1088(SI), Z17, Z17
	VMOVUPS Z17, 1088(SI)
	VADDPS  1152(SI), Z18, Z18
	VMOVUPS Z18, 1152(SI)
	VADDPS  1216(SI), Z19, Z19
	VMOVUPS Z19, 1216(SI)
	VADDPS  1280(SI), Z20, Z20
	VMOVUPS Z20, 1280(SI)
	VADDPS  1344(SI), Z21, Z21
	VMOVUPS Z21, 1344(SI)
	VADDPS  1408(SI), Z22, Z22
	VMOVUPS Z22, 1408(SI)
	VADDPS  1472(SI), Z23, Z23
	VMOVUPS Z23, 1472(SI)
	JMP   v3

v3f:
	CMPQ  R11, $1
	JEQ   v3g
	VADDPS 0(SI), Z0, Z0
	VADDPS 64(SI), Z1, Z1
	VADDPS 128(SI), Z2, Z2
	VADDPS 192(SI), Z3, Z3
	VADDPS 256(SI), Z4, Z4
	VADDPS 320(SI), Z5, Z5
	VADDPS 384(SI), Z6, Z6
	VADDPS 448(SI), Z7, Z7
	VADDPS 512(SI), Z8, Z8
	VADDPS 576(SI), Z9, Z9
	VADDPS 640(SI), Z10, Z10
	VADDPS 704(SI), Z11, Z11
	VADDPS 768(SI), Z12, Z12
	VADDPS 832(SI), Z13, Z13
	VADDPS 896(SI), Z14, Z14
	VADDPS 960(SI), Z15, Z15
	VADDPS 1024(SI), Z16, Z16
	VADDPS 1088(SI), Z17, Z17
	VADDPS 1152(SI), Z18, Z18
	VADDPS 1216(SI), Z19, Z19
	VADDPS 1280(SI), Z20, Z20
	VADDPS 1344(SI), Z21, Z21
	VADDPS 1408(SI), Z22, Z22
	VADDPS 1472(SI), Z23, Z23

v3g:
	XORQ  R11, R11
	FLUSH(Z0, Y0, 0, 64)
	FLUSH(Z1, Y1, 128, 192)
	FLUSH(Z2, Y2, 256, 320)
	FLUSH(Z3, Y3, 384, 448)
	FLUSH(Z4, Y4, 512, 576)
	FLUSH(Z5, Y5, 640, 704)
	FLUSH(Z6, Y6, 768, 832)
	FLUSH(Z7, Y7, 896, 960)
	FLUSH(Z8, Y8, 1024, 1088)
	FLUSH(Z9, Y9, 1152, 1216)
	FLUSH(Z10, Y10, 1280, 1344)
	FLUSH(Z11, Y11, 1408, 1472)
	FLUSH(Z12, Y12, 1536, 1600)
	FLUSH(Z13, Y13, 1664, 1728)
	FLUSH(Z14, Y14, 1792, 1856)
	FLUSH(Z15, Y15, 1920, 1984)
	FLUSH(Z16, Y16, 2048, 2112)
	FLUSH(Z17, Y17, 2176, 2240)
	FLUSH(Z18, Y18, 2304, 2368)
	FLUSH(Z19, Y19, 2432, 2496)
	FLUSH(Z20, Y20, 2560, 2624)
	FLUSH(Z21, Y21, 2688, 2752)
	FLUSH(Z22, Y22, 2816, 2880)
	FLUSH(Z23, Y23, 2944, 3008)
	TESTQ CX, CX
	JNZ   v3

store:
	// Row i of C takes min(n, max(0, diag+i)) columns:
	// c = beta·c + alpha·t (c not read when beta is ±0).
	VBROADCASTSD alpha+56(FP), Z30
	VBROADCASTSD beta+64(FP), Z31
	MOVQ         c+72(FP), SI
	MOVQ         ldc+80(FP), R11
	SHLQ         $3, R11
	MOVQ         m+88(FP), R12
	MOVQ         diag+104(FP), R13
	MOVQ         beta+64(FP), R14
	SHLQ         $1, R14 // drop the sign: ±0 → 0

row:
	MOVQ    R13, R10
	CMPQ    R10, R9
	CMOVQGT R9, R10
	TESTQ   R10, R10
	JLE     nextrow
	MOVQ    $-1, DX
	BZHIQ   R10, DX, R10
	MOVQ    R10, DX
	ANDQ    $0xff, DX
	KMOVW   DX, K1
	SHRQ    $8, R10
	MOVQ    R10, DX
	ANDQ    $0xff, DX
	KMOVW   DX, K2
	SHRQ    $8, R10
	MOVQ    R10, DX
	ANDQ    $0xff, DX
	KMOVW   DX, K3
	SHRQ    $8, R10
	MOVQ    R10, DX
	ANDQ    $0xff, DX
	KMOVW   DX, K4
	SHRQ    $8, R10
	MOVQ    R10, DX
	ANDQ    $0xff, DX
	KMOVW   DX, K5
	SHRQ    $8, R10
	KMOVW   R10, K6
	TESTQ   R14, R14
	JZ      rowbeta0

#define STOREB(off, k) \
	VMOVUPD.Z   off(DI), k, Z28; \
	VMOVUPD.Z   off(SI), k, Z27; \
	VMULPD      Z31, Z27, Z27; \
	VFMADD231PD Z30, Z28, Z27; \
	VMOVUPD     Z27, k, off(SI)

	STOREB(0, K1)
	STOREB(64, K2)
	STOREB(128, K3)
	STOREB(192, K4)
	STOREB(256, K5)
	STOREB(320, K6)
	JMP nextrow

#define STORE0(off, k) \
	VMOVUPD.Z off(DI), k, Z28; \
	VMULPD    Z30, Z28, Z27; \
	VMOVUPD   Z27, k, off(SI)

rowbeta0:
	STORE0(0, K1)
	STORE0(64, K2)
	STORE0(128, K3)
	STORE0(192, K4)
	STORE0(256, K5)
	STORE0(320, K6)

nextrow:
	ADDQ R11, SI
	ADDQ $384, DI
	INCQ R13
	DECQ R12
	JNZ  row
	VZEROUPPER
	RET

// func covMomentsAVX512(x *float32, b, ld int, x0, acc *float64, lo, hi *float32, n int)
// Requires: AVX512F. n a multiple of 8 (the caller does the rest), b ≥ 1;
// see covMomentsGeneric, its Go twin. Column chunks of 64 (then 8) are
// swept down the b rows (stride ld elements) with the sums, the minima and
// the maxima in registers:
//	Z0–Z7 sums, Z8–Z15 x0, Z16–Z19 minima, Z20–Z23 maxima (Y12, Y13 in
//	the chunks of 8), Z24 temporary
//	SI the chunk's row 0, AX its row r, R9 ld in bytes, BX rows left,
//	DX x0, DI acc, R10 lo, R11 hi, CX columns left
TEXT ·covMomentsAVX512(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), SI
	MOVQ b+8(FP), R8
	MOVQ ld+16(FP), R9
	SHLQ $2, R9
	MOVQ x0+24(FP), DX
	MOVQ acc+32(FP), DI
	MOVQ lo+40(FP), R10
	MOVQ hi+48(FP), R11
	MOVQ n+56(FP), CX

mom64:
	CMPQ CX, $64
	JB   mom8
	VMOVUPS 0(SI), Z16
	VMOVUPS Z16, Z20
	VMOVUPS 64(SI), Z17
	VMOVUPS Z17, Z21
	VMOVUPS 128(SI), Z18
	VMOVUPS Z18, Z22
	VMOVUPS 192(SI), Z19
	VMOVUPS Z19, Z23
	VPXORQ  Z0, Z0, Z0
	VMOVUPD 0(DX), Z8
	VPXORQ  Z1, Z1, Z1
	VMOVUPD 64(DX), Z9
	VPXORQ  Z2, Z2, Z2
	VMOVUPD 128(DX), Z10
	VPXORQ  Z3, Z3, Z3
	VMOVUPD 192(DX), Z11
	VPXORQ  Z4, Z4, Z4
	VMOVUPD 256(DX), Z12
	VPXORQ  Z5, Z5, Z5
	VMOVUPD 320(DX), Z13
	VPXORQ  Z6, Z6, Z6
	VMOVUPD 384(DX), Z14
	VPXORQ  Z7, Z7, Z7
	VMOVUPD 448(DX), Z15
	MOVQ SI, AX
	MOVQ R8, BX
	DECQ BX
	JZ   mom64done

mom64row:
	ADDQ R9, AX
	VCVTPS2PD 0(AX), Z24
	VSUBPD    Z8, Z24, Z24
	VADDPD    Z24, Z0, Z0
	VCVTPS2PD 32(AX), Z24
	VSUBPD    Z9, Z24, Z24
	VADDPD    Z24, Z1, Z1
	VCVTPS2PD 64(AX), Z24
	VSUBPD    Z10, Z24, Z24
	VADDPD    Z24, Z2, Z2
	VCVTPS2PD 96(AX), Z24
	VSUBPD    Z11, Z24, Z24
	VADDPD    Z24, Z3, Z3
	VCVTPS2PD 128(AX), Z24
	VSUBPD    Z12, Z24, Z24
	VADDPD    Z24, Z4, Z4
	VCVTPS2PD 160(AX), Z24
	VSUBPD    Z13, Z24, Z24
	VADDPD    Z24, Z5, Z5
	VCVTPS2PD 192(AX), Z24
	VSUBPD    Z14, Z24, Z24
	VADDPD    Z24, Z6, Z6
	VCVTPS2PD 224(AX), Z24
	VSUBPD    Z15, Z24, Z24
	VADDPD    Z24, Z7, Z7
	VMINPS 0(AX), Z16, Z16
	VMAXPS 0(AX), Z20, Z20
	VMINPS 64(AX), Z17, Z17
	VMAXPS 64(AX), Z21, Z21
	VMINPS 128(AX), Z18, Z18
	VMAXPS 128(AX), Z22, Z22
	VMINPS 192(AX), Z19, Z19
	VMAXPS 192(AX), Z23, Z23
	DECQ BX
	JNZ  mom64row

mom64done:
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	VMOVUPD Z4, 256(DI)
	VMOVUPD Z5, 320(DI)
	VMOVUPD Z6, 384(DI)
	VMOVUPD Z7, 448(DI)
	VMOVUPS Z16, 0(R10)
	VMOVUPS Z20, 0(R11)
	VMOVUPS Z17, 64(R10)
	VMOVUPS Z21, 64(R11)
	VMOVUPS Z18, 128(R10)
	VMOVUPS Z22, 128(R11)
	VMOVUPS Z19, 192(R10)
	VMOVUPS Z23, 192(R11)
	ADDQ $256, SI
	ADDQ $512, DX
	ADDQ $512, DI
	ADDQ $256, R10
	ADDQ $256, R11
	SUBQ $64, CX
	JMP  mom64

mom8:
	CMPQ CX, $8
	JB   momend
	VMOVUPS (SI), Y12
	VMOVUPS Y12, Y13
	VPXORQ  Z0, Z0, Z0
	VMOVUPD 0(DX), Z8
	MOVQ SI, AX
	MOVQ R8, BX
	DECQ BX
	JZ   mom8done

mom8row:
	ADDQ R9, AX
	VCVTPS2PD 0(AX), Z24
	VSUBPD    Z8, Z24, Z24
	VADDPD    Z24, Z0, Z0
	VMINPS (AX), Y12, Y12
	VMAXPS (AX), Y13, Y13
	DECQ BX
	JNZ  mom8row

mom8done:
	VMOVUPD Z0, 0(DI)
	VMOVUPS Y12, (R10)
	VMOVUPS Y13, (R11)
	ADDQ $32, SI
	ADDQ $64, DX
	ADDQ $64, DI
	ADDQ $32, R10
	ADDQ $32, R11
	SUBQ $8, CX
	JMP  mom8

momend:
	VZEROUPPER
	RET

// func covCentreAVX512(x *float32, b, ld int, mu *float64, s float64, dst *float32, n, ps int)
// Requires: AVX512F. n a multiple of 8 (the caller does the rest), b ≥ 1;
// column j of row r (x[r·ld+j]) goes to dst[r·48 + (j/48)·ps + j%48].
TEXT ·covCentreAVX512(SB), NOSPLIT, $0-64
	MOVQ         x+0(FP), R9
	MOVQ         b+8(FP), R10
	MOVQ         ld+16(FP), R11
	SHLQ         $2, R11
	MOVQ         mu+24(FP), R12
	VBROADCASTSD s+32(FP), Z5
	MOVQ         dst+40(FP), R13
	MOVQ         n+48(FP), R14
	MOVQ         ps+56(FP), R8
	SHLQ         $2, R8
	SUBQ         $192, R8 // from the end of one panel row to the next panel
	SHRQ         $3, R14
	JZ           centredone

centrerow:
	MOVQ R9, AX
	MOVQ R12, BX
	MOVQ R13, DI
	MOVQ R14, CX
	MOVQ $6, DX // vectors left in this panel

centreloop:
	VCVTPS2PD (AX), Z1
	VSUBPD    (BX), Z1, Z1
	VMULPD    Z5, Z1, Z1
	VCVTPD2PS Z1, Y1
	VMOVUPS   Y1, (DI)
	ADDQ      $32, AX
	ADDQ      $64, BX
	ADDQ      $32, DI
	DECQ      DX
	JNZ       centresame
	ADDQ      R8, DI
	MOVQ      $6, DX

centresame:
	DECQ CX
	JNZ  centreloop
	ADDQ R11, R9
	ADDQ $192, R13
	DECQ R10
	JNZ  centrerow

centredone:
	VZEROUPPER
	RET
