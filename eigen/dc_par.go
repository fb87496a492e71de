package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// Parallel divide and conquer. The recursion of dstedc is run as a tree:
// the rank-one tearing is applied top-down first (each tearing changes two
// diagonal entries no other tearing touches, so the order does not
// matter), the leaves are solved in parallel, and the merges run level by
// level from the deepest: merges of order ≤ par.dcParMax side by side (one
// per chunk; their products stay below gemmSerialMACs), larger ones one at
// a time with their loops over roots, columns and rows split over the
// workers and their products on the kernels' parallel GEMM. Every merge
// does the same arithmetic however it is scheduled, so the results are
// bitwise identical for any GOMAXPROCS.

type dcNode struct {
	lo, mid, hi, depth int
	beta               float64
	ok                 bool
}

const (
	dcLeafSolve = iota
	dcMergeSmall
	dcGather // rows of s.z in the order s.mrow into s.mg2
)

// dcTask runs leaves or small merges of one level in parallel.
type dcTask[F flt] struct {
	s    *core[F]
	kind int
}

func (t *dcTask[F]) RunRange(lo, hi, _ int) {
	s := t.s
	n := s.n
	for i := lo; i < hi; i++ {
		switch t.kind {
		case dcLeafSolve:
			nd := &s.dcLeaves[i]
			m := nd.hi - nd.lo
			zt := s.z[nd.lo*n+nd.lo:]
			setIdentity(m, zt, n)
			nd.ok = steqr(m, s.d[nd.lo:nd.hi], s.e[nd.lo:nd.hi-1], zt, n, m)
		case dcGather:
			p := s.mrow[i]
			copy(s.mg2[i*n:i*n+n], s.z[p*n:p*n+n])
		case dcMergeSmall:
			nd := &s.dcNodes[s.dcLevel[i]]
			nd.ok = s.merge(nd.lo, nd.mid, nd.hi, nd.beta, false, &s.msteps[s.dcLevel[i]])
		}
	}
}

// tear records the tree of [lo, hi) and applies its rank-one tearings.
func (s *core[F]) tear(lo, hi, depth int) {
	if hi-lo <= dcLeaf {
		s.dcLeaves = append(s.dcLeaves, dcNode{lo: lo, hi: hi})
		return
	}
	mid := (lo + hi) / 2
	beta := s.e[mid-1]
	s.d[mid-1] -= math.Abs(beta)
	s.d[mid] -= math.Abs(beta)
	s.dcNodes = append(s.dcNodes, dcNode{lo: lo, mid: mid, hi: hi, depth: depth, beta: beta})
	s.tear(lo, mid, depth+1)
	s.tear(mid, hi, depth+1)
}

// dcTree solves the unreduced block [lo, hi) (scaled) by divide and
// conquer.
func (s *core[F]) dcTree(lo, hi int) bool {
	s.dcNodes, s.dcLeaves = s.dcNodes[:0], s.dcLeaves[:0]
	s.tear(lo, hi, 0)
	t := &s.dcT
	t.s = s
	t.kind = dcLeafSolve
	s.parFor(len(s.dcLeaves), max(1, par.grainWork/(dcLeaf*dcLeaf*dcLeaf)), t)
	for i := range s.dcLeaves {
		if !s.dcLeaves[i].ok {
			return false
		}
	}
	maxDepth := -1
	for i := range s.dcNodes {
		maxDepth = max(maxDepth, s.dcNodes[i].depth)
	}
	for dep := maxDepth; dep >= 0; dep-- {
		level := s.dcLevel[:0]
		for i := range s.dcNodes {
			if nd := &s.dcNodes[i]; nd.depth == dep && nd.hi-nd.lo <= par.dcParMax {
				level = append(level, i)
			}
		}
		s.dcLevel = level
		t.kind = dcMergeSmall
		if len(level) > 0 {
			// A merge of order N costs about N³/2 (its products).
			nd := &s.dcNodes[level[0]]
			N := nd.hi - nd.lo
			s.parFor(len(level), max(1, 2*par.grainWork/(N*N*N)), t)
		}
		for _, i := range level {
			if !s.dcNodes[i].ok {
				return false
			}
		}
		for i := range s.dcNodes {
			if nd := &s.dcNodes[i]; nd.depth == dep && nd.hi-nd.lo > par.dcParMax {
				if !s.merge(nd.lo, nd.mid, nd.hi, nd.beta, true, &s.msteps[i]) {
					return false
				}
			}
		}
	}
	return true
}

