package kernels

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// This file is the portable half of Level 3, after BLIS's frame/3: the five
// loops around the micro-kernel, packing, and the split of C between
// workers, written once. GEMM is the plain problem; SYRK/SYR2K (gemmt),
// SYMM and TRMM are the same loops with predicates on the tiles and
// packing variants of the operands (gemmProblem), and TRSM's off-diagonal
// updates are GEMMs on them. Everything that differs between CPUs is data
// in a gemmImpl, passed down from the API.
//
//	for jc in 0..n step NC           // B column panel
//	  for pc in 0..k step KC         // rank-KC update; pack B~ = op(B)[pc:pc+KC, jc:jc+NC]
//	    for ic in 0..m step MC       // pack A~ = op(A)[ic:ic+MC, pc:pc+KC]
//	      for jr in 0..NC step NR    // one KC×NR micro-panel of B~
//	        for ir in 0..MC step MR  // one MR×KC micro-panel of A~
//	          micro-kernel           // MR×NR tile of C
//
// The K loop is never split and its blocks do not depend on the number of
// workers, so results are bitwise identical for any GOMAXPROCS.

// gemmProblem is one validated call C = alpha*op(A)*op(B) + beta*C with
// m, n, k > 0 and alpha ≠ 0, or one of its variants: the Level 3 routines
// are this problem with predicates on the tiles and packing variants of the
// operands (BLIS's gemm, gemmt, symm and trmm on one set of loops).
//
// The operands are seen in panel orientation: Z_A = op(A) (m×k), packed in
// MR-row panels, and Z_B = op(B)ᵀ (n×k), packed in NR-row panels. Their
// kinds (opKind) select the packing:
//
//	opGeneral  op(X) read from x (the GEMM operand)
//	opSym      a symmetric Z of which one triangle is stored (SYMM)
//	opTri      a triangular Z, packed with zeros only where a tile needs
//	           them; each tile's K range is cut to Z's non-zero part (TRMM)
//	opPre      panels packed beforehand, K in one block (Covariance)
//
// and cTri restricts C to one triangle (gemmt: SYRK, SYR2K).
type gemmProblem[T float] struct {
	aTrans, bTrans bool
	m, n, k        int
	alpha          T
	a              []T
	lda            int
	b              []T
	ldb            int
	beta           T
	c              []T
	ldc            int
	// bf16 marks SgemmBF16 and BF16gemm (T = float32): op(A) and op(B) are
	// rounded to bfloat16 while packing (blockBF16) with the conversions
	// bf; BF16gemm's operands are ah and bh instead of a and b.
	bf16   bool
	ah, bh []BF16
	bf     *bf16Impl

	// The variants (all zero for GEMM).
	aKind, bKind opKind
	// aUpper, bUpper: for opSym the stored triangle is the upper one
	// (otherwise the lower); for opTri Z is upper triangular (Z[i][p] = 0
	// for p < i; otherwise lower, zero for p > i). x, ld and the transpose
	// flag describe how the stored elements are read, as for opGeneral.
	aUpper, bUpper bool
	unit           bool // opTri: Z[i][i] = 1, not read
	// cTri, if set, restricts C (m = n) to its lower or upper triangle:
	// tiles outside are skipped, tiles across the diagonal are computed
	// into a scratch tile of which only the triangle is stored.
	cTri triangle
	// bInPlace makes an untransposed op(B) be read in place whatever the
	// shape (a kernel with partial tiles is required).
	bInPlace bool
}

// opKind is a packing variant of an operand (see gemmProblem).
type opKind uint8

const (
	opGeneral opKind = iota
	opSym
	opTri
	opPre
)

// triangle selects a triangle of C for gemmt.
type triangle uint8

const (
	fullC triangle = iota
	lowerC
	upperC
)

// plain reports whether p is a GEMM without variants.
func (p *gemmProblem[T]) plain() bool {
	return p.aKind == opGeneral && p.bKind == opGeneral && p.cTri == fullC
}

// The in-place TRMM variants: C is the operand B (left, opTri A) or the
// operand A (right, opTri B) of the product. Their K loop runs towards the
// diagonal's far end, so that every row (left) or column (right) of the
// operand is packed before the product overwrites it, and a tile's first
// contribution (beta) is that of its diagonal block.

// kDesc reports whether the K blocks run from last to first.
func (p *gemmProblem[T]) kDesc() bool {
	return p.aKind == opTri && !p.aUpper || p.bKind == opTri && !p.bUpper
}

// noSplitM and noSplitN: a left TRMM may not split M between private
// chunks (one chunk's product would overwrite rows of B another still
// packs), a right one may not split N.
func (p *gemmProblem[T]) noSplitM() bool { return p.aKind == opTri }
func (p *gemmProblem[T]) noSplitN() bool { return p.bKind == opTri }

// parMinMACs is the parallel threshold: a product is split between workers
// only when every worker gets at least parMinMACs multiply-adds. It is a
// variable only so that tests can force the splits on small problems.
var parMinMACs = 1 << 22

const (
	maxWorkers = 64
	// chunksPerWorker bounds how finely a product is split for late workers.
	chunksPerWorker = 4

	// lightRows is the largest m for which an untransposed B is not packed.
	lightRows = 256
	// inPlaceCols is the largest number of B panels for which an
	// untransposed A is read in place on the light path.
	inPlaceCols = 4
)

