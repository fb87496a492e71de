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
