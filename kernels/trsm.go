package kernels

import "gonum.org/v1/gonum/blas"

// Strsm solves one of the matrix equations
//
//	op(A)·X = alpha·B  (side Left, A m×m)
//	X·op(A) = alpha·B  (side Right, A n×n)
//
// for X, which overwrites the m×n row-major B; A is triangular (only its uplo
// triangle is read, and not its diagonal when d is blas.Unit) and op(A) is A
// or Aᵀ. It has the semantics and argument checks of gonum's blas.Float32
// Strsm: alpha = 0 sets B to zero without reading A or B, minimal-length
// slices are legal, and no check is made that A is invertible. Bad
// arguments panic with this package's messages ("kernels: …").
//
// The solve is recursive: the triangle is halved until diagonal blocks of at
// most triBase rows remain, which are solved by substitution on the vector
// kernels; everything else is a GEMM update on the micro-kernels. Blocks of
// right-hand sides are solved in parallel; the result does not depend on
// GOMAXPROCS.
func Strsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trsm(&cur.s, &cur.sv, l2Of[float32](), s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// Dtrsm is Strsm for float64 (gonum's blas.Float64 Dtrsm).
func Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trsm(&cur.d, &cur.dv, l2Of[float64](), s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// triBase is the largest diagonal block solved by the vector kernels;
// triChunk is the width of the blocks of right-hand sides (columns of B, or
// rows for side Right) handled as independent problems.
const (
	triBase  = 16
	triChunk = 256
)

// triProblem is one validated TRSM call with m, n > 0, alpha ≠ 0, reduced
// to the left side: op(A)·X = B for a k×k op(A) and k×w blocks of
// right-hand sides. A right-side call is solved on the transposes of row
// blocks of B (X·op(A) = B ⇔ op(A)ᵀ·Xᵀ = Bᵀ). g, v and l2 are the
// path's GEMM, vector and Level 2 kernels: the off-diagonal blocks are
// GEMM updates on the framework (gemmOn), the diagonal blocks of at most
// triBase rows substitutions on the vector kernels.
type triProblem[T float] struct {
	g      *gemmImpl[T]
	v      *vecImpl[T]
	l2     *l2Impl[T]
	right  bool
	lower  bool // op(A) of the reduced left-side problem is lower triangular
	trans  bool // op(A) = Aᵀ in the reduced problem
	unit   bool
	m, n   int // B
	alpha  T
	a      []T
	lda    int
	b      []T
	ldb    int
	chunks int
}

// trsm runs a checked TRSM call with m, n > 0.
func trsm[T float](g *gemmImpl[T], v *vecImpl[T], l2 *l2Impl[T], s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if alpha == 0 {
		scaleC(m, n, 0, b, ldb)
		return
	}
	trans := isTrans(tA)
	p := triProblem[T]{g: g, v: v, l2: l2, right: s == blas.Right, unit: d == blas.Unit,
		m: m, n: n, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb}
	// op(A) is lower triangular when A is lower and not transposed or upper
	// and transposed; the right side works with op(A)ᵀ.
	p.lower = (ul == blas.Lower) != trans
	p.trans = trans
	k, rhs := m, n
	if p.right {
		p.lower, p.trans = !p.lower, !p.trans
		k, rhs = n, m
	}
	p.chunks = (rhs + triChunk - 1) / triChunk
	if parallelChunks(p.chunks, float64(k)*float64(k)*float64(rhs)/2) {
		job := idleTriJobs[T]().get()
		*job = p
		ParallelFor(p.chunks, 1, job)
		*job = triProblem[T]{} // drop references to the caller's slices
		idleTriJobs[T]().put(job)
		return
	}
	for c := 0; c < p.chunks; c++ {
		p.chunk(c, nil)
	}
}

var (
	idleTriJobsS freeList[triProblem[float32]]
	idleTriJobsD freeList[triProblem[float64]]
)

func idleTriJobs[T float]() *freeList[triProblem[T]] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&idleTriJobsS).(*freeList[triProblem[T]])
	}
	return any(&idleTriJobsD).(*freeList[triProblem[T]])
}

// RunRange runs chunks [lo, hi) on a worker's workspace from the free list
// (the RangeTask contract; ParallelFor's participants use runRangeOn).
func (p *triProblem[T]) RunRange(lo, hi, _ int) {
	w := getWorker()
	p.runRangeOn(w, lo, hi)
	putWorker(w)
}

// runRangeOn runs chunks [lo, hi), their GEMMs on w alone.
func (p *triProblem[T]) runRangeOn(w *worker, lo, hi int) {
	for c := lo; c < hi; c++ {
		p.chunk(c, w)
	}
}