func (p *gemmProblem[T]) run(g *gemmImpl[T]) {
	if p.cTri != fullC {
		p.runTriangle(g)
		return
	}
	nw := min(runtime.GOMAXPROCS(0), maxWorkers, p.m*p.n*p.k/parMinMACs)
	tilesM := (p.m + g.mr - 1) / g.mr
	tilesN := (p.n + g.nr - 1) / g.nr
	// The variants (TRMM, SYMM) split into chunks with their own packing
	// (a left TRMM by columns, a right one by rows): on the shared path
	// two threads on a busy machine ran at 0.33-0.65 of one thread, split
	// so at 0.77-1.08 (the same runs, alternated; plain GEMM 0.85 there).
	shareB := p.plain()
	if packB, _ := p.plan(g); nw > 1 && packB && shareB && tilesM >= coopMinTiles*nw {
		p.runShared(g, nw, tilesM)
		return
	}
	// Split M or N into nw chunks of whole tiles, whichever gives the
	// smaller largest chunk (ties: the longer dimension).
	splitN, tiles := p.n >= p.m, tilesN
	if nw > 1 {
		chunkM := min(p.m, (tilesM+nw-1)/nw*g.mr) * p.n
		chunkN := min(p.n, (tilesN+nw-1)/nw*g.nr) * p.m
		splitN = chunkN < chunkM || chunkN == chunkM && p.n >= p.m
	}
	switch {
	case p.noSplitM():
		splitN = true
	case p.noSplitN():
		splitN = false
	}
	if !splitN {
		tiles = tilesM
	}
	nw = min(nw, tiles)
	if nw <= 1 {
		w := getWorker()
		p.block(g, workspaceOf[T](w), 0, p.m, 0, p.n)
		putWorker(w)
		return
	}
	// Chunks that pack nothing of their own beyond their rows (or columns)
	// can be small, so that a late worker still finds work: split M on the
	// light path, or N when A is read in place too. Otherwise one chunk per
	// worker, since every chunk packs all of the other operand.
	packB, inPlaceA := p.plan(g)
	nc := nw
	if !splitN && !packB || splitN && inPlaceA {
		nc = min(tiles, chunksPerWorker*nw)
	}
	job := getJob[T]()
	job.p = *p
	job.g = g
	unit, dim := g.mr, p.m
	if splitN {
		unit, dim = g.nr, p.n
	}
	for t := 0; t < nc; t++ {
		lo := tiles * t / nc * unit
		hi := min(dim, tiles*(t+1)/nc*unit)
		ch := &job.chunks[t]
		if splitN {
			ch.i0, ch.i1, ch.j0, ch.j1 = 0, p.m, lo, hi
		} else {
			ch.i0, ch.i1, ch.j0, ch.j1 = lo, hi, 0, p.n
		}
	}
	runParallel(job, nw, nc)
	job.p = gemmProblem[T]{} // drop references to the caller's slices
	putJob(job)
}

// runTriangle runs a gemmt problem: its rows are split into chunks of whole
// MR tiles with equal triangle area (the lower triangle up to row r has area
// ∝ r², the upper one from row r on ∝ (n−r)²). Tiles keep their global
// column blocks, so the split does not change any result.
func (p *gemmProblem[T]) runTriangle(g *gemmImpl[T]) {
	tiles := (p.n + g.mr - 1) / g.mr
	macs := p.n * (p.n + 1) / 2 * p.k
	nw := min(runtime.GOMAXPROCS(0), maxWorkers, macs/parMinMACs, tiles)
	if nw <= 1 {
		w := getWorker()
		p.block(g, workspaceOf[T](w), 0, p.n, 0, p.n)
		putWorker(w)
		return
	}
	job := getJob[T]()
	job.p = *p
	job.g = g
	bound := func(t int) int {
		f := math.Sqrt(float64(t) / float64(nw))
		if p.cTri == upperC {
			f = 1 - math.Sqrt(float64(nw-t)/float64(nw))
		}
		return min(p.n, int(math.Round(f*float64(tiles)))*g.mr)
	}
	for t := 0; t < nw; t++ {
		ch := &job.chunks[t]
		ch.i0, ch.i1, ch.j0, ch.j1 = bound(t), bound(t+1), 0, p.n
		if t == nw-1 {
			ch.i1 = p.n
		}
	}
	runParallel(job, nw, nw)
	job.p = gemmProblem[T]{}
	putJob(job)
}

// Shared packing of B. A product whose B is packed runs on nw workers that
// split M into row tasks and share each packed block of B: for every (NC,
// KC) block, the workers first claim pieces of B's panels and pack them into
// one buffer, wait until all pieces are packed, then claim row tasks, each
// packing its own rows of A and multiplying them by the shared panels, and
// wait until all row tasks are done before the next block overwrites the
// buffer. Nothing is packed twice (splitting M with private B buffers packs
// all of B once per worker), and a worker that wakes late finds the work
// done rather than being waited for: whoever is running claims the next
// piece. Every tile sees the same panels and the same K blocks as in a
// serial run, so results are bitwise identical for any number of workers.
const (
	coopMinTiles   = 2 // row tiles per worker below which M is not shared
	coopRowTasks   = 4 // row tasks per worker
	coopPackPieces = 2 // pieces of each B block per worker
)

func (p *gemmProblem[T]) runShared(g *gemmImpl[T], nw, tilesM int) {
	job := getJob[T]()
	job.p = *p
	job.g = g
	job.shared = true
	job.nw = nw
	nc := p.nBlock(g, p.n)
	if need := panelWords(g, p.kBlock(g)) * roundUp(nc, g.nr); len(job.bshared) < need {
		job.bshared = alignedSlice[T](need)
	}
	tasks := min(tilesM, coopRowTasks*nw)
	job.rowTasks = tasks
	for t := 0; t < tasks; t++ {
		job.chunks[t] = gemmChunk[T]{i0: tilesM * t / tasks * g.mr, i1: min(p.m, tilesM*(t+1)/tasks*g.mr)}
	}
	job.packNext.Store(0)
	job.packDone.Store(0)
	job.rowNext.Store(0)
	job.rowDone.Store(0)
	runParallel(job, nw, 0)
	job.p = gemmProblem[T]{}
	job.shared = false
	putJob(job)
}

// runShared is one participant's part of a shared-B product (see above).
func (j *gemmJob[T]) runShared(w *worker) {
	defer j.set.done(w)
	p, g := &j.p, j.g
	ws := workspaceOf[T](w)
	kc := p.kBlock(g)
	nc := p.nBlock(g, p.n)
	// rows packs a task's rows in MC blocks of balance(rows, MC, MR), which
	// is not monotonic in the rows (104 rows: 56, 96 rows: 96): reserve for
	// the largest block any task can have.
	p.reserve(g, ws, min(p.m, g.mc), nc, false)
	packBase, rowBase := 0, 0
	nj, nk := (p.n+nc-1)/nc, (p.k+kc-1)/kc
	for tj := 0; tj < nj; tj++ {
		jc := blockAt(tj, nj, nc, 0, p.jDesc())
		ncur := min(nc, p.n-jc)
		panels := (ncur + g.nr - 1) / g.nr
		pieces := min(panels, coopPackPieces*j.nw)
		for tk := 0; tk < nk; tk++ {
			pc := blockAt(tk, nk, kc, 0, p.kDesc())
			kcur := min(kc, p.k-pc)
			if !p.kLive(jc, ncur, pc, kcur) {
				continue
			}
			for t := claim(&j.packNext, packBase+pieces); t >= 0; t = claim(&j.packNext, packBase+pieces) {
				t -= packBase
				p.packB(g, j.bshared, ws.x, jc, ncur, pc, kcur, panels*t/pieces*g.nr, panels*(t+1)/pieces*g.nr)
				j.packDone.Add(1)
			}
			waitFor(&j.packDone, packBase+pieces)
			for t := claim(&j.rowNext, rowBase+j.rowTasks); t >= 0; t = claim(&j.rowNext, rowBase+j.rowTasks) {
				ch := &j.chunks[t-rowBase]
				p.rows(g, ws, j.bshared, ch.i0, ch.i1, jc, ncur, 0, ncur, pc, kcur)
				j.rowDone.Add(1)
			}
			waitFor(&j.rowDone, rowBase+j.rowTasks)
			packBase += pieces
			rowBase += j.rowTasks
		}
	}
}

