package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// Householder tridiagonalisation of a row-major lower-stored symmetric
// matrix, and the back-transformation of eigenvectors.
//
// Row-major lower storage is column-major upper storage of the same matrix,
// so the reduction follows LAPACK's dsytrd/dlatrd with uplo = 'U': it starts
// at the last row and each reflector is built from a contiguous row. Row r
// (1 ≤ r < n) of the reduced array holds the reflector
//
//	H_r = I − τ_{r−1}·v·vᵀ,  v = (a[r][0], …, a[r][r−2], 1, 0, …, 0)ᵀ,
//
// and A = Q·T·Qᵀ with Q = H_{n−1}·H_{n−2}···H_1, T = tridiag(e, d, e).

const (
	trdNB  = 32 // panel width of the blocked reduction
	trdNX  = 64 // order below which the reduction is unblocked
	trdBS  = 96 // row-block size of the blocked rank-2k update
	ormNB  = 32 // reflectors per compact-WY block in the back-transformation
	ormMin = 64 // below this order the back-transformation is unblocked
)

// larfg generates an elementary reflector H = I − τ·[1;v]·[1;v]ᵀ with
// H·[alpha; x] = [beta; 0]. x is overwritten by v. Scalars are computed in
// float64.
func larfg[F flt](alpha F, x []F) (beta, tau F) {
	if len(x) == 0 {
		return alpha, 0
	}
	xnorm := nrm2(x)
	if xnorm == 0 {
		return alpha, 0
	}
	al := float64(alpha)
	b := -math.Copysign(math.Hypot(al, xnorm), al)
	sfmin := safminOf[F]() / epsOf[F]()
	knt := 0
	if math.Abs(b) < sfmin {
		rsafmn := 1 / sfmin
		for {
			knt++
			scal(F(rsafmn), x)
			b *= rsafmn
			al *= rsafmn
			if math.Abs(b) >= sfmin || knt >= 20 {
				break
			}
		}
		xnorm = nrm2(x)
		b = -math.Copysign(math.Hypot(al, xnorm), al)
	}
	t := (b - al) / b
	scal(F(1/(al-b)), x)
	for ; knt > 0; knt-- {
		b *= sfmin
	}
	return F(b), F(t)
}

// sytrd reduces the n×n symmetric matrix in s.a (lower triangle, stride n)
// to tridiagonal form T = tridiag(s.e, s.d, s.e), leaving the reflectors in
// s.a and their scalars in s.tau. From order par.teamMin on, the steps run
// on a team of threads (trd_par.go).
func (s *core[F]) sytrd(n int) {
	if n >= par.teamMin && !s.serial {
		s.team.start()
		defer s.team.stop()
	}
	t := &s.step
	t.s = s
	k := n
	for k-trdNB >= trdNX {
		nb := trdNB
		s.latrd(k, nb)
		m := k - nb
		// A[0:m,0:m] −= V·Wᵀ + W·Vᵀ with Vᵀ = rows k−nb..k−1 of a
		// (row k−1−t holds v_t) and Wᵀ in s.wt. Pack P = [V W] and
		// Q = [W V] (m × 2nb) so that the update is C −= P·Qᵀ, computed
		// by row blocks of the lower triangle (and the diagonal blocks).
		nb2 := 2 * nb
		t.k, t.m, t.nb = k, m, nb
		t.p, t.q = s.pk[:m*nb2], s.qk[:m*nb2]
		t.kind = trdPack
		s.runElem(t, symvChunks(m))
		bs := trdBS
		if m*nb2*bs > par.syr2kMACs {
			bs = max(8, par.syr2kMACs/(m*nb2)/8*8)
		}
		t.bs = bs
		t.kind, t.nc = trdSyr2k, (m+bs-1)/bs
		s.team.run(t, t.nc)
		t.p, t.q = nil, nil
		k = m
	}
	t.row, t.v, t.w, t.cv, t.cw = nil, nil, nil, nil, nil
	s.sytd2(k)
}

// sytd2 reduces the leading k×k block of s.a without blocking (LAPACK dsytd2
// with uplo = 'U'): each reflector is applied at once by a rank-2 update.
func (s *core[F]) sytd2(k int) {
	n := s.n
	a, lda := s.a, n
	w := s.tmp2[:k]
	for r := k - 1; r >= 1; r-- {
		row := a[r*lda : r*lda+r+1]
		s.d[r] = float64(row[r])
		beta, tau := larfg(row[r-1], row[:r-1])
		s.e[r-1] = float64(beta)
		s.tau[r-1] = tau
		row[r-1] = 1
		if tau == 0 {
			continue
		}
		v := row[:r]
		wr := w[:r]
		symvLower(r, a, lda, v, wr)
		scal(tau, wr)
		axpy(-tau/2*dot(wr, v), v, wr)
		// A[0:r,0:r] −= v·wᵀ + w·vᵀ (lower triangle).
		for i := 0; i < r; i++ {
			row := a[i*lda : i*lda+i+1]
			if i+1 >= vecMin {
				axpy(-v[i], wr[:i+1], row)
				axpy(-wr[i], v[:i+1], row)
				continue
			}
			axpy2(-v[i], wr[:i+1], -wr[i], v[:i+1], row)
		}
	}
	s.d[0] = float64(a[0])
}

