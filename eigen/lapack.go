package eigen

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// Implementation is gonum's native LAPACK implementation with Dsyev routed
// to this package's solver, so that
//
//	lapack64.Use(eigen.Implementation{})
//
// makes mat.EigenSym (and everything else that calls lapack64.Syev) use it.
// It also overrides, each in a file lapack_*.go of its own, the routines
// behind mat's factorizations: Dgetrf (recursive LU), Dgeqrf (blocked QR
// with recursive panels), and the condition estimators Dgecon, Dpocon and
// Dtrcon (triangular solves on the installed BLAS); the SVD behind
// mat.SVD: Dgesvd (LAPACK's dgesvd on the overrides here, for m ≥ n;
// wider matrices are gonum's) and Dbdsqr
// (gonum's scalar QR iteration, so bitwise its singular values, with the
// sweeps' plane rotations recorded and applied to contiguous row pairs of
// Vᵀ, C and a transposed U by kernels.Drotseq, several sweeps per pass over
// cache-sized column blocks); and the non-symmetric eigensolver behind
// mat.Eigen: Dgeev and Dhseqr (LAPACK's dgeev/dhseqr with the multishift QR
// of dlaqr0/dlaqr3 ported and LAPACK's IPARMQ shift counts and deflation
// windows — gonum v0.17.0's Iparmq gives 4 shifts for every order ≥ 30, so
// its Dlaqr5 never accumulates reflectors for GEMM) and Dtrevc3 (the
// eigenvectors of the Schur form by row-oriented triangular solves, blocked
// over up to 128 vectors, with a GEMM back-transformation). Every override
// keeps gonum's contract: argument checks and panic messages in gonum's
// order, workspace queries, results up to rounding; where gonum does not
// terminate (Dgeev on a NaN or Inf entry) Dgeev returns n instead.
type Implementation struct {
	gonum.Implementation
}

var _ lapack.Float64 = Implementation{}

var symPool = sync.Pool{New: func() any { return new(Sym[float64]) }}

// Dsyev computes all eigenvalues (ascending, into w) and, if jobz is
// lapack.EVCompute, the orthonormal eigenvectors (into the columns of a) of
// the symmetric n×n row-major matrix a whose uplo triangle is referenced.
// It follows gonum's Dsyev contract: lwork ≥ max(1, 3n−1) and lwork = −1 is
// a workspace query (the optimal length is stored into work[0]); work is not
// otherwise used. It returns false if the input has NaN/Inf entries or the
// algorithm failed.
func (Implementation) Dsyev(jobz lapack.EVJob, uplo blas.Uplo, n int, a []float64, lda int, w, work []float64, lwork int) (ok bool) {
	switch {
	case jobz != lapack.EVNone && jobz != lapack.EVCompute:
		panic("lapack: bad EVJob")
	case uplo != blas.Upper && uplo != blas.Lower:
		panic("lapack: illegal triangle")
	case n < 0:
		panic("lapack: n < 0")
	case lda < max(1, n):
		panic("lapack: bad leading dimension of A")
	case lwork < max(1, 3*n-1) && lwork != -1:
		panic("lapack: insufficient declared workspace length")
	case len(work) < max(1, lwork):
		panic("lapack: insufficient length of work")
	}
	if lwork == -1 {
		work[0] = float64(max(1, 3*n-1))
		return
	}
	if n == 0 {
		return true
	}
	switch {
	case len(a) < (n-1)*lda+n:
		panic("lapack: insufficient length of a")
	case len(w) < n:
		panic("lapack: insufficient length of w")
	}
	s := symPool.Get().(*Sym[float64])
	defer symPool.Put(s)
	vectors := jobz == lapack.EVCompute
	if uplo == blas.Lower {
		ok = s.Factorize(a, n, lda, vectors)
	} else {
		// Load the upper triangle as the lower triangle of the transpose.
		s.ok = false
		s.n = n
		s.vectors = vectors
		c := &s.c
		c.ensure(n)
		var anrm float64
		for i := 0; i < n; i++ {
			row := a[i*lda+i : i*lda+n]
			for jj, x := range row {
				j := i + jj
				c.a[j*n+i] = x
				if ax := math.Abs(x); !(ax <= anrm) {
					if !(ax < math.Inf(1)) {
						return false
					}
					anrm = ax
				}
			}
		}
		s.ok = c.factor(n, anrm, vectors)
		ok = s.ok
	}
	if !ok {
		return false
	}
	s.Values(w[:n])
	if vectors {
		s.VectorsTo(a, lda)
	}
	return true
}
