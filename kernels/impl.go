package kernels

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is a gonum BLAS backend running on this package's kernels.
// It satisfies blas.Float32 and blas.Float64, so that
//
//	blas64.Use(kernels.Implementation{})
//	blas32.Use(kernels.Implementation{})
//
// makes gonum's mat and lapack packages use our kernels without any other
// change. Overridden, on the dispatch path in use, in both precisions:
//
//   - Level 3: gemm, syrk, syr2k, trsm, trmm, symm (the package-level
//     functions).
//   - Level 2: gemv, symv, trmv, trsv, ger, syr, syr2, on register-blocked
//     kernels (four rows of A per pass over x or y); on the AVX-512 paths
//     a GEMV with m, n ≤ 64 and unit increments is one call of a
//     whole-GEMV kernel.
//   - Level 1: dot, axpy, scal, nrm2, rot.
//
// Every other routine is gonum's native code (the embedded
// gonum.Implementation). Level 1 and 2 routines run our kernels for unit
// increments and valid, non-trivial arguments and delegate everything else
// to gonum. Bad arguments panic with gonum's exact messages ("blas: …") in
// gonum's order, so that gonum's own test suites pass with this backend.
//
// The small calls (GEMV above, dot and axpy of more than a few elements
// with unit increments) on the AVX-512 paths call the assembly directly,
// not through the path's table: at a few nanoseconds per call the
// indirect call and the wrapper are a fifth of the time (small_amd64.go).
// A dot or GEMV whose masked windows would reach into the next page
// (inPage in small.go: about 150 ns when that page is untouched) runs
// gonum's code; the axpy kernels have no masked loads (their tails are
// narrower vectors and scalars), the loop-free dot kernels none from one
// vector up, and GEMVs of at most 7×6 without a transpose are Go loops.
//
// Differences from gonum's native routines: results agree to rounding, not
// bitwise (fused multiply-adds, blocking), and where gonum skips a zero
// element of A the GEMM updates multiply by it, so an Inf or NaN in B can
// spread to more entries than in gonum.
type Implementation struct {
	gonum.Implementation
}

var (
	_ blas.Float32 = Implementation{}
	_ blas.Float64 = Implementation{}
)

// Level 3.

