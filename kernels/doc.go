// Package kernels is the numerical core of directpred: single- and
// double-precision GEMM, SYRK, covariance accumulation and vector kernels,
// with hand-written assembly micro-kernels chosen at run time.
//
// # Storage
//
// Matrices are dense and row-major: element (i, j) of a matrix with leading
// dimension ld is a[i*ld+j], and ld must be at least the number of columns
// (and at least 1). A slice only has to reach the last element it holds: an
// r×c matrix needs len ≥ (r−1)·ld + c, and nothing past that is read or
// written. The BLAS routines take gonum's argument order and semantics
// (gonum.org/v1/gonum/blas): C = alpha·op(A)·op(B) + beta·C; beta = 0 means C
// is not read (a NaN in C does not leak), alpha = 0 or k = 0 means A and B are
// not read.
//
// # Errors
//
// Programmer errors (negative sizes, bad leading dimensions, short slices,
// unknown transpose or uplo values) panic with constant messages such as
// "kernels: bad leading dimension of A", checked in gonum's order. Numerical
// trouble is not an error: NaN and Inf propagate as IEEE arithmetic says.
//
// # Dispatch
//
// At start-up the package picks the best path the CPU can run:
// "avx512bf16" (AVX-512F + BW + BMI2 + AVX512_BF16), "avx512" (AVX-512F +
// BMI2), "avx2" (AVX2 + FMA + BMI2), "neonbf16" (arm64 with FEAT_BF16),
// "neon" (arm64) or "generic" (portable Go, also used with the purego build
// tag). The bf16 paths are their base path plus native bfloat16 dot products
// for SgemmBF16 and BF16gemm (BlockingBF16 reports which is used). ISA names the path in
// use, AvailableISAs lists what this CPU can run, and Blocking reports the
// register tile and cache blocks. The environment variable DIRECTPRED_ISA
// forces a path (DIRECTPRED_ISA=generic, avx2, …); a name this CPU cannot run
// panics at start-up with the list of those it can. Tests run every available
// path in one binary.
//
// # Design
//
// GEMM follows BLIS/Goto: a Go driver runs the loops around a register-tile
// micro-kernel, packs panels of A and B (packing handles transposes and
// strides), and reads an untransposed B in place for products with few rows.
// The micro-kernels live in kernels/amd64 and kernels/arm64, each with a Go
// twin that is the fallback and the test oracle; register tiles and cache
// blocks are data per ISA. Work is split between up to GOMAXPROCS persistent
// workers along M or N only, never K, so results are bitwise identical for
// any GOMAXPROCS, and steady-state calls allocate nothing; a split along M
// packs each block of B once, shared by the workers.
//
// # bfloat16
//
// BF16 is a bfloat16 value (the upper half of a float32); ToBF16, RoundBF16,
// ConvertToBF16 and ConvertFromBF16 convert, rounding to nearest even (NaN
// stays NaN, ±Inf stays, overflow gives ±Inf, subnormals are kept).
// SgemmBF16 has Sgemm's signature and contracts but multiplies bf16(op(A)) by
// bf16(op(B)), rounding while it packs, with float32 accumulation — the
// arithmetic of PyTorch's CPU autocast, at about twice Sgemm's speed where
// the CPU has bfloat16 dot-product instructions (AVX512_BF16's VDPBF16PS,
// Arm's BFDOT: the panels hold k-pairs, two products per float32 lane and
// instruction). Without them the same rounded products are accumulated with
// float32 FMAs. BF16gemm takes bfloat16 A and B, for callers who store
// weights or activations in bfloat16. The bfloat16 instructions flush
// subnormal inputs and results to zero; the float32 path does not, so the
// paths agree to the float32 inner-product bound plus those flushed values.
//
// # SYRK, covariance and vector kernels
//
// Ssyrk and Dsyrk (gonum's semantics: uplo, trans, alpha/beta rules, panics)
// run the GEMM driver and micro-kernels tile by tile over one triangle only:
// tiles outside it are skipped, diagonal-crossing tiles are computed into a
// scratch tile of which only the triangle is stored — about half the flops
// of a GEMM. Workers split the rows at equal triangle area; results are
// bitwise identical for any GOMAXPROCS.
//
// Covariance[T] (T = float32 or float64 input, float64 statistics)
// accumulates row-major B×d batches: Mean, Covariance (centred, 1/N),
// SampleCovariance (1/(N−1)), SecondMoment ((1/N)·Σ f fᵀ, DirectPred's F̂),
// all as full symmetric d×d matrices. NewEMACovariance keeps exponential
// moving averages instead (the first batch initialises), Merge combines two
// accumulators (Chan et al.), Reset empties one. Each batch is centred on
// its own mean in float64 and merged with the pairwise update, never
// E[ffᵀ] − μμᵀ; the whole update is one SYRK pass over C.
//
// The vector kernels take unit-stride slices of any length and alignment
// and touch nothing outside them (AVX-512: narrower vectors, scalars or
// masked tails; AVX2 and NEON: scalar tails): Sdot/Ddot, Saxpy/Daxpy
// (y ← a·x + y), Sscal/Dscal, Saxpby/Daxpby (y ← a·x + b·y), Snrm2/Dnrm2
// (overflow-safe) and EMA(tau, targets, sources), the fused target-network
// update θ̄ ← τ·θ̄ + (1−τ)·θ over a list of tensors in one call. Mismatched
// lengths panic. The AVX-512 axpy kernels have no masked loads; the dot
// kernels' tail is one masked load (on Zen 5 a masked load whose window,
// not its lanes, reaches into a page that was never touched costs about
// 150 ns, 40× a short dot; Implementation checks for that case).
// Srotseq/Drotseq apply a sequence of plane rotations to the row pairs of a
// matrix (LAPACK dlasr 'L','V'; the SVD's bidiagonal QR).
//
// # Level 3 and Level 2
//
// Strsm/Dtrsm, Strmm/Dtrmm, Ssymm/Dsymm and Ssyr2k/Dsyr2k complete Level 3
// in both precisions on one macro-kernel framework, the GEMM driver's loops,
// packing and parallel split: SYRK and SYR2K compute only the tiles that
// touch the stored triangle (diagonal tiles through a scratch tile); SYMM
// packs its symmetric operand straight from the stored triangle; TRMM packs
// its triangular operand with zeros, only over each panel's non-zero K
// range, and runs in place; TRSM halves the triangle recursively down to
// 16×16 diagonal blocks solved on the vector kernels, every off-diagonal
// block a GEMM update on the driver, blocks of right-hand sides in
// parallel. A parallel call made inside a chunk of another (a GEMM in a
// ParallelFor task) runs on the workers that are free, or alone. Level 2 (gemv, symv, trmv, trsv, ger, syr, syr2)
// runs four rows of A at a time on the dot4/axpy4 kernels.
//
// Implementation is a gonum BLAS backend (blas.Float32 and blas.Float64):
// blas64.Use(kernels.Implementation{}) routes gonum's mat and lapack through
// these kernels (all of Level 3, the Level 2 routines above and the Level 1
// dot, axpy, scal, nrm2, rot), everything else to gonum's native code. It
// panics with gonum's own messages, so gonum's mat and lapack/gonum test
// suites pass with it installed (.ci/gonum-suites).
package kernels
