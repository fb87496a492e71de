package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
)

// Dhseqr computes the eigenvalues of the n×n upper Hessenberg matrix H
// (rows and columns ilo..ihi, the rest already triangular) and optionally
// its Schur form T (job == lapack.EigenvaluesAndSchur, into h) and the
// Schur vectors (compz == lapack.SchurHess: Z from the identity,
// lapack.SchurOrig: Z multiplied onto the given z). It has gonum's
// contract: the same argument checks and panics, lwork ≥ max(1, n),
// lwork = −1 is a workspace query (h and z are not accessed), and the
// result is 0 or, if the QR iteration did not converge, the row such that
// wr and wi hold the converged eigenvalues in [0, ilo) and [result, n).
//
// It follows LAPACK's DHSEQR: orders up to 75 go to gonum's Dlahqr; larger
// ones to this package's port of DLAQR0 (laqr04), which takes its shift
// count and deflation window from LAPACK's IPARMQ rules (iparmq). gonum
// v0.17.0's Iparmq returns 4 shifts for every order ≥ 30, which leaves its
// Dlaqr04 with tiny deflation windows and without the GEMM-accumulated
// reflectors of Dlaqr5; here an order of 1000 gets 64 shifts and a window
// of 96. The eigenvalues agree with gonum's up to rounding (the sequence
// of similarity transformations differs). A NaN or infinite entry in the
// active block returns ihi+1 at once (no eigenvalue of the block
// converged; wr and wi NaN there, h and z untouched): gonum's Dhseqr panics
// in Dlaqr1 ("lapack: bad shifts") on some such matrices and iterates for
// minutes on others (on arm64, where Go fuses multiply-adds, a NaN took
// another path through Dlahqr).
func (impl Implementation) Dhseqr(job lapack.SchurJob, compz lapack.SchurComp, n, ilo, ihi int, h []float64, ldh int, wr, wi []float64, z []float64, ldz int, work []float64, lwork int) (unconverged int) {
	wantt := job == lapack.EigenvaluesAndSchur
	wantz := compz == lapack.SchurHess || compz == lapack.SchurOrig

	// gonum's checks, messages and order.
	switch {
	case job != lapack.EigenvaluesOnly && job != lapack.EigenvaluesAndSchur:
		panic("lapack: bad SchurJob")
	case compz != lapack.SchurNone && compz != lapack.SchurHess && compz != lapack.SchurOrig:
		panic("lapack: bad SchurComp")
	case n < 0:
		panic("lapack: n < 0")
	case ilo < 0 || max(0, n-1) < ilo:
		panic("lapack: ilo out of range")
	case ihi < min(ilo, n-1) || n <= ihi:
		panic("lapack: ihi out of range")
	case ldh < max(1, n):
		panic("lapack: bad leading dimension of H")
	case ldz < 1, wantz && ldz < n:
		panic("lapack: bad leading dimension of Z")
	case lwork < max(1, n) && lwork != -1:
		panic("lapack: insufficient declared workspace length")
	case len(work) < max(1, lwork):
		panic("lapack: insufficient length of work")
	}

	if n == 0 {
		work[0] = 1
		return 0
	}

	if lwork == -1 {
		impl.laqr04(wantt, wantz, n, ilo, ihi, h, ldh, wr, wi, ilo, ihi, z, ldz, work, -1, 1)
		work[0] = max(float64(n), work[0])
		return 0
	}

	switch {
	case len(h) < (n-1)*ldh+n:
		panic("lapack: insufficient length of h")
	case wantz && len(z) < (n-1)*ldz+n:
		panic("lapack: insufficient length of z")
	case len(wr) < n:
		panic("lapack: insufficient length of wr")
	case len(wi) < n:
		panic("lapack: insufficient length of wi")
	}

	g := impl.Implementation

	// Eigenvalues isolated by balancing.
	for i := 0; i < ilo; i++ {
		wr[i] = h[i*ldh+i]
		wi[i] = 0
	}
	for i := ihi + 1; i < n; i++ {
		wr[i] = h[i*ldh+i]
		wi[i] = 0
	}
	if compz == lapack.SchurHess {
		g.Dlaset(blas.All, n, n, 0, 1, z, ldz)
	}
	if ilo == ihi {
		wr[ilo] = h[ilo*ldh+ilo]
		wi[ilo] = 0
		return 0
	}
	if !hessFinite(ilo, ihi, h, ldh) {
		for i := ilo; i <= ihi; i++ {
			wr[i], wi[i] = math.NaN(), math.NaN()
		}
		return ihi + 1
	}

	nmin := max(hqrNtiny, iparmq(ispecNmin, ihi-ilo+1))
	if n > nmin {
		unconverged = impl.laqr04(wantt, wantz, n, ilo, ihi, h, ldh, wr[:ihi+1], wi[:ihi+1],
			ilo, ihi, z, ldz, work, lwork, 1)
	} else {
		unconverged = g.Dlahqr(wantt, wantz, n, ilo, ihi, h, ldh, wr[:ihi+1], wi[:ihi+1],
			ilo, ihi, z, ldz)
		if unconverged > 0 {
			// Dlahqr failed (rarely); the multishift code may
			// still succeed on the rows ilo..unconverged−1 it left.
			unconverged = impl.hqrRetry(wantt, wantz, n, ilo, unconverged-1, ihi, h, ldh, wr, wi, z, ldz, work, lwork)
		}
	}
	// Clear below the first subdiagonal.
	if (wantt || unconverged > 0) && n > 2 {
		g.Dlaset(blas.Lower, n-2, n-2, 0, 0, h[2*ldh:], ldh)
	}
	work[0] = max(float64(n), work[0])
	return unconverged
}