// chunk solves (or multiplies) block c of right-hand sides; its GEMMs run on
// w alone, or on all workers when w is nil.
func (p *triProblem[T]) chunk(c int, w *worker) {
	if !p.right {
		j0 := c * triChunk
		cols := min(triChunk, p.n-j0)
		b := p.b[j0:]
		if p.alpha != 1 {
			scaleC(p.m, cols, p.alpha, b, p.ldb)
		}
		p.left(w, 0, p.m, cols, b, p.ldb)
		return
	}
	// Rows [i0, i0+rows) of B, transposed into an n×rows scratch block.
	i0 := c * triChunk
	rows := min(triChunk, p.m-i0)
	s := getScratch[T]()
	t := s.get(p.n * rows)
	b := p.b[i0*p.ldb:]
	transposeTo(p.g, t, rows, b, p.ldb, rows, p.n)
	if p.alpha != 1 {
		p.v.scal(p.alpha, t)
	}
	p.left(w, 0, p.n, rows, t, rows)
	transposeTo(p.g, b, p.ldb, t, rows, p.n, rows)
	putScratch(s)
}

// opA returns element (i, j) of op(A).
func (p *triProblem[T]) opA(i, j int) T {
	if p.trans {
		return p.a[j*p.lda+i]
	}
	return p.a[i*p.lda+j]
}

// opBlock returns op(A)[i:, j:] as a GEMM operand (with op(A)'s transpose
// flag).
func (p *triProblem[T]) opBlock(i, j int) []T {
	if p.trans {
		return p.a[j*p.lda+i:]
	}
	return p.a[i*p.lda+j:]
}

// left solves op(A)[d:d+k, d:d+k]·X = B in place for the k×w block B (row
// stride ldb), halving the triangle recursively.
func (p *triProblem[T]) left(w *worker, d, k, cols int, b []T, ldb int) {
	if k <= triBase {
		p.solveBase(d, k, cols, b, ldb)
		return
	}
	k1 := roundUp(k/2, p.g.ku)
	k2 := k - k1
	b2 := b[k1*ldb:]
	if p.lower {
		// X1 = A11⁻¹B1; B2 −= A21·X1; X2 = A22⁻¹B2.
		p.left(w, d, k1, cols, b, ldb)
		gemmOn(p.g, w, p.trans, k2, cols, k1, -1, p.opBlock(d+k1, d), p.lda, b, ldb, 1, b2, ldb)
		p.left(w, d+k1, k2, cols, b2, ldb)
		return
	}
	// X2 = A22⁻¹B2; B1 −= A12·X2; X1 = A11⁻¹B1.
	p.left(w, d+k1, k2, cols, b2, ldb)
	gemmOn(p.g, w, p.trans, k1, cols, k2, -1, p.opBlock(d, d+k1), p.lda, b2, ldb, 1, b, ldb)
	p.left(w, d, k1, cols, b, ldb)
}

// solveBase solves op(A)[d:d+k, d:d+k]·X = B in place by substitution, one
// row of B at a time, over column strips that stay in L1: the solved rows
// enter a row four at a time through the axpy4 kernel (the row is loaded
// and stored once per four), the rest through axpy.
func (p *triProblem[T]) solveBase(d, k, cols int, b []T, ldb int) {
	v, l2 := p.v, p.l2
	for j0 := 0; j0 < cols; j0 += triChunk {
		wd := min(triChunk, cols-j0)
		for ii := 0; ii < k; ii++ {
			i := ii
			if !p.lower {
				i = k - 1 - ii
			}
			bi := b[i*ldb+j0:][:wd]
			lo, hi := 0, i
			if !p.lower {
				lo, hi = i+1, k
			}
			p.combine(l2, v, -1, d, i, lo, hi, wd, b[j0:], ldb, bi)
			if !p.unit {
				v.scal(1/p.opA(d+i, d+i), bi)
			}
		}
	}
}

// combine adds s·Σ_{l∈[lo,hi)} op(A)[d+i, d+l]·B[l, :] to bi (rows of B of
// width wd at stride ldb), four rows per axpy4 call.
func (p *triProblem[T]) combine(l2 *l2Impl[T], v *vecImpl[T], s T, d, i, lo, hi, wd int, b []T, ldb int, bi []T) {
	l := lo
	for ; l+4 <= hi; l += 4 {
		c := [4]T{s * p.opA(d+i, d+l), s * p.opA(d+i, d+l+1), s * p.opA(d+i, d+l+2), s * p.opA(d+i, d+l+3)}
		l2.axpy4(wd, b[l*ldb:], ldb, c, bi)
	}
	for ; l < hi; l++ {
		if x := p.opA(d+i, d+l); x != 0 {
			v.axpy(s*x, b[l*ldb:][:wd], bi)
		}
	}
}
