package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Machine constants of LAPACK's dlamch, as gonum defines them.
const (
	trevcUlp    = 0x1p-52   // dlamch('P'): relative precision × base
	trevcSafmin = 0x1p-1022 // dlamch('S'): smallest normal number
)

// trevcMaxSlots caps the number of eigenvector columns solved and
// back-transformed together (LAPACK dtrevc3's nbmax).
const trevcMaxSlots = 128

// trevcCacheFloats is the size, in float64s, of the solution block that the
// solves keep hot while they walk the rows of T: the block
// of slots × n entries is capped to it (512 KiB, half an L2).
const trevcCacheFloats = 1 << 16

// Dtrevc3 computes some or all of the right and/or left eigenvectors of the
// n×n upper quasi-triangular row-major T in Schur canonical form (as Dhseqr
// returns it), or those vectors multiplied from the left by the matrices in
// VR/VL (howmny = lapack.EVAllMulQ: the eigenvectors of the matrix whose
// Schur form T is). It is a drop-in for gonum's Dtrevc3: the same argument
// checks and panics in the same order, the same workspace query (work[0] =
// n + 2n·nb, nb = 64) and minimum lwork = max(1, 3n), the same handling of
// selected (a complex pair is computed if either of its flags is set; on
// return the first is set and the second cleared), the same column layout
// (a complex pair occupies two columns, real then imaginary part) and
// normalization (the component of largest |re|+|im| has magnitude 1), and
// it returns the number of columns used.
//
// gonum follows LAPACK: for the right eigenvectors a column-oriented solve,
// x(0:j) −= x(j)·T(0:j, j), which in row-major storage walks a column of T
// with stride ldt, one cache line per element. This one solves the same
// triangular systems by rows. Right eigenvectors: (T(0:k, 0:k) − λ)·x =
// −T(0:k, k:)·x(k:) one row at a time, x(i) from the dot product of the
// row T(i, i+1:) with the part of x already known: LAPACK dtrevc3's
// left-eigenvector algorithm mirrored to rows, with its overflow protection
// (the running bound vmax on |x|, the row norms of T against bignum/vmax,
// and Dlaln2's scale factors). Left eigenvectors: once y(j) is known,
// y(j+1:) −= y(j)·T(j, j+1:), a row of T: LAPACK's right-eigenvector
// algorithm mirrored, with its protection (Dlaln2's scale factors, and a
// solution whose xnorm times the row norm would exceed bignum scaled down).
// Up to 128 eigenvectors are solved together, row block by row block (the
// rows of T are read once for all of them), with each vector's arithmetic
// in a fixed order that does not depend on which other vectors are in the
// block, so that, as gonum's test requires, a selected eigenvector is
// bitwise the one that howmny = lapack.EVAll returns. With howmny =
// lapack.EVAllMulQ the block is back-transformed by one Dgemm on the
// installed BLAS (LAPACK's blocked back-transform); with less than 5n of
// workspace each vector is back-transformed by a Dgemv, as LAPACK does.
//
// gonum's Dtrevc3 (v0.17.0) panics with an index out of range when a 2×2
// block is below smin (|T| ≲ n·1e-292) and it uses its blocked
// back-transform (its Dlaln2 stores x with b's stride there); this one
// passes equal strides and does not.
func (impl Implementation) Dtrevc3(side lapack.EVSide, howmny lapack.EVHowMany, selected []bool, n int, t []float64, ldt int, vl []float64, ldvl int, vr []float64, ldvr int, mm int, work []float64, lwork int) (m int) {
	bothv := side == lapack.EVBoth
	rightv := side == lapack.EVRight || bothv
	leftv := side == lapack.EVLeft || bothv
	switch {
	case !rightv && !leftv:
		panic("lapack: bad EVSide")
	case howmny != lapack.EVAll && howmny != lapack.EVAllMulQ && howmny != lapack.EVSelected:
		panic("lapack: bad EVHowMany")
	case n < 0:
		panic("lapack: n < 0")
	case ldt < max(1, n):
		panic("lapack: bad leading dimension of T")
	case mm < 0:
		panic("lapack: mm < 0")
	case ldvl < 1:
		panic("lapack: bad leading dimension of VL")
	case ldvr < 1:
		panic("lapack: bad leading dimension of VR")
	case lwork < max(1, 3*n) && lwork != -1:
		panic("lapack: insufficient declared workspace length")
	case len(work) < max(1, lwork):
		panic("lapack: insufficient length of work")
	}
	if n == 0 {
		work[0] = 1
		return 0
	}
	// m depends on T's block structure even for a workspace query, so T's
	// length is checked first.
	if len(t) < (n-1)*ldt+n {
		panic("lapack: insufficient length of t")
	}
	if howmny == lapack.EVSelected {
		if len(selected) != n {
			panic("lapack: bad length of selected")
		}
		// Count the columns: one per selected real eigenvalue, two per
		// selected complex pair, whose flags are standardized.
		for j := 0; j < n; {
			if j == n-1 || t[(j+1)*ldt+j] == 0 {
				if selected[j] {
					m++
				}
				j++
				continue
			}
			if selected[j] || selected[j+1] {
				selected[j] = true
				selected[j+1] = false
				m += 2
			}
			j += 2
		}
	} else {
		m = n
	}
	if mm < m {
		panic("lapack: mm out of range")
	}
	if lwork == -1 {
		nb := impl.Ilaenv(1, "DTREVC", string(side)+string(howmny), n, -1, -1, -1)
		work[0] = float64(n + 2*n*nb)
		return m
	}
	if m == 0 {
		return 0
	}
	switch {
	case leftv && ldvl < mm:
		panic("lapack: bad leading dimension of VL")
	case leftv && len(vl) < (n-1)*ldvl+mm:
		panic("lapack: insufficient length of vl")
	case rightv && ldvr < mm:
		panic("lapack: bad leading dimension of VR")
	case rightv && len(vr) < (n-1)*ldvr+mm:
		panic("lapack: insufficient length of vr")
	}
	if rightv {
		trevcRight(impl, howmny, selected, n, t, ldt, vr, ldvr, m, work, lwork)
	}
	if leftv {
		trevcLeft(impl, howmny, selected, n, t, ldt, vl, ldvl, work, lwork)
	}
	return m
}