const (
	mergeSecular = iota
	mergeZhat
	mergeGather
	mergeSt
	mergeSave
	mergeRestore
	mergeProduct
)

// mergeGrain is the smallest number of roots, columns or rows per chunk.
const mergeGrain = 16

// mergeStep holds one merge's state after deflation: k roots of the secular
// equation, nd deflated rows.
type mergeStep[F flt] struct {
	s              *core[F]
	kind           int
	lo, N, k, nd   int
	n1, k1, k2     int
	rho, eps       float64
	dl, wl         []float64 // poles and their weights
	kr, dr         []int     // rows of the poles, of the deflated values
	lam, delta, zh []float64 // roots, dl − λ_i (k×k), recomputed z
	pos            []int     // grouped position of pole jj
	g2, dbuf       []F       // pole rows (grouped), deflated rows
	st             []F       // Sᵀ (k×k)
	prodChunk      [4]prodPart
	nprod          int
}

// prodPart is one product of Zᵀ_new = Sᵀ·G2, columns [c0, c1).
type prodPart struct{ which, c0, c1 int }

func (m *mergeStep[F]) rowOf(r int) []F {
	n := m.s.n
	return m.s.z[r*n+m.lo : r*n+m.lo+m.N]
}

// run runs phase kind over [0, cnt), split over the workers if inner. It
// returns false if a secular equation failed.
func (m *mergeStep[F]) run(kind, cnt int, inner bool) bool {
	m.kind = kind
	if inner {
		// Work per index: a secular equation costs about 10 passes over
		// the k poles, the other phases one pass over k or N entries.
		per := m.N
		if kind == mergeSecular {
			per = 10 * m.k
		}
		m.s.parFor(cnt, max(mergeGrain, par.grainWork/max(per, 1)), m)
	} else {
		m.RunRange(0, cnt, 0)
	}
	if kind == mergeSecular {
		for _, l := range m.lam {
			if math.IsNaN(l) {
				return false
			}
		}
	}
	return true
}

func (m *mergeStep[F]) RunRange(lo, hi, _ int) {
	k := m.k
	switch m.kind {
	case mergeSecular:
		for i := lo; i < hi; i++ {
			lmb, ok := secular(k, i, m.dl, m.wl, m.rho, m.delta[i*k:(i+1)*k], m.eps)
			if !ok {
				lmb = math.NaN()
			}
			m.lam[i] = lmb
		}
	case mergeZhat:
		m.zhat(lo, hi)
	case mergeGather:
		for jj := lo; jj < hi; jj++ {
			copy(m.g2[m.pos[jj]*m.N:(m.pos[jj]+1)*m.N], m.rowOf(m.kr[jj]))
		}
	case mergeSt:
		for i := lo; i < hi; i++ {
			// The row of δ is no longer needed: it becomes the row of
			// Sᵀ before normalisation.
			row := m.delta[i*k : (i+1)*k]
			zh := m.zh
			jj := 0
			for ; jj+2 <= k; jj += 2 {
				r := 1 / (row[jj] * row[jj+1])
				t0 := zh[jj] * (row[jj+1] * r)
				t1 := zh[jj+1] * (row[jj] * r)
				row[jj], row[jj+1] = t0, t1
			}
			if jj < k {
				row[jj] = zh[jj] / row[jj]
			}
			inv := 1 / nrm2(row)
			out := m.st[i*k : (i+1)*k]
			for jj, x := range row {
				out[m.pos[jj]] = F(x * inv)
			}
		}
	case mergeSave:
		for i := lo; i < hi; i++ {
			copy(m.dbuf[i*m.N:(i+1)*m.N], m.rowOf(m.dr[i]))
		}
	case mergeRestore:
		for i := lo; i < hi; i++ {
			copy(m.rowOf(m.lo+m.k+i), m.dbuf[i*m.N:(i+1)*m.N])
		}
	case mergeProduct:
		for c := lo; c < hi; c++ {
			p := m.prodChunk[c]
			m.gemmCols(p.which, p.c0, p.c1)
		}
	}
}

