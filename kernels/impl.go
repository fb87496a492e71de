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
// change. Overridden, on the dispatch path in use:
//
//   - Level 3: Sgemm, Dgemm, Ssyrk, Dsyrk (the package-level functions), Dsyr2k
//     (two SYRK-driver passes, one per product), Dtrmm (the triangle
//     expanded with zeros into a full matrix, then Dgemm: twice the flops on a
//     kernel many times faster; small problems are delegated).
//   - Level 2: Dgemv, Dsymv, Dger as loops over the dot and axpy kernels.
//   - Level 1: Sdot, Ddot, Saxpy, Daxpy, Sscal, Dscal, Snrm2, Dnrm2.
//
// An overridden routine runs our kernels for unit increments (Level 1/2)
// and valid, non-trivial arguments; everything else — strided vectors,
// quick returns, argument errors (with gonum's panic messages) — and every
// other routine is delegated to the embedded gonum.Implementation. Our own
// Level 3 routines panic with this package's messages ("kernels: …") in the
// order gonum checks.
//
// Differences from gonum's native routines: results agree to rounding, not
// bitwise (fused multiply-adds, blocking); Dtrmm multiplies the zeros of the
// unreferenced triangle, so an Inf or NaN in B spreads to more entries than
// in gonum.
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
	Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemm is the package-level Dgemm.
