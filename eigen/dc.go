package eigen

import (
	"math"
	"slices"
)

// Divide and conquer for the symmetric tridiagonal eigenproblem, after
// LAPACK's dstedc/dlaed0–dlaed4 (Cuppen's method with the deflation of
// Dongarra–Sorensen and the eigenvector computation of Gu and Eisenstat).
// Eigenvectors are stored transposed (row i of s.z ↔ eigenvalue d[i]) so
// that the rotations of the deflation step combine contiguous rows and the
// merge is a row-major GEMM  Zᵀ_new = Sᵀ·Zᵀ_old.

const dcLeaf = 24

// subproblems of at most this order are solved by steqr

// stedc computes all eigenpairs of tridiag(s.e, s.d, s.e) (order n) into
// s.d (ascending) and s.z (n×n, row i = eigenvector i). It falls back to
// implicit QL/QR when divide and conquer fails.
func (s *core[F]) stedc(n int) bool {
	d, e, zt := s.d[:n], s.e[:max(n-1, 0)], s.z[:n*n]
	copy(s.dsave[:n], d)
	copy(s.esave, e)
	if s.dcSolve(n) {
		return true
	}
	// Fallback: QL/QR on the whole matrix.
	copy(d, s.dsave[:n])
	copy(e, s.esave[:len(e)])
	setIdentity(n, zt, n)
	return steqr(n, d, e, zt, n, n)
}

func setIdentity[F flt](n int, a []F, lda int) {
	for i := 0; i < n; i++ {
		row := a[i*lda : i*lda+n]
		clear(row)
		row[i] = 1
	}
}

func (s *core[F]) dcSolve(n int) bool {
	d, e, zt := s.d[:n], s.e, s.z[:n*n]
	clear(zt)
	eps := epsOf[F]()
	start := 0
	for start < n {
		end := start
		for ; end < n-1; end++ {
			tiny := eps * math.Sqrt(math.Abs(d[end])) * math.Sqrt(math.Abs(d[end+1]))
			if math.Abs(e[end]) <= tiny {
				e[end] = 0
				break
			}
		}
		lo, hi := start, end+1
		start = hi
		m := hi - lo
		if m == 1 {
			zt[lo*n+lo] = 1
			continue
		}
		var orgnrm float64
		for i := lo; i < hi; i++ {
			orgnrm = math.Max(orgnrm, math.Abs(d[i]))
		}
		for i := lo; i < hi-1; i++ {
			orgnrm = math.Max(orgnrm, math.Abs(e[i]))
		}
		if !(orgnrm < math.Inf(1)) {
			return false
		}
		if orgnrm == 0 {
			for i := lo; i < hi; i++ {
				zt[i*n+i] = 1
			}
			continue
		}
		// Divide rather than multiply by 1/orgnrm, which overflows when
		// orgnrm is subnormal (a block of subnormal entries).
		for i := lo; i < hi; i++ {
			d[i] /= orgnrm
		}
		for i := lo; i < hi-1; i++ {
			e[i] /= orgnrm
		}
		if !s.dcTree(lo, hi) {
			return false
		}
		scal(orgnrm, d[lo:hi])
	}
	// Sort the eigenpairs: argsort, then gather the rows of zt in that
	// order into the spare n×n buffer, which becomes s.z.
	perm := s.mrow[:n]
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int {
		switch {
		case d[a] < d[b]:
			return -1
		case d[a] > d[b]:
			return 1
		}
		return 0
	})
	ds := s.mds[:n]
	for i, p := range perm {
		ds[i] = d[p]
	}
	copy(d, ds)
	// Row i of the result is row perm[i] of zt.
	s.dcT.s, s.dcT.kind = s, dcGather
	s.parFor(n, max(64, par.grainWork/n), &s.dcT)
	s.z, s.mg2 = s.mg2, s.z
	return true
}