// zhat recomputes z (Gu–Eisenstat) for the columns [lo, hi). Roots are
// taken in pairs so that one division serves two factors (all factors lie
// between about ε² and 4 in magnitude); each column sees the same sequence
// of factors whatever the range.
func (m *mergeStep[F]) zhat(lo, hi int) {
	k, dl, delta, zh := m.k, m.dl, m.delta, m.zh
	for jj := lo; jj < hi; jj++ {
		zh[jj] = delta[jj*k+jj]
	}
	i := 0
	for ; i+2 <= k; i += 2 {
		r0 := delta[i*k : (i+1)*k]
		r1 := delta[(i+1)*k : (i+2)*k]
		d0, d1 := dl[i], dl[i+1]
		for jj := lo; jj < min(hi, i); jj++ {
			zh[jj] *= (r0[jj] * r1[jj]) / ((dl[jj] - d0) * (dl[jj] - d1))
		}
		if i >= lo && i < hi {
			zh[i] *= r1[i] / (d0 - d1)
		}
		if i+1 >= lo && i+1 < hi {
			zh[i+1] *= r0[i+1] / (d1 - d0)
		}
		for jj := max(lo, i+2); jj < hi; jj++ {
			zh[jj] *= (r0[jj] * r1[jj]) / ((dl[jj] - d0) * (dl[jj] - d1))
		}
	}
	if i < k {
		row := delta[i*k : (i+1)*k]
		di := dl[i]
		for jj := lo; jj < hi; jj++ {
			if jj != i {
				zh[jj] *= row[jj] / (dl[jj] - di)
			}
		}
	}
	for jj := lo; jj < hi; jj++ {
		zh[jj] = math.Copysign(math.Sqrt(-zh[jj]), m.wl[jj])
	}
}

// gemmCols computes columns [c0, c1) of product which of
// Zᵀ_new = Sᵀ·G2, exploiting the zero blocks of G2: product 0 is the
// first n1 columns (rows of types 1 and 2), product 1 the rest (types 2
// and 3).
func (m *mergeStep[F]) gemmCols(which, c0, c1 int) {
	s := m.s
	n, k, N := s.n, m.k, m.N
	out := s.z[m.lo*n+m.lo:]
	if which == 0 {
		gemm(blas.NoTrans, blas.NoTrans, k, c1-c0, m.k1+m.k2, 1, m.st, k, m.g2[c0:], N, 0, out[c0:], n)
		return
	}
	gemm(blas.NoTrans, blas.NoTrans, k, c1-c0, k-m.k1, 1, m.st[m.k1:], k, m.g2[m.k1*N+m.n1+c0:], N, 0, out[m.n1+c0:], n)
}

// product writes Zᵀ_new = Sᵀ·G2 into rows lo..lo+k−1. Inner merges call
// products of at least 2·gemmSerialMACs multiply-adds directly (the
// kernels split them) and split smaller ones into two column halves; the
// split depends only on the sizes.
func (m *mergeStep[F]) product(n1 int, inner bool) {
	m.n1 = n1
	cols := [2]int{n1, m.N - n1}
	macs := [2]int{m.k * n1 * (m.k1 + m.k2), m.k * (m.N - n1) * (m.k - m.k1)}
	m.nprod = 0
	for w := 0; w < 2; w++ {
		switch {
		case !inner || macs[w] < par.prodSplit:
			m.gemmCols(w, 0, cols[w])
		case macs[w] >= 2*gemmSerialMACs:
			m.gemmCols(w, 0, cols[w])
		default:
			h := cols[w] / 2
			m.prodChunk[m.nprod] = prodPart{w, 0, h}
			m.prodChunk[m.nprod+1] = prodPart{w, h, cols[w]}
			m.nprod += 2
		}
	}
	if m.nprod > 0 {
		m.kind = mergeProduct
		m.s.parFor(m.nprod, 1, m)
	}
}
