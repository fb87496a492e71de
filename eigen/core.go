package eigen

import (
	"math"
)

// core is the float64 solver behind Sym[T]. All matrices are row-major with
// stride n.
type core struct {
	n   int // order the workspace is sized for
	cap int

	a    []float64 // working copy of A, then the Householder reflectors
	d, e []float64 // tridiagonal; d = eigenvalues on exit
	tau  []float64
	z    []float64 // Zᵀ: row i = eigenvector i of the tridiagonal matrix
	v    []float64 // eigenvectors of A, column j ↔ d[j]

	dsave, esave []float64
	tmp1, tmp2   []float64

	// sytrd / ormtr
	wt, pk, qk []float64
	yt, tm     []float64
	x1, x2     []float64

	// divide and conquer merge
	mds, mzs, mdl, mwl, mdv, mlam, mzh []float64
	mtyp, mkr, mdr, mkt, mpos, mrow    []int
	mg, mg2, mout, mq                  []float64

	// warmUsed reports whether the last FactorizeWarm took the Jacobi path.
	warmUsed bool
}

func (s *core) ensure(n int) {
	s.n = n
	if n <= s.cap && s.a != nil {
		return
	}
	s.cap = n
	nn := n * n
	s.a = make([]float64, nn)
	s.d = make([]float64, n)
	s.e = make([]float64, max(n, 1))
	s.tau = make([]float64, max(n, 1))
	s.z = make([]float64, nn)
	s.v = make([]float64, nn)
	s.dsave = make([]float64, n)
	s.esave = make([]float64, max(n, 1))
	s.tmp1 = make([]float64, max(n, 2*trdNX))
	s.tmp2 = make([]float64, max(n, 2*trdNX))
	s.wt = make([]float64, (trdNB+trdNX)*n)
	s.pk = make([]float64, 2*trdNB*n)
	s.qk = make([]float64, 2*trdNB*n)
	s.yt = make([]float64, ormNB*n)
	s.tm = make([]float64, ormNB*ormNB)
	s.x1 = make([]float64, ormNB*n)
	s.x2 = make([]float64, ormNB*n)
	s.mds = make([]float64, n)
	s.mzs = make([]float64, n)
	s.mdl = make([]float64, n)
	s.mwl = make([]float64, n)
	s.mdv = make([]float64, n)
	s.mlam = make([]float64, n)
	s.mzh = make([]float64, n)
	s.mtyp = make([]int, n)
	s.mkr = make([]int, n)
	s.mdr = make([]int, n)
	s.mkt = make([]int, n)
	s.mpos = make([]int, n)
	s.mrow = make([]int, n)
	s.mg = make([]float64, nn)
	s.mg2 = make([]float64, nn)
	s.mout = make([]float64, nn)
	s.mq = make([]float64, nn)
}

// scaleFactor returns the factor σ that brings a matrix with max-abs norm
// anrm into [rmin, rmax] (LAPACK dsyev), or 1.
func scaleFactor(anrm float64) float64 {
	smlnum := dlamchS / dlamchP
	bignum := 1 / smlnum
	rmin := math.Sqrt(smlnum)
	rmax := math.Sqrt(bignum)
	if anrm > 0 && anrm < rmin {
		return rmin / anrm
	}
	if anrm > rmax {
		return rmax / anrm
	}
	return 1
}

// factor computes the eigenvalues (into s.d) and optionally the eigenvectors
// (into s.v) of the matrix whose lower triangle was loaded into s.a. anrm is
// its max-abs norm (finite).
func (s *core) factor(n int, anrm float64, vectors bool) bool {
	if n == 0 {
		return true
	}
	sigma := scaleFactor(anrm)
	if sigma != 1 {
		for i := 0; i < n; i++ {
			scal(sigma, s.a[i*n:i*n+i+1])
		}
	}
	if n == 1 {
		s.d[0] = s.a[0]
		if vectors {
			s.v[0] = 1
		}
	} else {
		s.sytrd(n)
		if !vectors {
			if !sterf(n, s.d, s.e) {
				return false
			}
		} else {
			if !s.stedc(n) {
				return false
			}
			// V = Q·Z with Z = (Zᵀ)ᵀ.
			v, z := s.v[:n*n], s.z[:n*n]
			transpose(n, z, v)
			s.ormtr(n, v, n)
		}
	}
	if sigma != 1 {
		scal(1/sigma, s.d[:n])
	}
	for _, x := range s.d[:n] {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// transpose writes bᵀ = a for n×n matrices with stride n, blocked for cache.
func transpose(n int, a, b []float64) {
	const bs = 32
	for i0 := 0; i0 < n; i0 += bs {
		i1 := min(n, i0+bs)
		for j0 := 0; j0 < n; j0 += bs {
			j1 := min(n, j0+bs)
			for i := i0; i < i1; i++ {
				row := a[i*n+j0 : i*n+j1]
				for j, x := range row {
					b[(j0+j)*n+i] = x
				}
			}
		}
	}
}
