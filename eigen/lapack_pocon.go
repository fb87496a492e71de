package eigen

import (
	"math"

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
	const smlnum = 0x1p-1022
	var (
		rcond, ainvnm float64
		kase          int
		isave         [3]int
		cn            bool
	)
	save := make([]float64, n)
	first, second := blas.Trans, blas.NoTrans
	if uplo == blas.Lower {
		first, second = blas.NoTrans, blas.Trans
	}
	for {
		ainvnm, kase = impl.Dlacn2(n, work[n:], work, iwork, ainvnm, kase, &isave)
		if kase == 0 {
			if ainvnm != 0 {
				rcond = (1 / ainvnm) / anorm
			}
			return rcond
		}
		sl := latrs(impl, bi, uplo, first, blas.NonUnit, n, a, lda, work, work[2*n:], save, &cn)
		su := latrs(impl, bi, uplo, second, blas.NonUnit, n, a, lda, work, work[2*n:], save, &cn)
		scale := sl * su
		if scale != 1 {
			ix := bi.Idamax(n, work, 1)
			if scale == 0 || scale < math.Abs(work[ix])*smlnum {
				return rcond
			}
			impl.Drscl(n, scale, work, 1)
		}
	}
}
