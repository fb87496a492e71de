package eigen

import (
	"math"
)

// core is the float64 solver behind Sym[T]. All matrices are row-major with
// stride n.
type core[F flt] struct {
	n   int // order the workspace is sized for
	cap int

	a    []F       // working copy of A, then the Householder reflectors
	d, e []float64 // tridiagonal; d = eigenvalues on exit
	tau  []F
	z    []F // Zᵀ: row i = eigenvector i of the tridiagonal matrix
	v    []F // eigenvectors of A, column j ↔ d[j]

	dsave, esave []float64
	tmp1, tmp2   []F
	ftmp         []float64

	// sytrd / ormtr
	wt, pk, qk []F
	yt, tm     []F
	x1, x2     []F

	// divide and conquer merge
	mds, mzs, mdl, mwl, mdv, mlam, mzh []float64
	mtyp, mkr, mdr, mkt, mpos, mrow    []int
	mg, mg2, mout, mst                 []F
	mq                                 []float64

	// parallel steps (team.go, trd_par.go, dc_par.go, orm_par.go)
	serial bool // SetSerial: run everything on the calling goroutine
	dyn    dynRanges
	team   team
	step   trdStep[F]
	spart  []F // symvMaxChunks partial products, stride n
	sdot   []F // symvMaxChunks × 2·trdNB partial dot products

	dcT               dcTask[F]
	dcNodes, dcLeaves []dcNode
	dcLevel           []int
	msteps            []mergeStep[F] // one per node
	ormT              ormTask[F]

	// warmUsed reports whether the last FactorizeWarm took the Jacobi path.
	warmUsed bool
}

func (s *core[F]) ensure(n int) {
	s.n = n
	if n <= s.cap && s.a != nil {
		return
	}
	s.cap = n
	nn := n * n
	s.a = make([]F, nn)
	s.d = make([]float64, n)
	s.e = make([]float64, max(n, 1))
	s.tau = make([]F, max(n, 1))
	s.z = make([]F, nn)
	s.v = make([]F, nn)
	s.dsave = make([]float64, n)
	s.esave = make([]float64, max(n, 1))
	s.tmp1 = make([]F, max(n, 2*trdNX))
	s.ftmp = make([]float64, n)
	s.tmp2 = make([]F, max(n, 2*trdNX))
	s.wt = make([]F, (trdNB+trdNX)*n)
	s.pk = make([]F, 2*trdNB*n)
	s.qk = make([]F, 2*trdNB*n)
	s.yt = make([]F, ormNB*n)
	s.tm = make([]F, ormNB*ormNB)
	s.x1 = make([]F, ormNB*n)
	s.x2 = make([]F, ormNB*n)
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
	s.mg = make([]F, nn)
	s.mg2 = make([]F, nn)
	s.mout = make([]F, nn)
	s.mq = make([]float64, nn)
	s.mst = make([]F, nn)
	s.spart = make([]F, symvMaxChunks*n)
	s.sdot = make([]F, symvMaxChunks*2*trdNB)
	// Leaves have at least dcLeaf/2 rows; internal nodes are fewer.
	nodes := n/(dcLeaf/2) + 2
	s.dcNodes = make([]dcNode, 0, nodes)
	s.dcLeaves = make([]dcNode, 0, nodes)
	s.dcLevel = make([]int, 0, nodes)
	s.msteps = make([]mergeStep[F], nodes)
}

// scaleFactor returns the factor σ that brings a matrix with max-abs norm
// anrm into [rmin, rmax] (LAPACK dsyev), or 1.
func scaleFactor[F flt](anrm float64) float64 {
	smlnum := safminOf[F]() / (2 * epsOf[F]())
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
func (s *core[F]) factor(n int, anrm float64, vectors bool) bool {
	if n == 0 {
		return true
	}
	sigma := scaleFactor[F](anrm)
	if sigma != 1 {
		for i := 0; i < n; i++ {
			scaleRow(sigma, s.a[i*n:i*n+i+1])
		}
	}
	if n == 1 {
		s.d[0] = float64(s.a[0])
		if vectors {
			s.v[0] = 1
		}
	} else {
		s.sytrd(n)
		if !vectors {
			// Implicit QL/QR without vectors. (The root-free variant,
			// dsterf, loses accuracy on some strongly graded tridiagonals:
			// relative errors of 3e-11 in the largest eigenvalue, in
			// LAPACK's dsterf as well; see TestValuesOnlyGraded.)
			// Implicit QL/QR can exhaust its iterations on strongly
			// graded tridiagonals (LAPACK's dsteqr fails on the same
			// input; FuzzSymEigen found one): fall back to divide and
			// conquer, discarding its vectors.
			copy(s.dsave[:n], s.d[:n])
			copy(s.esave[:n-1], s.e[:n-1])
			if !steqr[F](n, s.d, s.e, nil, 0, 0) {
				copy(s.d[:n], s.dsave[:n])
				copy(s.e[:n-1], s.esave[:n-1])
				if !s.stedc(n) {
					return false
				}
			}
		} else {
			if !s.stedc(n) {
				return false
			}
			// V = Q·Z with Z = (Zᵀ)ᵀ.
			s.backTransform(n)
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
func transpose[F flt](n int, a, b []F) {
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

// scaleRow multiplies x by sigma, rounding once per element from float64.
func scaleRow[F flt](sigma float64, x []F) {
	for i, v := range x {
		x[i] = F(float64(v) * sigma)
	}
}
