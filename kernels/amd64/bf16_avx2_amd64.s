//go:build !purego

#include "textflag.h"

// bfloat16 conversions with AVX2 integer operations, bit for bit the
// reference rounding (kernels.bf16Round), for the AVX2 path (whose
// SgemmBF16 rounds packed float32 panels). Each routine handles n/16 blocks
// of 16 elements; the Go wrappers do the rest.
//
// Constants (BF16CONSTS2): Y8 1, Y9 0x7fff, Y10 0x7fffffff, Y11 0x7f800000,
// Y12 0x00400000 (quiet bit), Y13 0xffff0000.

#define BCAST(v, y) \
	MOVL         v, AX; \
	MOVD         AX, X15; \
	VPBROADCASTD X15, y

#define BF16CONSTS2 \
	BCAST($1, Y8); \
	BCAST($0x7fff, Y9); \
	BCAST($0x7fffffff, Y10); \
	BCAST($0x7f800000, Y11); \
	BCAST($0x00400000, Y12); \
	BCAST($0xffff0000, Y13)

// ROUND2 sets T to the rounded float32 bits of X (low 16 bits not cleared),
// using Y and Z as scratch: NaN lanes (|x| > Inf as integers) become x with
// the quiet bit set.
#define ROUND2(X, T, Y, Z) \
	VPSRLD    $16, X, T; \
	VPAND     Y8, T, T; \
	VPADDD    X, T, T; \
	VPADDD    Y9, T, T; \
	VPAND     Y10, X, Y; \
	VPCMPGTD  Y11, Y, Y; \
	VPOR      Y12, X, Z; \
	VPBLENDVB Y, Z, T, T

// func roundBF16AVX2(x *float32, n int)
TEXT ·roundBF16AVX2(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	SHRQ $4, CX
	JZ   rdone
	BF16CONSTS2

rloop:
	VMOVDQU (DI), Y0
	VMOVDQU 32(DI), Y4
	ROUND2(Y0, Y1, Y2, Y3)
	ROUND2(Y4, Y5, Y6, Y7)
	VPAND   Y13, Y1, Y1
	VPAND   Y13, Y5, Y5
	VMOVDQU Y1, (DI)
	VMOVDQU Y5, 32(DI)
	ADDQ    $64, DI
	DECQ    CX
	JNZ     rloop

rdone:
	VZEROUPPER
	RET

// func toBF16AVX2(dst *uint16, src *float32, n int)
TEXT ·toBF16AVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	JZ   tdone
	BF16CONSTS2

tloop:
	VMOVDQU   (SI), Y0
	VMOVDQU   32(SI), Y4
	ROUND2(Y0, Y1, Y2, Y3)
	ROUND2(Y4, Y5, Y6, Y7)
	VPSRLD    $16, Y1, Y1
	VPSRLD    $16, Y5, Y5
	VPACKUSDW Y5, Y1, Y1   // per 128-bit lane: 4 words of Y1, then 4 of Y5
	VPERMQ    $0xD8, Y1, Y1 // lanes back in order
	VMOVDQU   Y1, (DI)
	ADDQ      $64, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       tloop

tdone:
	VZEROUPPER
	RET

// func fromBF16AVX2(dst *float32, src *uint16, n int)
TEXT ·fromBF16AVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	JZ   fdone

floop:
	VPMOVZXWD (SI), Y0
	VPMOVZXWD 16(SI), Y1
	VPSLLD    $16, Y0, Y0
	VPSLLD    $16, Y1, Y1
	VMOVDQU   Y0, (DI)
	VMOVDQU   Y1, 32(DI)
	ADDQ      $32, SI
	ADDQ      $64, DI
	DECQ      CX
	JNZ       floop

fdone:
	VZEROUPPER
	RET

// func pairsBF16AVX2(dst *uint32, r0, r1 *float32, n int)
TEXT ·pairsBF16AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX // 8 words per iteration (n is a multiple of 16)
	JZ   pdone
	BF16CONSTS2

ploop:
	VMOVDQU (SI), Y0
	VMOVDQU (DX), Y4
	ROUND2(Y0, Y1, Y2, Y3)
	ROUND2(Y4, Y5, Y6, Y7)
	VPSRLD  $16, Y1, Y1
	VPAND   Y13, Y5, Y5
	VPOR    Y5, Y1, Y1
	VMOVDQU Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     ploop

pdone:
	VZEROUPPER
	RET

// func pairsOfBF16AVX2(dst *uint32, r0, r1 *uint16, n int)
TEXT ·pairsOfBF16AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX // 8 words per iteration (n is a multiple of 16)
	JZ   hdone

hloop:
	VPMOVZXWD (SI), Y0
	VPMOVZXWD (DX), Y1
	VPSLLD    $16, Y1, Y1
	VPOR      Y0, Y1, Y0
	VMOVDQU   Y0, (DI)
	ADDQ      $16, SI
	ADDQ      $16, DX
	ADDQ      $32, DI
	DECQ      CX
	JNZ       hloop

hdone:
	VZEROUPPER
	RET
