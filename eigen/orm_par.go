package eigen

import (
	"runtime"

	"gonum.org/v1/gonum/blas"
)

// Parallel back-transformation V = Q·Z. The compact-WY factors of all
// reflector blocks (Yᵀ and T, dlarft) are formed first, one block per
// chunk; then the columns of V are cut into chunks whose width depends only
// on n, and each chunk transposes its columns out of Zᵀ and applies every
// block to them with three GEMMs, all of them below gemmSerialMACs. Columns
// are independent, so one parallel call does the whole back-transformation
// and the result does not depend on the number of threads.

const (
	ormPrep = iota
	ormApply
)

type ormTask[F flt] struct {
	s     *core[F]
	kind  int
	n     int
	nblk  int // reflector blocks
	nc, w int // column chunks and their width
}

// ormChunks returns the number of column chunks (a power of two ≥ 2) and
// their width (a multiple of 8, at most 128: enough chunks to balance) for
// order n.
func ormChunks(n int) (nc, w int) {
	nc = 2
	for {
		w = ((n+nc-1)/nc + 7) / 8 * 8
		if ormNB*w*n <= gemmSerialMACs && w <= 128 || w <= 8 {
			return nc, w
		}
		nc *= 2
	}
}

// backTransform writes V = Q·Z into s.v from Zᵀ in s.z. On one thread
// (GOMAXPROCS = 1) it applies each reflector block to all columns at once
// (ormtr): the same products per column as the chunks (a GEMM's column does
// not depend on the others; TestParallelDeterministic compares the bits),
// without packing each block's Yᵀ once per chunk. A serial solver on more
// threads (SetSerial) keeps the chunks: their products are small enough to
// stay on the calling goroutine.
func (s *core[F]) backTransform(n int) {
	v, z := s.v[:n*n], s.z[:n*n]
	nc, w := ormChunks(n)
	if n < max(par.ormMin, ormMin) || ormNB*w*n > gemmSerialMACs || runtime.GOMAXPROCS(0) == 1 {
		transpose(n, z, v)
		s.ormtr(n, v, n)
		return
	}
	t := &s.ormT
	t.s, t.n = s, n
	t.nblk = (n - 1 + ormNB - 1) / ormNB
	t.nc, t.w = nc, w
	t.kind = ormPrep
	s.parFor(t.nblk, 1, t)
	t.kind = ormApply
	s.parFor(t.nc, 1, t)
}

// block returns reflector block b: its first reflector r0, its size nb, the
// length L of its vectors, Yᵀ (nb×L) and T (nb×nb).
func (t *ormTask[F]) block(b int) (r0, nb, L int, yt, tm []F) {
	n := t.n
	r0 = 1 + b*ormNB
	r1 := min(n, r0+ormNB)
	nb, L = r1-r0, r1-1
	// Block b's Yᵀ starts at b·ormNB·n: the last one ends by
	// (n−1)² + n ≤ n².
	yt = t.s.mg[b*ormNB*n : b*ormNB*n+nb*L]
	tm = t.s.mst[b*ormNB*ormNB : b*ormNB*ormNB+nb*nb]
	return
}

func (t *ormTask[F]) RunRange(lo, hi, _ int) {
	for i := lo; i < hi; i++ {
		if t.kind == ormPrep {
			t.prep(i)
		} else {
			t.apply(i)
		}
	}
}

// prep forms Yᵀ (row t = v of reflector r0+t, zero-padded) and the upper
// triangular T (forward columnwise dlarft) with
// H_{r0}···H_{r1−1} = I − Y·T·Yᵀ.
func (t *ormTask[F]) prep(b int) {
	s := t.s
	a, lda := s.a, t.n
	r0, nb, L, yt, tm := t.block(b)
	for q := 0; q < nb; q++ {
		r := r0 + q
		yr := yt[q*L : (q+1)*L]
		copy(yr, a[r*lda:r*lda+r-1])
		yr[r-1] = 1
		clear(yr[r:])
	}
	clear(tm)
	for i := 0; i < nb; i++ {
		taui := s.tau[r0+i-1]
		tm[i*nb+i] = taui
		if i == 0 {
			continue
		}
		yi := yt[i*L : i*L+r0+i]
		// Column i of T holds tmp first: tmp[j] = −τ_i·y_jᵀy_i.
		for j := 0; j < i; j++ {
			tm[j*nb+i] = -taui * dot(yt[j*L:j*L+r0+j], yi)
		}
		// T[0:i, i] = T[0:i,0:i]·tmp (upper triangular), top down: row j
		// reads tmp[j..i−1], which rows above have not overwritten.
		for j := 0; j < i; j++ {
			var sum F
			for l := j; l < i; l++ {
				sum += tm[j*nb+l] * tm[l*nb+i]
			}
			tm[j*nb+i] = sum
		}
	}
}

// apply computes the columns [c·w, (c+1)·w) of V.
func (t *ormTask[F]) apply(c int) {
	s := t.s
	n := t.n
	c0 := c * t.w
	c1 := min(n, c0+t.w)
	if c0 >= c1 {
		return
	}
	w := c1 - c0
	v, z := s.v, s.z
	// V[:, c0:c1] = (Zᵀ[c0:c1, :])ᵀ.
	const bs = 32
	for j0 := 0; j0 < n; j0 += bs {
		j1 := min(n, j0+bs)
		for i := c0; i < c1; i++ {
			for j, x := range z[i*n+j0 : i*n+j1] {
				v[(j0+j)*n+i] = x
			}
		}
	}
	x1, x2 := s.x1[ormNB*c0:ormNB*c1], s.x2[ormNB*c0:ormNB*c1]
	vc := v[c0:]
	for b := 0; b < t.nblk; b++ {
		_, nb, L, yt, tm := t.block(b)
		// C[0:L,:] ← (I − Y·Tᵀ·Yᵀ)·C[0:L,:] on this chunk's columns.
		gemm(blas.NoTrans, blas.NoTrans, nb, w, L, 1, yt, L, vc, n, 0, x1, w)
		gemm(blas.Trans, blas.NoTrans, nb, w, nb, 1, tm, nb, x1, w, 0, x2, w)
		gemm(blas.Trans, blas.NoTrans, L, w, nb, -1, yt, L, x2, w, 1, vc, n)
	}
}