func (Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Ssyrk is the package-level Ssyrk.
func (Implementation) Ssyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, beta float32, c []float32, ldc int) {
	Ssyrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// Dsyrk is the package-level Dsyrk.
func (Implementation) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	Dsyrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// Dsyr2k computes the uplo triangle of
//
//	C = alpha·(A·Bᵀ + B·Aᵀ) + beta·C  (tA = NoTrans; A, B n×k)
//	C = alpha·(Aᵀ·B + Bᵀ·A) + beta·C  (tA = Trans; A, B k×n)
//
// with gonum's semantics, on the SYRK driver.
func (impl Implementation) Dsyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	trans := tA == blas.Trans || tA == blas.ConjTrans
	row, col := n, k
	if trans {
		row, col = k, n
	}
	if (ul != blas.Lower && ul != blas.Upper) || !(trans || tA == blas.NoTrans) ||
		n <= 0 || k <= 0 || alpha == 0 ||
		lda < max(1, col) || ldb < max(1, col) || ldc < max(1, n) ||
		len(a) < lda*(row-1)+col || len(b) < ldb*(row-1)+col || len(c) < ldc*(n-1)+n {
		impl.Implementation.Dsyr2k(ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	syr2k(&cur.d, ul == blas.Upper, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dtrmm computes B = alpha·op(A)·B (side Left, A m×m) or B = alpha·B·op(A)
// (side Right, A n×n) for triangular A with gonum's semantics. Problems of
// at least 16 in every dimension run on Dgemm with the triangle of A
// expanded into a full matrix (zeros elsewhere, ones on a unit diagonal).
func (impl Implementation) Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := n
	if s == blas.Left {
		k = m
	}
	valid := (s == blas.Left || s == blas.Right) && (ul == blas.Lower || ul == blas.Upper) &&
		(tA == blas.NoTrans || tA == blas.Trans || tA == blas.ConjTrans) && (d == blas.NonUnit || d == blas.Unit) &&
		m >= 16 && n >= 16 && alpha != 0 && lda >= k && ldb >= n &&
		len(a) >= lda*(k-1)+k && len(b) >= ldb*(m-1)+n
	if !valid {
		impl.Implementation.Dtrmm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	t := make([]float64, k*k)
	for i := 0; i < k; i++ {
		lo, hi := 0, i+1
		if ul == blas.Upper {
			lo, hi = i, k
		}
		copy(t[i*k+lo:i*k+hi], a[i*lda+lo:i*lda+hi])
		if d == blas.Unit {
			t[i*k+i] = 1
		}
	}
	tmp := make([]float64, m*n)
	for i := 0; i < m; i++ {
		copy(tmp[i*n:i*n+n], b[i*ldb:i*ldb+n])
	}
	if s == blas.Left {
		Dgemm(tA, blas.NoTrans, m, n, m, alpha, t, k, tmp, n, 0, b, ldb)
	} else {
		Dgemm(blas.NoTrans, tA, m, n, n, alpha, tmp, n, t, k, 0, b, ldb)
	}
}

// Level 2.

// Dgemv computes y = alpha·op(A)·x + beta·y with gonum's semantics; unit
// increments run on the dot (NoTrans) or axpy (Trans) kernel row by row.
func (impl Implementation) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	trans := tA == blas.Trans || tA == blas.ConjTrans
	lenX, lenY := n, m
	if trans {
		lenX, lenY = m, n
	}
	if !(trans || tA == blas.NoTrans) || incX != 1 || incY != 1 || m <= 0 || n <= 0 || alpha == 0 ||
		lda < max(1, n) || len(a) < lda*(m-1)+n || len(x) < lenX || len(y) < lenY {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	v := &cur.dv
	x, y = x[:lenX], y[:lenY]
	if !trans {
		for i := range y {
			s := alpha * v.dot(a[i*lda:i*lda+n], x)
			if beta == 0 {
				y[i] = s
			} else {
				y[i] = s + beta*y[i]
			}
		}
		return
	}
	scaleVec(v, beta, y)
	for i, xi := range x {
		v.axpy(alpha*xi, a[i*lda:i*lda+n], y)
	}
}

// scaleVec sets y = beta·y, without reading y when beta is zero.
func scaleVec(v *vecImpl[float64], beta float64, y []float64) {
	switch beta {
	case 0:
		clear(y)
	case 1:
	default:
		v.scal(beta, y)
	}
}

// Dsymv computes y = alpha·A·x + beta·y for symmetric A (uplo triangle
// referenced) with gonum's semantics; unit increments run on the dot and
// axpy kernels, one pass over the triangle.
func (impl Implementation) Dsymv(ul blas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if (ul != blas.Lower && ul != blas.Upper) || incX != 1 || incY != 1 || n <= 0 || alpha == 0 ||
		lda < n || len(a) < lda*(n-1)+n || len(x) < n || len(y) < n {
		impl.Implementation.Dsymv(ul, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	v := &cur.dv
	x, y = x[:n], y[:n]
	scaleVec(v, beta, y)
	for i := 0; i < n; i++ {
		ax := alpha * x[i]
		if ul == blas.Lower {
			row := a[i*lda : i*lda+i+1]
			y[i] += alpha * v.dot(row, x[:i+1])
			v.axpy(ax, row[:i], y[:i])
		} else {
			row := a[i*lda+i : i*lda+n]
			y[i] += alpha * v.dot(row, x[i:])
			v.axpy(ax, row[1:], y[i+1:])
		}
	}
}

// Dger computes A += alpha·x·yᵀ with gonum's semantics; unit increments run
// on the axpy kernel row by row.
func (impl Implementation) Dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	if incX != 1 || incY != 1 || m <= 0 || n <= 0 || alpha == 0 ||
		lda < max(1, n) || len(x) < m || len(y) < n || len(a) < lda*(m-1)+n {
		impl.Implementation.Dger(m, n, alpha, x, incX, y, incY, a, lda)
		return
	}
	v := &cur.dv
	y = y[:n]
	for i, xi := range x[:m] {
		v.axpy(alpha*xi, y, a[i*lda:i*lda+n])
	}
}

// Level 1: unit increments and n > 0 with long enough slices run on our
// kernels, everything else on gonum's.

// Sdot computes Σ x[i]·y[i].
func (impl Implementation) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n {
		return cur.sv.dot(x[:n], y[:n])
	}
	return impl.Implementation.Sdot(n, x, incX, y, incY)
}

// Ddot computes Σ x[i]·y[i].
func (impl Implementation) Ddot(n int, x []float64, incX int, y []float64, incY int) float64 {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n {
		return cur.dv.dot(x[:n], y[:n])
	}
	return impl.Implementation.Ddot(n, x, incX, y, incY)
}

// Saxpy computes y += alpha·x.
func (impl Implementation) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n && alpha != 0 {
		cur.sv.axpy(alpha, x[:n], y[:n])
		return
	}
	impl.Implementation.Saxpy(n, alpha, x, incX, y, incY)
}

// Daxpy computes y += alpha·x.
func (impl Implementation) Daxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) {
	if incX == 1 && incY == 1 && n > 0 && len(x) >= n && len(y) >= n && alpha != 0 {
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