// claim takes the next index of counter c below limit, or returns −1.
func claim(c *atomic.Int32, limit int) int {
	for {
		v := c.Load()
		if int(v) >= limit {
			return -1
		}
		if c.CompareAndSwap(v, v+1) {
			return int(v)
		}
	}
}

// waitFor waits until counter c reaches n: the pieces other participants
// have claimed are being worked on, so the wait is short.
func waitFor(c *atomic.Int32, n int) {
	for int(c.Load()) < n {
		runtime.Gosched()
	}
}

// plan decides which operands are read in place. B is read in place (the
// "light" path) when it has unit column stride, the kernel can handle partial
// panels, and C has few rows, so that each B micro-panel is reused from cache
// by all row tiles and packing it would cost more than it saves. A is read in
// place too when, in addition, it is untransposed and C has so few columns
// that each packed A panel would serve only a few B panels. The plan depends
// on the whole product only, never on how it is split. The variants pack
// both operands (prepacked panels count as packed) unless bInPlace.
func (p *gemmProblem[T]) plan(g *gemmImpl[T]) (packB, inPlaceA bool) {
	if p.bf16 {
		return true, false // both operands are rounded while packing
	}
	if !p.plain() {
		return !p.bInPlace, false
	}
	packB = p.bTrans || !g.partial || p.m > lightRows
	inPlaceA = !packB && !p.aTrans && g.strided != nil && p.n <= inPlaceCols*g.nr
	return packB, inPlaceA
}

// block computes rows [i0, i1) and columns [j0, j1) of C (for gemmt: the
// part of them in the triangle).
func (p *gemmProblem[T]) block(g *gemmImpl[T], ws *workspace[T], i0, i1, j0, j1 int) {
	if i0 >= i1 {
		return
	}
	packB, _ := p.plan(g)
	kc := p.kBlock(g)
	nc := p.nBlock(g, j1-j0)
	p.reserve(g, ws, i1-i0, nc, packB)
	// The columns the rows touch (gemmt), from the start of their block.
	jlo, jhi := j0, j1
	switch p.cTri {
	case lowerC:
		jhi = min(j1, i1)
	case upperC:
		jlo = max(j0, i0)
	}
	jstart := j0 + (jlo-j0)/nc*nc
	nj, nk := (jhi-jstart+nc-1)/nc, (p.k+kc-1)/kc
	for tj := 0; tj < nj; tj++ {
		jc := blockAt(tj, nj, nc, jstart, p.jDesc())
		ncur := min(nc, j1-jc)
		// The columns of this block that the rows need, in whole NR tiles
		// of the block.
		jb0, jb1 := 0, ncur
		switch p.cTri {
		case lowerC:
			jb1 = min(ncur, roundUp(jhi-jc, g.nr))
		case upperC:
			jb0 = max(0, (jlo-jc)/g.nr*g.nr)
		}
		for tk := 0; tk < nk; tk++ {
			pc := blockAt(tk, nk, kc, 0, p.kDesc())
			kcur := min(kc, p.k-pc)
			if !p.kLive(jc, ncur, pc, kcur) {
				continue
			}
			var bp []T
			switch {
			case p.bKind == opPre:
				bp = p.b[jc*kcur:]
			case packB:
				p.packB(g, ws.b, ws.x, jc, ncur, pc, kcur, jb0, jb1)
				bp = ws.b
			}
			p.rows(g, ws, bp, i0, i1, jc, ncur, jb0, jb1, pc, kcur)
		}
	}
}

// blockAt is the start of the t-th of nb blocks of size bs from lo, in
// loop order (last first when desc).
func blockAt(t, nb, bs, lo int, desc bool) int {
	if desc {
		t = nb - 1 - t
	}
	return lo + t*bs
}

// kBlock is the K block of the product: never split between workers, and
// a multiple of the unit g.ku (the k-pairs of the bfloat16 kernels never
// straddle two). A triangular operand's blocks are also whole tiles of it,
// so that a tile's diagonal lies in one block; prepacked panels hold K
// whole.
func (p *gemmProblem[T]) kBlock(g *gemmImpl[T]) int {
	unit := g.ku
	switch {
	case p.aKind == opPre:
		return p.k
	case p.aKind == opTri:
		unit = lcm(unit, g.mr)
	case p.bKind == opTri:
		unit = lcm(unit, g.nr)
	}
	return balance(p.k, max(unit, g.kc/unit*unit), unit)
}

// nBlock is the column block for cols columns of C. A right TRMM's column
// blocks are its K blocks, so that each block's diagonal part comes first.
func (p *gemmProblem[T]) nBlock(g *gemmImpl[T], cols int) int {
	if p.bKind == opTri {
		return p.kBlock(g)
	}
	return balance(cols, g.nc, g.nr)
}

// jDesc reports whether the column blocks run from last to first (a right
// TRMM with a lower triangular Z_B, whose columns need those on their left).
func (p *gemmProblem[T]) jDesc() bool { return p.bKind == opTri && !p.bUpper }

