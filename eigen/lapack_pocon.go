package eigen

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Dpocon estimates the reciprocal condition number of the symmetric
// positive definite n×n matrix whose Cholesky factor (Dpotrf's output,
// uplo triangle) is in a, given the norm anorm of the original matrix,
// with gonum's contract (len(work) ≥ 3n, len(iwork) ≥ n) and gonum's
// algorithm, whose triangular solves run on latrs (the installed BLAS's
// Dtrsv, gonum's scaling Dlatrs only when that would overflow).
// mat.Cholesky calls it after every factorization.
func (impl Implementation) Dpocon(uplo blas.Uplo, n int, a []float64, lda int, anorm float64, work []float64, iwork []int) float64 {
	if n == 0 || (uplo != blas.Upper && uplo != blas.Lower) || lda < max(1, n) || !(anorm > 0) ||
		len(a) < (n-1)*lda+n || len(work) < 3*n || len(iwork) < n {
		// Argument errors (gonum's panics), quick returns and NaN.
		return impl.Implementation.Dpocon(uplo, n, a, lda, anorm, work, iwork)
	}
	bi := blas64.Implementation()
	first, second := blas.Trans, blas.NoTrans
	if uplo == blas.Lower {
		first, second = blas.NoTrans, blas.Trans
	}
	var cn bool
	save := make([]float64, n)
	ainvnm, ok := invNormEstimate(impl, bi, n, work, iwork, 0x1p-1022, func(int) float64 {
		sl := latrs(impl, bi, uplo, first, blas.NonUnit, n, a, lda, work, work[2*n:], save, &cn)
		return sl * latrs(impl, bi, uplo, second, blas.NonUnit, n, a, lda, work, work[2*n:], save, &cn)
	})
	if !ok || ainvnm == 0 {
		return 0
	}
	return (1 / ainvnm) / anorm
}
