//go:build !purego

#include "textflag.h"

// Transposing pack of eight rows: dst[p*ds+i] = src[i*ld+p] for i < 8, p < k.
// This is the packing of an untransposed A (and of a transposed B) into
// micro-panels; Go's scalar gather costs ~3 cycles per element, the 8×8
// (float32) or 4×4 (float64) register transposes below a fraction of that.
//
// Register contract:
//	SI rows 0–3 base, R11 rows 4–7 base, R9 ld in bytes, R10 3·ld
//	DI dst, R8 ds in bytes, R12 3·ds, R13 dst + 4·ds
//	CX k, DX k/8 (float32) or k/4 (float64)

// func packT8F32(dst *float32, ds int, src *float32, ld, k int)
// Requires: AVX. Lengths checked by the caller.
TEXT ·packT8F32(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ds+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R9
	SHLQ $2, R9
	MOVQ k+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (SI)(R9*4), R11
	LEAQ (R8)(R8*2), R12
	MOVQ CX, DX
	SHRQ $3, DX
	JZ   f32tail

f32loop8:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R9*1), Y1
	VMOVUPS (SI)(R9*2), Y2
	VMOVUPS (SI)(R10*1), Y3
	VMOVUPS (R11), Y4
	VMOVUPS (R11)(R9*1), Y5
	VMOVUPS (R11)(R9*2), Y6
	VMOVUPS (R11)(R10*1), Y7
	VUNPCKLPS  Y1, Y0, Y8           // r0₀ r1₀ r0₁ r1₁ | r0₄ r1₄ r0₅ r1₅
	VUNPCKHPS  Y1, Y0, Y9           // r0₂ r1₂ r0₃ r1₃ | r0₆ r1₆ r0₇ r1₇
	VUNPCKLPS  Y3, Y2, Y10
	VUNPCKHPS  Y3, Y2, Y11
	VUNPCKLPS  Y5, Y4, Y12
	VUNPCKHPS  Y5, Y4, Y13
	VUNPCKLPS  Y7, Y6, Y14
	VUNPCKHPS  Y7, Y6, Y15
	VSHUFPS    $0x44, Y10, Y8, Y0   // column 0 | column 4, rows 0–3
	VSHUFPS    $0xEE, Y10, Y8, Y1   // column 1 | column 5
	VSHUFPS    $0x44, Y11, Y9, Y2   // column 2 | column 6
	VSHUFPS    $0xEE, Y11, Y9, Y3   // column 3 | column 7
	VSHUFPS    $0x44, Y14, Y12, Y4  // the same for rows 4–7
	VSHUFPS    $0xEE, Y14, Y12, Y5
	VSHUFPS    $0x44, Y15, Y13, Y6
	VSHUFPS    $0xEE, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8    // column 0, rows 0–7
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12   // column 4
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15
	LEAQ    (DI)(R8*4), R13
	VMOVUPS Y8, (DI)
	VMOVUPS Y9, (DI)(R8*1)
	VMOVUPS Y10, (DI)(R8*2)
	VMOVUPS Y11, (DI)(R12*1)
	VMOVUPS Y12, (R13)
	VMOVUPS Y13, (R13)(R8*1)
	VMOVUPS Y14, (R13)(R8*2)
	VMOVUPS Y15, (R13)(R12*1)
	LEAQ    (DI)(R8*8), DI
	ADDQ    $32, SI
	ADDQ    $32, R11
	DECQ    DX
	JNZ     f32loop8

f32tail:
	ANDQ $7, CX
	JZ   f32done

f32loop1:
	MOVL (SI), AX
	MOVL AX, (DI)
	MOVL (SI)(R9*1), AX
	MOVL AX, 4(DI)
	MOVL (SI)(R9*2), AX
	MOVL AX, 8(DI)
	MOVL (SI)(R10*1), AX
	MOVL AX, 12(DI)
	MOVL (R11), AX
	MOVL AX, 16(DI)
	MOVL (R11)(R9*1), AX
	MOVL AX, 20(DI)
	MOVL (R11)(R9*2), AX
	MOVL AX, 24(DI)
	MOVL (R11)(R10*1), AX
	MOVL AX, 28(DI)
	ADDQ $4, SI
	ADDQ $4, R11
	ADDQ R8, DI
	DECQ CX
	JNZ  f32loop1

