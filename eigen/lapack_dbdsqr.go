package eigen

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/directpred/directpred/kernels"
)

// bdsqrMaxIter is LAPACK dbdsqr's MAXITR: at most 6·n² inner steps.
const bdsqrMaxIter = 6

// bdsqrDeferRot is how many rotations (summed over sweeps, per side) Dbdsqr
// records before it applies them to the vectors; bdsqrDeferSweeps caps the
// number of recorded sweeps.
const (
	bdsqrDeferRot    = 1 << 17
	bdsqrDeferSweeps = 256
)

// bdsqrBlockBytes is the size of the column block of a vector matrix the
// recorded sweeps are applied to in turn (it stays in L2 between sweeps).
const bdsqrBlockBytes = 1 << 20

// bdsqrParMin is the least number of element rotations a flush splits
// between the kernels' workers.
const bdsqrParMin = 1 << 20

// Dbdsqr computes the singular value decomposition B = Q·S·Pᵀ of the n×n
// bidiagonal B (diagonal d, off-diagonal e; upper or lower by uplo) by
// implicit zero-shift and shifted QR sweeps, with gonum's contract: on exit
// d holds the singular values in decreasing order, vt (n×ncvt) is replaced
// by Pᵀ·VT, u (nru×n) by U·Q and c (n×ncc) by Qᵀ·C; work needs 4(n−1)
// elements; it returns false if some off-diagonal did not converge within
// 6n² steps. The scalar part follows LAPACK's dbdsqr in gonum's order of
// operations (and gonum's Dlartg, Dlas2 and Dlasv2), so the singular values
// are bitwise those of gonum's Dbdsqr. The sweeps' plane rotations are
// recorded (up to 2¹⁷ rotations or 256 sweeps, 2×2 blocks included) and
// applied together to column blocks of about 1 MiB of VT, C and a
// transposed copy of U (allocated, n·nru elements, pooled), so that every
// rotation combines two contiguous rows (kernels.Drotseq) and each block
// stays in cache across the sweeps; large flushes split the blocks between
// the kernels' workers (the results do not depend on the split). Without
// vectors (and for n = 1) it is gonum's Dbdsqr (dqds, Dlasq1: work then
// needs 4n elements).
func (impl Implementation) Dbdsqr(uplo blas.Uplo, n, ncvt, nru, ncc int, d, e, vt []float64, ldvt int, u []float64, ldu int, c []float64, ldc int, work []float64) (ok bool) {
	switch {
	case uplo != blas.Upper && uplo != blas.Lower:
		panic("lapack: bad Uplo")
	case n < 0:
		panic("lapack: n < 0")
	case ncvt < 0:
		panic("lapack: ncvt < 0")
	case nru < 0:
		panic("lapack: nru < 0")
	case ncc < 0:
		panic("lapack: ncc < 0")
	case ldvt < max(1, ncvt):
		panic("lapack: bad leading dimension of VT")
	case (ldu < max(1, n) && nru > 0) || (ldu < 1 && nru == 0):
		panic("lapack: bad leading dimension of U")
	case ldc < max(1, ncc):
		panic("lapack: bad leading dimension of C")
	}
	if n == 0 {
		return true
	}
	switch {
	case ncvt != 0 && len(vt) < (n-1)*ldvt+ncvt:
		panic("lapack: insufficient length of vt")
	case nru != 0 && len(u) < (nru-1)*ldu+n:
		panic("lapack: insufficient length of u")
	case ncc != 0 && len(c) < (n-1)*ldc+ncc:
		panic("lapack: insufficient length of c")
	case len(d) < n:
		panic("lapack: insufficient length of d")
	case len(e) < n-1:
		panic("lapack: insufficient length of e")
	case len(work) < 4*(n-1):
		panic("lapack: insufficient length of work")
	}
	if n == 1 || (ncvt == 0 && nru == 0 && ncc == 0) {
		return impl.Implementation.Dbdsqr(uplo, n, ncvt, nru, ncc, d, e, vt, ldvt, u, ldu, c, ldc, work)
	}

	r := bdsqrRotPool.Get().(*bdsqrRot)
	defer bdsqrRotPool.Put(r)
	r.init(n, ncvt, nru, ncc, vt, ldvt, c, ldc)
	if nru > 0 {
		transposeTo(r.ut, nru, u, ldu, nru, n)
	}
	ok = bdsqrIterate(impl, uplo == blas.Lower, n, d, e, work, r)
	r.flush()
	if nru > 0 {
		transposeTo(u, ldu, r.ut, nru, n, nru)
	}
	r.release()
	return ok
}

