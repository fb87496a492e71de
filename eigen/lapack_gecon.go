package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Dgecon estimates the reciprocal condition number of the n×n matrix whose
// LU factors (Dgetrf's output) are in a, given the norm anorm of the
// original matrix, with gonum's contract (len(work) ≥ 4n, len(iwork) ≥ n)
// and gonum's algorithm, whose triangular solves run on latrs (the
// installed BLAS's Dtrsv, gonum's scaling Dlatrs only when that would
// overflow). mat.LU and mat.Dense.Solve/Inverse call it after every
// factorization.
func (impl Implementation) Dgecon(norm lapack.MatrixNorm, n int, a []float64, lda int, anorm float64, work []float64, iwork []int) float64 {
	if n == 0 || (norm != lapack.MaxColumnSum && norm != lapack.MaxRowSum) || lda < max(1, n) || !(anorm > 0) || math.IsInf(anorm, 1) ||
		len(a) < (n-1)*lda+n || len(work) < 4*n || len(iwork) < n {
		// Argument errors (gonum's panics), quick returns and NaN.
		return impl.Implementation.Dgecon(norm, n, a, lda, anorm, work, iwork)
	}
	bi := blas64.Implementation()
	kase1 := 2
	if norm == lapack.MaxColumnSum {
		kase1 = 1
	}
	var cnL, cnU bool
	save := make([]float64, n)
	ainvnm, ok := invNormEstimate(impl, bi, n, work, iwork, 0x1p-1022, func(kase int) float64 {
		if kase == kase1 {
			sl := latrs(impl, bi, blas.Lower, blas.NoTrans, blas.Unit, n, a, lda, work, work[2*n:], save, &cnL)
			return sl * latrs(impl, bi, blas.Upper, blas.NoTrans, blas.NonUnit, n, a, lda, work, work[3*n:], save, &cnU)
		}
		su := latrs(impl, bi, blas.Upper, blas.Trans, blas.NonUnit, n, a, lda, work, work[3*n:], save, &cnU)
		return latrs(impl, bi, blas.Lower, blas.Trans, blas.Unit, n, a, lda, work, work[2*n:], save, &cnL) * su
	})
	if !ok || ainvnm == 0 {
		return 0
	}
	return (1 / ainvnm) / anorm
}