// trevcVec is one eigenvector in a block of trevcRight or trevcLeft: the real
// eigenvalue T(k, k) (cplx false, rows lo = top = k) or the complex pair of
// the 2×2 block T(lo:top+1, lo:top+1) (top = lo+1), its solution in the
// workspace slots slot (real part) and slot+1 (imaginary part), and its
// output column col (col and col+1 for a pair).
type trevcVec struct {
	lo, top   int
	first     int // the vector's entries first:last+1 may be nonzero:
	last      int // 0:top+1 (right), lo:n (left)
	cplx      bool
	wr, wi    float64
	smin      float64 // Dlaln2's least perturbation of a singular block
	vmax      float64 // the right solve's bound on |x| (LAPACK's vmax)
	slot, col int
}

// trevcRight computes the right eigenvectors of T into VR for Dtrevc3 (its
// arguments checked, m ≥ 1 the number of columns).
func trevcRight(impl Implementation, howmny lapack.EVHowMany, selected []bool, n int, t []float64, ldt int, vr []float64, ldvr int, m int, work []float64, lwork int) {
	backT := howmny == lapack.EVAllMulQ
	rnorm, xs, prod, slots, blocked := trevcWorkspace(backT, n, t, ldt, work, lwork)
	smlnum := float64(n) / trevcUlp * trevcSafmin
	bignum := (1 - trevcUlp) / smlnum

	vecs := make([]trevcVec, 0, slots)
	used := 0
	flush := func() {
		if len(vecs) == 0 {
			return
		}
		trevcSolveBlock(impl, vecs, n, t, ldt, xs, rnorm, bignum)
		switch {
		case !backT:
			trevcStore(vecs, n, xs, vr, ldvr)
		case blocked:
			trevcBackBlocked(vecs, used, n, xs, vr, ldvr, prod)
		default:
			trevcBackSingle(vecs[0], n, xs, vr, ldvr)
		}
		vecs = vecs[:0]
		used = 0
	}

	col := m - 1
	for ki := n - 1; ki >= 0; ki-- {
		cplx := ki > 0 && t[ki*ldt+ki-1] != 0
		lo := ki
		if cplx {
			lo = ki - 1
		}
		if howmny == lapack.EVSelected && !selected[lo] {
			ki = lo
			continue
		}
		need := 1
		if cplx {
			need = 2
		}
		// Start a new block when the slots are full, after every vector
		// for the unblocked back-transform, and when this vector's rows
		// end far below the block's top (sparse selections), where the
		// rows in between would be padding.
		if len(vecs) > 0 && (used+need > slots || (backT && !blocked) || vecs[0].top-ki > slots) {
			flush()
		}
		v := trevcVec{lo: lo, top: ki, first: 0, last: ki, cplx: cplx, wr: t[ki*ldt+ki], slot: used, vmax: 1}
		if cplx {
			v.wi = math.Sqrt(math.Abs(t[ki*ldt+ki-1])) * math.Sqrt(math.Abs(t[(ki-1)*ldt+ki]))
			v.col = col - 1
		} else {
			v.col = col
		}
		v.smin = math.Max(trevcUlp*(math.Abs(v.wr)+math.Abs(v.wi)), smlnum)
		vecs = append(vecs, v)
		used += need
		col -= need
		ki = lo
	}
	flush()
}

