package kernels

import "gonum.org/v1/gonum/blas"

// Ssymm computes
//
//	C = alpha·A·B + beta·C  (side Left, A m×m)
//	C = alpha·B·A + beta·C  (side Right, A n×n)
//
// for a symmetric A of which only the uplo triangle is read, and m×n
// row-major B and C. It has the semantics and argument checks of gonum's
// blas.Float32 Ssymm: beta = 0 means C is not read, alpha = 0 means A and B
// are not read, minimal-length slices are legal. Bad arguments panic with
// this package's messages ("kernels: …").
//
// It is a GEMM of the macro-kernel framework whose symmetric operand is
// packed straight from its stored triangle (no expanded copy): the flops
// run at GEMM speed, split between the workers.
func Ssymm(s blas.Side, ul blas.Uplo, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if mustRun(symmArgs(s, ul, m, n, lda, ldb, ldc, len(a), len(b), len(c))) {
		symm(&cur.s, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Dsymm is Ssymm for float64 (gonum's blas.Float64 Dsymm).
func Dsymm(s blas.Side, ul blas.Uplo, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if mustRun(symmArgs(s, ul, m, n, lda, ldb, ldc, len(a), len(b), len(c))) {
		symm(&cur.d, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// symm runs a checked SYMM call with m, n > 0.
func symm[T float](g *gemmImpl[T], s blas.Side, ul blas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if alpha == 0 {
		if beta != 1 {
			scaleC(m, n, beta, c, ldc)
		}
		return
	}
	upper := ul == blas.Upper
	p := gemmProblem[T]{m: m, n: n, alpha: alpha, beta: beta, c: c, ldc: ldc}
	if s == blas.Left {
		// C = S·B: Z_A = S (m×m), op(B) = B.
		p.k = m
		p.aKind, p.aUpper, p.a, p.lda = opSym, upper, a, lda
		p.b, p.ldb = b, ldb
	} else {
		// C = B·S: op(A) = B, Z_B = Sᵀ = S (n×n).
		p.k = n
		p.a, p.lda = b, ldb
		p.bKind, p.bUpper, p.b, p.ldb = opSym, upper, a, lda
	}
	p.run(g)
}

// Ssyr2k computes the uplo triangle of the symmetric rank-2k update
//
//	C = alpha·(A·Bᵀ + B·Aᵀ) + beta·C  (tA = NoTrans; A, B n×k)
//	C = alpha·(Aᵀ·B + Bᵀ·A) + beta·C  (tA = Trans or ConjTrans; A, B k×n)
//
// with the semantics and argument checks of gonum's blas.Float32 Ssyr2k
// (beta = 0: C not read; alpha = 0 or k = 0: A and B not read). Bad
// arguments panic with this package's messages. It is two gemmt passes of
// the GEMM framework, one per product.
func Ssyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if mustRun(syrkArgs(ul, tA, n, k, lda, ldb, ldc, len(a), len(b), len(c))) {
		runSyr2k(&cur.s, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Dsyr2k is Ssyr2k for float64 (gonum's blas.Float64 Dsyr2k).
func Dsyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if mustRun(syrkArgs(ul, tA, n, k, lda, ldb, ldc, len(a), len(b), len(c))) {
		runSyr2k(&cur.d, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// runSyr2k runs a checked SYR2K call with n > 0.
func runSyr2k[T float](g *gemmImpl[T], ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if alpha == 0 || k == 0 {
		if beta != 1 {
			scaleTriangle(ul == blas.Upper, n, beta, c, ldc)
		}
		return
	}
	syr2k(g, ul == blas.Upper, isTrans(tA), n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