// merge computes the eigensystem of diag(T1, T2) + |β|·u·uᵀ from those of T1
// (rows/cols [lo,mid)) and T2 ([mid,hi)), u = (e_last(T1); sign(β)·e_first(T2)).
// Rows of s.z within a block need not be in ascending order of s.d: each
// half is sorted by an index permutation here, and the result is left as
// the k roots of the secular equation (ascending) followed by the deflated
// eigenpairs. Its scratch is the part of the workspace that belongs to
// [lo, hi) (entries lo..hi−1 of the vectors, rows lo..hi−1 of the n×n
// arrays), so merges of disjoint blocks can run at once. With inner set,
// its O(k²) loops and products are split over the kernels' workers
// (dc_par.go); the arithmetic does not depend on the split.
func (s *core[F]) merge(lo, mid, hi int, beta float64, inner bool, mp *mergeStep[F]) bool {
	n := s.n
	zt := s.z
	N := hi - lo
	n1 := mid - lo
	d := s.d
	eps := epsOf[F]()
	off := lo * n // offset of the block's rows in the n×n scratch

	// Sort each half by an index permutation and merge them.
	i1 := s.mkt[lo:mid] // scratch for the two argsorts
	i2 := s.mpos[mid:hi]
	for i := range i1 {
		i1[i] = lo + i
	}
	for i := range i2 {
		i2[i] = mid + i
	}
	byValue := func(a, b int) int {
		switch {
		case d[a] < d[b]:
			return -1
		case d[a] > d[b]:
			return 1
		}
		return a - b
	}
	if !slices.IsSortedFunc(i1, byValue) {
		slices.SortFunc(i1, byValue)
	}
	if !slices.IsSortedFunc(i2, byValue) {
		slices.SortFunc(i2, byValue)
	}
	ds := s.mds[lo:hi]
	zs := s.mzs[lo:hi]
	typ := s.mtyp[lo:hi]
	rows := s.mrow[lo:hi] // global row of sorted position p
	negate := beta < 0
	a, b := 0, 0
	for p := 0; p < N; p++ {
		var r int
		if b >= len(i2) || (a < len(i1) && d[i1[a]] <= d[i2[b]]) {
			r = i1[a]
			a++
			zs[p] = float64(zt[r*n+mid-1]) * math.Sqrt2 / 2
			typ[p] = 1
		} else {
			r = i2[b]
			b++
			zs[p] = float64(zt[r*n+mid]) * math.Sqrt2 / 2
			if negate {
				zs[p] = -zs[p]
			}
			typ[p] = 3
		}
		rows[p] = r
		ds[p] = d[r]
	}
	rho := 2 * math.Abs(beta)
	rowOf := func(r int) []F { return zt[r*n+lo : r*n+hi] }

	var dmax, zmax float64
	for p := 0; p < N; p++ {
		dmax = math.Max(dmax, math.Abs(ds[p]))
		zmax = math.Max(zmax, math.Abs(zs[p]))
	}
	tol := 8 * (2 * eps) * math.Max(dmax, zmax)

	// Deflation.
	dl := s.mdl[lo:lo:hi]   // non-deflated poles (ascending)
	wl := s.mwl[lo:lo:hi]   // their z
	kr := s.mkr[lo:lo:hi]   // their rows in zt
	ktyp := s.mkt[lo:lo:hi] // their types
	dv := s.mdv[lo:lo:hi]   // deflated values
	dr := s.mdr[lo:lo:hi]   // deflated rows in zt
	if rho*zmax <= tol {
		for p := 0; p < N; p++ {
			dv = append(dv, ds[p])
			dr = append(dr, rows[p])
		}
	} else {
		pj := -1
		for nj := 0; nj < N; nj++ {
			if rho*math.Abs(zs[nj]) <= tol {
				dv = append(dv, ds[nj])
				dr = append(dr, rows[nj])
				continue
			}
			if pj < 0 {
				pj = nj
				continue
			}
			sn := zs[pj]
			c := zs[nj]
			tau := math.Hypot(c, sn)
			t := ds[nj] - ds[pj]
			c /= tau
			sn = -sn / tau
			if math.Abs(t*c*sn) <= tol {
				zs[nj] = tau
				zs[pj] = 0
				if typ[pj] != typ[nj] {
					typ[nj] = 2
				}
				rot(rowOf(rows[pj]), rowOf(rows[nj]), c, sn)
				tt := ds[pj]*c*c + ds[nj]*sn*sn
				ds[nj] = ds[pj]*sn*sn + ds[nj]*c*c
				ds[pj] = tt
				dv = append(dv, tt)
				dr = append(dr, rows[pj])
				pj = nj
				continue
			}
			dl = append(dl, ds[pj])
			wl = append(wl, zs[pj])
			kr = append(kr, rows[pj])
			ktyp = append(ktyp, typ[pj])
			pj = nj
		}
		if pj >= 0 {
			dl = append(dl, ds[pj])
			wl = append(wl, zs[pj])
			kr = append(kr, rows[pj])
			ktyp = append(ktyp, typ[pj])
		}
	}
	k := len(dl)
	if k == 0 {
		// Everything deflated: the rows stay where they are.
		for i, r := range dr {
			d[r] = dv[i]
		}
		return true
	}

	*mp = mergeStep[F]{
		s: s, lo: lo, N: N, k: k, nd: len(dr), rho: rho, eps: eps,
		dl: dl, wl: wl, kr: kr, dr: dr,
		lam:   s.mlam[lo : lo+k],
		delta: s.mq[off : off+k*k],
		zh:    s.mzh[lo : lo+k],
		pos:   s.mpos[lo : lo+k],
		g2:    s.mg2[off : off+k*N],
		st:    s.mst[off : off+k*k],
		dbuf:  s.mg[off : off+len(dr)*N],
	}
	if k == 1 {
		mp.lam[0] = dl[0] + rho*wl[0]*wl[0]
		copy(mp.g2[:N], rowOf(kr[0]))
	} else {
		// Secular equation: root i, row i of delta = dl − λ_i.
		if !mp.run(mergeSecular, k, inner) {
			return false
		}
		// Gu–Eisenstat: recompute z from the computed roots.
		mp.run(mergeZhat, k, inner)
		// Group rows by type: 1 (top only), 2 (dense), 3 (bottom only).
		var cnt [4]int
		for _, t := range ktyp {
			cnt[t]++
		}
		mp.k1, mp.k2 = cnt[1], cnt[2]
		next := [4]int{0, 0, mp.k1, mp.k1 + mp.k2}
		for jj, t := range ktyp {
			mp.pos[jj] = next[t]
			next[t]++
		}
		// The rows in grouped order, and Sᵀ (k×k) in grouped column
		// order.
		mp.run(mergeGather, k, inner)
		mp.run(mergeSt, k, inner)
	}
	// Save the deflated rows, then write the new rows lo..lo+k−1.
	mp.run(mergeSave, mp.nd, inner)
	if k == 1 {
		copy(rowOf(lo), mp.g2[:N])
	} else {
		mp.product(n1, inner)
	}
	copy(d[lo:lo+k], mp.lam)
	mp.run(mergeRestore, mp.nd, inner)
	for i := 0; i < mp.nd; i++ {
		d[lo+k+i] = dv[i]
	}
	*mp = mergeStep[F]{} // drop the references
	return true
}

