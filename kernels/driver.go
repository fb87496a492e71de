package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// This file is the portable half of GEMM, after BLIS: the five loops around
// the micro-kernel, packing, and the split of C between workers. Everything
// that differs between CPUs is data in a gemmImpl.
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
// m, n, k > 0 and alpha ≠ 0.
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
	// rounded to bfloat16 while packing (blockBF16); BF16gemm's operands
	// are ah and bh instead of a and b.
	bf16   bool
	ah, bh []BF16
}

// Parallel thresholds. A product is split between workers only when every
// worker gets at least parMinMACs multiply-adds.
const (
	parMinMACs = 1 << 22
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
	nw := min(runtime.GOMAXPROCS(0), maxWorkers, p.m*p.n*p.k/parMinMACs)
	tilesM := (p.m + g.mr - 1) / g.mr
	tilesN := (p.n + g.nr - 1) / g.nr
	if packB, _ := p.plan(g); nw > 1 && packB && tilesM >= coopMinTiles*nw {
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
	nc := balance(p.n, g.nc, g.nr)
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
	defer j.set.wg.Done()
	p, g := &j.p, j.g
	ws := workspaceOf[T](w)
	kc := p.kBlock(g)
	nc := balance(p.n, g.nc, g.nr)
	// rows packs a task's rows in MC blocks of balance(rows, MC, MR), which
	// is not monotonic in the rows (104 rows: 56, 96 rows: 96): reserve for
	// the largest block any task can have.
	p.reserve(g, ws, min(p.m, g.mc), nc, false)
	packBase, rowBase := 0, 0
	for jc := 0; jc < p.n; jc += nc {
		ncur := min(nc, p.n-jc)
		panels := (ncur + g.nr - 1) / g.nr
		pieces := min(panels, coopPackPieces*j.nw)
		for pc := 0; pc < p.k; pc += kc {
			kcur := min(kc, p.k-pc)
			beta := p.beta
			if pc > 0 {
				beta = 1
			}
			for t := claim(&j.packNext, packBase+pieces); t >= 0; t = claim(&j.packNext, packBase+pieces) {
				t -= packBase
				p.packB(g, j.bshared, ws.x, jc, ncur, pc, kcur, panels*t/pieces*g.nr, panels*(t+1)/pieces*g.nr)
				j.packDone.Add(1)
			}
			waitFor(&j.packDone, packBase+pieces)
			for t := claim(&j.rowNext, rowBase+j.rowTasks); t >= 0; t = claim(&j.rowNext, rowBase+j.rowTasks) {
				ch := &j.chunks[t-rowBase]
				p.rows(g, ws, j.bshared, ch.i0, ch.i1, jc, ncur, pc, kcur, beta)
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
// on the whole product only, never on how it is split.
func (p *gemmProblem[T]) plan(g *gemmImpl[T]) (packB, inPlaceA bool) {
	if p.bf16 {
		return true, false // both operands are rounded while packing
	}
	packB = p.bTrans || !g.partial || p.m > lightRows
	inPlaceA = !packB && !p.aTrans && g.strided != nil && p.n <= inPlaceCols*g.nr
	return packB, inPlaceA
}

// block computes rows [i0, i1) and columns [j0, j1) of C.
func (p *gemmProblem[T]) block(g *gemmImpl[T], ws *workspace[T], i0, i1, j0, j1 int) {
	packB, _ := p.plan(g)
	kc := p.kBlock(g)
	nc := balance(j1-j0, g.nc, g.nr)
	p.reserve(g, ws, i1-i0, nc, packB)
	for jc := j0; jc < j1; jc += nc {
		ncur := min(nc, j1-jc)
		for pc := 0; pc < p.k; pc += kc {
			kcur := min(kc, p.k-pc)
			beta := p.beta
			if pc > 0 {
				beta = 1
			}
			var bp []T
			if packB {
				p.packB(g, ws.b, ws.x, jc, ncur, pc, kcur, 0, ncur)
				bp = ws.b
			}
			p.rows(g, ws, bp, i0, i1, jc, ncur, pc, kcur, beta)
		}
	}
}

// kBlock is the K block of the product: never split between workers, and
// even, so that the k-pairs of the bfloat16 kernels never straddle two.
func (p *gemmProblem[T]) kBlock(g *gemmImpl[T]) int { return balance(p.k, g.kc, 8) }

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
	nb := 0
	if packB {
		nb = kw * roundUp(nc, g.nr)
	}
	ws.reserve(roundUp(mc, g.mr)*kw, nb, g.mr*g.nr)
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
	if p.bf16 {
		// op(B)[p][j] is b[j*ldb+p] when B is transposed: runs of k.
		packBF16(any(g).(*gemmImpl[float32]), any(dst[jr0*kw:]).([]float32), any(x).([]float32),
			any(p.b).([]float32), p.bh, p.ldb, p.bTrans, jc+jr0, jr1-jr0, pc, kcur, g.nr)
		return
	}
	packBPanels(dst[jr0*kw:], p.b, p.ldb, p.bTrans, pc, kcur, jc+jr0, jr1-jr0, g.nr)
}

// rows computes rows [i0, i1) of the block of columns [jc, jc+ncur) and K
// rows [pc, pc+kcur): C = alpha·A·B + beta·C over that block, with B
// packed in bp (nil: the light path, B read in place). It packs A (rounded
// for SgemmBF16) into ws, one MC block at a time.
func (p *gemmProblem[T]) rows(g *gemmImpl[T], ws *workspace[T], bp []T, i0, i1, jc, ncur, pc, kcur int, beta T) {
	mr, nr := g.mr, g.nr
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
			packBF16(any(g).(*gemmImpl[float32]), any(ws.a).([]float32), any(ws.x).([]float32),
				any(p.a).([]float32), p.ah, p.lda, !p.aTrans, ic, mcur, pc, kcur, mr)
		default:
			packAPanels(ws.a, p.a, p.lda, p.aTrans, ic, mcur, pc, kcur, mr)
		}
		for jr := 0; jr < ncur; jr += nr {
			ncols := min(nr, ncur-jr)
			var b []T
			rsb := nr
			if bp != nil {
				b = bp[jr*kw : (jr+nr)*kw]
			} else {
				b, rsb = p.b[pc*p.ldb+jc+jr:], p.ldb
			}
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
func packAPanels[T float](dst, a []T, lda int, trans bool, i0, mc, p0, kc, mr int) {
	if trans {
		// op(A)[i][p] = a[p*lda + i]: each k step is a contiguous run of
		// mc values, read once for all panels (panel by panel, a run of mr
		// values per row would revisit every cache line, which conflict
		// misses have often evicted when lda is a power of two).
		for p := 0; p < kc; p++ {
			row := a[(p0+p)*lda+i0:][:mc]
			for ir := 0; ir < mc; ir += mr {
				copyPadded(dst[ir*kc+p*mr:][:mr], row[ir:min(ir+mr, mc)])
			}
		}
		return
	}
	for ir := 0; ir < mc; ir += mr {
		rows := min(mr, mc-ir)
		gatherRows(dst[ir*kc:(ir+mr)*kc], mr, rows, kc, a[(i0+ir)*lda+p0:], lda)
	}
}

// packBPanels packs rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into
// ⌈nc/nr⌉ micro-panels: dst[panel*nr*kc + p*nr + j]. Columns past nc in the
// last panel are zero.
func packBPanels[T float](dst, b []T, ldb int, trans bool, p0, kc, j0, nc, nr int) {
	for jr := 0; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		d := dst[jr*kc : (jr+nr)*kc]
		if !trans {
			for p := 0; p < kc; p++ {
				copyPadded(d[p*nr:p*nr+nr], b[(p0+p)*ldb+j0+jr:][:cols])
			}
			continue
		}
		// op(B)[p][j] = b[j*ldb + p].
		gatherRows(d, nr, cols, kc, b[(j0+jr)*ldb+p0:], ldb)
	}
}

// packsOf returns the transposing 8- and 4-row packs of the path in use
// (nil where it has none).
func packsOf[T float]() (pack8, pack4 func(dst []T, ds int, src []T, ld, k int)) {
	var z T
	type packFunc = func([]T, int, []T, int, int)
	if _, ok := any(z).(float32); ok {
		return any(cur.s.pack8).(packFunc), any(cur.s.pack4).(packFunc)
	}
	return any(cur.d.pack8).(packFunc), any(cur.d.pack4).(packFunc)
}

// copyPadded copies src to the start of dst and zeroes the rest. Panel-wide
// runs use fixed-size array copies (vector moves), other short runs a loop:
// a memmove call costs more than moving a few words.
func copyPadded[T float](dst, src []T) {
	if len(src) == len(dst) {
		switch len(dst) {
		case 8:
			*(*[8]T)(dst) = [8]T(src)
			return
		case 12:
			*(*[12]T)(dst) = [12]T(src)
			return
		case 16:
			*(*[16]T)(dst) = [16]T(src)
			return
		case 24:
			*(*[24]T)(dst) = [24]T(src)
			return
		case 48:
			*(*[48]T)(dst) = [48]T(src)
			return
		}
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
// contiguous runs of the panel.
func gatherRows[T float](d []T, w, rows, kc int, src []T, ld int) {
	d = d[:w*kc]
	i := 0
	pack8, pack4 := packsOf[T]()
	if pack8 != nil {
		for ; i+8 <= rows; i += 8 {
			pack8(d[i:], w, src[i*ld:], ld, kc)
		}
	}
	if pack4 != nil {
		for ; i+4 <= rows; i += 4 {
			pack4(d[i:], w, src[i*ld:], ld, kc)
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

// worker is the per-goroutine state: one workspace per precision.
type worker struct {
	s workspace[float32]
	d workspace[float64]
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

// freeList is a bounded list of reusable objects. Unlike a sync.Pool it is
// not emptied by the garbage collector: reallocating megabytes of packing
// buffers after every collection is not a steady state that allocates nothing.
type freeList[E any] chan *E

func (l freeList[E]) get() *E {
	select {
	case e := <-l:
		return e
	default:
		return new(E)
	}
}

func (l freeList[E]) put(e *E) {
	select {
	case l <- e:
	default: // more concurrent callers than the list holds: let it go
	}
}

// idleWorkers keeps the workspaces of calling goroutines between calls.
var idleWorkers = make(freeList[worker], maxWorkers)

func getWorker() *worker  { return idleWorkers.get() }
func putWorker(w *worker) { idleWorkers.put(w) }

// task is a unit of work for the persistent workers.
type task interface{ run(w *worker) }

// chunkSet is the shared state of a call split into chunks. The calling
// goroutine and the workers claim chunks in order until none is left, so a
// worker that wakes late (tens of microseconds on a virtual machine) takes
// only what the caller has not already done.
type chunkSet struct {
	wg   sync.WaitGroup
	n    int
	next atomic.Int32
}

// parallelJob is a call split into chunks: run claims and runs chunks until
// none is left, then calls Done on the set's WaitGroup.
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
	s.wg.Done()
}

// runParallel runs the n chunks of job on the calling goroutine and nw−1
// persistent workers, and returns when all are done.
func runParallel(job parallelJob, nw, n int) {
	s := job.chunkSet()
	s.n = n
	s.next.Store(0)
	s.wg.Add(nw)
	ensureWorkers(nw - 1)
	for t := 1; t < nw; t++ {
		workerQueue <- job
	}
	w := getWorker()
	job.run(w)
	putWorker(w)
	s.wg.Wait()
}

var (
	workerQueue = make(chan task, maxWorkers)
	workersMu   sync.Mutex
	numWorkers  int
)

// workerSpin is how long an idle worker polls for the next task before it
// blocks. Waking a blocked worker costs tens to hundreds of microseconds on
// a virtual machine whose idle vCPU has halted, so products of under a
// millisecond ran mostly on the caller alone (SgemmBF16 256×512×512 on two
// threads: 1.1× one thread, 1.9× with the spin). The poll yields the
// processor on every round (runtime.Gosched), so goroutines of the caller's
// own (ssl's overlapped eigensolve) still run: a spin without the yield
// slowed the two-thread training step by 10–60 %, with it the step is
// unchanged. An idle worker burns at most workerSpin of CPU after a task.
const workerSpin = 50 * time.Microsecond

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

// ensureWorkers starts persistent worker goroutines until there are n.
func ensureWorkers(n int) {
	workersMu.Lock()
	for numWorkers < n {
		numWorkers++
		go func() {
			w := new(worker)
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
	idleJobsS = make(freeList[gemmJob[float32]], maxWorkers)
	idleJobsD = make(freeList[gemmJob[float64]], maxWorkers)
)

func idleJobs[T float]() freeList[gemmJob[T]] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(idleJobsS).(freeList[gemmJob[T]])
	}
	return any(idleJobsD).(freeList[gemmJob[T]])
}

func getJob[T float]() *gemmJob[T]  { return idleJobs[T]().get() }
func putJob[T float](j *gemmJob[T]) { idleJobs[T]().put(j) }