// trevcWorkspace splits work for trevcRight and trevcLeft: the row norms
// of T's strict upper triangle (rnorm(i) = Σ_{l>i} |T(i, l)|, which bound
// the row products of both solves), then slots of n entries holding the
// solutions, then, for the blocked back-transform (backT and lwork ≥ 5n),
// the n×slots product Q·X.
func trevcWorkspace(backT bool, n int, t []float64, ldt int, work []float64, lwork int) (rnorm, xs, prod []float64, slots int, blocked bool) {
	rnorm = work[:n]
	if backT {
		slots = min((lwork-n)/(2*n), trevcMaxSlots)
		if slots >= 2 {
			blocked = true
		} else {
			slots = 2
		}
	} else {
		slots = min((lwork-n)/n, trevcMaxSlots)
	}
	slots = max(2, min(slots, trevcCacheFloats/n))
	xs = work[n : n+slots*n]
	if blocked {
		prod = work[n+slots*n : n+2*slots*n]
	}
	for i := 0; i < n; i++ {
		var s float64
		for _, v := range t[i*ldt+i+1 : i*ldt+n] {
			s += math.Abs(v)
		}
		rnorm[i] = s
	}
	return rnorm, xs, prod, slots, blocked
}

// trevcLeft computes the left eigenvectors of T into VL for Dtrevc3 (its
// arguments checked, m ≥ 1 the number of columns).
func trevcLeft(impl Implementation, howmny lapack.EVHowMany, selected []bool, n int, t []float64, ldt int, vl []float64, ldvl int, work []float64, lwork int) {
	backT := howmny == lapack.EVAllMulQ
	rnorm, xs, prod, slots, blocked := trevcWorkspace(backT, n, t, ldt, work, lwork)
	smlnum := float64(n) / trevcUlp * trevcSafmin
	bignum := (1 - trevcUlp) / smlnum

	vecs := make([]trevcVec, 0, slots)
	used := 0
	flush := func() {
		if len(vecs) == 0 {
			return
		}
		trevcSolveLeft(impl, vecs, n, t, ldt, xs, rnorm, bignum)
		switch {
		case !backT:
			trevcStore(vecs, n, xs, vl, ldvl)
		case blocked:
			trevcBackBlocked(vecs, used, n, xs, vl, ldvl, prod)
		default:
			trevcBackSingleLeft(vecs[0], n, xs, vl, ldvl)
		}
		vecs = vecs[:0]
		used = 0
	}

	col := 0
	for ki := 0; ki < n; ki++ {
		cplx := ki < n-1 && t[(ki+1)*ldt+ki] != 0
		top := ki
		if cplx {
			top = ki + 1
		}
		if howmny == lapack.EVSelected && !selected[ki] {
			ki = top
			continue
		}
		need := 1
		if cplx {
			need = 2
		}
		if len(vecs) > 0 && (used+need > slots || (backT && !blocked) || ki-vecs[0].lo > slots) {
			flush()
		}
		v := trevcVec{lo: ki, top: top, first: ki, last: n - 1, cplx: cplx, wr: t[ki*ldt+ki], slot: used, col: col}
		if cplx {
			v.wi = math.Sqrt(math.Abs(t[ki*ldt+ki+1])) * math.Sqrt(math.Abs(t[(ki+1)*ldt+ki]))
		}
		v.smin = math.Max(trevcUlp*(math.Abs(v.wr)+math.Abs(v.wi)), smlnum)
		vecs = append(vecs, v)
		used += need
		col += need
		ki = top
	}
	flush()
}

