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
// A is expanded, one block of KC rows at a time, from its stored triangle
// into a full scratch panel, which a GEMM on the micro-kernels multiplies
// (split between the workers): the flops run at GEMM speed and the
// expansion costs one pass over A.
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
	left := s == blas.Left
	k := n
	if left {
		k = m
	}
	sc := getScratch[T]()
	kb := g.kc
	for p0 := 0; p0 < k; p0 += kb {
		pw := min(kb, k-p0)
		bt := beta
		if p0 > 0 {
			bt = 1
		}
		// t = rows [p0, p0+pw) of the full symmetric A (pw×k).
		t := sc.get(pw * k)
		expandSymRows(t, a, lda, ul == blas.Upper, k, p0, pw)
		if left {
			// A[:, p0:p0+pw] = tᵀ times rows [p0, p0+pw) of B.
			gemmOn(g, nil, true, m, n, pw, alpha, t, k, b[p0*ldb:], ldb, bt, c, ldc)
		} else {
			// Columns [p0, p0+pw) of B times t.
			gemmOn(g, nil, false, m, n, pw, alpha, b[p0:], ldb, t, n, bt, c, ldc)
		}
	}
	putScratch(sc)
}

// expandSymRows writes rows [r0, r0+rows) of the k×k symmetric matrix whose
// upper (or lower) triangle is stored in a into t (row stride k).
func expandSymRows[T float](t, a []T, lda int, upper bool, k, r0, rows int) {
	r1 := r0 + rows
	for i := r0; i < r1; i++ {
		ti := t[(i-r0)*k:][:k]
		if upper {
			copy(ti[i:], a[i*lda+i:i*lda+k])
			for j := r0; j < i; j++ {
				ti[j] = a[j*lda+i]
			}
		} else {
			copy(ti[:i+1], a[i*lda:i*lda+i+1])
			for j := i + 1; j < r1; j++ {
				ti[j] = a[j*lda+i]
			}
		}
	}
	// The rest of the mirrored part is a rectangle of A, transposed.
	if upper {
		// t[i−r0][j] = A[j][i] for j < r0.
		transposeTo(t, k, a[r0:], lda, r0, rows)
	} else if r1 < k {
		// t[i−r0][j] = A[j][i] for j ≥ r1.
		transposeTo(t[r1:], k, a[r1*lda+r0:], lda, k-r1, rows)
	}
}

// Ssyr2k computes the uplo triangle of the symmetric rank-2k update
//
//	C = alpha·(A·Bᵀ + B·Aᵀ) + beta·C  (tA = NoTrans; A, B n×k)
//	C = alpha·(Aᵀ·B + Bᵀ·A) + beta·C  (tA = Trans or ConjTrans; A, B k×n)
//
// with the semantics and argument checks of gonum's blas.Float32 Ssyr2k
// (beta = 0: C not read; alpha = 0 or k = 0: A and B not read). Bad
// arguments panic with this package's messages. It is two passes of the
// SYRK driver, one per product.
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
