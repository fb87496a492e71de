//go:build !purego

#include "textflag.h"

// bfloat16 conversions with AVX-512F integer operations, bit for bit the
// reference rounding (kernels.bf16Round): round to nearest even by adding
// 0x7fff plus the lowest kept bit, NaN kept a quiet NaN. Each routine handles
// n/16 whole vectors; the Go wrappers do the rest.
//
// Constants (BF16CONSTS): Z26 0xffff0000, Z27 0x00400000 (quiet bit),
// Z28 1, Z29 0x7fff, Z30 0x7fffffff, Z31 0x7f800000 (+Inf).

#define BF16CONSTS \
	MOVL         $0xffff0000, AX; \
	VPBROADCASTD AX, Z26; \
	MOVL         $0x00400000, AX; \
	VPBROADCASTD AX, Z27; \
	MOVL         $1, AX; \
	VPBROADCASTD AX, Z28; \
	MOVL         $0x7fff, AX; \
	VPBROADCASTD AX, Z29; \
	MOVL         $0x7fffffff, AX; \
	VPBROADCASTD AX, Z30; \
	MOVL         $0x7f800000, AX; \
	VPBROADCASTD AX, Z31

// ROUND sets T to the rounded float32 bits of X (low 16 bits not cleared),
// using Y and K2 as scratch.
#define ROUND(X, T, Y) \
	VPSRLD  $16, X, T; \
	VPANDD  Z28, T, T; \
	VPADDD  X, T, T; \
	VPADDD  Z29, T, T; \
	VPANDD  Z30, X, Y; \
	VPCMPUD $6, Z31, Y, K2; \
	VPORD   Z27, X, K2, T

// func roundBF16AVX512(x *float32, n int)
// x[i] = bits(RoundBF16(x[i])) for i < n/16*16.
TEXT ·roundBF16AVX512(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	SHRQ $4, CX
	JZ   rdone
	BF16CONSTS

rloop:
	VMOVDQU32 (DI), Z0
	ROUND(Z0, Z1, Z2)
	VPANDD    Z26, Z1, Z1
	VMOVDQU32 Z1, (DI)
	ADDQ      $64, DI
	DECQ      CX
	JNZ       rloop

rdone:
	VZEROUPPER
	RET

// func toBF16AVX512(dst *uint16, src *float32, n int)
// dst[i] = ToBF16(src[i]) for i < n/16*16.
TEXT ·toBF16AVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	JZ   tdone
	BF16CONSTS

tloop:
	VMOVDQU32 (SI), Z0
	ROUND(Z0, Z1, Z2)
	VPSRLD    $16, Z1, Z1
	VPMOVDW   Z1, (DI)
	ADDQ      $64, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       tloop

tdone:
	VZEROUPPER
	RET

// func fromBF16AVX512(dst *float32, src *uint16, n int)
// dst[i] = BF16(src[i]).Float32() for i < n/16*16.
TEXT ·fromBF16AVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	JZ   fdone

floop:
	VPMOVZXWD (SI), Z0
	VPSLLD    $16, Z0, Z0
	VMOVDQU32 Z0, (DI)
	ADDQ      $32, SI
	ADDQ      $64, DI
	DECQ      CX
	JNZ       floop

fdone:
	VZEROUPPER
	RET

// func pairsBF16AVX512(dst *uint32, r0, r1 *float32, n int)
// dst[j] = bits(ToBF16(r0[j])) | bits(ToBF16(r1[j]))<<16 for j < n/16*16.
TEXT ·pairsBF16AVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $4, CX
	JZ   pdone
	BF16CONSTS

ploop:
	VMOVDQU32 (SI), Z0
	VMOVDQU32 (DX), Z3
	ROUND(Z0, Z1, Z2)
	ROUND(Z3, Z4, Z5)
	VPSRLD    $16, Z1, Z1
	VPTERNLOGD $0xF8, Z26, Z4, Z1 // Z1 |= Z4 & Z26 (truth table A|B&C)
	VMOVDQU32 Z1, (DI)
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $64, DI
	DECQ      CX
	JNZ       ploop

pdone:
	VZEROUPPER
	RET

// func pairsOfBF16AVX512(dst *uint32, r0, r1 *uint16, n int)
// dst[j] = r0[j] | r1[j]<<16 for j < n/16*16.
TEXT ·pairsOfBF16AVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $4, CX
	JZ   hdone

hloop:
	VPMOVZXWD (SI), Z0
	VPMOVZXWD (DX), Z1
	VPSLLD    $16, Z1, Z1
	VPORD     Z0, Z1, Z0
	VMOVDQU32 Z0, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DX
	ADDQ      $64, DI
	DECQ      CX
	JNZ       hloop

hdone:
	VZEROUPPER
	RET

// func pairsPanelsBF16AVX512(dst *uint32, r0, r1 *float32, n, w, ps int)
// Word j of the interleaved rows (pairsBF16) goes to dst[(j/w)*ps + j%w],
// for j < n/16*16; w is a multiple of 8. Eight words at a time.
TEXT ·pairsPanelsBF16AVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ w+32(FP), R9
	SHLQ $2, R9         // w in bytes
	MOVQ ps+40(FP), R11
	SHLQ $2, R11        // panel stride in bytes
	XORQ R8, R8         // column within the panel, bytes
	SHRQ $4, CX
	JZ   qdone
	BF16CONSTS

qloop:
	VMOVDQU32  (SI), Z0
	VMOVDQU32  (DX), Z3
	ROUND(Z0, Z1, Z2)
	ROUND(Z3, Z4, Z5)
	VPSRLD     $16, Z1, Z1
	VPTERNLOGD $0xF8, Z26, Z4, Z1
	VMOVDQU    Y1, (DI)(R8*1)
	ADDQ       $32, R8
	CMPQ       R8, R9
	JNE        qhigh
	XORQ       R8, R8
	ADDQ       R11, DI

qhigh:
	VEXTRACTI64X4 $1, Z1, Y2
	VMOVDQU       Y2, (DI)(R8*1)
	ADDQ          $32, R8
	CMPQ          R8, R9
	JNE           qnext
	XORQ          R8, R8
	ADDQ          R11, DI

qnext:
	ADDQ $64, SI
	ADDQ $64, DX
	DECQ CX
	JNZ  qloop

qdone:
	VZEROUPPER
	RET
