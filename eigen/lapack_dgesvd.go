package eigen

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Dgesvd computes the singular value decomposition A = U·Σ·Vᵀ of the m×n
// row-major A with gonum's contract: s receives the min(m, n) singular
// values in decreasing order; jobU = lapack.SVDAll stores all m columns of
// U in u (m×m), SVDStore the first min(m, n) (m×min(m, n)), SVDNone none;
// jobVT likewise the rows of Vᵀ in vt; a is overwritten; lwork must be at
// least max(5·min(m, n), 3·min(m, n) + max(m, n)) and lwork = −1 stores
// gonum's optimal length into work[0]; it returns false if the bidiagonal
// QR iteration did not converge (work[1:min(m, n)] then holds the
// unconverged superdiagonal, as in LAPACK). Arguments are checked, and
// panic, as in gonum. A job of lapack.SVDOverwrite, and m < n, go to
// gonum's Dgesvd (for m < n the transposed problem below gives singular
// vectors of other signs than LAPACK's lower-bidiagonal path, and gonum's
// own mat tests compare them with fixed values).
//
// It follows LAPACK's dgesvd: A is scaled into [√safmin/ε, 1/that] if its
// largest entry is outside; for m ≥ 1.6·n it first factors A = Q·R (this
// package's Dgeqrf) and takes the SVD of R, with U = Q·U_R by a GEMM; else
// it reduces A to bidiagonal form (gonum's Dgebrd), forms the vectors of the
// reduction (Dorgbr) and runs this package's Dbdsqr on them. For m < n it
// decomposes Aᵀ = U'·Σ·V'ᵀ the same way (A = V'·Σ·U'ᵀ) and stores the
// transposed factors. Its scratch — the subroutines' workspaces, R and its
// left vectors, and for m < n Aᵀ and the transposed factors — is allocated
// (pooled), not taken from work.
func (impl Implementation) Dgesvd(jobU, jobVT lapack.SVDJob, m, n int, a []float64, lda int, s, u []float64, ldu int, vt []float64, ldvt int, work []float64, lwork int) (ok bool) {
	if jobU == lapack.SVDOverwrite || jobVT == lapack.SVDOverwrite || m < n {
		return impl.Implementation.Dgesvd(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork)
	}
	wantua := jobU == lapack.SVDAll
	wantus := jobU == lapack.SVDStore
	if !wantua && !wantus && jobU != lapack.SVDNone {
		panic("lapack: bad SVDJob")
	}
	wantva := jobVT == lapack.SVDAll
	wantvs := jobVT == lapack.SVDStore
	if !wantva && !wantvs && jobVT != lapack.SVDNone {
		panic("lapack: bad SVDJob")
	}
	minmn := min(m, n)
	minwork := 1
	if minmn > 0 {
		minwork = max(3*minmn+max(m, n), 5*minmn)
	}
	switch {
	case m < 0:
		panic("lapack: m < 0")
	case n < 0:
		panic("lapack: n < 0")
	case lda < max(1, n):
		panic("lapack: bad leading dimension of A")
	case ldu < 1, wantua && ldu < m, wantus && ldu < minmn:
		panic("lapack: bad leading dimension of U")
	case ldvt < 1 || ((wantva || wantvs) && ldvt < n):
		panic("lapack: bad leading dimension of VT")
	case lwork < minwork && lwork != -1:
		panic("lapack: insufficient declared workspace length")
	case len(work) < max(1, lwork):
		panic("lapack: insufficient length of work")
	}
	if minmn == 0 {
		work[0] = 1
		return true
	}
	// The optimal length is gonum's (a query does not touch the matrices).
	impl.Implementation.Dgesvd(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, work, -1)
	maxwrk := work[0]
	if lwork == -1 {
		return true
	}
	switch {
	case len(a) < (m-1)*lda+n:
		panic("lapack: insufficient length of a")
	case len(s) < minmn:
		panic("lapack: insufficient length of s")
	case (wantua && len(u) < (m-1)*ldu+m) || (wantus && len(u) < (m-1)*ldu+minmn):
		panic("lapack: insufficient length of u")
	case (wantva && len(vt) < (n-1)*ldvt+n) || (wantvs && len(vt) < (minmn-1)*ldvt+n):
		panic("lapack: insufficient length of vt")
	}

	const eps = 0x1p-53
	smlnum := math.Sqrt(0x1p-1022) / eps
	bignum := 1 / smlnum
	anrm := impl.Dlange(lapack.MaxAbs, m, n, a, lda, nil)
	scaled := false
	if anrm > 0 && anrm < smlnum {
		scaled = true
		impl.Dlascl(lapack.General, 0, 0, anrm, smlnum, m, n, a, lda)
	} else if anrm > bignum {
		scaled = true
		impl.Dlascl(lapack.General, 0, 0, anrm, bignum, m, n, a, lda)
	}

	sc := gesvdPool.Get().(*gesvdScratch)
	defer func() {
		sc.reset()
		gesvdPool.Put(sc)
	}()
	var e []float64
	if m >= n {
		ok, e = impl.gesvdTall(sc, wantua || wantus, wantua, wantva || wantvs, m, n, a, lda, s, u, ldu, vt, ldvt)
	} else {
		// Aᵀ = U'·Σ·V'ᵀ, so U = V' and Vᵀ = U'ᵀ: U' has m (Store) or n
		// (All) columns, V'ᵀ is m×m.
		at := sc.take(n * m)
		transposeTo(at, m, a, lda, m, n)
		var up, vpt []float64
		ncu := 0
		if wantva || wantvs {
			ncu = m
			if wantva {
				ncu = n
			}
			up = sc.take(n * ncu)
		}
		if wantua || wantus {
			vpt = sc.take(m * m)
		}
		ok, e = impl.gesvdTall(sc, wantva || wantvs, wantva, wantua || wantus, n, m, at, m, s, up, max(1, ncu), vpt, m)
		if up != nil {
			transposeTo(vt, ldvt, up, ncu, n, ncu)
		}
		if vpt != nil {
			transposeTo(u, ldu, vpt, m, m, m)
		}
	}
	if !ok {
		copy(work[1:minmn], e[:minmn-1])
	}
	if scaled {
		if anrm > bignum {
			impl.Dlascl(lapack.General, 0, 0, bignum, anrm, 1, minmn, s, minmn)
			if !ok {
				impl.Dlascl(lapack.General, 0, 0, bignum, anrm, 1, minmn-1, work[1:], minmn)
			}
		}
		if anrm < smlnum {
			impl.Dlascl(lapack.General, 0, 0, smlnum, anrm, 1, minmn, s, minmn)
			if !ok {
				impl.Dlascl(lapack.General, 0, 0, smlnum, anrm, 1, minmn-1, work[1:], minmn)
			}
		}
	}
	work[0] = maxwrk
	return ok
}

