package eigen

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
)

// Warm start: Rayleigh–Ritz on the previous eigenvectors followed by cyclic
// Jacobi on the nearly diagonal projected matrix.

type warmResult int

const (
	warmOK warmResult = iota
	warmCold
	warmFailed
)

const (
	// warmActiveTol: a column of VᵀAV with off-diagonal norm above
	// warmActiveTol·‖A‖_F counts as active.
	warmActiveTol = 1e-6
	// At most n/warmMaxActiveFrac active columns are accepted.
	warmMaxActiveFrac = 8
	// At most n²/warmRotFrac rotations in the first sweep (and three times
	// that in total) are accepted; beyond that the cold solve is cheaper.
	warmRotFrac = 32
	// warmMaxSweeps bounds the Jacobi sweeps before falling back.
	warmMaxSweeps = 8
	// warmSample columns are tested before the full product A·V.
	warmSample = 16
	// warmBS is the row-block size of the lower-triangular product VᵀAV.
	warmBS = 32
)

// loadWarm copies v into s.z (stride n). It returns false when v
// holds a non-finite entry.
func (s *core[F]) loadWarm(v []F, ldv, n int) bool {
	dst := s.z
	for i := 0; i < n; i++ {
		row := v[i*ldv : i*ldv+n]
		for _, x := range row {
			if !(math.Abs(float64(x)) < math.Inf(1)) {
				return false
			}
		}
		copy(dst[i*n:i*n+n], row)
	}
	return true
}