// latrd reduces the last nb rows of the leading k×k block of s.a
// (rows k−1 down to k−nb) and, when nb < k, leaves in s.wt (row t ↔ reflector
// of row k−1−t, stride n) the matrix W of the update A ← A − V·Wᵀ − W·Vᵀ that
// the caller applies to the leading (k−nb)×(k−nb) block. With nb = k it
// finishes the reduction (no update remains). The O(r²) and O(r·j) parts of
// each column are the parallel steps of trd_par.go.
func (s *core[F]) latrd(k, nb int) {
	n := s.n
	a, lda := s.a, n
	wt := s.wt
	c1, c2 := s.tmp1, s.tmp2
	t := &s.step
	t.s, t.k = s, k
	for j := 0; j < nb; j++ {
		r := k - 1 - j
		row := a[r*lda : r*lda+r+1]
		nc, ne := symvChunks(r), elemChunks(r)
		t.j, t.r, t.row = j, r, row
		// Apply the previous reflectors of this panel to row r (column r of
		// the upper triangle): row[0..r] −= Σ_t v_t·w_t[r] + w_t·v_t[r].
		// Reflector t lives in row k−1−t of a, so rows k−j..k−1 hold
		// t = j−1..0.
		if j > 0 {
			cv, cw := c1[:j], c2[:j]
			for q := 0; q < j; q++ {
				cv[j-1-q] = -wt[q*n+r]
				cw[q] = -a[(k-1-q)*lda+r]
			}
			t.cv, t.cw = cv, cw
			t.kind = trdRow
			s.runElem(t, ne)
		}
		s.d[r] = float64(row[r])
		if r == 0 {
			break
		}
		beta, tau := larfg(row[r-1], row[:r-1])
		s.e[r-1] = float64(beta)
		s.tau[r-1] = tau
		row[r-1] = 1
		v := row[:r]
		w := wt[j*n : j*n+r]
		if tau == 0 {
			clear(w)
			continue
		}
		// w = A·v (partial per row chunk) and the partial Wᵀv, Vᵀv.
		t.v, t.w, t.tau = v, w, tau
		t.setSymvBounds(r, nc)
		t.kind, t.nc, t.ns = trdSymv, nc, nc
		s.team.run(t, nc)
		if j > 0 {
			// Pair coefficients with rows: V row k−j+q (reflector j−1−q)
			// takes −w_{j−1−q}ᵀv, W row j−1−q takes −v_{j−1−q}ᵀv.
			cv, cw := c1[:j], c2[:j]
			for q := 0; q < j; q++ {
				cv[q], cw[j-1-q] = -s.sdot[j-1-q], -s.sdot[trdNB+q]
			}
			t.cv, t.cw = cv, cw
		}
		// w ← τ·(Σ partial w − V·(Wᵀv) − W·(Vᵀv)).
		t.kind = trdSumW
		s.runElem(t, ne)
		alpha := -tau / 2 * dot(w, v)
		axpy(alpha, v, w)
	}
}

// ormtr overwrites the n×n row-major matrix c (stride ldc) with Q·C, where
// Q = H_{n−1}···H_1 is the orthogonal matrix of sytrd.
func (s *core[F]) ormtr(n int, c []F, ldc int) {
	a, lda := s.a, n
	if n < ormMin {
		// Unblocked: C ← H_r·C for r = 1, …, n−1.
		y := s.tmp1[:n]
		for r := 1; r < n; r++ {
			tau := s.tau[r-1]
			if tau == 0 {
				continue
			}
			v := a[r*lda : r*lda+r]
			v[r-1] = 1
			// y = Cᵀ[0:r,:]·v, C[0:r,:] −= τ·v·yᵀ.
			clear(y)
			for i := 0; i < r; i++ {
				axpy(v[i], c[i*ldc:i*ldc+n], y)
			}
			for i := 0; i < r; i++ {
				axpy(-tau*v[i], y, c[i*ldc:i*ldc+n])
			}
		}
		return
	}
	for r0 := 1; r0 < n; r0 += ormNB {
		r1 := min(n, r0+ormNB)
		nb := r1 - r0
		L := r1 - 1
		// Yᵀ (nb × L): row t = v of reflector r0+t, zero-padded.
		yt := s.yt[:nb*L]
		tm := s.tm[:nb*nb]
		for t := 0; t < nb; t++ {
			r := r0 + t
			yr := yt[t*L : (t+1)*L]
			copy(yr, a[r*lda:r*lda+r-1])
			yr[r-1] = 1
			clear(yr[r:])
		}
		// T (upper, forward columnwise dlarft) so that
		// H_{r0}···H_{r1−1} = I − Y·T·Yᵀ.
		clear(tm)
		for i := 0; i < nb; i++ {
			taui := s.tau[r0+i-1]
			tm[i*nb+i] = taui
			if i == 0 {
				continue
			}
			yi := yt[i*L : i*L+r0+i]
			tmp := s.tmp1[:i]
			for j := 0; j < i; j++ {
				tmp[j] = -taui * dot(yt[j*L:j*L+r0+j], yi)
			}
			// T[0:i, i] = T[0:i,0:i]·tmp (upper triangular).
			for j := 0; j < i; j++ {
				var sum F
				for l := j; l < i; l++ {
					sum += tm[j*nb+l] * tmp[l]
				}
				tm[j*nb+i] = sum
			}
		}
		// C[0:L,:] ← (I − Y·Tᵀ·Yᵀ)·C[0:L,:].
		x1 := s.x1[:nb*n]
		x2 := s.x2[:nb*n]
		gemm(blas.NoTrans, blas.NoTrans, nb, n, L, 1, yt, L, c, ldc, 0, x1, n)
		gemm(blas.Trans, blas.NoTrans, nb, n, nb, 1, tm, nb, x1, n, 0, x2, n)
		gemm(blas.Trans, blas.NoTrans, L, n, nb, -1, yt, L, x2, n, 1, c, ldc)
	}
}
