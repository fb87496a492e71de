package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// Divide and conquer for the symmetric tridiagonal eigenproblem, after
// LAPACK's dstedc/dlaed0–dlaed4 (Cuppen's method with the deflation of
// Dongarra–Sorensen and the eigenvector computation of Gu and Eisenstat).
// Eigenvectors are stored transposed (row i of s.z ↔ eigenvalue d[i]) so
// that the rotations of the deflation step combine contiguous rows and the
// merge is a row-major GEMM  Zᵀ_new = Sᵀ·Zᵀ_old.

const dcLeaf = 32

// subproblems of at most this order are solved by steqr

// stedc computes all eigenpairs of tridiag(s.e, s.d, s.e) (order n) into
// s.d (ascending) and s.z (n×n, row i = eigenvector i). It falls back to
// implicit QL/QR when divide and conquer fails.
func (s *core) stedc(n int) bool {
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

func setIdentity(n int, a []float64, lda int) {
	for i := 0; i < n; i++ {
		row := a[i*lda : i*lda+n]
		clear(row)
		row[i] = 1
	}
}

func (s *core) dcSolve(n int) bool {
	d, e, zt := s.d[:n], s.e, s.z[:n*n]
	clear(zt)
	const eps = dlamchE
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
		scal(1/orgnrm, d[lo:hi])
		scal(1/orgnrm, e[lo:hi-1])
		if !s.dc(lo, hi) {
			return false
		}
		scal(orgnrm, d[lo:hi])
	}
	// Sort eigenvalues across blocks (each block is already ascending).
	for ii := 1; ii < n; ii++ {
		i := ii - 1
		k := i
		p := d[i]
		for j := ii; j < n; j++ {
			if d[j] < p {
				k = j
				p = d[j]
			}
		}
		if k != i {
			d[k] = d[i]
			d[i] = p
			swapRows(zt[i*n:i*n+n], zt[k*n:k*n+n])
		}
	}
	return true
}

// dc solves the unreduced block [lo, hi) recursively.
func (s *core) dc(lo, hi int) bool {
	n := s.n
	if hi-lo <= dcLeaf {
		zt := s.z[lo*n+lo:]
		m := hi - lo
		setIdentity(m, zt, n)
		return steqr(m, s.d[lo:hi], s.e[lo:hi-1], zt, n, m)
	}
	mid := (lo + hi) / 2
	beta := s.e[mid-1]
	s.d[mid-1] -= math.Abs(beta)
	s.d[mid] -= math.Abs(beta)
	if !s.dc(lo, mid) || !s.dc(mid, hi) {
		return false
	}
	return s.merge(lo, mid, hi, beta)
}