// gesvdScratch is Dgesvd's scratch memory, handed out in pieces by take.
type gesvdScratch struct {
	buf  []float64
	used int
	more [][]float64 // pieces that did not fit in buf (merged next time)
}

var gesvdPool = sync.Pool{New: func() any { return new(gesvdScratch) }}

// take returns a zeroed slice of length k.
func (sc *gesvdScratch) take(k int) []float64 {
	var p []float64
	if sc.used+k <= len(sc.buf) {
		p = sc.buf[sc.used : sc.used+k : sc.used+k]
		sc.used += k
		clear(p)
		return p
	}
	p = make([]float64, k)
	sc.more = append(sc.more, p)
	return p
}

// reset makes the next use see one buffer as large as everything this use
// took.
func (sc *gesvdScratch) reset() {
	total := sc.used
	for _, p := range sc.more {
		total += len(p)
	}
	if total > len(sc.buf) {
		sc.buf = make([]float64, total)
	}
	sc.more = sc.more[:0]
	sc.used = 0
}

// gesvdTall is Dgesvd's decomposition for m ≥ n ≥ 1 after scaling: the
// singular values into s, with wantu the first n (or, with all, m) columns
// of U into u, with wantvt the n×n Vᵀ into vt. It returns Dbdsqr's ok and
// the bidiagonal's superdiagonal as Dbdsqr left it.
func (impl Implementation) gesvdTall(sc *gesvdScratch, wantu, all, wantvt bool, m, n int, a []float64, lda int, s, u []float64, ldu int, vt []float64, ldvt int) (ok bool, e []float64) {
	e = sc.take(n)
	tauq := sc.take(n)
	taup := sc.take(n)
	bdWork := sc.take(4 * n)
	// sub returns a workspace of the length a subroutine's query asks for.
	var query [1]float64
	sub := func() []float64 { return sc.take(max(1, int(query[0]))) }
	ncvt := 0
	if wantvt {
		ncvt = n
	}
	mnthr := impl.Ilaenv(6, "DGESVD", "", m, n, 0, 0)
	if m < mnthr {
		// Bidiagonalize A directly: A = Q·B·Pᵀ.
		impl.Dgebrd(m, n, a, lda, s, e, tauq, taup, query[:], -1)
		impl.Dgebrd(m, n, a, lda, s, e, tauq, taup, sub(), int(query[0]))
		nru := 0
		if wantu {
			nru = m
			ncu := n
			if all {
				ncu = m
			}
			impl.Dlacpy(blas.Lower, m, n, a, lda, u, ldu)
			impl.Dorgbr(lapack.GenerateQ, m, ncu, n, u, ldu, tauq, query[:], -1)
			impl.Dorgbr(lapack.GenerateQ, m, ncu, n, u, ldu, tauq, sub(), int(query[0]))
		}
		if wantvt {
			impl.Dlacpy(blas.Upper, n, n, a, lda, vt, ldvt)
			impl.Dorgbr(lapack.GeneratePT, n, n, n, vt, ldvt, taup, query[:], -1)
			impl.Dorgbr(lapack.GeneratePT, n, n, n, vt, ldvt, taup, sub(), int(query[0]))
		}
		ok = impl.Dbdsqr(blas.Upper, n, ncvt, nru, 0, s, e, vt, max(1, ldvt), u, max(1, ldu), nil, 1, bdWork)
		return ok, e
	}

	// m ≫ n: A = Q·R first, then the SVD of R.
	tau := sc.take(n)
	impl.Dgeqrf(m, n, a, lda, tau, query[:], -1)
	impl.Dgeqrf(m, n, a, lda, tau, sub(), int(query[0]))
	r := sc.take(n * n)
	impl.Dlacpy(blas.Upper, n, n, a, lda, r, n)
	if wantu {
		// Q: its first n columns overwrite A (in U first if all m are
		// wanted, since A holds only n).
		if all {
			impl.Dlacpy(blas.Lower, m, n, a, lda, u, ldu)
			impl.Dorgqr(m, m, n, u, ldu, tau, query[:], -1)
			impl.Dorgqr(m, m, n, u, ldu, tau, sub(), int(query[0]))
			impl.Dlacpy(blas.All, m, n, u, ldu, a, lda)
		} else {
			impl.Dorgqr(m, n, n, a, lda, tau, query[:], -1)
			impl.Dorgqr(m, n, n, a, lda, tau, sub(), int(query[0]))
		}
	}
	impl.Dgebrd(n, n, r, n, s, e, tauq, taup, query[:], -1)
	impl.Dgebrd(n, n, r, n, s, e, tauq, taup, sub(), int(query[0]))
	if wantvt {
		impl.Dlacpy(blas.Upper, n, n, r, n, vt, ldvt)
		impl.Dorgbr(lapack.GeneratePT, n, n, n, vt, ldvt, taup, query[:], -1)
		impl.Dorgbr(lapack.GeneratePT, n, n, n, vt, ldvt, taup, sub(), int(query[0]))
	}
	if !wantu {
		ok = impl.Dbdsqr(blas.Upper, n, ncvt, 0, 0, s, e, vt, max(1, ldvt), nil, 1, nil, 1, bdWork)
		return ok, e
	}
	ur := sc.take(n * n)
	impl.Dlacpy(blas.Lower, n, n, r, n, ur, n)
	impl.Dorgbr(lapack.GenerateQ, n, n, n, ur, n, tauq, query[:], -1)
	impl.Dorgbr(lapack.GenerateQ, n, n, n, ur, n, tauq, sub(), int(query[0]))
	ok = impl.Dbdsqr(blas.Upper, n, ncvt, n, 0, s, e, vt, max(1, ldvt), ur, n, nil, 1, bdWork)
	// U = Q·U_R (the first n columns; with all, the other m − n columns
	// of U are Q's).
	blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, m, n, n, 1, a, lda, ur, n, 0, u, ldu)
	return ok, e
}
