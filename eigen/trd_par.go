package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// The parallel steps of the blocked reduction (sytrd/latrd). Every step is
// cut into chunks that depend only on the sizes (the order r of the
// trailing matrix, the panel column j), so the arithmetic is the same
// whoever runs which chunk: results are bitwise identical for any
// GOMAXPROCS. With one thread the chunks simply run in order, except the
// element-range steps, which run as one range (runElem).
//
// Per column of a panel (dlatrd), with V the panel's reflectors and W its
// update vectors so far:
//
//	trdRow:  row r ← row r − V·(W row r)ᵀ − W·(V row r)ᵀ    element ranges
//	trdSymv: w ← A·v (lower triangle), partial per row chunk, and the
//	         dot products Wᵀv and Vᵀv (each whole, in one of the chunks)
//	trdSumW: w ← τ·(Σ partial w − V·(Wᵀv) − W·(Vᵀv))       element ranges
//
// The symmetric matrix-vector product reads A once; its row chunks have
// equal triangle area, each accumulates y_c = A[rows_c, :]·v into its own
// buffer, and trdSumW adds the buffers in chunk order. Per panel:
//
//	trdPack:  P = [V W], Q = [W V] for the rank-2k update, row ranges
//	trdSyr2k: A ← A − P·Qᵀ, one GEMM per row block, largest first

const symvMaxChunks = 8 // at least 2·trdNB/symvMaxChunks dots per chunk fit sdot

const (
	trdRow = iota
	trdSymv
	trdSumW
	trdPack
	trdSyr2k
)

// parParams are the sizes from which work is split. Tests lower them to
// exercise the parallel code on small matrices.
type parParams struct {
	symvRows  int // rows of the trailing matrix per symv chunk (≥ 1 chunk)
	teamMin   int // order from which the reduction uses a team of threads
	syr2kMACs int // largest GEMM (multiply-adds) of one syr2k row block
	dcParMax  int // largest merge run beside others (its products < gemmSerialMACs)
	prodSplit int // smallest merge product (multiply-adds) split in two
	ormMin    int // order from which the back-transformation is split
	// grainWork is the least work (multiply-adds or element copies) worth
	// a chunk of kernels.ParallelFor: waking a blocked worker costs tens
	// of microseconds, and the caller waits for it even when it did every
	// chunk itself.
	grainWork int
}

// gemmSerialMACs is the largest product that this package calls from
// inside a parallel chunk: kernels runs products below 2·2²² multiply-adds
// on the calling goroutine, and a parallel GEMM started from a chunk would
// wait for workers that may all be busy with the chunks.
const gemmSerialMACs = 1 << 22

var par = parParams{
	symvRows:  64,
	teamMin:   384,
	syr2kMACs: gemmSerialMACs,
	dcParMax:  160,
	prodSplit: 1 << 18,
	ormMin:    128,
	grainWork: 1 << 16,
}

// symvChunks returns the number of row chunks of the order-r product.
func symvChunks(r int) int {
	return max(1, min(symvMaxChunks, r/par.symvRows))
}

// elemChunks returns the number of element ranges of the order-r steps
// made of vector kernel calls (at least 256 elements per call).
func elemChunks(r int) int {
	return max(1, min(symvMaxChunks, r/(4*par.symvRows)))
}

// trdStep holds the arguments of the current parallel step of the
// reduction.
type trdStep[F flt] struct {
	s    *core[F]
	kind int
	nc   int // chunks of the step
	ns   int // chunks of the last trdSymv step

	// column steps
	k, j, r int
	row     []F // row r (r+1 entries)
	v, w    []F // reflector and its update vector (r entries)
	tau     F
	cv, cw  []F                    // coefficients of the V and W rows (j entries)
	bnd     [symvMaxChunks + 1]int // trdSymv row bounds

	// panel steps
	m, nb, bs int
	p, q      []F
}

// runElem runs a step made of element ranges (trdRow, trdSumW, trdPack)
// in nc chunks on the team, or, without helpers, as one range: every
// element gets the same operations in the same order either way (the
// vector kernels treat every element alike, tails included), so the
// results are the same bits, without nc times the kernel calls.
func (s *core[F]) runElem(t *trdStep[F], nc int) {
	if s.team.helpers == 0 {
		t.nc = 1
		t.runChunk(0)
		return
	}
	t.nc = nc
	s.team.run(t, nc)
}

// rangeOf returns chunk c of nc equal ranges of [0, n).
func rangeOf(n, nc, c int) (int, int) {
	return n * c / nc, n * (c + 1) / nc
}

