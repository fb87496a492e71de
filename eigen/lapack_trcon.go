package eigen

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Dtrcon estimates the reciprocal condition number of the n×n triangular
// row-major A in the 1-norm (lapack.MaxColumnSum) or the ∞-norm
// (lapack.MaxRowSum), with gonum's contract (len(work) ≥ 3n, len(iwork) ≥
// n) and gonum's algorithm (Higham's estimate of ‖A⁻¹‖ by Dlacn2), whose
// triangular solves run on latrs: the installed BLAS's Dtrsv, gonum's
// scaling Dlatrs only when that solve would overflow. mat.QR and
// mat.TriDense call it after every factorization.
func (impl Implementation) Dtrcon(norm lapack.MatrixNorm, uplo blas.Uplo, diag blas.Diag, n int, a []float64, lda int, work []float64, iwork []int) float64 {
	if n == 0 || (norm != lapack.MaxColumnSum && norm != lapack.MaxRowSum) || (uplo != blas.Upper && uplo != blas.Lower) ||
		(diag != blas.NonUnit && diag != blas.Unit) || lda < max(1, n) || len(a) < (n-1)*lda+n || len(work) < 3*n || len(iwork) < n {
		// Argument errors (gonum's panics) and the quick return.
		return impl.Implementation.Dtrcon(norm, uplo, diag, n, a, lda, work, iwork)
	}
	bi := blas64.Implementation()
	smlnum := 0x1p-1022 * float64(n)
	anorm := impl.Dlantr(norm, uplo, diag, n, n, a, lda, work)
	if anorm <= 0 {
		return 0
	}
	kase1 := 2
	if norm == lapack.MaxColumnSum {
		kase1 = 1
	}
	var cnormDone bool
	save := make([]float64, n)
	ainvnm, ok := invNormEstimate(impl, bi, n, work, iwork, smlnum, func(kase int) float64 {
		trans := blas.Trans
		if kase == kase1 {
			trans = blas.NoTrans
		}
		return latrs(impl, bi, uplo, trans, diag, n, a, lda, work, work[2*n:], save, &cnormDone)
	})
	if !ok || ainvnm == 0 {
		return 0
	}
	return (1 / anorm) / ainvnm
}