f32done:
	VZEROUPPER
	RET

// func packT8F64(dst *float64, ds int, src *float64, ld, k int)
// Requires: AVX. Lengths checked by the caller.
TEXT ·packT8F64(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ds+8(FP), R8
	SHLQ $3, R8
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R9
	SHLQ $3, R9
	MOVQ k+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (SI)(R9*4), R11
	LEAQ (R8)(R8*2), R12
	MOVQ CX, DX
	SHRQ $2, DX
	JZ   f64tail

f64loop4:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R9*1), Y1
	VMOVUPD (SI)(R9*2), Y2
	VMOVUPD (SI)(R10*1), Y3
	VMOVUPD (R11), Y4
	VMOVUPD (R11)(R9*1), Y5
	VMOVUPD (R11)(R9*2), Y6
	VMOVUPD (R11)(R10*1), Y7
	VUNPCKLPD  Y1, Y0, Y8          // r0₀ r1₀ | r0₂ r1₂
	VUNPCKHPD  Y1, Y0, Y9          // r0₁ r1₁ | r0₃ r1₃
	VUNPCKLPD  Y3, Y2, Y10
	VUNPCKHPD  Y3, Y2, Y11
	VUNPCKLPD  Y5, Y4, Y12
	VUNPCKHPD  Y5, Y4, Y13
	VUNPCKLPD  Y7, Y6, Y14
	VUNPCKHPD  Y7, Y6, Y15
	VPERM2F128 $0x20, Y10, Y8, Y0  // column 0, rows 0–3
	VPERM2F128 $0x20, Y11, Y9, Y1  // column 1
	VPERM2F128 $0x31, Y10, Y8, Y2  // column 2
	VPERM2F128 $0x31, Y11, Y9, Y3  // column 3
	VPERM2F128 $0x20, Y14, Y12, Y4 // column 0, rows 4–7
	VPERM2F128 $0x20, Y15, Y13, Y5
	VPERM2F128 $0x31, Y14, Y12, Y6
	VPERM2F128 $0x31, Y15, Y13, Y7
	VMOVUPD Y0, (DI)
	VMOVUPD Y4, 32(DI)
	VMOVUPD Y1, (DI)(R8*1)
	VMOVUPD Y5, 32(DI)(R8*1)
	VMOVUPD Y2, (DI)(R8*2)
	VMOVUPD Y6, 32(DI)(R8*2)
	VMOVUPD Y3, (DI)(R12*1)
	VMOVUPD Y7, 32(DI)(R12*1)
	LEAQ    (DI)(R8*4), DI
	ADDQ    $32, SI
	ADDQ    $32, R11
	DECQ    DX
	JNZ     f64loop4

f64tail:
	ANDQ $3, CX
	JZ   f64done

f64loop1:
	MOVQ (SI), AX
	MOVQ AX, (DI)
	MOVQ (SI)(R9*1), AX
	MOVQ AX, 8(DI)
	MOVQ (SI)(R9*2), AX
	MOVQ AX, 16(DI)
	MOVQ (SI)(R10*1), AX
	MOVQ AX, 24(DI)
	MOVQ (R11), AX
	MOVQ AX, 32(DI)
	MOVQ (R11)(R9*1), AX
	MOVQ AX, 40(DI)
	MOVQ (R11)(R9*2), AX
	MOVQ AX, 48(DI)
	MOVQ (R11)(R10*1), AX
	MOVQ AX, 56(DI)
	ADDQ $8, SI
	ADDQ $8, R11
	ADDQ R8, DI
	DECQ CX
	JNZ  f64loop1

f64done:
	VZEROUPPER
	RET

// Transposing pack of four rows: dst[p*ds+i] = src[i*ld+p] for i < 4, p < k
// (the 6-row A panels of the AVX2 kernels are packed as 4 + 2 rows).
//
// Register contract: SI src, R9 ld in bytes, R10 3·ld, DI dst, R8 ds in
// bytes, R12 3·ds, R13 dst + 4·ds, CX k, DX k/8 (float32) or k/4 (float64).