// warm computes the eigensystem of A (lower triangle in s.a, max-abs norm
// anrm) from the approximate eigenvectors in s.z.
func (s *core[F]) warm(n int, anrm float64) warmResult {
	sigma := scaleFactor[F](anrm)
	u := epsOf[F]()
	nn := n * n
	af, t1, b, wt := s.mg[:nn], s.mg2[:nn], s.mout[:nn], s.mst[:nn]
	vw := s.z[:nn]
	// Full symmetric (scaled) copy of A.
	var anrmF float64
	for i := 0; i < n; i++ {
		row := s.a[i*n : i*n+i+1]
		for j, x := range row {
			xs := float64(x) * sigma
			af[i*n+j] = F(xs)
			af[j*n+i] = F(xs)
			if i != j {
				anrmF += 2 * xs * xs
			} else {
				anrmF += xs * xs
			}
		}
	}
	anrmF = math.Sqrt(anrmF)
	if anrmF == 0 {
		return warmCold
	}
	// Orthogonality probe: ‖Vᵀ(V·x) − x‖ for two fixed ±1 vectors.
	y, zz := s.tmp1[:n], s.tmp2[:n]
	fv := s.ftmp[:n]
	for probe := 0; probe < 2; probe++ {
		clear(y)
		for i := 0; i < n; i++ {
			row := vw[i*n : i*n+n]
			var sum float64
			for j, x := range row {
				sum += float64(x) * probeSign(j, probe)
			}
			y[i] = F(sum)
		}
		clear(fv)
		for i := 0; i < n; i++ {
			yi := float64(y[i])
			for j, x := range vw[i*n : i*n+n] {
				fv[j] += yi * float64(x)
			}
		}
		_ = zz
		var err float64
		for j := 0; j < n; j++ {
			t := fv[j] - probeSign(j, probe)
			err += t * t
		}
		err = math.Sqrt(err / float64(n))
		if !(err <= 8*float64(n)*u) {
			return warmCold
		}
	}
	// Cheap pre-check on a sample of columns: if many are active, the
	// cold solve is cheaper and only n²·warmSample flops are wasted.
	if ns := min(n, warmSample); n > 2*warmSample {
		vs, ts := t1[:n*ns], t1[n*ns:2*n*ns]
		for i := 0; i < n; i++ {
			for t := 0; t < ns; t++ {
				vs[i*ns+t] = vw[i*n+t*n/ns]
			}
		}
		gemm(blas.NoTrans, blas.NoTrans, n, ns, n, 1, af, n, vs, ns, 0, ts, ns)
		act := 0
		for t := 0; t < ns; t++ {
			var sq, dg float64
			for i := 0; i < n; i++ {
				x := float64(ts[i*ns+t])
				sq += x * x
				dg += float64(vs[i*ns+t]) * x
			}
			if math.Sqrt(math.Max(0, sq-dg*dg)) > warmActiveTol*anrmF {
				act++
			}
		}
		if act > ns/warmMaxActiveFrac {
			return warmCold
		}
	}
	// T1 = A·V; estimate the off-diagonal mass of B = Vᵀ·T1 from
	// ‖T1 e_j‖² = Σ_i b_ij² (V orthonormal).
	gemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, af, n, vw, n, 0, t1, n)
	colsq, diag := s.ftmp[:n], s.mds[:n]
	clear(colsq)
	clear(diag)
	for i := 0; i < n; i++ {
		tr := t1[i*n : i*n+n]
		vr := vw[i*n : i*n+n]
		for j, x := range tr {
			xf := float64(x)
			colsq[j] += xf * xf
			diag[j] += float64(vr[j]) * xf
		}
	}
	// Each column whose off-diagonal mass is resolvable (the estimate
	// ‖T1 e_j‖² − b_jj² is accurate to about √ε·‖A‖) needs Jacobi rotations;
	// a sweep costs O(n) per rotation, so Jacobi pays only when few
	// columns are active.
	active := 0
	lim := warmActiveTol * anrmF
	for j := 0; j < n; j++ {
		if math.Sqrt(math.Max(0, colsq[j]-diag[j]*diag[j])) > lim {
			active++
		}
	}
	if active > max(n/warmMaxActiveFrac, 4) {
		return warmCold
	}
	// B = Vᵀ·T1: lower triangle by row blocks, then mirrored.
	for i0 := 0; i0 < n; i0 += warmBS {
		i1 := min(n, i0+warmBS)
		gemm(blas.Trans, blas.NoTrans, i1-i0, i1, n, 1, vw[i0:], n, t1, n, 0, b[i0*n:], n)
	}
	var bmax float64
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			b[j*n+i] = b[i*n+j]
		}
		bmax = math.Max(bmax, math.Abs(float64(b[i*n+i])))
	}
	if !(bmax < math.Inf(1)) {
		return warmFailed
	}
	// Off-diagonal entries up to thr leave ‖AV − VΛ‖₁ ≲ 8·n·ulp·‖A‖₁ (ratio ≈ 8,
	// bound 60) and are at the level of the rounding errors of VᵀAV.
	thr := 8 * u * bmax
	// Count the rotations of the first sweep; fall back if too many.
	cnt := 0
	for i := 1; i < n; i++ {
		for _, x := range b[i*n : i*n+i] {
			if math.Abs(float64(x)) > thr {
				cnt++
			}
		}
	}
	maxRot := max(n*n/warmRotFrac, 64)
	if cnt > maxRot {
		return warmCold
	}
	setIdentity(n, wt, n)
	touched := s.mtyp[:n]
	clear(touched)
	if !jacobi(n, b, wt, thr, warmMaxSweeps, 3*maxRot, touched) {
		return warmCold
	}
	// Sort the eigenvalues: perm[j] = original index of the j-th smallest.
	d := s.d[:n]
	perm := s.mrow[:n]
	for i := 0; i < n; i++ {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(x, y int) int {
		return cmp.Compare(b[x*n+x], b[y*n+y])
	})
	for j, c := range perm {
		d[j] = float64(b[c*n+c])
	}
	// V ← V·W, W = I outside the touched index set T: only the columns in
	// T change, V[:,T] ← V[:,T]·W[T,T].
	tidx := s.mkr[:0]
	pos := s.mpos[:n]
	for c := 0; c < n; c++ {
		pos[c] = -1
		if touched[c] != 0 {
			pos[c] = len(tidx)
			tidx = append(tidx, c)
		}
	}
	mt := len(tidx)
	v := s.v[:nn]
	if mt > n/2 {
		wtp := af // free: A is no longer needed
		for j, c := range perm {
			copy(wtp[j*n:j*n+n], wt[c*n:c*n+n])
		}
		gemm(blas.NoTrans, blas.Trans, n, n, n, 1, vw, n, wtp, n, 0, v, n)
	} else {
		vt, x, wtt := af[:n*mt], t1[:n*mt], b[:mt*mt]
		for i := 0; i < n; i++ {
			row := vw[i*n : i*n+n]
			dst := vt[i*mt : i*mt+mt]
			for t, c := range tidx {
				dst[t] = row[c]
			}
		}
		for t, c := range tidx {
			row := wt[c*n : c*n+n]
			dst := wtt[t*mt : t*mt+mt]
			for u, c2 := range tidx {
				dst[u] = row[c2]
			}
		}
		if mt > 0 {
			gemm(blas.NoTrans, blas.Trans, n, mt, mt, 1, vt, mt, wtt, mt, 0, x, mt)
		}
		for i := 0; i < n; i++ {
			src := vw[i*n : i*n+n]
			xr := x[i*mt : i*mt+mt]
			dst := v[i*n : i*n+n]
			for j, c := range perm {
				if p := pos[c]; p >= 0 {
					dst[j] = xr[p]
				} else {
					dst[j] = src[c]
				}
			}
		}
	}
	if sigma != 1 {
		scal(1/sigma, d)
	}
	for _, x := range d {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return warmFailed
		}
	}
	return warmOK
}