// hqrNl is the order of the zero-padded copy through which matrices too
// small for the multishift code's scratch space get their second chance
// after a Dlahqr failure (LAPACK's NL: more than hqrNtiny, at most nmin).
const hqrNl = 49

// hqrRetry reruns the unconverged rows ilo..kbot of H with the multishift
// code (laqr04) after Dlahqr gave up on them, as LAPACK's DHSEQR does. An
// order below hqrNl is padded with zeros to hqrNl×hqrNl (and Z, if
// wanted, likewise: gonum's Dlaqr5 and Dlaqr23 require Z to have the
// order of H; only rows and columns below n are transformed). It returns
// laqr04's result.
func (impl Implementation) hqrRetry(wantt, wantz bool, n, ilo, kbot, ihi int, h []float64, ldh int, wr, wi, z []float64, ldz int, work []float64, lwork int) int {
	if n >= hqrNl {
		return impl.laqr04(wantt, wantz, n, ilo, kbot, h, ldh, wr[:ihi+1], wi[:ihi+1],
			ilo, ihi, z, ldz, work, lwork, 1)
	}
	g := impl.Implementation
	var hl [hqrNl * hqrNl]float64
	var workl [hqrNl]float64
	g.Dlacpy(blas.All, n, n, h, ldh, hl[:], hqrNl)
	zl, ldzl := z, ldz
	if wantz {
		zl, ldzl = make([]float64, hqrNl*hqrNl), hqrNl
		g.Dlacpy(blas.All, n, n, z, ldz, zl, ldzl)
	}
	unconverged := impl.laqr04(wantt, wantz, hqrNl, ilo, kbot, hl[:], hqrNl, wr[:ihi+1], wi[:ihi+1],
		ilo, ihi, zl, ldzl, workl[:], hqrNl, 1)
	work[0] = workl[0]
	if wantt || unconverged > 0 {
		g.Dlacpy(blas.All, n, n, hl[:], hqrNl, h, ldh)
	}
	if wantz {
		g.Dlacpy(blas.All, n, n, zl, ldzl, z, ldz)
	}
	return unconverged
}

// hessFinite reports whether the active block (rows and columns ilo..ihi,
// on and above the subdiagonal) of the upper Hessenberg h is finite.
func hessFinite(ilo, ihi int, h []float64, ldh int) bool {
	for i := ilo; i <= ihi; i++ {
		for _, v := range h[i*ldh+max(ilo, i-1) : i*ldh+ihi+1] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}
