package kernels

import "runtime"

// Sequences of plane rotations applied to the row pairs of a matrix: LAPACK's
// dlasr with side = 'L', pivot = 'V' (variable pivot), for a row-major matrix,
// where a row pair is contiguous in memory. The bidiagonal QR iteration of
// the SVD (dbdsqr) spends most of its time here.
//
// The assembly kernels (AVX-512 and AVX2: kernels/amd64, NEON:
// kernels/arm64, generators _genrot) take the matrix in column blocks and
// run all rotations over a block with the carried row in registers, so that
// each element is loaded and stored once per call; the generic path uses
// the Go twin rotseqRef. Columns are independent, so
// large calls split the columns between the persistent workers (in units of
// whole kernel blocks); every element is computed by the same operations
// whatever the split, so results do not depend on GOMAXPROCS.

// shortS is the panic message for a slice of sines shorter than the number of
// rotations (shortC serves the cosines).
const shortS = "kernels: insufficient length of s"

// Drotseq applies the plane rotations G_j = [c[j] s[j]; −s[j] c[j]],
// j = 0 … m−2, to the row pairs (j, j+1) of the m×n row-major matrix a
// (element (i, k) at a[i*lda+k]):
//
//	a_j, a_{j+1} ← c[j]·a_j + s[j]·a_{j+1},  c[j]·a_{j+1} − s[j]·a_j
//
// in the order j = 0, 1, …, m−2 (backward = false; LAPACK dlasr 'L','V','F')
// or j = m−2, …, 0 (backward = true; dlasr 'L','V','B'). A rotation with
// c[j] = 1 and s[j] = 0 is skipped (its rows are not read), as in LAPACK.
//
// It panics if m < 0, n < 0, lda < max(1, n), or, when m, n > 0, if
// len(c) or len(s) < m−1 or len(a) < (m−1)·lda + n. Nothing past those
// lengths is read or written. The assembly paths use fused multiply-adds, so
// results agree with the plain arithmetic above to rounding, not bitwise.
func Drotseq(backward bool, m, n int, c, s, a []float64, lda int) {
	if checkRotseq(m, n, len(c), len(s), len(a), lda) {
		rotseq(backward, m, n, c, s, a, lda)
	}
}

// Srotseq is Drotseq for float32.
func Srotseq(backward bool, m, n int, c, s, a []float32, lda int) {
	if checkRotseq(m, n, len(c), len(s), len(a), lda) {
		rotseq(backward, m, n, c, s, a, lda)
	}
}

// checkRotseq panics on bad arguments (in dlasr's order, as gonum checks
// them) and reports whether there is anything to do (m > 1, n > 0).
func checkRotseq(m, n, lc, ls, la, lda int) bool {
	switch {
	case m < 0:
		panic(mLT0)
	case n < 0:
		panic(nLT0)
	case lda < max(1, n):
		panic(badLdA)
	}
	if m == 0 || n == 0 {
		return false
	}
	switch {
	case lc < m-1:
		panic(shortC)
	case ls < m-1:
		panic(shortS)
	case la < (m-1)*lda+n:
		panic(shortA)
	}
	return m > 1
}

// rotseqUnit is the column unit of the parallel split: whole blocks of the
// assembly kernels (64 float64s or 128 float32s), so that only the last
// chunk has a partial block.
const rotseqUnit = 128

// rotseqParMin is the parallel threshold: the columns are split between
// workers only when each gets at least rotseqParMin element rotations
// ((m−1)·columns; about 20 µs on one AVX-512 core: below twice that,
// splitting gained nothing measurable on a two-core Zen 5). It is a variable only
// so that tests can force the split on small problems.
var rotseqParMin = 1 << 18