// bdsqrIterate is the QR iteration and final sort of Dbdsqr for n ≥ 2 with
// some vectors; it sends every update of the vectors to r.
func bdsqrIterate(impl Implementation, lower bool, n int, d, e, work []float64, r *bdsqrRot) bool {
	nm1 := n - 1
	nm12 := 2 * nm1
	nm13 := 3 * nm1
	const eps = 0x1p-53
	const unfl = 0x1p-1022
	if lower {
		// Rotate from the left to make B upper bidiagonal: B = Q_0·B'.
		for i := 0; i < n-1; i++ {
			cs, sn, rr := impl.Dlartg(d[i], e[i])
			d[i] = rr
			e[i] = sn * d[i+1]
			d[i+1] *= cs
			work[i] = cs
			work[nm1+i] = sn
		}
		r.sweep(false, 0, n, nil, nil, work, work[nm1:])
	}

	// Relative accuracy tol; thresh is the absolute level below which an
	// off-diagonal counts as zero.
	tolmul := math.Max(10, math.Min(100, math.Pow(eps, -1.0/8)))
	tol := tolmul * eps
	var smax float64
	for i := 0; i < n; i++ {
		smax = math.Max(smax, math.Abs(d[i]))
	}
	for i := 0; i < n-1; i++ {
		smax = math.Max(smax, math.Abs(e[i]))
	}
	sminoa := math.Abs(d[0])
	if sminoa != 0 {
		mu := sminoa
		for i := 1; i < n; i++ {
			mu = math.Abs(d[i]) * (mu / (mu + math.Abs(e[i-1])))
			sminoa = math.Min(sminoa, mu)
			if sminoa == 0 {
				break
			}
		}
	}
	sminoa = sminoa / math.Sqrt(float64(n))
	thresh := math.Max(tol*sminoa, float64(bdsqrMaxIter*n*n)*unfl)

	maxIt := bdsqrMaxIter * n * n
	iter := 0
	oldl2, oldm := -1, -1
	idir := 0
	var smin float64
	// The unreduced block is rows and columns l2 … m−1.
	m := n
outer:
	for m > 1 {
		if iter > maxIt {
			// No convergence: gonum returns here, before the sign fixes
			// and the sort, with ok reporting whether e is all zero.
			for i := 0; i < n-1; i++ {
				if e[i] != 0 {
					return false
				}
			}
			return true
		}
		// Find the bottom unreduced block: scan e upward from m−2 for a
		// negligible entry.
		smax = math.Abs(d[m-1])
		l2 := 0
		split := false
		for l3 := 0; l3 < m-1; l3++ {
			l2 = m - l3 - 2
			abss := math.Abs(d[l2])
			abse := math.Abs(e[l2])
			if abse <= thresh {
				split = true
				break
			}
			smax = math.Max(math.Max(smax, abss), abse)
		}
		if split {
			e[l2] = 0
			if l2 == m-2 {
				// The bottom singular value has converged.
				m--
				continue
			}
			l2++
		} else {
			l2 = 0
		}
		if l2 == m-2 {
			// A 2×2 block: its SVD directly (LAPACK dlasv2).
			ssmin, ssmax, sinr, cosr, sinl, cosl := impl.Dlasv2(d[m-2], e[m-2], d[m-1])
			d[m-1], d[m-2] = ssmin, ssmax
			e[m-2] = 0
			r.rot(m-2, cosr, sinr, cosl, sinl)
			m -= 2
			continue
		}
		// On a new block, chase the bulge from the larger end diagonal
		// entry toward the smaller.
		if l2 > oldm-1 || m-1 < oldl2 {
			if math.Abs(d[l2]) >= math.Abs(d[m-1]) {
				idir = 1
			} else {
				idir = 2
			}
		}
		// Convergence tests.
		if idir == 1 {
			if math.Abs(e[m-2]) <= math.Abs(tol)*math.Abs(d[m-1]) {
				e[m-2] = 0
				continue
			}
			mu := math.Abs(d[l2])
			smin = mu
			for l3 := l2; l3 < m-1; l3++ {
				if math.Abs(e[l3]) <= tol*mu {
					e[l3] = 0
					continue outer
				}
				mu = math.Abs(d[l3+1]) * (mu / (mu + math.Abs(e[l3])))
				smin = math.Min(smin, mu)
			}
		} else {
			if math.Abs(e[l2]) <= math.Abs(tol)*math.Abs(d[l2]) {
				e[l2] = 0
				continue
			}
			mu := math.Abs(d[m-1])
			smin = mu
			for l3 := m - 2; l3 >= l2; l3-- {
				if math.Abs(e[l3]) <= tol*mu {
					e[l3] = 0
					continue outer
				}
				mu = math.Abs(d[l3]) * (mu / (mu + math.Abs(e[l3])))
				smin = math.Min(smin, mu)
			}
		}
		oldl2, oldm = l2, m

		// The shift: zero if shifting could spoil the relative accuracy of
		// the smallest singular value, else the smaller singular value of
		// the trailing (idir = 1) or leading 2×2 block, unless negligible.
		var shift float64
		if !(float64(n)*tol*(smin/smax) <= math.Max(eps, (1.0/100)*tol)) {
			var sl2 float64
			if idir == 1 {
				sl2 = math.Abs(d[l2])
				shift, _ = impl.Dlas2(d[m-2], e[m-2], d[m-1])
			} else {
				sl2 = math.Abs(d[m-1])
				shift, _ = impl.Dlas2(d[l2], e[l2], d[l2+1])
			}
			if sl2 > 0 && (shift/sl2)*(shift/sl2) < eps {
				shift = 0
			}
		}
		iter += m - l2 + 1
		k := m - l2
		switch {
		case shift == 0 && idir == 1:
			// Zero-shift QR sweep, top to bottom (Demmel and Kahan).
			cs, oldcs := 1.0, 1.0
			var sn, rr, oldsn float64
			for i := l2; i < m-1; i++ {
				cs, sn, rr = impl.Dlartg(d[i]*cs, e[i])
				if i > l2 {
					e[i-1] = oldsn * rr
				}
				oldcs, oldsn, d[i] = impl.Dlartg(oldcs*rr, d[i+1]*sn)
				work[i-l2] = cs
				work[i-l2+nm1] = sn
				work[i-l2+nm12] = oldcs
				work[i-l2+nm13] = oldsn
			}
			h := d[m-1] * cs
			d[m-1] = h * oldcs
			e[m-2] = h * oldsn
			r.sweep(false, l2, k, work, work[nm1:], work[nm12:], work[nm13:])
			if math.Abs(e[m-2]) < thresh {
				e[m-2] = 0
			}
		case shift == 0:
			// Zero-shift QR sweep, bottom to top.
			cs, oldcs := 1.0, 1.0
			var sn, rr, oldsn float64
			for i := m - 1; i >= l2+1; i-- {
				cs, sn, rr = impl.Dlartg(d[i]*cs, e[i-1])
				if i < m-1 {
					e[i] = oldsn * rr
				}
				oldcs, oldsn, d[i] = impl.Dlartg(oldcs*rr, d[i-1]*sn)
				work[i-l2-1] = cs
				work[i-l2+nm1-1] = -sn
				work[i-l2+nm12-1] = oldcs
				work[i-l2+nm13-1] = -oldsn
			}
			h := d[l2] * cs
			d[l2] = h * oldcs
			e[l2] = h * oldsn
			r.sweep(true, l2, k, work[nm12:], work[nm13:], work, work[nm1:])
			if math.Abs(e[l2]) <= thresh {
				e[l2] = 0
			}
		case idir == 1:
			// Shifted QR sweep chasing the bulge top to bottom.
			f := (math.Abs(d[l2]) - shift) * (math.Copysign(1, d[l2]) + shift/d[l2])
			g := e[l2]
			for i := l2; i < m-1; i++ {
				cosr, sinr, rr := impl.Dlartg(f, g)
				if i > l2 {
					e[i-1] = rr
				}
				f = cosr*d[i] + sinr*e[i]
				e[i] = cosr*e[i] - sinr*d[i]
				g = sinr * d[i+1]
				d[i+1] *= cosr
				cosl, sinl, rr := impl.Dlartg(f, g)
				d[i] = rr
				f = cosl*e[i] + sinl*d[i+1]
				d[i+1] = cosl*d[i+1] - sinl*e[i]
				if i < m-2 {
					g = sinl * e[i+1]
					e[i+1] = cosl * e[i+1]
				}
				work[i-l2] = cosr
				work[i-l2+nm1] = sinr
				work[i-l2+nm12] = cosl
				work[i-l2+nm13] = sinl
			}
			e[m-2] = f
			r.sweep(false, l2, k, work, work[nm1:], work[nm12:], work[nm13:])
			if math.Abs(e[m-2]) <= thresh {
				e[m-2] = 0
			}
		default:
			// Shifted QR sweep chasing the bulge bottom to top.
			f := (math.Abs(d[m-1]) - shift) * (math.Copysign(1, d[m-1]) + shift/d[m-1])
			g := e[m-2]
			for i := m - 1; i > l2; i-- {
				cosr, sinr, rr := impl.Dlartg(f, g)
				if i < m-1 {
					e[i] = rr
				}
				f = cosr*d[i] + sinr*e[i-1]
				e[i-1] = cosr*e[i-1] - sinr*d[i]
				g = sinr * d[i-1]
				d[i-1] *= cosr
				cosl, sinl, rr := impl.Dlartg(f, g)
				d[i] = rr
				f = cosl*e[i-1] + sinl*d[i-1]
				d[i-1] = cosl*d[i-1] - sinl*e[i-1]
				if i > l2+1 {
					g = sinl * e[i-2]
					e[i-2] *= cosl
				}
				work[i-l2-1] = cosr
				work[i-l2+nm1-1] = -sinr
				work[i-l2+nm12-1] = cosl
				work[i-l2+nm13-1] = -sinl
			}
			e[l2] = f
			if math.Abs(e[l2]) <= thresh {
				e[l2] = 0
			}
			r.sweep(true, l2, k, work[nm12:], work[nm13:], work, work[nm1:])
		}
	}

	// Make the singular values nonnegative (negating rows of Pᵀ·VT).
	for i := 0; i < n; i++ {
		if d[i] < 0 {
			d[i] = -d[i]
			r.negate(i)
		}
	}
	// Selection sort into decreasing order (LAPACK's: few swaps of the
	// vectors, ties resolved toward the highest index).
	for i := 0; i < n-1; i++ {
		isub := 0
		smin := d[0]
		for j := 1; j < n-i; j++ {
			if d[j] <= smin {
				isub = j
				smin = d[j]
			}
		}
		if isub != n-i-1 {
			d[isub] = d[n-i-1]
			d[n-i-1] = smin
			r.swap(isub, n-i-1)
		}
	}
	for i := 0; i < n-1; i++ {
		if e[i] != 0 {
			return false
		}
	}
	return true
}

