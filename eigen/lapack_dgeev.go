package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Dgeev computes the eigenvalues (wr + i·wi, conjugate pairs adjacent with
// the positive imaginary part first) and optionally the left (vl) and
// right (vr) eigenvectors, normalized to unit 2-norm with the largest
// component real, of the general n×n row-major matrix a, which is
// overwritten. It has gonum's contract: the same argument checks and
// panics, lwork ≥ max(1, 4n) with eigenvectors and max(1, 3n) without,
// lwork = −1 is a workspace query storing the optimal length into
// work[0], and the result is the index of the first converged eigenvalue
// (0 on success; if positive, wr and wi hold the converged eigenvalues in
// [first, n), and in [0, ilo) of the balancing, and no eigenvectors were
// computed). Unlike gonum's, it returns n (wr and wi NaN) for a with a NaN
// or infinite entry, where gonum v0.17.0's Dgebal never terminates.
//
// It follows LAPACK's DGEEV: scaling into [√safmin/ulp, ulp/√safmin] when
// the largest entry is outside it, balancing (Dgebal), Hessenberg
// reduction (Dgehrd), the orthogonal factor (Dorghr), then this package's
// Dhseqr (LAPACK's shift and deflation-window strategy, see Dhseqr), the
// eigenvectors of the Schur form by impl.Dtrevc3, back-transformation of
// the balancing (Dgebak) and normalization.
func (impl Implementation) Dgeev(jobvl lapack.LeftEVJob, jobvr lapack.RightEVJob, n int, a []float64, lda int, wr, wi []float64, vl []float64, ldvl int, vr []float64, ldvr int, work []float64, lwork int) (first int) {
	wantvl := jobvl == lapack.LeftEVCompute
	wantvr := jobvr == lapack.RightEVCompute
	minwrk := max(1, 3*n)
	if wantvl || wantvr {
		minwrk = max(1, 4*n)
	}
	// gonum's checks, messages and order (note len(work) is compared
	// with lwork, not max(1, lwork), as gonum does).
	switch {
	case jobvl != lapack.LeftEVCompute && jobvl != lapack.LeftEVNone:
		panic("lapack: bad LeftEVJob")
	case jobvr != lapack.RightEVCompute && jobvr != lapack.RightEVNone:
		panic("lapack: bad RightEVJob")
	case n < 0:
		panic("lapack: n < 0")
	case lda < max(1, n):
		panic("lapack: bad leading dimension of A")
	case ldvl < 1 || (ldvl < n && wantvl):
		panic("lapack: bad leading dimension of VL")
	case ldvr < 1 || (ldvr < n && wantvr):
		panic("lapack: bad leading dimension of VR")
	case lwork < minwrk && lwork != -1:
		panic("lapack: insufficient declared workspace length")
	case len(work) < lwork:
		panic("lapack: insufficient length of work")
	}
	if n == 0 {
		work[0] = 1
		return 0
	}

	// Optimal workspace: the largest of the Hessenberg reduction's (2n +
	// n·nb), the orthogonal factor's, the Schur factorization's and the
	// eigenvector computation's, each after the n words the balancing
	// scale factors (and, before Dhseqr, the n−1 of tau) occupy.
	g := impl.Implementation
	maxwrk := 2*n + n*g.Ilaenv(1, "DGEHRD", " ", n, 1, n, 0)
	if wantvl || wantvr {
		maxwrk = max(maxwrk, 2*n+(n-1)*g.Ilaenv(1, "DORGHR", " ", n, 1, n, -1))
		impl.Dhseqr(lapack.EigenvaluesAndSchur, lapack.SchurOrig, n, 0, n-1, a, lda, wr, wi, nil, n, work, -1)
		maxwrk = max(maxwrk, n+1, n+int(work[0]))
		side := lapack.EVLeft
		if wantvr {
			side = lapack.EVRight
		}
		impl.Dtrevc3(side, lapack.EVAllMulQ, nil, n, a, lda, vl, ldvl, vr, ldvr, n, work, -1)
		maxwrk = max(maxwrk, n+int(work[0]), 4*n)
	} else {
		impl.Dhseqr(lapack.EigenvaluesOnly, lapack.SchurNone, n, 0, n-1, a, lda, wr, wi, vr, ldvr, work, -1)
		maxwrk = max(maxwrk, n+1, n+int(work[0]))
	}
	maxwrk = max(maxwrk, minwrk)
	if lwork == -1 {
		work[0] = float64(maxwrk)
		return 0
	}

	switch {
	case len(a) < (n-1)*lda+n:
		panic("lapack: insufficient length of a")
	case len(wr) != n:
		panic("lapack: bad length of wr")
	case len(wi) != n:
		panic("lapack: bad length of wi")
	case len(vl) < (n-1)*ldvl+n && wantvl:
		panic("lapack: insufficient length of vl")
	case len(vr) < (n-1)*ldvr+n && wantvr:
		panic("lapack: insufficient length of vr")
	}

	// Scale a whose largest entry is outside [smlnum, bignum] to the
	// nearer bound (a NaN norm leaves it unscaled, as in LAPACK).
	const (
		safmin = 0x1p-1022
		ulp    = 0x1p-52
	)
	smlnum := math.Sqrt(safmin) / ulp
	bignum := 1 / smlnum
	anrm := g.Dlange(lapack.MaxAbs, n, n, a, lda, nil)
	if math.IsNaN(anrm) || math.IsInf(anrm, 0) {
		// gonum's Dgeev loops forever in Dgebal on a NaN (an Inf
		// becomes one when scaled): report that no eigenvalue
		// converged instead, wr and wi NaN, a and the eigenvector
		// matrices untouched.
		for i := range wr {
			wr[i] = math.NaN()
			wi[i] = math.NaN()
		}
		work[0] = float64(maxwrk)
		return n
	}
	var cscale float64
	scalea := false
	if anrm > 0 && anrm < smlnum {
		scalea, cscale = true, smlnum
	} else if anrm > bignum {
		scalea, cscale = true, bignum
	}
	if scalea {
		g.Dlascl(lapack.General, 0, 0, anrm, cscale, n, n, a, lda)
	}

	// Balance; the scale factors stay in work[:n].
	scale := work[:n]
	ilo, ihi := g.Dgebal(lapack.PermuteScale, n, a, lda, scale)

	// Hessenberg reduction; tau in work[n:2n−1], workspace from 2n.
	tau := work[n : 2*n-1]
	iwrk := 2 * n
	g.Dgehrd(n, ilo, ihi, a, lda, tau, work[iwrk:], lwork-iwrk)

	// The Schur factorization, with the Schur vectors accumulated onto
	// the Hessenberg reduction's orthogonal factor when eigenvectors are
	// wanted; workspace from n (tau is no longer needed then).
	var side lapack.EVSide
	switch {
	case wantvl:
		side = lapack.EVLeft
		g.Dlacpy(blas.Lower, n, n, a, lda, vl, ldvl)
		g.Dorghr(n, ilo, ihi, vl, ldvl, tau, work[iwrk:], lwork-iwrk)
		iwrk = n
		first = impl.Dhseqr(lapack.EigenvaluesAndSchur, lapack.SchurOrig, n, ilo, ihi, a, lda, wr, wi, vl, ldvl, work[iwrk:], lwork-iwrk)
		if wantvr {
			side = lapack.EVBoth
			g.Dlacpy(blas.All, n, n, vl, ldvl, vr, ldvr)
		}
	case wantvr:
		side = lapack.EVRight
		g.Dlacpy(blas.Lower, n, n, a, lda, vr, ldvr)
		g.Dorghr(n, ilo, ihi, vr, ldvr, tau, work[iwrk:], lwork-iwrk)
		iwrk = n
		first = impl.Dhseqr(lapack.EigenvaluesAndSchur, lapack.SchurOrig, n, ilo, ihi, a, lda, wr, wi, vr, ldvr, work[iwrk:], lwork-iwrk)
	default:
		iwrk = n
		first = impl.Dhseqr(lapack.EigenvaluesOnly, lapack.SchurNone, n, ilo, ihi, a, lda, wr, wi, nil, 1, work[iwrk:], lwork-iwrk)
	}

	if first > 0 {
		// No eigenvectors; undo the scaling of the converged
		// eigenvalues, those isolated by balancing included.
		if scalea {
			g.Dlascl(lapack.General, 0, 0, cscale, anrm, n-first, 1, wr[first:], 1)
			g.Dlascl(lapack.General, 0, 0, cscale, anrm, n-first, 1, wi[first:], 1)
			g.Dlascl(lapack.General, 0, 0, cscale, anrm, ilo, 1, wr, 1)
			g.Dlascl(lapack.General, 0, 0, cscale, anrm, ilo, 1, wi, 1)
		}
		work[0] = float64(maxwrk)
		return first
	}

	if wantvl || wantvr {
		impl.Dtrevc3(side, lapack.EVAllMulQ, nil, n, a, lda, vl, ldvl, vr, ldvr, n, work[iwrk:], lwork-iwrk)
	}
	if wantvl {
		g.Dgebak(lapack.PermuteScale, lapack.EVLeft, n, ilo, ihi, scale, n, vl, ldvl)
		geevNormalize(n, vl, ldvl, wi, work[iwrk:iwrk+n])
	}
	if wantvr {
		g.Dgebak(lapack.PermuteScale, lapack.EVRight, n, ilo, ihi, scale, n, vr, ldvr)
		geevNormalize(n, vr, ldvr, wi, work[iwrk:iwrk+n])
	}
	if scalea {
		g.Dlascl(lapack.General, 0, 0, cscale, anrm, n, 1, wr, 1)
		g.Dlascl(lapack.General, 0, 0, cscale, anrm, n, 1, wi, 1)
	}
	work[0] = float64(maxwrk)
	return 0
}

// geevNormalize scales the eigenvector columns of the n×n v (a real
// eigenvalue's one column, a conjugate pair's two columns: real and
// imaginary part) to unit 2-norm and rotates each complex one so that its
// largest-magnitude component is real, as LAPACK's DGEEV does. wi tells
// real (0) from complex (> 0 for the pair's first column) eigenvalues;
// work holds n scratch words.
func geevNormalize(n int, v []float64, ldv int, wi, work []float64) {
	bi := blas64.Implementation()
	g := Implementation{}.Implementation
	// The tests are ordered as in gonum (a NaN wi[i] counts as a pair's
	// first column), so that NaN input fails the same way.
	for i, wii := range wi {
		if wii < 0 {
			continue
		}
		if wii == 0 {
			bi.Dscal(n, 1/bi.Dnrm2(n, v[i:], ldv), v[i:], ldv)
			continue
		}
		scl := 1 / g.Dlapy2(bi.Dnrm2(n, v[i:], ldv), bi.Dnrm2(n, v[i+1:], ldv))
		bi.Dscal(n, scl, v[i:], ldv)
		bi.Dscal(n, scl, v[i+1:], ldv)
		for k := 0; k < n; k++ {
			re, im := v[k*ldv+i], v[k*ldv+i+1]
			work[k] = re*re + im*im
		}
		k := bi.Idamax(n, work, 1)
		cs, sn, _ := g.Dlartg(v[k*ldv+i], v[k*ldv+i+1])
		bi.Drot(n, v[i:], ldv, v[i+1:], ldv, cs, sn)
		v[k*ldv+i+1] = 0
	}
}