// probeSign returns a fixed pseudo-random ±1 for index j of probe p.
func probeSign(j, p int) float64 {
	h := uint64(j)*0x9E3779B97F4A7C15 + uint64(p+1)*0xBF58476D1CE4E5B9
	h ^= h >> 31
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	if h&1 == 0 {
		return 1
	}
	return -1
}

// jacobi diagonalises the symmetric n×n matrix b (full storage) by cyclic
// Jacobi rotations with threshold thr, accumulating Wᵀ in wt (row j =
// column j of W). It returns true when a sweep finds every off-diagonal
// entry at most thr, false after maxSweeps sweeps or maxRot rotations.
// touched[i] is set to 1 for every index i that a rotation involved.
func jacobi[F flt](n int, b []F, wt []F, thr float64, maxSweeps, maxRot int, touched []int) bool {
	nrot := 0
	for sweep := 0; sweep < maxSweeps; sweep++ {
		rotated := false
		for p := 0; p < n-1; p++ {
			for q := p + 1; q < n; q++ {
				bpq := float64(b[p*n+q])
				if math.Abs(bpq) <= thr {
					continue
				}
				rotated = true
				touched[p], touched[q] = 1, 1
				nrot++
				if nrot > maxRot {
					return false
				}
				bpp, bqq := float64(b[p*n+p]), float64(b[q*n+q])
				theta := (bqq - bpp) / (2 * bpq)
				var t float64
				if math.Abs(theta) > 1e150 {
					t = 0.5 / theta
				} else {
					t = 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
					if theta < 0 {
						t = -t
					}
				}
				c := 1 / math.Sqrt(t*t+1)
				sn := t * c
				rp, rq := b[p*n:p*n+n], b[q*n:q*n+n]
				rot(rp, rq, c, -sn)
				rp[p] = F(bpp - t*bpq)
				rq[q] = F(bqq + t*bpq)
				rp[q] = 0
				rq[p] = 0
				for r := 0; r < n; r++ {
					b[r*n+p] = rp[r]
					b[r*n+q] = rq[r]
				}
				rot(wt[p*n:p*n+n], wt[q*n:q*n+n], c, -sn)
			}
		}
		if !rotated {
			return true
		}
	}
	return false
}