// kLive reports whether the K block [pc, pc+kcur) has a non-zero part for
// the columns [jc, jc+ncur) (only a triangular Z_B has zero blocks).
func (p *gemmProblem[T]) kLive(jc, ncur, pc, kcur int) bool {
	switch {
	case p.bKind != opTri:
		return true
	case p.bUpper:
		return pc+kcur > jc
	default:
		return pc < jc+ncur
	}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func lcm(a, b int) int { return a / gcd(a, b) * b }

// panelWords is the length of a packed panel row for a K block of kcur:
// kcur elements, or ⌈kcur/2⌉ pair words for a native bfloat16 kernel.
func panelWords[T float](g *gemmImpl[T], kcur int) int {
	if g.pairKernel != nil {
		return (kcur + 1) / 2
	}
	return kcur
}

// reserve sizes a workspace for rows rows of C and column blocks of nc
// (the B buffer only when B is packed into it).
func (p *gemmProblem[T]) reserve(g *gemmImpl[T], ws *workspace[T], rows, nc int, packB bool) {
	kc := p.kBlock(g)
	kw := panelWords(g, kc)
	mc := balance(rows, g.mc, g.mr)
	na, nb := roundUp(mc, g.mr)*kw, 0
	if packB && p.bKind != opPre {
		nb = kw * roundUp(nc, g.nr)
	}
	if p.aKind == opPre {
		na = 0
	}
	ws.reserve(na, nb, g.mr*g.nr)
	if p.bf16 {
		ws.reserveScratch(max(max(g.mr, g.nr)*(kc+1), 2*max(mc, nc)))
	}
}

// packB packs the B panels [jr0, jr1) (offsets from jc, multiples of NR) of
// the block of columns [jc, jc+ncur) and rows [pc, pc+kcur) of op(B) into
// their places in dst, so that packing a block in several pieces (by several
// workers) gives the same panels as packing it whole. x is scratch.
func (p *gemmProblem[T]) packB(g *gemmImpl[T], dst, x []T, jc, ncur, pc, kcur, jr0, jr1 int) {
	kw := panelWords(g, kcur)
	jr1 = min(jr1, ncur)
	if jr0 >= jr1 {
		return
	}
	d := dst[jr0*kw:]
	switch {
	case p.bf16:
		// op(B)[p][j] is b[j*ldb+p] when B is transposed: runs of k.
		packBF16(any(g).(*gemmImpl[float32]), p.bf, any(d).([]float32), any(x).([]float32),
			any(p.b).([]float32), p.bh, p.ldb, p.bTrans, jc+jr0, jr1-jr0, pc, kcur, g.nr)
	case p.bKind == opSym:
		packSymPanels(g, d, p.b, p.ldb, p.bUpper, jc+jr0, jr1-jr0, pc, kcur, g.nr)
	case p.bKind == opTri:
		// Z_B[j][p] = op(B)[p][j]: read transposed when B is not.
		packTriPanels(g, d, p.b, p.ldb, !p.bTrans, p.bUpper, p.unit, jc+jr0, jr1-jr0, pc, kcur, g.nr)
	default:
		packBPanels(g, d, p.b, p.ldb, p.bTrans, pc, kcur, jc+jr0, jr1-jr0, g.nr)
	}
}

// packA packs rows [ic, ic+mcur) and K rows [pc, pc+kcur) of Z_A into dst
// for the variants (a triangular Z_A only where it is not zero).
func (p *gemmProblem[T]) packA(g *gemmImpl[T], dst []T, ic, mcur, pc, kcur int) {
	switch p.aKind {
	case opSym:
		packSymPanels(g, dst, p.a, p.lda, p.aUpper, ic, mcur, pc, kcur, g.mr)
	case opTri:
		packTriPanels(g, dst, p.a, p.lda, p.aTrans, p.aUpper, p.unit, ic, mcur, pc, kcur, g.mr)
	default:
		if p.aTrans && g.packRuns != nil {
			// Whole panels with the assembly copy, the rest in Go.
			mr := g.mr
			full := mcur / mr * mr
			for ir := 0; ir < full; ir += mr {
				g.packRuns(dst[ir*kcur:(ir+mr)*kcur], p.a[pc*p.lda+ic+ir:], p.lda, kcur)
			}
			if full < mcur {
				packAPanels(g, dst[full*kcur:], p.a, p.lda, true, ic+full, mcur-full, pc, kcur, mr)
			}
			return
		}
		packAPanels(g, dst, p.a, p.lda, p.aTrans, ic, mcur, pc, kcur, g.mr)
	}
}

// rows computes rows [i0, i1) of the B panels [jb0, jb1) (offsets from jc)
// of the block of columns [jc, jc+ncur) and K rows [pc, pc+kcur): C =
// alpha·A·B + beta·C over that block (beta on a tile's first K block, 1
// after), with B packed in bp (nil: the light path, B read in place). It
// packs A (rounded for SgemmBF16) into ws, one MC block at a time.
func (p *gemmProblem[T]) rows(g *gemmImpl[T], ws *workspace[T], bp []T, i0, i1, jc, ncur, jb0, jb1, pc, kcur int) {
	if !p.plain() {
		p.rowsVariant(g, ws, bp, i0, i1, jc, jb0, jb1, pc, kcur)
		return
	}
	mr, nr := g.mr, g.nr
	beta := p.beta
	if pc > 0 {
		beta = 1
	}
	_, inPlaceA := p.plan(g)
	kw := panelWords(g, kcur)
	mc := balance(i1-i0, g.mc, mr)
	for ic := i0; ic < i1; ic += mc {
		mcur := min(mc, i1-ic)
		switch {
		case inPlaceA:
			p.blockInPlaceA(g, ic, mcur, pc, kcur, jc, ncur, beta)
			continue
		case p.bf16:
			packBF16(any(g).(*gemmImpl[float32]), p.bf, any(ws.a).([]float32), any(ws.x).([]float32),
				any(p.a).([]float32), p.ah, p.lda, !p.aTrans, ic, mcur, pc, kcur, mr)
		default:
			packAPanels(g, ws.a, p.a, p.lda, p.aTrans, ic, mcur, pc, kcur, mr)
		}
		for jr := 0; jr < ncur; jr += nr {
			ncols := min(nr, ncur-jr)
			b, rsb := p.bPanel(bp, jr, nr, kw, pc, jc)
			for ir := 0; ir < mcur; ir += mr {
				mrows := min(mr, mcur-ir)
				ap := ws.a[ir*kw : (ir+mr)*kw]
				cp := p.c[(ic+ir)*p.ldc+jc+jr:]
				full := g.partial || (mrows == mr && ncols == nr)
				if full {
					p.kernel(g, kcur, ap, b, rsb, beta, cp, p.ldc, mrows, ncols)
					continue
				}
				// Edge tile for a full-tile kernel: compute into
				// scratch, then merge the valid part.
				p.kernel(g, kcur, ap, b, rsb, 0, ws.tile, nr, mr, nr)
				mergeTile(ws.tile, nr, beta, cp, p.ldc, mrows, ncols)
			}
		}
	}
}

// bPanel returns the B operand of the tiles at column jr of the block at
// (pc, jc) and its row stride: the packed NR-panel of bp (kw words per
// column) or, when B is read in place (bp nil), B itself.
func (p *gemmProblem[T]) bPanel(bp []T, jr, nr, kw, pc, jc int) ([]T, int) {
	if bp != nil {
		return bp[jr*kw : (jr+nr)*kw], nr
	}
	return p.b[pc*p.ldb+jc+jr:], p.ldb
}

// rowsVariant is rows for the variants: the predicates of gemmt (tiles
// outside the triangle of C are skipped, tiles across its diagonal merged
// from a scratch tile) and of a triangular operand (each tile's K range cut
// to the operand's non-zero part; beta on the block holding the tile's
// diagonal, which is its first in loop order).
func (p *gemmProblem[T]) rowsVariant(g *gemmImpl[T], ws *workspace[T], bp []T, i0, i1, jc, jb0, jb1, pc, kcur int) {
	mr, nr := g.mr, g.nr
	kb := p.kBlock(g)
	desc := p.kDesc()
	mc := balance(i1-i0, g.mc, mr)
	for ic := i0; ic < i1; ic += mc {
		mcur := min(mc, i1-ic)
		// Row blocks with nothing to do in this block of C or of K.
		switch {
		case p.cTri == lowerC && ic+mcur <= jc+jb0, p.cTri == upperC && ic >= jc+jb1:
			continue
		case p.aKind == opTri && p.aUpper && ic >= pc+kcur, p.aKind == opTri && !p.aUpper && ic+mcur <= pc:
			continue
		}
		ap := ws.a
		if p.aKind == opPre {
			ap = p.a[ic*kcur:]
		} else {
			p.packA(g, ws.a, ic, mcur, pc, kcur)
		}
		for jr := jb0; jr < jb1; jr += nr {
			ncols := min(nr, jb1-jr)
			b, rsb := p.bPanel(bp, jr, nr, kcur, pc, jc)
			c0 := jc + jr
			for ir := 0; ir < mcur; ir += mr {
				mrows := min(mr, mcur-ir)
				r0 := ic + ir
				diag := false
				switch p.cTri {
				case lowerC:
					if c0 > r0+mrows-1 {
						continue
					}
					diag = c0+ncols-1 > r0
				case upperC:
					if c0+ncols-1 < r0 {
						continue
					}
					diag = c0 < r0+mrows-1
				}
				// The tile's non-zero K range [kz0, kz1) in the product.
				kz0, kz1 := 0, p.k
				switch {
				case p.aKind == opTri && p.aUpper:
					kz0 = r0
				case p.aKind == opTri:
					kz1 = r0 + mrows
				case p.bKind == opTri && p.bUpper:
					kz0 = c0
				case p.bKind == opTri:
					kz1 = c0 + ncols
				}
				q0, q1 := max(kz0-pc, 0), min(kz1-pc, kcur)
				if q0 >= q1 {
					continue
				}
				first := kz0
				if desc {
					first = kz1 - 1
				}
				beta := T(1)
				if first/kb*kb == pc {
					beta = p.beta
				}
				ap := ap[ir*kcur+q0*mr : (ir+mr)*kcur]
				bq := b[q0*rsb:]
				cp := p.c[r0*p.ldc+c0:]
				kq := q1 - q0
				if !diag && (g.partial || mrows == mr && ncols == nr) {
					g.kernel(kq, p.alpha, ap, bq, rsb, beta, cp, p.ldc, mrows, ncols)
					continue
				}
				// A diagonal (or edge) tile: into scratch, then store the
				// part in C. A kernel with partial tiles computes only the
				// columns [tlo, thi) some row of the tile needs (scratch
				// column j−tlo).
				tlo, thi := 0, ncols
				if g.partial {
					if diag && p.cTri == upperC {
						tlo = max(0, r0-c0)
					} else if diag {
						thi = min(ncols, r0+mrows-c0)
					}
					g.kernel(kq, p.alpha, ap, bq[tlo:], rsb, 0, ws.tile, nr, mr, thi-tlo)
				} else {
					g.kernel(kq, p.alpha, ap, bq, nr, 0, ws.tile, nr, mr, nr)
				}
				for i := 0; i < mrows; i++ {
					lo, hi := 0, ncols
					if diag && p.cTri == upperC {
						lo = max(0, r0+i-c0)
					} else if diag {
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

// kernel runs the micro-kernel of g on one tile (the native bfloat16 one on
// pair panels where g has it).
func (p *gemmProblem[T]) kernel(g *gemmImpl[T], kcur int, a, b []T, rsb int, beta T, c []T, ldc, m, n int) {
	if g.pairKernel != nil {
		g.pairKernel(panelWords(g, kcur), any(p.alpha).(float32), asWords(any(a).([]float32)), asWords(any(b).([]float32)),
			any(beta).(float32), any(c).([]float32), ldc, m, n)
		return
	}
	g.kernel(kcur, p.alpha, a, b, rsb, beta, c, ldc, m, n)
}

// mergeTile sets the m×n tile c = t + beta*c from a scratch tile t with row
// stride ldt (c is not read when beta is zero).
func mergeTile[T float](t []T, ldt int, beta T, c []T, ldc, m, n int) {
	for i := 0; i < m; i++ {
		src := t[i*ldt : i*ldt+n]
		dst := c[i*ldc : i*ldc+n]
		if beta == 0 {
			copy(dst, src)
			continue
		}
		for j, v := range src {
			dst[j] = v + beta*dst[j]
		}
	}
}

// blockInPlaceA is the inner two loops of block for an A read in place.
func (p *gemmProblem[T]) blockInPlaceA(g *gemmImpl[T], ic, mcur, pc, kcur, jc, ncur int, beta T) {
	for jr := 0; jr < ncur; jr += g.nr {
		ncols := min(g.nr, ncur-jr)
		bp := p.b[pc*p.ldb+jc+jr:]
		for ir := 0; ir < mcur; ir += g.mr {
			ap := p.a[(ic+ir)*p.lda+pc:]
			cp := p.c[(ic+ir)*p.ldc+jc+jr:]
			g.strided(kcur, p.alpha, ap, p.lda, bp, p.ldb, beta, cp, p.ldc, min(g.mr, mcur-ir), ncols)
		}
	}
}

// balance splits n into ⌈n/max⌉ blocks of nearly equal size, rounded up to a
// multiple of unit (but at most max when max is itself such a multiple).
func balance(n, max, unit int) int {
	if n <= max {
		return n
	}
	blocks := (n + max - 1) / max
	b := roundUp((n+blocks-1)/blocks, unit)
	if b > max {
		b = max
	}
	return b
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// packAPanels packs rows [i0, i0+mc) and columns [p0, p0+kc) of op(A) into
// ⌈mc/mr⌉ micro-panels: dst[panel*mr*kc + p*mr + i]. Rows past mc in the last
// panel are zero.
func packAPanels[T float](g *gemmImpl[T], dst, a []T, lda int, trans bool, i0, mc, p0, kc, mr int) {
	if trans {
		// op(A)[i][p] = a[p*lda + i]: each k step is a contiguous run of
		// mc values, read once for all panels (panel by panel, a run of mr
		// values per row would revisit every cache line, which conflict
		// misses have often evicted when lda is a power of two).
		run := g.runOf(mr)
		for p := 0; p < kc; p++ {
			row := a[(p0+p)*lda+i0:][:mc]
			for ir := 0; ir < mc; ir += mr {
				copyPadded(dst[ir*kc+p*mr:][:mr], row[ir:min(ir+mr, mc)], run)
			}
		}
		return
	}
	for ir := 0; ir < mc; ir += mr {
		rows := min(mr, mc-ir)
		gatherRows(g, dst[ir*kc:(ir+mr)*kc], mr, rows, kc, a[(i0+ir)*lda+p0:], lda)
	}
}

// packBPanels packs rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into
// ⌈nc/nr⌉ micro-panels: dst[panel*nr*kc + p*nr + j]. Columns past nc in the
// last panel are zero.
func packBPanels[T float](g *gemmImpl[T], dst, b []T, ldb int, trans bool, p0, kc, j0, nc, nr int) {
	run := g.runOf(nr)
	for jr := 0; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		d := dst[jr*kc : (jr+nr)*kc]
		if !trans {
			for p := 0; p < kc; p++ {
				copyPadded(d[p*nr:p*nr+nr], b[(p0+p)*ldb+j0+jr:][:cols], run)
			}
			continue
		}
		// op(B)[p][j] = b[j*ldb + p].
		gatherRows(g, d, nr, cols, kc, b[(j0+jr)*ldb+p0:], ldb)
	}
}

// packCols packs columns [q0, q1) of rows [i0, i0+rows) of Z, Z[i][p] =
// x[i·ld+p] (or x[p·ld+i] when t), into the w-wide panel d (d[q·w+i] =
// Z[i0+i][p0+q]), rows past rows zero.
func packCols[T float](g *gemmImpl[T], d []T, w, rows int, x []T, ld int, t bool, i0, p0, q0, q1 int) {
	if q0 >= q1 {
		return
	}
	if t {
		run := g.runOf(w)
		for q := q0; q < q1; q++ {
			copyPadded(d[q*w:q*w+w], x[(p0+q)*ld+i0:][:rows], run)
		}
		return
	}
	gatherRows(g, d[q0*w:], w, rows, q1-q0, x[i0*ld+p0+q0:], ld)
}

// panelDiag returns the columns [lo, hi) of the K range [p0, p0+kc) that
// cross the diagonal of rows [r0, r0+rows).
func panelDiag(r0, rows, p0, kc int) (lo, hi int) {
	return min(max(r0-p0, 0), kc), min(max(r0+rows-p0, 0), kc)
}

// packSymPanels packs rows [i0, i0+mc) and columns [p0, p0+kc) of the
// symmetric matrix whose upper (or lower) triangle is stored in x into
// w-wide panels (the layout of packAPanels), straight from the stored
// triangle: left of each panel's diagonal block the stored elements are
// read one way, right of it the other; the diagonal block is read as
// stored, and then each of its columns gets its mirrored part, one
// contiguous run of x.
func packSymPanels[T float](g *gemmImpl[T], dst, x []T, ld int, upper bool, i0, mc, p0, kc, w int) {
	for ir := 0; ir < mc; ir += w {
		rows := min(w, mc-ir)
		r0 := i0 + ir
		d := dst[ir*kc : (ir+w)*kc]
		lo, hi := panelDiag(r0, rows, p0, kc)
		// p < r0 ≤ i: S[i][p] = x[p·ld+i] if upper, x[i·ld+p] if lower.
		packCols(g, d, w, rows, x, ld, upper, r0, p0, 0, lo)
		packCols(g, d, w, rows, x, ld, !upper, r0, p0, hi, kc)
		// The diagonal block: the direct reads of the unstored triangle
		// (inside the k×k matrix) are overwritten by their mirror images.
		packCols(g, d, w, rows, x, ld, false, r0, p0, lo, hi)
		for q := lo; q < hi; q++ {
			p := p0 + q
			id := p - r0 // the column's diagonal row, 0 ≤ id < rows
			col := d[q*w : q*w+rows]
			if upper {
				copy(col[id+1:], x[p*ld+p+1:p*ld+r0+rows])
			} else {
				copy(col[:id], x[p*ld+r0:p*ld+p])
			}
		}
	}
}

// packTriPanels packs rows [i0, i0+mc) and columns [p0, p0+kc) of the
// triangular Z (Z[i][p] read as x[i·ld+p], or x[p·ld+i] when t; zero for
// p < i when upper, for p > i otherwise; one on a unit diagonal, not read)
// into w-wide panels (the layout of packAPanels), each panel only over the
// K range where it is not zero: the kernel reads no further (rowsVariant
// cuts each tile's K range to it). A panel's diagonal block is read whole
// (inside the k×k matrix), then its zero part cleared and a unit diagonal
// set: no value of the unreferenced triangle survives.
func packTriPanels[T float](g *gemmImpl[T], dst, x []T, ld int, t, upper, unit bool, i0, mc, p0, kc, w int) {
	for ir := 0; ir < mc; ir += w {
		rows := min(w, mc-ir)
		r0 := i0 + ir
		d := dst[ir*kc : (ir+w)*kc]
		lo, hi := panelDiag(r0, rows, p0, kc)
		if upper {
			packCols(g, d, w, rows, x, ld, t, r0, p0, lo, kc)
		} else {
			packCols(g, d, w, rows, x, ld, t, r0, p0, 0, hi)
		}
		for q := lo; q < hi; q++ {
			id := p0 + q - r0 // the column's diagonal row, 0 ≤ id < rows
			col := d[q*w : q*w+rows]
			if upper {
				clear(col[id+1:])
			} else {
				clear(col[:id])
			}
			if unit {
				col[id] = 1
			}
		}
	}
}

// copyPadded copies src to the start of dst and zeroes the rest. A run of
// the panel width uses run (a fixed-size array copy: vector moves, from the
// path's data), other short runs a loop: a memmove call costs more than
// moving a few words.
func copyPadded[T float](dst, src []T, run func(dst, src []T)) {
	if len(src) == len(dst) && run != nil {
		run(dst, src)
		return
	}
	if len(src) > 16 {
		copy(dst, src)
	} else {
		dst := dst[:len(src)]
		for j, v := range src {
			dst[j] = v
		}
	}
	clear(dst[len(src):])
}

// gatherRows transposes rows×kc elements of src (row stride ld) into the
// panel d: d[p*w+i] = src[i*ld+p] for i < rows, and zero for rows ≤ i < w.
// It works on groups of eight and four source rows so that every pass writes
// contiguous runs of the panel, with g's transposing packs where it has
// them.
func gatherRows[T float](g *gemmImpl[T], d []T, w, rows, kc int, src []T, ld int) {
	d = d[:w*kc]
	i := 0
	if g.pack8 != nil {
		for ; i+8 <= rows; i += 8 {
			g.pack8(d[i:], w, src[i*ld:], ld, kc)
		}
	}
	if g.pack4 != nil {
		for ; i+4 <= rows; i += 4 {
			g.pack4(d[i:], w, src[i*ld:], ld, kc)
		}
	}
	for ; i+8 <= rows; i += 8 {
		r0 := src[(i+0)*ld:][:kc]
		r1 := src[(i+1)*ld:][:kc]
		r2 := src[(i+2)*ld:][:kc]
		r3 := src[(i+3)*ld:][:kc]
		r4 := src[(i+4)*ld:][:kc]
		r5 := src[(i+5)*ld:][:kc]
		r6 := src[(i+6)*ld:][:kc]
		r7 := src[(i+7)*ld:][:kc]
		for p := range r0 {
			q := d[p*w+i:][:8]
			q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
			q[4], q[5], q[6], q[7] = r4[p], r5[p], r6[p], r7[p]
		}
	}
	for ; i+4 <= rows; i += 4 {
		r0 := src[(i+0)*ld:][:kc]
		r1 := src[(i+1)*ld:][:kc]
		r2 := src[(i+2)*ld:][:kc]
		r3 := src[(i+3)*ld:][:kc]
		for p := range r0 {
			q := d[p*w+i:][:4]
			q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
		}
	}
	for ; i < rows; i++ {
		r := src[i*ld:][:kc]
		for p, v := range r {
			d[p*w+i] = v
		}
	}
	if rows < w {
		for p := 0; p < kc; p++ {
			clear(d[p*w+rows : p*w+w])
		}
	}
}

// workspace holds one worker's packing buffers, 64-byte aligned; x is
// scratch for packing (SgemmBF16's conversions).
type workspace[T float] struct {
	a, b, tile, x []T
}

func (w *workspace[T]) reserve(na, nb, nt int) {
	if len(w.a) < na {
		w.a = alignedSlice[T](na)
	}
	if len(w.b) < nb {
		w.b = alignedSlice[T](nb)
	}
	if len(w.tile) < nt {
		w.tile = alignedSlice[T](nt)
	}
}

func (w *workspace[T]) reserveScratch(n int) {
	if len(w.x) < n {
		w.x = alignedSlice[T](n)
	}
}

// alignedSlice returns a zeroed slice of length n whose first element is
// 64-byte aligned.
func alignedSlice[T float](n int) []T {
	var z T
	size := int(unsafe.Sizeof(z))
	s := make([]T, n+64/size)
	off := int(uintptr(unsafe.Pointer(&s[0]))&63) / size
	if off != 0 {
		off = 64/size - off
	}
	return s[off : off+n : off+n]
}

// worker is the per-goroutine state: one workspace per precision. pooled
// marks the persistent workers' own.
type worker struct {
	s      workspace[float32]
	d      workspace[float64]
	pooled bool
}

func workspaceOf[T float](w *worker) *workspace[T] {
	var z T
	switch any(z).(type) {
	case float32:
		return any(&w.s).(*workspace[T])
	default:
		return any(&w.d).(*workspace[T])
	}
}

// freeList is a bounded stack of reusable objects. Unlike a sync.Pool it is
// not emptied by the garbage collector: reallocating megabytes of packing
// buffers after every collection is not a steady state that allocates
// nothing. It is last in, first out, so that a call reuses the most
// recently used object (its buffers warm and already large enough; a
// queue cycled through every object ever put, each grown in turn).
type freeList[E any] struct {
	mu    sync.Mutex
	n     int
	items [maxWorkers]*E
}

func (l *freeList[E]) get() *E {
	l.mu.Lock()
	if l.n == 0 {
		l.mu.Unlock()
		return new(E)
	}
	l.n--
	e := l.items[l.n]
	l.items[l.n] = nil
	l.mu.Unlock()
	return e
}

func (l *freeList[E]) put(e *E) {
	l.mu.Lock()
	if l.n < len(l.items) { // else more concurrent callers than it holds: let it go
		l.items[l.n] = e
		l.n++
	}
	l.mu.Unlock()
}

// idleWorkers keeps the workspaces of calling goroutines between calls.
var idleWorkers freeList[worker]

func getWorker() *worker  { return idleWorkers.get() }
func putWorker(w *worker) { idleWorkers.put(w) }

// task is a unit of work for the persistent workers.
type task interface{ run(w *worker) }

// chunkSet is the shared state of a call split into chunks. The calling
// goroutine and the workers claim chunks in order until none is left, so a
// worker that wakes late (tens of microseconds on a virtual machine) takes
// only what the caller has not already done.
type chunkSet struct {
	wg      sync.WaitGroup
	n       int
	next    atomic.Int32
	pending atomic.Int32 // participants not done yet
}

// parallelJob is a call split into chunks: run claims and runs chunks until
// none is left, then calls done.
type parallelJob interface {
	task
	chunkSet() *chunkSet
}

// drain claims chunks of s and runs them with f until none is left.
func (s *chunkSet) drain(w *worker, f func(t int, w *worker)) {
	for {
		t := int(s.next.Add(1)) - 1
		if t >= s.n {
			break
		}
		f(t, w)
	}
	s.done(w)
}

// done ends one participant's part. A persistent worker counts itself
// free before the caller can return, so that a call right after finds it.
func (s *chunkSet) done(w *worker) {
	if w.pooled {
		freeWorkers.Add(1)
	}
	s.pending.Add(-1)
	s.wg.Done()
}

// Nesting. A call queues work only for workers that are free (waiting for
// a task) and reserved by it: freeWorkers counts the free workers not yet
// reserved. A parallel call made inside a chunk of another (a GEMM in a
// ParallelFor task, a ParallelFor in a ParallelFor) therefore never waits
// for a worker that is itself busy in the outer call, which deadlocked
// when every participant waited so; with no free worker it runs all its
// chunks on the calling goroutine. The chunks a call is split into do not
// depend on how many helpers it gets, so neither do its results.
var freeWorkers atomic.Int32

// reserveWorkers reserves up to n free workers and returns how many it got.
func reserveWorkers(n int) int {
	for {
		f := freeWorkers.Load()
		r := min(int32(n), f)
		if r <= 0 {
			return 0
		}
		if freeWorkers.CompareAndSwap(f, f-r) {
			return int(r)
		}
	}
}

// runParallel runs the n chunks of job on the calling goroutine and up to
// nw−1 persistent workers, and returns when all are done.
//
// The caller polls for the helpers to finish (for up to workerSpin, yielding
// on every round) before it blocks on the WaitGroup. Blocking right away
// parked the caller whenever a helper finished last; the helper's Done then
// made the caller runnable on the helper's own processor, the helper's poll
// for the next task (nextTask) went to the global run queue, and the next
// call's helper waited for the caller's former processor to wake up, tens
// to hundreds of microseconds on a virtual machine: calls back to back on
// two threads kept the second processor idle 15–30 % of the time (Strmm
// n = 512: 1.73 CPUs in use, 1.93 with the poll; Sgemm 256×512×512 on two
// threads 1.69× one thread, 1.89× with it).
func runParallel(job parallelJob, nw, n int) {
	s := job.chunkSet()
	s.n = n
	s.next.Store(0)
	ensureWorkers(nw - 1)
	helpers := reserveWorkers(nw - 1)
	s.wg.Add(1 + helpers)
	s.pending.Store(int32(1 + helpers))
	for t := 0; t < helpers; t++ {
		workerQueue <- job
	}
	w := getWorker()
	job.run(w)
	putWorker(w)
	if s.pending.Load() > 0 {
		for end := time.Now().Add(workerSpin); s.pending.Load() > 0 && time.Now().Before(end); {
			runtime.Gosched()
		}
	}
	s.wg.Wait()
}

var (
	workerQueue = make(chan task, maxWorkers)
	workersMu   sync.Mutex
	numWorkers  int
)

// workerSpin is how long an idle worker polls for the next task before it
// blocks (and how long a caller polls for its helpers, runParallel). Waking
// a blocked worker costs tens to hundreds of microseconds on a virtual
// machine whose idle vCPU has halted, so products of under a millisecond
// ran mostly on the caller alone (SgemmBF16 256×512×512 on two threads:
// 1.1× one thread, 1.9× with a 50 µs spin). 200 µs covers the gap of a
// caller that does a little serial work between parallel calls, as LAPACK
// routines do between their TRSM/GEMM updates and a benchmark does
// restoring its operand (Strmm n = 512 on two threads after a 1 MB copy:
// 1.40× one thread with 50 µs, 1.70× with 200 µs). The poll yields the
// processor on every round (runtime.Gosched), so goroutines of the caller's
// own (ssl's overlapped eigensolve) still run: a spin without the yield
// slowed the two-thread training step by 10–60 %, with it the step is
// unchanged. An idle worker burns at most workerSpin of CPU after a task.
const workerSpin = 200 * time.Microsecond

// nextTask returns the next task of the queue, polling for workerSpin
// before it blocks.
func nextTask() task {
	select {
	case t := <-workerQueue:
		return t
	default:
	}
	for end := time.Now().Add(workerSpin); time.Now().Before(end); {
		select {
		case t := <-workerQueue:
			return t
		default:
			runtime.Gosched()
		}
	}
	return <-workerQueue
}

// ensureWorkers starts persistent worker goroutines until there are n; each
// starts free.
func ensureWorkers(n int) {
	workersMu.Lock()
	for numWorkers < n {
		numWorkers++
		freeWorkers.Add(1)
		go func() {
			w := &worker{pooled: true}
			for {
				nextTask().run(w)
			}
		}()
	}
	workersMu.Unlock()
}

type gemmJob[T float] struct {
	p      gemmProblem[T]
	g      *gemmImpl[T]
	set    chunkSet
	chunks [chunksPerWorker * maxWorkers]gemmChunk[T]

	// A shared-B product (runShared): its row tasks are chunks[:rowTasks].
	shared                               bool
	nw, rowTasks                         int
	bshared                              []T
	packNext, packDone, rowNext, rowDone atomic.Int32
}

type gemmChunk[T float] struct {
	i0, i1, j0, j1 int
}

func (j *gemmJob[T]) chunkSet() *chunkSet { return &j.set }

func (j *gemmJob[T]) run(w *worker) {
	if j.shared {
		j.runShared(w)
		return
	}
	j.set.drain(w, j.runChunk)
}

func (j *gemmJob[T]) runChunk(t int, w *worker) {
	c := &j.chunks[t]
	j.p.block(j.g, workspaceOf[T](w), c.i0, c.i1, c.j0, c.j1)
}

// Free lists of jobs.
var (
	idleJobsS freeList[gemmJob[float32]]
	idleJobsD freeList[gemmJob[float64]]
)

func idleJobs[T float]() *freeList[gemmJob[T]] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&idleJobsS).(*freeList[gemmJob[T]])
	}
	return any(&idleJobsD).(*freeList[gemmJob[T]])
}

func getJob[T float]() *gemmJob[T]  { return idleJobs[T]().get() }
func putJob[T float](j *gemmJob[T]) { idleJobs[T]().put(j) }