// bdsqrRot holds the vectors Dbdsqr updates — VT (n×ncvt), C (n×ncc) and
// Uᵀ (n×nru, a transposed copy of U) — and the recorded sweeps not yet
// applied to them. Every update is a rotation of row pairs.
type bdsqrRot struct {
	n                int
	ncvt, nru, ncc   int
	vt, c            []float64
	ldvt, ldc        int
	ut               []float64
	utBuf            []float64
	cv, sv, cu, su   []float64 // recorded rotations: right (VT) and left (Uᵀ, C)
	sweeps           []bdsqrSweep
	nrot             int
	lo, hi           int // rows the recorded sweeps touch
	nb               int // column block width of the current flush
	deferRot, maxSwp int
}

type bdsqrSweep struct {
	backward bool
	l, k     int // rows l … l+k−1
	off      int // offset of the k−1 rotations in cv, sv, cu, su
}

var bdsqrRotPool = sync.Pool{New: func() any { return new(bdsqrRot) }}

func (r *bdsqrRot) init(n, ncvt, nru, ncc int, vt []float64, ldvt int, c []float64, ldc int) {
	r.n, r.ncvt, r.nru, r.ncc = n, ncvt, nru, ncc
	r.vt, r.ldvt, r.c, r.ldc = vt, ldvt, c, ldc
	if nru > 0 {
		if cap(r.utBuf) < n*nru {
			r.utBuf = make([]float64, n*nru)
		}
		r.ut = r.utBuf[:n*nru]
	}
	r.deferRot = max(min(bdsqrDeferRot, 128*n), n)
	r.maxSwp = bdsqrDeferSweeps
	need := r.deferRot + n
	if cap(r.cv) < need {
		r.cv = make([]float64, need)
		r.sv = make([]float64, need)
		r.cu = make([]float64, need)
		r.su = make([]float64, need)
	}
	r.sweeps = r.sweeps[:0]
	r.nrot = 0
	r.lo, r.hi = n, 0
}