// merge computes the eigensystem of diag(T1, T2) + |β|·u·uᵀ from those of T1
// (rows/cols [lo,mid)) and T2 ([mid,hi)), u = (e_last(T1); sign(β)·e_first(T2)).
func (s *core) merge(lo, mid, hi int, beta float64) bool {
	n := s.n
	zt := s.z
	N := hi - lo
	n1 := mid - lo
	d := s.d[lo:hi]
	const eps = dlamchE

	// Merge the two ascending halves into sorted order; gather rows.
	ds := s.mds[:N]
	zs := s.mzs[:N]
	typ := s.mtyp[:N]
	g := s.mg[:N*N]
	i, j := 0, n1
	negate := beta < 0
	for p := 0; p < N; p++ {
		var q int
		if j >= N || (i < n1 && d[i] <= d[j]) {
			q = i
			i++
		} else {
			q = j
			j++
		}
		ds[p] = d[q]
		row := zt[(lo+q)*n+lo : (lo+q)*n+hi]
		copy(g[p*N:(p+1)*N], row)
		if q < n1 {
			zs[p] = row[n1-1] * math.Sqrt2 / 2
			typ[p] = 1
		} else {
			zs[p] = row[n1] * math.Sqrt2 / 2
			if negate {
				zs[p] = -zs[p]
			}
			typ[p] = 3
		}
	}
	rho := 2 * math.Abs(beta)

	var dmax, zmax float64
	for p := 0; p < N; p++ {
		dmax = math.Max(dmax, math.Abs(ds[p]))
		zmax = math.Max(zmax, math.Abs(zs[p]))
	}
	tol := 8 * (2 * eps) * math.Max(dmax, zmax)

	// Deflation.
	dl := s.mdl[:0]   // non-deflated poles (ascending)
	wl := s.mwl[:0]   // their z
	kr := s.mkr[:0]   // their rows in g
	dv := s.mdv[:0]   // deflated values
	dr := s.mdr[:0]   // deflated rows in g
	ktyp := s.mkt[:0] // type of non-deflated rows
	if rho*zmax <= tol {
		for p := 0; p < N; p++ {
			dv = append(dv, ds[p])
			dr = append(dr, p)
		}
	} else {
		pj := -1
		for nj := 0; nj < N; nj++ {
			if rho*math.Abs(zs[nj]) <= tol {
				dv = append(dv, ds[nj])
				dr = append(dr, nj)
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
				rot(g[pj*N:(pj+1)*N], g[nj*N:(nj+1)*N], c, sn)
				tt := ds[pj]*c*c + ds[nj]*sn*sn
				ds[nj] = ds[pj]*sn*sn + ds[nj]*c*c
				ds[pj] = tt
				dv = append(dv, tt)
				dr = append(dr, pj)
				pj = nj
				continue
			}
			dl = append(dl, ds[pj])
			wl = append(wl, zs[pj])
			kr = append(kr, pj)
			ktyp = append(ktyp, typ[pj])
			pj = nj
		}
		if pj >= 0 {
			dl = append(dl, ds[pj])
			wl = append(wl, zs[pj])
			kr = append(kr, pj)
			ktyp = append(ktyp, typ[pj])
		}
	}
	k := len(dl)
	// Sort the deflated values (nearly sorted already): insertion sort.
	for a := 1; a < len(dv); a++ {
		v, r := dv[a], dr[a]
		b := a - 1
		for ; b >= 0 && dv[b] > v; b-- {
			dv[b+1], dr[b+1] = dv[b], dr[b]
		}
		dv[b+1], dr[b+1] = v, r
	}

	lam := s.mlam[:k]
	out := s.mout[:k*N]
	if k == 1 {
		lam[0] = dl[0] + rho*wl[0]*wl[0]
		copy(out, g[kr[0]*N:(kr[0]+1)*N])
	} else if k > 1 {
		// Secular equation: root i, row i of delta = dl − λ_i.
		delta := s.mq[:k*k]
		for i := 0; i < k; i++ {
			lmb, ok := secular(k, i, dl, wl, rho, delta[i*k:(i+1)*k])
			if !ok {
				return false
			}
			lam[i] = lmb
		}
		// Gu–Eisenstat: recompute z from the computed roots.
		zh := s.mzh[:k]
		for jj := 0; jj < k; jj++ {
			zh[jj] = delta[jj*k+jj]
		}
		for i := 0; i < k; i++ {
			row := delta[i*k : (i+1)*k]
			di := dl[i]
			for jj := 0; jj < k; jj++ {
				if jj != i {
					zh[jj] *= row[jj] / (dl[jj] - di)
				}
			}
		}
		for jj := 0; jj < k; jj++ {
			zh[jj] = math.Copysign(math.Sqrt(-zh[jj]), wl[jj])
		}
		// Group rows by type: 1 (top only), 2 (dense), 3 (bottom only).
		var cnt [4]int
		for _, t := range ktyp {
			cnt[t]++
		}
		k1, k2 := cnt[1], cnt[2]
		pos := s.mpos[:k]
		next := [4]int{0, 0, k1, k1 + k2}
		for jj, t := range ktyp {
			pos[jj] = next[t]
			next[t]++
		}
		g2 := s.mg2[:k*N]
		for jj := 0; jj < k; jj++ {
			copy(g2[pos[jj]*N:(pos[jj]+1)*N], g[kr[jj]*N:(kr[jj]+1)*N])
		}
		// Sᵀ (k×k) in grouped column order, overwriting delta row by row.
		tmp := s.tmp1[:k]
		for i := 0; i < k; i++ {
			row := delta[i*k : (i+1)*k]
			for jj := 0; jj < k; jj++ {
				tmp[jj] = zh[jj] / row[jj]
			}
			nrm := nrm2(tmp)
			inv := 1 / nrm
			for jj := 0; jj < k; jj++ {
				row[pos[jj]] = tmp[jj] * inv
			}
		}
		// Zᵀ_new = Sᵀ·G2, exploiting the zero blocks of G2.
		gemm(blas.NoTrans, blas.NoTrans, k, n1, k1+k2, 1, delta, k, g2, N, 0, out, N)
		gemm(blas.NoTrans, blas.NoTrans, k, N-n1, k-k1, 1, delta[k1:], k, g2[k1*N+n1:], N, 0, out[n1:], N)
	}

	// Merge λ (ascending) with the deflated values into d and zt.
	ia, ib := 0, 0
	for p := 0; p < N; p++ {
		dst := zt[(lo+p)*n+lo : (lo+p)*n+hi]
		if ib >= len(dv) || (ia < k && lam[ia] <= dv[ib]) {
			d[p] = lam[ia]
			copy(dst, out[ia*N:(ia+1)*N])
			ia++
		} else {
			d[p] = dv[ib]
			copy(dst, g[dr[ib]*N:(dr[ib]+1)*N])
			ib++
		}
	}
	return true
}

// secular computes the i-th smallest root λ of
//
//	f(λ) = 1 + ρ·Σ_j w_j²/(dl_j − λ) = 0
//
// for strictly increasing poles dl (k ≥ 2), ρ > 0 and nonzero w. It writes
// delta[j] = dl_j − λ, computed relative to the nearer pole so that the
// differences are accurate. It returns false if the iteration fails.
func secular(k, i int, dl, w []float64, rho float64, delta []float64) (float64, bool) {
	const eps = dlamchE
	delta = delta[:k]
	var orig, L, R int
	var lo, hi, tau0 float64
	if i < k-1 {
		L, R = i, i+1
		gap := dl[i+1] - dl[i]
		mid := gap / 2
		c0 := 1.0
		for j := 0; j < k; j++ {
			if j != i && j != i+1 {
				c0 += rho * w[j] * w[j] / ((dl[j] - dl[i]) - mid)
			}
		}
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
		for j := 0; j <= L; j++ {
			t := w[j] / (delta[j] - tau)
			psi += w[j] * t
			dpsi += t * t
		}
		for j := R; j < k; j++ {
			t := w[j] / (delta[j] - tau)
			phi += w[j] * t
			dphi += t * t
		}
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
		} else if math.Abs(next-tau) <= 1e-11*math.Abs(next) {
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