// trevcSolveLeft solves yᵀ·(T(lo:, lo:) − λ) = 0 for each vector of vecs
// (ordered by increasing lo), y(lo:top+1) the left eigenvector of the
// diagonal block, by rows: once y(j) (or y(j:j+2) for a 2×2 block) is
// known, y(j+1:) −= y(j)·T(j, j+1:), a contiguous row of T. This is LAPACK
// dtrevc3's right-eigenvector algorithm mirrored to rows, with its overflow
// protection: Dlaln2's scale factors, and a solution whose xnorm times the
// row norm of T would exceed bignum is scaled down first. The vectors are
// walked together block row by block row; a vector's slot holds y(lo:n) on
// return. Each entry's updates are applied in the same order whatever the
// other vectors are, so the results do not depend on the blocking.
func trevcSolveLeft(impl Implementation, vecs []trevcVec, n int, t []float64, ldt int, xs []float64, rnorm []float64, bignum float64) {
	var (
		b, z [4]float64
		nact int
	)
	for lo := vecs[0].lo; lo < n; {
		hi := lo
		if lo < n-1 && t[(lo+1)*ldt+lo] != 0 {
			hi = lo + 1
		}
		beta := rnorm[lo]
		if hi != lo {
			beta = math.Max(beta, rnorm[hi])
		}
		tlo := t[lo*ldt+hi+1 : lo*ldt+n]
		thi := t[hi*ldt+hi+1 : hi*ldt+n]
		for k := 0; k < nact; k++ {
			v := &vecs[k]
			x := xs[v.slot*n:][:n]
			if !v.cplx {
				var scale, xnorm float64
				if lo == hi {
					b[0] = x[lo]
					scale, xnorm, _ = impl.Dlaln2(false, 1, 1, v.smin, 1, t[lo*ldt+lo:], ldt, 1, 1, b[:1], 1, v.wr, 0, z[:1], 1)
				} else {
					b[0], b[1] = x[lo], x[hi]
					scale, xnorm, _ = impl.Dlaln2(true, 2, 1, v.smin, 1, t[lo*ldt+lo:], ldt, 1, 1, b[:2], 1, v.wr, 0, z[:2], 1)
				}
				if xnorm > 1 && beta > bignum/xnorm {
					z[0] /= xnorm
					z[1] /= xnorm
					scale /= xnorm
				}
				if scale != 1 {
					trevcScaleRange(xs, v, n, v.lo, n, scale)
				}
				x[lo] = z[0]
				if hi == lo {
					trevcAxpy(z[0], tlo, x[hi+1:])
				} else {
					x[hi] = z[1]
					trevcAxpyRows(tlo, thi, z[0], z[1], x[hi+1:])
				}
				continue
			}
			y := xs[(v.slot+1)*n:][:n]
			var scale, xnorm float64
			if lo == hi {
				b[0], b[1] = x[lo], y[lo]
				scale, xnorm, _ = impl.Dlaln2(false, 1, 2, v.smin, 1, t[lo*ldt+lo:], ldt, 1, 1, b[:2], 2, v.wr, -v.wi, z[:2], 2)
			} else {
				b = [4]float64{x[lo], y[lo], x[hi], y[hi]}
				scale, xnorm, _ = impl.Dlaln2(true, 2, 2, v.smin, 1, t[lo*ldt+lo:], ldt, 1, 1, b[:], 2, v.wr, -v.wi, z[:], 2)
			}
			if xnorm > 1 && beta > bignum/xnorm {
				for i := range z {
					z[i] /= xnorm
				}
				scale /= xnorm
			}
			if scale != 1 {
				trevcScaleRange(xs, v, n, v.lo, n, scale)
			}
			x[lo], y[lo] = z[0], z[1]
			if hi == lo {
				trevcAxpy2(tlo, z[0], x[hi+1:], z[1], y[hi+1:])
			} else {
				x[hi], y[hi] = z[2], z[3]
				trevcAxpy2Rows(tlo, thi, z[0], z[2], x[hi+1:], z[1], z[3], y[hi+1:])
			}
		}
		// Start the vectors of this diagonal block: their eigenvector of
		// the block, and the right-hand side −y(lo:hi+1)ᵀ·T(lo:hi+1, hi+1:).
		for nact < len(vecs) && vecs[nact].lo == lo {
			v := &vecs[nact]
			nact++
			x := xs[v.slot*n:][:n]
			if !v.cplx {
				x[lo] = 1
				for i, tv := range tlo {
					x[hi+1+i] = -tv
				}
				continue
			}
			y := xs[(v.slot+1)*n:][:n]
			if math.Abs(t[lo*ldt+hi]) >= math.Abs(t[hi*ldt+lo]) {
				x[lo] = v.wi / t[lo*ldt+hi]
				y[hi] = 1
			} else {
				x[lo] = 1
				y[hi] = -v.wi / t[hi*ldt+lo]
			}
			x[hi], y[lo] = 0, 0
			xl, yh := x[lo], y[hi]
			for i := range tlo {
				x[hi+1+i] = -float64(xl * tlo[i])
				y[hi+1+i] = -float64(yh * thi[i])
			}
		}
		lo = hi + 1
	}
}