// release drops the references to the caller's matrices.
func (r *bdsqrRot) release() {
	r.vt, r.c, r.ut = nil, nil, nil
}

// sweep records the rotations of one sweep over rows l … l+k−1: (cv, sv)
// for VT and (cu, su) for Uᵀ and C, k−1 of each; backward says they apply
// from the bottom pair up. cv may be nil if VT is not to be rotated (the
// lower-to-upper reduction).
func (r *bdsqrRot) sweep(backward bool, l, k int, cv, sv, cu, su []float64) {
	nr := k - 1
	if r.nrot+nr > r.deferRot || len(r.sweeps) == r.maxSwp {
		r.flush()
	}
	off := r.nrot
	if cv != nil {
		copy(r.cv[off:off+nr], cv[:nr])
		copy(r.sv[off:off+nr], sv[:nr])
	} else {
		for i := off; i < off+nr; i++ {
			r.cv[i], r.sv[i] = 1, 0
		}
	}
	copy(r.cu[off:off+nr], cu[:nr])
	copy(r.su[off:off+nr], su[:nr])
	r.sweeps = append(r.sweeps, bdsqrSweep{backward: backward, l: l, k: k, off: off})
	r.nrot += nr
	r.lo = min(r.lo, l)
	r.hi = max(r.hi, l+k)
}

