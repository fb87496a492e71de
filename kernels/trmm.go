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
// The product is recursive like Strsm's solve: off-diagonal blocks are GEMMs
// on the micro-kernels, diagonal blocks of at most 16 rows run on the vector
// kernels; nothing is allocated in the steady state, and the result does not
// depend on GOMAXPROCS.
func Strmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		runTri(&cur.s, false, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// Dtrmm is Strmm for float64 (gonum's blas.Float64 Dtrmm).
func Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		runTri(&cur.d, false, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}
