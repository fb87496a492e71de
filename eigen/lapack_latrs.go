package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// latrs solves op(A)·x = s·b for the n×n triangular row-major A (x holds b
// on entry and the solution on return) and returns the scale s, as gonum's
// Dlatrs does, for the condition estimators. It first tries the plain
// triangular solve of the installed BLAS (row-major, cache-friendly: gonum's
// Dlatrs walks columns of the row-major A, one cache line per element, even
// when it ends up not scaling): if every component of the result is finite
// and at most 1/smlnum in magnitude, s = 1 and that is the answer (the
// same solution as Dlatrs's unscaled one, up to rounding). Otherwise it
// restores b from save (len ≥ n) and calls gonum's Dlatrs, which scales to
// avoid overflow. *cnormDone records whether cnorm holds the column norms
// Dlatrs computes on its first call (normin for the later ones).
func latrs(impl Implementation, bi blas.Float64, uplo blas.Uplo, trans blas.Transpose, diag blas.Diag, n int, a []float64, lda int, x, cnorm, save []float64, cnormDone *bool) float64 {
	const smlnum = 0x1p-1022 / 0x1p-53
	x = x[:n]
	copy(save[:n], x)
	bi.Dtrsv(uplo, trans, diag, n, a, lda, x, 1)
	ok := true
	for _, v := range x {
		if !(math.Abs(v) <= 1/smlnum) {
			ok = false
			break
		}
	}
	if ok {
		return 1
	}
	copy(x, save[:n])
	s := impl.Implementation.Dlatrs(uplo, trans, diag, *cnormDone, n, a, lda, x, cnorm)
	*cnormDone = true
	return s
}

// invNormEstimate runs the reverse-communication loop shared by gonum's
// condition estimators (Dgecon, Dpocon, Dtrcon): Dlacn2 estimates ‖A⁻¹‖
// from products of A⁻¹ or A⁻ᵀ with work[:n] (work ≥ 4n or 3n as the
// caller's contract, iwork ≥ n), each applied by solve(kase) in place and
// returning its scale factor (1 when the solve was not scaled). A scaled
// result is rescaled as gonum does; when the scale would underflow against
// the result (scale < max|x|·smlnum) the estimate is abandoned and ok is
// false (the caller then returns rcond = 0, as gonum's).
func invNormEstimate(impl Implementation, bi blas.Float64, n int, work []float64, iwork []int, smlnum float64, solve func(kase int) float64) (ainvnm float64, ok bool) {
	var (
		kase  int
		isave [3]int
	)
	for {
		ainvnm, kase = impl.Dlacn2(n, work[n:], work, iwork, ainvnm, kase, &isave)
		if kase == 0 {
			return ainvnm, true
		}
		if scale := solve(kase); scale != 1 {
			ix := bi.Idamax(n, work, 1)
			if scale == 0 || scale < math.Abs(work[ix])*smlnum {
				return 0, false
			}
			impl.Drscl(n, scale, work, 1)
		}
	}
}