// rotseq runs a checked call with m > 1, n > 0: the path's kernel, on the
// whole matrix or on column chunks in parallel.
func rotseq[T float](backward bool, m, n int, c, s, a []T, lda int) {
	k := rotseqOf[T]()
	units := (n + rotseqUnit - 1) / rotseqUnit
	work := float64(m-1) * float64(n)
	if units < 2 || runtime.GOMAXPROCS(0) < 2 || work < 2*float64(rotseqParMin) {
		k(backward, m, n, c, s, a, lda)
		return
	}
	j := idleRotseqJobs[T]().get()
	*j = rotseqJob[T]{k: k, backward: backward, m: m, n: n, c: c, s: s, a: a, lda: lda}
	ParallelFor(units, (rotseqParMin+(m-1)*rotseqUnit-1)/((m-1)*rotseqUnit), j)
	*j = rotseqJob[T]{} // drop references to the caller's slices
	idleRotseqJobs[T]().put(j)
}

// rotseqJob is one parallel call: RunRange applies the rotations to the
// columns of units [lo, hi).
type rotseqJob[T float] struct {
	k        rotseqKernel[T]
	backward bool
	m, n     int
	c, s, a  []T
	lda      int
}

func (j *rotseqJob[T]) RunRange(lo, hi, _ int) {
	c0, c1 := lo*rotseqUnit, min(hi*rotseqUnit, j.n)
	j.k(j.backward, j.m, c1-c0, j.c, j.s, j.a[c0:], j.lda)
}

var (
	idleRotseqJobsS freeList[rotseqJob[float32]]
	idleRotseqJobsD freeList[rotseqJob[float64]]
)

func idleRotseqJobs[T float]() *freeList[rotseqJob[T]] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&idleRotseqJobsS).(*freeList[rotseqJob[T]])
	}
	return any(&idleRotseqJobsD).(*freeList[rotseqJob[T]])
}

// rotseqKernel is the contract of Drotseq and Srotseq with valid arguments.
type rotseqKernel[T float] func(backward bool, m, n int, c, s, a []T, lda int)

// rotseqEntry holds the rotation-sequence kernels of one dispatch path.
type rotseqEntry struct {
	p *isa
	s rotseqKernel[float32]
	d rotseqKernel[float64]
}

// rotseqTable lists the paths with their own rotation-sequence kernels (set
// at init by the architecture's file, read-only afterwards); the others use
// rotseqRef.
var rotseqTable []rotseqEntry

// rotseqOf returns T's rotation-sequence kernel on the path in use.
func rotseqOf[T float]() rotseqKernel[T] {
	var z T
	_, f32 := any(z).(float32)
	for i := range rotseqTable {
		if rotseqTable[i].p == cur {
			if f32 {
				return any(rotseqTable[i].s).(rotseqKernel[T])
			}
			return any(rotseqTable[i].d).(rotseqKernel[T])
		}
	}
	if f32 {
		return any(rotseqRefS).(rotseqKernel[T])
	}
	return any(rotseqRefD).(rotseqKernel[T])
}

// rotseqRefS and rotseqRefD are the instances of rotseqRef the paths without
// their own kernels run (one function value each, so that tests can
// identify them).
var (
	rotseqRefS rotseqKernel[float32] = rotseqRef[float32]
	rotseqRefD rotseqKernel[float64] = rotseqRef[float64]
)

// rotseqRef is the Go twin of the rotation-sequence kernels and the kernel of
// the paths without one: Drotseq's contract for valid arguments, one row
// pair at a time,
//
//	x, y := a[j*lda+k], a[(j+1)*lda+k]
//	a[j*lda+k], a[(j+1)*lda+k] = c[j]*x + s[j]*y, c[j]*y - s[j]*x
//
// for k < n, rotations with c[j] == 1 && s[j] == 0 skipped.
func rotseqRef[T float](backward bool, m, n int, c, s, a []T, lda int) {
	if m <= 1 || n == 0 {
		return
	}
	rot := func(j int) {
		cj, sj := c[j], s[j]
		if cj == 1 && sj == 0 {
			return
		}
		x := a[j*lda : j*lda+n]
		y := a[(j+1)*lda : (j+1)*lda+n]
		for k, xv := range x {
			yv := y[k]
			x[k], y[k] = cj*xv+sj*yv, cj*yv-sj*xv
		}
	}
	if backward {
		for j := m - 2; j >= 0; j-- {
			rot(j)
		}
		return
	}
	for j := 0; j < m-1; j++ {
		rot(j)
	}
}