// secular computes the i-th smallest root λ of
//
//	f(λ) = 1 + ρ·Σ_j w_j²/(dl_j − λ) = 0
//
// for strictly increasing poles dl (k ≥ 2), ρ > 0 and nonzero w. It writes
// delta[j] = dl_j − λ, computed relative to the nearer pole so that the
// differences are accurate. eps is the unit roundoff of the working
// precision (the convergence tolerance). It returns false if the iteration
// fails.
func secular(k, i int, dl, w []float64, rho float64, delta []float64, eps float64) (float64, bool) {
	delta = delta[:k]
	var orig, L, R int
	var lo, hi, tau0 float64
	if i < k-1 {
		L, R = i, i+1
		gap := dl[i+1] - dl[i]
		mid := gap / 2
		di := dl[i]
		for j := 0; j < k; j++ {
			delta[j] = dl[j] - di
		}
		c1, _ := secSum(w[:i], delta[:i], mid)
		c2, _ := secSum(w[i+2:k], delta[i+2:k], mid)
		c0 := 1 + rho*(c1+c2)
		sL, sR := rho*w[i]*w[i], rho*w[i+1]*w[i+1]
		f := c0 - sL/mid + sR/(gap-mid)
		if f >= 0 {
			orig, lo, hi = i, 0, mid
		} else {
			orig, lo, hi = i+1, mid-gap, 0
		}
		// Initial guess: root of c0 + sL/(δ_L−τ) + sR/(δ_R−τ) (the two
		// nearest poles exact, the others frozen at the midpoint).
		a, b := dl[i]-dl[orig], dl[i+1]-dl[orig]
		tau0 = (lo + hi) / 2
		if t, ok := quadStep(c0, a, b, sL, sR, lo, hi, 0); ok {
			tau0 = t
		}
	} else {
		L, R = k-2, k-1
		var ww float64
		for j := 0; j < k; j++ {
			ww += w[j] * w[j]
		}
		orig, lo, hi = k-1, 0, rho*ww
		tau0 = hi / 2
	}
	do := dl[orig]
	for j := 0; j < k; j++ {
		delta[j] = dl[j] - do
	}
	dL, dR := delta[L], delta[R]
	tau := tau0
	converged := false
	for it := 0; it < 200; it++ {
		var psi, dpsi, phi, dphi float64
		psi, dpsi = secSum(w[:L+1], delta[:L+1], tau)
		phi, dphi = secSum(w[R:k], delta[R:k], tau)
		psi *= rho
		dpsi *= rho
		phi *= rho
		dphi *= rho
		f := 1 + psi + phi
		erretm := 8*(1+math.Abs(psi)+math.Abs(phi)) + math.Abs(tau)*(dpsi+dphi)
		if math.Abs(f) <= eps*erretm {
			converged = true
			break
		}
		if f < 0 {
			lo = tau
		} else {
			hi = tau
		}
		// Two-pole rational model g(η) = c + s/(a−η) + S/(b−η) matching f
		// and f' at τ (the "middle way" of R.-C. Li).
		a := dL - tau
		b := dR - tau
		sA := a * a * dpsi
		sB := b * b * dphi
		c := f - a*dpsi - b*dphi
		next, ok := quadStep(c, a, b, sA, sB, lo, hi, tau)
		if !ok {
			next = lo + (hi-lo)/2
		} else if math.Abs(next-tau) <= 1e-3*math.Sqrt(eps)*math.Abs(next) {
			// A model step this small relative to τ: the iteration
			// converges quadratically, so the error of next is far below
			// ε·|τ| and another evaluation of f would not change it.
			tau = next
			converged = true
			break
		}
		if next == tau || hi-lo <= 2*eps*math.Max(math.Abs(lo), math.Abs(hi)) {
			tau = next
			converged = true
			break
		}
		tau = next
	}
	if !converged {
		return 0, false
	}
	for j := 0; j < k; j++ {
		delta[j] -= tau
		if delta[j] == 0 {
			return 0, false
		}
	}
	return do + tau, true
}