// trevcScaleRange multiplies the entries from:to of v's slot(s) by s.
func trevcScaleRange(xs []float64, v *trevcVec, n, from, to int, s float64) {
	for w := 0; w < trevcWidth(v); w++ {
		x := xs[(v.slot+w)*n:][from:to]
		for i := range x {
			x[i] *= s
		}
	}
}

// trevcAxpy computes x −= a·t (len(t) = len(x)), each product rounded
// before the subtraction (no FMA), so the result is the same in every
// build and whatever routine does it.
func trevcAxpy(a float64, t, x []float64) {
	x = x[:len(t)]
	for i, tv := range t {
		x[i] -= float64(a * tv)
	}
}

// trevcAxpy2 computes x −= a·t and y −= c·t as trevcAxpy does, loading t
// once.
func trevcAxpy2(t []float64, a float64, x []float64, c float64, y []float64) {
	x = x[:len(t)]
	y = y[:len(t)]
	for i, tv := range t {
		x[i] -= float64(a * tv)
		y[i] -= float64(c * tv)
	}
}

// trevcAxpyRows computes x −= a·t then x −= b·u (len(u) = len(t) =
// len(x)) in one pass, bitwise as the two trevcAxpy calls would.
func trevcAxpyRows(t, u []float64, a, b float64, x []float64) {
	u = u[:len(t)]
	x = x[:len(t)]
	for i, tv := range t {
		x[i] = (x[i] - float64(a*tv)) - float64(b*u[i])
	}
}

// trevcAxpy2Rows computes x −= a·t, x −= b·u, y −= c·t, y −= d·u in one
// pass, bitwise as two trevcAxpy2 calls (t, then u) would.
func trevcAxpy2Rows(t, u []float64, a, b float64, x []float64, c, d float64, y []float64) {
	u = u[:len(t)]
	x = x[:len(t)]
	y = y[:len(t)]
	for i, tv := range t {
		uv := u[i]
		x[i] = (x[i] - float64(a*tv)) - float64(b*uv)
		y[i] = (y[i] - float64(c*tv)) - float64(d*uv)
	}
}

// trevcBackSingleLeft overwrites the column(s) of VL of v with Q·y by
// Dgemv, Q the matrix in VL on entry (the columns before lo are not used),
// as LAPACK's unblocked back-transform does, and normalizes them.
func trevcBackSingleLeft(v trevcVec, n int, xs []float64, vl []float64, ldvl int) {
	bi := blas64.Implementation()
	x := xs[v.slot*n:][:n]
	lo, hi := v.lo, v.top
	if !v.cplx {
		if lo < n-1 {
			bi.Dgemv(blas.NoTrans, n, n-lo-1, 1, vl[lo+1:], ldvl, x[lo+1:], 1, x[lo], vl[lo:], ldvl)
		}
		ii := bi.Idamax(n, vl[lo:], ldvl)
		bi.Dscal(n, 1/math.Abs(vl[ii*ldvl+lo]), vl[lo:], ldvl)
		return
	}
	y := xs[(v.slot+1)*n:][:n]
	if hi < n-1 {
		bi.Dgemv(blas.NoTrans, n, n-hi-1, 1, vl[hi+1:], ldvl, x[hi+1:], 1, x[lo], vl[lo:], ldvl)
		bi.Dgemv(blas.NoTrans, n, n-hi-1, 1, vl[hi+1:], ldvl, y[hi+1:], 1, y[hi], vl[hi:], ldvl)
	} else {
		bi.Dscal(n, x[lo], vl[lo:], ldvl)
		bi.Dscal(n, y[hi], vl[hi:], ldvl)
	}
	var emax float64
	for i := 0; i < n; i++ {
		emax = math.Max(emax, math.Abs(vl[i*ldvl+lo])+math.Abs(vl[i*ldvl+hi]))
	}
	bi.Dscal(n, 1/emax, vl[lo:], ldvl)
	bi.Dscal(n, 1/emax, vl[hi:], ldvl)
}

