package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// getrfMin is the smallest min(m, n) for which Dgetrf runs the recursive
// factorization; smaller matrices go to gonum's blocked one.
const getrfMin = 64

// Dgetrf computes the LU factorization with partial pivoting P·A = L·U of
// the m×n row-major A in place, with gonum's contract (ipiv[i] is the row
// interchanged with row i, ok is false if U has an exact zero on its
// diagonal; the factorization is completed anyway). Matrices of at least
// 64 rows and columns are factored recursively (LAPACK's dgetrf2, Toledo's
// algorithm): the column range is halved down to single columns, and every
// update is one triangular solve and one GEMM of the installed BLAS, so
// that the panel's rank-1 updates of gonum's blocked Dgetrf (a GER per
// column) become matrix products. Everything else is gonum's Dgetrf.
func (impl Implementation) Dgetrf(m, n int, a []float64, lda int, ipiv []int) (ok bool) {
	mn := min(m, n)
	if mn < getrfMin || lda < max(1, n) || len(a) < (m-1)*lda+n || len(ipiv) != mn {
		return impl.Implementation.Dgetrf(m, n, a, lda, ipiv)
	}
	return getrf2(blas64.Implementation(), m, n, a, lda, ipiv)
}

// getrfLeaf is the widest panel getrf2 factors column by column (getf2):
// below it the recursion's GEMMs are too thin to pay for their calls.
const getrfLeaf = 8

// getf2 factors the m×n panel a (n ≤ getrfLeaf, m ≥ 2) column by column:
// pivot search, row interchange, scaling and a rank-1 update of the
// columns to the right (one GER call per column).
func getf2(bi blas.Float64, m, n int, a []float64, lda int, ipiv []int) bool {
	ok := true
	for j := 0; j < min(m, n); j++ {
		p := j + bi.Idamax(m-j, a[j*lda+j:], lda)
		ipiv[j] = p
		if a[p*lda+j] == 0 {
			ok = false
			continue
		}
		if p != j {
			bi.Dswap(n, a[j*lda:], 1, a[p*lda:], 1)
		}
		if j+1 < m {
			piv := a[j*lda+j]
			if math.Abs(piv) >= 0x1p-1022 {
				bi.Dscal(m-j-1, 1/piv, a[(j+1)*lda+j:], lda)
			} else {
				for i := j + 1; i < m; i++ {
					a[i*lda+j] /= piv
				}
			}
			if j+1 < n {
				bi.Dger(m-j-1, n-j-1, -1, a[(j+1)*lda+j:], lda, a[j*lda+j+1:], 1, a[(j+1)*lda+j+1:], lda)
			}
		}
	}
	return ok
}

// getrf2 factors the m×n matrix a (row stride lda, m, n ≥ 1) in place,
// pivots relative to its first row.
func getrf2(bi blas.Float64, m, n int, a []float64, lda int, ipiv []int) bool {
	if m == 1 {
		ipiv[0] = 0
		return a[0] != 0
	}
	if n <= getrfLeaf {
		return getf2(bi, m, n, a, lda, ipiv)
	}
	if n == 1 {
		p := bi.Idamax(m, a, lda)
		ipiv[0] = p
		if a[p*lda] == 0 {
			return false
		}
		if p != 0 {
			a[0], a[p*lda] = a[p*lda], a[0]
		}
		piv := a[0]
		if math.Abs(piv) >= 0x1p-1022 {
			bi.Dscal(m-1, 1/piv, a[lda:], lda)
		} else {
			for i := 1; i < m; i++ {
				a[i*lda] /= piv
			}
		}
		return true
	}
	mn := min(m, n)
	n1 := mn / 2
	n2 := n - n1
	// [A11; A21] = P1·[L11; L21]·U11.
	ok := getrf2(bi, m, n1, a, lda, ipiv[:n1])
	// Apply P1 to [A12; A22].
	for i, p := range ipiv[:n1] {
		if p != i {
			bi.Dswap(n2, a[i*lda+n1:], 1, a[p*lda+n1:], 1)
		}
	}
	// U12 = L11⁻¹·A12, A22 −= L21·U12.
	bi.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, n1, n2, 1, a, lda, a[n1:], lda)
	bi.Dgemm(blas.NoTrans, blas.NoTrans, m-n1, n2, n1, -1, a[n1*lda:], lda, a[n1:], lda, 1, a[n1*lda+n1:], lda)
	// A22 = P2·L22·U22.
	ok2 := getrf2(bi, m-n1, n2, a[n1*lda+n1:], lda, ipiv[n1:mn])
	// Apply P2 to L21 and make its pivots relative to the first row.
	for i := n1; i < mn; i++ {
		ipiv[i] += n1
		if p := ipiv[i]; p != i {
			bi.Dswap(n1, a[i*lda:], 1, a[p*lda:], 1)
		}
	}
	return ok && ok2
}