// quadStep returns the zero τ+η in (lo, hi) of the model
// c + s/(a−η) + S/(b−η), where a and b are the poles relative to τ; ok is
// false if no zero of the model lies strictly inside the bracket.
func quadStep(c, a, b, s, S, lo, hi, tau float64) (float64, bool) {
	A2 := c
	B2 := c*(a+b) + s + S
	C2 := c*a*b + s*b + S*a
	next := math.NaN()
	try := func(eta float64) {
		t := tau + eta
		if t > lo && t < hi && !(math.Abs(eta) > math.Abs(next-tau)) {
			next = t
		}
	}
	if A2 == 0 {
		if B2 != 0 {
			try(C2 / B2)
		}
	} else {
		disc := B2*B2 - 4*A2*C2
		if disc < 0 {
			disc = 0
		}
		sq := math.Sqrt(disc)
		q := B2 + math.Copysign(sq, B2)
		try(q / (2 * A2))
		if q != 0 {
			try(2 * C2 / q)
		}
	}
	return next, !math.IsNaN(next)
}

// secSum returns Σ w_j²/(δ_j − τ) and Σ w_j²/(δ_j − τ)². Two reciprocals
// share one division (1/a = b/(ab), 1/b = a/(ab)); the differences δ_j − τ
// of a scaled merge lie between about ε² and 2 in magnitude, so ab neither
// overflows nor underflows.
func secSum(w, delta []float64, tau float64) (s, ds float64) {
	delta = delta[:len(w)]
	var s1, ds1 float64
	j := 0
	for ; j+2 <= len(w); j += 2 {
		a := delta[j] - tau
		b := delta[j+1] - tau
		r := 1 / (a * b)
		t0 := w[j] * (b * r)
		t1 := w[j+1] * (a * r)
		s += w[j] * t0
		ds += t0 * t0
		s1 += w[j+1] * t1
		ds1 += t1 * t1
	}
	if j < len(w) {
		t := w[j] / (delta[j] - tau)
		s += w[j] * t
		ds += t * t
	}
	return s + s1, ds + ds1
}