// trevcSolveBlock solves (T(0:lo, 0:lo) − λ)·x(0:lo) = −T(0:lo, lo:top+1)·x(lo:top+1)
// for each vector of vecs (ordered by decreasing top), with x(lo:top+1) the
// eigenvector of the diagonal block, scaled against overflow as LAPACK
// dtrevc3's left-eigenvector solve does. The vectors are walked together
// row block by row block; a vector's slot holds x(0:top+1) on return.
func trevcSolveBlock(impl Implementation, vecs []trevcVec, n int, t []float64, ldt int, xs []float64, rnorm []float64, bignum float64) {
	// The eigenvector of each vector's own diagonal block.
	for k := range vecs {
		v := &vecs[k]
		x := xs[v.slot*n:][:n]
		if !v.cplx {
			x[v.top] = 1
			continue
		}
		y := xs[(v.slot+1)*n:][:n]
		lo, hi := v.lo, v.top
		if math.Abs(t[lo*ldt+hi]) >= math.Abs(t[hi*ldt+lo]) {
			x[lo] = 1
			y[hi] = v.wi / t[lo*ldt+hi]
		} else {
			x[lo] = -v.wi / t[hi*ldt+lo]
			y[hi] = 1
		}
		x[hi] = 0
		y[lo] = 0
	}

	var (
		b, z [4]float64
		nact int
	)
	for hi := vecs[0].top; hi >= 0; {
		lo := hi
		if hi > 0 && t[hi*ldt+hi-1] != 0 {
			lo = hi - 1
		}
		// The vectors whose unknowns include this block: a prefix.
		for nact < len(vecs) && vecs[nact].lo > hi {
			nact++
		}
		act := vecs[:nact]
		var beta float64
		if lo == hi {
			beta = rnorm[hi]
		} else {
			beta = math.Max(rnorm[lo], rnorm[hi])
		}
		trow := t[hi*ldt+hi+1:]
		for k := range act {
			v := &act[k]
			// Scale so that the dot products cannot overflow:
			// |T(i, i+1:)·x| ≤ rnorm(i)·vmax ≤ bignum.
			if beta > bignum/v.vmax {
				trevcScaleRange(xs, v, n, hi+1, v.top+1, 1/v.vmax)
				v.vmax = 1
			}
			x := xs[v.slot*n:][hi+1 : v.top+1]
			tl := trow[:len(x)]
			if !v.cplx {
				if lo == hi {
					b[0] = -dot1(tl, x)
					scale, _, _ := impl.Dlaln2(false, 1, 1, v.smin, 1, t[hi*ldt+hi:], ldt, 1, 1, b[:1], 1, v.wr, 0, z[:1], 1)
					if scale != 1 {
						trevcScaleRange(xs, v, n, hi+1, v.top+1, scale)
					}
					xs[v.slot*n+hi] = z[0]
					v.vmax = math.Max(v.vmax, math.Abs(z[0]))
				} else {
					d0, d1 := dot2(x, t[lo*ldt+hi+1:][:len(x)], tl)
					b[0], b[1] = -d0, -d1
					scale, _, _ := impl.Dlaln2(false, 2, 1, v.smin, 1, t[lo*ldt+lo:], ldt, 1, 1, b[:], 1, v.wr, 0, z[:], 1)
					if scale != 1 {
						trevcScaleRange(xs, v, n, hi+1, v.top+1, scale)
					}
					xs[v.slot*n+lo] = z[0]
					xs[v.slot*n+hi] = z[1]
					v.vmax = math.Max(v.vmax, math.Max(math.Abs(z[0]), math.Abs(z[1])))
				}
				continue
			}
			y := xs[(v.slot+1)*n:][hi+1 : v.top+1]
			if lo == hi {
				d0, d1 := dot2(tl, x, y)
				b[0], b[1] = -d0, -d1
				scale, _, _ := impl.Dlaln2(false, 1, 2, v.smin, 1, t[hi*ldt+hi:], ldt, 1, 1, b[:2], 2, v.wr, v.wi, z[:2], 2)
				if scale != 1 {
					trevcScaleRange(xs, v, n, hi+1, v.top+1, scale)
				}
				xs[v.slot*n+hi] = z[0]
				xs[(v.slot+1)*n+hi] = z[1]
				v.vmax = math.Max(v.vmax, math.Max(math.Abs(z[0]), math.Abs(z[1])))
			} else {
				tlo := t[lo*ldt+hi+1:][:len(x)]
				d0, d1 := dot2(tlo, x, y)
				d2, d3 := dot2(tl, x, y)
				b = [4]float64{-d0, -d1, -d2, -d3}
				scale, _, _ := impl.Dlaln2(false, 2, 2, v.smin, 1, t[lo*ldt+lo:], ldt, 1, 1, b[:], 2, v.wr, v.wi, z[:], 2)
				if scale != 1 {
					trevcScaleRange(xs, v, n, hi+1, v.top+1, scale)
				}
				xs[v.slot*n+lo] = z[0]
				xs[(v.slot+1)*n+lo] = z[1]
				xs[v.slot*n+hi] = z[2]
				xs[(v.slot+1)*n+hi] = z[3]
				v.vmax = math.Max(v.vmax, math.Max(math.Max(math.Abs(z[0]), math.Abs(z[1])), math.Max(math.Abs(z[2]), math.Abs(z[3]))))
			}
		}
		hi = lo - 1
	}
}

