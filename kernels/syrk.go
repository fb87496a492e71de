package kernels

import (
	"math"
	"runtime"

	"gonum.org/v1/gonum/blas"
)

// This file is the SYRK variant of the GEMM driver (BLIS gemmt): the same
// five loops, packing and micro-kernels, but the tiles strictly outside the
// referenced triangle of C are skipped, and a tile that crosses the diagonal
// is computed into a scratch tile of which only the triangle is stored. About
// half the flops of the equivalent GEMM.
//
// Determinism: row blocks start at multiples of MR, column blocks at
// multiples of NR from the global column blocking, and the K blocking depends
// only on k, so every element of C is computed by the same instructions on
// the same operands whatever the number of workers.

// Ssyrk performs the symmetric rank-k update
//
//	C = alpha * A * Aᵀ + beta * C  if tA == blas.NoTrans (A is n×k)
//	C = alpha * Aᵀ * A + beta * C  if tA == blas.Trans or blas.ConjTrans (A is k×n)
//
// where C is an n×n symmetric row-major matrix of which only the uplo
// triangle is referenced and updated. It has the semantics and argument
// checks of gonum's blas.Float32 Ssyrk: beta = 0 means C is not read, alpha =
// 0 (or k = 0) means A is not read, and minimal-length slices are legal. The
// products run on the GEMM micro-kernels of the dispatch path in use.
func Ssyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, beta float32, c []float32, ldc int) {
	syrk(&cur.s, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// Dsyrk performs the symmetric rank-k update
//
//	C = alpha * A * Aᵀ + beta * C  if tA == blas.NoTrans (A is n×k)
//	C = alpha * Aᵀ * A + beta * C  if tA == blas.Trans or blas.ConjTrans (A is k×n)
//
// where C is an n×n symmetric row-major matrix of which only the uplo
// triangle is referenced and updated. It has the semantics and argument
// checks of gonum's blas.Float64 Dsyrk (see Ssyrk).
func Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	syrk(&cur.d, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

func syrk[T float](g *gemmImpl[T], ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int) {
	if ul != blas.Lower && ul != blas.Upper {
		panic(badUplo)
	}
	checkTranspose(tA)
	if n < 0 {
		panic(nLT0)
	}
	if k < 0 {
		panic(kLT0)
	}
	trans := isTrans(tA)
	row, col := n, k
	if trans {
		row, col = k, n
	}
	if lda < max(1, col) {
		panic(badLdA)
	}
	if ldc < max(1, n) {
		panic(badLdC)
	}
	if n == 0 {
		return
	}
	if len(a) < lda*(row-1)+col {
		panic(shortA)
	}
	if len(c) < ldc*(n-1)+n {
		panic(shortC)
	}
	upper := ul == blas.Upper
	if alpha == 0 || k == 0 {
		if beta != 1 {
			scaleTriangle(upper, n, beta, c, ldc)
		}
		return
	}
	p := syrkProblem[T]{
		upper: upper, n: n, k: k, alpha: alpha, beta: beta, c: c, ldc: ldc,
		pk: matPacker[T]{a: a, lda: lda, trans: trans},
	}
	p.run(g)
}

// scaleTriangle sets the uplo triangle of C to beta*C, without reading C
// when beta is zero.
func scaleTriangle[T float](upper bool, n int, beta T, c []T, ldc int) {
	for i := 0; i < n; i++ {
		lo, hi := 0, i+1
		if upper {
			lo, hi = i, n
		}
		row := c[i*ldc+lo : i*ldc+hi]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// matPacker packs the operand of a SYRK-shaped product C = alpha·Z·Zᵀ
// (the GEMM operands op(A) = Z, op(B) = Zᵀ) for Ssyrk/Dsyrk: Z = A, or Aᵀ
// when trans. With b
// set (syr2k) it packs the product Z·Wᵀ instead, W = B or Bᵀ: the A panels
// come from a, the B panels from b; only the triangle of that (in general
// unsymmetric) product is stored.
type matPacker[T float] struct {
	a     []T
	lda   int
	trans bool
	b     []T
	ldb   int
}

func (m *matPacker[T]) packA(dst []T, i0, mc, p0, kc, mr int) {
	if m.trans && mr == 8 {
		if runs := vecOf[T]().packRuns8; runs != nil {
			// Whole 8-row panels with the assembly copy, the rest in Go.
			full := mc / 8 * 8
			for ir := 0; ir < full; ir += 8 {
				runs(dst[ir*kc:(ir+8)*kc], m.a[p0*m.lda+i0+ir:], m.lda, kc)
			}
			if full < mc {
				packAPanels(dst[full*kc:], m.a, m.lda, true, i0+full, mc-full, p0, kc, mr)
			}
			return
		}
	}
	packAPanels(dst, m.a, m.lda, m.trans, i0, mc, p0, kc, mr)
}

func (m *matPacker[T]) packB(dst []T, p0, kc, j0, nc, nr int) {
	if m.b != nil {
		packBPanels(dst, m.b, m.ldb, !m.trans, p0, kc, j0, nc, nr)
		return
	}
	packBPanels(dst, m.a, m.lda, !m.trans, p0, kc, j0, nc, nr)
}

// syr2k computes the uplo triangle of C = alpha·(Z·Wᵀ + W·Zᵀ) + beta·C,
// Z = op(A), W = op(B) (n×k), as two passes of the SYRK driver. The
// arguments are valid, n, k > 0, alpha ≠ 0.
func syr2k[T float](g *gemmImpl[T], upper, trans bool, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	p := syrkProblem[T]{upper: upper, n: n, k: k, alpha: alpha, beta: beta, c: c, ldc: ldc,
		pk: matPacker[T]{a: a, lda: lda, trans: trans, b: b, ldb: ldb}}
	p.run(g)
	p.beta = 1
	p.pk = matPacker[T]{a: b, lda: ldb, trans: trans, b: a, ldb: lda}
	p.run(g)
}

// syrkProblem is one validated SYRK-shaped update C = alpha·Z·Zᵀ + beta·C of
// the uplo triangle, n, k > 0.
type syrkProblem[T float] struct {
	upper       bool
	n, k        int
	alpha, beta T
	pk          matPacker[T] // the operand packer (unused with preA)
	c           []T
	ldc         int
	// preA and preB, if set, are Z and Zᵀ already packed whole (K in one
	// block): MR-row panels of Z, panel i at preA[i·MR·k:], and NR-column
	// panels of Zᵀ at preB[j·NR·k:], zero-padded. pk is then unused.
	preA, preB []T
	// bIn, if set (with preA, and a kernel with partial tiles), is Zᵀ
	// itself, row-major k×n with row stride ldb, read in place.
	bIn []T
	ldb int
}

func (p *syrkProblem[T]) run(g *gemmImpl[T]) {
	tiles := (p.n + g.mr - 1) / g.mr
	macs := p.n * (p.n + 1) / 2 * p.k
	nw := min(runtime.GOMAXPROCS(0), maxWorkers, macs/parMinMACs, tiles)
	if nw <= 1 {
		w := getWorker()
		p.block(g, workspaceOf[T](w), 0, p.n)
		putWorker(w)
		return
	}
	// Split the rows into nw chunks of whole MR tiles with equal triangle
	// area: the lower triangle up to row r has area ∝ r², the upper
	// triangle from row r on has area ∝ (n−r)².
	job := getSyrkJob[T]()
	job.p = *p
	job.g = g
	bound := func(t int) int {
		f := math.Sqrt(float64(t) / float64(nw))
		if p.upper {
			f = 1 - math.Sqrt(float64(nw-t)/float64(nw))
		}
		return min(p.n, int(math.Round(f*float64(tiles)))*g.mr)
	}
	for t := 0; t < nw; t++ {
		ch := &job.chunks[t]
		ch.i0, ch.i1 = bound(t), bound(t+1)
		if t == nw-1 {
			ch.i1 = p.n
		}
	}
	runParallel(job, nw, nw)
	job.p = syrkProblem[T]{} // drop references to the caller's slices
	putSyrkJob(job)
}

// block computes the triangle's part of rows [i0, i1) of C (i0 a multiple
// of MR).
func (p *syrkProblem[T]) block(g *gemmImpl[T], ws *workspace[T], i0, i1 int) {
	if i0 >= i1 {
		return
	}
	mr, nr := g.mr, g.nr
	kc := balance(p.k, g.kc, 8)
	pre := p.preA != nil
	if pre {
		kc = p.k
	}
	mc := balance(i1-i0, g.mc, mr)
	nc := balance(p.n, g.nc, nr) // global: column tiles never depend on the split
	// Columns this row range touches.
	jlo, jhi := 0, i1
	if p.upper {
		jlo, jhi = i0, p.n
	}
	jstart := jlo / nc * nc
	if pre {
		ws.reserve(0, 0, mr*nr)
	} else {
		ws.reserve(roundUp(mc, mr)*kc, kc*roundUp(nc, nr), mr*nr)
	}

	for jc := jstart; jc < jhi; jc += nc {
		ncur := min(nc, p.n-jc)
		// The columns of this block that the row range needs, in whole
		// (global) NR tiles.
		jb0, jb1 := 0, ncur
		if p.upper {
			jb0 = max(0, (jlo-jc)/nr*nr)
		} else {
			jb1 = min(ncur, roundUp(jhi-jc, nr))
		}
		for pc := 0; pc < p.k; pc += kc {
			kcur := min(kc, p.k-pc)
			beta := p.beta
			if pc > 0 {
				beta = 1
			}
			// Pack the B micro-panels [jb0, jb1) of this block.
			bpan, rsb := ws.b, nr
			if p.bIn != nil {
				rsb = p.ldb
			} else if pre {
				bpan = p.preB[jc*kcur:]
			} else {
				p.pk.packB(ws.b[jb0*kcur:], pc, kcur, jc+jb0, jb1-jb0, nr)
			}
			for ic := i0; ic < i1; ic += mc {
				mcur := min(mc, i1-ic)
				// Skip row blocks entirely outside the triangle for this
				// column block.
				if !p.upper && ic+mcur-1 < jc+jb0 || p.upper && ic > jc+jb1-1 {
					continue
				}
				apan := ws.a
				if pre {
					apan = p.preA[ic*kcur:]
				} else {
					p.pk.packA(ws.a, ic, mcur, pc, kcur, mr)
				}
				for jr := jb0; jr < jb1; jr += nr {
					ncols := min(nr, jb1-jr)
					var bp []T
					if p.bIn != nil {
						bp = p.bIn[jc+jr:]
					} else {
						bp = bpan[jr*kcur : (jr+nr)*kcur]
					}
					c0 := jc + jr
					for ir := 0; ir < mcur; ir += mr {
						mrows := min(mr, mcur-ir)
						r0 := ic + ir
						var inside, outside bool
						if p.upper {
							inside = c0 >= r0+mrows-1
							outside = c0+ncols-1 < r0
						} else {
							inside = c0+ncols-1 <= r0
							outside = c0 > r0+mrows-1
						}
						if outside {
							continue
						}
						ap := apan[ir*kcur : (ir+mr)*kcur]
						cp := p.c[r0*p.ldc+c0:]
						if inside && (g.partial || (mrows == mr && ncols == nr)) {
							g.kernel(kcur, p.alpha, ap, bp, rsb, beta, cp, p.ldc, mrows, ncols)
							continue
						}
						// Diagonal-crossing (or edge) tile: compute it into
						// scratch and store only the triangle. A kernel with
						// partial tiles computes only the columns [tlo, thi)
						// some row of the tile needs (scratch column j−tlo).
						tlo, thi := 0, ncols
						if g.partial {
							if p.upper {
								tlo = max(0, r0-c0)
							} else {
								thi = min(ncols, r0+mrows-c0)
							}
							g.kernel(kcur, p.alpha, ap, bp[tlo:], rsb, 0, ws.tile, nr, mr, thi-tlo)
						} else {
							g.kernel(kcur, p.alpha, ap, bp, nr, 0, ws.tile, nr, mr, nr)
						}
						for i := 0; i < mrows; i++ {
							lo, hi := 0, ncols
							if p.upper {
								lo = max(0, r0+i-c0)
							} else {
								hi = min(ncols, r0+i-c0+1)
							}
							if lo >= hi {
								continue
							}
							src := ws.tile[i*nr+lo-tlo : i*nr+hi-tlo]
							dst := cp[i*p.ldc+lo : i*p.ldc+hi]
							if beta == 0 {
								copy(dst, src)
								continue
							}
							for j, v := range src {
								dst[j] = v + beta*dst[j]
							}
						}
					}
				}
			}
		}
	}
}

type syrkJob[T float] struct {
	p      syrkProblem[T]
	g      *gemmImpl[T]
	set    chunkSet
	chunks [maxWorkers]syrkChunk[T]
}

type syrkChunk[T float] struct {
	i0, i1 int
}

func (j *syrkJob[T]) chunkSet() *chunkSet { return &j.set }

func (j *syrkJob[T]) run(w *worker) { j.set.drain(w, j.runChunk) }

func (j *syrkJob[T]) runChunk(t int, w *worker) {
	c := &j.chunks[t]
	j.p.block(j.g, workspaceOf[T](w), c.i0, c.i1)
}

var (
	idleSyrkJobsS = make(freeList[syrkJob[float32]], maxWorkers)
	idleSyrkJobsD = make(freeList[syrkJob[float64]], maxWorkers)
)

func idleSyrkJobs[T float]() freeList[syrkJob[T]] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(idleSyrkJobsS).(freeList[syrkJob[T]])
	}
	return any(idleSyrkJobsD).(freeList[syrkJob[T]])
}

func getSyrkJob[T float]() *syrkJob[T]  { return idleSyrkJobs[T]().get() }
func putSyrkJob[T float](j *syrkJob[T]) { idleSyrkJobs[T]().put(j) }
