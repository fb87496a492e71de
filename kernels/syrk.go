package kernels

import "gonum.org/v1/gonum/blas"

// SYRK and SYR2K are the gemmt variant of the GEMM framework (driver.go):
// the same loops, packing and micro-kernels, but only the tiles that touch
// the referenced triangle of C are computed, and a tile that crosses the
// diagonal is computed into a scratch tile of which only the triangle is
// stored. About half the flops of the equivalent GEMM.
//
// Determinism: row chunks start at multiples of MR, column blocks at
// multiples of NR from the global column blocking, and the K blocking depends
// only on k, so every element of C is computed by the same instructions on
// the same operands whatever the number of workers.

// Ssyrk performs the symmetric rank-k update
//
//	C = alpha * A * Aᵀ + beta * C  if tA == blas.NoTrans (A is n×k)
//	C = alpha * Aᵀ * A + beta * C  if tA == blas.Trans or blas.ConjTrans (A is k×n)
//
// where C is an n×n symmetric row-major matrix of which only the uplo
// triangle is referenced and updated. It has the semantics and argument
// checks of gonum's blas.Float32 Ssyrk: beta = 0 means C is not read, alpha =
// 0 (or k = 0) means A is not read, and minimal-length slices are legal. The
// products run on the GEMM micro-kernels of the dispatch path in use.
func Ssyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, beta float32, c []float32, ldc int) {
	syrk(&cur.s, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// Dsyrk performs the symmetric rank-k update
//
//	C = alpha * A * Aᵀ + beta * C  if tA == blas.NoTrans (A is n×k)
//	C = alpha * Aᵀ * A + beta * C  if tA == blas.Trans or blas.ConjTrans (A is k×n)
//
// where C is an n×n symmetric row-major matrix of which only the uplo
// triangle is referenced and updated. It has the semantics and argument
// checks of gonum's blas.Float64 Dsyrk (see Ssyrk).
func Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	syrk(&cur.d, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

func syrk[T float](g *gemmImpl[T], ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int) {
	if ul != blas.Lower && ul != blas.Upper {
		panic(badUplo)
	}
	checkTranspose(tA)
	if n < 0 {
		panic(nLT0)
	}
	if k < 0 {
		panic(kLT0)
	}
	trans := isTrans(tA)
	row, col := n, k
	if trans {
		row, col = k, n
	}
	if lda < max(1, col) {
		panic(badLdA)
	}
	if ldc < max(1, n) {
		panic(badLdC)
	}
	if n == 0 {
		return
	}
	if len(a) < lda*(row-1)+col {
		panic(shortA)
	}
	if len(c) < ldc*(n-1)+n {
		panic(shortC)
	}
	upper := ul == blas.Upper
	if alpha == 0 || k == 0 {
		if beta != 1 {
			scaleTriangle(upper, n, beta, c, ldc)
		}
		return
	}
	p := gemmtProblem(upper, trans, n, k, alpha, a, lda, a, lda, beta, c, ldc)
	p.run(g)
}

// scaleTriangle sets the uplo triangle of C to beta*C, without reading C
// when beta is zero.
func scaleTriangle[T float](upper bool, n int, beta T, c []T, ldc int) {
	for i := 0; i < n; i++ {
		lo, hi := 0, i+1
		if upper {
			lo, hi = i, n
		}
		row := c[i*ldc+lo : i*ldc+hi]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// gemmtProblem is the gemmt problem for the uplo triangle of C = alpha·Z·Wᵀ
// + beta·C, Z = op(A) and W = op(B) (n×k; op(X) = Xᵀ when trans): Z_A = Z,
// and op(B) = Wᵀ, so B is transposed when trans is not.
func gemmtProblem[T float](upper, trans bool, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) gemmProblem[T] {
	tri := lowerC
	if upper {
		tri = upperC
	}
	return gemmProblem[T]{aTrans: trans, bTrans: !trans, m: n, n: n, k: k, alpha: alpha,
		a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, cTri: tri}
}

// syr2k computes the uplo triangle of C = alpha·(Z·Wᵀ + W·Zᵀ) + beta·C,
// Z = op(A), W = op(B) (n×k), as two gemmt passes. The arguments are
// valid, n, k > 0, alpha ≠ 0.
func syr2k[T float](g *gemmImpl[T], upper, trans bool, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	p := gemmtProblem(upper, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	p.run(g)
	p = gemmtProblem(upper, trans, n, k, alpha, b, ldb, a, lda, 1, c, ldc)
	p.run(g)
}

// syrkProblem is a SYRK-shaped update C = alpha·Z·Zᵀ + beta·C of the lower
// (or upper) triangle, n, k > 0, with Z and Zᵀ packed beforehand
// (Covariance): preA holds MR-row panels of Z, panel i at preA[i·MR·k:],
// preB NR-column panels of Zᵀ at preB[j·NR·k:], zero-padded, K in one
// block; or, instead of preB, bIn is Zᵀ itself, row-major k×n with row
// stride ldb, read in place (a kernel with partial tiles only).
type syrkProblem[T float] struct {
	upper       bool
	n, k        int
	alpha, beta T
	c           []T
	ldc         int
	preA, preB  []T
	bIn         []T
	ldb         int
}

// run runs the update as a gemmt problem with prepacked operands.
func (s *syrkProblem[T]) run(g *gemmImpl[T]) {
	p := gemmtProblem(s.upper, false, s.n, s.k, s.alpha, s.preA, 0, s.preB, 0, s.beta, s.c, s.ldc)
	p.aKind, p.bKind = opPre, opPre
	if s.preB == nil {
		p.bKind, p.bTrans, p.b, p.ldb, p.bInPlace = opGeneral, false, s.bIn, s.ldb, true
	}
	p.run(g)
}