func trevcWidth(v *trevcVec) int {
	if v.cplx {
		return 2
	}
	return 1
}

// trevcStore normalizes the solved vectors and writes them, with zeros
// outside their entries first:last+1, into their columns of V (no
// back-transform).
func trevcStore(vecs []trevcVec, n int, xs []float64, vr []float64, ldvr int) {
	var rs [2 * trevcMaxSlots]float64
	for k := range vecs {
		v := &vecs[k]
		x := xs[v.slot*n:][v.first : v.last+1]
		var emax float64
		if v.cplx {
			y := xs[(v.slot+1)*n:][v.first : v.last+1]
			for i := range x {
				emax = math.Max(emax, math.Abs(x[i])+math.Abs(y[i]))
			}
		} else {
			for _, xi := range x {
				emax = math.Max(emax, math.Abs(xi))
			}
		}
		rs[k] = 1 / emax
	}
	for i := 0; i < n; i++ {
		row := vr[i*ldvr:]
		for k := range vecs {
			v := &vecs[k]
			for w := 0; w < trevcWidth(v); w++ {
				if v.first <= i && i <= v.last {
					row[v.col+w] = xs[(v.slot+w)*n+i] * rs[k]
				} else {
					row[v.col+w] = 0
				}
			}
		}
	}
}

// trevcBackBlocked overwrites the columns of V of the block's vectors with
// Q·x, Q the matrix in V on entry, by one Dgemm into prod (n×used), and
// normalizes them. The product runs over the union k0:k1 of the vectors'
// entries first:last+1, the entries outside a vector's own zeroed.
func trevcBackBlocked(vecs []trevcVec, used, n int, xs []float64, vr []float64, ldvr int, prod []float64) {
	k0, k1 := n, 0
	for k := range vecs {
		k0 = min(k0, vecs[k].first)
		k1 = max(k1, vecs[k].last+1)
	}
	for k := range vecs {
		v := &vecs[k]
		for w := 0; w < trevcWidth(v); w++ {
			x := xs[(v.slot+w)*n:][:k1]
			for i := k0; i < v.first; i++ {
				x[i] = 0
			}
			for i := v.last + 1; i < k1; i++ {
				x[i] = 0
			}
		}
	}
	bi := blas64.Implementation()
	bi.Dgemm(blas.NoTrans, blas.Trans, n, used, k1-k0, 1, vr[k0:], ldvr, xs[k0:], n, 0, prod, used)
	var emax [trevcMaxSlots]float64
	for i := 0; i < n; i++ {
		p := prod[i*used:][:used]
		for k := range vecs {
			v := &vecs[k]
			if v.cplx {
				emax[k] = math.Max(emax[k], math.Abs(p[v.slot])+math.Abs(p[v.slot+1]))
			} else {
				emax[k] = math.Max(emax[k], math.Abs(p[v.slot]))
			}
		}
	}
	for k := range vecs {
		emax[k] = 1 / emax[k]
	}
	for i := 0; i < n; i++ {
		p := prod[i*used:][:used]
		row := vr[i*ldvr:]
		for k := range vecs {
			v := &vecs[k]
			row[v.col] = p[v.slot] * emax[k]
			if v.cplx {
				row[v.col+1] = p[v.slot+1] * emax[k]
			}
		}
	}
}