// func packT4F32(dst *float32, ds int, src *float32, ld, k int)
// Requires: AVX. Lengths checked by the caller.
TEXT ·packT4F32(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ds+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R9
	SHLQ $2, R9
	MOVQ k+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (R8)(R8*2), R12
	MOVQ CX, DX
	SHRQ $3, DX
	JZ   t4f32tail

t4f32loop8:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R9*1), Y1
	VMOVUPS (SI)(R9*2), Y2
	VMOVUPS (SI)(R10*1), Y3
	VUNPCKLPS Y1, Y0, Y4           // r0₀ r1₀ r0₁ r1₁ | r0₄ r1₄ r0₅ r1₅
	VUNPCKHPS Y1, Y0, Y5           // r0₂ r1₂ r0₃ r1₃ | r0₆ r1₆ r0₇ r1₇
	VUNPCKLPS Y3, Y2, Y6
	VUNPCKHPS Y3, Y2, Y7
	VSHUFPS   $0x44, Y6, Y4, Y0    // column 0 | column 4
	VSHUFPS   $0xEE, Y6, Y4, Y1    // column 1 | column 5
	VSHUFPS   $0x44, Y7, Y5, Y2    // column 2 | column 6
	VSHUFPS   $0xEE, Y7, Y5, Y3    // column 3 | column 7
	LEAQ        (DI)(R8*4), R13
	VMOVUPS     X0, (DI)
	VMOVUPS     X1, (DI)(R8*1)
	VMOVUPS     X2, (DI)(R8*2)
	VMOVUPS     X3, (DI)(R12*1)
	VEXTRACTF128 $1, Y0, (R13)
	VEXTRACTF128 $1, Y1, (R13)(R8*1)
	VEXTRACTF128 $1, Y2, (R13)(R8*2)
	VEXTRACTF128 $1, Y3, (R13)(R12*1)
	LEAQ        (DI)(R8*8), DI
	ADDQ        $32, SI
	DECQ        DX
	JNZ         t4f32loop8

t4f32tail:
	ANDQ $7, CX
	JZ   t4f32done

t4f32loop1:
	MOVL (SI), AX
	MOVL AX, (DI)
	MOVL (SI)(R9*1), AX
	MOVL AX, 4(DI)
	MOVL (SI)(R9*2), AX
	MOVL AX, 8(DI)
	MOVL (SI)(R10*1), AX
	MOVL AX, 12(DI)
	ADDQ $4, SI
	ADDQ R8, DI
	DECQ CX
	JNZ  t4f32loop1

t4f32done:
	VZEROUPPER
	RET

// func packT4F64(dst *float64, ds int, src *float64, ld, k int)
// Requires: AVX. Lengths checked by the caller.
TEXT ·packT4F64(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ds+8(FP), R8
	SHLQ $3, R8
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R9
	SHLQ $3, R9
	MOVQ k+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (R8)(R8*2), R12
	MOVQ CX, DX
	SHRQ $2, DX
	JZ   t4f64tail

t4f64loop4:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R9*1), Y1
	VMOVUPD (SI)(R9*2), Y2
	VMOVUPD (SI)(R10*1), Y3
	VUNPCKLPD  Y1, Y0, Y4          // r0₀ r1₀ | r0₂ r1₂
	VUNPCKHPD  Y1, Y0, Y5          // r0₁ r1₁ | r0₃ r1₃
	VUNPCKLPD  Y3, Y2, Y6
	VUNPCKHPD  Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0   // column 0
	VPERM2F128 $0x20, Y7, Y5, Y1   // column 1
	VPERM2F128 $0x31, Y6, Y4, Y2   // column 2
	VPERM2F128 $0x31, Y7, Y5, Y3   // column 3
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, (DI)(R8*1)
	VMOVUPD    Y2, (DI)(R8*2)
	VMOVUPD    Y3, (DI)(R12*1)
	LEAQ       (DI)(R8*4), DI
	ADDQ       $32, SI
	DECQ       DX
	JNZ        t4f64loop4

t4f64tail:
	ANDQ $3, CX
	JZ   t4f64done

t4f64loop1:
	MOVQ (SI), AX
	MOVQ AX, (DI)
	MOVQ (SI)(R9*1), AX
	MOVQ AX, 8(DI)
	MOVQ (SI)(R9*2), AX
	MOVQ AX, 16(DI)
	MOVQ (SI)(R10*1), AX
	MOVQ AX, 24(DI)
	ADDQ $8, SI
	ADDQ R8, DI
	DECQ CX
	JNZ  t4f64loop1

t4f64done:
	VZEROUPPER
	RET
