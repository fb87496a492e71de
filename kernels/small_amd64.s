//go:build !purego

#include "textflag.h"

// Tail jumps to the whole-GEMV kernels of package amd64 (same arguments,
// same frame), so that Implementation's Dgemv and Sgemv call the assembly
// directly after their own complete check (gemvWholeOK), without a second
// Go frame for amd64's checking wrappers (see small_amd64.go).

TEXT ·dgemvNWhole(SB), NOSPLIT|NOFRAME, $0-64
	JMP github·com∕directpred∕directpred∕kernels∕amd64·dgemvNSmallAVX512(SB)

TEXT ·dgemvTWhole(SB), NOSPLIT|NOFRAME, $0-64
	JMP github·com∕directpred∕directpred∕kernels∕amd64·dgemvTSmallAVX512(SB)

TEXT ·sgemvNWhole(SB), NOSPLIT|NOFRAME, $0-64
	JMP github·com∕directpred∕directpred∕kernels∕amd64·sgemvNSmallAVX512(SB)

TEXT ·sgemvTWhole(SB), NOSPLIT|NOFRAME, $0-64
	JMP github·com∕directpred∕directpred∕kernels∕amd64·sgemvTSmallAVX512(SB)
