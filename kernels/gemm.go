package kernels

import "gonum.org/v1/gonum/blas"

// Sgemm computes
//
//	C = alpha * op(A) * op(B) + beta * C
//
// where op(X) is X or Xᵀ, A, B and C are row-major, op(A) is m×k, op(B) is k×n
// and C is m×n. It has the semantics and argument checks of gonum's
// blas.Float32 Sgemm: beta = 0 means C is not read, alpha = 0 (or k = 0)
// means A and B are not read, and minimal-length slices are legal.
func Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm(&cur.s, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemm computes
//
//	C = alpha * op(A) * op(B) + beta * C
//
// where op(X) is X or Xᵀ, A, B and C are row-major, op(A) is m×k, op(B) is k×n
// and C is m×n. It has the semantics and argument checks of gonum's
// blas.Float64 Dgemm: beta = 0 means C is not read, alpha = 0 (or k = 0)
// means A and B are not read, and minimal-length slices are legal.
func Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm(&cur.d, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func isTrans(t blas.Transpose) bool { return t == blas.Trans || t == blas.ConjTrans }

func checkTranspose(t blas.Transpose) {
	switch t {
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	default:
		panic(badTranspose)
	}
}

func gemm[T float](g *gemmImpl[T], tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	aTrans, bTrans := checkGemmArgs(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))
	if trivialGemm(m, n, k, alpha == 0, beta, c, ldc) || smallGemm(aTrans, bTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		return
	}
	p := gemmProblem[T]{
		aTrans: aTrans, bTrans: bTrans,
		m: m, n: n, k: k,
		alpha: alpha, a: a, lda: lda,
		b: b, ldb: ldb,
		beta: beta, c: c, ldc: ldc,
	}
	p.run(g)
}

// checkGemmArgs panics unless the arguments of a GEMM call are valid, checking in
// gonum's order; la, lb and lc are the lengths of a, b and c. The lengths are
// not checked when C is empty.
func checkGemmArgs(tA, tB blas.Transpose, m, n, k, lda, ldb, ldc, la, lb, lc int) (aTrans, bTrans bool) {
	checkTranspose(tA)
	checkTranspose(tB)
	if m < 0 {
		panic(mLT0)
	}
	if n < 0 {
		panic(nLT0)
	}
	if k < 0 {
		panic(kLT0)
	}
	aTrans, bTrans = isTrans(tA), isTrans(tB)
	if aTrans {
		if lda < max(1, m) {
			panic(badLdA)
		}
	} else if lda < max(1, k) {
		panic(badLdA)
	}
	if bTrans {
		if ldb < max(1, k) {
			panic(badLdB)
		}
	} else if ldb < max(1, n) {
		panic(badLdB)
	}
	if ldc < max(1, n) {
		panic(badLdC)
	}

	// Quick return if possible.
	if m == 0 || n == 0 {
		return aTrans, bTrans
	}

	// For zero matrix size the following slice length checks are trivially
	// satisfied.
	if aTrans {
		if la < (k-1)*lda+m {
			panic(shortA)
		}
	} else if la < (m-1)*lda+k {
		panic(shortA)
	}
	if bTrans {
		if lb < (n-1)*ldb+k {
			panic(shortB)
		}
	} else if lb < (k-1)*ldb+n {
		panic(shortB)
	}
	if lc < (m-1)*ldc+n {
		panic(shortC)
	}
	return aTrans, bTrans
}

// trivialGemm does the whole of a checked GEMM call that needs no products
// (C empty, alpha = 0 or k = 0: C = beta*C, and nothing when beta = 1) and
// reports whether it did.
func trivialGemm[T float](m, n, k int, alphaZero bool, beta T, c []T, ldc int) bool {
	if m == 0 || n == 0 {
		return true
	}
	if !alphaZero && k != 0 {
		return false
	}
	if beta != 1 {
		scaleC(m, n, beta, c, ldc)
	}
	return true
}

// scaleC sets C = beta*C, without reading C when beta is zero.
func scaleC[T float](m, n int, beta T, c []T, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