// Sgemm is the package-level Sgemm.
func (Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if mustRunBlas(gemmArgs(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))) {
		if alpha != 0 && k > 0 && smallGemm(isTrans(tA), isTrans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
			return
		}
		gemm(&cur.s, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Dgemm is the package-level Dgemm.
func (Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if mustRunBlas(gemmArgs(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))) {
		if alpha != 0 && k > 0 && smallGemm(isTrans(tA), isTrans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
			return
		}
		gemm(&cur.d, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Ssyrk is the package-level Ssyrk.
func (Implementation) Ssyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, beta float32, c []float32, ldc int) {
	if mustRunBlas(syrkArgs(ul, tA, n, k, lda, 0, ldc, len(a), -1, len(c))) {
		syrk(&cur.s, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
	}
}

// Dsyrk is the package-level Dsyrk.
func (Implementation) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	if mustRunBlas(syrkArgs(ul, tA, n, k, lda, 0, ldc, len(a), -1, len(c))) {
		syrk(&cur.d, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
	}
}

// Ssyr2k is the package-level Ssyr2k.
func (Implementation) Ssyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if mustRunBlas(syrkArgs(ul, tA, n, k, lda, ldb, ldc, len(a), len(b), len(c))) {
		runSyr2k(&cur.s, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Dsyr2k is the package-level Dsyr2k.
func (Implementation) Dsyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if mustRunBlas(syrkArgs(ul, tA, n, k, lda, ldb, ldc, len(a), len(b), len(c))) {
		runSyr2k(&cur.d, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Strsm is the package-level Strsm.
func (Implementation) Strsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	if mustRunBlas(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trsm(&cur.s, &cur.sv, l2Of[float32](), s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// Dtrsm is the package-level Dtrsm.
func (Implementation) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if mustRunBlas(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trsm(&cur.d, &cur.dv, l2Of[float64](), s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// Strmm is the package-level Strmm.
func (Implementation) Strmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	if mustRunBlas(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trmm(&cur.s, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// Dtrmm is the package-level Dtrmm.
func (Implementation) Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if mustRunBlas(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trmm(&cur.d, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// Ssymm is the package-level Ssymm.
func (Implementation) Ssymm(s blas.Side, ul blas.Uplo, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if mustRunBlas(symmArgs(s, ul, m, n, lda, ldb, ldc, len(a), len(b), len(c))) {
		symm(&cur.s, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Dsymm is the package-level Dsymm.
func (Implementation) Dsymm(s blas.Side, ul blas.Uplo, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if mustRunBlas(symmArgs(s, ul, m, n, lda, ldb, ldc, len(a), len(b), len(c))) {
		symm(&cur.d, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Level 2: valid, non-trivial calls run on the register-blocked kernels
// (level2.go), strided vectors through contiguous copies; everything else
// (argument errors, quick returns) is gonum's.

// Sgemv computes y = alpha·op(A)·x + beta·y with gonum's semantics.
func (impl Implementation) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	if tA == blas.NoTrans && alpha != 0 && m <= gemvNTinyM && n <= gemvNTinyN && gemvWholeOK(tA, m, n, lda, len(a), incX, len(x), incY, len(y)) {
		gemvNTiny(m, n, alpha, a, lda, x, beta, y)
		return
	}
	if alpha != 0 && gemvWholeOK(tA, m, n, lda, len(a), incX, len(x), incY, len(y)) {
		if tA != blas.NoTrans && m <= gemvNTinyM && n <= gemvTTinyN {
			gemvTTiny(m, n, alpha, a, lda, x, beta, y)
			return
		}
		if onAVX512() {
			lx, ly := n, m
			if tA != blas.NoTrans {
				lx, ly = m, n
			}
			if gemvNearPageEnd(lastByte(a, (m-1)*lda+n), lastByte(x, lx), lastByte(y, ly)) && !gemvInPage(tA, m, n, a, lda, x, y) {
				impl.Implementation.Sgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
				return
			}
			if tA == blas.NoTrans {
				sgemvNAVX512(m, n, alpha, a, lda, x, beta, y)
			} else {
				sgemvTAVX512(m, n, alpha, a, lda, x, beta, y)
			}
			return
		}
	}
	if !gemvImpl(tA, m, n, alpha, a, lda, x, incX, beta, y, incY) {
		impl.Implementation.Sgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
	}
}

// Dgemv computes y = alpha·op(A)·x + beta·y with gonum's semantics.
func (impl Implementation) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if tA == blas.NoTrans && alpha != 0 && m <= gemvNTinyM && n <= gemvNTinyN && gemvWholeOK(tA, m, n, lda, len(a), incX, len(x), incY, len(y)) {
		gemvNTiny(m, n, alpha, a, lda, x, beta, y)
		return
	}
	if alpha != 0 && gemvWholeOK(tA, m, n, lda, len(a), incX, len(x), incY, len(y)) {
		if tA != blas.NoTrans && m <= gemvNTinyM && n <= gemvTTinyN {
			gemvTTiny(m, n, alpha, a, lda, x, beta, y)
			return
		}
		if onAVX512() {
			lx, ly := n, m
			if tA != blas.NoTrans {
				lx, ly = m, n
			}
			if gemvNearPageEnd(lastByte(a, (m-1)*lda+n), lastByte(x, lx), lastByte(y, ly)) && !gemvInPage(tA, m, n, a, lda, x, y) {
				impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
				return
			}
			if tA == blas.NoTrans {
				dgemvNAVX512(m, n, alpha, a, lda, x, beta, y)
			} else {
				dgemvTAVX512(m, n, alpha, a, lda, x, beta, y)
			}
			return
		}
	}
	if m*n < gemvGonumBelowD(tA) || !gemvImpl(tA, m, n, alpha, a, lda, x, incX, beta, y, incY) {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
	}
}

// gemvImpl runs a valid, non-trivial GEMV and reports whether it did.
func gemvImpl[T float](tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) bool {
	trans := isTrans(tA)
	lenX, lenY := n, m
	if trans {
		lenX, lenY = m, n
	}
	if !validTrans(tA) || m <= 0 || n <= 0 || alpha == 0 || lda < max(1, n) || len(a) < lda*(m-1)+n ||
		!vecOK(lenX, incX, len(x)) || !vecOK(lenY, incY, len(y)) {
		return false
	}
	if incX == 1 && incY == 1 && smallGemv(trans, m, n, alpha, a, lda, x, beta, y) {
		return true
	}
	var l level2Args[T]
	xc, yc := l.vectors(x, lenX, incX, y, lenY, incY, beta != 0)
	gemv(trans, m, n, alpha, a, lda, xc, beta, yc)
	l.done(yc, y, incY)
	return true
}

// Ssymv computes y = alpha·A·x + beta·y for symmetric A (uplo triangle
// referenced) with gonum's semantics.
func (impl Implementation) Ssymv(ul blas.Uplo, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	if !symvImpl(ul, n, alpha, a, lda, x, incX, beta, y, incY) {
		impl.Implementation.Ssymv(ul, n, alpha, a, lda, x, incX, beta, y, incY)
	}
}

// Dsymv computes y = alpha·A·x + beta·y for symmetric A (uplo triangle
// referenced) with gonum's semantics.
func (impl Implementation) Dsymv(ul blas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if !symvImpl(ul, n, alpha, a, lda, x, incX, beta, y, incY) {
		impl.Implementation.Dsymv(ul, n, alpha, a, lda, x, incX, beta, y, incY)
	}
}

func symvImpl[T float](ul blas.Uplo, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) bool {
	if !validUplo(ul) || n <= 0 || alpha == 0 || lda < n || len(a) < lda*(n-1)+n ||
		!vecOK(n, incX, len(x)) || !vecOK(n, incY, len(y)) {
		return false
	}
	var l level2Args[T]
	xc, yc := l.vectors(x, n, incX, y, n, incY, beta != 0)
	symv(ul == blas.Upper, n, alpha, a, lda, xc, beta, yc)
	l.done(yc, y, incY)
	return true
}

// Strmv computes x = op(A)·x for triangular A with gonum's semantics.
func (impl Implementation) Strmv(ul blas.Uplo, tA blas.Transpose, d blas.Diag, n int, a []float32, lda int, x []float32, incX int) {
	if !triVecImpl(false, ul, tA, d, n, a, lda, x, incX) {
		impl.Implementation.Strmv(ul, tA, d, n, a, lda, x, incX)
	}
}

// Dtrmv computes x = op(A)·x for triangular A with gonum's semantics.
func (impl Implementation) Dtrmv(ul blas.Uplo, tA blas.Transpose, d blas.Diag, n int, a []float64, lda int, x []float64, incX int) {
	if !triVecImpl(false, ul, tA, d, n, a, lda, x, incX) {
		impl.Implementation.Dtrmv(ul, tA, d, n, a, lda, x, incX)
	}
}

// Strsv solves op(A)·x = b (b in x) for triangular A with gonum's
// semantics.
func (impl Implementation) Strsv(ul blas.Uplo, tA blas.Transpose, d blas.Diag, n int, a []float32, lda int, x []float32, incX int) {
	if !triVecImpl(true, ul, tA, d, n, a, lda, x, incX) {
		impl.Implementation.Strsv(ul, tA, d, n, a, lda, x, incX)
	}
}

// Dtrsv solves op(A)·x = b (b in x) for triangular A with gonum's
// semantics.
func (impl Implementation) Dtrsv(ul blas.Uplo, tA blas.Transpose, d blas.Diag, n int, a []float64, lda int, x []float64, incX int) {
	if !triVecImpl(true, ul, tA, d, n, a, lda, x, incX) {
		impl.Implementation.Dtrsv(ul, tA, d, n, a, lda, x, incX)
	}
}

func triVecImpl[T float](solve bool, ul blas.Uplo, tA blas.Transpose, d blas.Diag, n int, a []T, lda int, x []T, incX int) bool {
	if !validUplo(ul) || !validTrans(tA) || !validDiag(d) || n <= 0 || lda < n || len(a) < lda*(n-1)+n ||
		!vecOK(n, incX, len(x)) {
		return false
	}
	var l level2Args[T]
	xc, _ := l.vectors(x, n, incX, nil, 0, 1, false)
	if solve {
		trsv(ul == blas.Upper, isTrans(tA), d == blas.Unit, n, a, lda, xc)
	} else {
		trmv(ul == blas.Upper, isTrans(tA), d == blas.Unit, n, a, lda, xc)
	}
	l.done(xc, x, incX)
	return true
}

// Sger computes A += alpha·x·yᵀ with gonum's semantics.
func (impl Implementation) Sger(m, n int, alpha float32, x []float32, incX int, y []float32, incY int, a []float32, lda int) {
	if !gerImpl(m, n, alpha, x, incX, y, incY, a, lda) {
		impl.Implementation.Sger(m, n, alpha, x, incX, y, incY, a, lda)
	}
}

// Dger computes A += alpha·x·yᵀ with gonum's semantics.
func (impl Implementation) Dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	if !gerImpl(m, n, alpha, x, incX, y, incY, a, lda) {
		impl.Implementation.Dger(m, n, alpha, x, incX, y, incY, a, lda)
	}
}

func gerImpl[T float](m, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int) bool {
	if m <= 0 || n <= 0 || alpha == 0 || lda < max(1, n) || len(a) < lda*(m-1)+n ||
		!vecOK(m, incX, len(x)) || !vecOK(n, incY, len(y)) {
		return false
	}
	var l level2Args[T]
	xc, yc := l.vectors(x, m, incX, y, n, incY, true)
	ger(m, n, alpha, xc, yc, a, lda)
	if l.s != nil {
		putScratch(l.s) // y was only read
	}
	return true
}

// Ssyr computes A += alpha·x·xᵀ (uplo triangle) with gonum's semantics.
func (impl Implementation) Ssyr(ul blas.Uplo, n int, alpha float32, x []float32, incX int, a []float32, lda int) {
	if !syrImpl(ul, n, alpha, x, incX, nil, 0, a, lda) {
		impl.Implementation.Ssyr(ul, n, alpha, x, incX, a, lda)
	}
}

// Dsyr computes A += alpha·x·xᵀ (uplo triangle) with gonum's semantics.
func (impl Implementation) Dsyr(ul blas.Uplo, n int, alpha float64, x []float64, incX int, a []float64, lda int) {
	if !syrImpl(ul, n, alpha, x, incX, nil, 0, a, lda) {
		impl.Implementation.Dsyr(ul, n, alpha, x, incX, a, lda)
	}
}

// Ssyr2 computes A += alpha·(x·yᵀ + y·xᵀ) (uplo triangle) with gonum's
// semantics.
func (impl Implementation) Ssyr2(ul blas.Uplo, n int, alpha float32, x []float32, incX int, y []float32, incY int, a []float32, lda int) {
	if y == nil || !syrImpl(ul, n, alpha, x, incX, y, incY, a, lda) {
		impl.Implementation.Ssyr2(ul, n, alpha, x, incX, y, incY, a, lda)
	}
}

// Dsyr2 computes A += alpha·(x·yᵀ + y·xᵀ) (uplo triangle) with gonum's
// semantics.
func (impl Implementation) Dsyr2(ul blas.Uplo, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	if y == nil || !syrImpl(ul, n, alpha, x, incX, y, incY, a, lda) {
		impl.Implementation.Dsyr2(ul, n, alpha, x, incX, y, incY, a, lda)
	}
}

// syrImpl runs a valid, non-trivial SYR (y nil) or SYR2 and reports
// whether it did.
func syrImpl[T float](ul blas.Uplo, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int) bool {
	if !validUplo(ul) || n <= 0 || alpha == 0 || lda < n || len(a) < lda*(n-1)+n || !vecOK(n, incX, len(x)) ||
		y != nil && !vecOK(n, incY, len(y)) {
		return false
	}
	var l level2Args[T]
	var xc, yc []T
	if y == nil {
		xc, _ = l.vectors(x, n, incX, nil, 0, 1, false)
	} else {
		xc, yc = l.vectors(x, n, incX, y, n, incY, true)
	}
	syr2(ul == blas.Upper, n, alpha, xc, yc, a, lda)
	if l.s != nil {
		putScratch(l.s)
	}
	return true
}

// Srot applies the plane rotation (c, s) to x and y with gonum's
// semantics; unit increments run on the rot kernel.
func (impl Implementation) Srot(n int, x []float32, incX int, y []float32, incY int, c, s float32) {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n {
		l2Of[float32]().rot(x[:n], y[:n], c, s)
		return
	}
	impl.Implementation.Srot(n, x, incX, y, incY, c, s)
}

// Drot applies the plane rotation (c, s) to x and y with gonum's
// semantics; unit increments run on the rot kernel.
func (impl Implementation) Drot(n int, x []float64, incX int, y []float64, incY int, c, s float64) {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n {
		l2Of[float64]().rot(x[:n], y[:n], c, s)
		return
	}
	impl.Implementation.Drot(n, x, incX, y, incY, c, s)
}

// Level 1: unit increments and n > 0 with long enough slices run on our
// kernels, everything else on gonum's.

// Sdot computes Σ x[i]·y[i].
func (impl Implementation) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n {
		if n <= smallDotN {
			return smallDot(x[:n], y[:n])
		}
		if onAVX512() {
			if dotInside[float32](n) || inPage(x[:n]) && inPage(y[:n]) {
				return sdotAVX512(x[:n], y[:n])
			}
			return impl.Implementation.Sdot(n, x, 1, y, 1)
		}
		return cur.sv.dot(x[:n], y[:n])
	}
	return impl.Implementation.Sdot(n, x, incX, y, incY)
}

// Ddot computes Σ x[i]·y[i].
func (impl Implementation) Ddot(n int, x []float64, incX int, y []float64, incY int) float64 {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n {
		if n <= smallDotN {
			return smallDot(x[:n], y[:n])
		}
		if onAVX512() {
			if dotInside[float64](n) || inPage(x[:n]) && inPage(y[:n]) {
				return ddotAVX512(x[:n], y[:n])
			}
			return impl.Implementation.Ddot(n, x, 1, y, 1)
		}
		return cur.dv.dot(x[:n], y[:n])
	}
	return impl.Implementation.Ddot(n, x, incX, y, incY)
}

// Saxpy computes y += alpha·x.
func (impl Implementation) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n && alpha != 0 {
		if n <= smallVec {
			axpyGeneric(alpha, x[:n], y[:n])
			return
		}
		if onAVX512() {
			saxpyAVX512(alpha, x[:n], y[:n])
			return
		}
		cur.sv.axpy(alpha, x[:n], y[:n])
		return
	}
	impl.Implementation.Saxpy(n, alpha, x, incX, y, incY)
}

// Daxpy computes y += alpha·x.
func (impl Implementation) Daxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n && alpha != 0 {
		if n <= smallVec {
			axpyGeneric(alpha, x[:n], y[:n])
			return
		}
		if onAVX512() {
			daxpyAVX512(alpha, x[:n], y[:n])
			return
		}
		cur.dv.axpy(alpha, x[:n], y[:n])
		return
	}
	impl.Implementation.Daxpy(n, alpha, x, incX, y, incY)
}

// Sscal computes x = alpha·x.
func (impl Implementation) Sscal(n int, alpha float32, x []float32, incX int) {
	if incX == 1 && n > 0 && len(x) >= n && alpha != 0 {
		cur.sv.scal(alpha, x[:n])
		return
	}
	impl.Implementation.Sscal(n, alpha, x, incX)
}

// Dscal computes x = alpha·x.
func (impl Implementation) Dscal(n int, alpha float64, x []float64, incX int) {
	if incX == 1 && n > 0 && len(x) >= n && alpha != 0 {
		cur.dv.scal(alpha, x[:n])
		return
	}
	impl.Implementation.Dscal(n, alpha, x, incX)
}

// Snrm2 computes the Euclidean norm of x (see the package-level Snrm2).
func (impl Implementation) Snrm2(n int, x []float32, incX int) float32 {
	if incX == 1 && n > 0 && len(x) >= n {
		return Snrm2(x[:n])
	}
	return impl.Implementation.Snrm2(n, x, incX)
}

// Dnrm2 computes the Euclidean norm of x (see the package-level Dnrm2).
func (impl Implementation) Dnrm2(n int, x []float64, incX int) float64 {
	if incX == 1 && n > 0 && len(x) >= n {
		return Dnrm2(x[:n])
	}
	return impl.Implementation.Dnrm2(n, x, incX)
}