// flush applies the recorded sweeps to each matrix, column block by column
// block, in the recorded order (which the blocking does not change: every
// column is rotated independently, so neither does the split of the blocks
// between the kernels' workers when there is enough work for two).
func (r *bdsqrRot) flush() {
	if len(r.sweeps) == 0 {
		return
	}
	rows := r.hi - r.lo
	r.nb = max(8, bdsqrBlockBytes/(8*rows)) &^ 7
	units := r.blocks(r.ncvt) + r.blocks(r.nru) + r.blocks(r.ncc)
	if float64(r.nrot)*float64(r.ncvt+r.nru+r.ncc) < bdsqrParMin || units < 2 {
		r.RunRange(0, units, 0)
	} else {
		kernels.ParallelFor(units, 1, r)
	}
	r.sweeps = r.sweeps[:0]
	r.nrot = 0
	r.lo, r.hi = r.n, 0
}

// blocks is the number of column blocks of a matrix with ncol columns.
func (r *bdsqrRot) blocks(ncol int) int { return (ncol + r.nb - 1) / r.nb }

// RunRange applies the recorded sweeps to the column blocks lo … hi−1,
// numbered through VT's, then Uᵀ's, then C's.
func (r *bdsqrRot) RunRange(lo, hi, _ int) {
	for blk := lo; blk < hi; blk++ {
		b := blk
		a, lda, ncol, cs, ss := r.vt, r.ldvt, r.ncvt, r.cv, r.sv
		if nv := r.blocks(r.ncvt); b >= nv {
			b -= nv
			a, lda, ncol, cs, ss = r.ut, r.nru, r.nru, r.cu, r.su
			if nu := r.blocks(r.nru); b >= nu {
				b -= nu
				a, lda, ncol = r.c, r.ldc, r.ncc
			}
		}
		j0 := b * r.nb
		w := min(r.nb, ncol-j0)
		for _, s := range r.sweeps {
			kernels.Drotseq(s.backward, s.k, w, cs[s.off:s.off+s.k-1], ss[s.off:s.off+s.k-1], a[s.l*lda+j0:], lda)
		}
	}
}

// rot records a 2×2 block's rotations of rows i and i+1: (cr, sr) for VT,
// (cl, sl) for Uᵀ and C, each as x, y ← c·x + s·y, c·y − s·x (a sweep of
// one rotation).
func (r *bdsqrRot) rot(i int, cr, sr, cl, sl float64) {
	r.sweep(false, i, 2, []float64{cr}, []float64{sr}, []float64{cl}, []float64{sl})
}

// negate negates row i of VT.
func (r *bdsqrRot) negate(i int) {
	r.flush()
	if r.ncvt > 0 {
		row := r.vt[i*r.ldvt : i*r.ldvt+r.ncvt]
		for j := range row {
			row[j] = -row[j]
		}
	}
}

// swap exchanges rows i and j of VT, Uᵀ and C.
func (r *bdsqrRot) swap(i, j int) {
	r.flush()
	bi := blas64.Implementation()
	if r.ncvt > 0 {
		bi.Dswap(r.ncvt, r.vt[i*r.ldvt:], 1, r.vt[j*r.ldvt:], 1)
	}
	if r.nru > 0 {
		bi.Dswap(r.nru, r.ut[i*r.nru:], 1, r.ut[j*r.nru:], 1)
	}
	if r.ncc > 0 {
		bi.Dswap(r.ncc, r.c[i*r.ldc:], 1, r.c[j*r.ldc:], 1)
	}
}

// transposeTo stores the transpose of the m×n row-major a (stride lda)
// into the n×m row-major b (stride ldb), in 32×32 tiles.
func transposeTo(b []float64, ldb int, a []float64, lda, m, n int) {
	const tile = 32
	for i0 := 0; i0 < m; i0 += tile {
		i1 := min(i0+tile, m)
		for j0 := 0; j0 < n; j0 += tile {
			j1 := min(j0+tile, n)
			for i := i0; i < i1; i++ {
				row := a[i*lda+j0 : i*lda+j1]
				for jj, x := range row {
					b[(j0+jj)*ldb+i] = x
				}
			}
		}
	}
}
