package eigen

import (
	"math"

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
	var (
		rcond, ainvnm float64
		kase          int
		isave         [3]int
		cnormDone     bool
	)
	kase1 := 2
	if norm == lapack.MaxColumnSum {
		kase1 = 1
	}
	save := make([]float64, n)
	for {
		ainvnm, kase = impl.Dlacn2(n, work[n:], work, iwork, ainvnm, kase, &isave)
		if kase == 0 {
			if ainvnm != 0 {
				rcond = (1 / anorm) / ainvnm
			}
			return rcond
		}
		trans := blas.Trans
		if kase == kase1 {
			trans = blas.NoTrans
		}
		scale := latrs(impl, bi, uplo, trans, diag, n, a, lda, work, work[2*n:], save, &cnormDone)
		if scale != 1 {
			ix := bi.Idamax(n, work, 1)
			xnorm := math.Abs(work[ix])
			if scale == 0 || scale < xnorm*smlnum {
				return rcond
			}
			impl.Drscl(n, scale, work, 1)
		}
	}
}