func (t *trdStep[F]) runChunk(c int) {
	s := t.s
	n := s.n
	a, lda := s.a, n
	switch t.kind {
	case trdRow:
		lo, hi := rangeOf(t.r+1, t.nc, c)
		dst := t.row[lo:hi]
		for q := 0; q < t.j; q++ {
			vr := a[(t.k-t.j+q)*lda:]
			axpy(t.cv[q], vr[lo:hi], dst)
		}
		for q := 0; q < t.j; q++ {
			axpy(t.cw[q], s.wt[q*n+lo:q*n+hi], dst)
		}
	case trdSymv:
		b0, b1 := t.bnd[c], t.bnd[c+1]
		y := t.w
		if t.nc > 1 {
			y = s.spart[c*n : c*n+b1]
		}
		symvRows(a, lda, t.v, y[:b1], b0, b1)
		// The dot products Wᵀv and Vᵀv, whole, every nc-th one.
		v := t.v[:t.r]
		for q := c; q < 2*t.j; q += t.nc {
			if q < t.j {
				s.sdot[q] = dot(s.wt[q*n:q*n+t.r], v)
			} else {
				qq := q - t.j
				s.sdot[trdNB+qq] = dot(a[(t.k-t.j+qq)*lda:(t.k-t.j+qq)*lda+t.r], v)
			}
		}
	case trdSumW:
		lo, hi := rangeOf(t.r, t.nc, c)
		w := t.w[lo:hi]
		if t.ns > 1 {
			clear(w)
			for cc := 0; cc < t.ns; cc++ {
				e := min(hi, t.bnd[cc+1])
				if e <= lo {
					continue
				}
				src := s.spart[cc*n+lo : cc*n+e]
				dst := w[:e-lo]
				for i, x := range src {
					dst[i] += x
				}
			}
		}
		for q := 0; q < t.j; q++ {
			axpy(t.cv[q], a[(t.k-t.j+q)*lda+lo:(t.k-t.j+q)*lda+hi], w)
		}
		for q := 0; q < t.j; q++ {
			axpy(t.cw[q], s.wt[q*n+lo:q*n+hi], w)
		}
		scal(t.tau, w)
	case trdPack:
		lo, hi := rangeOf(t.m, t.nc, c)
		nb, nb2 := t.nb, 2*t.nb
		for q := 0; q < nb; q++ {
			vt := a[(t.k-1-q)*lda : (t.k-1-q)*lda+t.m]
			wt := s.wt[q*n : q*n+t.m]
			for i := lo; i < hi; i++ {
				t.p[i*nb2+q] = vt[i]
				t.p[i*nb2+nb+q] = wt[i]
				t.q[i*nb2+q] = wt[i]
				t.q[i*nb2+nb+q] = vt[i]
			}
		}
	case trdSyr2k:
		// Largest block (the last rows) first.
		blk := t.nc - 1 - c
		i0 := blk * t.bs
		i1 := min(t.m, i0+t.bs)
		kk := 2 * t.nb
		gemm(blas.NoTrans, blas.Trans, i1-i0, i1, kk, -1, t.p[i0*kk:], kk, t.q, kk, 1, a[i0*lda:], lda)
	}
}

// symvRows adds rows [b0, b1) of the product of the symmetric matrix whose
// lower triangle is in a (stride lda) with x to y (len(y) ≥ b1): row i
// contributes its dot product with x to y[i] and x[i]·row to y[0:i]. y[0:b1]
// is cleared first.
func symvRows[F flt](a []F, lda int, x, y []F, b0, b1 int) {
	clear(y[:b1])
	i := b0
	for ; i < min(b1, vecMin); i++ {
		row := a[i*lda : i*lda+i+1]
		xi := x[i]
		var s F
		for j, aij := range row[:i] {
			s += aij * x[j]
			y[j] += aij * xi
		}
		y[i] += s + row[i]*xi
	}
	for ; i < b1; i++ {
		row := a[i*lda : i*lda+i+1]
		xi := x[i]
		y[i] += dot(row[:i], x[:i]) + row[i]*xi
		axpy(xi, row[:i], y[:i])
	}
}

// setSymvBounds splits rows [0, r) into nc chunks of equal triangle area.
func (t *trdStep[F]) setSymvBounds(r, nc int) {
	t.bnd[0] = 0
	for c := 1; c < nc; c++ {
		t.bnd[c] = int(math.Round(float64(r) * math.Sqrt(float64(c)/float64(nc))))
	}
	t.bnd[nc] = r
}
