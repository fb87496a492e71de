// Package arm64 holds the hand-written arm64 NEON assembly micro-kernels of
// package kernels behind Go functions that check every length the assembly
// relies on, so that no caller can make the assembly touch memory outside its
// slices. Use package kernels; this package is its building block.
//
// The assembly is generated (go run ./_gen, ./_genvec, ./_genl2 in this
// directory): ./_gen writes the GEMM micro-kernels, ./_genvec the vector
// kernels, ./_genl2 the Level 2 kernels (dot4, axpy4, rot, ger) and their Go
// declarations. Go's arm64 assembler has no by-element FMLA, no vector
// FADD/FADDP/FMUL and no BF16 instructions (BFDOT), so they are WORD-encoded
// with the mnemonic in a comment on each WORD; a test decodes the BFDOT
// words and, where aarch64-linux-gnu-as is installed, compares every WORD of
// the ./_gen and ./_genl2 files with GNU as. SgemmBF16NEON needs FEAT_BF16
// (HasBF16).
//
// On other architectures, and with the purego build tag, the package exports
// nothing.
package arm64