// trevcBackSingle overwrites the column(s) of VR of v with Q·x by Dgemv, Q
// the matrix in VR on entry (the columns top+1: are not used), as LAPACK's
// unblocked back-transform does, and normalizes them.
func trevcBackSingle(v trevcVec, n int, xs []float64, vr []float64, ldvr int) {
	bi := blas64.Implementation()
	x := xs[v.slot*n:][:n]
	if !v.cplx {
		k := v.top
		if k > 0 {
			bi.Dgemv(blas.NoTrans, n, k, 1, vr, ldvr, x, 1, x[k], vr[k:], ldvr)
		}
		ii := bi.Idamax(n, vr[k:], ldvr)
		bi.Dscal(n, 1/math.Abs(vr[ii*ldvr+k]), vr[k:], ldvr)
		return
	}
	y := xs[(v.slot+1)*n:][:n]
	lo, hi := v.lo, v.top
	if lo > 0 {
		bi.Dgemv(blas.NoTrans, n, lo, 1, vr, ldvr, x, 1, x[lo], vr[lo:], ldvr)
		bi.Dgemv(blas.NoTrans, n, lo, 1, vr, ldvr, y, 1, y[hi], vr[hi:], ldvr)
	} else {
		bi.Dscal(n, x[lo], vr[lo:], ldvr)
		bi.Dscal(n, y[hi], vr[hi:], ldvr)
	}
	var emax float64
	for i := 0; i < n; i++ {
		emax = math.Max(emax, math.Abs(vr[i*ldvr+lo])+math.Abs(vr[i*ldvr+hi]))
	}
	bi.Dscal(n, 1/emax, vr[lo:], ldvr)
	bi.Dscal(n, 1/emax, vr[hi:], ldvr)
}

// dot1 returns Σ a[i]·x[i] over i < len(x) (len(a) ≥ len(x)) in a fixed
// order that depends only on len(x): four chains of rounded products and
// sums over the first len(x)&^3 entries (entry i in chain i mod 4), the
// remaining entries into chain 0, then (c0+c1)+(c2+c3). The conversions
// float64(a·x) forbid the compiler to fuse them into FMAs (which it may do
// for some GOAMD64 levels and not others). dot2 computes two such sums in
// the same order, so the value of a product never depends on which routine
// computed it.
func dot1(a, x []float64) float64 {
	return dotFinish(a, x, 0, 0, 0, 0, 0)
}

// dot2 returns dot1(a, x) and dot1(a, y), loading a once for both over
// their common length.
func dot2(a, x, y []float64) (float64, float64) {
	c := min(len(x), len(y)) &^ 3
	var x0, x1, x2, x3, y0, y1, y2, y3 float64
	aa, xx, yy := a[:c], x[:c], y[:c]
	for j := 3; j < len(aa) && j < len(xx) && j < len(yy); j += 4 {
		// One entry of a at a time keeps the live registers (eight
		// chains, one entry, two products) within the sixteen X
		// registers.
		a0 := aa[j-3]
		x0 += float64(a0 * xx[j-3])
		y0 += float64(a0 * yy[j-3])
		a1 := aa[j-2]
		x1 += float64(a1 * xx[j-2])
		y1 += float64(a1 * yy[j-2])
		a2 := aa[j-1]
		x2 += float64(a2 * xx[j-1])
		y2 += float64(a2 * yy[j-1])
		a3 := aa[j]
		x3 += float64(a3 * xx[j])
		y3 += float64(a3 * yy[j])
	}
	return dotFinish(a, x, c, x0, x1, x2, x3), dotFinish(a, y, c, y0, y1, y2, y3)
}

// dotFinish continues dot1's chains s0…s3 from entry j (a multiple of 4).
func dotFinish(a, x []float64, j int, s0, s1, s2, s3 float64) float64 {
	n4 := len(x) &^ 3
	aa, xx := a[:n4], x[:n4]
	for j += 3; j < len(aa) && j < len(xx); j += 4 {
		s0 += float64(aa[j-3] * xx[j-3])
		s1 += float64(aa[j-2] * xx[j-2])
		s2 += float64(aa[j-1] * xx[j-1])
		s3 += float64(aa[j] * xx[j])
	}
	for i := n4; i < len(x); i++ {
		s0 += float64(a[i] * x[i])
	}
	return (s0 + s1) + (s2 + s3)
}
