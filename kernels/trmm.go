package kernels

import "gonum.org/v1/gonum/blas"

// Strmm computes
//
//	B = alpha·op(A)·B  (side Left, A m×m)
//	B = alpha·B·op(A)  (side Right, A n×n)
//
// in place for the m×n row-major B, where A is triangular (only its uplo
// triangle is read, and not its diagonal when d is blas.Unit) and op(A) is A
// or Aᵀ. It has the semantics and argument checks of gonum's blas.Float32
// Strmm: alpha = 0 sets B to zero without reading A or B, minimal-length
// slices are legal. Bad arguments panic with this package's messages
// ("kernels: …").
//
// It is a GEMM of the macro-kernel framework whose triangular operand is
// packed with zeros (only over the K range where each panel is not zero,
// and each tile's K range is cut to it: half the flops of a GEMM), in place:
// the K loop runs so that every part of B is packed before the product
// overwrites it. Nothing is allocated in the steady state, and the result
// does not depend on GOMAXPROCS.
func Strmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trmm(&cur.s, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// Dtrmm is Strmm for float64 (gonum's blas.Float64 Dtrmm).
func Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trmm(&cur.d, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// trmm runs a checked TRMM call with m, n > 0.
func trmm[T float](g *gemmImpl[T], s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if alpha == 0 {
		scaleC(m, n, 0, b, ldb)
		return
	}
	trans := isTrans(tA)
	// op(A) is upper triangular when A is upper and not transposed or
	// lower and transposed.
	opUpper := (ul == blas.Upper) != trans
	p := gemmProblem[T]{m: m, n: n, alpha: alpha, c: b, ldc: ldb, unit: d == blas.Unit}
	if s == blas.Left {
		// B = op(A)·B: Z_A = op(A), the operand B is B itself.
		p.k = m
		p.aKind, p.aTrans, p.aUpper, p.a, p.lda = opTri, trans, opUpper, a, lda
		p.b, p.ldb = b, ldb
	} else {
		// B = B·op(A): the operand A is B itself, op(B) = op(A), so Z_B =
		// op(A)ᵀ is upper when op(A) is lower.
		p.k = n
		p.a, p.lda = b, ldb
		p.bKind, p.bTrans, p.bUpper, p.b, p.ldb = opTri, trans, !opUpper, a, lda
	}
	p.run(g)
}
