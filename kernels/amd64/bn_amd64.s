//go:build !purego

#include "textflag.h"

// Batch-normalisation row kernels, AVX-512F. Each does the arithmetic of
// its Go twin (kernels/bn.go) operation for operation, with no fused
// multiply-adds, so results are bitwise the same; each handles n/16 blocks
// of 16 elements and the Go wrappers do the rest.

// func bnStatsAVX512(x, k *float32, sum, sq *float64, n int)
// d = float64(x[j]) − float64(k[j]); sum[j] += d; sq[j] += d·d.
TEXT ·bnStatsAVX512(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), SI
	MOVQ k+8(FP), DX
	MOVQ sum+16(FP), R8
	MOVQ sq+24(FP), R9
	MOVQ n+32(FP), CX
	SHRQ $3, CX
	JZ   sdone

sloop:
	VCVTPS2PD (SI), Z0
	VCVTPS2PD (DX), Z1
	VSUBPD    Z1, Z0, Z0
	VADDPD    (R8), Z0, Z2
	VMOVUPD   Z2, (R8)
	VMULPD    Z0, Z0, Z3
	VADDPD    (R9), Z3, Z3
	VMOVUPD   Z3, (R9)
	ADDQ      $32, SI
	ADDQ      $32, DX
	ADDQ      $64, R8
	ADDQ      $64, R9
	DECQ      CX
	JNZ       sloop

sdone:
	VZEROUPPER
	RET

// func bnNormaliseAVX512(x, a, b, gm, c, h, y *float32, n, flags int)
// t = x[j]·a[j] + b[j]; h[j] = t (flags&1); y[j] = gm[j]·t + c[j] (flags&2,
// else t), with the sign bit cleared (flags&4: ReLU).
TEXT ·bnNormaliseAVX512(SB), NOSPLIT, $0-72
	MOVQ x+0(FP), SI
	MOVQ a+8(FP), R8
	MOVQ b+16(FP), R9
	MOVQ gm+24(FP), R10
	MOVQ c+32(FP), R11
	MOVQ h+40(FP), R12
	MOVQ y+48(FP), DI
	MOVQ n+56(FP), CX
	MOVQ flags+64(FP), DX
	SHRQ $4, CX
	JZ   ndone

nloop:
	VMOVUPS (SI), Z0
	VMULPS  (R8), Z0, Z0
	VADDPS  (R9), Z0, Z0
	TESTQ   $1, DX
	JZ      nnoh
	VMOVUPS Z0, (R12)
	ADDQ    $64, R12

nnoh:
	TESTQ   $2, DX
	JZ      nnog
	VMULPS  (R10), Z0, Z0
	VADDPS  (R11), Z0, Z0
	ADDQ    $64, R10
	ADDQ    $64, R11

nnog:
	TESTQ   $4, DX
	JZ      nstore
	VPSRAD  $31, Z0, Z1
	VPANDND Z0, Z1, Z0

nstore:
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, R8
	ADDQ    $64, R9
	ADDQ    $64, DI
	DECQ    CX
	JNZ     nloop

ndone:
	VZEROUPPER
	RET

// func bnGradStatsAVX512(dy, y, h *float32, s1, s2 *float64, n, relu int)
// d = dy[j] (masked to 0 where y[j] is not positive, relu ≠ 0);
// s1[j] += float64(d); s2[j] += float64(d)·float64(h[j]).
TEXT ·bnGradStatsAVX512(SB), NOSPLIT, $0-56
	MOVQ dy+0(FP), SI
	MOVQ y+8(FP), R10
	MOVQ h+16(FP), R11
	MOVQ s1+24(FP), R8
	MOVQ s2+32(FP), R9
	MOVQ n+40(FP), CX
	MOVQ relu+48(FP), DX
	SHRQ $3, CX
	JZ   gdone
	VPXORD Z7, Z7, Z7

gloop:
	VMOVUPS (SI), Y0
	TESTQ   DX, DX
	JZ      gnomask
	VPSUBD  (R10), Y7, Y1 // −bits(y): negative exactly where y > 0
	VPSRAD  $31, Y1, Y1
	VPAND   Y1, Y0, Y0
	ADDQ    $32, R10

gnomask:
	VCVTPS2PD Y0, Z3
	VADDPD    (R8), Z3, Z4
	VMOVUPD   Z4, (R8)
	VCVTPS2PD (R11), Z5
	VMULPD    Z5, Z3, Z5
	VADDPD    (R9), Z5, Z5
	VMOVUPD   Z5, (R9)
	ADDQ      $32, SI
	ADDQ      $32, R11
	ADDQ      $64, R8
	ADDQ      $64, R9
	DECQ      CX
	JNZ       gloop

gdone:
	VZEROUPPER
	RET

// func bnGradInputAVX512(dy, y, h, a, b, c, dx *float32, n, relu int)
// d as in bnGradStatsAVX512; dx[j] = a[j]·d + b[j] + c[j]·h[j].
TEXT ·bnGradInputAVX512(SB), NOSPLIT, $0-72
	MOVQ dy+0(FP), SI
	MOVQ y+8(FP), R10
	MOVQ h+16(FP), R11
	MOVQ a+24(FP), R8
	MOVQ b+32(FP), R9
	MOVQ c+40(FP), R12
	MOVQ dx+48(FP), DI
	MOVQ n+56(FP), CX
	MOVQ relu+64(FP), DX
	SHRQ $4, CX
	JZ   idone
	VPXORD Z7, Z7, Z7

iloop:
	VMOVUPS (SI), Z0
	TESTQ   DX, DX
	JZ      inomask
	VPSUBD  (R10), Z7, Z1
	VPSRAD  $31, Z1, Z1
	VPANDD  Z1, Z0, Z0
	ADDQ    $64, R10

inomask:
	VMULPS  (R8), Z0, Z0
	VADDPS  (R9), Z0, Z0
	VMOVUPS (R11), Z2
	VMULPS  (R12), Z2, Z2
	VADDPS  Z2, Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, R11
	ADDQ    $64, R8
	ADDQ    $64, R9
	ADDQ    $64, R12
	ADDQ    $64, DI
	DECQ    CX
	JNZ     iloop

idone:
	VZEROUPPER
	RET
